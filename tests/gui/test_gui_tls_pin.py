"""The connect dialog with a school hub that has a self-signed certificate: the invitation
file connects through its pin; another certificate at the school's address, and a typed
code, each get a plain sentence (never an SSL error)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers.tls_hub import TlsHub, self_signed
from pytestqt.qtbot import QtBot
from test_gui_sync import answer_of, unlocked

from parentrus_desktop.gui.window import MentorWindow

MakeWindow = Callable[..., MentorWindow]
WRONG_CERTIFICATE = (
    "This is not the school's server named in the invitation: its certificate is not "
    "the one the school gave. Nothing was sent. Please ask the school."
)
USE_THE_FILE = (
    "This school's hub has a certificate of its own, which this laptop cannot check "
    "from a code. Please ask the school for the invitation file, and open it here."
)


def test_the_connect_dialog_says_plainly_what_to_do_with_a_self_signed_hub(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    certs = tmp_path / "certs"
    first = self_signed(certs, "first")
    hub = TlsHub(tmp_path / "hub", first)
    try:
        workspace = unlocked(qtbot, make_window)
        file, code = hub.invite(tmp_path)

        # A typed code: the certificate cannot be checked from it.
        dialog = workspace.connect_school()
        dialog.hub_address.setText(hub.url)
        dialog.code.setText(code)
        dialog.use_code()
        assert answer_of(qtbot, dialog) == USE_THE_FILE

        # The file, while another server answers at the school's address.
        hub.serve_with(self_signed(certs, "impostor"))
        dialog.open_file(file)
        assert answer_of(qtbot, dialog) == WRONG_CERTIFICATE
        assert dialog.connection is None

        # The file, with the school's own server: connected through the pin.
        hub.serve_with(first)
        dialog.open_file(file)
        assert answer_of(qtbot, dialog) == (
            "Connected to Riverside Primary. Reports will be sent when this laptop is online."
        )
        assert dialog.connection is not None
        dialog.accept()
    finally:
        hub.stop()
