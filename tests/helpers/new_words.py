"""An Arabic catalog that holds the words of i18n/new-*.ar.tsv too, for tests of pages
whose words are not merged into i18n/ar yet (the same result once they are)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from parentrus_desktop import i18n


def catalog_with_new_words(folder: Path) -> Path:
    """A catalog folder (as ``i18n.CATALOG_DIR``) whose Arabic is the project's catalog
    with the helpers' new words added where it has none yet."""
    source = i18n.CATALOG_DIR
    with open(source / "ar" / "LC_MESSAGES" / "parentrus.po", "rb") as po:
        catalog = read_po(po, locale="ar")
    for table in sorted(source.glob("new-*.ar.tsv")):
        for line in table.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and parts[0]:
                known = catalog.get(parts[0])
                if known is None or not known.string:
                    catalog.add(parts[0], parts[1])
            elif len(parts) == 8:
                key = (parts[0], parts[1])
                known = catalog.get(key)
                if known is None or not all(known.string):
                    catalog.add(key, tuple(parts[2:]))
    target = folder / "ar" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "parentrus.mo", "wb") as mo:
        write_mo(mo, catalog)
    return folder
