"""How uvicorn serves the hub: httptools, the fast parser, with the header limit it lacks.

httptools takes a request's head whole, however big (one 300 MB header took a hub to
644 MB and was answered 200). h11 refuses heads over 16 KB, but costs a worker about
1.5 ms more per request: at 200 laptop reports a second one worker was full before any
junk arrived (bench/README.md). So the hub keeps httptools and counts the head itself:
a request whose line and headers pass ``HEAD_LIMIT`` bytes is answered 431 and its
connection closed, having held at most one read of the socket (256 KB) beyond the limit.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: The most a request's line and headers may take, as h11's default. A laptop's or a
#: browser's is under 2 KB.
HEAD_LIMIT = 16 * 1024

_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-type: text/plain; charset=utf-8\r\n"
    b"content-length: 30\r\n"
    b"connection: close\r\n"
    b"\r\n"
    b"The request's head is too big."
)


class HeadLimitedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol that refuses a head over ``HEAD_LIMIT`` bytes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = False  # between a request's first byte and its headers' end
        # Two counts of the open head, each never more than its true size, so neither
        # refuses a head under the limit: its parts as httptools hands them over, and the
        # reads that arrived while it was open (httptools keeps a header that is still
        # arriving in its own buffer and hands it over only whole).
        self._parts_bytes = 0
        self._read_bytes = 0
        self._head_too_big = False

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._parts_bytes, self._read_bytes = True, 0, 0

    def on_url(self, url: bytes) -> None:
        self._parts_bytes += len(url)
        self._refuse_if_too_big(stop_parser=True)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._parts_bytes += len(name) + len(value) + 4  # ": " and CRLF
        self._refuse_if_too_big(stop_parser=True)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        # The read that began a head may also hold the end of the request before it, so
        # only the reads after it are counted.
        open_before = self._in_head
        super().data_received(data)
        if self._in_head and open_before and not self._head_too_big:
            self._read_bytes += len(data)
            self._refuse_if_too_big(stop_parser=False)

    def _refuse_if_too_big(self, *, stop_parser: bool) -> None:
        if max(self._parts_bytes, self._read_bytes) <= HEAD_LIMIT or self._head_too_big:
            return
        self._head_too_big = True
        self.transport.write(_TOO_LARGE)
        self.transport.close()
        if stop_parser:
            # Raised inside httptools' callback, it stops the parser; uvicorn answers a
            # parser error with a 400, which send_400_response below leaves unsent.
            raise HeadTooLarge

    def send_400_response(self, msg: str) -> None:
        if not self._head_too_big:
            super().send_400_response(msg)


class HeadTooLarge(Exception):
    """Raised inside httptools' callbacks to stop it reading a head that is too big."""


#: uvicorn's settings for the hub. At most 1,000 connections and requests at once (per
#: worker process), the rest answered 503 at once: slow senders by the thousand cannot
#: take the hub's memory or all its files (issue 17).
SERVING: dict[str, Any] = {
    "http": f"{__name__}:HeadLimitedProtocol",
    "limit_concurrency": 1000,
}
