"""Fuzz targets for every parser and importer, shared by the tests and ``bench/fuzz.py``.

Each :class:`Target` names a parser, a Hypothesis strategy that mostly *mutates
real valid samples* (the sandbox's own WHOIS and RDAP replies, its sites' HTML,
the shipped facts examples, import files and e-mail replies) so that the
examples get past the first checks and reach the deep code, and the function
that feeds one example through the parser. The only exceptions a parser may
raise are the documented clean errors (``InputError`` subclasses); anything
else is a crash. :func:`fuzz` runs one target and returns its :class:`Counts`
(examples run, clean errors, crashes, and the minimal failing example that
Hypothesis shrank to).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from rightsguard.domain.errors import InputError

REPO = Path(__file__).resolve().parents[2]
CLEAN_ERRORS: tuple[type[BaseException], ...] = (InputError,)

# --- mutation strategies ---------------------------------------------------------

#: Tokens that parsers of this kind of text tend to trip on.
NASTY_TEXT = [
    "",
    ":",
    "：",
    "\r\n",
    "\n\n",
    "\x00",
    "\ufeff",
    "\u202e",
    "\ud7ff",
    "%",
    "%zz",
    "%00",
    "%e4%b8",
    "&#xD800;",
    "&#99999999;",
    "&amp",
    "<",
    "<!--",
    "<![CDATA[",
    "</",
    "<script>",
    "9" * 40,
    "-1",
    "0000-00-00",
    "2026-02-30T25:61:00Z",
    "9999-12-31T23:59:59+99:00",
    "1e999",
    "NaN",
    "REDACTED FOR PRIVACY",
    "粤ICP备",
    "京公网安备",
    "91440300MA5",
    "xn--",
    "xn--zzz",
    "[::1]",
    "..",
    "/../",
    "@",
    "#",
    "?",
    "\\",
    "\t",
    " " * 50,
    "中" * 300,
    "\\ud800",
    "1" * 4400,
    "[" * 3000,
    "{" * 3000,
]


def _splice(text: str, start: int, end: int, insert: str) -> str:
    return text[:start] + insert + text[end:]


@st.composite
def mutated_text(
    draw: st.DrawFn, samples: list[str], extra: list[str] | None = None, max_ops: int = 5
) -> str:
    """A sample with up to ``max_ops`` edits: deletions, insertions of nasty tokens or
    random text, duplicated spans, swapped lines, truncation."""
    text = draw(st.sampled_from(samples))
    tokens = NASTY_TEXT + (extra or [])
    for _ in range(draw(st.integers(0, max_ops))):
        n = len(text)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 40)))
        op = draw(st.integers(0, 6))
        if op == 0:
            text = _splice(text, a, b, "")
        elif op == 1:
            text = _splice(text, a, a, draw(st.sampled_from(tokens)))
        elif op == 2:
            text = _splice(text, a, b, draw(st.text(max_size=20)))
        elif op == 3:
            text = _splice(text, b, b, text[a:b] * draw(st.integers(1, 30)))
        elif op == 4:
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                i = draw(st.integers(0, len(lines) - 1))
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
                text = "".join(lines)
        elif op == 5:
            text = text[:a]
        else:
            text = _splice(text, a, b, draw(st.sampled_from(tokens)))
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, samples: list[bytes], max_ops: int = 4) -> bytes:
    data = bytearray(draw(st.sampled_from(samples)))
    for _ in range(draw(st.integers(0, max_ops))):
        n = len(data)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 16)))
        op = draw(st.integers(0, 4))
        if op == 0:
            del data[a:b]
        elif op == 1:
            data[a:a] = draw(st.binary(max_size=12))
        elif op == 2 and n:
            i = min(a, n - 1)
            data[i] = draw(st.integers(0, 255))
        elif op == 3:
            data[a:a] = draw(
                st.sampled_from(
                    [b"\xff\xfe", b"\xef\xbb\xbf", b"\x00", b"\r", b'"', b",", b"\n", b"\x81\x30"]
                )
            )
        else:
            data = data[:a]
    return bytes(data)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(NASTY_TEXT),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@st.composite
def mutated_json(
    draw: st.DrawFn, samples: list[Any], keys: list[str] | None = None, max_ops: int = 4
) -> Any:
    """A deep copy of a sample with up to ``max_ops`` edits at random places: a value
    replaced (by any JSON value, a nasty string, or another part of the document), a
    key deleted or added, a list emptied or repeated, a scalar wrapped in a list."""
    doc = json.loads(json.dumps(draw(st.sampled_from(samples))))
    for _ in range(draw(st.integers(1, max_ops))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        parent: Any = None
        node = doc
        for step in path:
            parent, node = node, node[step]
        op = draw(st.integers(0, 5))
        if op == 0:
            new: Any = draw(json_values)
        elif op == 1:  # another part of the document, copied here
            other: Any = doc
            for step in draw(st.sampled_from(paths)):
                other = other[step]
            new = json.loads(json.dumps(other))
        elif op == 2:
            new = [node]
        elif op == 3 and isinstance(node, dict):
            node[draw(st.sampled_from((keys or []) + ["", "x"]))] = draw(json_values)
            continue
        elif op == 4 and parent is not None:
            if isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.pop(path[-1])
            continue
        else:
            new = draw(st.sampled_from([None, "", 0, -1, True, [], {}, "x" * 5000, 10**30]))
        if parent is None:
            doc = new
        else:
            parent[path[-1]] = new
    return doc


# --- the harness -----------------------------------------------------------------


@dataclass
class Counts:
    target: str
    examples: int = 0
    clean_errors: int = 0
    crashes: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.target:<14} examples {self.examples:>6}  clean errors "
            f"{self.clean_errors:>6}  crashes {self.crashes}"
        )


@dataclass
class Target:
    name: str
    strategy: Callable[[], st.SearchStrategy[Any]]
    run: Callable[[Any, Any], None]  # (context, example)
    context: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext
    allowed: tuple[type[BaseException], ...] = CLEAN_ERRORS


def _short(example: Any, limit: int = 600) -> str:
    text = repr(example)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def fuzz(target: Target, examples: int, *, seed: int | None = 0) -> Counts:
    """Run ``examples`` generated examples through ``target``; shrink any crash to its
    minimal example (kept in ``Counts.failures`` with the traceback)."""
    counts = Counts(target.name)
    seen: dict[tuple[str, str], str] = {}
    with target.context() as ctx:

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=seed is not None,
            report_multiple_bugs=True,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(target.strategy())
        def one(example: Any) -> None:
            counts.examples += 1
            try:
                target.run(ctx, example)
            except target.allowed:
                counts.clean_errors += 1
            except Exception as exc:
                tb = traceback.extract_tb(exc.__traceback__)[-1]
                key = (type(exc).__name__, f"{tb.filename}:{tb.lineno}")
                # the last example recorded for a key is the shrunk (minimal) one
                seen[key] = (
                    f"{type(exc).__name__}: {exc}\n  at {key[1]}\n"
                    f"  minimal example: {_short(example)}"
                )
                raise

        try:
            one()
        except Exception:
            if not seen:  # a Hypothesis error (health check, bad strategy), not a crash
                raise
    counts.crashes = len(seen)
    counts.failures = list(seen.values())
    return counts


# --- samples -----------------------------------------------------------------------


def whois_samples() -> list[str]:
    from rightsguard.sandbox import whois
    from rightsguard.sandbox import world as w

    out: list[str] = []
    for rec in w.DOMAIN_RECORDS.values():
        out += [
            whois.cnnic_reply(rec),
            whois.thin_reply(rec, "whois.x.test"),
            whois.thick_reply(rec),
        ]
    out.append(
        "% IANA WHOIS server\r\ndomain:       CN\r\nrefer:        whois.cnnic.cn\r\n"
        "created:      1990-11-28\r\nchanged:      2024-06-19\r\n"
    )
    out.append(whois.NO_MATCH)
    return out


def rdap_samples() -> list[Any]:
    from rightsguard.sandbox import rdap
    from rightsguard.sandbox import world as w
    from rightsguard.sandbox.service import SandboxConfig

    out: list[Any] = []
    for rec in w.DOMAIN_RECORDS.values():
        for registrar in (False, True):
            out.append(rdap.domain_reply(rec, "http://rdap.test/", registrar=registrar))
    service = rdap.RdapService(SandboxConfig("127.0.0.5", Path(tempfile.gettempdir())))
    for net in w.NETWORKS:
        first = net.cidr.split("/")[0]
        for reply in (service._ip(first), service._autnum(str(net.asn))):
            assert isinstance(reply.body, bytes)
            out.append(json.loads(reply.body))
    return out


def html_samples() -> list[tuple[str, str]]:
    from rightsguard.sandbox import world as w
    from rightsguard.sandbox.pages import SiteContent

    content = SiteContent()
    out: list[tuple[str, str]] = []
    paths = ["/", "/products.html", "/about.html", "/contact.html", "/search?q=x"]
    paths += [f"/item/{li.item_id}.html" for li in w.MALL_LISTINGS[:3]]
    for host in content.hosts():
        for path in paths:
            page_path, _, query = path.partition("?")
            q = {"q": ["极光"]} if query else {}
            try:
                r = content.render(host, page_path, q, lambda h, p: f"https://{h}{p}")
            except (FileNotFoundError, KeyError):
                continue
            if r is not None and isinstance(r.body, bytes) and "html" in r.content_type:
                out.append((f"https://{host}{path}", r.body.decode("utf-8", "replace")))
    assert out, "the sandbox sites rendered no HTML"
    return out


def facts_samples() -> list[Any]:
    import sys

    sys_path = str(REPO / "tests" / "playbook")
    if sys_path not in sys.path:
        sys.path.insert(0, sys_path)
    from playbook_world import base

    out = [base()]
    for path in sorted((REPO / "docs" / "examples").glob("*.json")):
        out.append(json.loads(path.read_text("utf-8")))
    return out


URL_SAMPLES = [
    "https://shop.aurorix-outlet.cn/item/123.html?spm=a.b#top",
    "http://例子.中国/路径?q=极光",
    "HTTP://User:Pw@WWW.Example.COM:8080/a/./b/../c/%7euser?x=%41",
    "aurorix-outlet.cn",
    "https://[2001:db8::1]:443/",
    "http://127.0.0.1/",
    "https://xn--fiqs8s.xn--fiqz9s/",
    "https://mall.gouwu-tianxia.cn/shop/88.html",
]

TARGET_ROWS = [
    {"url": "https://aurorix-outlet.cn/products.html", "kind": "url", "control": "infringer"},
    {"url": "aurorix-outlet.cn", "kind": "domain", "title": "极光 outlet", "note": "仿冒"},
    {
        "url": "https://mall.gouwu-tianxia.cn/item/1.html",
        "kind": "listing",
        "platform": "购物天下",
        "status": "confirmed",
    },
]


def import_samples() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    columns = ["url", "kind", "control", "status", "platform", "title", "note"]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns)
    writer.writeheader()
    writer.writerows(TARGET_ROWS)
    text = buf.getvalue()
    out += [("csv", text.encode("utf-8")), ("csv", text.encode("utf-8-sig"))]
    out.append(("csv", text.encode("gb18030")))
    out.append(("json", json.dumps(TARGET_ROWS, ensure_ascii=False).encode()))
    out.append(("json", json.dumps({"targets": TARGET_ROWS}).encode()))
    jsonl = "\n".join(json.dumps(r, ensure_ascii=False) for r in TARGET_ROWS)
    out += [("jsonl", jsonl.encode()), ("jsonl", jsonl.encode("gb18030"))]
    return out


REPLY_ID = "<fuzz-sent-1@rightsguard.test>"


def eml_samples() -> list[bytes]:
    out: list[bytes] = []
    plain = EmailMessage()
    plain["From"] = "abuse@reply-host.example"
    plain["To"] = "legal@aurorix.com"
    plain["Subject"] = "Re: notice — 已删除"
    plain["Date"] = "Tue, 01 Sep 2026 10:00:00 +0800"
    plain["In-Reply-To"] = REPLY_ID
    plain["References"] = REPLY_ID
    plain.set_content("我们已删除该页面。\nWe removed the page.")
    out.append(bytes(plain))
    multi = EmailMessage()
    multi["From"] = "=?gb2312?b?1tDOxA==?= <kefu@chenxi-youpin.cn>"
    multi["Subject"] = "=?utf-8?q?Re=3A_=E6=9E=81=E5=85=89?="
    multi["In-Reply-To"] = REPLY_ID
    multi.set_content("see attachment", charset="gb18030")
    multi.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="r.pdf")
    out.append(bytes(multi))
    out.append(b"From: x@y\nSubject: hello\n\nhi\n")
    return out


# --- targets -----------------------------------------------------------------------


def _whois_run(_: Any, text: str) -> None:
    from rightsguard.identify import cn
    from rightsguard.identify.lookup import _decode
    from rightsguard.identify.registration import parse_whois

    reg = parse_whois(text, server="whois.fuzz.test")
    reg.empty  # noqa: B018
    reg.age_days(date(2026, 9, 1))
    reg.merged(parse_whois(_decode(text.encode("gb18030", "replace"))))
    for icp, _s, _e in cn.find_icp(text):
        icp.text  # noqa: B018
        icp.province  # noqa: B018
    cn.parse_icp(text)
    for psb, _s, _e in cn.find_psb(text):
        psb.text  # noqa: B018
        psb.province  # noqa: B018
    for code, _s, _e in cn.find_uscc(text):
        cn.uscc_province(code)


def _rdap_run(_: Any, data: Any) -> None:
    from rightsguard.identify.registration import parse_rdap

    reg = parse_rdap(data, server="http://rdap.fuzz.test/")
    reg.empty  # noqa: B018
    reg.age_days(date(2026, 9, 1))
    reg.merged(reg)


def _html_strategy() -> st.SearchStrategy[Any]:
    samples = html_samples()
    urls = [u for u, _ in samples]
    pages = [h for _, h in samples]
    return st.tuples(
        st.sampled_from(urls) | st.sampled_from([None, "", "http://[", "javascript:x"]),
        mutated_text(pages, extra=["<a href='http://[::1'>", "<base href=//x>", "<title>"]),
    )


def _html_context() -> contextlib.AbstractContextManager[Any]:
    from rightsguard.identify.providers import Directory

    return contextlib.nullcontext(Directory.load().shop_patterns())


def _html_run(patterns: Any, example: tuple[str | None, str]) -> None:
    from rightsguard.discover.page import page_text
    from rightsguard.discover.recheck import normalised_text
    from rightsguard.identify.pagefacts import page_facts

    url, html = example
    page_facts(html, url, shop_patterns=patterns, platform_sections=frozenset({"header"}))
    page_text(html)
    normalised_text(html)


@contextlib.contextmanager
def _store_context() -> Iterator[Any]:
    from rightsguard.store import Store
    from rightsguard.store.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/fuzz.db"
        upgrade(url)
        store = Store(url, "fuzz")
        case = store.cases.new("fuzz")
        try:
            yield store, Path(tmp), case.id
        finally:
            store.close()


def _import_strategy() -> st.SearchStrategy[Any]:
    samples = import_samples()
    by_fmt: dict[str, list[bytes]] = {}
    for fmt, data in samples:
        by_fmt.setdefault(fmt, []).append(data)
    return st.sampled_from(sorted(by_fmt)).flatmap(
        lambda fmt: st.tuples(
            st.just(fmt),
            mutated_bytes(by_fmt[fmt])
            | mutated_text([d.decode("utf-8", "replace") for d in by_fmt[fmt]]).map(
                lambda t: t.encode("utf-8", "surrogatepass")
            )
            | mutated_text([d.decode("utf-8", "replace") for d in by_fmt[fmt]]).map(
                lambda t: t.encode("gb18030", "replace")
            ),
            st.booleans(),
            st.booleans(),
        )
    )


def _import_run(ctx: Any, example: tuple[str, bytes, bool, bool]) -> None:
    from rightsguard.store.target_import import import_targets

    store, tmp, case_id = ctx
    fmt, data, partial, in_case = example
    path = tmp / f"in.{fmt}"
    path.write_bytes(data)
    import_targets(store, path, case_id=case_id if in_case else None, partial=partial)


def _facts_strategy() -> st.SearchStrategy[str]:
    samples = facts_samples()
    texts = [json.dumps(s, ensure_ascii=False, indent=1) for s in samples]
    keys = ["today", "targets", "history", "rights", "captures", "parties", "providers"]
    return mutated_json(samples, keys=keys).map(
        lambda d: json.dumps(d, ensure_ascii=False)
    ) | mutated_text(texts, extra=['"\\ud800"', "1" * 4400, "[" * 3000])


def _facts_run(ctx: Any, text: str) -> None:
    from rightsguard.cli.playbook_cmds import load_facts_file
    from rightsguard.playbook import make_plan

    path = ctx / "facts.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    make_plan(load_facts_file(path, today=date(2026, 9, 25)))


@contextlib.contextmanager
def _tmp_context() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@st.composite
def url_strings(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS", "ftp", "", "javascript", "h\x00ttp"]))
    userinfo = draw(st.sampled_from(["", "u@", "u:p@", "@", "a@b@"]))
    host = draw(
        st.sampled_from(
            [
                "example.com",
                "例子.中国",
                "xn--fiqs8s",
                "127.1",
                "0x7f000001",
                "2130706433",
                "0177.0.0.1",
                "[::ffff:127.0.0.1]",
                "[::1",
                "[fe80::1%25eth0]",
                "a" * 64 + ".com",
                ("a" * 60 + ".") * 5 + "com",
                "-bad-.com",
                "ex ample.com",
                "",
                ".",
                "..com",
                "EXAMPLE.COM.",
                "ß.de",
                "\u200d.com",
            ]
        )
        | st.text(max_size=20)
    )
    port = draw(st.sampled_from(["", ":80", ":0", ":65536", ":-1", ":x", ":99999999999999999999"]))
    path = draw(st.sampled_from(["", "/", "/a/../../b", "/%2e%2e/", "/%", "/中文", "//x"]))
    path += draw(st.text(max_size=10))
    query = draw(st.sampled_from(["", "?a=1&b=%zz", "?" + "x" * 50, "?q=极光"]))
    frag = draw(st.sampled_from(["", "#f", "#%"]))
    return f"{scheme}{'://' if scheme else ''}{userinfo}{host}{port}{path}{query}{frag}"


def _url_run(_: Any, raw: str) -> None:
    from rightsguard.domain.urls import normalize_host, normalize_url

    norm = normalize_url(raw)
    norm.tld  # noqa: B018
    again = normalize_url(norm.url)
    assert again.url == norm.url, f"not idempotent: {norm.url!r} -> {again.url!r}"
    normalize_host(norm.host)


@contextlib.contextmanager
def _reply_context() -> Iterator[Any]:
    from rightsguard.domain.enums import ActionStatus, ActionType
    from rightsguard.store import Store
    from rightsguard.store.actions import ActionRepo
    from rightsguard.workspace import init_workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = init_workspace(Path(tmp) / "ws", {})
        store = Store(ws.database_url, "fuzz")
        case = store.cases.new("fuzz")
        repo = ActionRepo(store)
        with store.transaction() as session:
            row = repo.create(session, case.id, ActionType.CEASE_AND_DESIST, [], {"kind": "fuzz"})
            action_id = row.id
        for status in (ActionStatus.APPROVED, ActionStatus.SENT):
            repo.change(
                action_id,
                "action.fuzz",
                lambda _r, d: d.update(dispatch={"message_id": REPLY_ID}),
                status=status,
            )
        try:
            yield ws, store, Path(tmp)
        finally:
            store.close()


def _reply_run(ctx: Any, data: bytes) -> None:
    from rightsguard.actions.replies import import_reply

    ws, store, tmp = ctx
    path = tmp / "reply.eml"
    path.write_bytes(data)
    import_reply(ws, store, path)


TARGETS: list[Target] = [
    Target("whois", lambda: mutated_text(whois_samples()), _whois_run),
    Target(
        "rdap",
        lambda: mutated_json(
            rdap_samples(),
            keys=["entities", "vcardArray", "events", "roles", "links", "redacted", "publicIds"],
        ),
        _rdap_run,
    ),
    Target("html", _html_strategy, _html_run, _html_context),
    Target("import", _import_strategy, _import_run, _store_context),
    Target("facts", _facts_strategy, _facts_run, _tmp_context),
    Target(
        "urls",
        lambda: url_strings() | mutated_text(URL_SAMPLES, max_ops=3),
        _url_run,
    ),
    Target(
        "eml",
        lambda: (
            mutated_bytes(eml_samples())
            | mutated_text([s.decode("utf-8", "replace") for s in eml_samples()]).map(
                lambda t: t.encode("utf-8", "surrogatepass")
            )
        ),
        _reply_run,
        _reply_context,
    ),
]


def by_name(name: str) -> Target:
    return next(t for t in TARGETS if t.name == name)
