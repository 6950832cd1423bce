"""E-mail to the team: each person's daily digest and deadline reminders, over the
workspace's SMTP settings, in the person's language (their own, else the
workspace's).

Every item goes to a person at most once a day: the digest once, each deadline once
(a digest that lists a deadline counts as its reminder). Running either again the
same day sends nothing new; the CLI (``rightsguard notify``) and the background task
``notify.digest`` both run through here, so they may be scheduled freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from email.utils import make_msgid

from rightsguard.actions.drafting import COUNSEL_ONLY
from rightsguard.actions.errors import DispatchFailed
from rightsguard.actions.mail import SmtpConfig, SmtpSession, build_message
from rightsguard.report.digest import digest_text
from rightsguard.store import Store
from rightsguard.store import reminders as sent_log
from rightsguard.store.models import UserRow
from rightsguard.store.read.notifications import Waiting, people, waiting_for
from rightsguard.workspace import Workspace

DIGEST = "digest"
DEADLINE = "deadline"


@dataclass
class Mailed:
    username: str
    email: str
    lang: str
    subject: str
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class NotifyReport:
    sent: list[Mailed] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (username, why)


def _smtp(ws: Workspace) -> SmtpConfig:
    s = ws.settings
    return SmtpConfig.from_settings(
        s.smtp_url, s.smtp_from, s.smtp_ca_file, float(s.smtp_timeout_seconds), ws.root
    )


def _counts(w: Waiting) -> dict[str, int]:
    return {
        "to_approve": len(w.to_approve),
        "to_send": len(w.to_send),
        "ready": len(w.ready),
        "due": len(w.due),
    }


def notify(
    ws: Workspace,
    st: Store,
    *,
    today: date,
    reminders_only: bool = False,
    users: list[str] | None = None,
    base_url: str = "",
    days: int = 7,
) -> NotifyReport:
    """Send each person (active, with an e-mail address; only ``users`` when named) the
    day's digest, or with ``reminders_only`` the deadlines not yet reminded today."""
    report = NotifyReport()
    config = _smtp(ws)
    with st.transaction() as session:
        found: list[UserRow] = people(session)
        chosen = [u for u in found if users is None or u.username in users]
        plans = []
        for user in chosen:
            waiting = waiting_for(
                session,
                user.username,
                user.role,
                counsel_only=COUNSEL_ONLY,
                today=today,
                days=days,
            )
            due_keys = [str(i.id) for i in waiting.due]
            reminded = sent_log.already_sent(session, user.username, DEADLINE, due_keys, today)
            waiting.due = [i for i in waiting.due if str(i.id) not in reminded]
            digested = bool(sent_log.already_sent(session, user.username, DIGEST, ["daily"], today))
            plans.append(
                (user.username, user.email, user.display_name, user.language, waiting, digested)
            )
    missing = set(users or ()) - {u for u, *_ in plans}
    report.skipped.extend(
        (u, "no such active user with an e-mail address") for u in sorted(missing)
    )
    with SmtpSession(config) as smtp:
        for username, email, name, language, waiting, digested in plans:
            lang = language or str(ws.settings.language)
            if reminders_only and not waiting.due:
                report.skipped.append((username, "no deadline left to remind today"))
                continue
            if not reminders_only and digested and not waiting.due:
                report.skipped.append((username, "today's digest was already sent"))
                continue
            if not reminders_only and not digested and waiting.total == 0:
                report.skipped.append((username, "nothing waits"))
                continue
            reminder = reminders_only or digested
            letter = digest_text(
                waiting,
                name=name or username,
                lang=lang,
                day=today,
                base=base_url,
                reminder=reminder,
            )
            # Recorded first, in its own transaction: a second run that races this
            # one finds the items taken and sends nothing.
            keys = [(DEADLINE, str(i.id)) for i in waiting.due]
            if not reminder:
                keys.append((DIGEST, "daily"))
            with st.transaction() as session:
                taken = sent_log.mark_sent(session, username, keys, today)
            if not taken:
                report.skipped.append((username, "another run is sending it"))
                continue
            message = build_message(
                config,
                to=email,
                subject=letter.subject,
                text=letter.text,
                html=f"<pre>{_escape(letter.text)}</pre>",
                message_id=make_msgid("digest", domain="rightsguard.invalid"),
                attachments=[],
            )
            try:
                smtp.send(message)
            except DispatchFailed as exc:
                with st.transaction() as session:
                    sent_log.unmark(session, username, keys, today)
                report.skipped.append((username, f"not sent: {exc.message}"))
                continue
            report.sent.append(Mailed(username, email, lang, letter.subject, _counts(waiting)))
    return report


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
