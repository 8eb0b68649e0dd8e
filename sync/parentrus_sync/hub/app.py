"""The hub's web application: the laptops' API and the coordinator's pages, on one Starlette app."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from parentrus_sync.hub.api import api_routes
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.pages import page_routes


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
    app = Starlette(
        routes=[*api_routes(hub), *page_routes(hub)],
        exception_handlers={Exception: _hub_fault},
    )
    app.state.hub = hub
    return app
