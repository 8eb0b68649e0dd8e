"""The sign-in form's CSRF token, kept nowhere: a random nonce and the time in a cookie,
and in the form their HMAC under a key made from the hub's signing key (the same in every
worker and every hub process of one hub). So a visitor who asks for the sign-in page a
million times writes nothing to the database; a session row is written only on signing in.

A page elsewhere cannot sign a browser in to someone else's account (login CSRF): it can
post a token it fetched itself, but not the cookie that goes with it (SameSite=Strict).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from starlette.requests import Request
from starlette.responses import Response

from parentrus_sync.hub.auth import IDLE
from parentrus_sync.hub.hub import Hub

COOKIE = "parentrus_hub_form"


class SignInForms:
    """Makes and checks the sign-in form's token; no storage, safe on the event loop."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        private = hub.key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        # Its own key: a token is never anything signed with the hub's own key.
        self._key = hashlib.sha256(b"parentrus-hub sign-in form\n" + private).digest()

    def _token(self, cookie: str) -> str:
        return hmac.new(self._key, cookie.encode("ascii"), hashlib.sha256).hexdigest()

    def new_cookie(self) -> tuple[str, str]:
        """(cookie, token) for a new form."""
        cookie = f"{secrets.token_urlsafe(24)}.{int(self._hub.now().timestamp())}"
        return cookie, self._token(cookie)

    def set_cookie(self, response: Response, cookie: str) -> None:
        response.set_cookie(
            COOKIE, cookie, max_age=int(IDLE.total_seconds()), path="/login",
            secure=self._hub.secure_cookies, httponly=True, samesite="strict",
        )  # fmt: skip

    def ok(self, request: Request, submitted: object) -> bool:
        """Whether the form carries the token of the browser's cookie, made within the
        last hour; compared in constant time."""
        cookie = request.cookies.get(COOKIE, "")
        if not isinstance(submitted, str) or len(cookie) > 100 or not cookie.isascii():
            return False
        issued = cookie.rpartition(".")[2]
        age = self._hub.now().timestamp() - int(issued) if issued.isdigit() else -1
        if not 0 <= age <= IDLE.total_seconds():
            return False
        expected = self._token(cookie).encode("ascii")
        return hmac.compare_digest(expected, submitted.encode("utf-8", "replace"))
