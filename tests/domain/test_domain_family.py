"""Family, Child, Contact and EngagementPlan: what a valid household looks like."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from parentrus_desktop.domain import (
    Child,
    Contact,
    EngagementPlan,
    Family,
    InvalidRecord,
    Record,
    new_record_id,
)
from parentrus_desktop.domain.family import family_code, new_family_code
from parentrus_desktop.domain.vocabulary import Barrier, ContactMethod, FamilyStatus

Build = Callable[..., Record]


def test_a_minimal_family_is_valid(build: Build) -> None:
    family = build("family")
    assert isinstance(family, Family)
    assert family.code == "K7Q-4M"
    assert family.carers == ("Amina",)
    assert family.status is FamilyStatus.ACTIVE
    assert family.contact == Contact()
    assert family.plan == EngagementPlan()
    assert family.family_id == family.id
    assert family.families_mentioned() == (family.id,)
    assert family.display_name == "Amina"


def test_a_full_family_is_valid_and_normalised(build: Build) -> None:
    school = new_record_id()
    family = build(
        "family",
        code=" k7q-4m ",
        carers=(" Amina ", "Yusuf"),
        children=[Child(first_name=" Zoë ", school_id=school, year_group=3)],
        languages=("ar", "en", "ar", "pa-Arab", "pt-BR", "es-419"),
        interpreter_needed=True,
        contact=Contact(method="text_message", phone="+44 (0)7700 900123", best_times=" evenings "),
        aspirations="  Help with reading  ",
        barriers=("transport", Barrier.LANGUAGE, "transport"),
        barrier_other="Shift work",
        status="closed",
        closed_on=date(2024, 6, 1),
        plan=EngagementPlan(
            goals="Meet the teacher", strategies="Go together", review_on=date(2024, 5, 1)
        ),
        notes="مرحبا",
    )
    assert isinstance(family, Family)
    assert family.code == "K7Q-4M"
    assert family.carers == ("Amina", "Yusuf")
    assert family.display_name == "Amina & Yusuf"
    assert family.children == (Child(first_name="Zoë", school_id=school, year_group=3),)
    assert family.languages == ("ar", "en", "pa-Arab", "pt-BR", "es-419")
    # Choices are stored once each, in the vocabulary's order, as enum members.
    assert family.barriers == (Barrier.LANGUAGE, Barrier.TRANSPORT)
    assert family.status is FamilyStatus.CLOSED
    assert family.contact.method is ContactMethod.TEXT_MESSAGE
    assert family.contact.best_times == "evenings"
    assert family.aspirations == "Help with reading"
    words = family.searchable_text()
    for part in ("K7Q-4M", "Amina", "Yusuf", "Zoë", "Meet the teacher", "مرحبا", "7700"):
        assert part in words


def test_new_family_codes_are_valid_and_vary() -> None:
    codes = {new_family_code() for _ in range(200)}
    assert all(family_code(code) == code for code in codes)
    assert len(codes) > 150


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "K7Q4M"}, "code"),
        ({"code": "K7Q-4"}, "code"),
        ({"code": "K0Q-4M"}, "code"),  # 0 is left out of the alphabet: it looks like O
        ({"code": "K1Q-4M"}, "code"),
        ({"code": "KSQ-4M"}, "code"),
        ({"code": "K7Q-4M-9"}, "code"),
        ({"code": 12345}, "code"),
        ({"carers": ()}, "carers"),
        ({"carers": ("Amina", "   ")}, "carers"),
        ({"carers": ("x" * 201,)}, "carers"),
        ({"carers": (7,)}, "carers"),
        ({"carers": "Amina"}, "carers"),  # a bare string is not a list of five carers
        ({"carers": b"Amina"}, "carers"),
        ({"carers": None}, "carers"),
        ({"children": ({"first_name": "Zoë"},)}, "children"),
        ({"languages": ("English",)}, "languages"),
        ({"interpreter_needed": "yes"}, "interpreter_needed"),
        ({"aspirations": "x" * 20_001}, "aspirations"),
        ({"barriers": ("no_such_barrier",)}, "barriers"),
        ({"barrier_other": "x" * 501}, "barrier_other"),
        ({"status": "gone"}, "status"),
        ({"status": FamilyStatus.CLOSED}, "closed_on"),
        ({"closed_on": date(2023, 12, 31)}, "closed_on"),
        ({"status": "closed", "closed_on": date(2024, 1, 8)}, "closed_on"),
        ({"joined_on": "2024-01-09"}, "joined_on"),
        ({"joined_on": date(1999, 12, 31)}, "joined_on"),
        ({"notes": "fine\x00then not"}, "notes"),
        ({"id": "not-an-id"}, "id"),
        ({"id": "0123456789ABCDEF0123456789ABCDEF"}, "id"),
    ],
)
def test_an_invalid_family_names_the_field(
    build: Build, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build("family", **overrides)
    assert caught.value.field == field


def test_a_family_may_close_on_the_day_it_joined(build: Build) -> None:
    family = build("family", status="closed", closed_on=date(2024, 1, 9))
    assert isinstance(family, Family)
    assert family.closed_on == family.joined_on


@pytest.mark.parametrize(
    "phone", ["07700 900123", "+44 7700 900123", "(01632) 960-001", "12345", "  0161 496 0000  "]
)
def test_a_phone_number_is_accepted(phone: str) -> None:
    assert Contact(phone=phone).phone == phone.strip()


@pytest.mark.parametrize(
    "phone",
    ["1234", "07700 ext 12", "ring me", "+44+7700900123", "٠٧٧٠٠٩٠٠١٢٣", "x" * 41, "0" * 41],
)
def test_a_bad_phone_number_is_refused(phone: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        Contact(phone=phone)
    assert caught.value.field == "phone"


def test_a_bad_contact_method_is_refused() -> None:
    with pytest.raises(InvalidRecord) as caught:
        Contact(method="carrier_pigeon")
    assert caught.value.field == "contact_method"


def test_best_times_has_a_length_limit() -> None:
    assert len(Contact(best_times="x" * 200).best_times) == 200
    with pytest.raises(InvalidRecord) as caught:
        Contact(best_times="x" * 201)
    assert caught.value.field == "best_times"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"first_name": " "}, "child_first_name"),
        ({"first_name": "Zoë", "school_id": "oakfield"}, "child_school"),
        ({"first_name": "Zoë", "year_group": -1}, "year_group"),
        ({"first_name": "Zoë", "year_group": 15}, "year_group"),
        ({"first_name": "Zoë", "year_group": True}, "year_group"),
        ({"first_name": "Zoë", "year_group": 3.0}, "year_group"),
    ],
)
def test_an_invalid_child_names_the_field(values: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        Child(**values)
    assert caught.value.field == field


def test_year_groups_run_from_nursery_to_fourteen() -> None:
    assert Child(first_name="A", year_group=0).year_group == 0
    assert Child(first_name="A", year_group=14).year_group == 14


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"goals": "x" * 20_001}, "goals"),
        ({"strategies": 5}, "strategies"),
        ({"review_on": "2024-05-01"}, "review_on"),
    ],
)
def test_an_invalid_plan_names_the_field(values: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        EngagementPlan(**values)
    assert caught.value.field == field


def test_a_family_is_frozen(build: Build) -> None:
    family = build("family")
    with pytest.raises(AttributeError):
        family.notes = "changed"  # type: ignore[misc]
