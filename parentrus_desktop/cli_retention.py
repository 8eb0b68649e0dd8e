"""``parentrus-admin retention``: how long closed families are kept, from the command line,
with the same actions as Settings and Today (operations/retention.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from parentrus_desktop.i18n import _, format_day, ngettext
from parentrus_desktop.operations.kept import KeepReason
from parentrus_desktop.operations.records import erase_families
from parentrus_desktop.operations.retention import (
    RetentionRule,
    erasable,
    families_due,
    keep_family,
    rule_in_force,
    set_retention_rule,
)

Command = Callable[..., argparse.ArgumentParser]


def _held_words() -> str:
    """Said of a family due but held: a safety worry about them was passed on."""
    return _(
        "held, not erased: a safety worry about this family was passed on. To erase it, "
        "use erase-family, after checking with your manager."
    )


def _yes_no(text: str) -> bool:
    if text not in ("yes", "no"):
        raise argparse.ArgumentTypeError(_("write yes or no"))
    return text == "yes"


def cmd_show(args: argparse.Namespace) -> int:
    from parentrus_desktop.cli import EXIT_OK, _unlocked

    today = date.today()
    with _unlocked(args) as profile:
        in_force = rule_in_force(profile)
        due = families_due(profile, today)
    print(
        ngettext(
            "Closed families are due for erasure {months} month after they closed.",
            "Closed families are due for erasure {months} months after they closed.",
            in_force.months,
        ).format(months=in_force.months)
    )
    if in_force.school_is_shorter and in_force.school is not None:
        print(
            _("{school} asks for no longer than that; your own choice is {chosen}.").format(
                school=in_force.school.school_name, chosen=in_force.chosen.months
            )
        )
    print(
        _("They are erased automatically when you unlock.")
        if in_force.chosen.erase_automatically
        else _("Nothing is erased until you say so.")
    )
    if not due:
        print(_("No family is due for erasure today."))
    for item in due:
        print(
            _("{code}: closed on {closed}, due since {due}").format(
                code=item.family.code,
                closed=format_day(item.closed_on),
                due=format_day(item.due_since),
            )
        )
        if item.held_for_safeguarding:
            print("  " + _held_words())
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    from parentrus_desktop.cli import EXIT_OK, Stop, _unlocked

    with _unlocked(args) as profile:
        chosen = rule_in_force(profile).chosen
        automatic = (
            chosen.erase_automatically
            if args.erase_automatically is None
            else args.erase_automatically
        )
        months = chosen.months if args.months is None else args.months
        rule = RetentionRule(months, automatic)
        if automatic and not chosen.erase_automatically and not args.yes:
            # As the app asks first: from the next unlock, families go without a question.
            if not sys.stdin.isatty():
                raise Stop(
                    _(
                        "Erasing automatically cannot be undone: add --yes to confirm in "
                        "a script. Nothing was changed."
                    )
                )
            due = [d.family.code for d in erasable(families_due(profile, date.today()))]
            typed = input(
                _(
                    "From the next unlock, closed families past the rule are erased "
                    "without a question; it cannot be undone. Due now: {codes}. Type YES "
                    "to turn it on: "
                ).format(codes=", ".join(due) or "—")
            )
            if typed.strip() != "YES":
                raise Stop(_("Nothing was changed."))
        set_retention_rule(profile, rule)
    print(_("Saved. Run 'retention show' to see which families are due."))
    return EXIT_OK


def cmd_erase_due(args: argparse.Namespace) -> int:
    from parentrus_desktop.cli import EXIT_OK, Stop, _unlocked

    with _unlocked(args) as profile:
        everything_due = families_due(profile, date.today())
        for item in everything_due:
            if item.held_for_safeguarding:
                print(item.family.code + ": " + _held_words())
        due = erasable(everything_due)  # a family held for safeguarding only by itself
        if not due:
            print(_("No family is due for erasure today."))
            return EXIT_OK
        codes = [item.family.code for item in due]
        if not args.yes:
            if not sys.stdin.isatty():
                raise Stop(_("Erasing cannot be undone: add --yes to confirm in a script."))
            typed = input(
                ngettext(
                    "Erase {count} family ({codes})? It cannot be undone. Type ERASE: ",
                    "Erase {count} families ({codes})? It cannot be undone. Type ERASE: ",
                    len(codes),
                ).format(count=len(codes), codes=", ".join(codes))
            )
            if typed.strip() != "ERASE":
                raise Stop(_("Nothing was erased."))
        erase_families(profile, [item.family.id for item in due])  # in one step
    print(
        ngettext(
            "Erased {count} family: {codes}.", "Erased {count} families: {codes}.", len(codes)
        ).format(count=len(codes), codes=", ".join(codes))
    )
    return EXIT_OK


def cmd_keep(args: argparse.Namespace) -> int:
    from parentrus_desktop.cli import EXIT_OK, _unlocked

    with _unlocked(args) as profile:
        family = profile.family_by_code(args.code)
        keep_family(profile, family.id, args.until, KeepReason(args.reason), date.today())
    print(
        _("Family {code} is kept until {day}.").format(code=family.code, day=format_day(args.until))
    )
    return EXIT_OK


def add_retention_commands(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    command: Command,
    with_profile: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
    day: Callable[[str], date],
) -> None:
    group = commands.add_parser(
        "retention", help=_("how long closed families are kept, and erasing those due")
    )
    retention = group.add_subparsers(dest="retention_command", required=True, metavar="COMMAND")
    with_profile(
        command("show", cmd_show, _("the rule in force and the families due today"), retention)
    )
    changing = with_profile(
        command("set", cmd_set, _("choose how long closed families are kept"), retention)
    )
    changing.add_argument("--months", type=int, metavar="N", help=_("months after closing"))
    changing.add_argument(
        "--yes", action="store_true", help=_("do not ask to confirm erasing automatically")
    )
    changing.add_argument(
        "--erase-automatically",
        type=_yes_no,
        metavar="yes|no",
        help=_("erase families due at unlock, without asking"),
    )
    erasing = with_profile(
        command("erase-due", cmd_erase_due, _("erase every family due today"), retention)
    )
    erasing.add_argument("--yes", action="store_true", help=_("do not ask to confirm"))
    keeping = with_profile(
        command("keep", cmd_keep, _("keep a closed family longer, for a reason"), retention)
    )
    keeping.add_argument("code")
    keeping.add_argument("--until", type=day, required=True, metavar="DATE")
    keeping.add_argument("--reason", required=True, choices=[reason.value for reason in KeepReason])
