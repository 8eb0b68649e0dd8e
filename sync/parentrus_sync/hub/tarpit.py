"""Holding back the answer to an address that keeps sending what is refused.

An address already refused many times in a minute (``Hub.refusal_limiter``) is answered
429 without any check; answering it at once still costs the hub the HTTP parsing, the
routing and the log line, about half a millisecond of the one interpreter's time, and a
sender that waits for each answer (as flood tools and scripts do) then sends again at
once, so the cheaper the answer, the more of them: with 32 such senders the hub spent a
third of its time answering 429s and the laptops' uploads waited seconds
(``bench/hub_bench.py``). Held for a while first, the same sender sends a few a second
and costs the hub next to nothing while it waits (a sleeping coroutine, no thread).

Holding is bounded in all, so senders cannot pile up connections against it: beyond
that the answer goes at once and the connection is closed, so the sender pays for a new
connection each time. There is no smaller bound per address: with one, a sender that
opened more connections than it (128 from one address) had the rest answered at once,
some 700 a second (issue 17); the connections themselves are bounded by the server's
``limit_concurrency`` (``cli.py``). Instead, an address with more than a few answers
held at once has each held longer, in proportion: 32 senders of 16 connections each,
held 2 s, were still answered 174 times a second (a sixth of one worker's time). A
flood from thousands of addresses is a matter for the reverse proxy or the network
(``sync/deploy/GUIDE.md``). A laptop is never held: its requests are under its address's
limit (300 a minute), and a report from an enrolled laptop is never held (``api.py``).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Coroutine
from typing import Any

from starlette.types import Receive

from parentrus_sync.hub import logs

#: How long an answer to a refused address is held (seconds), on average. Well under the
#: minute of a Retry-After, and short of any client's timeout.
HOLD_SECONDS = 2.0
#: Each hold is drawn between (1 - SPREAD) and (1 + SPREAD) times that. Held exactly 2 s,
#: 32 senders refused at the same moment were all answered at the same moment, and sent
#: again at once: a burst of 32 junk requests every 2 s, each burst holding the laptops'
#: uploads up to 100 ms (bench/hub_bench.py). Drawn, they drift apart after a few rounds.
SPREAD = 0.5
#: Answers held at once, in all: half the requests the server takes at once
#: (``http_limits.SERVING``), so a flood held back never takes the laptops' room (with more,
#: the server answered 503 to everyone before this bound was reached).
HELD_IN_ALL = 500
#: Answers held at once for one address before each of its holds grows in proportion
#: (a client opens a few connections at most; a flood tool, as many as it likes).
EASY_PER_ADDRESS = 4
#: The longest hold (seconds).
LONGEST_HOLD = 30.0


class Tarpit:
    """Answers held back (one per hub process: the event loop's)."""

    def __init__(self, hold_seconds: float = HOLD_SECONDS, in_all: int = HELD_IN_ALL) -> None:
        self.hold_seconds = hold_seconds
        self.in_all = in_all
        self._held_in_all = 0
        self._held: dict[str, int] = {}  # address -> its answers held now

    @property
    def held(self) -> int:
        """Answers being held now."""
        return self._held_in_all

    async def hold(self, address: str, receive: Receive | None = None) -> bool:
        """Wait before answering ``address``; False (at once) when too many answers are
        already held: then close the connection after answering. Given the request's
        ``receive``, the wait ends when the client hangs up: a held answer counts against
        the server's room for requests until it ends, and a sender that hangs up and
        sends again would otherwise pile up answers to nobody (and, held longer the more
        it has held, ever more of them)."""
        # The one access line that names an address: a sender to block (logs.py).
        logs.note("from " + address)
        if self._held_in_all >= self.in_all:
            return False
        here = self._held.get(address, 0) + 1
        self._held[address] = here
        self._held_in_all += 1
        try:
            longer = max(1.0, here / EASY_PER_ADDRESS)
            drawn = self.hold_seconds * longer * random.uniform(1 - SPREAD, 1 + SPREAD)
            waiting = asyncio.sleep(min(LONGEST_HOLD, drawn))
            if receive is None:
                await waiting
            else:
                await _until_either(waiting, _hung_up(receive))
        finally:
            self._held_in_all -= 1
            if self._held[address] > 1:
                self._held[address] -= 1
            else:
                del self._held[address]
        return True


async def _hung_up(receive: Receive) -> None:
    """Returns once the client has gone (what is left of its body read and dropped)."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def _until_either(*waits: Coroutine[Any, Any, None]) -> None:
    tasks = [asyncio.ensure_future(wait) for wait in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
