"""Golden files: every template, in every language, rendered from one fixed case;
and the elements each document type must hold, checked by name.

Run with RIGHTSGUARD_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate
change, then read the diff before committing. The required elements below are not
rewritten: they say what a recipient needs (the law each notice cites, the annex list,
the signature block, the dates in the document's language).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

import rightsguard.actions
from rightsguard.actions.catalog import KINDS, missing_elements, title_for
from rightsguard.actions.grounds import (
    CITATIONS,
)
from rightsguard.actions.render import LANGS, environment, html_to_text, render_html
from rightsguard.actions.sample import sample_context
from rightsguard.playbook.sources import cites_known_source

GOLDEN = Path(__file__).parent / "golden"
golden_context = sample_context


def render_text(kind_id: str, lang: str, ctx: dict[str, Any]) -> tuple[str, str]:
    title = title_for(KINDS[kind_id], lang, ctx["holder"])
    html = render_html(environment(), kind_id, lang, {**ctx, "title": title})
    return title, html_to_text(html)


@pytest.mark.parametrize("kind_id", sorted(KINDS))
@pytest.mark.parametrize("lang", LANGS)
def test_golden(kind_id: str, lang: str) -> None:
    kind = KINDS[kind_id]
    ctx = golden_context(kind_id, lang)
    assert not missing_elements(kind, ctx)
    title, text = render_text(kind_id, lang, ctx)
    path = GOLDEN / f"{kind_id}.{lang}.txt"
    if os.environ.get("RIGHTSGUARD_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}; run with RIGHTSGUARD_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
    assert title in text and "aurorix-outlet.cn" in text


ZH_NOTICE = [
    "一、权利依据",
    "二、侵权内容的准确位置及侵权理由",
    "三、初步证据",
    "附件清单",
    "附件1 | 链接1网页截图（取证第1号） | link1-capture1-screenshot.png",
    "（无文件，未随附）",
    "通知人（盖章）：极光智能科技有限公司",
    "法定代表人或授权代表（签字）：王律师",
    "日期：2026年11月28日",
    "2026年11月20日 16时00分（北京时间）",
    "该链接页面",
]
EN_NOTICE = [
    "1. The rights",
    "2. Where the infringing material is, and why it infringes",
    "3. Preliminary evidence",
    "Annexes",
    "1 | Screenshot of link 1 (capture 1) | link1-capture1-screenshot.png",
    "(no file; not attached)",
    "Signed: /王律师/",
    "capacity: General Counsel of 极光智能科技有限公司, the notifier",
    "Date: 28 November 2026",
    "20 November 2026, 16:00 Beijing time (UTC+8)",
    "The page at this link",
]
#: per type and language: what the document must say (beyond the shared notice parts)
REQUIRED: dict[tuple[str, str], list[str]] = {
    ("notice.ecommerce", "zh-CN"): [
        *ZH_NOTICE,
        "《中华人民共和国电子商务法》第四十二条",
        "法发〔2020〕32号",
        "第41234568号“极光”注册商标",
    ],
    ("notice.ecommerce", "en"): [*EN_NOTICE, "E-Commerce Law Art. 42", "Fa Fa [2020] No. 32"],
    ("notice.civil_code", "zh-CN"): [
        *ZH_NOTICE,
        "《中华人民共和国民法典》第一千一百九十五条",
        "《最高人民法院关于涉网络知识产权侵权纠纷几个法律适用问题的批复》",
    ],
    ("notice.civil_code", "en"): [*EN_NOTICE, "Civil Code Art. 1195", "2020 SPC Official Reply"],
    ("notice.network_dissemination", "zh-CN"): [
        *ZH_NOTICE,
        "《信息网络传播权保护条例》第十四条",
        "“极光智能助手界面设计”著作权",
    ],
    ("notice.network_dissemination", "en"): [*EN_NOTICE, "Network Dissemination Regulations"],
    ("notice.dmca", "zh-CN"): [*ZH_NOTICE, "第512(c)(3)条", "本人王律师", "伪证罚则"],
    ("notice.dmca", "en"): [
        *EN_NOTICE,
        "17 U.S.C. § 512(c)(3)",
        "I, 王律师, state that the information in this notification is accurate, and under "
        "penalty of perjury",
        "copyright “极光智能助手界面设计”",
    ],
    ("notice.dsa", "zh-CN"): [*ZH_NOTICE, "第十六条第二款", "在欧盟具有效力的知识产权"],
    ("notice.dsa", "en"): [
        *EN_NOTICE,
        "Article 16(2) of the Digital Services Act",
        "effect in the European Union (copyright “极光智能助手界面设计”",
    ],
    ("icp_complaint", "zh-CN"): [
        "一、备案问题",
        "附件清单",
        "举报人（盖章）：极光智能科技有限公司",
        "日期：2026年11月28日",
        "《中华人民共和国商标法》第五十七条",
    ],
    ("icp_complaint", "en"): ["Annexes", "the informant", "Trademark Law Art. 57(1)–(3)"],
    ("cease_and_desist", "zh-CN"): [
        "一、权利人的权利及法律依据",
        "依据为《中华人民共和国商标法》第五十七条第（一）至（三）项",
        "依据为《中华人民共和国著作权法》第五十二条、第五十三条",
        "二、侵权事实",
        "附件清单",
        "2026年12月8日前（本函落款之日起7个工作日内",
        "发函人（盖章）：极光智能科技有限公司",
    ],
    ("cease_and_desist", "en"): [
        "1. The Right Holder's rights and the law",
        "infringes it under Trademark Law Art. 57(1)–(3)",
        "By 8 December 2026 (7 working days",
        "capacity: General Counsel of 极光智能科技有限公司, the sender",
    ],
    ("udrp_complaint", "en"): [
        "Respondent (registrant of aurorix-outlet.cn, as the RDAP record shows it): Chenxi Youpin",
        "registrar Alibaba Cloud Computing (Beijing) Co., Ltd.",
        "a single-member panel. Language of the proceeding: English",
        "6. Other legal proceedings",
        "7. Mutual jurisdiction",
        "the location of the principal office of the registrar",
        "8. Certification",
        "not made for an improper purpose",
        "(¶4(b)(iv))",
        "registered and used in bad faith",
        "Annexes",
        "the complainant",
    ],
    ("udrp_complaint", "zh-CN"): [
        "被投诉人（aurorix-outlet.cn的注册人，依据注册数据查询（RDAP）结果）：Chenxi Youpin",
        "注册服务机构为Alibaba Cloud Computing (Beijing) Co., Ltd.",
        "一名专家组成的专家组审理本案；程序语言：中文",
        "六、其他法律程序",
        "七、共同管辖",
        "八、保证声明",
        "（第4(b)(iv)段）",
        "注册和使用具有恶意",
        "附件清单",
        "投诉人（盖章）：极光智能科技有限公司",
    ],
    ("cndrp_complaint", "en"): [
        "registered on 15 March 2025, less than three years before this complaint",
        "(CNDRP Art. 2)",
        "registered or used in bad faith",
        "(Art. 9(3))",
        "Other legal proceedings",
        "7. Certification",
        "Annexes",
    ],
    ("cndrp_complaint", "zh-CN"): [
        "争议域名注册于2025年3月15日，至本投诉之日注册不满三年",
        "注册服务机构为Alibaba Cloud Computing (Beijing) Co., Ltd.",
        "注册或者使用具有恶意",
        "（第九条第（三）项）",
        "六、其他法律程序",
        "七、保证声明",
        "附件清单",
        "投诉人（盖章）：极光智能科技有限公司",
    ],
    ("civil_complaint", "zh-CN"): [
        "原告：极光智能科技有限公司，住所地：杭州市西湖区文三路 100 号",
        "法定代表人：张明，职务：董事长",
        "被告：深圳市晨曦优品贸易有限公司，住所地：深圳市龙华区民治街道星河路18号",
        "判令被告赔偿原告经济损失人民币500,000元",
        "合理开支人民币30,000元",
        "以上金额合计人民币530,000元",
        "事实与理由",
        "《中华人民共和国商标法》第五十七条第（一）至（三）项",
        "《中华人民共和国民事诉讼法》第二十九条",
        "位于深圳市龙华区人民法院辖区，贵院对本案有管辖权",
        "证据和证据来源",
        "附件清单",
        "此致\n深圳市龙华区人民法院",
        "具状人（盖章）：极光智能科技有限公司",
    ],
    ("civil_complaint", "en"): [
        "Legal representative: 张明, 董事长",
        "damages of RMB 500,000",
        "Total of the amounts claimed: RMB 530,000",
        "Trademark Law Art. 57(1)–(3)",
        "Civil Procedure Law Art. 29",
        "within the district of 深圳市龙华区人民法院, so the Court has jurisdiction",
        "Evidence and its source",
        "the plaintiff",
    ],
    ("police_report", "zh-CN"): [
        "一、报案人",
        "二、犯罪嫌疑人",
        "涉嫌假冒注册商标罪、销售假冒注册商标的商品罪",
        "《中华人民共和国刑法》第二百一十三条、第二百一十四条",
        "四、事实经过",
        "取证时间为2026年11月20日 16时00分（北京时间）",
        "非法经营数额 | 128,000",
        "违法所得数额 | 45,000",
        "由公安机关依法认定",
        "六、证据清单",
        "附件清单",
        "报案人（盖章）：极光智能科技有限公司",
    ],
    ("police_report", "en"): [
        "2. The suspect",
        "Criminal Law Arts. 213 and 214",
        "4. The facts",
        "Business volume | 128,000",
        "Illegal gains | 45,000",
        "for the public security organ to decide",
        "the reporting party",
    ],
    ("counter_notice_reply", "zh-CN"): [
        "已于2026年11月25日送达权利人（贵方于2026年11月24日收到该声明）",
        "权利人已就上述侵权行为向杭州市西湖区人民法院提起诉讼，人民法院的受理通知书见附件3",
        "于不侵权声明送达权利人之日起15日内（2026年12月10日前）发出",
        "《中华人民共和国电子商务法》第四十三条",
        "附件3 | 函件：受理通知书 | evidence3-受理通知书.pdf",
    ],
    ("counter_notice_reply", "en"): [
        "reached the right holder on 25 November 2026 (you received it on 24 November 2026)",
        "The right holder has sued over this infringement in 杭州市西湖区人民法院; the court's "
        "acceptance notice is Annex 3.",
        "within 15 days of the declaration reaching the right holder (by 10 December 2026)",
        "Article 43 of the PRC E-Commerce Law",
    ],
}
#: what a type must not say in a language (a trademark named as a copyrighted work)
FORBIDDEN: dict[tuple[str, str], list[str]] = {
    ("notice.dmca", "en"): ["Registered trademark", "41234568"],
    ("notice.dmca", "zh-CN"): ["注册商标", "41234568"],
    ("notice.dsa", "en"): ["Registered trademark", "41234568"],
    ("notice.network_dissemination", "zh-CN"): ["注册商标"],
    ("cease_and_desist", "zh-CN"): ["律师函", "律师（签字）"],
    ("cndrp_complaint", "en"): ["Mutual jurisdiction", "registered and used"],
    ("counter_notice_reply", "en"): ["has 杭州市西湖区人民法院", "complained"],
    ("counter_notice_reply", "zh-CN"): ["已杭州市西湖区人民法院", "人民法院投诉"],
    ("cndrp_complaint", "zh-CN"): ["共同管辖", "注册和使用"],
}


@pytest.mark.parametrize(("kind_id", "lang"), sorted(REQUIRED))
def test_required_elements(kind_id: str, lang: str) -> None:
    _, text = render_text(kind_id, lang, golden_context(kind_id, lang))
    absent = [e for e in REQUIRED[(kind_id, lang)] if e not in text]
    assert not absent, f"{kind_id}.{lang} lacks {absent}"
    present = [e for e in FORBIDDEN.get((kind_id, lang), []) if e in text]
    assert not present, f"{kind_id}.{lang} says {present}"


def test_every_type_of_this_part_has_required_elements() -> None:
    mine = {
        "notice.network_dissemination",
        "notice.dmca",
        "notice.dsa",
        "notice.ecommerce",
        "notice.civil_code",
        "icp_complaint",
        "cease_and_desist",
    }
    assert {(k, lang) for k in mine for lang in LANGS} <= set(REQUIRED)


def test_every_type_of_part_b_has_required_elements() -> None:
    part_b = {
        "udrp_complaint",
        "cndrp_complaint",
        "civil_complaint",
        "police_report",
        "counter_notice_reply",
    }
    assert {(k, lang) for k in part_b for lang in LANGS} <= set(REQUIRED)


@pytest.mark.parametrize("lang", LANGS)
def test_a_lawyers_letter_only_with_a_firm_and_a_lawyer(lang: str) -> None:
    zh = lang == "zh-CN"
    ctx = golden_context("cease_and_desist", lang, law_firm="浙江明理律师事务所", lawyer="李明")
    title, text = render_text("cease_and_desist", lang, ctx)
    assert title == ("律师函" if zh else "Lawyer's letter")
    wanted = (
        ["浙江明理律师事务所（下称“本所”）受极光智能科技有限公司", "律师（签字）：李明"]
        if zh
        else ['浙江明理律师事务所 (the "Firm") acts for', "capacity: lawyer, 浙江明理律师事务所"]
    )
    assert all(w in text for w in wanted), text
    only_firm = golden_context("cease_and_desist", lang, law_firm="浙江明理律师事务所")
    title, text = render_text("cease_and_desist", lang, only_firm)
    assert title == ("停止侵权通知函" if zh else "Cease-and-desist letter")
    assert "律师（签字）" not in text and "capacity: lawyer" not in text


#: words of Latin script a Chinese document may hold: names of instruments and standards
LATIN_ALLOWED = {"SHA", "ICP", "DMCA", "UDRP", "CNDRP", "ICANN", "WHOIS", "RDAP"}
#: the UDRP numbers its sub-paragraphs in roman numerals (第4(b)(iv)段)
LATIN_ALLOWED |= {"ii", "iii", "iv"}
#: the other engineer's types whose Chinese text still holds English words; strict, so
#: each entry must go as soon as its template is fixed
LATIN_PENDING: set[str] = set()


NAME_FIELDS = {
    "holder": ("name", "address", "email", "phone", "signatory", "agent", "law_firm", "lawyer"),
    "recipient": ("name", "address", "email"),
    "rights": ("name", "registration_number", "owner"),
    "targets": ("url", "host", "title", "platform"),
    "annexes": ("filename", "sha256"),
    "evidence": ("sha256",),
    "domains": ("host", "registrar", "registrant", "email", "province"),
}


def _names(ctx: dict[str, Any]) -> list[str]:
    """The names, numbers and addresses the case supplies (they stay as written)."""
    out = [ctx["case"]["title"], *(str(v) for v in ctx["facts"].values() if v)]
    for key, fields in NAME_FIELDS.items():
        rows = ctx[key] if isinstance(ctx[key], list) else [ctx[key]]
        out += [str(row[f]) for row in rows for f in fields if row.get(f)]
    return out


def latin_words(text: str, ctx: dict[str, Any]) -> list[str]:
    """English (Latin-script) words in ``text`` outside URLs, e-mail addresses, hashes
    and the names and numbers the case supplies."""
    for value in sorted(_names(ctx), key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"https?://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[0-9a-f]{16,}\b", " ", text)
    words = re.findall(r"[A-Za-z]{2,}", text)
    return sorted({w for w in words if w not in LATIN_ALLOWED})


@pytest.mark.parametrize("kind_id", sorted(KINDS))
def test_chinese_documents_are_entirely_in_chinese(kind_id: str) -> None:
    if kind_id in LATIN_PENDING:
        pytest.xfail(f"{kind_id}: its template belongs to the other part of issue 18", strict=True)
    ctx = golden_context(kind_id, "zh-CN")
    _, text = render_text(kind_id, "zh-CN", ctx)
    assert latin_words(text, ctx) == [], text


def test_latin_word_check_can_fail() -> None:
    ctx = golden_context("notice.ecommerce", "zh-CN")
    assert latin_words(
        "通知人 Signed: 王律师 http://a.cn/x legal@aurorix.com " + "ab" * 32, ctx
    ) == ["Signed"]


def test_every_citation_is_in_the_register() -> None:
    assert CITATIONS
    unknown = [c for c in CITATIONS if not cites_known_source(*c)]
    assert not unknown


_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _zh_number(text: str) -> int:
    """第一百二十四条 → 124 (the article numbers documents write, up to 999)."""
    total, digit = 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in "十百":
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
        elif ch == "零":
            digit = 0
    return total + digit


def test_zh_number_reads_article_numbers() -> None:
    assert [_zh_number(n) for n in ("二十九", "一百二十四", "十", "一百零五")] == [29, 124, 10, 105]


def test_the_procedure_articles_the_templates_cite_are_in_the_register() -> None:
    """A civil complaint cites the Civil Procedure Law: each article it names must be in
    the register, as the rules' citations are."""
    templates = Path(rightsguard.actions.__file__).parent / "templates"
    cited: set[str] = set()
    for path in templates.glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        cited |= set(re.findall(r"Civil Procedure Law Arts?\. (\d+)", text))
        zh = re.findall(r"《中华人民共和国民事诉讼法》第([一二三四五六七八九十百零]+)条", text)
        cited |= {str(_zh_number(n)) for n in zh}
    assert "29" in cited  # the civil complaint's ground of jurisdiction
    unknown = sorted(n for n in cited if not cites_known_source("Civil Procedure Law", n))
    assert not unknown, unknown
