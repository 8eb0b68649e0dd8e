"""Finding records by any word in them, as the mentor types.

The words live only in memory, built from opened records. Matching ignores case and
accents, so "Zoe" finds "Zoë" and "ecole" finds "école".
"""

from __future__ import annotations

import unicodedata

from parentrus_desktop.domain.record import Record


def folded(text: str) -> str:
    """Text with case and accents set aside, for matching only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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

    def remove(self, record_id: str) -> None:
        self._text.pop(record_id, None)

    def find(self, query: str, limit: int | None = None) -> list[str]:
        """Ids of records containing every word of the query, in the order they were added."""
        words = folded(query).split()
        if not words:
            return []
        found: list[str] = []
        for record_id, text in self._text.items():
            if all(word in text for word in words):
                found.append(record_id)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def clear(self) -> None:
        self._text.clear()
