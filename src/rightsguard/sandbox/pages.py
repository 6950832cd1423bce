"""The sandbox's web content: templates under ``sites/`` filled from ``world``.

:class:`SiteContent` answers a path on a made-up host with a
:class:`~rightsguard.sandbox.httpserver.Response`, or ``None`` when the site
has no such page. It knows nothing of modes or the admin endpoint; the site
service (``sites.py``) wraps it with those.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rightsguard.sandbox import images
from rightsguard.sandbox import world as w
from rightsguard.sandbox.httpserver import Response

SITES_DIR = Path(__file__).parent / "sites"
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
#: Context keys holding ready HTML; every other value is escaped.
_FRAGMENTS = frozenset({"body", "product_cards", "results", "notice", "trademark_items"})

#: (host, path) -> absolute URL on the sandbox, with the scheme and port of the request.
Linker = Callable[[str, str], str]

HTML = "text/html; charset=utf-8"


class TemplateError(KeyError):
    """A template names a placeholder the context lacks."""


def fill(template: str, ctx: Mapping[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in ctx:
            raise TemplateError(f"placeholder {{{{ {name} }}}} has no value")
        value = ctx[name]
        return value if name in _FRAGMENTS else html.escape(value)

    return _PLACEHOLDER.sub(sub, template)


@dataclass(frozen=True, slots=True)
class SiteInfo:
    name: str
    lang: str  # "zh" or "en"
    catalogue: tuple[w.Product, ...]
    image_seed: str  # product images are seeded with f"{image_seed}:{sku}"
    favicon_seed: str


SITES: dict[str, SiteInfo] = {
    w.OFFICIAL_HOST: SiteInfo(
        "极光 AURORIX 官方网站", "zh", w.GENUINE_PRODUCTS, "genuine", "aurorix-genuine"
    ),
    w.OUTLET_HOST: SiteInfo(
        "极光官方折扣店", "zh", w.COUNTERFEIT_PRODUCTS, "counterfeit", "chenxi-operator"
    ),
    w.STORE_HOST: SiteInfo(
        "AURORIX Official Store", "en", w.COUNTERFEIT_PRODUCTS, "counterfeit", "chenxi-operator"
    ),
    w.GUANWANG_HOST: SiteInfo(
        "极光官网 - 极光智能官方网站",
        "zh",
        w.COUNTERFEIT_PRODUCTS,
        "counterfeit",
        "chenxi-operator",
    ),
    w.MALL_HOST: SiteInfo(w.MALL_NAME_ZH, "zh", (), "listing", "gouwu-tianxia"),
}

_TITLES = {
    "zh": {"products": "全部商品", "about": "联系我们", "search": "搜索"},
    "en": {"products": "All products", "about": "About us & contact", "search": "Search"},
}
_CHANGED = {
    "zh": '<div class="notice">公告：本站已全面改版，部分商品已调整。</div>',
    "en": '<div class="notice">Notice: our store has been redesigned; some items changed.</div>',
}
_REMOVED = {
    "zh": ("页面不存在", "抱歉，该商品已下架或页面不存在", "您访问的页面已被删除。"),
    "en": ("Item removed", "This item has been removed", "The page you requested is gone."),
}


def matches(query: str, text: str) -> bool:
    """Every whitespace-separated term of ``query`` occurs in ``text`` (case-insensitive)."""
    text = text.lower()
    return all(term in text for term in query.lower().split())


def export_rows(query: str, link: Linker) -> list[dict[str, str]]:
    """The search export as dicts with the columns of ``world.EXPORT_COLUMNS``."""
    return [
        {
            "url": link(row.host, row.path),
            "kind": row.kind.value,
            "title": row.title,
            "platform": row.platform,
            "control": row.control.value,
            "note": row.note,
        }
        for row in w.EXPORT_ROWS
        if matches(query, f"{row.title} {row.keywords}")
    ]


def removed_page(host: str) -> bytes:
    lang = SITES[host].lang if host in SITES else "en"
    title, heading, text = _REMOVED[lang]
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n<h1>{heading}</h1>\n<p>{text}</p>\n"
        "</body>\n</html>\n"
    ).encode()


def unknown_host_page(host: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>404 Not Found</title>\n</head>\n<body>\n<h1>404 Not Found</h1>\n"
        f"<p>No site named {html.escape(host or '(none)')} in the RightsGuard sandbox.</p>\n"
        "</body>\n</html>\n"
    ).encode()


def not_found_page(host: str) -> bytes:
    return (
        b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        b"<title>404 Not Found</title>\n</head>\n<body>\n<h1>404 Not Found</h1>\n"
        b"<hr><p>nginx</p>\n</body>\n</html>\n"
    )


class SiteContent:
    """Renders the made-up sites from the template folder ``root``."""

    def __init__(self, root: Path = SITES_DIR) -> None:
        self.root = root
        self._templates: dict[tuple[str, str], str | None] = {}

    def hosts(self) -> tuple[str, ...]:
        return w.SITE_HOSTS

    def _template(self, host: str, name: str) -> str | None:
        key = (host, name)
        if key not in self._templates:
            path = self.root / host / name
            self._templates[key] = path.read_text("utf-8") if path.is_file() else None
        return self._templates[key]

    def _need(self, host: str, name: str) -> str:
        text = self._template(host, name)
        if text is None:
            raise FileNotFoundError(f"sandbox site {host} lacks template {name}")
        return text

    # --- entry point ----------------------------------------------------

    def render(
        self,
        host: str,
        path: str,
        query: Mapping[str, list[str]],
        link: Linker,
        *,
        changed: bool = False,
    ) -> Response | None:
        if host == w.BAIDU_TONGJI_HOST:
            if path == "/hm.js":
                body = self._need(host, "hm.js").encode()
                return Response(200, body, "application/javascript; charset=utf-8")
            return None
        info = SITES.get(host)
        if info is None:
            return None
        asset = self._asset(host, info, path)
        if asset is not None:
            return asset
        ctx = self._site_context(host, info, link)
        ctx["notice"] = _CHANGED[info.lang] if changed else ""
        if host == w.MALL_HOST:
            return self._mall(path, query, ctx, link)
        return self._shop_page(host, info, path, ctx, changed=changed)

    # --- assets -----------------------------------------------------------

    def _asset(self, host: str, info: SiteInfo, path: str) -> Response | None:
        if path == "/favicon.ico":
            return Response(200, images.favicon_ico(info.favicon_seed), "image/x-icon")
        if path == "/logo.png" and host != w.MALL_HOST:
            return Response(200, images.aurora_png(), "image/png")
        m = re.fullmatch(r"/img/(item-)?([\w-]+)\.png", path)
        if m is None:
            return None
        if m.group(1):
            seed = _listing_image_seed(m.group(2))
        elif any(p.sku == m.group(2) for p in info.catalogue):
            seed = f"{info.image_seed}:{m.group(2)}"
        else:
            seed = None
        if seed is None:
            return None
        return Response(200, images.pattern_png(seed), "image/png")

    # --- context --------------------------------------------------------

    def _site_context(self, host: str, info: SiteInfo, link: Linker) -> dict[str, str]:
        ctx = {"brand": w.BRAND, "mark_zh": w.MARK_ZH, "site_name": info.name}
        if host == w.OFFICIAL_HOST:
            c = w.RIGHTS_HOLDER
            ctx |= {
                "icp": w.RIGHTS_HOLDER_ICP,
                "psb": w.RIGHTS_HOLDER_PSB,
                "phone": w.RIGHTS_HOLDER_PHONE,
                "email": w.RIGHTS_HOLDER_EMAIL,
            }
        elif host in w.INFRINGER_HOSTS:
            c = w.SITE_COMPANY[host]
            ctx |= {
                "icp": w.SITE_ICP[host],
                "psb_number": w.PSB_NUMBER,
                "phone": w.OPERATOR_PHONE_DISPLAY[host],
                "email": w.OPERATOR_EMAIL,
                "wechat": w.OPERATOR_WECHAT,
                "qq": w.OPERATOR_QQ,
                "baidu_id": w.BAIDU_TONGJI_ID,
                "outlet_url": link(w.OUTLET_HOST, "/"),
            }
        else:
            c = w.MALL_OPERATOR
            ctx |= {
                "mall_name": w.MALL_NAME_ZH,
                "mall_company": c.name_zh,
                "mall_uscc": c.uscc,
                "mall_ipr_email": w.MALL_IPR_EMAIL,
                "mall_icp": w.MALL_ICP,
                "q": "",
            }
        ctx |= {
            "company_zh": c.name_zh,
            "company_en": c.name_en,
            "uscc": c.uscc,
            "address": c.address_zh,
        }
        return ctx

    def _page(self, host: str, name: str, title: str, ctx: dict[str, str]) -> Response:
        body = fill(self._need(host, name), ctx)
        page = fill(self._need(host, "_layout.html"), ctx | {"title": title, "body": body})
        return Response(200, page.encode())

    # --- brand and look-alike sites -------------------------------------

    def _cards(self, host: str, products: Iterable[w.Product], ctx: dict[str, str]) -> str:
        card = self._need(host, "_card.html")
        return "".join(fill(card, ctx | _product_context(p)) for p in products)

    def _shop_page(
        self, host: str, info: SiteInfo, path: str, ctx: dict[str, str], *, changed: bool
    ) -> Response | None:
        products = info.catalogue[:-1] if changed else info.catalogue
        ctx["product_cards"] = self._cards(host, products, ctx)
        ctx["product_count"] = str(len(products))
        if host == w.OFFICIAL_HOST:
            ctx["trademark_items"] = "".join(
                f"<li>{html.escape(t.mark)}（第 {','.join(map(str, t.classes))} 类，"
                f"注册号 {t.registration_number}，有效期至 {t.expires_on:%Y-%m-%d}）</li>"
                for t in w.TRADEMARKS
            )
        m = re.fullmatch(r"/product/([\w-]+)\.html", path)
        if m:
            product = next((p for p in products if p.sku == m.group(1)), None)
            if product is None:
                return None
            name = product.name_en if info.lang == "en" else product.name_zh
            return self._page(
                host, "product.html", f"{name} - {info.name}", ctx | _product_context(product)
            )
        page = _page_name(path)
        if page is None or self._template(host, page + ".html") is None:
            return None
        title = info.name if page == "index" else f"{_TITLES[info.lang][page]} - {info.name}"
        return self._page(host, page + ".html", title, ctx)

    # --- the marketplace ----------------------------------------------------

    def _results(self, listings: Iterable[w.Listing], ctx: dict[str, str]) -> str:
        tpl = self._need(w.MALL_HOST, "_result.html")
        return "".join(fill(tpl, ctx | _listing_context(li)) for li in listings)

    def _mall(
        self, path: str, query: Mapping[str, list[str]], ctx: dict[str, str], link: Linker
    ) -> Response | None:
        q = (query.get("q") or [""])[0].strip()
        host = w.MALL_HOST
        if path in ("/search.csv", "/search.json"):
            rows = export_rows(q, link)
            if path.endswith(".json"):
                body = json.dumps(rows, ensure_ascii=False, indent=1).encode()
                return Response(200, body, "application/json; charset=utf-8")
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=w.EXPORT_COLUMNS, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
            return Response(
                200,
                out.getvalue().encode(),
                "text/csv; charset=utf-8",
                {"Content-Disposition": 'attachment; filename="search.csv"'},
            )
        if path == "/search":
            found = [
                li for li in w.MALL_LISTINGS if matches(q, f"{li.title} {w.BRAND} {w.MARK_ZH}")
            ]
            ctx |= {
                "q": q,
                "q_url": quote(q),
                "result_count": str(len(found)),
                "results": self._results(found, ctx),
            }
            return self._page(host, "search.html", f"{q} - {w.MALL_NAME_ZH}", ctx)
        m = re.fullmatch(r"/item/(\d+)\.html", path)
        if m:
            listing = next((li for li in w.MALL_LISTINGS if li.item_id == m.group(1)), None)
            if listing is None:
                return None
            return self._page(
                host,
                "item.html",
                f"{listing.title} - {w.MALL_NAME_ZH}",
                ctx | _listing_context(listing),
            )
        m = re.fullmatch(r"/shop/(\d+)\.html", path)
        if m:
            shop = next((s for s in w.MALL_SHOPS if s.shop_id == m.group(1)), None)
            if shop is None:
                return None
            items = [li for li in w.MALL_LISTINGS if li.shop_id == shop.shop_id]
            ctx |= {
                "shop_id": shop.shop_id,
                "shop_name": shop.name,
                "shop_company": shop.company.name_zh,
                "shop_uscc": shop.company.uscc,
                "shop_address": shop.company.address_zh,
                "results": self._results(items, ctx),
            }
            return self._page(host, "shop.html", f"{shop.name} - {w.MALL_NAME_ZH}", ctx)
        if path in ("/", "/index.html"):
            return self._page(host, "index.html", w.MALL_NAME_ZH, ctx)
        return None


def _page_name(path: str) -> str | None:
    if path in ("/", "/index.html"):
        return "index"
    m = re.fullmatch(r"/([a-z]+)(?:\.html|/)?", path)
    return m.group(1) if m and m.group(1) in ("products", "about") else None


def _product_context(p: w.Product) -> dict[str, str]:
    genuine = next((g for g in w.GENUINE_PRODUCTS if g.sku == p.copies), p)
    return {
        "sku": p.sku,
        "name_zh": p.name_zh,
        "name_en": p.name_en,
        "price_cny": p.price_cny,
        "price_usd": p.price_usd,
        "genuine_price_cny": genuine.price_cny,
    }


def _listing_context(li: w.Listing) -> dict[str, str]:
    return {
        "item_id": li.item_id,
        "title": li.title,
        "price_cny": li.price_cny,
        "shop_id": li.shop_id,
        "shop_name": w.shop(li.shop_id).name,
    }


def _listing_image_seed(item_id: str) -> str | None:
    listing = next((li for li in w.MALL_LISTINGS if li.item_id == item_id), None)
    if listing is None:
        return None
    if w.shop(listing.shop_id).company == w.OPERATOR:
        # The operator reuses its own product photos on the marketplace.
        sku = next(p.sku for p in w.COUNTERFEIT_PRODUCTS if p.copies == listing.copies)
        return f"counterfeit:{sku}"
    return f"listing:{item_id}"
