"""Put translations from a tab-separated file into a language's catalog.

Run: .venv/bin/python tools/i18n_merge.py i18n/new-<branch>.ar.tsv [--language ar]
then `make i18n-compile`. With ``--carry-from old.po`` (a copy of the catalog before
`make i18n-update`), a message that has lost its translation because it gained a
context (``msgctxt``) or became a plural takes the old one first.

One message a line, as the helpers write them: ``English<TAB>translation``, or for a
plural ``singular<TAB>plural<TAB>`` and then the language's forms (Arabic: six),
separated by tabs. A line may start with a context,
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


def carry(catalog: Catalog, old: Catalog) -> int:
    """Give each untranslated message the old translation of the same English (whatever
    its context then); a plural takes an old singular's words for every form. Returns
    how many it filled."""
    known: dict[str, str | tuple[str, ...]] = {}
    for message in [*old, *old.obsolete.values()]:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.id and message.string and not message.fuzzy:
            known.setdefault(key, message.string)
    filled = 0
    for message in catalog:
        if not message.id or (message.string and all(message.string)):
            continue
        words = known.get(message.id if isinstance(message.id, str) else message.id[0])
        if words is None:
            continue
        if isinstance(message.id, tuple):
            forms = words if isinstance(words, tuple) else (words,) * catalog.num_plurals
            if len(forms) != catalog.num_plurals:
                continue
            message.string = forms
        else:
            message.string = words if isinstance(words, str) else words[0]
        filled += 1
    return filled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--language", default="ar")
    parser.add_argument("--carry-from", type=Path)
    args = parser.parse_args()
    catalog = read_catalog(args.language)
    if args.carry_from:
        with args.carry_from.open("rb") as file:
            print("carried over:", carry(catalog, read_po(file, locale=args.language)))
    unplaced = merge(catalog, args.tsv.read_text(encoding="utf-8").splitlines())
    write_catalog(args.language, catalog)
    for line in unplaced:
        print("not placed:", line.split("\t")[0], file=sys.stderr)
    return 1 if unplaced else 0


if __name__ == "__main__":
    sys.exit(main())
