"""The Arabic web app: story list, story briefs with citations, articles, entities, search.

Why this shape: every page is built once by a function in ``views`` and served twice — as HTML and
as its JSON twin (Datasette style: the same path + ``.json``, and under ``/api/``) — so a script sees
exactly what a reader sees. The store is injected into ``create_app`` (no module globals), so tests,
the CLI and several apps in one process each use their own store.
"""

from __future__ import annotations

import base64
import hashlib
import queue
import re
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad.exports import export_records
from marsad.store.base import Store
from marsad.web import render, rest, views
from marsad.web.views import NotFound, Page

if TYPE_CHECKING:
    from marsad.brief.llm import LLMConfig

HERE = Path(__file__).parent

# A strict policy is a second line of defence behind escaping: no inline script can run at all.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

CDN = "https://cdn.jsdelivr.net"  # where FastAPI's Swagger UI page loads its script and style

Builder = Callable[[Store, dict[str, str], Request], Page]

# Store-wide exports served at /export/<what>.<format> (the CLI's ``marsad export`` offers them all).
WEB_EXPORTS = {
    ("events", "csv"), ("events", "jsonl"), ("events", "geojson"),
    ("attributions", "csv"), ("attributions", "jsonl"), ("claims", "jsonl"),
}  # fmt: skip
EXPORT_MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "geojson": "application/geo+json",
}


def _page_number(request: Request) -> int:
    """``?page=`` as a positive int; anything else means the first page (lists never error)."""
    raw = request.query_params.get("page", "1")
    try:
        return max(1, min(int(raw), 100_000))
    except ValueError:
        return 1


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.filters.update(
        date=render.format_date,
        at_grain=render.format_at_grain,
        arabic_dates=render.arabic_dates,
        idq=render.id_path,
        safe_url=render.safe_url,
        etype=lambda t: render.ENTITY_TYPE_AR.get(t, t),
        esubtype=lambda t: render.ENTITY_SUBTYPE_AR.get(t, t),
    )
    env.globals["date_range"] = render.date_range
    return Jinja2Templates(env=env)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json")


DEFAULT_MAX_BODY_BYTES = 5_000_000


def json_error(
    status: int, message: str, detail: Any = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The one error shape of the JSON API: ``{"error": message}``, plus ``"detail"`` when there is
    structured detail (validation errors). ``detail`` is left out rather than null so the page
    twins' long-standing ``{"error": …}`` answers stay exactly as clients know them."""
    body: dict[str, Any] = {"error": message}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


class _BodyTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is over the limit of {limit} bytes")


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413.

    Why both checks: a declared ``Content-Length`` is refused before a byte is read; a chunked or
    lying client is cut off while its body streams in (the error raised from ``receive`` travels
    through FastAPI's body parsing as an HTTP exception and comes out through the app's error
    handler, so it has the API's JSON shape).
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.strip().isdigit() and int(declared) > self.limit:
            exc = _BodyTooLarge(self.limit)
            if scope.get("path", "").startswith("/api/"):
                await json_error(413, str(exc.detail))(scope, receive, send)
            else:
                await Response(str(exc.detail), 413, media_type="text/plain; charset=utf-8")(
                    scope, receive, send
                )
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge(self.limit)
            return message

        await self.app(scope, limited, send)


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every response that does not set its own.

    Why a plain ASGI class and not ``@app.middleware("http")``: that decorator runs every request
    through a task group and re-wraps the body, a fixed cost on each of hundreds of requests a
    second, and wraps an error raised while a request body streams in an exception group (which
    would turn ``BodyLimit``'s 413 into a 400).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in _SECURITY_HEADER_BYTES if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


_SECURITY_HEADER_BYTES = [
    (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()
]


def docs_page(title: str) -> Response:
    """Swagger UI for ``/api/openapi.json``.

    Why its own policy: the site-wide CSP allows no inline script and nothing from elsewhere, and
    Swagger UI needs its files from the jsDelivr CDN and one inline script that starts it. This page
    allows exactly those: the CDN, and the inline script by its SHA-256 (an injected script would
    have another hash). Without network access the page stays blank; the schema itself needs none.
    """
    page = get_swagger_ui_html(openapi_url="/api/openapi.json", title=title, swagger_favicon_url="")
    body = bytes(page.body).decode("utf-8")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.encode("utf-8")).digest()).decode("ascii") + "'"
        for m in re.findall(r"<script>(.*?)</script>", body, flags=re.DOTALL)
    )
    policy = (
        f"default-src 'self'; script-src 'self' {CDN} {hashes}; style-src 'self' 'unsafe-inline' {CDN}; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    return HTMLResponse(body, headers={"Content-Security-Policy": policy})


def create_app(
    store: Store,
    *,
    title: str = "مرصد",
    tokens: Sequence[str] = (),
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    side_stores: Sequence[Store] = (),
    llm: LLMConfig | None = None,
) -> FastAPI:
    """A FastAPI app serving ``store``; the caller owns the store (and ``side_stores``) and closes it.

    ``tokens``: bearer tokens that may write through ``POST /api/v1/articles`` (none: writes are
    refused with 403). ``max_body_bytes``: the largest request body accepted (413 beyond).
    ``side_stores``: further connections to the same store, for the API's slow memoised reads
    (``rest.cached``), so that they do not hold up other requests. ``llm``: the optional brief
    rewriter (marsad.brief.llm) for the stories that posted articles change; None: extractive.
    """
    app = FastAPI(
        title=title,
        docs_url=None,  # served below, with a CSP that lets Swagger UI (and nothing else) run
        redoc_url=None,
        openapi_url="/api/openapi.json",
        version="1",
        description="Arabic news analysis: stories, briefs, entities, events. The versioned API is under /api/v1/.",
    )
    app.state.store = store
    side_pool: queue.SimpleQueue[Store] | None = None
    if side_stores:
        side_pool = queue.SimpleQueue()
        for side in side_stores:
            side_pool.put(side)
    app.state.api = rest.ApiState(
        tokens=rest.check_tokens(tokens), memo=rest.Memo(store.count_articles), side=side_pool, llm=llm
    )
    templates = _templates()
    templates.env.globals["site_title"] = title
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(rest.router)

    def error_page(request: Request, status: int, message: str, detail: Any = None) -> Response:
        if _wants_json(request):
            return json_error(status, message, detail)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    def endpoint(build: Builder, mode: str) -> Callable[[Request], Response]:
        """``mode``: "html", "json", or "auto" (a trailing ``.json`` on the id asks for JSON)."""

        def handle(request: Request) -> Response:
            params = dict(request.path_params)
            as_json = mode == "json"
            ident = params.get("ident", "")
            if mode == "auto" and ident.endswith(".json"):
                params["ident"], as_json = ident[: -len(".json")], True
            try:
                page = build(store, params, request)
            except NotFound as exc:
                if as_json:
                    return JSONResponse({"error": str(exc)}, status_code=404)
                return error_page(request, 404, str(exc))
            if as_json:
                return JSONResponse(page.data)
            query = request.url.query
            json_href = page.json_path + (f"?{query}" if query else "")
            return templates.TemplateResponse(
                request, page.template, {**page.context, "json_href": json_href}
            )

        return handle

    def route(html: list[str], json: list[str], build: Builder, auto: bool = False) -> None:
        for path in json:
            app.add_api_route(path, endpoint(build, "json"), methods=["GET"], include_in_schema=False)
        for path in html:
            mode = "auto" if auto else "html"
            app.add_api_route(path, endpoint(build, mode), methods=["GET"], include_in_schema=False)

    route(["/", "/stories"], ["/.json", "/stories.json", "/api/stories"],
          lambda s, p, r: views.story_list(s, _page_number(r)))  # fmt: skip
    route(["/stories/{ident:path}"], ["/api/stories/{ident:path}"],
          lambda s, p, r: views.story_page(s, p["ident"]), auto=True)  # fmt: skip
    route(["/articles/{ident:path}"], ["/api/articles/{ident:path}"],
          lambda s, p, r: views.article_page(s, p["ident"]), auto=True)  # fmt: skip
    route(["/entities"], ["/entities.json", "/api/entities"],
          lambda s, p, r: views.entity_list(s, _page_number(r), r.query_params.get("type")))  # fmt: skip
    route(["/entities/{ident:path}"], ["/api/entities/{ident:path}"],
          lambda s, p, r: views.entity_page(s, p["ident"], _page_number(r)), auto=True)  # fmt: skip
    route(["/search"], ["/search.json", "/api/search"],
          lambda s, p, r: views.search_page(s, r.query_params.get("q", ""), _page_number(r)))  # fmt: skip

    @app.get("/export/{name}", include_in_schema=False)
    def export_file(name: str, request: Request) -> Response:
        """The store's events (csv, jsonl, geojson), attributions (csv, jsonl) and claims (jsonl),
        built by ``marsad.exports`` exactly as ``marsad export`` writes them."""
        what, _, ext = name.rpartition(".")
        if (what, ext) not in WEB_EXPORTS:
            return error_page(request, 404, "لا يوجد تصدير بهذا الاسم.")
        body = export_records(store, what, ext)
        headers = {"Content-Disposition": f'attachment; filename="{what}.{ext}"'} if ext != "geojson" else {}
        return Response(body, media_type=EXPORT_MEDIA_TYPES[ext], headers=headers)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> Response:
        return docs_page(f"{title} API")

    @app.get("/healthz", include_in_schema=False)
    @app.get("/api/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "articles": store.count_articles()}

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        api = request.url.path.startswith("/api/v1/")
        if exc.status_code == 404 and not api and exc.detail == HTTPStatus.NOT_FOUND.phrase:
            message = "لم نجد هذه الصفحة."
        else:
            message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        detail = None if isinstance(exc.detail, str) else exc.detail
        if _wants_json(request):
            return json_error(exc.status_code, message, detail, headers=exc.headers)
        page = error_page(request, exc.status_code, message)
        page.headers.update(exc.headers or {})
        return page

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        # loc/msg/type only: the offending input is not echoed back (it may be large, or a secret)
        detail = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return error_page(request, 422, "invalid request", detail)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        return error_page(
            request, 500, "internal server error" if _wants_json(request) else "حدث خطأ في الخادم."
        )

    app.add_middleware(BodyLimit, limit=max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
