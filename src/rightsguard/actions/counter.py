"""What a reply to a counter-notice says about dates and filings (pure functions).

- ``filing``: where the holder went after the counter-notice: a court it sued in
  (a name with 法院 or "court", or ``--fact filing_kind=court``) or an authority it
  complained to; the sentence differs ("sued in …" / "complained to …").
- ``reply_law``: the law of the notice's channel on what happens after a
  counter-notice, and the last day a filing can keep the links down where the law
  sets one (E-Commerce Law Art. 43: 15 days from the declaration reaching the holder).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rightsguard.domain.errors import InvalidValue

FILING_KINDS = ("court", "authority")

#: per channel: (zh, en) of the law, and the days from the declaration's arrival
REPLY_LAW: dict[str, tuple[str, str, int | None]] = {
    "ecommerce": (
        "《中华人民共和国电子商务法》第四十三条",
        "Article 43 of the PRC E-Commerce Law",
        15,
    ),
    "civil_code": (
        "《中华人民共和国民法典》第一千一百九十六条",
        "Article 1196 of the PRC Civil Code",
        None,
    ),
}


def filing(facts: Mapping[str, Any]) -> dict[str, str] | None:
    """The court or authority named in ``filed_with``, and which of the two it is."""
    name = str(facts.get("filed_with") or "").strip()
    if not name:
        return None
    kind = str(facts.get("filing_kind") or "").strip()
    if kind and kind not in FILING_KINDS:
        raise InvalidValue("--fact filing_kind", f"{kind!r} is not one of court, authority")
    if not kind:
        kind = "court" if ("法院" in name or "court" in name.lower()) else "authority"
    return {"kind": kind, "name": name}


def reply_law(channel: str | None, arrived_on: str | None) -> dict[str, Any]:
    """The law applying after the counter-notice and the last day it allows, if any."""
    zh, en, days = REPLY_LAW.get(channel or "", REPLY_LAW["ecommerce"])
    last = None
    if arrived_on and days is not None:
        last = (date.fromisoformat(arrived_on) + timedelta(days=days)).isoformat()
    return {"zh": zh, "en": en, "days": days, "last_day": last}


def counter_context(facts: Mapping[str, Any], recorded: Mapping[str, Any] | None) -> dict[str, Any]:
    """The counter-notice as recorded on the notice (``act record``), a date given as
    ``--fact counter_notice_on=YYYY-MM-DD`` taking precedence, with the filing."""
    recorded = dict(recorded or {})
    given = str(facts.get("counter_notice_on") or "").strip()
    if given:
        try:
            recorded["on"] = date.fromisoformat(given).isoformat()
        except ValueError:
            raise InvalidValue(
                "--fact counter_notice_on", f"{given!r} is not a date (YYYY-MM-DD)"
            ) from None
    on = recorded.get("on")
    return {
        **recorded,
        "filing": filing(facts),
        "law": reply_law(recorded.get("channel"), on),
    }
