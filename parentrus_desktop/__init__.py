"""Parent'R'Us Mentor: the record book a parent mentor keeps, encrypted, on their laptop."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``__version__``, read from the package's metadata on first use (about.py), so the
    version is written in one place (pyproject.toml) and importing the package stays cheap."""
    if name == "__version__":
        from parentrus_desktop.about import app_version

        return app_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
