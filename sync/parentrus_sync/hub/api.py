"""The laptops' JSON API, version 1, exactly as ``sync/README.md`` describes it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from parentrus_sync.hub.hub import Hub, RateLimiter
from parentrus_sync.hub.ingest import Refusal, enrol, policy_for, receive_report
from parentrus_sync.protocol import API_ROOT, LARGEST_BODY, PROTOCOL_VERSIONS

Endpoint = Callable[[Request], Awaitable[Response]]
T = TypeVar("T")

#: Threads checking and storing what laptops send, at once. Off the event loop, so a
#: database wait does not stall it; but few: each thread holds the GIL for its checks,
#: and forty of them (Starlette's default) starve the loop. Measured in bench/hub_bench.py:
#: two gives about twice the reports a second of forty, and a tenth of the p99.
INGEST_THREADS = 2


def refusal_response(refusal: Refusal, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(refusal.to_json(), status_code=refusal.status, headers=headers)


def client_address(request: Request) -> str:
    # The hub is reached directly (no proxy is set up for it), so the peer is the client.
    return request.client.host if request.client else "unknown"


def slowed(limiter: RateLimiter, request: Request) -> JSONResponse | None:
    """A 429 with Retry-After if this client has asked too often; None to go ahead."""
    wait = limiter.take(client_address(request))
    if wait == 0:
        return None
    refusal = Refusal("slow-down", "Too many tries in a short time. Please wait a minute.")
    return refusal_response(refusal, {"Retry-After": str(wait)})


async def read_json_body(request: Request, largest: int = LARGEST_BODY) -> bytes:
    """The body of a JSON request, read no further than ``largest`` bytes whatever
    Content-Length says (it may be absent, chunked, or a lie)."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise Refusal("not-json", "The hub only accepts messages in JSON.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > largest:
        raise Refusal("too-large", "The message is too large.")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > largest:
                raise Refusal("too-large", "The message is too large.")
            chunks.append(chunk)
    except ClientDisconnect:
        raise Refusal("bad-json", "The message was cut off.") from None
    return b"".join(chunks)


def _refusing(endpoint: Endpoint) -> Endpoint:
    """Every Refusal as its JSON answer; anything else is the app's 500 (no traceback)."""

    async def wrapped(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Refusal as refusal:
            return refusal_response(refusal)

    return wrapped


def api_routes(hub: Hub) -> list[BaseRoute]:
    """The API's routes, bound to ``hub``."""
    limiter = anyio.CapacityLimiter(INGEST_THREADS)

    async def off_loop(work: Callable[..., T], *args: object) -> T:
        return await anyio.to_thread.run_sync(work, *args, limiter=limiter)

    async def hello(request: Request) -> Response:
        return JSONResponse(
            {
                "hub": "parentrus-hub",
                "protocol": list(PROTOCOL_VERSIONS),
                "hub_key": hub.public_key_text,
            }
        )

    async def enrolment(request: Request) -> Response:
        too_many = slowed(hub.enrol_limiter, request)
        if too_many is not None:
            return too_many
        body = await read_json_body(request)
        answer: dict[str, Any] = await off_loop(enrol, hub, body, hub.now())
        return JSONResponse(answer)

    async def policy(request: Request) -> Response:
        school = str(request.path_params["school"])
        return JSONResponse(await off_loop(policy_for, hub, school))

    async def reports(request: Request) -> Response:
        body = await read_json_body(request)
        # Off the event loop: the signature check and the database would stall it.
        status, receipt = await off_loop(receive_report, hub, body, hub.now())
        return JSONResponse({"receipt": receipt}, status_code=status)

    return [
        Route(f"{API_ROOT}/hello", _refusing(hello), methods=["GET"]),
        Route(f"{API_ROOT}/enrol", _refusing(enrolment), methods=["POST"]),
        Route(f"{API_ROOT}/policy/{{school}}", _refusing(policy), methods=["GET"]),
        Route(f"{API_ROOT}/reports", _refusing(reports), methods=["POST"]),
    ]
