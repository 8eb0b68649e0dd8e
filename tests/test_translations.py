"""The translation catalogs: up to date with the code, complete, and safe to format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import parentrus_desktop
from parentrus_desktop import i18n

PACKAGE = Path(parentrus_desktop.__file__).parent
#: The translators' sources (the app reads the catalogs compiled from them: i18n.CATALOG_DIR).
SOURCES = PACKAGE.parent / "i18n"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
LANGUAGES = sorted(p.name for p in SOURCES.iterdir() if (p / "LC_MESSAGES").is_dir())


def _singular(message_id: object) -> str:
    """A plural message is known by its singular form."""
    return message_id if isinstance(message_id, str) else str(message_id[0])  # type: ignore[index]


def _strings_in_code() -> set[str]:
    found = extract_from_dir(
        str(PACKAGE),
        keywords={"_": None, "N_": None, "ngettext": (1, 2)},
        comment_tags=(),
        strip_comment_tags=True,
    )
    return {_singular(message) for _file, _line, message, _comments, _context in found if message}


def _template() -> set[str]:
    with (SOURCES / "parentrus.pot").open("rb") as file:
        return {_singular(m.id) for m in read_po(file) if m.id}


def test_the_template_holds_exactly_the_strings_in_the_code() -> None:
    in_code, in_template = _strings_in_code(), _template()
    assert sorted(in_code - in_template) == [], "run: make i18n-update"
    assert sorted(in_template - in_code) == [], "run: make i18n-update"


def test_there_is_a_second_language() -> None:
    assert "ar" in LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_is_compiled_where_the_app_looks(language: str) -> None:
    """make i18n-compile (and a wheel's build) put the catalog inside the package."""
    assert i18n.CATALOG_DIR.is_relative_to(PACKAGE)
    assert i18n.has_catalog(language), "run: make i18n-compile"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_with_the_same_placeholders(language: str) -> None:
    path = SOURCES / language / "LC_MESSAGES" / "parentrus.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    template = _template()
    missing, broken = [], []
    for message in catalog:
        singular = _singular(message.id)
        if not singular or singular not in template:
            continue
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        if not all(forms) or message.fuzzy:
            missing.append(singular)
        elif isinstance(message.id, str):
            if set(PLACEHOLDER.findall(singular)) != set(PLACEHOLDER.findall(forms[0])):
                broken.append(singular)
        else:
            # A plural's forms may leave the number out ("a follow-up", Arabic's forms
            # for one and two), but may use no name the English does not give.
            given = set(PLACEHOLDER.findall(message.id[0] + message.id[1]))
            if any(not set(PLACEHOLDER.findall(f)) <= given for f in forms):
                broken.append(singular)
    assert missing == []
    assert broken == []
    assert template <= {_singular(m.id) for m in catalog}


def test_no_message_is_built_inside_the_translation_call() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\b_\(\s*f[\"']|\b_\((\"[^\"]*\"|'[^']*')\)\s*%", line)
    ]
    assert offenders == []


def _messages_in_code(keywords: dict[str, object]) -> list[str]:
    found = extract_from_dir(
        str(PACKAGE), keywords=keywords, comment_tags=(), strip_comment_tags=True
    )  # type: ignore[arg-type]
    return [
        message for _file, _line, message, _comments, _context in found if isinstance(message, str)
    ]


def test_a_count_in_a_sentence_goes_through_ngettext() -> None:
    """ "{count} reports saved" needs a form for one, and Arabic six: a number before a
    plural noun in a plain _() message is a missed ngettext ("Held: {count}" is fine)."""
    number = r"\{(?:count|n|opened|damaged|months|weeks|days|hours|minutes|longest|shortest)\}"
    counted = re.compile(rf"{number} [a-z-]+s\b", re.I)
    offenders = [
        m
        for m in _messages_in_code({"_": None, "N_": None})
        if counted.search(m) and m not in _FIXED_NUMBERS
    ]
    assert offenders == []


#: Counts that are one fixed number of the app's (a translator writes the form for it,
#: see the translator comment), carried by a deferred problem message with no ngettext.
_FIXED_NUMBERS = {
    "This is too long: please keep it under {longest} letters.",
    "Please use at least {shortest} characters; a short sentence is easiest to remember.",
}
