"""parentrus-admin backup and restore, run as the IT volunteer would: moving a profile
to a new laptop, and the refusals that leave everything as it was."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
from helpers.in_process import run_admin

from parentrus_desktop.domain import Family
from parentrus_desktop.store.backup import last_external_backup
from parentrus_desktop.store.profiles import LockedProfile, list_profiles

PASSPHRASE = "tea and biscuits at the centre"


def admin(
    data_dir: Path, *args: str, passphrase: str | None = PASSPHRASE, **extra: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARENTRUS_")}
    if passphrase is not None:
        env["PARENTRUS_PASSPHRASE"] = passphrase
    env.update(extra)
    # In this process (helpers.in_process); test_admin_cli runs the installed command.
    return run_admin(["--data-dir", str(data_dir), *args], env=env)


def _everything(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def old_laptop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data folder with Hodan's profile and demo records, and its recovery key."""
    data_dir = tmp_path_factory.mktemp("old") / "data"
    created = admin(data_dir, "profile", "create", "--name", "Hodan")
    assert created.returncode == 0, created.stderr
    (recovery_key,) = re.findall(r"(?m)^    ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){8})$", created.stdout)
    demo = admin(data_dir, "demo-data", "--families", "6", "--sessions", "30", "--seed", "2")
    assert demo.returncode == 0, demo.stderr
    return data_dir, recovery_key


def _records(path: Path) -> dict[str, object]:
    opened = LockedProfile(path).unlock(PASSPHRASE)
    try:
        return {r.id: r for r in opened}
    finally:
        opened.lock()


def test_moving_to_a_new_laptop_with_backup_and_restore(
    old_laptop: tuple[Path, str], tmp_path: Path
) -> None:
    data_dir, _ = old_laptop
    usb = tmp_path / "usb"
    usb.mkdir()
    made = admin(data_dir, "backup", "--to", str(usb))
    assert made.returncode == 0, made.stderr
    (backup,) = usb.iterdir()
    assert backup.name == f"Hodan {date.today().isoformat()}.parentrus-backup"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    (old_path,) = data_dir.glob("*.parentrus")
    opened = LockedProfile(old_path).unlock(PASSPHRASE)
    assert last_external_backup(opened) is not None  # the profile notes when
    opened.lock()

    new_laptop = tmp_path / "new" / "data"
    restored = admin(new_laptop, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "Restored Hodan's profile" in restored.stdout
    assert admin(new_laptop, "verify").returncode == 0
    (new_path,) = new_laptop.glob("*.parentrus")
    assert _records(new_path) == _records(old_path)


def test_restore_with_the_recovery_key(old_laptop: tuple[Path, str], tmp_path: Path) -> None:
    data_dir, recovery_key = old_laptop
    usb = tmp_path / "usb"
    usb.mkdir()
    assert admin(data_dir, "backup", "--to", str(usb)).returncode == 0
    (backup,) = usb.iterdir()
    new_laptop = tmp_path / "data"
    restored = admin(
        new_laptop,
        "restore",
        "--recovery-key",
        str(backup),
        passphrase=None,
        PARENTRUS_RECOVERY_KEY=recovery_key,
    )
    assert restored.returncode == 0, restored.stderr
    assert [e.display_name for e in list_profiles(new_laptop)] == ["Hodan"]


def test_refusals_are_plain_and_change_nothing(
    old_laptop: tuple[Path, str], tmp_path: Path
) -> None:
    data_dir, _ = old_laptop
    usb = tmp_path / "usb"
    usb.mkdir()
    assert admin(data_dir, "backup", "--to", str(usb)).returncode == 0
    (backup,) = usb.iterdir()
    # A change after the backup: restoring it would lose that.
    more = admin(data_dir, "demo-data", "--families", "1", "--sessions", "2", "--seed", "9")
    assert more.returncode == 0
    before = _everything(data_dir)

    newer = admin(data_dir, "restore", str(backup))
    assert newer.returncode == 1
    assert "holds work that is not in this backup" in newer.stderr
    assert "--replace-newer" in newer.stderr

    truncated = tmp_path / "truncated.parentrus-backup"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2 + 10])
    cut = admin(data_dir, "restore", "--replace-newer", str(truncated))
    assert cut.returncode == 1
    assert cut.stderr.strip().startswith("This backup is damaged or incomplete")

    wrong = admin(data_dir, "restore", str(backup), passphrase="another mentor's passphrase")
    assert wrong.returncode == 1
    assert "passphrase does not open" in wrong.stderr
    assert _everything(data_dir) == before

    unplugged = admin(data_dir, "backup", "--to", str(tmp_path / "unplugged"))
    assert unplugged.returncode == 1
    assert "cannot be found" in unplugged.stderr


def test_a_command_that_unlocks_makes_today_s_local_backup_as_the_app_does(
    tmp_path: Path,
) -> None:
    """Locking after a command, like locking the app, leaves today's sealed backup beside
    the profile (once a day: a second command makes none)."""
    data_dir = tmp_path / "data"
    assert admin(data_dir, "profile", "create", "--name", "Hodan").returncode == 0
    (entry,) = list_profiles(data_dir)
    folder = data_dir / "backups" / entry.path.stem
    assert not folder.exists()  # creating a profile is no unlock
    assert admin(data_dir, "verify").returncode == 0
    (made,) = folder.iterdir()
    assert made.name == f"{date.today().isoformat()}.parentrus-backup"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    before = made.read_bytes()
    assert admin(data_dir, "verify").returncode == 0
    assert list(folder.glob("*.parentrus-backup")) == [made] and made.read_bytes() == before
    opened = LockedProfile(made).unlock(PASSPHRASE)  # sealed, and opens like the profile
    try:
        assert opened.integrity.ok
    finally:
        opened.lock()


def test_backup_to_is_listed_and_a_wrong_clock_stops_erase_automatically(
    tmp_path: Path,
) -> None:
    """`backup --to` is listed as the app's Back up now is (the families erased after
    it with it), and a command that unlocks with a clock far behind the latest time the
    profile has seen erases nothing, and says why."""
    from datetime import UTC, datetime, timedelta

    from parentrus_desktop.domain import Family
    from parentrus_desktop.operations.backups import listed_external_backups
    from parentrus_desktop.operations.records import erase_family
    from parentrus_desktop.operations.retention import RetentionRule, set_retention_rule

    data_dir = tmp_path / "data"
    assert admin(data_dir, "profile", "create", "--name", "Hodan").returncode == 0
    demo = admin(data_dir, "demo-data", "--families", "3", "--sessions", "5", "--seed", "2")
    assert demo.returncode == 0, demo.stderr
    usb = tmp_path / "usb"
    usb.mkdir()
    made = admin(data_dir, "backup", "--to", str(usb))
    assert made.returncode == 0, made.stderr
    (backup,) = usb.iterdir()
    (entry,) = list_profiles(data_dir)
    opened = LockedProfile(entry.path).unlock(PASSPHRASE)
    try:
        (listed,) = listed_external_backups(opened)
        assert (listed.backup.folder, listed.backup.file) == (str(usb), backup.name)
        gone = opened.all(Family)[0]
        erase_family(opened, gone.id)
        (listed,) = listed_external_backups(opened)
        assert [e.code for e in listed.erased_since] == [gone.code]
        # "Erase automatically" on, the profile last seen a week from the laptop's clock.
        ahead = datetime.now(UTC) + timedelta(days=7)
        set_retention_rule(opened, RetentionRule(1, erase_automatically=True), now=ahead)
        closed_families = len(opened.all(Family))
    finally:
        opened.lock()
    checked = admin(data_dir, "verify")
    assert checked.returncode == 0, checked.stderr
    assert "clock looks wrong, so no family was erased automatically" in checked.stderr
    opened = LockedProfile(entry.path).unlock(PASSPHRASE)
    try:
        assert len(opened.all(Family)) == closed_families  # nothing erased
    finally:
        opened.lock()


def test_the_five_steps_of_moving_end_with_the_old_laptop_empty(tmp_path: Path) -> None:
    old = tmp_path / "old" / "data"
    assert admin(old, "profile", "create", "--name", "Hodan").returncode == 0
    demo = admin(old, "demo-data", "--families", "3", "--sessions", "9", "--seed", "5")
    assert demo.returncode == 0, demo.stderr
    usb = tmp_path / "usb"
    usb.mkdir()
    assert admin(old, "backup", "--to", str(usb)).returncode == 0
    (backup,) = usb.iterdir()
    new = tmp_path / "new" / "data"
    assert admin(new, "restore", str(backup)).returncode == 0
    (old_path,) = old.glob("*.parentrus")

    def files() -> dict[str, bytes]:  # SQLite's own -shm/-wal come and go with a read
        left_alone = ("-shm", "-wal", "-tries")  # -tries: when a wrong passphrase was typed
        return {k: v for k, v in _everything(old).items() if not k.endswith(left_alone)}

    before = files()

    wrong = admin(old, "profile", "remove", "--yes", passphrase="not the passphrase at all")
    assert wrong.returncode != 0 and "passphrase" in wrong.stderr
    not_confirmed = admin(old, "profile", "remove")  # no terminal to confirm at
    assert not_confirmed.returncode != 0 and "--yes" in not_confirmed.stderr
    assert files() == before

    removed = admin(old, "profile", "remove", "--yes")
    assert removed.returncode == 0, removed.stderr
    assert "Removed Hodan's profile from this laptop" in removed.stdout
    assert list_profiles(old) == [] and not old_path.exists()
    assert [p for p in old.rglob("*") if p.is_file() and p.suffix.startswith(".parentrus")] == []
    (new_path,) = new.glob("*.parentrus")
    assert _records(new_path)  # the new laptop has everything


def test_the_activity_log_and_the_usb_backups_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert admin(data, "profile", "create", "--name", "Hodan").returncode == 0
    demo = admin(data, "demo-data", "--families", "3", "--sessions", "6", "--seed", "4")
    assert demo.returncode == 0, demo.stderr
    assert "No backup to a USB stick" in admin(data, "backups").stdout
    usb = tmp_path / "usb"
    usb.mkdir()
    assert admin(data, "backup", "--to", str(usb)).returncode == 0
    (path,) = data.glob("*.parentrus")
    opened = LockedProfile(path).unlock(PASSPHRASE)
    code = sorted(f.code for f in opened.all(Family))[0]
    opened.lock()
    erased = admin(data, "erase-family", code, "--yes")
    assert erased.returncode == 0, erased.stderr
    assert "still hold this family" in erased.stdout
    listed = admin(data, "backups").stdout
    assert str(usb) in listed and f"Made before you erased 1 family ({code})" in listed
    log = admin(data, "activity", "--last", "5").stdout
    assert f"Erased family {code}" in log and "Made a backup" in log


def test_wrong_passphrases_typed_in_other_runs_reach_the_activity_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert admin(data, "profile", "create", "--name", "Hodan").returncode == 0
    (path,) = data.glob("*.parentrus")
    for _ in range(2):  # two guesses, each in its own run of the tool
        assert admin(data, "verify", passphrase="a guess at the passphrase").returncode != 0
    tries = path.with_name(path.name + "-tries")
    assert len(tries.read_text().splitlines()) == 2
    assert stat.S_IMODE(tries.stat().st_mode) == 0o600
    log = admin(data, "activity").stdout
    assert log.count("Someone typed a wrong passphrase") == 2
    assert not tries.exists()  # sealed into the log, then gone
