"""Reading every byte the app wrote and looking for planted text in it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def every_file(*folders: Path) -> list[Path]:
    return sorted(
        p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()
    )


def encodings_of(text: str) -> list[bytes]:
    """The ways a string could sit in a file: UTF-8 (SQLite, JSON) and UTF-16 (Qt)."""
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.casefold().encode("utf-8")]


def find_planted(needles: Iterable[str | bytes], *folders: Path) -> list[tuple[Path, str]]:
    """(file, what was found) for every planted string or byte string found anywhere."""
    patterns: list[tuple[bytes, str]] = []
    for needle in needles:
        if isinstance(needle, bytes):
            patterns.append((needle, needle.hex()[:16] + "…"))
        else:
            patterns += [(encoded, needle) for encoded in encodings_of(needle)]
    found = []
    for file in every_file(*folders):
        data = file.read_bytes()
        found += [(file, label) for pattern, label in patterns if pattern in data]
    return found
