"""The app's catalogs with the Arabic of i18n/new-*.ar.tsv added: words a branch brings
before they are merged into the .po files. Tests and pictures that show a family's
page in Arabic use it, so the new words are in Arabic there too; once the words are
merged into the catalog it adds nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from parentrus_desktop import i18n


def new_arabic_words() -> dict[str, str]:
    """English -> Arabic from every i18n/new-*.ar.tsv (single messages only)."""
    words: dict[str, str] = {}
    for tsv in sorted(i18n.CATALOG_DIR.glob("new-*.ar.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and parts[0] and parts[1]:
                words[parts[0]] = parts[1]
    return words


def catalog_with_new_words(folder: Path) -> Path:
    """A copy of the catalogs in ``folder``, the Arabic one with the new words compiled
    in; point ``i18n.CATALOG_DIR`` at it."""
    source = i18n.CATALOG_DIR
    shutil.copytree(source, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.tsv"))
    po = source / "ar" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale="ar")
    for english, arabic in new_arabic_words().items():
        message = catalog.get(english)
        if message is None:
            catalog.add(english, arabic)
        elif not message.string or message.fuzzy:
            message.string = arabic
            message.flags.discard("fuzzy")
    with (folder / "ar" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").open("wb") as f:
        write_mo(f, catalog)
    return folder
