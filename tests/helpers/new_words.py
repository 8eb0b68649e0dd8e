"""The Arabic catalog as it will be once this branch's new words are merged into it: the
catalog's source (i18n/ar) plus i18n/new-glossary.ar.tsv, compiled into a folder of the
test's own. Until the words are merged into i18n/ the app's compiled catalog lacks them;
once merged (and the file gone), this is the catalog as it is."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCES = Path(__file__).resolve().parents[2] / "i18n"
NEW_WORDS = SOURCES / "new-glossary.ar.tsv"
CONTEXT = "\x1f"


def arabic_catalog_with_new_words(folder: Path) -> Path:
    """A catalog folder (as ``i18n.CATALOG_DIR``) whose Arabic has the new words."""
    with (SOURCES / "ar" / "LC_MESSAGES" / "parentrus.po").open("rb") as file:
        catalog = read_po(file, locale="ar")
    if NEW_WORDS.is_file():
        for line in NEW_WORDS.read_text(encoding="utf-8").splitlines():
            english, arabic = line.split("\t")[:2]
            context = None
            if CONTEXT in english:
                context, english = english.split(CONTEXT)
            catalog.add(english, arabic, context=context)
    out = folder / "ar" / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    with (out / "parentrus.mo").open("wb") as file:
        write_mo(file, catalog)
    return folder
