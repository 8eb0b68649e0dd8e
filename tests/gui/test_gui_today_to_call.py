"""Today's "Families to call" says how to reach each family (how they like it, the phone
number, the good times to call), except on the privacy screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from helpers.planted import planted_family
from helpers.values import TODAY
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle

from parentrus_desktop.domain import Contact, Family, FollowUp, Session, new_record_id
from parentrus_desktop.domain.rules import follow_ups_for
from parentrus_desktop.domain.vocabulary import (
    ContactMethod,
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    VenueCategory,
)
from parentrus_desktop.gui.today_page import how_to_reach
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace

MakeWindow = Callable[..., MentorWindow]


def missed(family: Family) -> list[Session | FollowUp]:
    session = Session(
        id=new_record_id(),
        session_kind=SessionKind.ONE_TO_ONE,
        venue_category=VenueCategory.LIBRARY,
        on=TODAY - timedelta(days=1),
        families=(family.id,),
        status=SessionStatus.DID_NOT_ATTEND,
        non_attendance_reason=NonAttendanceReason.ILLNESS,
    )
    return [session, *follow_ups_for(session, TODAY)]  # type: ignore[list-item]


def to_call(workspace: Workspace) -> list[str]:
    listing = workspace.today_page.findChild(QListWidget, "to-call")
    assert listing is not None
    return [listing.item(i).text() for i in range(listing.count())]


def test_families_to_call_show_how_to_reach_them_but_not_on_the_privacy_screen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    assert window.records is not None
    texts = replace(
        planted_family("QMA-4K"),
        carers=("Saima",),
        contact=Contact(
            method=ContactMethod.TEXT_MESSAGE, phone="07700 900123", best_times="after school"
        ),
    )
    no_phone = replace(planted_family("B3X-9P"), carers=("Bronwen",), contact=Contact())
    window.records.profile.save(texts, no_phone, *missed(texts), *missed(no_phone))
    window.records.changed.emit({Family.kind, Session.kind, FollowUp.kind})
    settle(qtbot)

    lines = to_call(workspace)
    (saima,) = [line for line in lines if "Saima" in line]
    assert saima.splitlines()[1] == (
        "Send a text to \u206607700 900123\u2069 · Good times to call: after school"
    )
    (bronwen,) = [line for line in lines if "Bronwen" in line]
    assert bronwen.splitlines()[1] == "Phone call · No phone number written down"

    workspace.privacy.setChecked(True)
    settle(qtbot)
    hidden = "\n".join(to_call(workspace))
    assert len(to_call(workspace)) == 2
    for private in ("07700", "after school", "Saima", "Bronwen", "a text", "No phone"):
        assert private not in hidden
    assert all(len(line.splitlines()) == 1 for line in to_call(workspace))


def test_how_to_reach_says_it_in_plain_words() -> None:
    def reach(**contact: object) -> str:
        return how_to_reach(replace(planted_family(), contact=Contact(**contact)))  # type: ignore[arg-type]

    phone = "\u2066+44 7700 900123\u2069"  # kept in its own order in right-to-left text
    assert reach(phone="+44 7700 900123") == f"Call {phone}"
    assert reach(method=ContactMethod.IN_PERSON, phone="+44 7700 900123", best_times="Fridays") == (
        f"In person · Phone: {phone} · Good times to call: Fridays"
    )
    assert reach(method=ContactMethod.THROUGH_SOMEONE_ELSE) == "Through someone else"
    assert reach(method=ContactMethod.TEXT_MESSAGE) == (
        "Text message · No phone number written down"
    )
