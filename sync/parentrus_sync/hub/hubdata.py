"""The hub's data folder: where its database is, and its signing key in a file only it reads."""

from __future__ import annotations

import base64
import json
import os
import re
import unicodedata
from pathlib import Path

from parentrus_sync.hub.hub import Hub, is_loopback_http
from parentrus_sync.hub.private_files import write_private
from parentrus_sync.hub.storage import Storage, open_storage
from parentrus_sync.protocol import key_from_private_bytes, new_key, private_key_bytes

CONFIG_FILE = "hub.json"
KEY_FILE = "hub-signing-key"
DEFAULT_DATABASE = "hub.sqlite"
DATA_ENV = "PARENTRUS_HUB_DATA"


class SetupProblem(Exception):
    """Something about the data folder a person has to put right; the message says what."""


def slug_for(name: str) -> str:
    """A school's name on the wire from the name people use: 'Riverside Primary' ->
    'riverside-primary'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:64].strip("-")
    if not slug:
        raise SetupProblem("Please give the school a name with some letters or numbers.")
    return slug


def data_folder(given: str | None) -> Path:
    chosen = given or os.environ.get(DATA_ENV)
    if not chosen:
        raise SetupProblem(
            f"Please say where the hub keeps its data: --data FOLDER, or set {DATA_ENV}."
        )
    return Path(chosen)


def database_address(data: Path) -> str:
    """The database of an initialised hub: a postgresql:// address or a SQLite path."""
    config_path = data / CONFIG_FILE
    if not config_path.exists():
        raise SetupProblem(
            f"There is no hub in {data} yet. Set one up first with: parentrus-hub init"
        )
    database = str(json.loads(config_path.read_text("utf-8"))["database"])
    if database.startswith(("postgresql://", "postgres://")):
        return database
    return str(data / database)


def write_setup(data: Path, database: str | None) -> tuple[Storage, bytes]:
    """A new hub in ``data``: its config, its database and a fresh signing key."""
    if (data / CONFIG_FILE).exists():
        raise SetupProblem(f"A hub is already set up in {data}.")
    data.mkdir(parents=True, exist_ok=True)
    data.chmod(0o700)
    key = private_key_bytes(new_key())
    key_path = data / KEY_FILE
    # Created 0600 from the start, so the key is never readable by others, even briefly.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(base64.b64encode(key).decode("ascii") + "\n")
    stored = database or DEFAULT_DATABASE
    storage = open_storage(stored if database else data / DEFAULT_DATABASE)
    config = json.dumps({"database": stored}, indent=2) + "\n"
    write_private(data / CONFIG_FILE, config.encode("utf-8"))
    return storage, key


#: The setting for where the hub last served, when nobody gave it a public address.
SERVED_AT = "served_at"


def open_hub(data: Path, address: str | None = None, *, served_at: str | None = None) -> Hub:
    """The hub kept in ``data``, at its public ``address``: else the one it was given
    before (at ``init`` or an earlier ``serve``), else where it is ``served_at``."""
    storage = open_storage(database_address(data))
    try:
        raw = base64.b64decode((data / KEY_FILE).read_text("ascii").strip(), validate=True)
        key = key_from_private_bytes(raw)
    except (OSError, ValueError):
        storage.close()
        raise SetupProblem(
            f"The hub's signing key in {data / KEY_FILE} is missing or damaged."
        ) from None
    stored = storage.setting("address")
    if stored is not None and is_loopback_http(stored):
        # Hubs of 3 December 2026 and before kept where their first serve ran (plain
        # HTTP on loopback) as if it had been given: where this one serves says more.
        stored = None
    chosen = address or stored or served_at or storage.setting(SERVED_AT) or "http://127.0.0.1:8000"
    return Hub(storage, key, address=chosen)
