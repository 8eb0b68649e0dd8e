"""What an attacker's review of a real hub found (issue 17): a huge header, bodies sent
slowly, ways round the tarpit, and a good laptop refused behind a sender of junk."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.hub_process import HubProcess


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
