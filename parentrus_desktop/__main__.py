"""``python -m parentrus_desktop``: the app, as the ``parentrus`` command starts it."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    # Imported only when run: the package outside gui/ imports without Qt (a check walks it).
    from parentrus_desktop.gui.app import main

    sys.exit(main())
