"""One registration record from RDAP JSON (RFC 9083) or WHOIS text (RFC 3912).

``parse_rdap(data)`` and ``parse_whois(text)`` never raise on odd input: they
return a :class:`Registration` with what could be read (possibly empty). Roles
are matched case-insensitively (real replies say ``"Registrant"``), entities are
searched recursively (the registrar's abuse contact sits inside the registrar
entity), jCard/vCard arrays are read defensively, and GDPR-era redactions
(``REDACTED FOR PRIVACY``, RFC 9537 ``redacted`` members) and privacy proxies are
flagged rather than taken for a registrant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

PRIVACY_MARKERS = (
    "redacted",
    "privacy",
    "data protected",
    "not disclosed",
    "withheld",
    "proxy",
    "whoisguard",
    "whois guard",
    "domains by proxy",
    "statutory masking",
    "gdpr",
    "contact privacy",
    "perfect privacy",
    "identity protect",
    "隐私",
    "保密",
    "not available",
    "please query the rdds",
    "please ask the registrar",
)


@dataclass(frozen=True, slots=True)
class Registration:
    object: str = "domain"  # domain | ip | asn
    name: str = ""  # domain name, network name or AS name
    handle: str = ""
    registrar: str = ""
    registrar_iana_id: str = ""
    registrant_name: str = ""
    registrant_org: str = ""
    registrant_email: str = ""
    registrant_country: str = ""
    registrant_province: str = ""
    privacy: bool = False
    privacy_reasons: tuple[str, ...] = ()
    redacted: tuple[str, ...] = ()
    created: date | None = None
    updated: date | None = None
    expires: date | None = None
    status: tuple[str, ...] = ()
    name_servers: tuple[str, ...] = ()
    abuse_email: str = ""
    abuse_phone: str = ""
    network: str = ""  # start - end, or CIDR
    country: str = ""
    owner: str = ""
    asn: str = ""
    referral: str = ""  # WHOIS server or RDAP URL that holds more
    source: str = ""  # "rdap" | "whois"
    server: str = ""
    evidence: tuple[str, ...] = ()  # SHA-256 of each raw reply kept in the blob store
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.registrar
            or self.registrant_name
            or self.registrant_org
            or self.created
            or self.name_servers
            or self.owner
            or self.network
        )

    def age_days(self, today: date | None = None) -> int | None:
        if self.created is None:
            return None
        return ((today or date.today()) - self.created).days

    def merged(self, more: Registration) -> Registration:
        """Fill this record's blanks from ``more`` (e.g. the registrar's fuller reply)."""
        values: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(more, name)
            if name == "evidence" or name in ("redacted", "privacy_reasons", "status"):
                values[name] = tuple(dict.fromkeys((*mine, *theirs)))
            elif name == "privacy":
                values[name] = mine or theirs
            elif name == "extra":
                values[name] = {**theirs, **mine}
            elif name in ("registrant_name", "registrant_org", "registrant_email") and theirs:
                values[name] = theirs  # the registrar's record is the fuller one
            else:
                values[name] = mine or theirs
        return replace(self, **values)


def looks_private(value: str) -> bool:
    low = value.lower()
    return any(marker in low for marker in PRIVACY_MARKERS)


def parse_date(value: object) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        for fmt in ("%d-%b-%Y", "%Y.%m.%d", "%Y/%m/%d", "%d.%m.%Y", "%Y%m%d"):
            try:
                return datetime.strptime(text.split()[0], fmt).date()
            except ValueError:
                continue
    except (ValueError, OverflowError):
        return None
    return None


def _s(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


# --- RDAP --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Contact:
    roles: tuple[str, ...]
    handle: str = ""
    fn: str = ""
    org: str = ""
    email: str = ""
    phone: str = ""
    country: str = ""
    region: str = ""
    iana_id: str = ""


def _vcard(entity: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    card = entity.get("vcardArray")
    if not (isinstance(card, list) and len(card) >= 2 and isinstance(card[1], list)):
        return out
    for prop in card[1]:
        if not (isinstance(prop, list) and len(prop) >= 4 and isinstance(prop[0], str)):
            continue
        name, params, _type, value = prop[0].lower(), prop[1], prop[2], prop[3]
        if name == "adr":
            label = params.get("label") if isinstance(params, dict) else None
            if isinstance(value, list) and len(value) >= 7:
                out.setdefault("region", _s(value[4]))
                out.setdefault("country", _s(value[6]) if isinstance(value[6], str) else "")
            if isinstance(params, dict) and isinstance(params.get("cc"), str):
                out.setdefault("country", params["cc"])
            if isinstance(label, str):
                out.setdefault("address", label)
            continue
        if isinstance(value, list):
            value = " ".join(v for v in value if isinstance(v, str))
        if not isinstance(value, str):
            continue
        if name == "tel":
            value = value.removeprefix("tel:")
        if name == "email":
            value = value.removeprefix("mailto:")
        out.setdefault(name, value.strip())
    return out


def _entities(obj: Any, depth: int = 0) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Every entity, nested ones too, with its parent entity."""
    if depth > 8 or not isinstance(obj, dict):
        return
    ents = obj.get("entities")
    if not isinstance(ents, list):
        return
    for ent in ents:
        if isinstance(ent, dict):
            yield ent, obj if depth else None
            yield from _entities(ent, depth + 1)


def _roles(entity: dict[str, Any]) -> tuple[str, ...]:
    roles = entity.get("roles")
    if not isinstance(roles, list):
        return ()
    return tuple(r.strip().lower() for r in roles if isinstance(r, str))


def _contact(entity: dict[str, Any]) -> Contact:
    card = _vcard(entity)
    iana = ""
    ids = entity.get("publicIds")
    if isinstance(ids, list):
        for pid in ids:
            if isinstance(pid, dict) and "iana" in _s(pid.get("type")).lower():
                iana = _s(pid.get("identifier"))
    return Contact(
        roles=_roles(entity),
        handle=_s(entity.get("handle")),
        fn=card.get("fn", ""),
        org=card.get("org", ""),
        email=card.get("email", ""),
        phone=card.get("tel", ""),
        country=card.get("country", ""),
        region=card.get("region", ""),
        iana_id=iana,
    )


def _events(data: dict[str, Any]) -> dict[str, date]:
    out: dict[str, date] = {}
    events = data.get("events")
    if isinstance(events, list):
        for ev in events:
            if isinstance(ev, dict):
                action = _s(ev.get("eventAction")).lower()
                when = parse_date(ev.get("eventDate"))
                if action and when:
                    out.setdefault(action, when)
    return out


def _redactions(data: dict[str, Any]) -> tuple[str, ...]:
    found = []
    red = data.get("redacted")
    if isinstance(red, list):
        for item in red:
            if isinstance(item, dict):
                name = item.get("name")
                if isinstance(name, dict):
                    found.append(_s(name.get("type")) or _s(name.get("description")))
    return tuple(f for f in found if f)


def parse_rdap(data: Any, *, server: str = "") -> Registration:
    """A registration record from an RDAP reply (domain, ip network or autnum)."""
    if not isinstance(data, dict):
        return Registration(source="rdap", server=server)
    cls = _s(data.get("objectClassName")).lower()
    obj = {"ip network": "ip", "autnum": "asn"}.get(cls, "domain")
    events = _events(data)
    status = data.get("status")
    nameservers = data.get("nameservers")
    ns: list[str] = []
    if isinstance(nameservers, list):
        for item in nameservers:
            if isinstance(item, dict) and _s(item.get("ldhName")):
                ns.append(_s(item.get("ldhName")).lower().rstrip("."))
    registrar = registrant = abuse = None
    owner_contact = None
    for ent, parent in _entities(data):
        contact = _contact(ent)
        roles = contact.roles
        if "registrar" in roles and registrar is None:
            registrar = contact
        if "registrant" in roles and registrant is None:
            registrant = contact
        if "abuse" in roles and (
            abuse is None or (parent is not None and "registrar" in _roles(parent))
        ):
            abuse = contact
        if (
            obj != "domain"
            and owner_contact is None
            and roles
            and set(roles) & {"registrant", "administrative"}
        ):
            owner_contact = contact
    redacted = list(_redactions(data))
    reasons = []
    r_name = registrant.fn if registrant else ""
    r_org = registrant.org if registrant else ""
    r_email = registrant.email if registrant else ""
    for label, value in (
        ("registrant name", r_name),
        ("registrant organization", r_org),
        ("registrant email", r_email),
    ):
        if value and looks_private(value):
            reasons.append(f"{label}: {value}")
    if redacted:
        reasons.append("redacted: " + ", ".join(redacted))
    remarks = data.get("remarks")
    if isinstance(remarks, list):
        for rem in remarks:
            if isinstance(rem, dict) and looks_private(_s(rem.get("title"))):
                reasons.append(f"remark: {_s(rem.get('title'))}")
    referral = ""
    links = data.get("links")
    if isinstance(links, list):
        for link in links:
            if (
                isinstance(link, dict)
                and _s(link.get("rel")).lower() == "related"
                and _s(link.get("href"))
            ) and ("rdap+json" in _s(link.get("type")) or "/domain/" in _s(link.get("href"))):
                referral = _s(link.get("href"))
                break
    network = ""
    if obj == "ip":
        start, end = _s(data.get("startAddress")), _s(data.get("endAddress"))
        cidrs = data.get("cidr0_cidrs")
        if isinstance(cidrs, list) and cidrs and isinstance(cidrs[0], dict):
            prefix = _s(cidrs[0].get("v4prefix")) or _s(cidrs[0].get("v6prefix"))
            if prefix:
                network = f"{prefix}/{cidrs[0].get('length')}"
        network = network or (f"{start} - {end}" if start else "")
    asn = ""
    if obj == "asn":
        first_as = data.get("startAutnum")
        asn = f"AS{first_as}" if isinstance(first_as, int) else ""
    private_values = {r_name, r_org, r_email} if reasons else set()
    return Registration(
        object=obj,
        name=_s(data.get("ldhName")).lower().rstrip(".") or _s(data.get("name")),
        handle=_s(data.get("handle")),
        registrar=(registrar.fn or registrar.org) if registrar else "",
        registrar_iana_id=registrar.iana_id if registrar else "",
        registrant_name="" if r_name in private_values and looks_private(r_name) else r_name,
        registrant_org="" if r_org and looks_private(r_org) and not _is_proxy(r_org) else r_org,
        registrant_email="" if r_email and looks_private(r_email) else r_email,
        registrant_country=registrant.country if registrant else "",
        registrant_province=registrant.region if registrant else "",
        privacy=bool(reasons),
        privacy_reasons=tuple(reasons),
        redacted=tuple(redacted),
        created=events.get("registration"),
        updated=events.get("last changed"),
        expires=events.get("expiration"),
        status=tuple(s.strip() for s in status if isinstance(s, str))
        if isinstance(status, list)
        else (),
        name_servers=tuple(ns),
        abuse_email=abuse.email if abuse else "",
        abuse_phone=abuse.phone if abuse else "",
        network=network,
        country=_s(data.get("country")),
        owner=(owner_contact.org or owner_contact.fn) if owner_contact else "",
        asn=asn,
        referral=referral,
        source="rdap",
        server=server,
    )


def _is_proxy(org: str) -> bool:
    """A privacy service named as registrant organisation: keep its name (it can be noticed)."""
    low = org.lower()
    return ("privacy" in low or "proxy" in low) and "redacted" not in low


# --- WHOIS -----------------------------------------------------------------------------

_WHOIS_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("domain name", "domain"),
    "registrar": ("registrar", "sponsoring registrar", "registrar name", "registrar organization"),
    "registrar_iana_id": ("registrar iana id",),
    "registrant_name": ("registrant name", "registrant", "registrant contact name"),
    "registrant_org": (
        "registrant organization",
        "registrant organisation",
        "registrant org",
        "registrant company",
    ),
    "registrant_email": (
        "registrant contact email",
        "registrant email",
        "registrant e-mail",
        "registrant contact e-mail",
    ),
    "registrant_country": ("registrant country", "registrant country/economy"),
    "registrant_province": ("registrant state/province", "registrant province", "registrant state"),
    "created": (
        "creation date",
        "registration time",
        "created",
        "registered on",
        "domain registration date",
        "registered",
        "created on",
    ),
    "updated": ("updated date", "last updated", "last-modified", "changed", "last modified"),
    "expires": (
        "registry expiry date",
        "expiration time",
        "expiration date",
        "expiry date",
        "registrar registration expiration date",
        "expires on",
        "paid-till",
    ),
    "abuse_email": (
        "registrar abuse contact email",
        "abuse email",
        "orgabuseemail",
        "abuse-mailbox",
    ),
    "abuse_phone": ("registrar abuse contact phone", "orgabusephone"),
    "referral": ("registrar whois server", "whois server", "refer", "referralserver", "whois"),
    "owner": ("orgname", "org-name", "owner", "descr"),
    "network": ("netrange", "inetnum", "cidr", "inet6num"),
    "country": ("country",),
    "asn": ("originas", "origin", "aut-num"),
}
_KEY_TO_FIELD = {k: f for f, keys in _WHOIS_KEYS.items() for k in keys}
_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 /_.()-]{0,60}?)\s*:\s*(.*?)\s*$")
NO_MATCH = re.compile(
    r"no match|not found|no matching record|no data found|no entries found|"
    r"domain not found|status:\s*free|is available",
    re.IGNORECASE,
)


def parse_whois(text: Any, *, server: str = "") -> Registration:
    """A registration record from a WHOIS reply (thin, thick or CNNIC style)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return Registration(source="whois", server=server)
    values: dict[str, str] = {}
    status: list[str] = []
    ns: list[str] = []
    for line in text.splitlines()[:5000]:
        if line.lstrip().startswith(("%", "#", ">>>")):
            continue
        m = _LINE.match(line)
        if not m:
            continue
        key, value = m.group(1).strip().lower(), m.group(2).strip()
        if not value:
            continue
        if key in ("domain status", "status", "state"):
            status.append(value.split()[0])
            continue
        if key in ("name server", "nserver", "name servers", "nameserver", "dns"):
            ns.append(value.split()[0].lower().rstrip("."))
            continue
        fld = _KEY_TO_FIELD.get(key)
        if fld and fld not in values:
            values[fld] = value
    reasons = [
        f"{k.replace('_', ' ')}: {values[k]}"
        for k in ("registrant_name", "registrant_org", "registrant_email")
        if k in values and looks_private(values[k])
    ]
    name = values.get("registrant_name", "")
    org = values.get("registrant_org", "")
    if name and not org and re.search(r"(公司|商行|集团|Ltd|Limited|Inc|LLC|GmbH)", name):
        org = name  # CNNIC: "Registrant:" holds the holder, often a company
    referral = values.get("referral", "")
    referral = re.sub(r"^(?:whois|rwhois)://", "", referral).strip().rstrip("/")
    email = values.get("registrant_email", "")
    return Registration(
        object="ip" if "network" in values else "domain",
        name=values.get("name", "").lower(),
        registrar=values.get("registrar", ""),
        registrar_iana_id=values.get("registrar_iana_id", ""),
        registrant_name="" if looks_private(name) else name,
        registrant_org="" if org and looks_private(org) and not _is_proxy(org) else org,
        registrant_email="" if looks_private(email) or "@" not in email else email,
        registrant_country=values.get("registrant_country", ""),
        registrant_province=values.get("registrant_province", ""),
        privacy=bool(reasons),
        privacy_reasons=tuple(reasons),
        created=parse_date(values.get("created")),
        updated=parse_date(values.get("updated")),
        expires=parse_date(values.get("expires")),
        status=tuple(dict.fromkeys(status)),
        name_servers=tuple(dict.fromkeys(ns)),
        abuse_email=values.get("abuse_email", ""),
        abuse_phone=values.get("abuse_phone", ""),
        network=values.get("network", ""),
        country=values.get("country", ""),
        owner=values.get("owner", ""),
        asn=values.get("asn", ""),
        referral=referral if "." in referral else "",
        source="whois",
        server=server,
        extra={"no_match": True} if not values and NO_MATCH.search(text) else {},
    )
