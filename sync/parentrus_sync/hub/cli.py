"""``parentrus-hub``: set up, run and look after a school hub from the command line."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from parentrus_sync.hub import logs
from parentrus_sync.hub.hub import Hub, StoredLimiter
from parentrus_sync.hub.hubdata import (
    DATA_ENV,
    SERVED_AT,
    SetupProblem,
    data_folder,
    open_hub,
    slug_for,
    write_setup,
)
from parentrus_sync.hub.ingest import Refusal, import_bundle
from parentrus_sync.hub.invitations import UnknownSchool, create_invitation
from parentrus_sync.hub.migrations import NewerDatabase
from parentrus_sync.hub.passwords import hash_password
from parentrus_sync.hub.private_files import write_private
from parentrus_sync.hub.storage import Conflict, LastAccount, School, default_policy
from parentrus_sync.protocol import KEEP_CLOSED_MONTHS_RANGE, ProtocolError, check_hub_address
from parentrus_sync.report_schema import SCHOOL_PATTERN

if TYPE_CHECKING:
    from starlette.applications import Starlette

SHORTEST_PASSWORD = 10
#: The setting that holds a pin given to ``invite`` (a certificate served by a proxy).
GIVEN_PIN = "given_tls_pin"
ADDRESS_ENV = "PARENTRUS_HUB_ADDRESS"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class UserError(Exception):
    """A mistake in what was asked; its message is shown and the exit code is 2."""


def _password(from_stdin: bool, nothing: str = "Nothing was set up.") -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not sys.stdin.isatty():
        # getpass would fall back to reading the pipe with a warning, or die with a
        # traceback when there is nothing to read.
        raise UserError(
            f"No password was given: run this at a terminal, or add --password-stdin and "
            f"give the password on the first line. {nothing}"
        )
    else:
        try:
            password = getpass.getpass("Password for the coordinator: ")
            again = getpass.getpass("The same password again: ")
        except (EOFError, KeyboardInterrupt):
            raise UserError(f"No password was given. {nothing}") from None
        if again != password:
            raise UserError(f"The two passwords are not the same. {nothing}")
    if len(password) < SHORTEST_PASSWORD:
        raise UserError(f"The password must be at least {SHORTEST_PASSWORD} characters. {nothing}")
    return password


def cmd_init(args: argparse.Namespace) -> int:
    data = data_folder(args.data)
    slug = args.school or slug_for(args.school_name)
    if not re.fullmatch(SCHOOL_PATTERN, slug):
        raise UserError(
            f"{slug!r} cannot be the school's name on the wire: use small letters, digits "
            "and dashes, such as riverside-primary. Nothing was set up."
        )
    address = _public_address(args.address)
    password = _password(args.password_stdin)  # asked first: a typo leaves nothing behind
    storage, _ = write_setup(data, args.database)
    try:
        storage.add_school(School(slug, args.school_name, default_policy(slug)))
        # The one school's coordinator: should the hub take more schools later, this account
        # still sees only its own (``coordinator add --programme`` makes one who sees all).
        storage.add_coordinator(args.username, hash_password(password), slug)
        if address:
            storage.set_setting("address", address)
    finally:
        storage.close()
    print(f"The hub is set up in {data}.")
    print(f"School: {args.school_name} (on the wire: {slug})")
    print(f"Coordinator account: {args.username}")
    print(f"Start it with: parentrus-hub serve --data {data}")
    return 0


def _public_address(address: str | None) -> str | None:
    """The address laptops are to use, if one was given and they could use it (invitations
    to http://hub.example.org would all be refused by the laptops)."""
    if not address:
        return None
    try:
        return check_hub_address(address)
    except ProtocolError as problem:
        raise UserError(f"{address}: {problem.reason} Nothing was changed.") from None


def _tls_pin(certfile: str) -> str | None:
    """The pin of a self-signed certificate (a laptop cannot check it otherwise): the
    SHA-256 of its public key, so a certificate renewed with the same key still matches."""
    from parentrus_sync.tls_pin import certificate_file_pin

    pin, self_signed = certificate_file_pin(Path(certfile))
    return pin if self_signed else None


def _given_pin(args: argparse.Namespace) -> str | None:
    """The pin ``invite`` was given for a certificate served by a proxy: its text, "" to
    forget the one given before, None when none was given."""
    from parentrus_sync.tls_pin import certificate_file_pin, pin_bytes, pin_text

    if args.no_pin:
        return ""
    if args.pin_from:
        try:
            return certificate_file_pin(Path(args.pin_from))[0]
        except OSError as error:
            raise UserError(f"Cannot read {args.pin_from}: {error.strerror}.") from None
        except ValueError:
            raise UserError(f"{args.pin_from} is not a certificate (PEM or DER).") from None
    if args.pin:
        try:
            return pin_text(pin_bytes(args.pin))
        except ValueError:
            raise UserError(
                "--pin must be the SHA-256 of the certificate's public key, in base64 or as "
                "64 hexadecimal digits."
            ) from None
    return None


def cmd_serve(args: argparse.Namespace) -> int:
    https = bool(args.certfile)
    if bool(args.certfile) != bool(args.keyfile):
        raise UserError("Please give both --certfile and --keyfile, or neither.")
    if not https and args.host not in LOOPBACK:
        raise UserError(
            f"Refusing to serve on {args.host} without HTTPS: anyone on the network could "
            "read what the laptops send. Give --certfile and --keyfile, or serve on "
            "127.0.0.1 only."
        )
    host = f"[{args.host}]" if ":" in args.host else args.host
    served_at = f"{'https' if https else 'http'}://{host}:{args.port}"
    # The address given now, else the one given before (at init or an earlier serve),
    # else where it serves: behind a proxy, invitations keep the public address.
    address = _public_address(args.address)
    hub = open_hub(data_folder(args.data), address, served_at=served_at)
    # Through the environment, so each worker process of --workers has the same limits.
    for name, value in (
        (REQUESTS_ENV, args.requests_per_minute),
        (REPORTS_ENV, args.reports_per_minute),
    ):
        if value is not None:
            if value < 1:
                raise UserError("A limit per minute must be 1 or more.")
            os.environ[name] = str(value)
    _set_limits(hub)
    # Remembered, so invitations made from the command line carry this address. Only an
    # address someone gave is kept for good (and replaced only by another --address):
    # where one serve happened to run (http://127.0.0.1:8000, before the certificate came)
    # is kept apart, and the next serve's replaces it.
    if address:
        hub.storage.set_setting("address", address)
    hub.storage.set_setting(SERVED_AT, served_at)
    hub.storage.set_setting("tls_pin", (_tls_pin(args.certfile) if https else None) or "")
    import uvicorn

    from parentrus_sync.hub.app import create_app
    from parentrus_sync.hub.http_limits import SERVING

    if args.workers < 1:
        raise UserError("--workers must be 1 or more.")
    logs.configure()
    print(f"The hub is at {hub.address} (press Ctrl+C to stop).", flush=True)
    try:
        if args.workers > 1:
            # Each worker process opens the hub itself, from the environment.
            hub.storage.close()
            os.environ[DATA_ENV] = str(data_folder(args.data))
            os.environ[ADDRESS_ENV] = hub.address
            uvicorn.run(
                f"{__name__}:app_from_environment", factory=True, workers=args.workers,
                host=args.host, port=args.port, ssl_certfile=args.certfile,
                ssl_keyfile=args.keyfile, log_config=None, access_log=False, **SERVING,
            )  # fmt: skip
        else:
            uvicorn.run(
                create_app(hub), host=args.host, port=args.port, ssl_certfile=args.certfile,
                ssl_keyfile=args.keyfile, log_config=None, access_log=False, **SERVING,
            )  # fmt: skip
    finally:
        hub.storage.close()
    return 0


def app_from_environment() -> Starlette:
    """The app for one of several worker processes (``serve --workers``)."""
    from parentrus_sync.hub.app import create_app

    logs.configure()  # each worker process logs for itself, to the same standard output
    hub = open_hub(data_folder(None), os.environ.get(ADDRESS_ENV))
    _set_limits(hub)
    return create_app(hub)


REQUESTS_ENV = "PARENTRUS_HUB_REQUESTS_PER_MINUTE"
REPORTS_ENV = "PARENTRUS_HUB_REPORTS_PER_MINUTE"


def _set_limits(hub: Hub) -> None:
    """The API's limits per address and per laptop, if ``serve`` was given others (a
    bigger school behind one router, or a benchmark); each a burst of that many too."""
    requests, reports = os.environ.get(REQUESTS_ENV), os.environ.get(REPORTS_ENV)
    if requests:
        hub.address_limiter = StoredLimiter(hub.storage, "address", int(requests), int(requests))
    if reports:
        hub.device_limiter = StoredLimiter(hub.storage, "laptop", int(reports), int(reports))


def _only_school(hub: Hub, given: str | None, *, programme: bool = False) -> str:
    if given:
        if hub.storage.school(given) is None:
            raise UserError(f"There is no school called {given} on this hub.")
        return given
    schools = hub.storage.schools()
    if len(schools) != 1:
        names = ", ".join(s.slug for s in schools)
        also = ", or --programme for every school" if programme else ""
        raise UserError(
            f"This hub has several schools; please choose one with --school ({names}){also}."
        )
    return schools[0].slug


def _wire_name(slug: str) -> str:
    if not re.fullmatch(SCHOOL_PATTERN, slug):
        raise UserError(
            f"{slug!r} cannot be the school's name on the wire: use small letters, digits "
            "and dashes, such as riverside-primary. Nothing was set up."
        )
    return slug


def cmd_school(args: argparse.Namespace, hub: Hub) -> int:
    """``school add NAME``: one more school on this hub; ``school list``: the schools."""
    if args.action == "add":
        slug = _wire_name(args.school or slug_for(args.name))
        try:
            hub.storage.add_school(School(slug, args.name, default_policy(slug)))
        except Conflict:
            raise UserError(f"There is already a school called {slug} on this hub.") from None
        print(f"School: {args.name} (on the wire: {slug})")
        print(
            f"Its coordinator: parentrus-hub coordinator add NAME --school {slug}; "
            f"invitations for its laptops: parentrus-hub invite --school {slug}"
        )
        return 0
    schools = hub.storage.schools()
    if not schools:
        print("There is no school on this hub yet.")
    for school in schools:
        print(f"{school.slug}  {school.name}")
    return 0


def cmd_coordinator(args: argparse.Namespace, hub: Hub) -> int:
    """``coordinator add NAME``: an account for one school's coordinator (``--school``, or
    the only school of a one-school hub), or for the programme's (``--programme``);
    ``list``, ``password NAME`` (a forgotten password) and ``remove NAME``."""
    if args.action in _ACCOUNT_ACTIONS:
        return _ACCOUNT_ACTIONS[args.action](args, hub)
    school = None if args.programme else _only_school(hub, args.school, programme=True)
    password = _password(args.password_stdin)
    try:
        hub.storage.add_coordinator(args.username, hash_password(password), school)
    except Conflict:
        raise UserError(f"There is already an account called {args.username}.") from None
    if school is None:
        print(f"Coordinator account: {args.username}, for the whole programme (every school)")
    else:
        print(f"Coordinator account: {args.username}, for {school} only")
    return 0


def _list_accounts(args: argparse.Namespace, hub: Hub) -> int:
    accounts = hub.storage.coordinators()
    if not accounts:
        print("There is no coordinator account on this hub yet.")
    for account in accounts:
        sees = "every school (the programme)" if account.school is None else account.school
        print(f"{account.username}  {sees}")
    return 0


def _new_password(args: argparse.Namespace, hub: Hub) -> int:
    if hub.storage.coordinator(args.username) is None:
        raise UserError(f"There is no account called {args.username} on this hub.")
    password = _password(args.password_stdin, "The password was not changed.")
    if not hub.storage.set_password(args.username, hash_password(password)):
        raise UserError(f"There is no account called {args.username} on this hub.")
    print(
        f"New password set for {args.username}. Anyone signed in as {args.username} is signed out."
    )
    return 0


def _remove_account(args: argparse.Namespace, hub: Hub) -> int:
    try:
        removed = hub.storage.remove_coordinator(args.username)
    except LastAccount:
        raise UserError(
            f"{args.username} is the only account on this hub: without it nobody could sign "
            f"in. Add another first (parentrus-hub coordinator add NAME), or set a new "
            f"password (parentrus-hub coordinator password {args.username}). Nothing was removed."
        ) from None
    if not removed:
        raise UserError(f"There is no account called {args.username} on this hub.")
    print(f"The account {args.username} is removed; it is signed out everywhere.")
    return 0


_ACCOUNT_ACTIONS: dict[str, Callable[[argparse.Namespace, Hub], int]] = {
    "list": _list_accounts,
    "password": _new_password,
    "remove": _remove_account,
}


def cmd_invite(args: argparse.Namespace, hub: Hub) -> int:
    school = _only_school(hub, args.school)
    given = _given_pin(args)
    out = Path(args.out or f"invitation-{school}.json")
    _check_writable(out)  # before the pin is saved or an invitation made
    if given is not None:
        # Remembered, so later invitations (also those made on the hub's pages) carry it.
        hub.storage.set_setting(GIVEN_PIN, given)
    try:
        invitation, code = create_invitation(hub, school, hub.now(), args.days)
    except (UnknownSchool, ValueError) as error:
        raise UserError(str(error)) from None
    write_private(out, invitation.to_file_bytes())  # its token enrols a laptop
    print(f"Invitation code: {code}")
    print(f"Invitation file: {out}")
    print(f"It works once, until {invitation.expires:%d %B %Y %H:%M} UTC.")
    if invitation.tls_pin:
        print(f"Certificate pin: {invitation.tls_pin}")
        print("A typed code cannot reach this hub's certificate: give the mentor the file.")
    return 0


def _check_writable(out: Path) -> None:
    """UserError, in plain words, if the invitation file cannot be written there; a file
    made only to find out is taken away again."""
    existed = out.exists()
    try:
        os.close(os.open(out, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError as error:
        raise UserError(
            f"Cannot write the invitation file {out}: {error.strerror}. Nothing was saved: "
            "please choose a folder you can write to with --out."
        ) from None
    if not existed:
        out.unlink()


def cmd_devices(args: argparse.Namespace, hub: Hub) -> int:
    devices = hub.storage.devices(args.school)
    if not devices:
        print("No laptops are connected yet.")
        return 0
    for device in devices:
        state = "disconnected" if device.revoked else "connected"
        if device.discarded:
            state += ", its numbers left out"
        last = f"{device.last_report:%Y-%m-%d}" if device.last_report else "no report yet"
        print(
            f"{device.device}  {device.school}  since {device.enrolled:%Y-%m-%d}  "
            f"last report: {last}  {state}"
        )
    return 0


def cmd_revoke(args: argparse.Namespace, hub: Hub) -> int:
    device = hub.storage.device(args.device)
    if device is None:
        raise UserError(f"No laptop called {args.device} is connected to this hub.")
    if not hub.storage.revoke(args.device, hub.now()):
        print(f"{args.device} was already disconnected.")
        return 0
    print(f"{args.device} is disconnected: the hub will refuse its reports from now on.")
    return 0


def cmd_discard(args: argparse.Namespace, hub: Hub) -> int:
    device = hub.storage.device(args.device)
    if device is None:
        raise UserError(f"No laptop called {args.device} is connected to this hub.")
    if args.undo:
        if hub.storage.count_again(args.device):
            print(f"The reports of {args.device} count in the school's numbers again.")
        else:
            print(f"The reports of {args.device} were already counted.")
        return 0
    if device.revoked is None:
        raise UserError(
            f"{args.device} is still connected. Disconnect it first "
            f"(parentrus-hub revoke {args.device}), then leave out its numbers."
        )
    if hub.storage.discard(args.device, hub.now()):
        print(
            f"Every report {args.device} sent is left out of the school's numbers. "
            f"To count them again: parentrus-hub discard {args.device} --undo"
        )
    else:
        print(f"The reports of {args.device} were already left out.")
    return 0


def cmd_import(args: argparse.Namespace, hub: Hub) -> int:
    try:
        body = Path(args.bundle).read_bytes()
    except OSError as error:
        raise UserError(f"Cannot read {args.bundle}: {error.strerror}.") from None
    try:
        outcomes = import_bundle(hub, body, hub.now())
    except Refusal as refusal:
        raise UserError(refusal.reason) from None
    new = sum(1 for o in outcomes if o.status == 201)
    held = sum(1 for o in outcomes if o.status == 200)
    for outcome in outcomes:
        if not outcome.ok:
            print(f"Report {outcome.index + 1} was refused: {outcome.reason}")
    refused = len(outcomes) - new - held
    print(f"{new} new reports, {held} already here, {refused} refused.")
    return 1 if refused else 0


def cmd_policy(args: argparse.Namespace, hub: Hub) -> int:
    """Show the school's policy, or change how long laptops may keep a closed family."""
    from parentrus_sync.hub.policy_form import keep_words

    school = _only_school(hub, args.school)
    held = hub.storage.school(school)
    assert held is not None  # _only_school checked it
    policy = held.policy
    if args.keep_closed_months is not None or args.no_keep_limit:
        months = None if args.no_keep_limit else args.keep_closed_months
        low, high = KEEP_CLOSED_MONTHS_RANGE
        if months is not None and not low <= months <= high:
            raise UserError(
                f"--keep-closed-months must be a whole number of months from {low} to {high}. "
                "Nothing was changed."
            )
        policy = dataclasses.replace(policy, keep_closed_months=months)
        hub.storage.set_policy(policy)
        print("Saved. The laptops follow it from their next connection to the hub.")
    print(keep_words(policy))
    return 0


def cmd_export(args: argparse.Namespace, hub: Hub) -> int:
    if args.format != "csv":
        raise UserError("Only --format csv is available.")
    from parentrus_sync.hub.export import termly_csv
    from parentrus_sync.hub.terms import UnknownTerm

    school = _only_school(hub, args.school)
    try:
        text = termly_csv(hub, school, args.term)
    except UnknownTerm as error:
        raise UserError(str(error)) from None
    if args.out:
        try:
            write_private(Path(args.out), text.encode("utf-8"))
        except OSError as error:
            raise UserError(
                f"Cannot write {args.out}: {error.strerror}. Please choose a folder you can "
                "write to with --out."
            ) from None
        print(f"Written to {args.out}.")
    else:
        sys.stdout.write(text)
    return 0


def _version() -> str:
    """The installed parentrus-sync's version (the hub is part of that distribution)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("parentrus-sync")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", help="the hub's data folder (or PARENTRUS_HUB_DATA)")
    parser = argparse.ArgumentParser(prog="parentrus-hub", description="A school's hub.")
    parser.add_argument("--version", action="version", version=f"parentrus-hub {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", parents=[common], help="set up a new hub")
    init.add_argument("--school-name", required=True, help='e.g. "Riverside Primary"')
    init.add_argument("--school", help="the school's name on the wire (made from the name)")
    init.add_argument("--username", default="coordinator")
    init.add_argument("--password-stdin", action="store_true")
    init.add_argument("--database", help="postgresql://... (default: SQLite in the data folder)")
    init.add_argument("--address", help="the address laptops use, https://...")

    serve = sub.add_parser("serve", parents=[common], help="run the hub")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--certfile")
    serve.add_argument("--keyfile")
    serve.add_argument("--address", help="the address laptops use, if not host and port")
    serve.add_argument("--workers", type=int, default=1, help="processes (SQLite: 1 or 2)")
    serve.add_argument(
        "--requests-per-minute", type=int,
        help="API requests from one address, at once and then each minute (default 300)",
    )  # fmt: skip
    serve.add_argument(
        "--reports-per-minute", type=int,
        help="reports from one laptop, at once and then each minute (default 30)",
    )  # fmt: skip

    invite = sub.add_parser("invite", parents=[common], help="invite a laptop")
    invite.add_argument("--school")
    invite.add_argument("--days", type=int, default=14)
    invite.add_argument("--out", help="where to write the invitation file")
    pin = invite.add_mutually_exclusive_group()
    pin.add_argument(
        "--pin-from", metavar="CERTFILE",
        help="a self-signed certificate a proxy serves: invitations carry its pin",
    )  # fmt: skip
    pin.add_argument("--pin", metavar="SHA256", help="the pin itself (of the public key)")
    pin.add_argument("--no-pin", action="store_true", help="forget a pin given before")

    devices = sub.add_parser("devices", parents=[common], help="list the connected laptops")
    devices.add_argument("--school")
    revoke = sub.add_parser("revoke", parents=[common], help="disconnect a laptop")
    revoke.add_argument("device")
    discard = sub.add_parser(
        "discard", parents=[common], help="leave out every report of a disconnected laptop"
    )
    discard.add_argument("device")
    discard.add_argument("--undo", action="store_true", help="count its reports again")
    imported = sub.add_parser("import", parents=[common], help="import a file of reports")
    imported.add_argument("bundle")
    policy = sub.add_parser(
        "policy", parents=[common], help="show or change how long laptops keep closed families"
    )
    policy.add_argument("--school")
    keep = policy.add_mutually_exclusive_group()
    keep.add_argument(
        "--keep-closed-months",
        type=int,
        metavar="N",
        help="laptops keep a closed family's records at most N months (1 to 120)",
    )
    keep.add_argument(
        "--no-keep-limit", action="store_true", help="no limit: each mentor's own rule holds"
    )
    school = sub.add_parser("school", help="the schools on this hub (a programme)")
    school_sub = school.add_subparsers(dest="action", required=True)
    school_add = school_sub.add_parser("add", parents=[common], help="add a school")
    school_add.add_argument("name", help='e.g. "Hillside Academy"')
    school_add.add_argument("--school", help="its name on the wire (made from the name)")
    school_sub.add_parser("list", parents=[common], help="list the schools")
    coordinator = sub.add_parser("coordinator", help="coordinators' accounts")
    coordinator_sub = coordinator.add_subparsers(dest="action", required=True)
    account = coordinator_sub.add_parser("add", parents=[common], help="add an account")
    account.add_argument("username")
    whose = account.add_mutually_exclusive_group()
    whose.add_argument("--school", help="the one school this account sees")
    whose.add_argument(
        "--programme", action="store_true", help="this account sees every school and the totals"
    )
    account.add_argument("--password-stdin", action="store_true")
    coordinator_sub.add_parser("list", parents=[common], help="list the accounts")
    reset = coordinator_sub.add_parser(
        "password", parents=[common], help="set a new password (one forgotten); signs it out"
    )
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    remove = coordinator_sub.add_parser(
        "remove", parents=[common], help="remove an account; signs it out"
    )
    remove.add_argument("username")
    export = sub.add_parser("export", parents=[common], help="a term's figures as CSV")
    export.add_argument("--term", required=True, help="e.g. 2026-autumn")
    export.add_argument("--format", default="csv")
    export.add_argument("--school")
    export.add_argument("--out")
    return parser


_WITH_HUB: dict[str, Callable[[argparse.Namespace, Hub], int]] = {
    "invite": cmd_invite,
    "devices": cmd_devices,
    "revoke": cmd_revoke,
    "discard": cmd_discard,
    "import": cmd_import,
    "export": cmd_export,
    "policy": cmd_policy,
    "school": cmd_school,
    "coordinator": cmd_coordinator,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "init":
            return cmd_init(args)
        if args.command == "serve":
            return cmd_serve(args)
        hub = open_hub(data_folder(args.data))
        try:
            return _WITH_HUB[args.command](args, hub)
        finally:
            hub.storage.close()
    except (UserError, SetupProblem, NewerDatabase) as error:
        print(error, file=sys.stderr)
        return 2
    except ProtocolError as error:
        print(error.reason, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
