"""Why each link infringes, in the words of the channel's law, and which rights a
channel may name (pure data and functions; no I/O).

- ``relevant_rights``: a DMCA notice names copyrights only; a notice under the
  Network Dissemination Regulations names copyrights (the right of communication
  over networks); a DSA notice names rights with effect in the EU (EU or member-
  state registrations, and copyright, which the Berne Convention protects there);
  the other channels name every right of the case.
- ``link_reason``: one short sentence per link saying which right it infringes and
  under which law the notice asks for removal.
- ``right_basis``: the article of law each right rests on, for letters.

Each citation names an instrument and article of the playbook's register
(``playbook/sources.py``); ``CITATIONS`` lists them for the test that checks it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rightsguard.playbook.predicates import EU_COUNTRIES

RNDI = "Regulations on the Protection of the Right to Network Dissemination of Information"
EU_JURISDICTIONS = EU_COUNTRIES | {"EU", "EM", "EUIPO"}

#: per channel: (zh, en) of the law the notice relies on, and its citations
CHANNEL_LAW: dict[str, tuple[str, str, tuple[tuple[str, str | None], ...]]] = {
    "ecommerce": (
        "《中华人民共和国电子商务法》第四十二条、"
        "《最高人民法院关于审理涉电子商务平台知识产权民事案件的指导意见》（法发〔2020〕32号）第五条",
        "E-Commerce Law Art. 42 and the SPC Guiding Opinions on e-commerce platform IP cases "
        "(Fa Fa [2020] No. 32) Art. 5",
        (("E-Commerce Law", "42"), ("Guiding Opinions", "5")),
    ),
    "civil_code": (
        "《中华人民共和国民法典》第一千一百九十五条、"
        "《最高人民法院关于涉网络知识产权侵权纠纷几个法律适用问题的批复》（2020年）",
        "Civil Code Art. 1195 and the 2020 SPC Official Reply on online IP disputes",
        (("Civil Code", "1195"), ("SPC Official Reply on online IP disputes", None)),
    ),
    "network_dissemination": (
        "《信息网络传播权保护条例》第十四条、《中华人民共和国民法典》第一千一百九十五条",
        "Network Dissemination Regulations Art. 14 and Civil Code Art. 1195",
        (
            (RNDI, "14"),
            ("Civil Code", "1195"),
        ),
    ),
    "dmca": (
        "美国法典第17编第512(c)(3)条",
        "17 U.S.C. § 512(c)(3)",
        (("17 USC", "512(c)(3)(A)"),),
    ),
    "dsa": (
        "欧盟《数字服务法》（第2022/2065号条例）第十六条第二款",
        "Article 16(2) of the Digital Services Act (Regulation (EU) 2022/2065)",
        (("Digital Services Act", "16"),),
    ),
}

#: per right kind: (zh, en) of the acts and the article they infringe
RIGHT_LAW: dict[str, tuple[str, str, tuple[tuple[str, str | None], ...]]] = {
    "trademark": (
        "《中华人民共和国商标法》第五十七条第（一）至（三）项",
        "Trademark Law Art. 57(1)–(3)",
        (("Trademark Law", "57"),),
    ),
    "copyright": (
        "《中华人民共和国著作权法》第五十二条、第五十三条",
        "Copyright Law Arts. 52 and 53",
        (("Copyright Law", "52"), ("Copyright Law", "53")),
    ),
    "patent": (
        "《中华人民共和国专利法》第十一条",
        "Patent Law Art. 11",
        (("Patent Law", "11"),),
    ),
    "trade_name": (
        "《中华人民共和国反不正当竞争法》",
        "the Anti-Unfair Competition Law",
        (("Anti-Unfair Competition Law", None),),
    ),
    "domain_name": (
        "《中华人民共和国反不正当竞争法》",
        "the Anti-Unfair Competition Law",
        (("Anti-Unfair Competition Law", None),),
    ),
    "personality": (
        "《中华人民共和国民法典》第一千一百九十四条",
        "Civil Code Art. 1194",
        (("Civil Code", "1194"),),
    ),
}

CITATIONS: tuple[tuple[str, str | None], ...] = tuple(
    c for table in (CHANNEL_LAW, RIGHT_LAW) for *_, cites in table.values() for c in cites
)

#: what the infringing use is, per right kind: (zh, en)
_ACTS = {
    "trademark": (
        "未经许可使用与{right}相同或近似的标识，销售或宣传同类商品，易使公众混淆",
        "uses a sign identical or similar to {right} for the same kind of goods without "
        "consent, likely to confuse the public",
    ),
    "copyright": (
        "未经许可复制并通过信息网络向公众提供{right}",
        "reproduces the work protected as {right} and makes it available online without consent",
    ),
}
_ACT_DEFAULT = (
    "未经许可使用{right}",
    "uses {right} without consent",
)


def relevant_rights(channel: str | None, rights: Sequence[Mapping[str, Any]]) -> list[Any]:
    """The rights a notice on ``channel`` may name, in the case's order."""
    if channel in ("dmca", "network_dissemination"):
        return [r for r in rights if r.get("kind") == "copyright"]
    if channel == "dsa":
        return [
            r
            for r in rights
            if r.get("kind") == "copyright"
            or str(r.get("jurisdiction") or "").upper() in EU_JURISDICTIONS
        ]
    return list(rights)


def right_phrase(right: Mapping[str, Any], lang: str) -> str:
    """``第41234568号“极光”注册商标`` / ``registered trademark “AURORIX” (No. 41234568)``."""
    number = right.get("registration_number")
    label = right.get("kind_label") or right.get("kind")
    if lang == "zh-CN":
        if number and str(number).isdigit():
            return f"第{number}号“{right.get('name')}”{label}"
        suffix = f"（登记号：{number}）" if number else ""
        return f"“{right.get('name')}”{label}{suffix}"
    suffix = f" (No. {number})" if number else ""
    return f"{str(label).lower()} “{right.get('name')}”{suffix}"


def law_of(channel: str | None, lang: str) -> str:
    if channel not in CHANNEL_LAW:
        return ""
    zh, en, _ = CHANNEL_LAW[channel]
    return zh if lang == "zh-CN" else en


def right_basis(kind: str, lang: str) -> str:
    zh, en, _ = RIGHT_LAW.get(kind, RIGHT_LAW["trade_name"])
    return zh if lang == "zh-CN" else en


def link_reason(
    channel: str | None, rights: Sequence[Mapping[str, Any]], target: Mapping[str, Any], lang: str
) -> str:
    """One sentence: what the page at this link does to which right, and the law."""
    zh = lang == "zh-CN"
    acts = []
    for right in rights:
        pattern = _ACTS.get(str(right.get("kind")), _ACT_DEFAULT)[0 if zh else 1]
        acts.append(pattern.format(right=right_phrase(right, lang)))
    if not acts:
        return ""
    law = law_of(channel, lang) or "；".join(
        dict.fromkeys(right_basis(str(r.get("kind")), lang) for r in rights)
    )
    if zh:
        return f"该链接页面{'；'.join(acts)}，构成侵权；依据{law}请求处理。"
    return f"The page at this link {'; '.join(acts)}; this infringes, and {law} applies."
