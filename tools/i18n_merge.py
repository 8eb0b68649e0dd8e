"""Put translations from a tab-separated file into a language's catalog.

Run: .venv/bin/python tools/i18n_merge.py i18n/new-<branch>.ar.tsv [--language ar]
then `make i18n-compile`. One message a line, as the helpers write them:
``English<TAB>translation``, or for a plural ``singular<TAB>plural<TAB>`` and then the
language's forms (Arabic: six) separated by tabs. A line may start with a context,
``context<US>English`` (the unit separator, U+001F), for a message with ``msgctxt``.
Fills only messages the catalog holds (run `make i18n-update` first); prints any line
it could not place, and leaves every other translation as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

SOURCES = Path(__file__).resolve().parent.parent / "i18n"
CONTEXT = "\x1f"


def catalog_path(language: str) -> Path:
    return SOURCES / language / "LC_MESSAGES" / "parentrus.po"


def read_catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as file:
        return read_po(file, locale=language)


def write_catalog(language: str, catalog: Catalog) -> None:
    # The same options as `pybabel update` writes with, so a merge changes only the
    # lines it fills.
    with catalog_path(language).open("wb") as file:
        write_po(file, catalog, width=76, include_previous=False)


def merge(catalog: Catalog, lines: list[str]) -> list[str]:
    """Fill the catalog from the lines; returns the lines that matched no message."""
    unplaced = []
    for line in lines:
        if not line.strip():
            continue
        context, _sep, rest = line.rpartition(CONTEXT) if CONTEXT in line else ("", "", line)
        cells = rest.split("\t")
        message = catalog.get(cells[0], context or None)
        if message is None:
            unplaced.append(line)
        elif isinstance(message.id, tuple):
            forms = cells[2:]
            if message.id[1] != cells[1] or len(forms) != catalog.num_plurals:
                unplaced.append(line)
                continue
            message.string = tuple(forms)
            message.flags.discard("fuzzy")
        else:
            message.string = cells[1]
            message.flags.discard("fuzzy")
    return unplaced


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--language", default="ar")
    args = parser.parse_args()
    catalog = read_catalog(args.language)
    unplaced = merge(catalog, args.tsv.read_text(encoding="utf-8").splitlines())
    write_catalog(args.language, catalog)
    for line in unplaced:
        print("not placed:", line.split("\t")[0], file=sys.stderr)
    return 1 if unplaced else 0


if __name__ == "__main__":
    sys.exit(main())
