"""Load the workspace's modules in the background while the mentor types the passphrase.

The first screen loads only what it shows (a fast start); without this, the database
layer, the encryption library, the hub's client and the workspace's screens (about a
second in all) would load after the Unlock press. Python's imports are thread-safe (the
import lock); the Qt screens' modules are only imported here, no widget is made off the
UI thread."""

from __future__ import annotations

import importlib
import os
import threading

from parentrus_desktop.app_log import log

#: Set (to anything) to leave the warm-up out: to see what the first screen alone loads.
NO_WARM_UP = "PARENTRUS_NO_WARM_UP"

#: What an unlock needs, the libraries (no imports back into this package) first.
WARM_UP = (
    "sqlite_utils",
    "cryptography.hazmat.primitives.ciphers.aead",
    "httpx",
    "jsonschema",
    "parentrus_desktop.store.unlocked",
    "parentrus_desktop.operations.retention",
    "parentrus_desktop.gui.records",
    "parentrus_desktop.gui.workspace",
)


def _load(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the unlock imports it again, and says what failed
            log.warning("warm-up: %s did not load", name)
            return


_running: list[threading.Thread] = []


def start_warm_up(modules: tuple[str, ...] = WARM_UP) -> threading.Thread | None:
    """Start loading `modules` in a background thread (None when turned off)."""
    if os.environ.get(NO_WARM_UP):
        return None
    thread = threading.Thread(target=_load, args=(modules,), name="warm-up", daemon=True)
    _running.append(thread)
    thread.start()
    return thread


def wait_for_warm_up(timeout: float = 30.0) -> None:
    """Let the warm-up finish before the unlock imports the same modules itself. Two
    threads importing modules that import each other can stop on each other's import
    locks (Python then raises its deadlock error in one of them, which could be the
    unlock); after this, only one thread imports at a time. Usually it finished long
    ago, while the passphrase was typed."""
    while _running:
        _running[0].join(timeout)
        _running.pop(0)
