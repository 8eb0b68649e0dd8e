"""Finding records by any word in them, as the mentor types.

The words live only in memory, built from opened records. Matching ignores case and
accents, so "Zoe" finds "Zoë" and "ecole" finds "école".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from parentrus_desktop.domain.record import Record

# Accents on Latin, Greek and Cyrillic letters, and the vowel points and other marks of
# Arabic and Hebrew script that writers often leave out. Marks that are part of a letter in other
# scripts (Bengali vowel signs, say) are kept: removing them would join different words.
_MARKS = re.compile(
    "[\u0300-\u036f\u1dc0-\u1dff\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
)


def folded(text: str) -> str:
    """Text with case and accents set aside, for matching only."""
    if text.isascii():
        return text.casefold()
    # Decompose first: some characters decompose into capitals (₨ is "Rs").
    return _MARKS.sub("", unicodedata.normalize("NFKD", text).casefold())


class SearchIndex:
    """Folded searchable text per record id."""

    def __init__(self) -> None:
        self._text: dict[str, str] = {}

    def add(self, record: Record) -> None:
        words = record.searchable_text()
        if words:
            self._text[record.id] = folded(words)
        else:
            self._text.pop(record.id, None)

    def add_many(self, records: Iterable[Record]) -> None:
        """Index many records at once, as a profile opens."""
        for record in records:
            self.add(record)

    def remove(self, record_id: str) -> None:
        self._text.pop(record_id, None)

    def find(self, query: str, limit: int | None = None) -> list[str]:
        """Ids of records containing every word of the query, in the order they were added."""
        words = sorted(set(folded(query).split()), key=len, reverse=True)
        if not words:
            return []
        # The longest word is usually the rarest: one tight pass over every record for
        # it (a comprehension, no per-record generator), then the rest on the few left.
        first, rest = words[0], words[1:]
        found = [record_id for record_id, text in self._text.items() if first in text]
        if rest:
            found = [i for i in found if all(word in self._text[i] for word in rest)]
        return found if limit is None else found[:limit]

    def clear(self) -> None:
        self._text.clear()
