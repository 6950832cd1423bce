"""The invented test world the sandbox serves, as constants.

Everything here is made up for tests and the demo: a rights holder (AURORIX /
极光), one operator running three look-alike sites, and a third-party
marketplace with counterfeit listings. Tests and the demo refer to these names
instead of repeating literals; the site templates under ``sites/`` receive them
as placeholders, so a fact changed here changes on every page.

Deliberate differences for later rules to find:

* ``jiguang-guanwang.cn`` names a *related* company (``OPERATOR_RELATED``)
  instead of the operator, and shows an ICP number filed by an unrelated
  company for another domain (``MISMATCHED_ICP``).
* The three sites format the same phone number three ways.

Shared identifiers that tie the three sites to one operator: the Baidu Tongji
ID, the e-mail, the phone, the WeChat and QQ handles, the public-security
filing number, the favicon and product images, and the ICP filing
``粤ICP备18065432号`` (sites -1 and -2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rightsguard.domain.enums import Control, TargetKind

# --- host names -----------------------------------------------------------

OFFICIAL_HOST = "aurorix.com"
OUTLET_HOST = "aurorix-outlet.cn"
STORE_HOST = "aurorix-official-store.com"
GUANWANG_HOST = "jiguang-guanwang.cn"
MALL_HOST = "mall.gouwu-tianxia.cn"
BAIDU_TONGJI_HOST = "hm.baidu.com"

INFRINGER_HOSTS = (OUTLET_HOST, STORE_HOST, GUANWANG_HOST)
SITE_HOSTS = (OFFICIAL_HOST, *INFRINGER_HOSTS, MALL_HOST, BAIDU_TONGJI_HOST)
#: ``www.`` names served as the same site.
HOST_ALIASES = {f"www.{h}": h for h in (OFFICIAL_HOST, *INFRINGER_HOSTS)}


# --- the rights holder ----------------------------------------------------

BRAND = "AURORIX"
MARK_ZH = "极光"
MARK_PINYIN = "jiguang"


@dataclass(frozen=True, slots=True)
class Company:
    name_zh: str
    name_en: str
    uscc: str  # 统一社会信用代码, valid per GB 32100-2015
    address_zh: str = ""


@dataclass(frozen=True, slots=True)
class Trademark:
    mark: str
    office: str
    registration_number: str
    classes: tuple[int, ...]
    registered_on: date
    expires_on: date
    owner: str


RIGHTS_HOLDER = Company(
    name_zh="极光智能科技有限公司",
    name_en="Aurorix Smart Technology Co., Ltd.",
    uscc="91330106MA2CFX8N2E",
    address_zh="浙江省杭州市西湖区文三路199号极光大厦",
)
RIGHTS_HOLDER_EMAIL = "legal@aurorix.com"
RIGHTS_HOLDER_PHONE = "0571-8765 4321"
RIGHTS_HOLDER_ICP = "浙ICP备19012345号-1"
RIGHTS_HOLDER_PSB = "浙公网安备 33010602011234号"

TRADEMARKS = (
    Trademark(
        BRAND,
        "CNIPA",
        "41234567",
        (9,),
        date(2020, 6, 14),
        date(2030, 6, 13),
        RIGHTS_HOLDER.name_zh,
    ),
    Trademark(
        MARK_ZH,
        "CNIPA",
        "41234568",
        (9,),
        date(2020, 6, 14),
        date(2030, 6, 13),
        RIGHTS_HOLDER.name_zh,
    ),
    Trademark(
        BRAND, "CNIPA", "41234569", (11,), date(2020, 8, 7), date(2030, 8, 6), RIGHTS_HOLDER.name_zh
    ),
)


# --- the infringer: one operator, three sites -----------------------------

OPERATOR = Company(
    name_zh="深圳市晨曦优品贸易有限公司",
    name_en="Shenzhen Chenxi Youpin Trading Co., Ltd.",
    uscc="91440300MA5G1K2R4C",
    address_zh="广东省深圳市龙华区民治街道星河路18号创意园B栋1206",
)
#: Named on jiguang-guanwang.cn instead of the operator: same people, other shell.
OPERATOR_RELATED = Company(
    name_zh="深圳市晨曦优品电子商务有限公司",
    name_en="Shenzhen Chenxi Youpin E-commerce Co., Ltd.",
    uscc="91440300MA5H7Q3W11",
    address_zh="广东省深圳市龙华区民治街道星河路18号创意园B栋1208",
)
OPERATOR_EMAIL = "kefu@chenxi-youpin.cn"
OPERATOR_PHONE_E164 = "+8675526917788"
#: The same number as each site prints it.
OPERATOR_PHONE_DISPLAY = {
    OUTLET_HOST: "0755-26917788",
    STORE_HOST: "+86 755 2691 7788",
    GUANWANG_HOST: "(0755) 2691 7788",
}
OPERATOR_WECHAT = "aurorix_kefu888"
OPERATOR_QQ = "2890017788"
BAIDU_TONGJI_ID = "8dbef910e66d33e38fafd2a29d8ce522"
PSB_NUMBER = "44030502009876"

#: ICP filing shown in each look-alike site's footer.
SITE_ICP = {
    OUTLET_HOST: "粤ICP备18065432号-1",
    STORE_HOST: "粤ICP备18065432号-2",
    GUANWANG_HOST: "粤ICP备2023045678号-1",  # new ten-digit style, mismatched
}
MISMATCHED_ICP = SITE_ICP[GUANWANG_HOST]


@dataclass(frozen=True, slots=True)
class IcpRecord:
    """What the filing system would say about a main ICP number."""

    number: str
    holder: Company
    domains: tuple[str, ...]


#: Stand-in for the MIIT filing register, keyed by main number (no ``-n`` suffix).
ICP_RECORDS = {
    "粤ICP备18065432号": IcpRecord("粤ICP备18065432号", OPERATOR, (OUTLET_HOST, STORE_HOST)),
    "粤ICP备2023045678号": IcpRecord(
        "粤ICP备2023045678号",
        Company(
            "广州市青禾文化传播有限公司",
            "Guangzhou Qinghe Culture Communication Co., Ltd.",
            "91440101MA5CQ8LD06",
        ),
        ("qinghe-wenhua.cn",),
    ),
    "浙ICP备19012345号": IcpRecord("浙ICP备19012345号", RIGHTS_HOLDER, (OFFICIAL_HOST,)),
}

#: Company named in each look-alike site's footer.
SITE_COMPANY = {
    OUTLET_HOST: OPERATOR,
    STORE_HOST: OPERATOR,
    GUANWANG_HOST: OPERATOR_RELATED,
}


# --- products -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name_zh: str
    name_en: str
    price_cny: str
    price_usd: str
    copies: str = ""  # the genuine model's sku, for counterfeits


GENUINE_PRODUCTS = (
    Product("nova-s3", "极光 Nova S3 智能手表", "AURORIX Nova S3 Smartwatch", "1299.00", "179.00"),
    Product(
        "halo-pro", "极光 Halo Pro 降噪耳机", "AURORIX Halo Pro ANC Earbuds", "799.00", "109.00"
    ),
    Product("lumi-a1", "极光 Lumi A1 护眼台灯", "AURORIX Lumi A1 Desk Lamp", "399.00", "55.00"),
    Product(
        "pulse-mini", "极光 Pulse Mini 蓝牙音箱", "AURORIX Pulse Mini Speaker", "299.00", "42.00"
    ),
)

#: The operator's catalogue, shared by its three sites (same images too).
COUNTERFEIT_PRODUCTS = (
    Product(
        "AX-W3",
        "极光 Nova S3 智能手表 官方正品",
        "AURORIX Nova S3 Smartwatch (Genuine)",
        "259.00",
        "36.00",
        copies="nova-s3",
    ),
    Product(
        "AX-E2",
        "极光 Halo Pro 无线降噪耳机",
        "AURORIX Halo Pro Wireless Earbuds",
        "129.00",
        "18.50",
        copies="halo-pro",
    ),
    Product(
        "AX-L1",
        "极光 Lumi 护眼台灯 学生款",
        "AURORIX Lumi Desk Lamp, Student Edition",
        "89.00",
        "12.90",
        copies="lumi-a1",
    ),
    Product(
        "AX-S1",
        "极光 Pulse 迷你音箱",
        "AURORIX Pulse Mini Speaker",
        "69.00",
        "9.90",
        copies="pulse-mini",
    ),
)


# --- the marketplace --------------------------------------------------------

MALL_NAME_ZH = "购物天下商城"
MALL_NAME_EN = "Gouwu Tianxia Mall"
MALL_PLATFORM = "gouwu-tianxia"
MALL_OPERATOR = Company(
    name_zh="购物天下（杭州）网络科技有限公司",
    name_en="Gouwu Tianxia (Hangzhou) Network Technology Co., Ltd.",
    uscc="91330110MA27Y3UB10",
    address_zh="浙江省杭州市余杭区文一西路1000号",
)
MALL_IPR_EMAIL = "ipr@gouwu-tianxia.cn"
MALL_ICP = "浙ICP备18000123号-1"


@dataclass(frozen=True, slots=True)
class Shop:
    shop_id: str
    name: str
    company: Company


@dataclass(frozen=True, slots=True)
class Listing:
    item_id: str
    title: str
    price_cny: str
    shop_id: str
    copies: str


MALL_SHOPS = (
    # The operator again: its licence on the shop page links it to the three sites.
    Shop("8812345", "极光智能数码专营店", OPERATOR),
    Shop(
        "9903377",
        "佳禾潮流好物小店",
        Company(
            "义乌市佳禾电子商行",
            "Yiwu Jiahe Electronics Store",
            "92330782MA2HX7K964",
            "浙江省义乌市稠城街道工人北路88号",
        ),
    ),
)
MALL_LISTINGS = (
    Listing(
        "600123451",
        "【官方正品】极光 AURORIX Nova S3 智能手表 运动心率血氧",
        "239.00",
        "8812345",
        "nova-s3",
    ),
    Listing(
        "600123452", "极光 Halo Pro 无线降噪蓝牙耳机 AURORIX 同款", "119.00", "8812345", "halo-pro"
    ),
    Listing("600123453", "AURORIX 极光 Lumi 护眼台灯 学生宿舍 LED", "79.00", "8812345", "lumi-a1"),
    Listing("600123454", "极光 Pulse 迷你蓝牙音箱 便携 AURORIX", "59.00", "9903377", "pulse-mini"),
)


def shop(shop_id: str) -> Shop:
    return next(s for s in MALL_SHOPS if s.shop_id == shop_id)


# --- the search export ------------------------------------------------------

EXPORT_COLUMNS = ("url", "kind", "title", "platform", "control", "note")


@dataclass(frozen=True, slots=True)
class ExportRow:
    """A row of ``/search.csv``; ``host`` and ``path`` become the ``url`` column."""

    host: str
    path: str
    kind: TargetKind
    title: str
    platform: str
    control: Control
    note: str
    keywords: str  # what a search matches besides the title


_KW = f"{BRAND} {MARK_ZH} {MARK_PINYIN}"

EXPORT_ROWS = (
    ExportRow(
        OUTLET_HOST,
        "/",
        TargetKind.DOMAIN,
        "极光官方折扣店 AURORIX Outlet",
        "web",
        Control.INFRINGER,
        "look-alike shop (zh-CN)",
        _KW,
    ),
    ExportRow(
        STORE_HOST,
        "/",
        TargetKind.DOMAIN,
        "AURORIX Official Store",
        "web",
        Control.INFRINGER,
        "look-alike shop (en)",
        _KW,
    ),
    ExportRow(
        GUANWANG_HOST,
        "/",
        TargetKind.DOMAIN,
        "极光官网 - 极光智能官方网站",
        "web",
        Control.INFRINGER,
        "fake official site",
        _KW,
    ),
    ExportRow(
        OUTLET_HOST,
        "/product/AX-W3.html",
        TargetKind.URL,
        COUNTERFEIT_PRODUCTS[0].name_zh,
        "web",
        Control.INFRINGER,
        "counterfeit product page",
        _KW,
    ),
    *(
        ExportRow(
            MALL_HOST,
            f"/item/{li.item_id}.html",
            TargetKind.LISTING,
            li.title,
            MALL_PLATFORM,
            Control.THIRD_PARTY,
            f"seller shop {li.shop_id}",
            _KW,
        )
        for li in MALL_LISTINGS
    ),
    ExportRow(
        MALL_HOST,
        "/shop/8812345.html",
        TargetKind.SHOP,
        MALL_SHOPS[0].name,
        MALL_PLATFORM,
        Control.THIRD_PARTY,
        "seller shop of the look-alike operator",
        _KW,
    ),
)


# --- registration and network facts (RDAP, WHOIS, DNS servers) -------------
# Appended for the identify layer. Every name, number and address is invented;
# IPs are loopback (127.0.0.0/8) so nothing can leave the machine.


@dataclass(frozen=True, slots=True)
class Registrar:
    name: str
    iana_id: str | None
    abuse_email: str
    abuse_phone: str = ""
    whois_host: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class DomainRecord:
    """What the registry and registrar know about one registered domain."""

    domain: str
    registrar: Registrar
    registrant_name: str
    registrant_org: str
    registrant_email: str
    registered: date
    expires: date
    name_servers: tuple[str, ...]
    status: tuple[str, ...] = ("clientTransferProhibited",)
    redacted: bool = False  # GDPR-era record: registrant hidden
    privacy_proxy: str = ""  # a privacy service named in place of the registrant
    registrant_country: str = "CN"
    registrant_province: str = ""


SANDBOX_RDAP_REGISTRY_HOST = "rdap.registry.sandbox.test"
SANDBOX_RDAP_REGISTRAR_HOST = "rdap.registrar.sandbox.test"
SANDBOX_RDAP_RIR_HOST = "rdap.rir.sandbox.test"
SANDBOX_WHOIS_REGISTRY_HOST = "whois.registry.sandbox.test"
SANDBOX_WHOIS_REGISTRAR_HOST = "whois.harbour-names.sandbox.test"

REGISTRAR_CN = Registrar(
    name="云途数码域名注册服务有限公司",
    iana_id=None,
    abuse_email="abuse@yuntu-domains.cn",
    abuse_phone="+86.2088886666",
)
REGISTRAR_COM = Registrar(
    name="Harbour Names Ltd.",
    iana_id="4321",
    abuse_email="abuse@harbour-names.test",
    abuse_phone="+1.5555550100",
    whois_host=SANDBOX_WHOIS_REGISTRAR_HOST,
    url="https://harbour-names.test",
)
PRIVACY_PROXY = "Shield Privacy Services Ltd."

OPERATOR_NAME_SERVERS = ("ns1.yuntu-dns.cn", "ns2.yuntu-dns.cn")

DOMAIN_RECORDS = {
    "aurorix-outlet.cn": DomainRecord(
        domain="aurorix-outlet.cn",
        registrar=REGISTRAR_CN,
        registrant_name="陈晓东",
        registrant_org=OPERATOR.name_zh,
        registrant_email=OPERATOR_EMAIL,
        registered=date(2024, 9, 3),  # under 3 years: CNDRP is open
        expires=date(2026, 9, 3),
        name_servers=OPERATOR_NAME_SERVERS,
        status=("clientTransferProhibited", "serverDeleteProhibited"),
        registrant_province="广东",
    ),
    "jiguang-guanwang.cn": DomainRecord(
        domain="jiguang-guanwang.cn",
        registrar=REGISTRAR_CN,
        registrant_name="陈晓东",
        registrant_org=OPERATOR_RELATED.name_zh,
        registrant_email=OPERATOR_EMAIL,
        registered=date(2021, 4, 18),  # over 3 years: CNDRP is closed
        expires=date(2027, 4, 18),
        name_servers=OPERATOR_NAME_SERVERS,
        registrant_province="广东",
    ),
    "aurorix-official-store.com": DomainRecord(
        domain="aurorix-official-store.com",
        registrar=REGISTRAR_COM,
        registrant_name="REDACTED FOR PRIVACY",
        registrant_org=PRIVACY_PROXY,
        registrant_email="",
        registered=date(2024, 2, 11),
        expires=date(2027, 2, 11),
        name_servers=OPERATOR_NAME_SERVERS,
        redacted=True,
        privacy_proxy=PRIVACY_PROXY,
        registrant_province="Guangdong",
    ),
    "aurorix.com": DomainRecord(
        domain="aurorix.com",
        registrar=REGISTRAR_COM,
        registrant_name="Legal Department",
        registrant_org=RIGHTS_HOLDER.name_en,
        registrant_email=RIGHTS_HOLDER_EMAIL,
        registered=date(2012, 5, 30),
        expires=date(2031, 5, 30),
        name_servers=("ns1.aurorix.com", "ns2.aurorix.com"),
        registrant_province="Zhejiang",
    ),
    "gouwu-tianxia.cn": DomainRecord(
        domain="gouwu-tianxia.cn",
        registrar=REGISTRAR_CN,
        registrant_name="购物天下（杭州）网络科技有限公司",
        registrant_org=MALL_OPERATOR.name_zh,
        registrant_email="domains@gouwu-tianxia.cn",
        registered=date(2015, 1, 9),
        expires=date(2030, 1, 9),
        name_servers=("ns1.gouwu-tianxia.cn", "ns2.gouwu-tianxia.cn"),
        registrant_province="浙江",
    ),
    # registered look-alikes with no site yet (found by DNS)
    "aurorix-sale.cn": DomainRecord(
        domain="aurorix-sale.cn",
        registrar=REGISTRAR_CN,
        registrant_name="陈晓东",
        registrant_org="",
        registrant_email=OPERATOR_EMAIL,
        registered=date(2026, 6, 1),
        expires=date(2027, 6, 1),
        name_servers=OPERATOR_NAME_SERVERS,
        registrant_province="广东",
    ),
    "jiguang-shop.com": DomainRecord(
        domain="jiguang-shop.com",
        registrar=REGISTRAR_COM,
        registrant_name="REDACTED FOR PRIVACY",
        registrant_org="",
        registrant_email="",
        registered=date(2025, 11, 20),
        expires=date(2026, 11, 20),
        name_servers=("ns1.parking-sandbox.test", "ns2.parking-sandbox.test"),
        redacted=True,
    ),
}
LOOKALIKE_REGISTERED = ("aurorix-sale.cn", "jiguang-shop.com")


@dataclass(frozen=True, slots=True)
class Network:
    """An IP block as its regional registry publishes it."""

    cidr: str
    handle: str
    name: str
    owner: str
    country: str
    abuse_email: str
    asn: int


NETWORKS = (
    Network(
        "127.0.80.0/24",
        "SBX-NET-80",
        "NANFENG-SHARED-HOSTING",
        "南风云主机有限公司 Nanfeng Cloud Hosting Co., Ltd.",
        "CN",
        "abuse@nanfeng-cloud.test",
        64580,
    ),
    Network(
        "127.0.90.0/24",
        "SBX-NET-90",
        "SKYEDGE-CDN",
        "SkyEdge CDN Inc.",
        "US",
        "abuse@skyedge-cdn.test",
        64590,
    ),
    Network(
        "127.0.70.0/24",
        "SBX-NET-70",
        "HANGZHOU-IDC",
        "杭州数据港服务有限公司 Hangzhou IDC Services Co., Ltd.",
        "CN",
        "abuse@hz-idc.test",
        64570,
    ),
)

#: A records. The two .cn look-alikes share a shared-hosting IP (a weak link only).
HOST_IPS = {
    OFFICIAL_HOST: "127.0.70.10",
    OUTLET_HOST: "127.0.80.11",
    GUANWANG_HOST: "127.0.80.11",
    STORE_HOST: "127.0.90.12",
    MALL_HOST: "127.0.70.20",
    "aurorix-sale.cn": "127.0.80.11",
    "jiguang-shop.com": "127.0.90.99",
}
HOST_IPV6 = {OFFICIAL_HOST: "::1"}
#: CNAMEs: the .com look-alike sits behind the CDN.
HOST_CNAMES = {f"www.{STORE_HOST}": "aurorix-store.skyedge-cdn.test"}
CDN_HOST_IP = {"aurorix-store.skyedge-cdn.test": "127.0.90.12"}
MX_HOSTS = {
    OUTLET_HOST: "mx.chenxi-youpin.cn",
    STORE_HOST: "mx.chenxi-youpin.cn",
    GUANWANG_HOST: "mx.chenxi-youpin.cn",
    OFFICIAL_HOST: "mx.aurorix.com",
}
SPF_TXT = {
    OUTLET_HOST: "v=spf1 include:spf.chenxi-youpin.cn ~all",
    STORE_HOST: "v=spf1 include:spf.chenxi-youpin.cn ~all",
    GUANWANG_HOST: "v=spf1 include:spf.chenxi-youpin.cn ~all",
}
SANDBOX_DNS_HOST = "127.0.0.5"


# --- stand-in inboxes of authorities and dispute providers (sandbox only) ---
# Real authorities take complaints through portals; in the sandbox, mail to these
# addresses lands in the sandbox SMTP server, so the demo can show it received.

SANDBOX_CA_GUANGDONG_EMAIL = "jubao@gdca.sandbox.test"
SANDBOX_ODRC_EMAIL = "domain-disputes@odrc.sandbox.test"
