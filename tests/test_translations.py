"""The translation catalogs: up to date with the code, complete, and safe to format.

Every catalog in i18n/ is checked the same way, so a new language is checked as soon as
its .po file is there: it compiles, babel's checkers pass, every message is translated
with the English placeholders, the plural forms are the language's, and no sentence was
left in English by mistake.
"""

from __future__ import annotations

import re
from gettext import c2py
from io import BytesIO
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

import parentrus_desktop
from parentrus_desktop import i18n

PACKAGE = Path(parentrus_desktop.__file__).parent
#: The translators' sources (the app reads the catalogs compiled from them: i18n.CATALOG_DIR).
SOURCES = PACKAGE.parent / "i18n"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
LANGUAGES = sorted(p.name for p in SOURCES.iterdir() if (p / "LC_MESSAGES").is_dir())
#: As the Makefile's i18n-extract reads the code.
KEYWORDS: dict[str, object] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "NC_": ((1, "c"), 2),
}
Key = tuple[str, str]  # (context or "", the English, a plural by its singular)


def _singular(message_id: object) -> str:
    """A plural message is known by its singular form."""
    return message_id if isinstance(message_id, str) else str(message_id[0])  # type: ignore[index]


def _key(message: Message) -> Key:
    return (message.context or "", _singular(message.id))


def _forms(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def _strings_in_code() -> set[Key]:
    found = extract_from_dir(
        str(PACKAGE),
        keywords=KEYWORDS,  # type: ignore[arg-type]
        comment_tags=(),
        strip_comment_tags=True,
    )
    return {(context or "", _singular(message)) for *_, message, _c, context in found if message}


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _template() -> Catalog:
    return _read(SOURCES / "parentrus.pot")


def _catalog(language: str) -> Catalog:
    return _read(SOURCES / language / "LC_MESSAGES" / "parentrus.po")


def test_the_template_holds_exactly_the_strings_in_the_code() -> None:
    in_code, in_template = _strings_in_code(), {_key(m) for m in _template() if m.id}
    assert sorted(in_code - in_template) == [], "run: make i18n-update"
    assert sorted(in_template - in_code) == [], "run: make i18n-update"


def test_every_placeholder_is_explained_to_translators() -> None:
    """Each {name} has a translator comment (#.) saying what goes there: written in the
    code (# Translators:) or added by tools/i18n_comments.py at make i18n-extract."""
    unexplained = [
        f"{name} in {message.id!r}"
        for message in _template()
        if message.id
        for name in PLACEHOLDER.findall(" ".join(_forms_of_id(message)))
        if name not in " ".join(message.auto_comments)
    ]
    assert unexplained == [], "add the name to tools/i18n_comments.py, then make i18n-update"


def _forms_of_id(message: Message) -> list[str]:
    return [message.id] if isinstance(message.id, str) else list(message.id)


def test_there_is_a_second_language() -> None:
    assert "ar" in LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_is_compiled_where_the_app_looks(language: str) -> None:
    """make i18n-compile (and a wheel's build) put the catalog inside the package."""
    assert i18n.CATALOG_DIR.is_relative_to(PACKAGE)
    assert i18n.has_catalog(language), "run: make i18n-compile"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_compiles_and_passes_babel_s_checkers(language: str) -> None:
    catalog = _catalog(language)
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalog.check()]
    assert problems == []
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    assert {_key(m) for m in read_mo(compiled) if m.id} == {
        _key(m) for m in catalog if m.id and all(_forms(m))
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_with_the_same_placeholders(language: str) -> None:
    catalog = _catalog(language)
    template = {_key(m) for m in _template() if m.id}
    missing, broken = [], []
    for message in catalog:
        if not message.id or _key(message) not in template:
            continue
        forms = _forms(message)
        if not all(forms) or message.fuzzy:
            missing.append(_key(message))
        elif isinstance(message.id, str):
            if set(PLACEHOLDER.findall(message.id)) != set(PLACEHOLDER.findall(forms[0])):
                broken.append(_key(message))
        else:
            # A plural's forms may leave the number out ("a follow-up", Arabic's forms
            # for one and two), but may use no name the English does not give, and the
            # form for "many" (the last) keeps every one.
            given = set(PLACEHOLDER.findall(message.id[0] + message.id[1]))
            if any(not set(PLACEHOLDER.findall(f)) <= given for f in forms) or (
                set(PLACEHOLDER.findall(forms[-1])) != set(PLACEHOLDER.findall(message.id[1]))
            ):
                broken.append(_key(message))
    assert missing == []
    assert broken == []
    assert template <= {_key(m) for m in catalog}


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_are_the_language_s(language: str) -> None:
    """The header's Plural-Forms is CLDR's for the language (Arabic six, Polish three...),
    and every plural message has that many forms."""
    catalog = _catalog(language)
    expected = get_plural(Locale.parse(language))
    assert catalog.num_plurals == expected.num_plurals
    # The same rule, however it is written: the same form for every number.
    ours, cldr = c2py(catalog.plural_expr), c2py(expected.plural_expr)
    assert [ours(n) for n in range(1000)] == [cldr(n) for n in range(1000)]
    wrong = [
        m.id for m in catalog if isinstance(m.id, tuple) and len(_forms(m)) != expected.num_plurals
    ]
    assert wrong == []


#: Sentences a translation may keep as they are in English: names, codes, examples.
SAME_AS_ENGLISH = {
    "Parent'R'Us Mentor",
    "  {table} {id} ({kind})",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_sentence_is_left_in_english(language: str) -> None:
    """A message of three or more words whose "translation" is the English was most
    likely copied over and forgotten."""
    same = [
        _key(m)
        for m in _catalog(language)
        if m.id
        and len(re.findall(r"[A-Za-z]+", PLACEHOLDER.sub("", _singular(m.id)))) >= 3
        and _singular(m.id) not in SAME_AS_ENGLISH
        and _forms(m)[0] == _singular(m.id)
    ]
    assert same == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_says_whether_a_native_speaker_reviewed_it(language: str) -> None:
    """The header comment says so (i18n/README.md's table says the same)."""
    header = _catalog(language).header_comment
    assert re.search(r"Reviewed by a native speaker: (yes|no)\b", header)
    table = (SOURCES / "README.md").read_text()
    said = re.search(r"Reviewed by a native speaker: (yes|no)\b", header)
    assert said is not None
    row = re.search(rf"^\| `{language}` \|.*$", table, re.M)
    assert row is not None, f"add {language} to the table in i18n/README.md"
    assert ("| yes" if said.group(1) == "yes" else "| no") in row.group(0)


def _messages_in_code(keywords: dict[str, object]) -> list[str]:
    found = extract_from_dir(
        str(PACKAGE),
        keywords=keywords,  # type: ignore[arg-type]
        comment_tags=(),
        strip_comment_tags=True,
    )
    return [message for *_, message, _comments, _context in found if isinstance(message, str)]


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


def test_no_message_is_built_inside_the_translation_call() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\b_\(\s*f[\"']|\b_\((\"[^\"]*\"|'[^']*')\)\s*%", line)
    ]
    assert offenders == []
