"""Chinese identifiers: ICP filings, public-security filings, Unified Social Credit Codes.

Pure functions. ``parse_icp`` / ``parse_psb`` return ``None`` for text that is not
such a number; ``uscc_valid`` checks the GB 32100-2015 check character.

The filing number's one-character prefix names the province that accepted the
filing; a complaint about the filing goes to that province's communications
administration (LAW.md, "ICP-filing complaint"). Several prefixes may name one
province (川 and 蜀 are both Sichuan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Province:
    code: str  # two-digit administrative division prefix (GB/T 2260)
    name_zh: str
    name_en: str
    abbreviations: tuple[str, ...]

    @property
    def comms_administration_zh(self) -> str:
        return f"{self.name_zh}通信管理局"

    @property
    def comms_administration_en(self) -> str:
        return f"{self.name_en} Communications Administration"

    @property
    def provider_key(self) -> str:
        """Key of this administration in the provider directory."""
        return f"ca-{self.name_en.lower().replace(' ', '-')}"


#: The 31 provincial-level units of the mainland.
PROVINCES: tuple[Province, ...] = (
    Province("11", "北京市", "Beijing", ("京",)),
    Province("12", "天津市", "Tianjin", ("津",)),
    Province("13", "河北省", "Hebei", ("冀",)),
    Province("14", "山西省", "Shanxi", ("晋",)),
    Province("15", "内蒙古自治区", "Inner Mongolia", ("蒙",)),
    Province("21", "辽宁省", "Liaoning", ("辽",)),
    Province("22", "吉林省", "Jilin", ("吉",)),
    Province("23", "黑龙江省", "Heilongjiang", ("黑",)),
    Province("31", "上海市", "Shanghai", ("沪",)),
    Province("32", "江苏省", "Jiangsu", ("苏",)),
    Province("33", "浙江省", "Zhejiang", ("浙",)),
    Province("34", "安徽省", "Anhui", ("皖",)),
    Province("35", "福建省", "Fujian", ("闽",)),
    Province("36", "江西省", "Jiangxi", ("赣",)),
    Province("37", "山东省", "Shandong", ("鲁",)),
    Province("41", "河南省", "Henan", ("豫",)),
    Province("42", "湖北省", "Hubei", ("鄂",)),
    Province("43", "湖南省", "Hunan", ("湘",)),
    Province("44", "广东省", "Guangdong", ("粤",)),
    Province("45", "广西壮族自治区", "Guangxi", ("桂",)),
    Province("46", "海南省", "Hainan", ("琼",)),
    Province("50", "重庆市", "Chongqing", ("渝",)),
    Province("51", "四川省", "Sichuan", ("川", "蜀")),
    Province("52", "贵州省", "Guizhou", ("黔", "贵")),
    Province("53", "云南省", "Yunnan", ("滇", "云")),
    Province("54", "西藏自治区", "Tibet", ("藏",)),
    Province("61", "陕西省", "Shaanxi", ("陕", "秦")),
    Province("62", "甘肃省", "Gansu", ("甘", "陇")),
    Province("63", "青海省", "Qinghai", ("青",)),
    Province("64", "宁夏回族自治区", "Ningxia", ("宁",)),
    Province("65", "新疆维吾尔自治区", "Xinjiang", ("新",)),
)
BY_ABBREVIATION = {a: p for p in PROVINCES for a in p.abbreviations}
BY_CODE = {p.code: p for p in PROVINCES}
_PREFIXES = "".join(BY_ABBREVIATION)


def province_of(prefix: str) -> Province | None:
    return BY_ABBREVIATION.get(prefix)


# --- ICP ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IcpNumber:
    """``粤ICP备18065432号-1``: filing (备) or licence (证), main number, site suffix."""

    prefix: str
    kind: str  # "filing" (备) or "licence" (证, 经营许可证) or "b2" (增值电信业务经营许可证)
    number: str
    site: int | None
    province: Province

    @property
    def main(self) -> str:
        """The main number, without the ``-n`` site suffix (what the register is keyed by)."""
        if self.kind == "b2":
            return f"{self.prefix}B2-{self.number}"
        char = "备" if self.kind == "filing" else "证"
        return f"{self.prefix}ICP{char}{self.number}号"

    @property
    def text(self) -> str:
        return self.main + (f"-{self.site}" if self.site is not None else "")

    @property
    def new_style(self) -> bool:
        """Ten-digit numbers beginning with the year (e.g. 2023045678), used since ~2019."""
        return len(self.number) == 10 and self.number[:2] == "20"


ICP_RE = re.compile(
    rf"(?P<prefix>[{_PREFIXES}])\s*ICP\s*(?P<char>[备証证])\s*[:：]?\s*(?P<num>[0-9]{{4,12}})\s*号?"
    r"(?:\s*[-－—]\s*(?P<site>[0-9]{1,4}))?",
    re.IGNORECASE,
)
B2_RE = re.compile(rf"(?P<prefix>[{_PREFIXES}])\s*B2\s*[-－]\s*(?P<num>[0-9]{{8}})")


def _icp_from_match(m: re.Match[str]) -> IcpNumber:
    prefix = m.group("prefix")
    char = m.group("char")
    site = m.group("site")
    return IcpNumber(
        prefix=prefix,
        kind="filing" if char == "备" else "licence",
        number=m.group("num"),
        site=int(site) if site else None,
        province=BY_ABBREVIATION[prefix],
    )


def find_icp(text: str) -> list[tuple[IcpNumber, int, int]]:
    """Every ICP filing/licence number in ``text``, with its span."""
    out = [(_icp_from_match(m), m.start(), m.end()) for m in ICP_RE.finditer(text)]
    for m in B2_RE.finditer(text):
        prefix = m.group("prefix")
        out.append(
            (IcpNumber(prefix, "b2", m.group("num"), None, BY_ABBREVIATION[prefix]), *m.span())
        )
    return out


def parse_icp(text: str) -> IcpNumber | None:
    m = ICP_RE.search(text)
    return _icp_from_match(m) if m else None


# --- public-security filing (公安备案) -------------------------------------------


@dataclass(frozen=True, slots=True)
class PsbNumber:
    """``京公网安备 11010802020088号``: 14 digits, the first six an administrative division."""

    number: str
    prefix: str | None

    @property
    def province(self) -> Province | None:
        return BY_CODE.get(self.number[:2])

    @property
    def division(self) -> str:
        return self.number[:6]

    @property
    def text(self) -> str:
        return f"{self.prefix or ''}公网安备 {self.number}号"


PSB_RE = re.compile(
    rf"(?:(?P<prefix>[{_PREFIXES}])\s*公网安备\s*[:：]?\s*(?P<num>[0-9]{{14}})"
    r"|(?:Public\s+Security\s+(?:Filing|Record|Registration)(?:\s+No\.?|\s+Number)?"
    r"|公安备案号|公安机关备案号|recordcode=)\s*[:：]?\s*(?P<num2>[0-9]{14}))",
    re.IGNORECASE,
)


def find_psb(text: str) -> list[tuple[PsbNumber, int, int]]:
    out = []
    for m in PSB_RE.finditer(text):
        number = m.group("num") or m.group("num2")
        if number[:2] not in BY_CODE:
            continue
        out.append((PsbNumber(number, m.group("prefix")), m.start(), m.end()))
    return out


def parse_psb(text: str) -> PsbNumber | None:
    found = find_psb(text)
    return found[0][0] if found else None


# --- Unified Social Credit Code (GB 32100-2015) --------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
USCC_RE = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])"
)


def uscc_check_char(first17: str) -> str:
    """The check character of a code's first 17 characters (ValueError if not allowed)."""
    if len(first17) != 17:
        raise ValueError(f"need 17 characters, got {len(first17)}")
    total = 0
    for ch, weight in zip(first17.upper(), _WEIGHTS, strict=True):
        if ch not in _VALUE:
            raise ValueError(f"character {ch!r} is not allowed in a USCC")
        total += _VALUE[ch] * weight
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    """True for an 18-character code whose check character is right.

    The registration authority (first character) may be a digit or a letter
    (e.g. ``A`` for central-government bodies' other organisations, ``N`` for
    agricultural bodies, ``Y`` for others); only the alphabet and the check
    character are enforced, plus six division digits.
    """
    code = code.strip().upper()
    if len(code) != 18 or any(ch not in _VALUE for ch in code):
        return False
    if not code[2:8].isdigit():
        return False
    return uscc_check_char(code[:17]) == code[17]


def find_uscc(text: str) -> list[tuple[str, int, int]]:
    return [
        (m.group(), m.start(), m.end()) for m in USCC_RE.finditer(text) if uscc_valid(m.group())
    ]


def uscc_province(code: str) -> Province | None:
    return BY_CODE.get(code[2:4]) if len(code) >= 4 else None
