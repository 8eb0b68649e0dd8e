"""Write parentrus_desktop/resources/language_names.json: every language the app lists
named in itself and in each language the app may speak, from babel's CLDR data.

Run: .venv/bin/python tools/language_names.py  (then commit the file)

The app reads the file instead of loading a CLDR locale per language at start-up (the
first-run screen names every language before its first paint: issue 15). It is made
here and committed, not at build time: the bundle is built from the checkout without the
wheel's build steps, an editable install has none, and a reviewer sees a changed name
in the diff. tests/test_language_names_file.py fails when the file is not what this
tool would write now (a new language, a new catalog, another babel): run it again.

The languages: every one the app offers in lists (labels.COMMON_LANGUAGES), every one
with a translators' catalog in i18n/ and English; each is named in each of them too, so
a language that gets a catalog later is covered already when it was in the lists.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]
OUTPUT = TOP / "parentrus_desktop" / "resources" / "language_names.json"


def languages() -> list[str]:
    """The tags named, in the order written: the lists' languages and the app's own."""
    from parentrus_desktop.i18n import SOURCE_LANGUAGE
    from parentrus_desktop.labels import COMMON_LANGUAGES

    catalogs = {path.parts[-3] for path in (TOP / "i18n").glob("*/LC_MESSAGES/*.po")}
    return sorted({SOURCE_LANGUAGE, *COMMON_LANGUAGES, *catalogs})


def names_file() -> str:
    """The file's text, exactly (sorted, one name a line: a changed name is one line)."""
    from parentrus_desktop.i18n import locale_of
    from parentrus_desktop.language_names import (
        OWN_NAMES,
        NamesFile,
        name_in_cldr,
        own_name_in_cldr,
    )

    tags = languages()
    own = {tag: own_name_in_cldr(tag) for tag in tags if tag not in OWN_NAMES}
    names: NamesFile = {
        "own": {tag: name for tag, name in own.items() if name is not None},
        "named_in": {
            speaking: {tag: name_in_cldr(tag, locale_of(speaking)) for tag in tags}
            for speaking in tags
        },
    }
    return json.dumps(names, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    text = names_file()
    if OUTPUT.is_file() and OUTPUT.read_text(encoding="utf-8") == text:
        print(f"{OUTPUT.relative_to(TOP)} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(TOP)}: {len(languages())} languages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
