"""The coordinator's pages (written by the pages engineer; this is a placeholder)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from parentrus_sync.hub.hub import Hub


def page_routes(hub: Hub) -> list[BaseRoute]:
    return []
