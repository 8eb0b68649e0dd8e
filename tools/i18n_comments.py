"""Add a translator comment (``#.``) for every placeholder of every message in the template.

Run by `make i18n-extract` after pybabel's extract: each ``{name}`` in a message gets a
line saying what the app puts there ("{day}: a date, as 3 Nov 2026"), unless a
``# Translators:`` comment in the code already names it. `pybabel update` copies the
comments into every language's catalog, where Poedit shows them beside the message.
A placeholder with no line here fails tests/test_translations.py: add it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

#: What the app puts in each placeholder, in a translator's words. Keep the {name}
#: itself exactly as it is in the translation; move it where the language needs it.
MEANINGS = {
    "address": "a place's address",
    "answers": "a list of answers, separated by commas",
    "asked": "a number (a privacy limit, such as 1.5)",
    "average": "a number with one decimal, such as 3.5",
    "backup": "the name of a mentor's profile",
    "barriers": "a list of barriers, separated by commas",
    "category": "the name of a kind (of celebration, of service), already translated",
    "changed": "a date and time",
    "child": "a child's first name",
    "children": "a list of children's first names",
    "chosen": "a number of months",
    "closed": "a date, as 3 Nov 2026",
    "code": "a family code, such as PKT-43 (letters and digits; never translated)",
    "codes": "a list of family codes, such as PKT-43, MNP-12",
    "column": "the name of a column in a file, as written in the file",
    "count": "a number",
    "damaged": "a number",
    "day": "a date, as 3 Nov 2026 (in the language's own way of writing dates)",
    "delta": "a very small number, such as 1e-6",
    "due": "a date, as 3 Nov 2026",
    "epsilon": "a number (a privacy limit, such as 2.0)",
    "families": "a number of families",
    "family": "a family's name, or its code on the privacy screen",
    "file": "a file's name or path",
    "first": "the first item of a short list",
    "folder": "a folder's path",
    "given": "a version number of the consent words",
    "high": "what the highest answer means, already translated",
    "highest": "a number",
    "hours": "a number of hours, such as 12.5",
    "how_to_reach": "a phone number or e-mail address, as the mentor typed it",
    "id": "a record's identifier (letters and digits; never translated)",
    "kind": "a kind of record or thing, already translated",
    "language": "a language's name, already translated",
    "languages": "a list of languages' names",
    "last": "the last item of a short list",
    "licence": "the licence's short name, AGPL-3.0-or-later (never translated)",
    "limit": "a number (a privacy limit)",
    "line": "a line number in a file",
    "low": "what the lowest answer means, already translated",
    "lowest": "a number",
    "made": "a date and time",
    "message": "an error message, already translated",
    "month": "a month and year, such as November 2026",
    "months": "a number of months",
    "name": "a person's, place's or profile's name",
    "names": "a list of people's names",
    "number": "a number (which child, which person in a list: 1, 2, 3...)",
    "one_in": "a large number, such as 1,000,000",
    "opened": "a number of records",
    "passphrase": "the name of a setting, never translated",
    "period": "a term or month, such as Autumn term 2026, already translated",
    "person": "a person's name",
    "phone": "a phone number",
    "problem": "what went wrong, already translated or from the computer",
    "profile": "the name of a mentor's profile",
    "programme": "the organisation's name",
    "question": "a check-in question, already translated",
    "rating": "a number from 1 to 5 with its meaning",
    "reason": "a reason, already translated or typed by the mentor",
    "role": "a person's role at school (class teacher...), already translated",
    "school": "a school's name",
    "school_year": "a school year, such as Year 3, already translated",
    "schools": "a list of schools' names",
    "seen": "a date, as 3 Nov 2026",
    "shortest": "a number of characters (8 or more)",
    "longest": "a number of letters (several hundred or thousand)",
    "staff": "a list of people's names and roles",
    "state": "a state (sent, waiting...), already translated",
    "statement": "a check-in statement, already translated",
    "status": "a status, already translated",
    "suffix": "a file name ending, such as .prbackup (never translated)",
    "table": "a technical name, never translated",
    "things": "a list of records, already translated",
    "time": "a time of day, as 14:30",
    "times": "times of day or of the week, as the mentor typed them",
    "today": "a version number of the consent words",
    "used": "a number (privacy used so far), or a language's name: see the message",
    "variable": "a technical name, never translated",
    "version": "a version number",
    "week": "a week's number in the year",
    "what": "what kind of record or thing, already translated (a session, a follow-up...)",
    "when": "a date, as 3 Nov 2026",
    "who": "who does it (me, the family, the school), already translated",
    "whom": "a role (the school's safeguarding lead...), already translated",
    "words": "the mentor's own words, as typed",
    "year": "a year, such as 2026",
}


def explain(path: Path) -> list[str]:
    """Add the lines to the template; returns placeholders with no meaning known."""
    with path.open("rb") as file:
        catalog = read_po(file)
    unknown = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        said = " ".join(message.auto_comments)
        for name in dict.fromkeys(PLACEHOLDER.findall(" ".join(ids))):
            if "{" + name + "}" in said:
                continue
            if name not in MEANINGS:
                unknown.append(name)
                continue
            message.auto_comments.append(f"{{{name}}}: {MEANINGS[name]}")
    with path.open("wb") as file:
        write_po(file, catalog, width=76, omit_header=False, sort_output=True)
    return unknown


if __name__ == "__main__":
    missing = explain(Path(sys.argv[1]))
    for name in sorted(set(missing)):
        print(f"tools/i18n_comments.py: no meaning for {{{name}}}: add one", file=sys.stderr)
    sys.exit(1 if missing else 0)
