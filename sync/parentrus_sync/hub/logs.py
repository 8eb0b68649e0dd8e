"""The hub's logs: an access log, an error log and the sign-in refusals, to standard output
by default (journald and Docker collect it from there).

The access log says for each request its method, its path without the query, the answer's
status and how long it took: never a body (no report's numbers), a query string, a
cookie, a token or a header. An answer held back because its address keeps sending what
is refused (``tarpit.py``) also names that address (an IPv6 address as its /64), so
whoever looks after the hub can see a sender of junk and block it; no other access line
names an address (a laptop or a school's router over its limit is not named), so the log
does not say where the school's laptops are. A refused sign-in names its address too
(``auth.py``). The error log has each fault in the hub with its traceback.
"""

from __future__ import annotations

import logging
import sys
import time
from contextvars import ContextVar
from typing import TextIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HUB = "parentrus_sync.hub"
access = logging.getLogger(HUB + ".access")
errors = logging.getLogger(HUB + ".errors")

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

#: Words the request's work adds to its access line; a list per request, shared with the
#: threads it runs work on (they run in a copy of its context, which holds the same list).
_notes: ContextVar[list[str] | None] = ContextVar("parentrus_hub_notes", default=None)


def note(word: str) -> None:
    """Add ``word`` to this request's access line: "schema" says the request reached the
    report schema, so bench/hub_bench.py can count the work a junk sender got done."""
    notes = _notes.get()
    if notes is not None:
        notes.append(word)


class _NotUvicornsCopy(logging.Filter):
    """Uvicorn logs each fault again after the error log has it: once is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Exception in ASGI application")


def configure(stream: TextIO | None = None, level: int = logging.INFO) -> None:
    """The hub's loggers (access, errors, sign-in) and uvicorn's own, to ``stream``
    (standard output unless given). Safe to call again: the handler is set, not added."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(logging.Formatter(FORMAT))
    hub = logging.getLogger(HUB)
    hub.handlers = [handler]
    hub.setLevel(level)
    hub.propagate = False
    server = logging.getLogger("uvicorn.error")
    server.handlers = [handler]
    server.setLevel(logging.INFO)
    server.propagate = False
    server.filters = [_NotUvicornsCopy()]


class AccessLog:
    """ASGI middleware: one line per HTTP request, when its answer has been sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless an answer is started: a fault before it is the 500 sent
        notes: list[str] = []
        noting = _notes.set(notes)

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            _notes.reset(noting)
            took = (time.perf_counter() - started) * 1000
            # scope["path"] has no query string; a path is the hub's own words and ids.
            path = str(scope.get("path", ""))[:200].encode("unicode_escape").decode("ascii")
            method = scope.get("method", "?")
            access.info(
                "%s %s %d %.1f ms%s", method, path, status, took, "".join(" " + n for n in notes)
            )
