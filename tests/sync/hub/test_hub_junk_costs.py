"""What a flood of junk costs the hub (bench/hub_bench.py measures it): a client over its
rate limit is refused from this process's memory, with no database write; a canonical
envelope from a laptop the hub does not know is refused without parsing its body; and
writers in several SQLite worker processes queue on a file lock instead of SQLite's busy
wait."""

from __future__ import annotations

import fcntl
import json
import os
import stat
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from helpers.hub_process import serving
from hubcore_kit import a_report, enrolled
from parentrus_sync.hub import ingest
from parentrus_sync.hub.app import create_app
from parentrus_sync.hub.hub import Hub, StoredLimiter
from parentrus_sync.hub.ingest import Refusal, receive_report
from parentrus_sync.hub.sqlite_store import SqliteStorage
from parentrus_sync.hub.storage import Storage
from parentrus_sync.hub.tarpit import Tarpit
from parentrus_sync.protocol import canonical_json, encode_bytes, new_key, report_envelope

JSON = {"content-type": "application/json"}


class CountedTurns:
    """The real storage, counting the rate-limit turns asked of the database."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.turns = 0

    def take_turn(self, *args: Any) -> float:
        self.turns += 1
        return self.storage.take_turn(*args)

    def forget_limits(self, *args: Any) -> None:
        self.storage.forget_limits(*args)


def test_a_client_over_its_limit_is_refused_without_database_work(storage: Storage) -> None:
    counted = CountedTurns(storage)
    limiter = StoredLimiter(cast(Storage, counted), "address", 60, 3)
    waits = [limiter.take("192.0.2.7") for _ in range(20)]
    assert waits[:3] == [0, 0, 0] and all(wait >= 1 for wait in waits[3:])
    assert counted.turns == 3  # the 17 refusals never reached the database
    # Another address is its own: still let through, by the database.
    assert limiter.take("192.0.2.8") == 0 and counted.turns == 4


def test_another_workers_turns_still_count_in_the_database(storage: Storage) -> None:
    # Two worker processes' limiters on one database: what one let through, the other
    # counts, though its own memory has seen nothing of that client.
    first, second = (StoredLimiter(storage, "address", 60, 3) for _ in range(2))
    assert [first.take("192.0.2.7") for _ in range(3)] == [0, 0, 0]
    assert second.take("192.0.2.7") >= 1


def test_sqlite_writers_queue_on_a_private_file_lock(tmp_path: Path) -> None:
    database = tmp_path / "hub.sqlite"
    storage = SqliteStorage(database)
    lock_path = Path(f"{database}-writer.lock")
    try:
        assert stat.S_IMODE(lock_path.stat().st_mode) == 0o600
        other = os.open(lock_path, os.O_RDWR)  # as another worker process holds it
        try:
            with storage._write(), pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # let go after the commit
            fcntl.flock(other, fcntl.LOCK_UN)
        finally:
            os.close(other)
    finally:
        storage.close()


def test_an_unknown_laptops_envelope_is_refused_without_parsing_it(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    envelope = report_envelope(new_key(), a_report())
    parsed: list[int] = []
    loads = json.loads

    def counted(text: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(len(text))
        return loads(text, *args, **kwargs)

    monkeypatch.setattr(ingest.json, "loads", counted)
    for body in (canonical_json(envelope), json.dumps(envelope).encode()):
        with pytest.raises(Refusal) as refused:
            receive_report(hub, body, hub.now())
        assert refused.value.code == "unknown-device"
    # The canonical body (device first, no spaces) was never parsed; the other one was.
    assert len(parsed) == 1


def test_an_address_refused_a_burst_of_times_is_answered_429_before_any_check(hub: Hub) -> None:
    # As served: the address limit kept in the database (300 a minute), so refusals are
    # limited to ten a minute, with a burst of ten (held back only briefly here).
    hub.address_limiter = StoredLimiter(hub.storage, "address", 300, 300)
    hub.tarpit = Tarpit(hold_seconds=0.01)
    assert hub.refusal_limiter is not None and hub.refusal_limiter.burst == 10
    counted = CountedTurns(hub.storage)
    hub.address_limiter.storage = cast(Storage, counted)
    junk = {"content": b"{not json", "headers": {"content-type": "application/json"}}
    with serving(create_app(hub)) as url, httpx.Client(base_url=url, timeout=60) as sender:
        statuses = [sender.post("/api/v1/reports", **junk).status_code for _ in range(12)]
        assert statuses[:10] == [400] * 10 and statuses[10:] == [429, 429]
        assert counted.turns == 10  # the two 429s asked nothing of the database
        assert int(sender.post("/api/v1/reports", **junk).headers["retry-after"]) >= 1
        # Another address is not held back by this one's junk.
        elsewhere = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=url, timeout=60, transport=elsewhere) as other:
            assert other.post("/api/v1/reports", **junk).status_code == 400


def test_a_report_takes_its_addresss_stored_turn_in_its_one_trip_off_the_loop(
    hub: Hub,
) -> None:
    """The stored part of the address's limit is taken inside the report's own work off
    the event loop (one trip to a thread, not two), and still refuses, and still counts
    as a refusal of that address, when another worker process used the turns up."""
    hub.address_limiter = StoredLimiter(hub.storage, "address", 60, 3)
    assert hub.refusal_limiter is not None
    counted = CountedTurns(hub.storage)
    hub.address_limiter.storage = cast(Storage, counted)
    laptop = enrolled(hub)
    periods = iter(["2025-09", "2025-10", "2025-11", "2025-12"])
    with serving(create_app(hub)) as url, httpx.Client(base_url=url, timeout=60) as client:

        def upload() -> httpx.Response:
            body = canonical_json(laptop.envelope(period=next(periods)))
            return client.post("/api/v1/reports", content=body, headers=JSON)

        assert upload().status_code == 201
        assert counted.turns == 1
        # Another worker process on the same database lets the address through twice:
        # this process's memory knows nothing of it, the database does.
        other = StoredLimiter(hub.storage, "address", 60, 3)
        assert other.take("127.0.0.1") == 0 and other.take("127.0.0.1") == 0
        refused = upload()
        assert refused.status_code == 429 and refused.json()["error"] == "slow-down"
        assert int(refused.headers["retry-after"]) >= 1
        assert counted.turns == 2
        assert len(hub.storage.device_reports(laptop.device)) == 1  # nothing stored
    # Counted as one of the address's refusals: a burst of ten, one of them gone.
    turns_left = 0
    while not hub.refusal_limiter.take("127.0.0.1"):
        turns_left += 1
    assert turns_left == hub.refusal_limiter.burst - 1


def test_a_forgery_naming_a_known_laptop_is_refused_before_any_json_is_read(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bench's costliest junk: a real laptop's id on a big report signed with another
    key. Its signature is checked on the body's own bytes, so it is refused unread."""
    laptop = enrolled(hub)
    forged = report_envelope(new_key(), a_report())
    forged["device"] = laptop.device
    forged["report"]["padding"] = {f"c{i}": "x" * 10 for i in range(5000)}
    parsed: list[int] = []
    loads = json.loads

    def counted(text: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(len(text))
        return loads(text, *args, **kwargs)

    monkeypatch.setattr(ingest.json, "loads", counted)
    with pytest.raises(Refusal) as refused:
        receive_report(hub, canonical_json(forged), hub.now())
    assert refused.value.code == "bad-signature"
    assert parsed == []
    # The laptop's own report is still read and stored.
    assert receive_report(hub, canonical_json(laptop.envelope()), hub.now())[0] == 201


def test_a_signed_report_in_another_form_than_a_laptops_is_refused(hub: Hub) -> None:
    laptop = enrolled(hub)
    envelope = laptop.envelope()
    with pytest.raises(Refusal) as spaced:
        receive_report(hub, json.dumps(envelope).encode(), hub.now())
    assert (spaced.value.code, spaced.value.status) == ("bad-envelope", 400)
    assert "canonical" in spaced.value.reason
    # Signed by the laptop's own key over bytes that are not canonical: the signature
    # holds, but the report could be read two ways, so it is refused too.
    signed = (
        b'{"device":"' + laptop.device.encode() + b'","protocol":1,"report":'
        + json.dumps(envelope["report"], indent=1).encode() + b"}"
    )  # fmt: skip
    signature = encode_bytes(laptop.key.sign(b"parentrus/report\n" + signed))
    body = signed[:-1] + b',"signature":"' + signature.encode() + b'"}'
    with pytest.raises(Refusal) as odd:
        receive_report(hub, body, hub.now())
    assert odd.value.code == "bad-envelope"
    assert hub.storage.device_reports(laptop.device) == []
    # The same report as a laptop sends it is taken.
    assert receive_report(hub, canonical_json(envelope), hub.now())[0] == 201


def test_a_big_body_in_another_form_than_a_laptops_is_refused_without_the_strict_reading(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 250 KB JSON array (no laptop named) went through the strict reading, which checks
    every object in Python: 25 ms each, twice the forgery that was fixed."""
    laptop = enrolled(hub)
    strict: list[int] = []
    loads = json.loads

    def counted(text: Any, *args: Any, **kwargs: Any) -> Any:
        if "object_pairs_hook" in kwargs:
            strict.append(len(text))
        return loads(text, *args, **kwargs)

    monkeypatch.setattr(ingest.json, "loads", counted)
    array = json.dumps([{"a": i} for i in range(25_000)]).encode()
    spaced = laptop.envelope()
    spaced["report"]["padding"] = ["x" * 10] * 20_000
    naming_a_laptop = json.dumps(spaced).encode()  # a known laptop, not canonical
    for body in (array, naming_a_laptop):
        assert len(body) > ingest.READ_STRICTLY_UP_TO
        with pytest.raises(Refusal) as refused:
            receive_report(hub, body, hub.now())
        assert (refused.value.code, refused.value.status) == ("bad-envelope", 400)
    assert strict == []
    # A small one is still read strictly, to say exactly what is wrong with it.
    with pytest.raises(Refusal) as small:
        receive_report(hub, b'{"device": 1, "device": 2}', hub.now())
    assert small.value.code == "bad-json" and "same field twice" in small.value.reason
    assert len(strict) == 1
