"""A tiny hub on loopback, speaking the real protocol, for hub behaviours the real hub
cannot be made to show (answers 500, hangs, signs with another key, refuses on demand)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from parentrus_sync.protocol import (
    Invitation,
    Policy,
    ProtocolError,
    Receipt,
    canonical_json,
    encode_bytes,
    fingerprint,
    new_key,
    new_token,
    parse_json,
    public_key_bytes,
    read_enrolment,
    read_envelope,
    signed_policy,
    signed_receipt,
)

from parentrus_desktop.outbox import connection as connection_module
from parentrus_desktop.privacy.periods import PeriodKind


@dataclass
class TinyHub:
    """What the tiny hub does next. ``reports`` says how it answers an upload: 'ok',
    '500', '429', '413', 'revoked', 'refuse', 'changed', 'proxy', 'early', 'other-key',
    'wrong-digest' or 'hang'."""

    school: str = "riverside-primary"
    school_name: str = "Riverside Primary"
    key: Any = field(default_factory=new_key)
    reports: str = "ok"
    retry_after: str | None = None  # the Retry-After of a 429, in seconds
    address: str = ""
    uploads: int = 0
    held: dict[str, dict[str, Any]] = field(default_factory=dict)  # report id -> report
    release: threading.Event = field(default_factory=threading.Event)
    # Monthly, so a few weeks of test dates give several reports; the default is a term.
    period_kind: PeriodKind = PeriodKind.MONTH
    epsilon: float = 10.0  # a hub of another make may sign anything

    @property
    def policy(self) -> Policy:
        return Policy(self.school, period_kind=self.period_kind, epsilon=self.epsilon)

    @property
    def public_key(self) -> bytes:
        return public_key_bytes(self.key)

    def invitation(self, *, fingerprint_of: bytes | None = None) -> Invitation:
        return Invitation(
            hub=self.address,
            school=self.school,
            school_name=self.school_name,
            token=new_token(),
            hub_fingerprint=fingerprint(fingerprint_of or self.public_key),
            expires=datetime(2030, 1, 1, tzinfo=UTC),
        )

    def answer(self, method: str, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        if method == "GET" and path == "/api/v1/hello":
            return 200, {
                "hub": "parentrus-hub",
                "protocol": [1],
                "hub_key": encode_bytes(self.public_key),
            }
        if method == "POST" and path == "/api/v1/enrol":
            enrolment = read_enrolment(parse_json(body))
            return 201, {
                "device": enrolment.device,
                "school": self.school,
                "school_name": self.school_name,
                "hub_key": encode_bytes(self.public_key),
                "policy": signed_policy(self.key, self.policy),
            }
        if method == "GET" and path == "/api/v1/policy/" + self.school:
            return 200, signed_policy(self.key, self.policy)
        if method == "POST" and path == "/api/v1/reports":
            return self._upload(body)
        return 404, {"error": "not-found", "reason": "There is nothing here."}

    def _upload(self, body: bytes) -> tuple[int, dict[str, Any]]:
        self.uploads += 1
        mode = self.reports
        if mode == "hang":
            self.release.wait(30)
            return 500, {}
        if mode == "500":
            return 500, {"error": "oops", "reason": "Something broke."}
        if mode == "429":
            return 429, {"error": "slow-down", "reason": "Too many at once."}
        if mode == "413":  # the hub's own words for a body too large
            return 413, {"error": "too-large", "reason": "The message is too large."}
        if mode == "revoked":
            return 403, {"error": "revoked", "reason": "The school has disconnected this laptop."}
        if mode == "proxy":  # a venue's proxy or captive portal: not the hub's words
            return 403, {}
        if mode == "early":  # the hub's clock is a day behind the laptop's
            return 422, {"error": "future-period", "reason": "Not ended yet."}
        if mode == "changed":  # the hub's own English, which a mentor never sees
            return 409, {"error": "changed-report", "reason": "Digest mismatch for held id."}
        if mode == "refuse":
            return 422, {"error": "bad-report", "reason": "The report does not fit the format."}
        envelope = read_envelope(parse_json(body), date(2030, 1, 1))
        key = self.key if mode != "other-key" else new_key()
        digest = envelope.digest if mode != "wrong-digest" else "0" * 64
        receipt = Receipt(envelope.report_id, digest, datetime(2026, 12, 11, 9, 0, tzinfo=UTC))
        status = 200 if str(envelope.report_id) in self.held else 201
        self.held[str(envelope.report_id)] = envelope.report
        return status, {"receipt": signed_receipt(key, receipt)}


def _serve(hub: TinyHub) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            try:
                status, data = hub.answer(method, self.path, body)
            except ProtocolError as problem:
                status, data = 400, {"error": problem.code, "reason": problem.reason}
            raw = canonical_json(data)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            if status == 429:
                self.send_header("Retry-After", hub.retry_after or "120")
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet tests

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    hub.address = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def make_hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``make_hub(**fields)`` starts a tiny hub; the client waits at most 2 s for it, so a
    hub that hangs is given up on quickly."""
    monkeypatch.setattr(connection_module, "TIMEOUT_SECONDS", 2.0)
    running: list[tuple[TinyHub, ThreadingHTTPServer]] = []

    def make(**fields: Any) -> TinyHub:
        hub = TinyHub(**fields)
        running.append((hub, _serve(hub)))
        return hub

    yield make
    for hub, server in running:
        hub.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def hub(make_hub: Any) -> TinyHub:
    made: TinyHub = make_hub()
    return made
