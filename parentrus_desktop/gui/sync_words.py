"""Sending reports in plain words: each report's state, the connection, and what went wrong."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from parentrus_desktop.gui.operation import SOMETHING_WENT_WRONG, plain_words
from parentrus_desktop.i18n import _, format_day_and_month, format_number, ngettext
from parentrus_desktop.outbox.outbox import OutboxEntry, ReportState
from parentrus_desktop.outbox.refusal_words import refusal_words


def day_in_words(moment: datetime) -> str:
    """ "3 December": the day on this laptop's clock, the way the language writes it."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return format_day_and_month(local.date())


def state_words(entry: OutboxEntry) -> str:
    """What has happened to one report, as a mentor would say it."""
    if entry.state is ReportState.RECEIVED:
        if entry.received is None:
            return _("Received by the school")
        return _("Received by the school on {day}").format(day=day_in_words(entry.received))
    if entry.state is ReportState.REFUSED:
        # By the hub's code, in the mentor's language: never the hub's English sentence.
        return _("Not accepted: {reason}").format(reason=refusal_words(entry.code))
    if entry.state is ReportState.SENT:
        return _("Sent, waiting for the school's receipt")
    if entry.tries:
        return _("Waiting to be sent. It will try again by itself.")
    return _("Waiting to be sent")


def problem_words(error: BaseException) -> str:
    """A plain sentence for anything that stopped connecting or sending (the one path:
    ``gui.operation.plain_words``; general words for an error it does not know)."""
    return plain_words(error) or _(SOMETHING_WENT_WRONG)


def today_lines(entries: Iterable[OutboxEntry]) -> list[tuple[str, str]]:
    """The lines for Today, each with its name: reports still on their way
    ("reports-waiting") and reports the school refused ("reports-refused")."""
    states = [e.state for e in entries]
    on_the_way = sum(s in (ReportState.WAITING, ReportState.SENT) for s in states)
    refused = states.count(ReportState.REFUSED)
    lines = []
    if on_the_way:
        lines.append(
            (
                "reports-waiting",
                ngettext(
                    "{count} report waiting for the school",
                    "{count} reports waiting for the school",
                    on_the_way,
                ).format(count=format_number(on_the_way)),
            )
        )
    if refused:
        lines.append(
            (
                "reports-refused",
                ngettext(
                    "{count} report was not accepted by the school — see What the school sees",
                    "{count} reports were not accepted by the school — see What the school sees",
                    refused,
                ).format(count=format_number(refused)),
            )
        )
    return lines


def saved_words(count: int, file_name: str) -> str:
    """What to do after saving reports to a file for a school with no internet."""
    if not count:
        return _("There were no reports to save: every report has reached the school.")
    saved = ngettext(
        "{count} report was saved in {file}.", "{count} reports were saved in {file}.", count
    ).format(count=format_number(count), file=file_name)
    return (
        saved
        + " "
        + _(
            "Take the USB stick to the school and give it to the person who looks after "
            "the school's hub. The reports are signed, so nobody can change them on the way."
        )
    )
