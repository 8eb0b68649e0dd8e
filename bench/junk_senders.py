"""Senders of junk for bench/hub_bench.py: unauthenticated clients, each from its own
loopback address, posting junk to the hub's API as fast as they can, in a process of
their own (so their threads do not take the laptops' interpreter lock). They run until
their standard input closes, then print what the hub answered them, as JSON.

Run by hub_bench.py: python bench/junk_senders.py URL SENDERS KNOWN_DEVICE [CONNECTIONS]
[KIND]: CONNECTIONS from each sender's address at once (1), and KIND of junk (all: every
kind; forged: a known laptop's id with another key's signature; hello: the API's cheapest
question; pages: the coordinator's sign-in page and addresses that are not there).
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "sync" / "hub")]
from hubcore_kit import a_report  # noqa: E402
from parentrus_sync.protocol import canonical_json, new_key, report_envelope  # noqa: E402

JSON = {"content-type": "application/json"}
#: Junk senders' addresses: 127.0.2.1, 127.0.2.2... (the laptops are on 127.0.1.x). Every
#: address of 127.0.0.0/8 is this computer, so each sender is a stranger to the hub.
FIRST_ADDRESS = "127.0.2."


def junk_report_body(school: str) -> bytes:
    """About 180 KB: a report with every cell the wrong type and hundreds of made-up
    breakdowns (thousands of schema errors), signed by a laptop the hub does not know."""
    report = a_report(school)
    totals = {name: dict.fromkeys(cells, "x" * 10) for name, cells in report["totals"].items()}
    padding = {f"junk{i}": {f"c{j}": "x" * 10 for j in range(40)} for i in range(230)}
    report["totals"] = {**totals, **padding}
    return canonical_json(report_envelope(new_key(), report))


#: What --junk can name, and so what junk_senders.py takes as its KIND.
KINDS = ("all", "forged", "hello", "pages")


def kinds(
    school: str, known_device: str, kind: str = "all"
) -> list[tuple[str, str, bytes | None, str]]:
    """(method, path, body, content type) of each kind of junk, repeated by its share."""
    big = junk_report_body(school)
    forged = json.loads(big)
    forged["device"] = known_device  # a real laptop's id, another key's signature
    reports = "/api/v1/reports"
    if kind == "forged":
        return [("POST", reports, canonical_json(forged), "application/json")]
    if kind == "hello":
        return [("GET", "/api/v1/hello", None, "")]
    if kind == "pages":
        return [("GET", "/login", None, ""), ("GET", "/no-such-page", None, "")]
    return [
        *[("POST", reports, big, "application/json")] * 3,
        *[("POST", reports, b'{"protocol": 1, "device": [' * 2000, "application/json")] * 2,
        ("POST", reports, os.urandom(300 * 1024), "application/json"),  # over the size limit
        ("POST", reports, b"x" * 1000, "text/plain"),
        ("POST", reports, canonical_json(forged), "application/json"),
        ("POST", "/api/v1/enrol", b'{"token": "guess"}', "application/json"),
        ("GET", "/api/v1/policy/no-such-school", None, ""),
        ("GET", "/api/v1/hello", None, ""),
    ]


def main() -> None:
    url, senders, known_device = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    connections = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    kind = sys.argv[5] if len(sys.argv) > 5 else "all"
    menu = kinds("riverside-primary", known_device, kind)
    answers: Counter[str] = Counter()
    schema_refusals: Counter[str] = Counter()
    lock = threading.Lock()
    stop = threading.Event()

    def send(index: int) -> None:
        order = random.Random(index)
        # Each sender's connections from its one address.
        address = f"{FIRST_ADDRESS}{index // connections + 1}"
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(base_url=url, transport=transport, timeout=60) as client:
            while not stop.is_set():
                method, path, body, content_type = order.choice(menu)
                headers = {"content-type": content_type} if content_type else {}
                try:
                    answer = client.request(method, path, content=body, headers=headers)
                    key = str(answer.status_code)
                except httpx.TransportError:
                    key = "cut off"  # the hub may close the connection on a 413
                with lock:
                    answers[key] += 1
                    if key == "422":
                        schema_refusals[answer.json().get("error", "?")] += 1

    threads = [
        threading.Thread(target=send, args=(i,), daemon=True) for i in range(senders * connections)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    print("ready", flush=True)
    sys.stdin.read()  # until hub_bench.py closes it
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    seconds = time.perf_counter() - started
    print(json.dumps({"answers": dict(answers), "seconds": seconds, "422": dict(schema_refusals)}))


if __name__ == "__main__":
    main()
