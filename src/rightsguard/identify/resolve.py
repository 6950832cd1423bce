"""Entity resolution: cluster targets into infringer parties from their observables.

Links are weighted by kind:

* **strong** (merge on their own): the same e-mail, USCC, ICP filing, public-security
  filing, analytics ID, phone, messenger handle, payment account, marketplace
  shop/seller, non-private registrant, or a certificate naming few hosts;
* **medium** (two different medium kinds between the same clusters merge): company
  name, postal address, favicon hash;
* **weak** (never merge, only reported): a shared IP (shared hosting), ASN, registrar,
  name server, a privacy-proxied registrant, a certificate shared by many hosts.

Observables marked ``owner = "platform"`` (a marketplace's own footer) are ignored:
the marketplace is a provider, not the seller. Manual decisions are constraints:
``must_link`` groups are joined first, ``cannot_link`` pairs of groups are never joined.

Linear in the number of observables (a union-find with path halving); no pairwise
comparisons except among the few targets sharing a medium value.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rightsguard.domain.enums import ObservableKind as K

STRONG = frozenset(
    {
        K.EMAIL,
        K.USCC,
        K.ICP_NUMBER,
        K.PSB_NUMBER,
        K.ANALYTICS_ID,
        K.PHONE,
        K.MESSENGER_HANDLE,
        K.PAYMENT_ACCOUNT,
        K.SHOP_ID,
        K.REGISTRANT,
        K.CERT_FINGERPRINT,
    }
)
MEDIUM = frozenset({K.COMPANY_NAME, K.POSTAL_ADDRESS, K.FAVICON_HASH})
WEAK = frozenset({K.IP, K.ASN, K.REGISTRAR})
MEDIUM_CAP = 200  # targets remembered per medium/weak value

_NAMES = {
    K.EMAIL: "e-mail",
    K.USCC: "Unified Social Credit Code",
    K.ICP_NUMBER: "ICP filing",
    K.PSB_NUMBER: "public-security filing",
    K.PHONE: "phone number",
    K.MESSENGER_HANDLE: "handle",
    K.PAYMENT_ACCOUNT: "payment account",
    K.SHOP_ID: "marketplace shop",
    K.REGISTRANT: "registrant",
    K.CERT_FINGERPRINT: "TLS certificate",
    K.COMPANY_NAME: "company name",
    K.POSTAL_ADDRESS: "postal address",
    K.FAVICON_HASH: "favicon hash",
    K.IP: "IP address",
    K.ASN: "network (ASN)",
    K.REGISTRAR: "registrar",
}
_SUBTYPES = {
    "baidu_tongji": "Baidu Tongji ID",
    "google_ua": "Google Analytics ID",
    "google_ga4": "Google Analytics 4 ID",
    "google_gtm": "Google Tag Manager ID",
    "cnzz": "CNZZ/Umeng ID",
    "facebook_pixel": "Facebook pixel",
    "wechat": "WeChat ID",
    "qq": "QQ number",
}


def strength(kind: K, detail: dict[str, Any] | None = None) -> str | None:
    """``strong`` / ``medium`` / ``weak``, or ``None`` when the observable must not link."""
    detail = detail or {}
    if detail.get("owner") == "platform":
        return None
    if detail.get("privacy") or detail.get("shared"):
        return "weak"
    if kind in STRONG:
        return "strong"
    if kind in MEDIUM:
        return "medium"
    if kind in WEAK:
        return "weak"
    return None


def describe(kind: K | str, value: str) -> str:
    """``same Baidu Tongji ID 8dbef910…`` for a link."""
    kind = K(kind)
    subtype, _, bare = value.partition(":") if ":" in value else ("", "", value)
    if kind is K.SHOP_ID:
        platform, _, rest = value.partition(":")
        return f"same {platform} {rest.replace(':', ' ')}"
    label = _SUBTYPES.get(subtype) if subtype else None
    if label is None:
        label, bare = _NAMES.get(kind, kind.value), value
    limit = 16 if bare.isalnum() and kind is K.ANALYTICS_ID else 48
    shown = bare if len(bare) <= limit else bare[:limit] + "…"
    return f"same {label} {shown}"


@dataclass(frozen=True, slots=True)
class Link:
    kind: str
    value: str
    strength: str
    targets: int
    text: str

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "strength": self.strength,
            "targets": self.targets,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Cluster:
    targets: tuple[int, ...]
    links: tuple[Link, ...] = ()
    weak_links: tuple[Link, ...] = ()
    label: str = ""
    names: tuple[str, ...] = field(default=())


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.tags: dict[int, set[str]] = {}

    def add(self, x: int) -> None:
        if x not in self.parent:
            self.parent[x] = x

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ta, tb = self.tags.get(ra), self.tags.get(rb)
        if ta and tb and _conflict(ta, tb):
            return False
        if ta is not None and tb is not None and len(ta) < len(tb):
            ra, rb, ta, tb = rb, ra, tb, ta
        self.parent[rb] = ra
        if tb:
            self.tags.setdefault(ra, set()).update(tb)
            self.tags.pop(rb, None)
        return True


def _conflict(a: set[str], b: set[str]) -> bool:
    """Tags ``split<n>:A`` and ``split<n>:B`` may not share a component."""
    for tag in a:
        rule, _, side = tag.rpartition(":")
        if f"{rule}:{'B' if side == 'A' else 'A'}" in b:
            return True
    return False


Row = tuple[int, str, str, dict[str, Any] | None]  # target_id, kind, value, detail


def resolve(
    rows: Iterable[Row],
    *,
    must_link: Sequence[Sequence[int]] = (),
    cannot_link: Sequence[tuple[Sequence[int], Sequence[int]]] = (),
    targets: Iterable[int] = (),
) -> list[Cluster]:
    """Cluster targets. ``rows`` may be a generator (read once)."""
    uf = _UnionFind()
    for i, (side_a, side_b) in enumerate(cannot_link):
        for side, ids in (("A", side_a), ("B", side_b)):
            for t in ids:
                uf.add(t)
                uf.tags.setdefault(uf.find(t), set()).add(f"split{i}:{side}")
    for t in targets:
        uf.add(t)
    first: dict[tuple[str, str], int] = {}
    count: Counter[tuple[str, str]] = Counter()
    seen_pairs: set[tuple[tuple[str, str], int]] = set()
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    strengths: dict[tuple[str, str], str] = {}
    names: dict[int, Counter[str]] = defaultdict(Counter)
    for target, kind_s, value, detail in rows:
        uf.add(target)
        try:
            kind = K(kind_s)
        except ValueError:
            continue
        if kind in (K.COMPANY_NAME, K.REGISTRANT) and not (detail or {}).get("owner"):
            names[target][value] += 1
        level = strength(kind, detail)
        if level is None:
            continue
        key = (kind_s, value)
        if (key, target) in seen_pairs:
            continue
        seen_pairs.add((key, target))
        count[key] += 1
        strengths.setdefault(key, level)
        if key not in first:
            first[key] = target
        elif level == "strong":
            uf.union(first[key], target)
        if level != "strong" and len(grouped[key]) < MEDIUM_CAP:
            grouped[key].append(target)
    del seen_pairs
    for group in must_link:
        group = list(group)
        for t in group:
            uf.add(t)
        for t in group[1:]:
            uf.union(group[0], t)
    # medium: two different medium kinds between the same two clusters merge them
    pair_kinds: dict[tuple[int, int], set[str]] = defaultdict(set)
    for key, members in grouped.items():
        if strengths[key] != "medium" or len(members) < 2:
            continue
        roots = sorted({uf.find(t) for t in members})
        for i in range(1, len(roots)):
            pair_kinds[(roots[0], roots[i])].add(key[0])
    for (a, b), kinds in pair_kinds.items():
        if len(kinds) >= 2:
            uf.union(a, b)
    # collect
    members_of: dict[int, list[int]] = defaultdict(list)
    for t in uf.parent:
        members_of[uf.find(t)].append(t)
    links_of: dict[int, list[Link]] = defaultdict(list)
    weak_of: dict[int, list[Link]] = defaultdict(list)
    for key, n in count.items():
        if n < 2:
            continue
        level = strengths[key]
        link = Link(key[0], key[1], level, n, describe(key[0], key[1]))
        if level == "strong":
            links_of[uf.find(first[key])].append(link)
        else:
            for root in {uf.find(t) for t in grouped[key]}:
                (links_of if level == "medium" else weak_of)[root].append(link)
    clusters = []
    for root, members in members_of.items():
        tally: Counter[str] = Counter()
        for t in members:
            tally.update(names.get(t, {}))
        top = tuple(n for n, _ in tally.most_common(3))
        clusters.append(
            Cluster(
                targets=tuple(sorted(members)),
                links=tuple(sorted(links_of.get(root, []), key=lambda x: (-x.targets, x.kind))),
                weak_links=tuple(sorted(weak_of.get(root, []), key=lambda x: (-x.targets, x.kind))),
                label=top[0] if top else "",
                names=top,
            )
        )
    clusters.sort(key=lambda c: c.targets[0])
    return clusters
