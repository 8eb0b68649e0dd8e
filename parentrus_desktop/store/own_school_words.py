"""The organisation's own school words, in a small file beside the settings on this laptop.

They hold no personal data (words and their meanings for the country's school system,
the same for every mentor), so they are not sealed in a profile: every profile on the
laptop shares them, as the settings file does, and they survive a profile's removal.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from parentrus_desktop.school_words import OwnWord

FILE_NAME = "school_words.json"


class OwnSchoolWords:
    """Reads and writes the words; a missing or damaged file is an empty list (the
    glossary still works with the words that come with the app)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME

    def load(self) -> list[OwnWord]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, list):
            return []
        return [
            OwnWord(str(item["word"]), str(item["explanation"]))
            for item in data
            if isinstance(item, dict) and "word" in item and "explanation" in item
        ]

    def save(self, words: list[OwnWord]) -> None:
        """Write them all; the old file stays whole until the new one is complete."""
        text = json.dumps(
            [{"word": w.word, "explanation": w.explanation} for w in words],
            ensure_ascii=False,
            indent=1,
        )
        partial = self.path.with_name(FILE_NAME + ".new")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, self.path)

    def add(self, word: OwnWord) -> list[OwnWord]:
        words = [*self.load(), word]
        self.save(words)
        return words

    def remove(self, word: str) -> list[OwnWord]:
        words = [w for w in self.load() if w.word != word]
        self.save(words)
        return words
