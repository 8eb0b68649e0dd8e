"""The hub's web application: the laptops' API and the coordinator's pages, on one Starlette app."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from parentrus_sync.hub.api import api_routes
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.offloop import LAPTOP_THREADS, PAGE_THREADS, OffLoop
from parentrus_sync.hub.pages import page_routes
from parentrus_sync.protocol import API_ROOT

_PLAIN = {
    404: "There is nothing at this address.",
    405: "This address does not take that kind of request.",
}


async def _http_refusal(request: Request, exc: Exception) -> Response:
    # Starlette's own 404/405: JSON with a reason for the laptops, plain text for people.
    assert isinstance(exc, HTTPException)
    if not request.url.path.startswith(API_ROOT + "/"):
        return PlainTextResponse(str(exc.detail), exc.status_code, headers=exc.headers)
    code = {404: "not-found", 405: "wrong-method"}.get(exc.status_code, "refused")
    reason = _PLAIN.get(exc.status_code, str(exc.detail))
    return JSONResponse({"error": code, "reason": reason}, exc.status_code, headers=exc.headers)


async def _hub_fault(request: Request, exc: Exception) -> Response:
    # Never a traceback on the wire; the laptop treats 5xx as "try again later".
    return JSONResponse(
        {
            "error": "hub-fault",
            "reason": "The school's hub had a problem. It will try again later.",
        },
        status_code=500,
    )


def create_app(hub: Hub) -> Starlette:
    """The whole hub as an ASGI app; ``app.state.hub`` is the shared ``Hub``."""
    laptops, coordinator = OffLoop(LAPTOP_THREADS), OffLoop(PAGE_THREADS)
    app = Starlette(
        routes=[*api_routes(hub, laptops), *page_routes(hub, coordinator)],
        exception_handlers={HTTPException: _http_refusal, Exception: _hub_fault},
    )
    app.state.hub = hub
    return app
