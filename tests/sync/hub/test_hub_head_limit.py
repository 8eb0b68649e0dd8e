"""The hub serves with httptools, which has no limit on a request's head; the hub counts
it itself (hub/http_limits.py). Real sockets to a real uvicorn on loopback."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from helpers.hub_process import serving
from hubcore_kit import Clock, make_hub
from parentrus_sync.hub.app import create_app
from parentrus_sync.hub.http_limits import HEAD_LIMIT
from parentrus_sync.hub.storage import open_storage

TOO_LARGE = b"HTTP/1.1 431 "


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """One hub for the module, on SQLite: the head is read before any storage is."""
    storage = open_storage(str(tmp_path_factory.mktemp("head") / "hub.sqlite"))
    try:
        with serving(create_app(make_hub(storage, Clock()))) as url:
            yield int(url.rsplit(":", 1)[1])
    finally:
        storage.close()


def _hello(extra_header: bytes = b"", path: bytes = b"/api/v1/hello") -> bytes:
    return b"GET " + path + b" HTTP/1.1\r\nHost: hub\r\n" + extra_header + b"\r\n"


def _answer(port: int, *pieces: bytes, pause: float = 0.0) -> bytes:
    """All the hub answers to the pieces sent in turn, until it closes or goes quiet."""
    return _sent_and_answer(port, *pieces, pause=pause)[1]


def _sent_and_answer(port: int, *pieces: bytes, pause: float = 0.0) -> tuple[int, bytes]:
    """How many of the pieces went out before the hub closed, and what it answered."""
    answer, sent = b"", 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            for piece in pieces:
                sock.sendall(piece)
                sent += 1
                if pause:
                    time.sleep(pause)
            sock.settimeout(2)
            while chunk := sock.recv(65536):
                answer += chunk
        except (ConnectionResetError, BrokenPipeError):
            pass  # closed while we were still sending: what it answered is kept
        except TimeoutError:
            pass  # kept open for the next request: all answers are in
    return sent, answer


def test_a_head_just_under_the_limit_is_served(port: int) -> None:
    header = b"X-Padding: " + b"a" * (HEAD_LIMIT - 200) + b"\r\n"
    answer = _answer(port, _hello(header))
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:100]


def test_a_header_over_the_limit_in_one_read_is_refused_431(port: int) -> None:
    header = b"X-Padding: " + b"a" * (HEAD_LIMIT + 10) + b"\r\n"
    answer = _answer(port, _hello(header))
    assert answer.startswith(TOO_LARGE), answer[:100]
    assert b"200 OK" not in answer


def test_many_small_headers_over_the_limit_are_refused(port: int) -> None:
    headers = b"".join(b"X-H%d: %s\r\n" % (n, b"b" * 100) for n in range(200))
    assert _answer(port, _hello(headers)).startswith(TOO_LARGE)


def test_an_address_over_the_limit_is_refused(port: int) -> None:
    path = b"/api/v1/hello?" + b"x" * (HEAD_LIMIT + 1)
    assert _answer(port, _hello(path=path)).startswith(TOO_LARGE)


def test_a_header_that_never_ends_is_cut_off_while_it_is_still_arriving(port: int) -> None:
    """httptools holds a header until it is whole: the reads are counted instead, and the
    hub answers and closes long before the sender's 2 MB are through."""
    start = b"GET /api/v1/hello HTTP/1.1\r\nHost: hub\r\nX-Junk: "
    pieces = [start] + [b"a" * 4096] * 512
    sent, answer = _sent_and_answer(port, *pieces, pause=0.002)
    # Closed with the sender's bytes unread, the connection is reset, which may drop the
    # 431 before the sender reads it; what matters is that the hub stopped taking them.
    assert sent < 64, f"{sent} of 4 KB pieces taken"
    assert answer == b"" or answer.startswith(TOO_LARGE), answer[:100]


def test_two_requests_on_one_connection_each_have_the_whole_limit(port: int) -> None:
    header = b"X-Padding: " + b"a" * (HEAD_LIMIT // 2) + b"\r\n"
    answer = _answer(port, _hello(header), _hello(header), pause=0.2)
    assert answer.count(b"HTTP/1.1 200 ") == 2, answer[:300]
    assert TOO_LARGE not in answer


def test_a_big_body_before_a_second_request_in_the_same_read_is_not_counted(
    port: int,
) -> None:
    """The read that begins a head may end the request before it: its body is no head."""
    body = b"{" + b" " * 200_000 + b"}"
    post = (
        b"POST /api/v1/nothing-here HTTP/1.1\r\nHost: hub\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    ) + body
    answer = _answer(port, post + _hello())
    assert TOO_LARGE not in answer, answer[:300]
    assert answer.count(b"HTTP/1.1 ") == 2, answer[:300]
