"""The one way the hub runs blocking work (storage, imports, schema and signature checks,
password hashes) off the event loop, so a slow database or a big USB import never stops
the hub from answering."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")

#: Threads for the laptops' requests at once: few, as each holds Python's lock for its
#: checks, and forty (Starlette's default) starve the loop (bench/hub_bench.py: two gave
#: about twice the reports a second of forty, and a tenth of the p99). How many is the
#: storage's to say (``Storage.laptop_threads``): one for SQLite, two for PostgreSQL.
#: Threads for the coordinator's pages: their own, so a long import or a big dashboard
#: never takes a thread the laptops' uploads are waiting for.
PAGE_THREADS = 2


class OffLoop:
    """A few threads for blocking work; ``await off_loop.run(work, *args)``."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[..., T], *args: object) -> T:
        # Made on first use, inside the event loop that serves the app.
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.threads)
        return await anyio.to_thread.run_sync(work, *args, limiter=self._limiter)
