"""The daily digest and the deadline reminder as e-mail text, in the person's language:
what waits for them (``store.read.notifications.Waiting``), each item with its link
into the workbench."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rightsguard.i18n import translate
from rightsguard.store.read.notifications import Item, Waiting

#: (what the list is, its heading's UI key, the item's path in the workbench)
SECTIONS = (
    ("to_approve", "note.approve", "/actions/{id}"),
    ("to_send", "note.send", "/actions/{id}"),
    ("ready", "note.ready", "/targets/{id}"),
    ("due", "note.due", "/cases/{case_id}"),
)


@dataclass(frozen=True)
class Letter:
    subject: str
    text: str


def _line(item: Item, path: str, base: str, lang: str) -> str:
    link = base.rstrip("/") + path.format(id=item.id, case_id=item.case_id) if base else ""
    due = f"{translate('digest.due_on', lang)} {item.due.isoformat()} · " if item.due else ""
    case = f" ({translate('digest.case', lang)} {item.case_id}: {item.case_title})"
    return f"  - {due}{item.label}{case}" + (f"\n    {link}" if link else "")


def digest_text(
    waiting: Waiting, *, name: str, lang: str, day: date, base: str = "", reminder: bool = False
) -> Letter:
    """The digest (or, ``reminder``, only its deadlines) for one person."""
    t = lambda key: translate(key, lang)  # noqa: E731
    lines = [t("digest.hello").format(name=name, day=day.isoformat()), ""]
    for attr, heading, path in SECTIONS:
        items: list[Item] = getattr(waiting, attr)
        if not items or (reminder and attr != "due"):
            continue
        lines.append(f"{t(heading)} ({len(items)}):")
        lines.extend(_line(i, path, base, lang) for i in items)
        lines.append("")
    if base:
        lines.append(f"{t('digest.open')} {base.rstrip('/')}/queue")
    subject = t("digest.reminder" if reminder else "digest.subject") + f" · {day.isoformat()}"
    return Letter(subject, "\n".join(lines).rstrip() + "\n")
