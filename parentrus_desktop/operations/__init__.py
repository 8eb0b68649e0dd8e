"""Every mentor action, without Qt: the GUI and ``parentrus-admin`` both call these.

Each action is a plain function that takes the unlocked profile (and what the mentor
chose) and returns a ``Done``: its result and which kinds of thing changed, so the
GUI can fire one "data changed" signal and each screen decides whether to refresh.
The GUI runs them off the UI thread; the CLI calls them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

#: Kinds of change that are not record kinds.
OUTBOX = "outbox"  # reports waiting for a school
CONNECTIONS = "connections"  # which schools this laptop sends to
DRAFTS = "drafts"  # forms sealed away when the profile locked
KEYS = "keys"  # the passphrase, the recovery key or the profile key


@dataclass(frozen=True)
class Done(Generic[T]):
    """What an action gives back: its result, and what it changed."""

    result: T
    changed: frozenset[str] = field(default_factory=frozenset)


__all__ = ["CONNECTIONS", "DRAFTS", "KEYS", "OUTBOX", "Done"]
