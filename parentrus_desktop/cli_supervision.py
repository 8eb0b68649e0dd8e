"""``parentrus-admin supervision``: the month's supervision summary as plain text, by
family code only and without the mentor's words (those are ticked one by one in the app,
where the mentor sees what will be printed)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

from parentrus_desktop.i18n import _
from parentrus_desktop.operations.supervision import month_of, supervision_summary
from parentrus_desktop.privacy.periods import Period, PeriodKind, period_named
from parentrus_desktop.supervision_words import summary_text

Command = Callable[..., argparse.ArgumentParser]


def _month(text: str) -> Period:
    try:
        month = period_named(text)
    except ValueError:
        month = None
    if month is None or month.kind is not PeriodKind.MONTH:
        raise argparse.ArgumentTypeError(_("a month like 2026-11"))
    return month


def cmd_supervision(args: argparse.Namespace) -> int:
    from parentrus_desktop.cli import EXIT_OK, EXIT_USER, Stop, _unlocked

    today = date.today()
    month = args.month or month_of(today)
    if month.first > today:
        # Checked before the passphrase: a summary of a month not begun would be all noughts
        # and could be taken to the manager as if it were real.
        raise Stop(
            _("That month has not started yet: choose this month or one before it."), EXIT_USER
        )
    with _unlocked(args) as profile:
        summary = supervision_summary(profile, month, today=today)
        print(summary_text(summary, profile.display_name), end="")
    return EXIT_OK


def add_supervision_command(
    command: Command, with_profile: Callable[[argparse.ArgumentParser], argparse.ArgumentParser]
) -> None:
    sub = with_profile(
        command(
            "supervision",
            cmd_supervision,
            _("print a month's supervision summary for my manager, by family code only"),
        )
    )
    sub.add_argument(
        "--month", type=_month, metavar="YYYY-MM", help=_("the month (this month if not given)")
    )
