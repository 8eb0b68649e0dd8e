"""Every choice a mentor can meet has a plain label."""

from __future__ import annotations

from enum import StrEnum

from parentrus_desktop.domain import vocabulary
from parentrus_desktop.labels import _PAIRS, has_label, label


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


def test_choices_of_different_kinds_with_the_same_value_keep_their_own_words() -> None:
    """Members of two enums with one value are equal as strings: a dict keyed by them
    kept only the last label, so a session's topic showed a staff role's name."""
    from parentrus_desktop.domain.vocabulary import StaffRole, Topic

    assert label(Topic.ATTENDANCE) == "Going to school every day"
    assert label(StaffRole.ATTENDANCE) == "Attendance officer"
    seen: dict[tuple[type, str], str] = {}
    for choice, _words in _PAIRS:
        key = (type(choice), choice.value)
        assert key not in seen, f"{choice!r} is listed twice"
        seen[key] = label(choice)
    assert len(seen) == len(_PAIRS)
