"""The Arabic web app: story list, story briefs with citations, articles, entities, search.

Why this shape: every page is built once by a function in ``views`` and served twice — as HTML and
as its JSON twin (Datasette style: the same path + ``.json``, and under ``/api/``) — so a script sees
exactly what a reader sees. The store is injected into ``create_app`` (no module globals), so tests,
the CLI and several apps in one process each use their own store.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.templating import Jinja2Templates

from marsad.exports import export_records
from marsad.store.base import Store
from marsad.web import render, views
from marsad.web.views import NotFound, Page

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
        idq=render.id_path,
        safe_url=render.safe_url,
        etype=lambda t: render.ENTITY_TYPE_AR.get(t, t),
    )
    env.globals["date_range"] = render.date_range
    return Jinja2Templates(env=env)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json")


def create_app(store: Store, *, title: str = "مرصد") -> FastAPI:
    """A FastAPI app serving ``store``; the caller owns the store and closes it."""
    app = FastAPI(title=title, docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    app.state.store = store
    templates = _templates()
    templates.env.globals["site_title"] = title
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def error_page(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
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

    @app.get("/healthz", include_in_schema=False)
    @app.get("/api/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "articles": store.count_articles()}

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = "لم نجد هذه الصفحة." if exc.status_code == 404 else str(exc.detail)
        return error_page(request, exc.status_code, message)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
