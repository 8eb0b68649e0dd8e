"""An invitation made on the hub's pages for a hub with a self-signed certificate: its
file and its QR code carry the certificate's pin, and the page tells the coordinator that
a typed code cannot reach such a hub."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import httpx
import segno
from hubweb_kit import csrf_of, sign_in
from parentrus_sync.hub.hub import Hub
from parentrus_sync.protocol import Invitation

HINT = "This hub has a certificate of its own, which a typed code cannot check"


def _make_invitation(client: httpx.Client) -> tuple[str, str]:
    """The invitation page's HTML and its address."""
    assert sign_in(client).status_code == 303
    token = csrf_of(client.get("/invitations").text)
    made = client.post(
        "/invitations", data={"school": "riverside-primary", "csrf": token}, follow_redirects=False
    )
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert page.status_code == 200
    return page.text, made.headers["location"]


def test_the_file_and_the_qr_code_carry_the_pin_and_the_page_says_to_give_the_file(
    client: httpx.Client, web_hub: Hub
) -> None:
    pin = base64.b64encode(hashlib.sha256(b"the hub's public key").digest()).decode()
    web_hub.storage.set_setting("tls_pin", pin)  # as serve --certfile sets it
    html, where = _make_invitation(client)
    assert HINT in html
    invitation = Invitation.from_file_bytes(client.get(where + "/file").content)
    assert invitation.tls_pin == pin
    # The QR code on the page is exactly the invitation file, pin included.
    compact = json.dumps(invitation.to_json(), separators=(",", ":"), ensure_ascii=False)
    assert json.loads(compact)["tls_pin"] == pin
    drawn = segno.make(compact, error="m", micro=False).svg_inline(
        scale=4, dark="#000", light="#fff", title="QR code"
    )
    assert re.sub(r"\s+", " ", drawn) in re.sub(r"\s+", " ", html)


def test_a_hub_without_a_pin_says_nothing_of_certificates(client: httpx.Client) -> None:
    html, _where = _make_invitation(client)
    assert HINT not in html
