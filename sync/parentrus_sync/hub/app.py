"""The hub's web application: the laptops' API and the coordinator's pages, on one Starlette app."""

from __future__ import annotations

import gc
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parentrus_sync.hub import logs
from parentrus_sync.hub.api import SLOW_DOWN, api_routes, client_address
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.offloop import PAGE_THREADS, OffLoop
from parentrus_sync.hub.pages import error_page, page_routes
from parentrus_sync.protocol import API_ROOT

#: The API's own routes, limited by their own wrapper (api.py); not any other address.
_API_ROUTE = re.compile(re.escape(API_ROOT) + r"/(hello|enrol|reports|policy/[^/]+)")

_PLAIN = {
    404: "There is nothing at this address.",
    405: "This address does not take that kind of request.",
}
_PAGE_MESSAGES = {400: "bad-form", 404: "not-found", 405: "wrong-method"}
#: A year: once a browser has seen the hub over HTTPS, it never tries plain HTTP again.
HSTS = "max-age=31536000"


def _is_api(request: Request) -> bool:
    return request.url.path == API_ROOT or request.url.path.startswith(API_ROOT + "/")


async def _http_refusal(request: Request, exc: Exception) -> Response:
    # Starlette's own 404/405: JSON with a reason for the laptops, a page for people.
    assert isinstance(exc, HTTPException)
    if not _is_api(request):
        page = error_page(exc.status_code, _PAGE_MESSAGES.get(exc.status_code, "refused"))
        page.headers.update(exc.headers or {})
        return page
    code = {404: "not-found", 405: "wrong-method"}.get(exc.status_code, "refused")
    reason = _PLAIN.get(exc.status_code, str(exc.detail))
    return JSONResponse({"error": code, "reason": reason}, exc.status_code, headers=exc.headers)


async def _hub_fault(request: Request, exc: Exception) -> Response:
    # Never a traceback on the wire, only in the error log. The laptop treats 5xx as "try
    # again later"; a person gets a page in plain words, with the pages' headers.
    logs.errors.error("A fault in the hub on %s %s", request.method, request.url.path, exc_info=exc)
    if not _is_api(request):
        answer: Response = error_page(500, "hub-fault")
    else:
        answer = JSONResponse(
            {
                "error": "hub-fault",
                "reason": "The school's hub had a problem. It will try again later.",
            },
            status_code=500,
        )
    if _over_tls(request.app.state.hub, request.scope):
        # Sent by Starlette's outermost layer, past the middleware that adds it elsewhere.
        answer.headers["Strict-Transport-Security"] = HSTS
    return answer


def _over_tls(hub: Hub, scope: Scope) -> bool:
    """Served with a certificate, or behind a proxy that does TLS for an https:// address."""
    return hub.address.startswith("https://") or scope.get("scheme") == "https"


def _strict_transport(app: ASGIApp, hub: Hub) -> ASGIApp:
    """HSTS on every answer the hub gives over TLS (``_over_tls``)."""
    header = (b"strict-transport-security", HSTS.encode("ascii"))

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _over_tls(hub, scope):
            await app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        await app(scope, receive, sending)

    return wrapped


def create_app(hub: Hub) -> Starlette:
    """The whole hub as an ASGI app; ``app.state.hub`` is the shared ``Hub``."""
    laptops, coordinator = OffLoop(hub.storage.laptop_threads), OffLoop(PAGE_THREADS)
    app = Starlette(
        routes=[*api_routes(hub, laptops), *page_routes(hub, coordinator)],
        exception_handlers={HTTPException: _http_refusal, Exception: _hub_fault},
        middleware=[
            Middleware(logs.AccessLog),
            Middleware(_StrictTransport, hub=hub),
            Middleware(_PageLimit, hub=hub),
        ],
        lifespan=_closing(hub),
    )
    app.state.hub = hub
    return app


def _closing(hub: Hub) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """The app's lifespan: the storage is closed when the server stops. uvicorn re-raises
    SIGTERM once it has shut down, so ``serve``'s own ``finally`` never runs on
    ``kill -TERM`` (systemd, Docker); closing here checkpoints SQLite's write-ahead log
    into hub.sqlite, so a copy of that one file is the whole database."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # Everything made while starting (modules, the schema, OpenDP, the app) is never
        # garbage: frozen, Python's full collections no longer walk it. They did, for
        # 36 ms at a time, in which the hub answered no one (bench/hub_bench.py).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            hub.storage.close()

    return lifespan


class _StrictTransport:
    """``_strict_transport`` as Starlette middleware (a 500 is given the header by
    ``_hub_fault`` itself)."""

    def __init__(self, app: ASGIApp, hub: Hub) -> None:
        self._wrapped = _strict_transport(app, hub)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._wrapped(scope, receive, send)


class _PageLimit:
    """Every request but the API's own (``_API_ROUTE``) against ``Hub.page_limiter``:
    over it, a 429 (a page for people, JSON under the API's root) held back by the tarpit
    first, as the API's refusals are, so a flood of pages or 404s costs the hub little."""

    def __init__(self, app: ASGIApp, hub: Hub) -> None:
        self.app = app
        self.hub = hub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _API_ROUTE.fullmatch(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        client = client_address(request)
        wait = self.hub.page_limiter.take(client)
        if not wait:
            await self.app(scope, receive, send)
            return
        held = await self.hub.tarpit.hold(client, receive)
        answer: Response
        if _is_api(request):
            answer = JSONResponse({"error": "slow-down", "reason": SLOW_DOWN}, 429)
        else:
            answer = error_page(429, "slow-down")
        answer.headers["Retry-After"] = str(wait)
        if not held:
            answer.headers["Connection"] = "close"
        await answer(scope, receive, send)
