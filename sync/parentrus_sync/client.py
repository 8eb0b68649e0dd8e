"""The laptop's HTTP client for the school hub's API, version 1 (see sync/README.md).

Every answer is read with ``protocol``: a policy or receipt counts only when the pinned
hub key signed it. A 429 or 413, a 5xx or no answer is "try again later"
(``HubUnreachable``); any other 4xx is the hub's final word on that request (``HubRefused``).
"""

from __future__ import annotations

import re
import ssl
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from parentrus_sync.protocol import (
    API_ROOT,
    LARGEST_BODY,
    Policy,
    ProtocolError,
    Receipt,
    ReportId,
    canonical_json,
    check_hub_address,
    decode_bytes,
    device_id,
    negotiate,
    parse_json,
    read_signed_policy,
    read_signed_receipt,
    report_digest,
)
from parentrus_sync.tls_pin import (
    is_pin_mismatch,
    is_unverified_certificate,
    pin_bytes,
    pinned_context,
)

#: The longest refusal reason shown to a person; a hub should never need more.
_LONGEST_REASON = 400
#: The hub's refusals that are final for a request (sync/README.md); any other 4xx is
#: treated as no usable answer, and tried again later.
FINAL_REFUSALS = frozenset(
    {
        "bad-json", "bad-envelope", "bad-field", "bad-enrolment", "version",
        "unknown-device", "bad-signature", "revoked", "wrong-school", "unknown-school",
        "changed-report", "used-token", "expired-token", "unknown-token", "not-json",
        "bad-report",
    }
)  # fmt: skip

#: The codes this client (and connecting) gives of its own, beside the hub's
#: (``REFUSAL_CODES``): a hub whose key or certificate is not the one the school gave, an
#: answer that cannot be checked. A refusal that is not the contract's is ``http-<status>``.
#: When connecting, a certificate no authority vouches for and no pin to check it by:
#: from a typed code (use the file or QR code) or from an invitation without a pin.
CLIENT_CODES = frozenset(
    {
        "wrong-hub", "wrong-certificate", "bad-answer",
        "untrusted-certificate", "untrusted-invitation",
    }
)  # fmt: skip


#: Answers that mean "not now": too many requests, or a body too large for now.
_BUSY_STATUSES = frozenset({413, 429})


class HubUnreachable(Exception):
    """No usable answer now: try again later. ``sent`` says whether the request may have
    reached the hub (so a report may be there already, without a receipt yet)."""

    def __init__(self, message: str, *, retry_after: float | None = None, sent: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.sent = sent


class HubRefused(Exception):
    """The hub's final no to this request: ``code`` for programs, ``reason`` for people."""

    def __init__(self, code: str, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.status = status


class BadAnswer(HubUnreachable):
    """The hub answered, but not with what the protocol allows (a receipt signed by
    another key, a damaged body). Nothing is accepted from it; try again later."""


class WrongHub(HubRefused):
    """The hub's key is not the one this laptop pinned or was told to expect, or (code
    ``wrong-certificate``) its certificate's public key is not the invitation's pin."""


class UntrustedCertificate(HubUnreachable):
    """The server's certificate is not vouched for by any authority this laptop trusts
    (a school's self-signed certificate), and there is no pin to check it by. For a
    laptop already connected it is "try again later"; to connect, the invitation file (and
    the QR code, which holds the file) carries the pin."""


@dataclass(frozen=True)
class Hello:
    version: int
    hub_key: bytes


@dataclass(frozen=True)
class EnrolmentAnswer:
    device: str
    school: str  # the school's name on the wire
    school_name: str  # the name people use
    hub_key: bytes
    policy: Policy


class HubClient:
    """One hub, at one address. With ``pinned_hub_key``, every policy and receipt must be
    signed by it; with ``tls_pin`` (from an invitation, for a self-signed certificate), the
    server's certificate must hold the public key with that SHA-256 (``tls_pin``), and no
    other is trusted."""

    def __init__(
        self,
        address: str,
        *,
        timeout: float = 10,
        pinned_hub_key: bytes | None = None,
        tls_pin: str | None = None,
    ) -> None:
        self.address = check_hub_address(address)
        self.pinned_hub_key = pinned_hub_key
        self._pin = _pin_bytes(tls_pin) if tls_pin else None
        self._timeout = timeout
        self._client: httpx.Client | None = None

    # -- the API -------------------------------------------------------------------------

    def hello(self) -> Hello:
        """The hub's versions and key; HubRefused('version') when none is in common."""
        data = self._request("GET", "/hello")
        if not isinstance(data, dict) or data.get("hub") != "parentrus-hub":
            raise BadAnswer(_NOT_A_HUB)
        try:
            version = negotiate(data.get("protocol"))
            hub_key = decode_bytes(data.get("hub_key"), length=32, what="hub key")
        except ProtocolError as problem:
            if problem.code == "version":
                raise HubRefused("version", problem.reason) from None
            raise BadAnswer(_NOT_A_HUB) from None
        self._check_pinned(hub_key)
        return Hello(version, hub_key)

    def enrol(self, request: dict[str, Any]) -> EnrolmentAnswer:
        """Send ``protocol.enrolment_request(...)``; the answer's policy must be signed by
        the hub key it names, which must be the pinned one if a key is pinned."""
        data = self._request("POST", "/enrol", request)
        try:
            if not isinstance(data, dict):
                raise ProtocolError("bad-answer", "not an object")
            hub_key = decode_bytes(data.get("hub_key"), length=32, what="hub key")
            self._check_pinned(hub_key)
            policy = read_signed_policy(data.get("policy"), hub_key)
            device, school, name = data.get("device"), data.get("school"), data.get("school_name")
            key = decode_bytes(request.get("device_key"), length=32, what="device key")
            if (
                device != device_id(key)
                or not isinstance(school, str)
                or school != policy.school
                or (request.get("school") and school != request["school"])
                or not isinstance(name, str)
                or not name.strip()
            ):
                raise ProtocolError("bad-answer", "not for this request")
        except ProtocolError as error:
            if error.code == "policy-over-budget":
                raise  # the school's own signed word, and one no laptop may follow
            raise BadAnswer(_BAD_ANSWER) from None
        return EnrolmentAnswer(device, school, name.strip()[:200], hub_key, policy)

    def policy(self, school: str) -> Policy:
        """The school's current policy, signed by the pinned hub key."""
        data = self._request("GET", "/policy/" + quote(school, safe=""))
        try:
            policy = read_signed_policy(data, self._pinned())
        except ProtocolError:
            raise BadAnswer(_BAD_ANSWER) from None
        if policy.school != school:
            raise BadAnswer(_BAD_ANSWER)
        return policy

    def upload(self, envelope: dict[str, Any]) -> Receipt:
        """Send one report envelope; the receipt must be signed by the pinned hub key and
        be for exactly this report (its id and its digest)."""
        return self.upload_keeping_receipt(envelope)[0]

    def upload_keeping_receipt(self, envelope: dict[str, Any]) -> tuple[Receipt, dict[str, Any]]:
        """As ``upload``, with the signed receipt as the hub sent it, to keep."""
        hub_key = self._pinned()
        data = self._request("POST", "/reports", envelope, sent_once_written=True)
        try:
            if not isinstance(data, dict) or set(data) != {"receipt"}:
                raise ProtocolError("bad-receipt", "not a receipt")
            receipt = read_signed_receipt(data["receipt"], hub_key)
            report = envelope["report"]
            wanted = ReportId(envelope["device"], report["school"], report["period"])
            if receipt.report_id != wanted or receipt.digest != report_digest(report):
                raise ProtocolError("bad-receipt", "not for this report")
        except ProtocolError:
            raise BadAnswer(_BAD_ANSWER, sent=True) from None
        signed: dict[str, Any] = data["receipt"]
        return receipt, signed

    # -- plumbing ------------------------------------------------------------------------

    def _pinned(self) -> bytes:
        if self.pinned_hub_key is None:
            raise ValueError("this needs the pinned hub key")
        return self.pinned_hub_key

    def _check_pinned(self, hub_key: bytes) -> None:
        if self.pinned_hub_key is not None and hub_key != self.pinned_hub_key:
            raise WrongHub("wrong-hub", _WRONG_HUB, 0)

    def _http(self) -> httpx.Client:
        if self._client is None:
            verify: ssl.SSLContext | bool = True
            if self._pin is not None and self.address.startswith("https://"):
                # Only this connection trusts a certificate no authority vouches for,
                # and only by its public key: the key is checked before anything is sent.
                verify = pinned_context(self._pin)
            self._client = httpx.Client(
                base_url=self.address + API_ROOT,
                timeout=self._timeout,
                verify=verify,
                follow_redirects=False,
                headers={"Accept": "application/json"},
            )
        return self._client

    def _request(
        self, method: str, path: str, body: Any = None, *, sent_once_written: bool = False
    ) -> Any:
        content = None if body is None else canonical_json(body)
        headers = {} if content is None else {"Content-Type": "application/json"}
        try:
            response = self._http().request(method, path, content=content, headers=headers)
            raw = response.read()
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as problem:
            if is_pin_mismatch(problem):
                # Never a fallback to an unpinned connection: nothing was sent.
                raise WrongHub("wrong-certificate", _WRONG_CERTIFICATE, 0) from None
            if self._pin is None and is_unverified_certificate(problem):
                raise UntrustedCertificate(_UNTRUSTED) from problem
            raise HubUnreachable(_UNREACHABLE) from problem
        except httpx.HTTPError as problem:
            # The request may have been written before the line broke.
            raise HubUnreachable(_UNREACHABLE, sent=sent_once_written) from problem
        status = response.status_code
        if status in _BUSY_STATUSES or status >= 500:
            # A 413 too: a hub (or the proxy in front of it) refusing a body that size now
            # may take it later, and a laptop's reports are small; refusing for good
            # would lose the report, and the mentor can do nothing about it.
            retry = _retry_after(response.headers.get("Retry-After"))
            raise HubUnreachable(_BUSY, retry_after=retry, sent=sent_once_written)
        if 400 <= status < 500:
            code, reason = _refusal(raw, status)
            if code not in FINAL_REFUSALS:
                # Not the hub's own final word: a proxy's page, a captive portal, or a
                # report a day early for the hub's clock. Refusing for good would lose it.
                raise BadAnswer(_BAD_ANSWER, sent=sent_once_written)
            raise HubRefused(code, reason, status)
        if not 200 <= status < 300:
            raise BadAnswer(_BAD_ANSWER, sent=sent_once_written)
        try:
            return parse_json(raw, largest=LARGEST_BODY)
        except ProtocolError:
            raise BadAnswer(_BAD_ANSWER, sent=sent_once_written) from None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> HubClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


_UNREACHABLE = "The school's hub could not be reached. The reports will be sent later."
_BUSY = "The school's hub is busy. The reports will be sent later."
_NOT_A_HUB = "That address does not answer like a school's hub."
_BAD_ANSWER = "The school's hub gave an answer this laptop cannot check. It will try again later."
_WRONG_CERTIFICATE = (
    "This is not the school's server named in the invitation: its certificate is not the "
    "one the school gave. Nothing was sent. Please ask the school."
)
_UNTRUSTED = (
    "The school's hub has a certificate of its own that this laptop cannot check. "
    "Please connect with the invitation file."
)
_WRONG_HUB = (
    "This is not the school's hub: its key is not the one the school gave. "
    "Nothing was sent. Please check the address with the school."
)


def _pin_bytes(text: str) -> bytes:
    try:
        return pin_bytes(text)
    except ValueError:
        raise ProtocolError(
            "bad-invitation", "The invitation's certificate pin is damaged."
        ) from None


def _retry_after(value: str | None) -> float | None:
    # Only the seconds form: a date needs a clock the two ends agree on.
    if value is None or not re.fullmatch(r"\s*[0-9]{1,7}\s*", value):
        return None
    return float(value)


def _refusal(raw: bytes, status: int) -> tuple[str, str]:
    """The hub's code and plain reason; a generic one when the body is not the contract's."""
    try:
        data = parse_json(raw, largest=16 * 1024)
    except ProtocolError:
        data = None
    if isinstance(data, dict):
        code, reason = data.get("error"), data.get("reason")
        if isinstance(code, str) and isinstance(reason, str) and reason.strip():
            # Only printable text reaches a screen or a terminal.
            shown = "".join(c for c in reason if c.isprintable())[:_LONGEST_REASON]
            return code[:64], shown
    return f"http-{status}", "The school's hub said no, without saying why."
