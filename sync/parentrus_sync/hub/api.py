"""The laptops' JSON API, version 1, exactly as ``sync/README.md`` describes it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import anyio
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Message

from parentrus_sync.hub.hub import Hub, Limiter, StoredLimiter, address_key
from parentrus_sync.hub.ingest import (
    Refusal,
    claimed_device,
    enrol,
    policy_for,
    receive_report,
)
from parentrus_sync.hub.offloop import OffLoop
from parentrus_sync.protocol import API_ROOT, LARGEST_BODY, PROTOCOL_VERSIONS

Endpoint = Callable[[Request], Awaitable[Response]]

SLOW_DOWN = "Too many tries in a short time. Please wait a minute."


def refusal_response(refusal: Refusal, headers: dict[str, str] | None = None) -> JSONResponse:
    headers = dict(headers or {})
    if refusal.retry_after is not None:
        headers["Retry-After"] = str(refusal.retry_after)
    return JSONResponse(refusal.to_json(), status_code=refusal.status, headers=headers)


def client_address(request: Request) -> str:
    # The peer, or the address a proxy on 127.0.0.1 passed (uvicorn's proxy headers); an
    # IPv6 client as its /64 (address_key).
    return address_key(request.client.host) if request.client else "unknown"


def slow_down(limiter: Limiter, client: str) -> None:
    """Refusal (429, with the seconds to wait) if this client has asked too often."""
    wait = limiter.take(client)
    if wait:
        raise Refusal("slow-down", SLOW_DOWN, retry_after=wait)


#: An enrolment is a few hundred bytes; anyone may send one, and the strict reading of a
#: 256 KB body (every object checked in Python) took 25-70 ms.
LARGEST_ENROLMENT = 16 * 1024

#: How long a body may take to arrive (seconds). A laptop's report is a few kilobytes and
#: a USB import comes through the proxy, which has read it already; 1,200 bodies that
#: stalled after their headers held the hub's memory from 100 to 427 MB for as long as
#: their senders liked (issue 17).
BODY_SECONDS = 15.0


async def read_json_body(request: Request, largest: int = LARGEST_BODY) -> bytes:
    """The body of a JSON request, read no further than ``largest`` bytes whatever
    Content-Length says (it may be absent, chunked, or a lie), nor for longer than
    ``BODY_SECONDS``."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise Refusal("not-json", "The hub only accepts messages in JSON.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > largest:
        raise Refusal("too-large", "The message is too large.")
    chunks: list[bytes] = []
    size = 0
    try:
        with anyio.fail_after(BODY_SECONDS):
            async for chunk in request.stream():
                size += len(chunk)
                if size > largest:
                    raise Refusal("too-large", "The message is too large.")
                chunks.append(chunk)
    except (ClientDisconnect, TimeoutError):
        raise Refusal("bad-json", "The message was cut off.") from None
    return b"".join(chunks)


async def slowed_down(off_loop: OffLoop, limiter: Limiter, client: str) -> None:
    """``slow_down``, off the event loop when the limiter is kept in the database."""
    if isinstance(limiter, StoredLimiter):
        wait = limiter.here.take(client) or await off_loop.run(limiter.take_stored, client)
        if wait:
            raise AddressOverLimit("slow-down", SLOW_DOWN, retry_after=wait)
    elif getattr(limiter, "blocking", False):
        await off_loop.run(slow_down, limiter, client)
    else:
        slow_down(limiter, client)


#: Enough of a body's first bytes to read the device a laptop's envelope names first.
_HEAD_BYTES = 64


def _enrolled(hub: Hub, device: str) -> bool:
    found = hub.storage.device(device)
    return found is not None and found.revoked is None


async def _from_a_laptop(
    hub: Hub, off_loop: OffLoop, request: Request, client: str
) -> tuple[Request, str] | None:
    """The request again, its first bytes put back, and the device they name, if that is
    a laptop the hub knows and has not disconnected, and no report naming it from this
    address has been refused lately; else None. A school's router may have a sender of
    junk behind it as well as its laptops (one junk request a second had a good laptop
    refused 20 times in 30): their reports skip the refusals of their address and the
    tarpit, and are limited per laptop once their signature is checked. A forgery naming
    a real laptop is checked whole (a 180 KB body: milliseconds) only once a minute per
    address and laptop (``Hub.laptop_refusals``)."""
    received: list[Message] = []
    head = b""
    try:
        with anyio.fail_after(BODY_SECONDS):
            while len(head) < _HEAD_BYTES:
                message = await request.receive()
                received.append(message)
                head += message.get("body", b"")
                if message["type"] != "http.request" or not message.get("more_body", False):
                    break
    except TimeoutError:
        return None
    device = claimed_device(head)
    if device is None or hub.laptop_refusals.waiting(f"{client} {device}"):
        return None
    if not await off_loop.run(_enrolled, hub, device):
        return None

    async def replayed() -> Message:
        return received.pop(0) if received else await request.receive()

    return Request(request.scope, replayed), device


class AddressOverLimit(Refusal):
    """The address has asked too often (``Hub.address_limiter``)."""


#: The stored part of the address's limit, for an endpoint that takes it in its own work
#: off the event loop (``_refusing``'s ``turn_in_endpoint``).
AddressTurn = Callable[[], None]


def _stored_turn(limiter: StoredLimiter, client: str) -> None:
    wait = limiter.take_stored(client)
    if wait:
        raise AddressOverLimit("slow-down", SLOW_DOWN, retry_after=wait)


def _refusing(
    hub: Hub,
    off_loop: OffLoop,
    endpoint: Endpoint,
    *,
    laptops_first: bool = False,
    turn_in_endpoint: bool = False,
) -> Endpoint:
    """Every API route: first the address's rate limit, then the endpoint; every Refusal
    as its JSON answer; anything else is the app's 500 (no traceback). With
    ``laptops_first`` (reports), a laptop the hub knows is never refused for its
    address's refusals (``_from_a_laptop``). With ``turn_in_endpoint`` (reports), the
    limit's stored part is left to the endpoint, as ``request.state.address_turn``, to
    take first thing in its own work off the loop: each trip to a thread and back costs
    the hub about 0.4 ms of a laptop report's 3.6 (bench/README.md)."""

    async def wrapped(request: Request) -> Response:
        client = client_address(request)
        refused = hub.refusal_limiter
        laptop = None
        if refused is not None and (wait := refused.waiting(client)):
            found = await _from_a_laptop(hub, off_loop, request, client) if laptops_first else None
            if found is None:
                # Held a while first, so a flood costs the hub next to nothing (tarpit.py).
                held = await hub.tarpit.hold(client, request.receive)
                return refusal_response(
                    Refusal("slow-down", SLOW_DOWN, retry_after=wait),
                    None if held else {"Connection": "close"},
                )
            request, laptop = found
        limiter = hub.address_limiter
        try:
            if turn_in_endpoint and isinstance(limiter, StoredLimiter):
                if wait := limiter.here.take(client):
                    raise AddressOverLimit("slow-down", SLOW_DOWN, retry_after=wait)
                request.state.address_turn = partial(_stored_turn, limiter, client)
            else:
                await slowed_down(off_loop, limiter, client)
            return await endpoint(request)
        except AddressOverLimit as refusal:
            # Over the address's own limit counts as a refusal too, or a flood of 'hello'
            # (which nothing else refuses) is never held back.
            if refused is not None:
                refused.take(client)
            return refusal_response(refusal)
        except Refusal as refusal:
            # Not a laptop's own 429 (too many reports from it): that is its limit, not
            # its address's, and the school's other laptops share the address.
            if refused is not None and refusal.status != 429:
                refused.take(client)
                if laptop is not None:
                    hub.laptop_refusals.take(f"{client} {laptop}")
            return refusal_response(refusal)

    return wrapped


def api_routes(hub: Hub, off_loop: OffLoop) -> list[BaseRoute]:
    """The API's routes, bound to ``hub``; blocking work goes through ``off_loop``."""

    async def hello(request: Request) -> Response:
        return JSONResponse(
            {
                "hub": "parentrus-hub",
                "protocol": list(PROTOCOL_VERSIONS),
                "hub_key": hub.public_key_text,
            }
        )

    async def enrolment(request: Request) -> Response:
        await slowed_down(off_loop, hub.enrol_limiter, client_address(request))
        body = await read_json_body(request, LARGEST_ENROLMENT)
        answer: dict[str, Any] = await off_loop.run(enrol, hub, body, hub.now())
        return JSONResponse(answer)

    async def policy(request: Request) -> Response:
        school = str(request.path_params["school"])
        return JSONResponse(await off_loop.run(policy_for, hub, school))

    def admit(device: str) -> None:
        slow_down(hub.device_limiter, device)

    def receive(body: bytes, address_turn: AddressTurn | None) -> tuple[int, Any]:
        if address_turn is not None:
            address_turn()
        return receive_report(hub, body, hub.now(), admit=admit)

    async def reports(request: Request) -> Response:
        # Size and content type here; then, in one trip off the loop, the address's stored
        # limit, and in receive_report the device, its signature and its rate limit, and
        # only then the schema.
        body = await read_json_body(request)
        turn = getattr(request.state, "address_turn", None)
        status, receipt = await off_loop.run(receive, body, turn)
        return JSONResponse({"receipt": receipt}, status_code=status)

    return [
        Route(f"{API_ROOT}/hello", _refusing(hub, off_loop, hello), methods=["GET"]),
        Route(f"{API_ROOT}/enrol", _refusing(hub, off_loop, enrolment), methods=["POST"]),
        Route(f"{API_ROOT}/policy/{{school}}", _refusing(hub, off_loop, policy), methods=["GET"]),
        Route(
            f"{API_ROOT}/reports",
            _refusing(hub, off_loop, reports, laptops_first=True, turn_in_endpoint=True),
            methods=["POST"],
        ),
    ]
