"""parentrus-admin: the command-line tool for the IT volunteer and for scripts.

The passphrase comes from a prompt, or from PARENTRUS_PASSPHRASE for scripts; a recovery
key from a prompt or PARENTRUS_RECOVERY_KEY, never from the command line (anyone on the
laptop can read the process list). Nothing about a family is ever printed except by
export-family, into the file asked for.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from parentrus_desktop import __version__
from parentrus_desktop.domain import InvalidRecord
from parentrus_desktop.i18n import _, format_day, format_time, ngettext
from parentrus_desktop.operations import keys as key_actions
from parentrus_desktop.operations.demo_data import DemoSize, add_example_records
from parentrus_desktop.operations.family_export import export_family
from parentrus_desktop.operations.import_file import ImportProblem, import_file
from parentrus_desktop.operations.records import erase_family
from parentrus_desktop.store.integrity import integrity_words
from parentrus_desktop.store.places import default_data_dir
from parentrus_desktop.store.profiles import (
    LockedProfile,
    check_passphrase,
    create_profile,
    find_profile,
    list_profiles,
)
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError, WrongPassphrase
from parentrus_desktop.vault.throttle import UnlockThrottle

if TYPE_CHECKING:
    from parentrus_desktop.outbox.outbox import OutboxEntry

PASSPHRASE_VARIABLE = "PARENTRUS_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
NEW_PASSPHRASE_VARIABLE = "PARENTRUS_NEW_PASSPHRASE"  # noqa: S105
RECOVERY_KEY_VARIABLE = "PARENTRUS_RECOVERY_KEY"
PROMPT_TRIES = 3

EXIT_OK, EXIT_PROBLEM, EXIT_DAMAGED = 0, 1, 3
EXIT_USER = 2  # what was asked for cannot be done as given


class Stop(Exception):
    """End the command with this plain message and exit code."""

    def __init__(self, message: str, code: int = EXIT_PROBLEM) -> None:
        super().__init__(message)
        self.code = code


def _passphrase(prompt: str, variable: str = PASSPHRASE_VARIABLE) -> str:
    if variable in os.environ:
        return os.environ[variable]
    if not sys.stdin.isatty():
        raise Stop(
            _("No passphrase: type it at the prompt, or set {variable} for a script.").format(
                variable=variable
            )
        )
    return getpass.getpass(prompt)


def _new_passphrase(variable: str) -> str:
    if variable in os.environ:
        return check_passphrase(os.environ[variable])
    for _attempt in range(PROMPT_TRIES):
        first = _passphrase(_("Choose a passphrase (a short sentence is easiest): "), variable)
        try:
            check_passphrase(first)
        except InvalidRecord as too_short:
            print(_plain(too_short), file=sys.stderr)
            continue
        if getpass.getpass(_("Type it again: ")) == first:
            return first
        print(_("The two passphrases were different. Please try again."), file=sys.stderr)
    raise Stop(_("No passphrase was chosen, so nothing was changed."))


def _plain(problem: InvalidRecord) -> str:
    """A validation problem in the mentor's language."""
    return _(problem.message).format(**problem.details)


def _choose_profile(args: argparse.Namespace) -> LockedProfile:
    if args.profile:
        return find_profile(args.data_dir, args.profile)
    usable = [e for e in list_profiles(args.data_dir) if e.problem is None]
    if len(usable) == 1:
        return LockedProfile(usable[0].path)
    if not usable:
        raise Stop(
            _(
                "There is no profile in {folder} yet. Create one with "
                "'parentrus-admin profile create'."
            ).format(folder=args.data_dir)
        )
    raise Stop(_("There are several profiles here: please say which with --profile NAME."))


def _unlock(args: argparse.Namespace) -> tuple[UnlockedProfile, str]:
    """The chosen profile, unlocked, and the passphrase that opened it."""
    locked = _choose_profile(args)
    throttle = UnlockThrottle()
    tries = 1 if PASSPHRASE_VARIABLE in os.environ else PROMPT_TRIES
    for attempt in range(tries):
        passphrase = _passphrase(_("Passphrase for {name}: ").format(name=locked.display_name))
        try:
            profile = locked.unlock(passphrase, throttle)
        except WrongPassphrase as wrong:
            if attempt == tries - 1:
                raise Stop(_(wrong.message)) from None
            print(_(wrong.message), file=sys.stderr)
            continue
        try:
            _after_unlock(profile, throttle.take_failed_times(str(locked.path)))
        except BaseException:
            profile.lock()
            raise
        return profile, passphrase
    raise AssertionError("unreachable")


def _after_unlock(
    profile: UnlockedProfile, failed_at: Sequence[datetime] = (), *, recovery: bool = False
) -> None:
    """As in the app: the unlock goes in the activity log, and families due for erasure
    are erased if the mentor turned on "erase automatically" (said, by code)."""
    from parentrus_desktop.operations.retention import at_unlock

    news = at_unlock(profile, date.today(), failed_at=failed_at, with_recovery_key=recovery).result
    _finish_erasing_from_backups(profile)
    if news.erased:
        print(
            _("Erased automatically (closed too long ago): {codes}").format(
                codes=", ".join(news.erased)
            ),
            file=sys.stderr,
        )
    elif news.clock is not None:  # nothing erased: the laptop's clock looks wrong
        print(news.words(), file=sys.stderr)


def _finish_erasing_from_backups(profile: UnlockedProfile) -> None:
    """Families erased but not yet from this laptop's own backups (the app closed or
    locked before it was done) are erased from them now, before the command goes on."""
    from parentrus_desktop.operations.records import finish_erasing_from_backups

    with contextlib.suppress(VaultError, sqlite3.Error, OSError):
        finish_erasing_from_backups(profile)


@contextlib.contextmanager
def _unlocked(args: argparse.Namespace) -> Iterator[UnlockedProfile]:
    """The chosen profile, unlocked for one command and locked again whatever happens.
    With --recovery-key (changing a forgotten passphrase) the recovery key opens it."""
    if getattr(args, "recovery_key", False):
        profile = _choose_profile(args).unlock_with_recovery_key(_recovery_key())
        try:
            _after_unlock(profile, recovery=True)
        except BaseException:
            profile.lock()
            raise
    else:
        profile = _unlock(args)[0]
    try:
        yield profile
    finally:
        if not profile.is_locked:
            # As when the app locks: today's backup on this laptop, if none was made.
            from parentrus_desktop.operations.backups import back_up_at_lock

            _finish_erasing_from_backups(profile)
            back_up_at_lock(profile, datetime.now(UTC))
        profile.lock()


def _recovery_key() -> str:
    """The recovery key, typed at a prompt or from PARENTRUS_RECOVERY_KEY: never an
    argument, which every user of the laptop could read in the process list."""
    if RECOVERY_KEY_VARIABLE in os.environ:
        return os.environ[RECOVERY_KEY_VARIABLE]
    if not sys.stdin.isatty():
        raise Stop(
            _("No recovery key: type it at the prompt, or set {variable} for a script.").format(
                variable=RECOVERY_KEY_VARIABLE
            )
        )
    # Translators: a prompt in a terminal; keep the space at the end
    return getpass.getpass(_("Recovery key: "))


def _print_recovery_key(recovery_key: str) -> None:
    print()
    print(
        _(
            "Recovery key (write it down or print it, and keep it somewhere safe; it is "
            "shown only this once):"
        )
    )
    print()
    print("    " + recovery_key)
    print()


def cmd_profile_create(args: argparse.Namespace) -> int:
    profile, recovery_key = create_profile(
        args.data_dir, args.name, _new_passphrase(PASSPHRASE_VARIABLE)
    )
    profile.lock()
    print(_("Created the profile for {name}.").format(name=args.name))
    _print_recovery_key(recovery_key)
    return EXIT_OK


def cmd_profile_list(args: argparse.Namespace) -> int:
    entries = list_profiles(args.data_dir)
    if not entries:
        print(_("No profiles in {folder}.").format(folder=args.data_dir))
    for entry in entries:
        if entry.problem is None:
            print(entry.display_name)
        else:
            print(
                _("{file}: {problem}").format(
                    file=entry.path.name, problem=_(entry.problem.message)
                )
            )
    return EXIT_OK


def cmd_profile_passphrase(args: argparse.Namespace) -> int:
    with _unlocked(args) as profile:
        done = key_actions.change_passphrase(profile, _new_passphrase(NEW_PASSPHRASE_VARIABLE))
    print(
        _(
            "The passphrase has been changed and every record has new keys. The old "
            "passphrase and the old recovery key no longer open this profile."
        )
    )
    _print_recovery_key(done.result)
    return EXIT_OK


def cmd_profile_recovery_key(args: argparse.Namespace) -> int:
    profile, passphrase = _unlock(args)
    try:
        done = key_actions.make_new_recovery_key(profile, passphrase)
    finally:
        profile.lock()
    print(
        _(
            "A new recovery key has been made and every record has new keys. The old "
            "recovery key no longer opens this profile; the passphrase is the same."
        )
    )
    _print_recovery_key(done.result)
    return EXIT_OK


def cmd_profile_remove(args: argparse.Namespace) -> int:
    """Remove the profile and this laptop's own backups of it (operations/remove_profile.py)."""
    from parentrus_desktop.operations.remove_profile import remove

    name = _choose_profile(args).display_name
    if not args.yes:  # asked before the passphrase: a refusal leaves the file untouched
        if not sys.stdin.isatty():
            raise Stop(_("Removing cannot be undone: add --yes to confirm in a script."))
        typed = input(
            _(
                "This removes {name}'s profile and this laptop's own backups of it. It "
                "cannot be undone. Backups on a USB stick or in another folder are not "
                "touched. Type REMOVE to confirm: "
            ).format(name=name)
        )
        if typed.strip() != "REMOVE":
            raise Stop(_("Nothing was removed."))
    profile, _passphrase = _unlock(args)  # the passphrase proves whose records these are
    path = profile.path
    profile.lock()  # without the day's backup: it would be removed at once
    count = remove(path).result
    print(
        ngettext(
            "Removed {name}'s profile from this laptop ({count} file).",
            "Removed {name}'s profile from this laptop ({count} files).",
            count,
        ).format(name=name, count=count)
    )
    return EXIT_OK


def cmd_activity(args: argparse.Namespace) -> int:
    """What happened on this profile, newest first (the activity log, as in Settings)."""
    from parentrus_desktop.operations.activity import activity_log, activity_words, when_words

    with _unlocked(args) as profile:
        entries = activity_log(profile)
    for entry in entries[: args.last]:
        print(f"{when_words(entry)}  {activity_words(entry)}")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    """The backups made to USB sticks and folders, and which still hold erased families."""
    from parentrus_desktop.operations.backups import listed_external_backups

    with _unlocked(args) as profile:
        listed = listed_external_backups(profile)
    if not listed:
        print(_("No backup to a USB stick or a folder has been made yet."))
    for item in listed:
        made = item.backup.made_at.astimezone()
        where = item.backup.path or item.backup.folder or "—"
        print(f"{format_day(made.date())} {format_time(made)}  {where}")
        if item.erased_since:
            codes = ", ".join(e.code for e in item.erased_since)
            print(
                "    "
                + ngettext(
                    "Made before you erased {count} family ({codes}): it still holds it "
                    "until you replace it or delete it.",
                    "Made before you erased {count} families ({codes}): it still holds them "
                    "until you replace it or delete it.",
                    len(item.erased_since),
                ).format(count=len(item.erased_since), codes=codes)
            )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    with _unlocked(args) as profile:
        try:
            imported = import_file(profile, args.file, date.today()).result
        except ImportProblem as problem:
            raise Stop(
                _("Nothing was imported. Line {line}, column '{column}': {message}").format(
                    line=problem.line,
                    column=problem.column,
                    message=_(problem.message).format(**(problem.details or {})),
                )
            ) from None
        except (OSError, UnicodeDecodeError):
            raise Stop(
                _("Could not read {file}: is it a CSV or JSON file saved as UTF-8?").format(
                    file=args.file
                )
            ) from None
        print(
            ngettext("Imported {count} record.", "Imported {count} records.", imported).format(
                count=imported
            )
        )
    return EXIT_OK


def cmd_demo_data(args: argparse.Namespace) -> int:
    with _unlocked(args) as profile:
        size = DemoSize(families=args.families, sessions=args.sessions)
        saved = add_example_records(profile, size, seed=args.seed, today=args.today).result
        print(
            ngettext(
                "Added {count} example record.", "Added {count} example records.", saved
            ).format(count=saved)
        )
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    with _unlocked(args) as profile:
        problems = profile.integrity_problems()
        damaged = list(profile.damaged)
        opened = len(profile)
        integrity = profile.integrity
        if args.accept_changes and not integrity.ok:
            profile.accept_file_as_it_is()
    for problem in problems:
        print(_("File check: {problem}").format(problem=problem))
    for record in damaged:
        print(_("Damaged record: {kind} {id}").format(kind=record.kind, id=record.id))
    if integrity.built_now:
        print(
            _(
                "This file had no list of its records yet (it was made by an older version "
                "of the app). The list was made now, from the file as it is."
            )
        )
    changed_outside = integrity_words(integrity)
    for line in changed_outside:
        print(line)
    for row in (*integrity.missing, *integrity.added, *integrity.changed):
        print(_("  {table} {id} ({kind})").format(table=row.table, id=row.id, kind=row.kind))
    if changed_outside:
        if args.accept_changes:
            print(
                _(
                    "The file has been accepted as it is now: this will not be reported "
                    "again, and reports can be made from it."
                )
            )
        else:
            print(
                _(
                    "No report is made from this file until this is sorted out: restore "
                    "the file from a backup, or, once you know what happened, run "
                    "'parentrus-admin verify --accept-changes'."
                )
            )
    if problems or damaged:
        print(
            ngettext(
                "{opened} record opened; {damaged} damaged.",
                "{opened} records opened; {damaged} damaged.",
                opened,
            ).format(opened=opened, damaged=len(damaged))
        )
        return EXIT_DAMAGED
    if changed_outside and not args.accept_changes:
        return EXIT_DAMAGED
    print(
        ngettext(
            "The {opened} record opens and the file is sound.",
            "All {opened} records open and the file is sound.",
            opened,
        ).format(opened=opened)
    )
    return EXIT_OK


def cmd_export_family(args: argparse.Namespace) -> int:
    with _unlocked(args) as profile:
        family = profile.family_by_code(args.code)
        out: Path = args.out or Path(f"family-{family.code}.{args.format}")
        export_family(profile, family, out, as_json=args.format == "json")
    print(
        _("Saved everything held about family {code} to {file}.").format(code=family.code, file=out)
    )
    return EXIT_OK


def cmd_erase_family(args: argparse.Namespace) -> int:
    from parentrus_desktop.operations.backups import erased_since_external_backup
    from parentrus_desktop.operations.retention import safeguarding_warning

    with _unlocked(args) as profile:
        family = profile.family_by_code(args.code)
        warning = safeguarding_warning(profile, [family.id])
        if warning:
            print(warning)  # said even with --yes: a script's log shows it
        if not args.yes:
            if not sys.stdin.isatty():
                raise Stop(_("Erasing cannot be undone: add --yes to confirm in a script."))
            typed = input(_("Erasing cannot be undone. Type the family code again to confirm: "))
            if typed.strip().upper() != family.code:
                raise Stop(_("The codes did not match. Nothing was erased."))
        count = erase_family(profile, family.id).result
        on_a_stick = erased_since_external_backup(profile)
    print(
        ngettext(
            "Erased family {code} and {count} record about them.",
            "Erased family {code} and {count} records about them.",
            count,
        ).format(code=args.code.upper(), count=count)
    )
    if on_a_stick:
        print(
            _(
                "Your backups on a USB stick or in a folder made before now still hold this "
                "family, sealed, until you replace or delete them: 'parentrus-admin backups' "
                "lists them."
            )
        )
    return EXIT_OK


def cmd_export_log(args: argparse.Namespace) -> int:
    """The mentor's sessions and hours as CSV, without names (operations/own_work.py)."""
    from parentrus_desktop.operations.own_work import save_own_work

    if args.from_ and args.to_date and args.from_ > args.to_date:
        raise Stop(_("The first day comes after the last day."), EXIT_USER)
    with _unlocked(args) as profile:
        try:
            count = save_own_work(profile, args.to, start=args.from_, end=args.to_date).result
        except OSError as problem:
            raise Stop(
                _("The file could not be written ({problem}). Nothing was lost.").format(
                    problem=problem.strerror or _("unknown problem")
                )
            ) from None
    print(
        ngettext(
            "Saved {count} line of sessions and hours to {file}.",
            "Saved {count} lines of sessions and hours to {file}.",
            count,
        ).format(count=count, file=args.to)
    )
    return EXIT_OK


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a day like 2026-09-01")) from None


def cmd_report(args: argparse.Namespace) -> int:
    """Print the report one school gets for one period, as JSON: the one sealed in the
    outbox if it was built, otherwise built exactly as the outbox will build it."""
    from parentrus_desktop.operations.reports import ReportProblem, report_for_period

    with _unlocked(args) as profile:
        try:
            done = report_for_period(profile, args.school, args.period)
        except ReportProblem as problem:
            raise Stop(str(problem)) from None
    if not done.result.sending:
        print(
            _(
                "This laptop is not connected to this school, so this report is not sent "
                "anywhere. Once connected, the school's own settings decide its reports."
            ),
            file=sys.stderr,
        )
    if not done.result.sealed:
        print(
            _(
                "These are the counts before the noise: when the period ends, a random "
                "amount is added to each number, once, and the report is sealed. 95 times in "
                "100, each number the school gets is within 1.96 × its sigma of these counts."
            ),
            file=sys.stderr,
        )
    print(json.dumps(done.result.report, ensure_ascii=False, indent=2, sort_keys=True))
    return EXIT_OK


def cmd_connect(args: argparse.Namespace) -> int:
    """Connect this laptop to a school's hub, with an invitation file or a code."""
    # Imported here: the other commands never need the network client.
    from parentrus_sync.client import HubRefused, HubUnreachable
    from parentrus_sync.protocol import Invitation, ProtocolError

    from parentrus_desktop.outbox.connection import connect_with_code, connect_with_invitation
    from parentrus_desktop.outbox.refusal_words import refusal_words

    if (args.invitation is None) == (args.code is None) or (args.code is None) != (
        args.hub is None
    ):
        raise Stop(_("Give an invitation file, or both --hub ADDRESS and --code CODE."), EXIT_USER)
    try:
        invitation = (
            Invitation.from_file_bytes(args.invitation.read_bytes()) if args.invitation else None
        )
    except OSError:
        raise Stop(_("The invitation file could not be read."), EXIT_USER) from None
    except ProtocolError as problem:
        raise Stop(refusal_words(problem.code), EXIT_USER) from None
    now = datetime.now(UTC)
    with _unlocked(args) as profile:
        try:
            if invitation is not None:
                connection = connect_with_invitation(profile, invitation, now=now)
            else:
                connection = connect_with_code(profile, args.hub, args.code, now=now)
        except ProtocolError as problem:
            raise Stop(refusal_words(problem.code), EXIT_USER) from None
        except HubRefused as refusal:
            raise Stop(refusal_words(refusal.code)) from None
        except HubUnreachable:
            raise Stop(
                _("The school's hub could not be reached. Check the address and the network.")
            ) from None
    print(
        _("Connected to {school}. Its reports will be sent to {address}.").format(
            school=connection.school_name, address=connection.hub_address
        )
    )
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    """Fill the outbox with every ready report, then send them or save them to a file."""
    from parentrus_desktop.operations.reports import save_reports_to_file, sync

    now = datetime.now(UTC)
    today = now.astimezone().date()
    with _unlocked(args) as profile:
        if args.to_file is not None:
            try:
                count = save_reports_to_file(profile, today, args.to_file).result
            except OSError as problem:
                raise Stop(
                    _("The file could not be written ({problem}). Nothing was lost.").format(
                        problem=problem.strerror or _("unknown problem")
                    )
                ) from None
            print(
                ngettext(
                    "{count} report saved to {file}. Take the file to the school.",
                    "{count} reports saved to {file}. Take the file to the school.",
                    count,
                ).format(count=count, file=args.to_file)
            )
            return EXIT_OK
        synced = sync(profile, today, now, everything=True).result
    for entry in synced.entries:
        print(
            _("{school}, {period}: {state}").format(
                school=entry.school_name, period=entry.period, state=_state_words(entry)
            )
        )
    for school in synced.result.revoked_schools:
        print(
            _("{school} has stopped this laptop from sending reports.").format(school=school),
            file=sys.stderr,
        )
    if not synced.entries:
        print(_("There are no reports to send yet."))
    result = synced.result
    return EXIT_PROBLEM if result.unreachable or result.revoked_schools else EXIT_OK


def _state_words(entry: OutboxEntry) -> str:
    from parentrus_desktop.outbox.refusal_words import refusal_words

    state = str(entry.state)
    if state == "received":
        return _("received by the school")
    if state == "refused":
        # The hub's code in plain words, never its English sentence.
        return _("not accepted: {reason}").format(reason=refusal_words(entry.code))
    if state == "sent":
        return _("sent, waiting for the school's receipt")
    return _("waiting to be sent")


def cmd_backup(args: argparse.Namespace) -> int:
    """A sealed copy of the profile in a folder or on a USB stick."""
    from parentrus_desktop.operations.backups import back_up_to

    with _unlocked(args) as profile:
        made = back_up_to(profile, args.to, datetime.now(UTC)).result
    print(
        _(
            "Saved a backup to {file}. It opens only with this profile's passphrase or "
            "recovery key."
        ).format(file=made)
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a profile from a backup, after checking every record in it."""
    from parentrus_desktop.operations.backups import restore
    from parentrus_desktop.store.restore import (
        KEYS_FROM_BACKUP,
        BackupPassphraseWrong,
        ProfileIsNewer,
    )

    def open_backup(locked: LockedProfile) -> UnlockedProfile:
        if args.recovery_key:
            return locked.unlock_with_recovery_key(_recovery_key())
        tries = 1 if PASSPHRASE_VARIABLE in os.environ else PROMPT_TRIES
        for attempt in range(tries):
            passphrase = _passphrase(
                _("Passphrase for {name} (as it was when the backup was made): ").format(
                    name=locked.display_name
                )
            )
            try:
                return locked.unlock(passphrase)
            except WrongPassphrase:
                if attempt == tries - 1:
                    raise
                print(_(BackupPassphraseWrong.message), file=sys.stderr)
        raise AssertionError("unreachable")

    only_for = find_profile(args.data_dir, args.profile).path if args.profile else None
    try:
        done = restore(
            args.data_dir,
            args.backup,
            open_backup,
            datetime.now(UTC),
            replace_newer=args.replace_newer,
            only_for=only_for,
        )
    except ProfileIsNewer as newer:
        raise Stop(
            str(newer)
            + " "
            + _(
                "To restore the backup anyway, add --replace-newer: the profile on "
                "this laptop is then kept as a backup."
            )
        ) from None
    restored = done.result
    print(
        _("Restored {name}'s profile; every record in the backup opened and was checked.").format(
            name=restored.display_name
        )
    )
    if restored.replaced_kept_at is not None:
        print(
            _("The profile it replaced is kept as a backup in {file}.").format(
                file=restored.replaced_kept_at
            )
        )
    if restored.keys_from_backup:
        print(_(KEYS_FROM_BACKUP))
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parentrus-admin",
        description=_("Look after Parent'R'Us Mentor profiles on this laptop."),
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default_data_dir(),
        help=_("folder that holds the profiles (default: %(default)s)"),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str,
        run: Callable[[argparse.Namespace], int],
        help_: str,
        parent: argparse._SubParsersAction | None = None,  # type: ignore[type-arg]
    ) -> argparse.ArgumentParser:
        sub = (parent or commands).add_parser(name, help=help_, description=help_)
        sub.set_defaults(run=run)
        return sub

    def with_profile(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--profile",
            metavar="NAME",
            help=_("the mentor's profile (needed when there are several)"),
        )
        return sub

    profile = commands.add_parser("profile", help=_("create and list mentor profiles"))
    profiles = profile.add_subparsers(dest="profile_command", required=True, metavar="COMMAND")
    create = command("create", cmd_profile_create, _("create a mentor's profile"), profiles)
    create.add_argument("--name", required=True, help=_("the mentor's display name"))
    command("list", cmd_profile_list, _("list the profiles on this laptop"), profiles)
    change = with_profile(
        command("change-passphrase", cmd_profile_passphrase, _("choose a new passphrase"), profiles)
    )
    change.add_argument(
        "--recovery-key",
        action="store_true",
        help=_(
            "open with the recovery key instead of the old passphrase (it is asked for, "
            "or read from PARENTRUS_RECOVERY_KEY)"
        ),
    )
    remove_profile = with_profile(
        command(
            "remove",
            cmd_profile_remove,
            _("remove a profile and this laptop's own backups of it (after moving laptops)"),
            profiles,
        )
    )
    remove_profile.add_argument("--yes", action="store_true", help=_("do not ask to confirm"))
    with_profile(
        command(
            "recovery-key",
            cmd_profile_recovery_key,
            _("make a new recovery key; the old one stops working"),
            profiles,
        )
    )

    importing = with_profile(
        command(
            "import",
            cmd_import,
            _(
                "import families, sessions and follow-ups from a CSV "
                "or JSON file (see docs/import.md)"
            ),
        )
    )
    importing.add_argument("file", type=Path)

    demo = with_profile(
        command("demo-data", cmd_demo_data, _("add example families and sessions, for training"))
    )
    demo.add_argument("--families", type=int, default=20)
    demo.add_argument("--sessions", type=int, default=200)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help=_("the day the examples lead up to (default: today)"),
    )

    verify = with_profile(
        command(
            "verify",
            cmd_verify,
            _(
                "check the file and open every record; list damaged records and records "
                "removed, added or put back outside the app"
            ),
        )
    )
    verify.add_argument(
        "--accept-changes",
        action="store_true",
        help=_("accept the file as it is now, after checking what was found"),
    )

    export = with_profile(
        command(
            "export-family", cmd_export_family, _("save everything held about one family to a file")
        )
    )
    export.add_argument("code")
    export.add_argument("--out", type=Path)
    export.add_argument("--format", choices=("txt", "json"), default="txt")

    erase = with_profile(
        command(
            "erase-family",
            cmd_erase_family,
            _("erase a family and everything about them, for good"),
        )
    )
    erase.add_argument("code")
    erase.add_argument("--yes", action="store_true", help=_("do not ask to confirm"))
    export_log = with_profile(
        command(
            "export-log",
            cmd_export_log,
            _("save my sessions and hours as CSV, without names (for a manager or a certificate)"),
        )
    )
    export_log.add_argument("--to", type=Path, required=True, metavar="PATH")
    export_log.add_argument(
        "--from", dest="from_", type=_day, metavar="DATE", help=_("the first day (2026-09-01)")
    )
    export_log.add_argument(
        "--to-date", type=_day, metavar="DATE", help=_("the last day (2027-07-31)")
    )
    report = with_profile(
        command("report", cmd_report, _("print the report that would go to a school, as JSON"))
    )
    report.add_argument("--school", required=True, help=_("the school's name"))
    report.add_argument(
        "--period", required=True, help=_("a term (2026-autumn) or a month (2026-11)")
    )
    connect = with_profile(
        command(
            "connect",
            cmd_connect,
            _("connect this laptop to a school's hub, with an invitation file or a code"),
        )
    )
    connect.add_argument("invitation", type=Path, nargs="?", metavar="INVITATION_FILE")
    connect.add_argument("--hub", metavar="ADDRESS", help=_("the hub's address, with --code"))
    connect.add_argument("--code", help=_("the code the school gave"))
    sync = with_profile(
        command("sync", cmd_sync, _("send the reports that are ready to the schools"))
    )
    sync.add_argument(
        "--to-file",
        type=Path,
        metavar="PATH",
        help=_("save the reports to a file for the school instead of sending them"),
    )
    backup = with_profile(
        command(
            "backup",
            cmd_backup,
            _("save a backup of the profile (still sealed) to a folder or a USB stick"),
        )
    )
    backup.add_argument(
        "--to", type=Path, required=True, metavar="FOLDER", help=_("the folder to save it in")
    )
    restoring = command(
        "restore",
        cmd_restore,
        _("restore a profile from a backup, after checking every record in it"),
    )
    restoring.add_argument("backup", type=Path, metavar="BACKUP_FILE")
    restoring.add_argument(
        "--profile",
        metavar="NAME",
        help=_("the profile on this laptop the backup must be of (another is refused)"),
    )
    restoring.add_argument(
        "--recovery-key",
        action="store_true",
        help=_(
            "open the backup with the recovery key instead of the passphrase (it is asked "
            "for, or read from PARENTRUS_RECOVERY_KEY)"
        ),
    )
    restoring.add_argument(
        "--replace-newer",
        action="store_true",
        help=_("replace the profile on this laptop even if it was changed after the backup"),
    )
    activity = with_profile(
        command("activity", cmd_activity, _("what happened on this profile, newest first"))
    )
    activity.add_argument(
        "--last", type=int, default=50, metavar="N", help=_("how many entries (50)")
    )
    with_profile(
        command(
            "backups",
            cmd_backups,
            _("the backups made to USB sticks and folders, and which still hold erased families"),
        )
    )
    from parentrus_desktop.cli_retention import add_retention_commands

    add_retention_commands(commands, command, with_profile, _day)
    from parentrus_desktop.cli_supervision import add_supervision_command

    add_supervision_command(command, with_profile)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except Stop as stop:
        print(stop, file=sys.stderr)
        return stop.code
    except VaultError as problem:
        print(_(problem.message), file=sys.stderr)
        return EXIT_PROBLEM
    except InvalidRecord as problem:
        print(_plain(problem), file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
