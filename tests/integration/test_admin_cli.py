"""parentrus-admin on a real data folder, run as the IT volunteer would run it."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.in_process import run_admin
from parentrus_sync.report_schema import report_problems

from parentrus_desktop.domain import Family
from parentrus_desktop.domain.codec import record_to_dict
from parentrus_desktop.store.profiles import LockedProfile, list_profiles
from parentrus_desktop.vault.errors import WrongRecoveryKey

PASSPHRASE = "tea and biscuits at the centre"


@dataclass
class Admin:
    """Runs parentrus-admin against one data folder."""

    data_dir: Path
    workdir: Path

    def __call__(
        self, *args: str, passphrase: str | None = PASSPHRASE, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARENTRUS_")}
        if passphrase is not None:
            env["PARENTRUS_PASSPHRASE"] = passphrase
        # In this process (helpers.in_process); test_the_installed_command_... runs it for real.
        return run_admin(
            ["--data-dir", str(self.data_dir), *args], env=env, cwd=self.workdir, stdin=stdin
        )

    def unlock(self, name: str = "Hodan"):  # type: ignore[no-untyped-def]
        entry = next(e for e in list_profiles(self.data_dir) if e.display_name == name)
        return LockedProfile(entry.path).unlock(PASSPHRASE)


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Admin:
    """A data folder with one profile holding demo data (made once per module)."""
    root = tmp_path_factory.mktemp("cli")
    run = Admin(root / "data", root)
    created = run("profile", "create", "--name", "Hodan")
    assert created.returncode == 0, created.stderr
    assert re.search(r"(?m)^    [A-Z2-7]{4}(-[A-Z2-7]{4}){8}$", created.stdout)
    demo = run(
        "demo-data", "--families", "12", "--sessions", "80", "--seed", "5", "--today", "2026-11-22"
    )
    assert demo.returncode == 0, demo.stderr
    return run


def test_the_installed_command_runs_in_its_own_process_at_the_production_cost(
    tmp_path: Path,
) -> None:
    """The entry point as the IT volunteer runs it: the one CLI test that starts a process
    and lets ``profile create`` calibrate Argon2id (the others run main() in this process,
    at the floor); exit codes and messages come back through the real interpreter."""
    script = Path(sys.executable).parent / "parentrus-admin"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "parentrus_desktop.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARENTRUS_")}

    def run(*args: str, passphrase: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "--data-dir", str(tmp_path / "data"), *args],
            capture_output=True,
            text=True,
            env={**env, "PARENTRUS_PASSPHRASE": passphrase},
            cwd=tmp_path,
            check=False,
            timeout=120,
        )

    created = run("profile", "create", "--name", "Hodan", passphrase=PASSPHRASE)
    assert created.returncode == 0, created.stderr
    recovery_key = _recovery_key_in(created.stdout)
    wrong = run("verify", passphrase="not the passphrase at all")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        "That passphrase does not open this profile. Please check it and try again."
    )
    (path,) = (tmp_path / "data").glob("*.parentrus")
    LockedProfile(path).unlock(PASSPHRASE).lock()
    LockedProfile(path).unlock_with_recovery_key(recovery_key).lock()


def test_help_lists_every_command(admin: Admin) -> None:
    shown = admin("--help", passphrase=None)
    assert shown.returncode == 0
    for command in ("profile", "import", "demo-data", "verify", "export-family", "erase-family"):
        assert command in shown.stdout


def test_profile_list_shows_names_and_the_file_is_private(admin: Admin) -> None:
    listed = admin("profile", "list", passphrase=None)
    assert listed.stdout.split("\n")[0] == "Hodan"
    (path,) = admin.data_dir.glob("*.parentrus")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_demo_data_is_deterministic(admin: Admin, tmp_path: Path) -> None:
    other = Admin(tmp_path / "data", tmp_path)
    assert other("profile", "create", "--name", "Hodan").returncode == 0
    assert (
        other(
            "demo-data",
            "--families",
            "12",
            "--sessions",
            "80",
            "--seed",
            "5",
            "--today",
            "2026-11-22",
        ).returncode
        == 0
    )
    first, second = admin.unlock(), other.unlock()
    try:
        assert len(first) > 100
        dump = lambda p: sorted(str(record_to_dict(r)) for r in p)  # noqa: E731
        assert dump(first) == dump(second)
    finally:
        first.lock()
        second.lock()


def test_verify_passes_then_names_a_damaged_record(admin: Admin, tmp_path: Path) -> None:
    assert admin("verify").returncode == 0
    (path,) = admin.data_dir.glob("*.parentrus")
    copy = Admin(tmp_path / "data", tmp_path)
    copy.data_dir.mkdir()
    damaged = copy.data_dir / path.name
    damaged.write_bytes(path.read_bytes())
    with sqlite3.connect(damaged) as conn:
        row_id, sealed = conn.execute("SELECT id, sealed FROM records LIMIT 1").fetchone()
        conn.execute(
            "UPDATE records SET sealed = ? WHERE id = ?",
            (sealed[:20] + bytes([sealed[20] ^ 0xFF]) + sealed[21:], row_id),
        )
    conn.close()
    checked = copy("verify")
    assert checked.returncode == 3
    assert row_id in checked.stdout and "1 damaged" in checked.stdout


def test_wrong_or_missing_passphrase_is_one_plain_message(admin: Admin) -> None:
    wrong = admin("verify", passphrase="not the passphrase at all")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        "That passphrase does not open this profile. Please check it and try again."
    )
    missing = admin("verify", passphrase=None, stdin="")
    assert missing.returncode == 1 and "PARENTRUS_PASSPHRASE" in missing.stderr


def test_export_then_erase_a_family(admin: Admin) -> None:
    profile = admin.unlock()
    family = profile.all(Family)[0]
    profile.lock()
    exported = admin("export-family", family.code.lower())
    assert exported.returncode == 0, exported.stderr
    out = admin.workdir / f"family-{family.code}.txt"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text()
    assert family.carers[0] in text and family.code in text
    erased = admin("erase-family", family.code, "--yes")
    assert erased.returncode == 0, erased.stderr
    again = admin("export-family", family.code)
    assert again.returncode == 1 and "no family with that code" in again.stderr
    assert admin("verify").returncode == 0
    refused = admin("erase-family", admin_code(admin), stdin="")
    assert refused.returncode == 1 and "--yes" in refused.stderr


def admin_code(admin: Admin) -> str:
    profile = admin.unlock()
    try:
        return profile.all(Family)[0].code
    finally:
        profile.lock()


def test_a_bad_import_saves_nothing_and_a_good_one_saves_all(admin: Admin) -> None:
    profile = admin.unlock()
    before = len(profile)
    profile.lock()
    bad = admin.workdir / "bad.csv"
    bad.write_text("record,carers,joined_on\nfamily,Amina,2026-09-14\nfamily,,2026-09-15\n")
    result = admin("import", str(bad))
    assert result.returncode == 1
    assert "Nothing was imported. Line 3, column 'carers'" in result.stderr
    good = admin.workdir / "good.csv"
    good.write_text("record,carers,joined_on\nfamily,Amina,2026-09-14\nfamily,Saima,15/09/2026\n")
    assert admin("import", str(good)).returncode == 0
    profile = admin.unlock()
    try:
        assert len(profile) == before + 2
    finally:
        profile.lock()


def test_a_too_short_passphrase_is_explained_and_nothing_is_created(tmp_path: Path) -> None:
    run = Admin(tmp_path / "data", tmp_path)
    refused = run("profile", "create", "--name", "Saima", passphrase="short")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "Please use at least 8 characters; a short sentence is easiest to remember."
    )
    assert list_profiles(run.data_dir) == []


def _recovery_key_in(output: str) -> str:
    (key,) = re.findall(r"(?m)^    ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){8})$", output)
    return str(key)


def test_a_forgotten_passphrase_is_replaced_with_the_recovery_key(tmp_path: Path) -> None:
    run = Admin(tmp_path / "data", tmp_path)
    created = run("profile", "create", "--name", "Saima")
    recovery_key = _recovery_key_in(created.stdout)
    changed = run_admin(
        ["--data-dir", str(run.data_dir), "profile", "change-passphrase", "--recovery-key"],
        env={
            **os.environ,
            "PARENTRUS_NEW_PASSPHRASE": "a fresh start at the library",
            "PARENTRUS_RECOVERY_KEY": recovery_key,
        },
    )
    assert changed.returncode == 0, changed.stderr
    new_recovery_key = _recovery_key_in(changed.stdout)
    assert new_recovery_key != recovery_key
    assert run("verify").returncode == 1  # the old passphrase no longer opens it
    assert run("verify", passphrase="a fresh start at the library").returncode == 0
    (path,) = run.data_dir.glob("*.parentrus")
    with pytest.raises(WrongRecoveryKey):  # nor does the old recovery key
        LockedProfile(path).unlock_with_recovery_key(recovery_key)
    LockedProfile(path).unlock_with_recovery_key(new_recovery_key).lock()


def test_a_recovery_key_is_never_taken_from_the_command_line(tmp_path: Path) -> None:
    run = Admin(tmp_path / "data", tmp_path)
    recovery_key = _recovery_key_in(run("profile", "create", "--name", "Saima").stdout)
    # On the command line it would be in the process list for every user of the laptop.
    given = run("profile", "change-passphrase", "--recovery-key", recovery_key, passphrase=None)
    assert given.returncode == 2 and "unrecognized arguments" in given.stderr
    asked = run("profile", "change-passphrase", "--recovery-key", passphrase=None, stdin="")
    assert asked.returncode == 1
    assert "PARENTRUS_RECOVERY_KEY" in asked.stderr and recovery_key not in asked.stderr


def test_a_new_recovery_key_replaces_the_old_one(tmp_path: Path) -> None:
    run = Admin(tmp_path / "data", tmp_path)
    old_key = _recovery_key_in(run("profile", "create", "--name", "Saima").stdout)
    made = run("profile", "recovery-key")
    assert made.returncode == 0, made.stderr
    new_key = _recovery_key_in(made.stdout)
    assert "old recovery key no longer opens" in made.stdout
    (path,) = run.data_dir.glob("*.parentrus")
    with pytest.raises(WrongRecoveryKey):
        LockedProfile(path).unlock_with_recovery_key(old_key)
    LockedProfile(path).unlock_with_recovery_key(new_key).lock()
    assert run("verify").returncode == 0  # the passphrase is unchanged
    wrong = run("profile", "recovery-key", passphrase="not the passphrase at all")
    assert wrong.returncode == 1 and "does not open" in wrong.stderr


def test_verify_names_records_removed_outside_the_app(tmp_path: Path) -> None:
    run = Admin(tmp_path / "data", tmp_path)
    assert run("profile", "create", "--name", "Saima").returncode == 0
    demo = run("demo-data", "--families", "4", "--sessions", "20", "--today", "2026-11-22")
    assert demo.returncode == 0, demo.stderr
    (path,) = run.data_dir.glob("*.parentrus")
    with sqlite3.connect(path) as conn:
        (consents,) = conn.execute("SELECT count(*) FROM records WHERE kind = 'consent'").fetchone()
        conn.execute("DELETE FROM records WHERE kind = 'consent'")
    conn.close()
    checked = run("verify")
    assert checked.returncode == 3
    assert f"Removed from this file outside the app: {consents} consent records." in checked.stdout
    assert "--accept-changes" in checked.stdout
    accepted = run("verify", "--accept-changes")
    assert accepted.returncode == 0, accepted.stdout
    assert run("verify").returncode == 0


@pytest.mark.parametrize(
    "bad",
    [
        "{not json",
        json.dumps(
            {"algorithm": "argon2id", "salt": "00" * 16, "memory_kib": 1, "passes": 3, "lanes": 4}
        ),
        json.dumps("a string, not an object"),
    ],
    ids=["garbage", "memory_kib 1", "not an object"],
)
def test_profile_list_shows_a_profile_with_bad_key_settings_as_damaged(
    tmp_path: Path, bad: str
) -> None:
    run = Admin(tmp_path / "data", tmp_path)
    assert run("profile", "create", "--name", "Saima").returncode == 0
    assert run("profile", "create", "--name", "Amina").returncode == 0
    amina = next(e.path for e in list_profiles(run.data_dir) if e.display_name == "Amina")
    with sqlite3.connect(amina) as conn:
        conn.execute("UPDATE vault SET kdf = ?", (bad,))
    conn.close()
    listed = run("profile", "list", passphrase=None)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        f"{amina.name}: This profile's file is damaged: the settings needed to open it "
        "cannot be read. It has not been changed. Ask your IT volunteer to restore it "
        "from a backup.",
        "Saima",
    ]
    assert run("verify", "--profile", "Saima").returncode == 0


def test_report_prints_a_report_not_sealed_as_its_counts_before_noise(admin: Admin) -> None:
    """Not sealed (this school is not connected): the counts before the noise, which is
    drawn once, when a report is sealed; so the same each time it is printed."""
    first = admin("report", "--school", "Riverside Primary School", "--period", "2026-10")
    assert first.returncode == 0, first.stderr
    again = admin("report", "--school", "riverside primary school", "--period", "2026-10")
    assert again.stdout == first.stdout
    report = json.loads(first.stdout)
    assert report["period"] == "2026-10" and report["privacy"]["epsilon_year"] == 10.0
    term = admin("report", "--school", "Riverside Primary School", "--period", "2026-autumn")
    assert term.returncode == 0, term.stderr
    assert json.loads(term.stdout)["privacy"]["cadence"] == "term"
    assert report["school"] == "riverside-primary-school"
    assert report_problems(report) == []
    profile = admin.unlock()
    try:
        names = {name for f in profile.all(Family) for name in f.carers}
    finally:
        profile.lock()
    assert not any(name in first.stdout for name in names)
    unknown = admin("report", "--school", "Nowhere", "--period", "2026-10")
    assert unknown.returncode == 1 and "no school called Nowhere" in unknown.stderr
