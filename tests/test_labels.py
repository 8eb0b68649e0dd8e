"""Every choice a mentor can meet has a plain label."""

from __future__ import annotations

from enum import StrEnum

from parentrus_desktop.domain import vocabulary
from parentrus_desktop.labels import has_label, label


def test_every_choice_has_a_label() -> None:
    kinds = [
        k
        for k in vars(vocabulary).values()
        if isinstance(k, type) and issubclass(k, StrEnum) and k is not StrEnum
    ]
    missing = [
        f"{kind.__name__}.{member.name}"
        for kind in kinds
        for member in kind
        if not has_label(member)
    ]
    assert len(kinds) == 18
    assert missing == []
    assert label(vocabulary.SessionKind.HOME_VISIT) == "Home visit"
