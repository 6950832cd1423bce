"""The web workbench: server-rendered pages and a JSON API over the same services.

``create_app(workspace)`` builds the FastAPI application; ``rightsguard serve``
runs it with uvicorn. Pages live in ``web/pages``, the API in ``web/api``; both
call the same store and service functions as the CLI.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rightsguard.domain.errors import (
    GateBlocked,
    InputError,
    NotFound,
    RightsGuardError,
    Throttled,
)
from rightsguard.i18n import pick, translate
from rightsguard.store.db import OutOfRange
from rightsguard.web.api import routers as api_routers
from rightsguard.web.auth import BadCsrf, Caller, Forbidden, NotSignedIn, signed_in
from rightsguard.web.context import WebContext, render
from rightsguard.web.pages import routers as page_routers
from rightsguard.web.value_words import value_label
from rightsguard.workspace import Workspace, find_workspace

STATIC = Path(__file__).parent / "static"
#: The Chinese lead of an error page, by HTTP status, for an error with no Chinese text.
#: (A missing id has its own Chinese words: see ``answer_with``.)
LEADS = {400: "error.input", 409: "error.gate", 503: "error.service"}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def security_headers(replay_origin: str) -> dict[str, str]:
    frames = " ".join(x for x in ("'self'", replay_origin) if x)
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"frame-src {frames}; frame-ancestors 'self'; form-action 'self'; "
            "base-uri 'none'; object-src 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "SAMEORIGIN",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413: at once when Content-Length
    says so, else as soon as the streamed body passes the limit (nothing larger is read
    into memory or onto disk)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            too_large = JSONResponse(
                {"error": "too_large", "message": f"the request body is over {self.limit} bytes"},
                status_code=413,
            )
            await too_large(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, f"the request body is over {self.limit} bytes")
            return message

        await self.app(scope, counted, send)


def create_app(ws: Workspace, *, replay_origin: str = "", use_sandbox: bool = False) -> FastAPI:
    threads = int(ws.settings.web_threads)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Sync routes run on worker threads; with dozens at once, they and the event
        # loop fight over the interpreter lock and every answer waits on all the
        # others. A few threads, the rest queued in order, keep the slowest short.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="RightsGuard",
        version="1",
        description="The RightsGuard workbench API. Sign in at /api/v1/login; send the "
        "returned csrf value as X-CSRF-Token on every POST.",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.rg = WebContext(ws, replay_origin=replay_origin, use_sandbox=use_sandbox)
    app.add_middleware(BodyLimit, limit=int(ws.settings.web_max_body_bytes))
    headers = security_headers(replay_origin)

    @app.middleware("http")
    async def language_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        chosen = request.query_params.get("lang") or request.cookies.get("rg_lang")
        request.state.lang = pick(
            chosen, request.headers.get("accept-language"), str(ws.settings.language)
        )
        response = await call_next(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if request.query_params.get("lang") == request.state.lang:
            response.set_cookie("rg_lang", request.state.lang, samesite="lax", httponly=True)
        if request.url.path != "/static" and not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        # How long the server spent on the request (W3C Server-Timing): what the
        # web benchmark reads, and what a browser's developer tools show.
        # Its description names the route (``/cases/{case_id}``), so that a load tool
        # that sees only answers can tell the pages apart.
        elapsed = (time.perf_counter() - started) * 1000
        route = getattr(request.scope.get("route"), "path", "")
        timing = f"app;dur={elapsed:.1f}"
        response.headers["Server-Timing"] = f'{timing};desc="{route}"' if route else timing
        return response

    def lang_of(request: Request) -> str:
        return str(getattr(request.state, "lang", "zh-CN"))

    def caller_of(request: Request) -> Caller:
        return Caller(signed_in(request), lang_of(request))

    def problem(request: Request, status: int, code: str, message: str, lead: str = "") -> Response:
        """The error as JSON for the API, else as a page: ``lead`` (in the page's
        language) says what kind of refusal it is, before ``message``'s details."""
        if _is_api(request):
            return JSONResponse({"error": code, "message": message}, status_code=status)
        return render(
            request,
            caller_of(request),
            "error.html",
            status_code=status,
            status=status,
            code=code,
            message=message,
            lead=lead,
        )

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"error": "not_signed_in", "message": "sign in first"}, status_code=401
            )
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        said = translate("forbidden", lang_of(request))
        return problem(request, 403, "forbidden", f"{said} ({exc.permission})")

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, _exc: BadCsrf) -> Response:
        return problem(request, 403, "csrf", translate("error.csrf", lang_of(request)))

    def answer_with(status: int) -> Callable[[Request, Exception], Awaitable[Response]]:
        async def handler(request: Request, exc: Exception) -> Response:
            assert isinstance(exc, RightsGuardError)
            if _is_api(request):
                return problem(request, status, exc.code, exc.message)
            lang = lang_of(request)
            if isinstance(exc, NotFound) and lang == "zh-CN":
                named = value_label(exc.kind, lang)
                return problem(request, status, exc.code, f"未找到{named}（编号 {exc.ident}）")
            if lang == "zh-CN" and not exc.zh:
                # No Chinese wording for this one: the kind of refusal in Chinese,
                # then the details as the code gave them.
                lead = translate(LEADS.get(status, "error.input"), lang)
                return problem(request, status, exc.code, exc.message, lead)
            return problem(request, status, exc.code, exc.said(lang))

        return handler

    @app.exception_handler(Throttled)
    async def throttled(request: Request, exc: Throttled) -> Response:
        answer = problem(request, 429, exc.code, exc.message)
        answer.headers["Retry-After"] = str(exc.retry_after)
        return answer

    # The most specific class wins: a missing id is 404, other bad input 400, a
    # playbook gate 409, and an environment failure (database down) 503.
    for error, status in ((NotFound, 404), (InputError, 400), (GateBlocked, 409)):
        app.add_exception_handler(error, answer_with(status))
    app.add_exception_handler(RightsGuardError, answer_with(503))

    async def out_of_range(request: Request, _exc: Exception) -> Response:
        # An id or number beyond what the database stores (SQLite and PostgreSQL
        # both stop at 2**63 - 1) names nothing that can exist.
        said = translate("error.out_of_range", lang_of(request))
        return problem(request, 400, "out_of_range", said)

    app.add_exception_handler(OverflowError, out_of_range)
    app.add_exception_handler(OutOfRange, out_of_range)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        )
        lead = translate("error.invalid_request", lang_of(request))
        if _is_api(request) or lang_of(request) != "zh-CN":
            return problem(request, 422, "invalid_request", details or lead)
        return problem(request, 422, "invalid_request", details, lead)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    for router in page_routers():
        app.include_router(router)
    for router in api_routers():
        app.include_router(router, prefix="/api/v1")
    return app


def app_from_environment() -> FastAPI:
    """The app for ``uvicorn --factory`` and for each process of ``serve --workers N``:
    the workspace from $RIGHTSGUARD_HOME, the replay origin and sandbox switch from
    $RIGHTSGUARD_WEB_REPLAY_ORIGIN and $RIGHTSGUARD_WEB_SANDBOX."""
    import os

    return settled(
        create_app(
            find_workspace(None),
            replay_origin=os.environ.get("RIGHTSGUARD_WEB_REPLAY_ORIGIN", ""),
            use_sandbox=os.environ.get("RIGHTSGUARD_WEB_SANDBOX") == "1",
        )
    )


def settled(app: FastAPI) -> FastAPI:
    """Ready a serving process's heap: every template compiled, then everything alive
    moved out of the garbage collector's sight (``gc.freeze``). The code, the app and
    the templates live as long as the process; left in view, a full collection walked
    all of them (about 150,000 objects, some 50 ms) in the middle of some request."""
    import gc

    ctx: WebContext = app.state.rg
    for name in ctx.env.list_templates(extensions=["html", "svg"]):
        ctx.env.get_template(name)
    gc.collect()
    gc.freeze()
    return app
