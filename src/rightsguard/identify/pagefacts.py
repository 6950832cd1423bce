"""Facts a web page shows about who runs it: pure functions over HTML text.

``page_facts(html, url)`` returns :class:`~rightsguard.identify.facts.Fact` values:
ICP and public-security filing numbers, USCCs (check character verified),
company names near them, e-mails, phone numbers (E.164), postal addresses (best
effort), WeChat/QQ handles, analytics IDs (Google UA-/G-/GTM-, Baidu Tongji,
CNZZ/Umeng, Facebook pixel), payment identifiers, and marketplace shop/listing
IDs (patterns from the provider directory). Each fact's ``detail["location"]``
names the page section (head, header, nav, main, footer, body), whether it was in
text, a link or a script, and the character offset in the HTML.

Arbitrary input never raises: malformed HTML yields what can be read.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from rightsguard.domain.enums import ObservableKind as K
from rightsguard.identify import cn
from rightsguard.identify.facts import Fact, dedupe

SECTIONS = frozenset({"head", "header", "nav", "main", "footer", "aside", "article"})
BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "tr",
        "td",
        "th",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "ul",
        "ol",
        "section",
        "span",
        "dd",
        "dt",
    }
)
_SKIP_TEXT = frozenset({"style"})


@dataclass(slots=True)
class Segment:
    section: str
    where: str  # "text" | "href" | "src" | "script" | "meta"
    text: str
    offset: int  # approximate offset in the HTML


class _Segmenter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.segments: list[Segment] = []
        self._buf: list[str] = []
        self._buf_offset = 0
        self._in_script = False
        self._in_style = False

    @property
    def section(self) -> str:
        for tag in reversed(self.stack):
            if tag in SECTIONS:
                return tag
        return "body"

    def _offset(self) -> int:
        line, col = self.getpos()
        return line * 100000 + col  # replaced by a real offset later

    def flush(self) -> None:
        text = " ".join(t.strip() for t in self._buf if t.strip())
        if text:
            self.segments.append(Segment(self.section, "text", text, self._buf_offset))
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS or tag in SECTIONS:
            self.flush()
        if tag == "script":
            self._in_script = True
        if tag == "style":
            self._in_style = True
        if tag not in {"br", "img", "meta", "link", "input", "hr"}:
            self.stack.append(tag)
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src", "action"):
                self.segments.append(Segment(self.section, name, value, self._offset()))
            elif tag == "meta" and name == "content":
                self.segments.append(Segment(self.section, "meta", value, self._offset()))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS or tag in SECTIONS:
            self.flush()
        if tag == "script":
            self._in_script = False
        if tag == "style":
            self._in_style = False
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in_style:
            return
        if self._in_script:
            self.segments.append(Segment(self.section, "script", data, self._offset()))
            return
        if not self._buf:
            self._buf_offset = self._offset()
        self._buf.append(data)


def segments(html: str) -> list[Segment]:
    """The page cut into text blocks, link targets and scripts, each with its section."""
    parser = _Segmenter()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser may raise on pathological input
        pass
    parser.flush()
    parser.segments = _pair_labels(parser.segments)
    # turn (line, col) pseudo offsets into character offsets
    starts = [0]
    for text_line in html.splitlines(keepends=True):
        starts.append(starts[-1] + len(text_line))
    for seg in parser.segments:
        line, col = divmod(seg.offset, 100000)
        seg.offset = starts[min(max(line - 1, 0), len(starts) - 1)] + col
    return parser.segments


def _pair_labels(segs: list[Segment]) -> list[Segment]:
    """Add "label：value" segments for label/value cells (th/td, dt/dd) split by the markup."""
    out: list[Segment] = []
    for i, seg in enumerate(segs):
        out.append(seg)
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        if (
            nxt is not None
            and seg.where == "text" == nxt.where
            and seg.section == nxt.section
            and len(seg.text) <= 24
            and not any(ch.isdigit() for ch in seg.text)
        ):
            out.append(Segment(seg.section, "text", f"{seg.text}：{nxt.text}", seg.offset))
    return out


# --- patterns -------------------------------------------------------------------

EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}"
)
_NOT_EMAIL_TLDS = {"png", "jpg", "jpeg", "gif", "webp", "svg", "css", "js"}
WECHAT_RE = re.compile(
    r"(?:微信号?|WeChat(?:\s*ID)?|weixin|V信|VX|wx)\s*[:：]?\s*(?P<id>[A-Za-z][-_A-Za-z0-9]{5,19})",
    re.IGNORECASE,
)
PAIR_RE = re.compile(
    r"(?:微信|WeChat)[^：:\d/]{0,12}/\s*(?:客服)?QQ\s*[:：]?\s*"
    r"(?P<w>[A-Za-z][-_A-Za-z0-9]{5,19})\s*/\s*(?P<q>[1-9]\d{4,11})",
    re.IGNORECASE,
)
QQ_RE = re.compile(r"\bQQ(?:号|群)?\s*[:：]?\s*(?P<id>[1-9]\d{4,11})\b", re.IGNORECASE)
QQ_LINK_RE = re.compile(
    r"(?:wpa\.qq\.com/msgrd\?[^\s\"']*uin=|tencent://message/\?uin=)(?P<id>[1-9]\d{4,11})"
)
TONGJI_RE = re.compile(r"hm\.baidu\.com/hm\.js\?(?P<id>[0-9a-f]{32})", re.IGNORECASE)
UA_RE = re.compile(r"\bUA-(?P<id>\d{4,10}-\d{1,4})\b")
GA4_RE = re.compile(
    r"(?:gtag/js\?id=|gtag\(\s*['\"]config['\"]\s*,\s*['\"])(?P<id>G-[A-Z0-9]{6,12})\b"
)
GTM_RE = re.compile(r"\b(?P<id>GTM-[A-Z0-9]{4,9})\b")
CNZZ_RE = re.compile(
    r"(?:cnzz\.com|umeng\.com)/(?:z_stat|stat|core)\.php\?(?:[^\"'\s]*?[?&;])?(?:id|web_id|siteid)=(?P<id>\d{4,12})",
    re.IGNORECASE,
)
CNZZ_SPAN_RE = re.compile(r"cnzz_stat_icon_(?P<id>\d{4,12})")
FB_PIXEL_RE = re.compile(r"fbq\(\s*['\"]init['\"]\s*,\s*['\"](?P<id>\d{10,20})['\"]")
ALIPAY_RE = re.compile(r"支付宝(?:账号|账户|收款账号)?\s*[:：]\s*(?P<id>[^\s<，,｜|]{5,40})")
BANK_RE = re.compile(
    r"(?:银行卡号|银行账号|收款账号|卡号|对公账户|Bank\s+account)\s*[:：]?\s*"
    r"(?P<id>\d[\d ]{14,22}\d)",
    re.IGNORECASE,
)
PAYPAL_RE = re.compile(r"paypal\.me/(?P<id>[A-Za-z0-9_.-]{2,40})", re.IGNORECASE)
ADDRESS_RE = re.compile(
    r"(?:地址|住所|公司地址|联系地址|办公地址|Address)\s*[:：]\s*(?P<addr>[^<\n|｜]{6,100})",
    re.IGNORECASE,
)
ZH_ADDRESS_RE = re.compile(
    r"(?P<addr>[\u4e00-\u9fff]{2,10}(?:省|自治区|市)[\u4e00-\u9fff0-9A-Za-z\-（）()]{2,30}?(?:区|县|市)[\u4e00-\u9fff0-9A-Za-z\-（）()#]{2,60}?(?:号|室|楼|栋|层|座))"
)
COMPANY_ZH_RE = re.compile(
    r"(?P<name>[\u4e00-\u9fff（）()]{2,40}?(?:有限责任公司|股份有限公司|有限公司|商行|经营部|工作室|企业|集团))"
)
COMPANY_EN_RE = re.compile(
    r"(?P<name>[A-Z][A-Za-z0-9&.,'() -]{2,80}?"
    r"(?:Co\.,\s*Ltd\.?|Company\s+Limited|Ltd\.?|Limited|Inc\.?|LLC|GmbH|S\.A\.|B\.V\.))"
)
COMPANY_LABEL_RE = re.compile(
    r"(?:主办单位|公司名称|企业名称|运营主体|经营者|主体名称|网站所有者|Operated\s+by|Company)\s*[:：]?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ShopPattern:
    """A regex over URLs naming a shop or listing on a platform (from the provider directory)."""

    platform: str
    kind: str  # "shop" | "listing" | "seller"
    regex: re.Pattern[str]


def _fact(kind: K, value: str, seg: Segment, start: int, url: str | None, **detail: Any) -> Fact:
    location = {"section": seg.section, "in": seg.where, "offset": seg.offset + max(start, 0)}
    d: dict[str, Any] = {"location": location, **detail}
    if url:
        d["source_url"] = url
    return Fact(kind, value, "page", d)


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _phones(text: str, region: str) -> list[tuple[str, str, int]]:
    try:
        import phonenumbers
    except ImportError:  # pragma: no cover
        return []
    out = []
    try:
        for match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        ):
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            out.append((e164, match.raw_string, match.start))
    except Exception:  # the matcher is robust, but never let a page crash identification
        return out
    return out


def _segment_facts(seg: Segment, url: str | None, region: str) -> list[Fact]:
    text = seg.text
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    for icp, a, b in cn.find_icp(text):
        taken.append((a, b))
        facts.append(
            _fact(
                K.ICP_NUMBER,
                icp.main,
                seg,
                a,
                url,
                raw=text[a:b],
                site=icp.site,
                icp_kind=icp.kind,
                province=icp.province.name_en,
                province_zh=icp.province.name_zh,
                authority=icp.province.comms_administration_zh,
                authority_key=icp.province.provider_key,
            )
        )
    for psb, a, b in cn.find_psb(text):
        taken.append((a, b))
        prov = psb.province
        facts.append(
            _fact(
                K.PSB_NUMBER,
                psb.number,
                seg,
                a,
                url,
                raw=text[a:b],
                province=prov.name_en if prov else None,
                division=psb.division,
            )
        )
    for code, a, b in cn.find_uscc(text.upper() if seg.where == "text" else text):
        taken.append((a, b))
        facts.append(_fact(K.USCC, code, seg, a, url, raw=code))
        facts.extend(_company_near(seg, a, url, anchor=code))
    for regex, subtype in (
        (TONGJI_RE, "baidu_tongji"),
        (UA_RE, "google_ua"),
        (GA4_RE, "google_ga4"),
        (GTM_RE, "google_gtm"),
        (CNZZ_RE, "cnzz"),
        (CNZZ_SPAN_RE, "cnzz"),
        (FB_PIXEL_RE, "facebook_pixel"),
    ):
        for m in regex.finditer(text):
            value = m.group("id")
            if subtype == "baidu_tongji":
                value = value.lower()
            if subtype == "google_ua":
                value = "UA-" + value
            taken.append(m.span())
            facts.append(
                _fact(
                    K.ANALYTICS_ID,
                    f"{subtype}:{value}",
                    seg,
                    m.start(),
                    url,
                    subtype=subtype,
                    raw=m.group(),
                )
            )
    for m in EMAIL_RE.finditer(text):
        email = m.group().lower().rstrip(".")
        if email.rsplit(".", 1)[-1] in _NOT_EMAIL_TLDS:
            continue
        taken.append(m.span())
        facts.append(_fact(K.EMAIL, email, seg, m.start(), url, raw=m.group()))
    for regex, subtype in ((WECHAT_RE, "wechat"), (QQ_RE, "qq"), (QQ_LINK_RE, "qq")):
        for m in regex.finditer(text):
            handle = m.group("id")
            if subtype == "wechat" and "@" in text[m.end("id") : m.end("id") + 1]:
                continue
            taken.append(m.span())
            facts.append(
                _fact(
                    K.MESSENGER_HANDLE,
                    f"{subtype}:{handle.lower() if subtype == 'wechat' else handle}",
                    seg,
                    m.start(),
                    url,
                    subtype=subtype,
                    raw=m.group(),
                )
            )
    for m in PAIR_RE.finditer(text):
        taken.append(m.span())
        facts.append(
            _fact(
                K.MESSENGER_HANDLE,
                f"wechat:{m.group('w').lower()}",
                seg,
                m.start(),
                url,
                subtype="wechat",
                raw=m.group(),
            )
        )
        facts.append(
            _fact(
                K.MESSENGER_HANDLE,
                f"qq:{m.group('q')}",
                seg,
                m.start("q"),
                url,
                subtype="qq",
                raw=m.group(),
            )
        )
    for regex, subtype in ((ALIPAY_RE, "alipay"), (BANK_RE, "bank_account"), (PAYPAL_RE, "paypal")):
        for m in regex.finditer(text):
            value = re.sub(r"\s+", "", m.group("id"))
            if subtype == "bank_account" and not _luhn(value):
                continue
            taken.append(m.span())
            facts.append(
                _fact(
                    K.PAYMENT_ACCOUNT,
                    f"{subtype}:{value.lower()}",
                    seg,
                    m.start(),
                    url,
                    subtype=subtype,
                    raw=m.group(),
                )
            )
    if seg.where == "text":
        for m in ADDRESS_RE.finditer(text):
            addr = m.group("addr").strip(" ，,;；")
            taken.append(m.span())
            facts.append(
                _fact(
                    K.POSTAL_ADDRESS,
                    _norm_space(addr),
                    seg,
                    m.start(),
                    url,
                    raw=m.group(),
                    confidence="labelled",
                )
            )
        for m in ZH_ADDRESS_RE.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            facts.append(
                _fact(
                    K.POSTAL_ADDRESS,
                    _norm_space(m.group("addr")),
                    seg,
                    m.start(),
                    url,
                    raw=m.group(),
                    confidence="pattern",
                )
            )
        for m in COMPANY_LABEL_RE.finditer(text):
            facts.extend(
                _company_near(seg, m.end(), url, anchor=m.group().strip(), after_only=True)
            )
        # phones last, on text with every other identifier blanked out (a QQ number
        # or a filing number must not read as a phone number)
        masked = _mask(text, taken)
        for e164, raw, start in _phones(masked, region):
            facts.append(_fact(K.PHONE, e164, seg, start, url, raw=raw))
    elif seg.where in ("href",) and text.lower().startswith("tel:"):
        for e164, raw, start in _phones(text[4:], region):
            facts.append(_fact(K.PHONE, e164, seg, start, url, raw=raw))
    return facts


def _company_near(
    seg: Segment, pos: int, url: str | None, *, anchor: str, after_only: bool = False
) -> list[Fact]:
    """Company names within 60 characters of ``pos`` (e.g. a USCC or a 主办单位 label)."""
    text = seg.text
    lo = pos if after_only else max(0, pos - 60)
    window = text[lo : pos + 80]
    out = []
    for regex in (COMPANY_ZH_RE, COMPANY_EN_RE):
        for m in regex.finditer(window):
            name = _norm_space(m.group("name")).strip(" ,.")
            name = re.sub(r"^(?:由|本站由|运营方|Operated by)\s*", "", name, flags=re.IGNORECASE)
            name = name.strip("(（)） ")
            if len(name) < 4 or re.match(r"(?i)(co\.|ltd|limited|inc)", name):
                continue
            out.append(_fact(K.COMPANY_NAME, name, seg, lo + m.start(), url, near=anchor))
    return out


def _norm_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _luhn(digits: str) -> bool:
    if not digits.isdigit() or not 12 <= len(digits) <= 23:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def shop_facts(
    urls: Iterable[str], patterns: Sequence[ShopPattern], source_url: str | None = None
) -> list[Fact]:
    """Shop, seller and listing IDs named by ``urls`` (links on a page, or the target URL)."""
    out = []
    for url in urls:
        for pat in patterns:
            m = pat.regex.search(url)
            if m is None:
                continue
            ident = m.group("id") if "id" in pat.regex.groupindex else m.group(1)
            value = f"{pat.platform}:{pat.kind}:{ident}"
            detail: dict[str, Any] = {"platform": pat.platform, "subtype": pat.kind, "raw": url}
            if source_url:
                detail["source_url"] = source_url
            out.append(Fact(K.SHOP_ID, value, "page", detail))
    return dedupe(out)


def page_facts(
    html: str,
    url: str | None = None,
    *,
    region: str = "CN",
    shop_patterns: Sequence[ShopPattern] = (),
    platform_sections: frozenset[str] = frozenset(),
) -> list[Fact]:
    """Every fact the page shows. ``platform_sections`` (e.g. ``{"header", "footer"}``)
    marks facts found there as the platform's own (``detail["owner"] = "platform"``),
    for marketplace pages whose furniture names the marketplace, not the seller."""
    if not isinstance(html, str):
        return []
    facts: list[Fact] = []
    links: list[str] = []
    for seg in segments(html):
        try:
            found = _segment_facts(seg, url, region)
        except Exception:  # defensive: a pathological segment yields nothing
            found = []
        if seg.section in platform_sections:
            for f in found:
                f.detail["owner"] = "platform"
        facts.extend(found)
        if seg.where in ("href", "src", "action"):
            try:
                links.append(urljoin(url, seg.text) if url else seg.text)
            except ValueError:
                links.append(seg.text)
    facts = _prune(facts)
    if shop_patterns:
        facts.extend(shop_facts([*(links), *([url] if url else [])], shop_patterns, url))
    return dedupe(facts)


def _prune(facts: list[Fact]) -> list[Fact]:
    """Drop phone readings of QQ numbers and partial addresses inside longer ones."""
    qq = {f.value.split(":", 1)[1] for f in facts if f.value.startswith("qq:")}
    addresses = {f.value for f in facts if f.kind is K.POSTAL_ADDRESS}
    out = []
    for f in facts:
        if f.kind is K.PHONE and re.sub(r"\D", "", str(f.detail.get("raw", ""))) in qq:
            continue
        if f.kind is K.POSTAL_ADDRESS and any(f.value != a and f.value in a for a in addresses):
            continue
        out.append(f)
    return out


# --- favicon ------------------------------------------------------------------------


def favicon_hash(data: bytes) -> int:
    """Shodan-style favicon hash: MurmurHash3 (32-bit, signed) of the base64 with newlines."""
    import mmh3

    return int(mmh3.hash(base64.encodebytes(data)))


def favicon_fact(data: bytes, url: str | None = None) -> Fact:
    detail: dict[str, Any] = {"size": len(data)}
    if url:
        detail["source_url"] = url
    return Fact(K.FAVICON_HASH, str(favicon_hash(data)), "favicon", detail)
