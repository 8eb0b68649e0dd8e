"""``python -m parentrus_desktop``: the app, as the ``parentrus`` command starts it."""

from __future__ import annotations

import sys

from parentrus_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
