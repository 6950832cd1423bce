from __future__ import annotations

import base64

import httpx
import mmh3
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsguard.domain.enums import ObservableKind as K
from rightsguard.identify.pagefacts import favicon_hash, page_facts
from rightsguard.identify.providers import Directory
from rightsguard.sandbox import Sandbox, world


def _values(facts, kind):  # type: ignore[no-untyped-def]
    return {f.value for f in facts if f.kind is kind}


def test_lookalike_pages_show_the_operator(sb: Sandbox, client: httpx.Client) -> None:
    for host in world.INFRINGER_HOSTS:
        facts = []
        for path in ("/", "/about.html"):
            r = client.get(sb.url(host, path))
            facts += page_facts(r.text, str(r.url))
        assert _values(facts, K.ANALYTICS_ID) == {f"baidu_tongji:{world.BAIDU_TONGJI_ID}"}
        assert world.OPERATOR_EMAIL in _values(facts, K.EMAIL)
        assert _values(facts, K.PHONE) == {world.OPERATOR_PHONE_E164}  # three formats, no QQ
        assert f"wechat:{world.OPERATOR_WECHAT}" in _values(facts, K.MESSENGER_HANDLE)
        assert f"qq:{world.OPERATOR_QQ}" in _values(facts, K.MESSENGER_HANDLE)
        assert _values(facts, K.PSB_NUMBER) == {world.PSB_NUMBER}
        assert _values(facts, K.USCC) == {world.SITE_COMPANY[host].uscc}
        assert world.SITE_COMPANY[host].name_zh in _values(facts, K.COMPANY_NAME)
        icp = next(f for f in facts if f.kind is K.ICP_NUMBER)
        assert icp.detail["raw"].replace(" ", "") == world.SITE_ICP[host]
        assert icp.detail["authority"] == "广东省通信管理局"
        loc = icp.detail["location"]
        assert loc["section"] == "footer" and loc["offset"] > 0
        assert icp.detail["source_url"].startswith(f"http://{host}")


def test_marketplace_furniture_is_the_platforms(sb: Sandbox, client: httpx.Client) -> None:
    directory = Directory.load(sandbox=True)
    r = client.get(sb.url(world.MALL_HOST, "/shop/8812345.html"))
    facts = page_facts(
        r.text,
        str(r.url),
        shop_patterns=directory.shop_patterns(),
        platform_sections=frozenset({"header", "footer"}),
    )
    by_owner = {(f.value, f.detail.get("owner")) for f in facts if f.kind is K.USCC}
    assert (world.OPERATOR.uscc, None) in by_owner
    assert (world.MALL_OPERATOR.uscc, "platform") in by_owner
    shops = _values(facts, K.SHOP_ID)
    assert "gouwu-tianxia:shop:8812345" in shops
    assert "gouwu-tianxia:listing:600123451" in shops


def test_analytics_and_payment_forms() -> None:
    html = """<html><head>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-AB12CD34EF"></script>
    <script>gtag('config', 'G-AB12CD34EF'); ga('create', 'UA-1234567-2', 'auto');
    (function(w,d,s,l,i){})(window,document,'script','dataLayer','GTM-K9X7PQ');
    fbq('init', '123456789012345');</script>
    <script src="https://s9.cnzz.com/z_stat.php?id=1278123456&web_id=1278123456"></script>
    </head><body><main><p>支付宝账号：pay@shop.cn ｜ 银行卡号：6222 0212 3456 7890 128</p>
    <p>Contact us: +1 (415) 555-0132 or sales@example.com</p>
    <p>地址：上海市浦东新区世纪大道100号20层</p></main></body></html>"""
    facts = page_facts(html, "https://shop.example/")
    ids = _values(facts, K.ANALYTICS_ID)
    assert {
        "google_ga4:G-AB12CD34EF",
        "google_ua:UA-1234567-2",
        "google_gtm:GTM-K9X7PQ",
        "facebook_pixel:123456789012345",
        "cnzz:1278123456",
    } <= ids
    assert "alipay:pay@shop.cn" in _values(facts, K.PAYMENT_ACCOUNT)
    assert "+14155550132" in _values(facts, K.PHONE)
    assert "sales@example.com" in _values(facts, K.EMAIL)
    assert any(v.startswith("上海市浦东新区") for v in _values(facts, K.POSTAL_ADDRESS))


def test_favicon_hash_is_shodan_style(sb: Sandbox, client: httpx.Client) -> None:
    data = client.get(sb.url(world.OUTLET_HOST, "/favicon.ico")).content
    assert favicon_hash(data) == mmh3.hash(base64.encodebytes(data))
    other = client.get(sb.url(world.STORE_HOST, "/favicon.ico")).content
    assert favicon_hash(other) == favicon_hash(data)  # the operator's favicon on both
    official = client.get(sb.url(world.OFFICIAL_HOST, "/favicon.ico")).content
    assert favicon_hash(official) != favicon_hash(data)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_arbitrary_text_never_crashes(text: str) -> None:
    page_facts(text, "http://x.example/")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<footer>",
                "</div>",
                "<script>",
                "<a href='tel:+8613800138000'>",
                "粤ICP备",
                "2023045678号-1",
                "QQ:",
                "12345678",
                "微信：",
                "wx_abc123",
                "91440300MA5G1K2R4C",
                "@",
                "a@b.cn",
                "<",
                "&amp;",
                "hm.js?",
                "0" * 32,
                "地址：",
                "广东省深圳市南山区科技园1号",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_html_fragments_never_crash(html: str) -> None:
    for fact in page_facts(html, "http://x.example/"):
        assert fact.value
