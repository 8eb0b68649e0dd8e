"""``parentrus-hub`` for a programme, on both backends: schools added to a hub, accounts for
one school's coordinator or the programme's, invitations that name their school."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers.hub_process import PASSWORD, SCHOOL, run_hub
from parentrus_sync.hub.hubdata import open_hub
from parentrus_sync.hub.storage import PROGRAMME_ROLE, SCHOOL_ROLE
from parentrus_sync.protocol import Invitation

OTHER = "hillside-academy"


@pytest.fixture
def data(tmp_path: Path, database_args: list[str]) -> Path:
    folder = tmp_path / "hub-data"
    done = run_hub("init", "--data", str(folder), "--school-name", "Riverside Primary",
                   "--password-stdin", *database_args, stdin=PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder


def _role(data: Path, username: str) -> tuple[str, str | None]:
    hub = open_hub(data)
    try:
        account = hub.storage.coordinator(username)
        assert account is not None
        return account.role, account.school
    finally:
        hub.storage.close()


def _add_account(data: Path, username: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return run_hub("coordinator", "add", username, *flags, "--data", str(data),
                   "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip


def test_schools_are_added_and_listed(data: Path) -> None:
    done = run_hub("school", "add", "Hillside Academy", "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert f"on the wire: {OTHER}" in done.stdout
    listed = run_hub("school", "list", "--data", str(data))
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        f"{OTHER}  Hillside Academy",
        f"{SCHOOL}  Riverside Primary",
    ]
    again = run_hub("school", "add", "Hillside  academy!", "--data", str(data))
    assert again.returncode == 2 and f"already a school called {OTHER}" in again.stderr
    wrong = run_hub("school", "add", "Oak", "--school", "Oak Lane", "--data", str(data))
    assert wrong.returncode == 2 and "small letters, digits and dashes" in wrong.stderr
    assert len(run_hub("school", "list", "--data", str(data)).stdout.splitlines()) == 2


def test_the_first_coordinator_and_a_plain_add_are_the_one_schools(data: Path) -> None:
    assert _role(data, "coordinator") == (SCHOOL_ROLE, SCHOOL)
    done = _add_account(data, "deputy")
    assert done.returncode == 0, done.stderr
    assert _role(data, "deputy") == (SCHOOL_ROLE, SCHOOL)


def test_on_a_programme_hub_each_account_says_whose_it_is(data: Path) -> None:
    assert run_hub("school", "add", "Hillside Academy", "--data", str(data)).returncode == 0
    plain = _add_account(data, "someone")
    assert plain.returncode == 2
    assert "several schools" in plain.stderr and "--programme" in plain.stderr
    assert _add_account(data, "hill", "--school", OTHER).returncode == 0
    assert _role(data, "hill") == (SCHOOL_ROLE, OTHER)
    assert _add_account(data, "lead", "--programme").returncode == 0
    assert _role(data, "lead") == (PROGRAMME_ROLE, None)
    unknown = _add_account(data, "x", "--school", "nowhere")
    assert unknown.returncode == 2 and "no school called nowhere" in unknown.stderr
    taken = _add_account(data, "hill", "--programme")
    assert taken.returncode == 2 and "already an account called hill" in taken.stderr


def test_invitations_on_a_programme_hub_name_their_school(data: Path, tmp_path: Path) -> None:
    assert run_hub("school", "add", "Hillside Academy", "--data", str(data)).returncode == 0
    out = tmp_path / "invitation.json"
    plain = run_hub("invite", "--data", str(data), "--out", str(out))
    assert plain.returncode == 2 and "several schools" in plain.stderr
    assert not out.exists()
    done = run_hub("invite", "--school", OTHER, "--data", str(data), "--out", str(out))
    assert done.returncode == 0, done.stderr
    invitation = Invitation.from_file_bytes(out.read_bytes())
    assert (invitation.school, invitation.school_name) == (OTHER, "Hillside Academy")


def test_an_account_added_with_no_terminal_and_no_password_says_how_plainly(data: Path) -> None:
    """A script or a Docker exec without -it has no terminal: getpass once died with a
    traceback there (or read the pipe with a warning)."""
    done = run_hub("coordinator", "add", "sam", "--programme", "--data", str(data), stdin="")
    assert done.returncode == 2
    assert "No password was given" in done.stderr and "--password-stdin" in done.stderr
    assert "Traceback" not in done.stderr
    assert [
        line.split()[0]
        for line in run_hub("coordinator", "list", "--data", str(data)).stdout.splitlines()
    ] == ["coordinator"]
