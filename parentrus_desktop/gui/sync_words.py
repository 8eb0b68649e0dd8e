"""Sending reports in plain words: each report's state, the connection, and what went wrong."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from parentrus_sync.client import HubRefused, HubUnreachable
from parentrus_sync.protocol import ProtocolError

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import _, format_day, format_number, ngettext
from parentrus_desktop.outbox.outbox import OutboxEntry, ReportState
from parentrus_desktop.outbox.refusal_words import refusal_words

log = logging.getLogger(__name__)

UNREACHABLE = N_(
    "The school's hub could not be reached. Check the internet connection and try again."
)


def day_in_words(moment: datetime) -> str:
    """ "3 December": the day on this laptop's clock, the way the language writes it."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return format_day(local.date(), "d MMMM")


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
    """A plain sentence for anything that stopped connecting or sending."""
    if isinstance(error, HubUnreachable):
        return _(UNREACHABLE)
    if isinstance(error, ProtocolError | HubRefused):
        return refusal_words(error.code)
    if isinstance(error, FileNotFoundError | IsADirectoryError):
        return _("That file could not be found. Please choose it again.")
    if isinstance(error, PermissionError):
        return _("This laptop is not allowed to use that file. Try saving it somewhere else.")
    if isinstance(error, OSError):
        return _("Could not use the file: {problem}").format(problem=error.strerror or "")
    # Only the kind of error: its text could hold something from the records.
    log.warning("sending reports stopped: %s", type(error).__name__)
    return _("Something went wrong. Please try again, or lock the app and open it again.")


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
