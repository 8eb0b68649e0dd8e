"""The bundle's second entry point: the same ``main`` as the installed ``parentrus-admin``."""

import sys

from parentrus_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
