"""What an attacker's review of a real hub found (issue 17): a huge header, bodies sent
slowly, ways round the tarpit, and a good laptop refused behind a sender of junk."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.hub_process import HubProcess, serving
from parentrus_sync.hub import api
from parentrus_sync.hub.app import create_app
from parentrus_sync.hub.hub import Hub


@pytest.fixture
def sqlite_hub_process(tmp_path: Path) -> Iterator[HubProcess]:
    process = HubProcess(tmp_path / "hub-data", [])
    yield process
    process.stop()


def test_a_header_over_a_megabyte_is_refused_by_the_served_hub(
    sqlite_hub_process: HubProcess,
) -> None:
    """httptools took any header whole (300 MB: the hub at 644 MB, answered 200)."""
    request = b"GET /api/v1/hello HTTP/1.1\r\nHost: hub\r\nX-Junk: " + b"a" * 2_000_000
    answer = b""
    with socket.create_connection(("127.0.0.1", sqlite_hub_process.port), timeout=30) as sock:
        try:
            sock.sendall(request + b"\r\n\r\n")
            while chunk := sock.recv(65536):
                answer += chunk
        except (ConnectionResetError, BrokenPipeError):
            pass  # refused by closing the connection: also right
    assert not answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer[:200]


def test_a_body_that_stalls_is_cut_off_after_a_deadline(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,200 bodies stalled after their headers held the hub's memory 50 s and more."""
    monkeypatch.setattr(api, "BODY_SECONDS", 0.5)
    with serving(create_app(hub)) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            started = time.monotonic()
            sock.sendall(
                b"POST /api/v1/reports HTTP/1.1\r\nHost: hub\r\n"
                b'Content-Type: application/json\r\nContent-Length: 262144\r\n\r\n{"dev'
            )
            answer = b""
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                chunk = sock.recv(65536)  # socket.timeout (10 s) if never answered
                if not chunk:
                    break
                answer += chunk
    assert time.monotonic() - started < 5
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"] == "bad-json"
