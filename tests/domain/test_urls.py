"""URL normalisation: examples and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.urls import normalize_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM:80/a/./b/../c#frag", "http://example.com/a/c"),
        ("https://shop.cn:443", "https://shop.cn/"),
        ("https://shop.cn:8443/x", "https://shop.cn:8443/x"),
        ("aurorix-outlet.cn", "http://aurorix-outlet.cn/"),
        ("shop.cn:8080/p?q=1", "http://shop.cn:8080/p?q=1"),
        (
            "例子.中国/路径?q=极光",
            "http://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84?q=%E6%9E%81%E5%85%89",
        ),
        ("http://XN--FSQU00A.xn--fiqs8s/", "http://xn--fsqu00a.xn--fiqs8s/"),
        ("http://ＡＢＣ.com/", "http://abc.com/"),
        ("http://x.com/%7euser/%2f%zz", "http://x.com/~user/%2F%25zz"),
        ("http://x.com/a b", "http://x.com/a%20b"),
        ("http://1.2.3.4:80/", "http://1.2.3.4/"),
        ("http://[::1]:8080/", "http://[::1]:8080/"),
        ("  http://x.com/  ", "http://x.com/"),
        ("http://x.com.", "http://x.com/"),
    ],
)
def test_examples(raw: str, expected: str) -> None:
    assert normalize_url(raw).url == expected
    assert normalize_url(raw).original == raw


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("", "empty"),
        ("ftp://x.com/", "scheme 'ftp'"),
        ("javascript:alert(1)", "not an http or https URL"),
        ("http://", "no host"),
        ("http://a b.com/", "not a valid domain name"),
        ("http://x.com:99999/", "Port out of range"),
        ("http://-bad-.com/", "not a valid domain name"),
        ("http://x.com/\x00", "control characters"),
        ("http://" + "a" * 64 + ".com/", "not a valid domain name"),
        ("http://999.1.1.1/", "not a valid domain name"),
    ],
)
def test_rejections_name_the_problem(raw: str, needle: str) -> None:
    with pytest.raises(InvalidValue) as info:
        normalize_url(raw)
    assert needle in info.value.message
    assert info.value.field == "url"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_normalises_or_is_rejected_cleanly(raw: str) -> None:
    try:
        result = normalize_url(raw)
    except InvalidValue:
        return
    assert result.url.isascii()
    assert normalize_url(result.url).url == result.url  # idempotent


url_parts = st.builds(
    lambda scheme, labels, tld, port, path, query: (
        f"{scheme}://{'.'.join(labels)}.{tld}{port}/{path}" + (f"?{query}" if query else "")
    ),
    st.sampled_from(["http", "https", "HTTP", "HtTpS"]),
    st.lists(
        st.from_regex(r"[a-zA-Z0-9\u4e00-\u9fff]{1,12}", fullmatch=True), min_size=1, max_size=3
    ),
    st.sampled_from(["cn", "com", "中国", "com.cn"]),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(url_parts)
def test_plausible_urls_are_idempotent_and_ascii(raw: str) -> None:
    try:
        result = normalize_url(raw)
    except InvalidValue:
        return
    assert result.url.isascii()
    assert "#" not in result.url
    assert normalize_url(result.url) == normalize_url(result.url)
    assert normalize_url(result.url).url == result.url
