"""The laptops' JSON API, version 1, as the README's contract says (being filled in)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from parentrus_sync.hub.hub import Hub
from parentrus_sync.protocol import API_ROOT, PROTOCOL_VERSIONS


def api_routes(hub: Hub) -> list[BaseRoute]:
    async def hello(request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "hub": "parentrus-hub",
                "protocol": list(PROTOCOL_VERSIONS),
                "hub_key": hub.public_key_text,
            }
        )

    return [Route(f"{API_ROOT}/hello", hello, methods=["GET"])]
