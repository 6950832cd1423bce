"""Punitive damages: which law grants them for the case's rights.

Civil Code Art. 1185 grants punitive damages for intentional, serious
infringement of IP rights; each IP law sets the 1-5x multiple for its right
(Trademark Law Art. 63; Copyright Law Art. 54 and Patent Law Art. 71, both as
amended in 2020 and in force since 2021-06-01); the SPC Interpretation Fa Shi
[2021] No. 4 (in force 2021-03-03) says how intent and seriousness are found.
The Anti-Unfair Competition Law's punitive-damages article in its 2025 text is
unverified, so trade names carry it without a number.

Public surface: :func:`punitive_bases`, :func:`punitive_text`.
"""

from __future__ import annotations

from rightsguard.domain.enums import RightKind
from rightsguard.playbook.facts import CaseFacts
from rightsguard.playbook.text import Text, t

# (zh, en) citation per right kind, in the order they are shown
_BY_KIND: dict[RightKind, tuple[str, str]] = {
    RightKind.TRADEMARK: ("商标法第63条", "Trademark Law Art. 63"),
    RightKind.COPYRIGHT: (
        "著作权法第54条（2021年6月1日起施行）",
        "Copyright Law Art. 54 (from 2021-06-01)",
    ),
    RightKind.PATENT: (
        "专利法第71条（2021年6月1日起施行）",
        "Patent Law Art. 71 (from 2021-06-01)",
    ),
    RightKind.TRADE_NAME: (
        "反不正当竞争法（2025年修订）惩罚性赔偿条款（条号未核实）",
        "Anti-Unfair Competition Law (2025) punitive-damages article (number unverified)",
    ),
}
_COMMON = (
    ("民法典第1185条", "Civil Code Art. 1185"),
    ("法释〔2021〕4号", "Fa Shi [2021] No. 4"),
)


def punitive_bases(facts: CaseFacts) -> list[tuple[str, str]]:
    """The (zh, en) citations supporting punitive damages for the case's rights."""
    kinds = {r.kind for r in facts.rights}
    own = [cite for kind, cite in _BY_KIND.items() if kind in kinds]
    return own + list(_COMMON) if own else []


def punitive_text(facts: CaseFacts) -> Text:
    """ "under X; Y; ..." for the case's rights, or a caveat when none of them is an IP
    right that carries punitive damages."""
    bases = punitive_bases(facts)
    if not bases:
        return t(
            "本案权利类型无知识产权惩罚性赔偿依据",
            "no punitive-damages basis for this case's kinds of right",
        )
    return t("、".join(zh for zh, _ in bases), "; ".join(en for _, en in bases))
