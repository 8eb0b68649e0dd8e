"""What the school will see, as printable pages of plain words: the next report for each
school, what of one family is counted, and the one statement of how private they are.
Built from what ``operations.reports`` gives (the reports themselves and their plan),
never worked out another way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from html import escape
from typing import Any

from parentrus_sync.report_shape import BREAKDOWN_NAMES, CELLS

from parentrus_desktop.gui.printable import page, page_heading, page_subheading, table_row
from parentrus_desktop.i18n import _, format_day, format_number
from parentrus_desktop.operations.reports import YearlyPrivacy
from parentrus_desktop.outbox.refusal_words import budget_words
from parentrus_desktop.privacy.what_is_sent import FamilyCounted, NextReport
from parentrus_desktop.report_words import (
    breakdown_title,
    cell_label,
    delta_words,
    epsilon_words,
    margin_words,
    one_in,
    period_name,
)


def blurring_sentence() -> str:
    return _(
        "To protect every family, a random amount is added to each number (or taken away) "
        "once, when the term or month ends, just before the report leaves this laptop. So it "
        "is hard to tell from the numbers whether one family is in them, and over a school "
        "year the limit below says how hard. The numbers here "
        "are the counts before that: the school's numbers will be a little different, and "
        "can even be below zero."
    )


def trouble_page(title: str) -> str:
    """What shows when the numbers could not be worked out: plain words, no error text."""
    return page(
        title,
        [
            escape(
                _(
                    "The numbers could not be worked out just now. Please try again, or "
                    "lock the app and open it again."
                )
            )
        ],
    )


def _paragraph(text: str, style: str = "") -> str:
    if style:
        return f"<p><{style}>{escape(text)}</{style}></p>"
    return f"<p>{escape(text)}</p>"


def _table(rows: Iterable[tuple[str, ...]], header: tuple[str, ...] | None = None) -> str:
    """A table whose first column is a name and whose other columns are numbers."""

    def row(values: tuple[str, ...], cell: str) -> str:
        name, *numbers = values
        width = 80 - 20 * max(len(numbers) - 1, 0)
        return table_row(
            [
                f'<{cell} width="{width}%">{escape(name)}</{cell}>',
                *(f'<{cell} align="center">{escape(n)}</{cell}>' for n in numbers),
            ]
        )

    head = row(header, "th") if header else ""
    cells = "".join(row(values, "td") for values in rows)
    return f'<table width="100%" cellspacing="0" cellpadding="4" border="1">{head}{cells}</table>'


def privacy_html(schools: Iterable[tuple[str, YearlyPrivacy, float | None]]) -> str:
    """The one place a page says how private the reports are for each family: the unit,
    each school's yearly ε and δ and how much of it is used, and what that means, in the
    figures of the reports' own privacy block. For each school: its name, its figures
    and what its next report's privacy block says is used once it is sealed (None: that
    report is not sent, or cannot be made)."""
    figures = [
        "<br/>".join(escape(line) for line in _school_privacy(*school)) for school in schools
    ]
    unit = _(
        "The family is the unit: what one family can add to these numbers is limited, so "
        "a family with many sessions is as well hidden as a family with few."
    )
    meaning = _(
        "What this means for a family: over a whole school year, the school's numbers "
        "can say only a limited amount about any one family, however often they meet "
        "their mentor; ε is that limit, and the smaller it is, the better the family is "
        "hidden."
    )
    return (
        page_heading(_("How private this is for each family"))
        + _paragraph(unit)
        + "".join(f"<p>{lines}</p>" for lines in figures)
        + _paragraph(meaning, "b")
    )


def _school_privacy(school: str, privacy: YearlyPrivacy, after_this: float | None) -> list[str]:
    epsilon = epsilon_words(privacy.epsilon_year)
    lines = [
        _(
            "{school}, for the school year {year}: a limit of ε {epsilon} for each family, "
            "with δ {delta} (a one in {one_in} chance that the limit does not hold)."
        ).format(
            school=school,
            year=privacy.school_year,
            epsilon=epsilon,
            delta=delta_words(privacy.delta),
            one_in=one_in(privacy.delta),
        )
    ]
    if privacy.used > 0:
        lines.append(
            # Translators: ε (epsilon) is the usual sign for a privacy limit; keep it
            _("Used so far this school year: ε {used} of {epsilon}.").format(
                used=epsilon_words(privacy.used), epsilon=epsilon
            )
        )
    else:
        lines.append(_("Used so far this school year: none, as no report has been made yet."))
    if privacy.first_format:
        lines.append(
            _(
                "Reports this laptop sent earlier this school year were made by the first "
                "version of the app: they were outside this limit, and protected each family "
                "less."
            )
        )
    if after_this is not None:
        lines.append(
            _("With the next report: ε {used} of {epsilon}.").format(
                used=epsilon_words(after_this), epsilon=epsilon
            )
        )
    return lines


def _when_words(next_report: NextReport, today: date) -> str:
    """When (and whether) this report leaves the laptop, in one plain sentence."""
    school = next_report.school.name
    if next_report.terms.stopped:
        return _(
            "{school} has disconnected this laptop, so this report is not sent. If that is "
            "a mistake, ask the school's coordinator for a new invitation."
        ).format(school=school)
    if not next_report.sending:
        return _(
            "Not connected: nothing is sent to {school} until you connect this laptop to it. "
            "If you connected it today, this would be its first report, unless the school "
            "asks for its reports in another way."
        ).format(school=school)
    if next_report.ready(today):
        return _(
            "This report is ready. The next time this laptop is online, the random amounts "
            "are added and it is sent."
        )
    return _("It can be sent from {day}. Until then, what you log still changes it.").format(
        day=format_day(next_report.sent_from, "long")
    )


def _numbers_html(next_report: NextReport, report: dict[str, Any]) -> list[str]:
    """The numbers of one report, before the noise, each with its margin: only the
    breakdowns the school asked for (the report holds no others)."""
    totals: dict[str, dict[str, int]] = report["totals"]
    plan = next_report.plan
    chosen = [name for name in BREAKDOWN_NAMES if name in totals]
    header = (_("What is counted"), _("Now, before the noise"), _("Give or take"))
    body = [
        _paragraph(
            _(
                "These are the counts as they stand today, before the noise. When {period} "
                "ends, a random amount is added to each number, once, and only then does the "
                "report leave this laptop. So the school gets each of these numbers give or take "
                "the amount in the last column: 95 times in 100, it is no further than that "
                "from the true count."
            ).format(period=period_name(next_report.period))
        )
    ]

    def rows(name: str) -> Iterable[tuple[str, str, str]]:
        margin = "± " + margin_words(plan.margin(name))  # one laptop, one period
        for cell, value in totals[name].items():
            label = breakdown_title(name) if len(totals[name]) == 1 else cell_label(name, cell)
            yield label, format_number(value), margin

    # Breakdowns of one number each read best together, as one short table first.
    single = [n for n in chosen if len(totals[n]) == 1]
    if single:
        body.append(page_subheading(_("The main numbers")))
        body.append(_table((row for n in single for row in rows(n)), header))
    for name in chosen:
        if name not in single:
            body.append(page_subheading(breakdown_title(name)))
            body.append(_table(rows(name), header))
    if any(name in _SESSION_BREAKDOWNS for name in chosen):
        body.append(_paragraph(_("A group session counts once for each family there."), "i"))
    return body


#: Breakdowns that count sessions: a group session is counted once for each family.
_SESSION_BREAKDOWNS = frozenset(
    {
        "sessions_held",
        "sessions_by_kind",
        "sessions_by_venue_category",
        "sessions_by_language",
        "sessions_by_topic",
        "mentor_hours",
    }
)


def next_reports_html(
    reports: list[NextReport], privacy: Mapping[str, YearlyPrivacy], today: date
) -> str:
    """Every school's next report: every number it will hold, with its plain name and its
    margin, and how private it is for each family (``privacy``, by school id)."""
    body = [
        _paragraph(
            _(
                "Only these numbers leave this laptop: never a name, a note, a family code "
                "or a date."
            )
        ),
        _paragraph(blurring_sentence(), "i"),
    ]
    if not reports:
        body.append(_paragraph(_("There is no school in your list yet, so nothing will be sent.")))
    privacy_rows: list[tuple[str, YearlyPrivacy, float | None]] = []
    for next_report in reports:
        school = next_report.school.name
        body.append(
            page_heading(
                _("{school}: the report for {period}").format(
                    school=school, period=period_name(next_report.period)
                )
            )
            + _paragraph(_when_words(next_report, today))
        )
        after_this = None
        if next_report.terms.stopped:
            pass  # nothing more goes there: no numbers to go through
        elif next_report.refused is not None:
            body.append(_paragraph(budget_words(next_report.refused, school), "b"))
        elif next_report.report is not None:
            body.extend(_numbers_html(next_report, next_report.report))
            if next_report.sending:
                after_this = float(next_report.report["privacy"]["epsilon_year_so_far"])
        privacy_rows.append((school, privacy[next_report.school.id], after_this))
    if privacy_rows:
        body.insert(2, privacy_html(privacy_rows))  # after what leaves, before the reports
    return page(_("What the school will see"), body)


def family_counted_html(
    who: str, counted: FamilyCounted, privacy: Mapping[str, YearlyPrivacy]
) -> str:
    """What of one family goes into the school's totals, before the noise, and how
    private each school's reports are for the family (``privacy``, by school id)."""
    body = []
    if counted.declined:
        body.append(
            _(
                "This family said no to being counted. Nothing about them is in any report "
                "to a school."
            )
        )
    elif not counted.schools:
        body.append(
            _(
                "None of this family's children is at a school in your list, so nothing "
                "about them is sent to a school."
            )
        )
    paragraphs = [_paragraph(text) for text in body]
    for at_school in counted.schools:
        period = period_name(at_school.period)
        school = at_school.school.name
        not_sent = (
            _paragraph(
                _(
                    "This laptop is not connected to {school}, so nothing is sent there "
                    "yet. This is what would be counted once it is."
                ).format(school=school)
            )
            if not at_school.sending
            else ""
        )
        if not at_school.counts:
            paragraphs.append(
                _paragraph(
                    _("Nothing about this family is counted for {school} in {period} yet.").format(
                        school=school, period=period
                    )
                )
                + not_sent
            )
        else:
            paragraphs.append(
                page_heading(
                    _("Counted in the totals for {period} for {school}").format(
                        period=period, school=school
                    )
                )
                + not_sent
            )
            paragraphs.append(
                _table(
                    (
                        breakdown_title(name)
                        if len(CELLS[name]) == 1
                        else f"{breakdown_title(name)}: {cell_label(name, cell)}",
                        format_number(count),
                    )
                    for name in BREAKDOWN_NAMES
                    for cell, count in at_school.counts.get(name, {}).items()
                )
            )
    if counted.schools:
        paragraphs.append(
            privacy_html((s.school.name, privacy[s.school.id], None) for s in counted.schools)
        )
    paragraphs.append(
        _paragraph(
            _(
                "The school never sees this family's own numbers: only totals for all "
                "families together, with a small random amount added, rounded, and with "
                "small numbers hidden."
            ),
            "i",
        )
    )
    return page(_("What is counted for {family}").format(family=who), paragraphs)
