"""The supervision summary in plain words, in the mentor's language: the same sections
for the printed page (gui/supervision_dialog.py) and for ``parentrus-admin supervision``.

Families are named by their code only; a flag's words are here only when the summary
holds them (the mentor ticked them).
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import _, babel_locale, format_day, format_number
from parentrus_desktop.labels import label
from parentrus_desktop.operations.supervision import SupervisionSummary
from parentrus_desktop.privacy.periods import Period

FOOTNOTE = N_(
    "Families are shown by their code only. This page is not sent anywhere: "
    "keep it safe, and shred it after supervision."
)


@dataclass(frozen=True)
class Section:
    """A heading and its lines; ``said`` holds, line by line, the mentor's own words to
    show under it (flags ticked), or None."""

    title: str
    lines: tuple[str, ...]
    said: tuple[str | None, ...] = ()


def month_name(month: Period) -> str:
    """'November 2026', in the language in use."""
    return format_date(month.first, format="LLLL y", locale=babel_locale())


def hours(minutes: int) -> str:
    """Minutes as hours to a tenth ("1.5"), in the language's digits: said after a label
    ("Hours: 1.5"), so no plural is needed for a number that is not whole."""
    return format_number(minutes / 60, "0.#")


def summary_title(summary: SupervisionSummary) -> str:
    return _("Supervision summary: {month}").format(month=month_name(summary.month))


def summary_sections(summary: SupervisionSummary) -> list[Section]:
    c = summary.caseload
    sessions = [
        _("Held: {count}").format(count=summary.sessions_held),
        _("Hours: {hours}").format(hours=hours(summary.minutes_held)),
        *(
            _("{kind}: {count}").format(kind=label(kind), count=count)
            for kind, count in summary.sessions_by_kind.items()
        ),
        _("They could not come: {count}").format(count=summary.did_not_attend),
    ]
    if summary.supervision_minutes:
        sessions.append(
            _("Hours of supervision in my log: {hours}").format(
                hours=hours(summary.supervision_minutes)
            )
        )
    flags = []
    for flag in summary.flagged:
        parts = [flag.family_code, _("raised {day}").format(day=format_day(flag.raised_on))]
        if flag.from_session:
            parts.append(_("from a session"))
        if flag.talked_on is not None:
            parts.append(_("talked through {day}").format(day=format_day(flag.talked_on)))
        flags.append(" · ".join(parts))
    return [
        Section(
            _("Families"),
            (
                _("Active: {count}").format(count=c.active),
                _("Paused: {count}").format(count=c.paused),
                _("Closed: {count}").format(count=c.closed),
                _("New this month: {count}").format(count=c.new),
                _("Closed this month: {count}").format(count=c.closed_this_month),
            ),
        ),
        Section(_("Sessions"), tuple(sessions)),
        Section(
            _("Follow-ups late at the end of the month: {count}").format(
                count=len(summary.late_follow_ups)
            ),
            tuple(
                _("{family} · due {day} · {who}").format(
                    family=f.family_code or "—", day=format_day(f.due_on), who=label(f.owner)
                )
                for f in summary.late_follow_ups
            ),
        ),
        Section(
            _("Referrals made: {count}").format(count=summary.referrals_made),
            tuple(
                _("{kind}: {count}").format(kind=label(category), count=count)
                for category, count in summary.referrals_by_category.items()
            ),
        ),
        Section(
            _("To talk through with my manager"),
            tuple(flags) or (_("Nothing flagged this month."),),
            tuple(flag.words for flag in summary.flagged),
        ),
    ]


def summary_text(summary: SupervisionSummary, mentor: str) -> str:
    """The summary as plain text (for the command line)."""
    out = [summary_title(summary), _("Mentor: {name}").format(name=mentor), ""]
    for section in summary_sections(summary):
        out.append(section.title)
        for number, line in enumerate(section.lines):
            out.append("  - " + line)
            said = section.said[number] if number < len(section.said) else None
            if said:
                out += ["      " + text for text in said.splitlines()]
        out.append("")
    out.append(_(FOOTNOTE))
    return "\n".join(out) + "\n"
