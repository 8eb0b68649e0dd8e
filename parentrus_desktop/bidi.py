"""Text kept in its own direction inside a sentence of another (Unicode's isolates):
what keeps an Arabic or Persian line from turning a code, a number or a name around."""

from __future__ import annotations


def isolated(text: str) -> str:
    """A name kept in its own direction inside a sentence of another (an Arabic language
    name in an English line): the direction of its first letter."""
    return "\u2068" + text + "\u2069"  # FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE


def left_to_right(text: str) -> str:
    """A code, a number or a version kept in its own order inside right-to-left text, so
    "07400 547890" is never shown as "547890 07400" nor "2026-3" as "3-2026" (it has no
    letter for ``isolated`` to take its direction from)."""
    return "\u2066" + text + "\u2069"  # LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE
