"""The bundle's entry point: the same ``main`` as the installed ``parentrus`` command."""

import sys

from parentrus_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
