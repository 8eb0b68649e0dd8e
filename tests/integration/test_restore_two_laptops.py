"""A profile restored on a second laptop carries on sending with its school's device key,
and the same period sent from both laptops is counted once at a real hub."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from helpers.hub_process import HubProcess
from helpers.values import PASSPHRASE
from test_sync_end_to_end import AFTER_SUMMER, CONNECTED, SCHOOL, log_june

from parentrus_desktop.domain import School
from parentrus_desktop.operations.backups import back_up_to, restore
from parentrus_desktop.outbox.connection import connect_with_invitation
from parentrus_desktop.outbox.outbox import ReportState, fill_outbox, outbox_entries, send_due
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile


def _send(profile: UnlockedProfile) -> list[tuple[str, ReportState]]:
    fill_outbox(profile, AFTER_SUMMER)
    send_due(profile, datetime.now(UTC), everything=True)
    return [(e.period, e.state) for e in outbox_entries(profile)]


def test_two_laptops_restored_from_one_backup_are_counted_once(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    hub = HubProcess(tmp_path / "hub", [])
    try:
        connect_with_invitation(profile, hub.invitation(), now=CONNECTED)
        (school,) = profile.all(School)
        log_june(profile, school.id)
        usb = tmp_path / "usb"
        usb.mkdir()
        before_filling = back_up_to(profile, usb, datetime.now(UTC)).result
        before_filling = before_filling.rename(usb / "before.parentrus-backup")
        assert fill_outbox(profile, AFTER_SUMMER)  # the summer report, noised and sealed
        after_filling = back_up_to(profile, usb, datetime.now(UTC)).result

        # Two more laptops, neither enrolled again: the device key came in the backup.
        second, third = (
            LockedProfile(
                restore(
                    tmp_path / laptop, backup, lambda p: p.unlock(PASSPHRASE), datetime.now(UTC)
                ).result.path
            ).unlock(PASSPHRASE)
            for laptop, backup in (("second", after_filling), ("third", before_filling))
        )
        try:
            assert _send(profile) == [("2026-summer", ReportState.RECEIVED)]
            # The very same sealed report, sent again from the second laptop: received,
            # and the hub holds it once.
            assert _send(second) == [("2026-summer", ReportState.RECEIVED)]
            # Built on its own on the third (its own noise): the hub keeps the first and
            # says plainly it already has this laptop's report for the period.
            assert _send(third) == [("2026-summer", ReportState.REFUSED)]
        finally:
            second.lock()
            third.lock()
        storage = hub.storage()
        try:
            (held,) = storage.reports(SCHOOL)
            assert held.report_id.period == "2026-summer"
        finally:
            storage.close()
    finally:
        hub.stop()
