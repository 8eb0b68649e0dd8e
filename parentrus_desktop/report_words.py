"""A report in plain words: what each breakdown, cell and period is called, and how its
privacy figures read, in the mentor's language, for the screens that show a family what
the school will see."""

from __future__ import annotations

import math

from babel.dates import format_skeleton
from parentrus_sync.cells import LANGUAGE_CELLS

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.domain.vocabulary import (
    AgencyCategory,
    Barrier,
    CelebrationCategory,
    CheckInQuestion,
    NonAttendanceReason,
    SessionKind,
    Topic,
    VenueCategory,
)
from parentrus_desktop.i18n import _, babel_locale, format_number
from parentrus_desktop.labels import label
from parentrus_desktop.language_names import name_in_mentor_s_language
from parentrus_desktop.privacy.periods import Period, PeriodKind

_TITLES = {
    "sessions_held": N_("Sessions with families"),
    "sessions_by_kind": N_("Sessions, by kind"),
    "sessions_by_venue_category": N_("Sessions, by kind of place"),
    "sessions_by_language": N_("Sessions, by language spoken"),
    "sessions_by_topic": N_("Sessions, by what was talked about"),
    "did_not_attend_by_reason": N_("Sessions a family could not come to, by reason"),
    "mentor_hours": N_("Hours spent with families"),
    "families_new": N_("Families who started"),
    "families_active": N_("Families being supported"),
    "families_closed": N_("Families who finished"),
    "barriers_at_intake": N_("What made school hard, for families who started"),
    "languages_at_intake": N_("Languages of families who started"),
    "school_requests": N_("Requests to the school"),
    "referrals_by_category": N_("Referrals to other services"),
    "celebrations_by_category": N_("Things to celebrate"),
    "check_in_changes": N_("Check-ins: how parents' answers changed"),
}

_CHOICES = {
    "sessions_by_kind": SessionKind,
    "sessions_by_venue_category": VenueCategory,
    "sessions_by_topic": Topic,
    "did_not_attend_by_reason": NonAttendanceReason,
    "barriers_at_intake": Barrier,
    "referrals_by_category": AgencyCategory,
    "celebrations_by_category": CelebrationCategory,
}

_CELLS = {
    "sessions": N_("Sessions with families"),
    "hours": N_("Hours"),
    "families": N_("Families"),
    "made": N_("Asked"),
    "answered": N_("Answered"),
    "other": N_("Other languages"),
}

_CHANGES = {
    "improved": N_("{question}: better"),
    "same": N_("{question}: the same"),
    "lower": N_("{question}: lower"),
}


def breakdown_title(name: str) -> str:
    return _(_TITLES[name])


def cell_label(breakdown: str, cell: str) -> str:
    """The plain name of one cell of a breakdown, in the current language."""
    if breakdown in _CHOICES:
        return label(_CHOICES[breakdown](cell))
    if breakdown == "check_in_changes":
        question, change = cell.split(":")
        return _(_CHANGES[change]).format(question=label(CheckInQuestion(question)))
    if cell in LANGUAGE_CELLS:
        return language_name(cell)
    return _(_CELLS[cell])


def language_name(tag: str) -> str:
    """A language's name in the current language ("Somali", "الصومالية"); "Romany" for
    Romani, which CLDR names but has no locale for."""
    return name_in_mentor_s_language(tag)


#: A term as people say it, by its season; ``{year}`` is the calendar year it is in.
_TERMS = {
    "autumn": N_("Autumn term {year}"),
    "spring": N_("Spring term {year}"),
    "summer": N_("Summer term {year}"),
}


def period_name(period: Period) -> str:
    """A period as people say it: "Autumn term 2026", or "November 2026" (the month's name
    in the current language). A week ("week 47 of 2026") only names a first-format report
    still kept in the outbox: no school asks for weeks now."""
    year = format_number(period.first.year, "0")
    if period.kind is PeriodKind.TERM:
        season = period.name.split("-")[1]
        return _(_TERMS[season]).format(year=year)
    if period.kind is PeriodKind.WEEK:
        iso_year, week, _day = period.first.isocalendar()
        return _("week {week} of {year}").format(
            week=format_number(week), year=format_number(iso_year, "0")
        )
    return format_skeleton("yMMMM", period.first, locale=babel_locale())


def epsilon_words(value: float) -> str:
    """ε as people read it, to one decimal ("10", "5.7"), rounded up, so a budget used
    never reads as less than it is."""
    return format_number(math.ceil(value * 10 - 1e-9) / 10, "0.#")


def delta_words(value: float) -> str:
    """δ written out in full ("0.000001"), never as 1e-06."""
    return format_number(value, "0." + "#" * 12)


def one_in(value: float) -> str:
    """A small chance as "one in ..." says it: 10⁻⁶ -> "1,000,000"."""
    return format_number(round(1 / value))


def margin_words(margin: float) -> str:
    """A ± margin as a whole number, rounded up: 95 times in 100 the school's number is
    no further than this from the true count."""
    return format_number(math.ceil(margin - 1e-9))
