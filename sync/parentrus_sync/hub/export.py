"""A term's numbers as CSV: the very tables the dashboard shows, never a raw count, each
number with its margin ("give or take")."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from parentrus_sync.hub.dashboard import Dashboard, build, term_title
from parentrus_sync.hub.figures import Figure, Number, shown_text, words
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.terms import Term, term_named

__all__ = ["dashboard_csv", "safe_cell", "term_dashboard", "term_title", "termly_csv"]


def term_dashboard(hub: Hub, school: str, term: Term | str) -> Dashboard:
    """The dashboard for one school and one term; LookupError for an unknown school,
    terms.UnknownTerm for an unknown term."""
    found = term_named(term) if isinstance(term, str) else term
    held = hub.storage.school(school)
    if held is None:
        raise LookupError(f"This hub has no school called {school!r}.")
    return build(school, hub.storage.reports(school), found, held.policy, hub.today())


def termly_csv(hub: Hub, school: str, term: Term | str) -> str:
    """One row per breakdown, cell and period (or the whole term), with the number as the
    display rules show it and its margin; the first row's last cell says how to read them."""
    board = term_dashboard(hub, school, term)
    stored = hub.storage.school(school)
    return dashboard_csv(board, stored.name if stored is not None else school)


#: Excel reads a CSV file as UTF-8 only when it starts with this (else "Ã©" for "é").
BYTE_ORDER_MARK = "\ufeff"
#: A cell starting with one of these is a formula to a spreadsheet ("=HYPERLINK(...)"):
#: such a cell gets a leading apostrophe, which the spreadsheet shows as plain text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?")


def dashboard_csv(board: Dashboard, school_name: str) -> str:
    """The CSV file's text: a byte-order mark, the header row, then one row per number.
    How to read the numbers (never exact counts, the privacy rules) is in the last
    column of the first row, where a spreadsheet shows it beside the numbers."""
    w = words()["csv"]
    about = str(w["note"]).format(school=school_name, term=board.title)
    about += " " + " ".join(board.privacy.sentences)
    # A language figure holding format-2 reports says which numbers leave some out.
    about += "".join(
        f" {f.title}: {f.older_laptops_note}" for f in board.figures if f.older_laptops_note
    )
    rows = list(_rows(board.figures, board.title, "3"))
    if board.first_format is not None:
        rows.extend(_rows(board.first_format.figures, board.title, "1"))
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, lineterminator="\n")
    lines = [[*w["header"], w["about"]]]
    lines += [[*row, about if place == 0 else ""] for place, row in enumerate(rows)]
    if not rows:
        lines.append([""] * len(w["header"]) + [about])
    # Every cell, the words' too: a school's name or a breakdown's title is text.
    writer.writerows([safe_cell(str(cell)) for cell in line] for line in lines)
    return out.getvalue()


def safe_cell(text: str) -> str:
    """The cell as a spreadsheet will show it as text, never run it as a formula. A plain
    number (a change can be negative) is left as it is: it cannot be a formula."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _rows(figures: Iterable[Figure], whole: str, report_format: str) -> Iterable[list[str]]:
    """Each figure's numbers as rows: What is counted, Which, When, Number, Give or take,
    breakdown, cell, report format."""
    total = str(words()["csv"]["total"])

    def row(figure: Figure, which: str, when: str, number: Number, cell: str) -> list[str]:
        margin = "" if number.margin is None else str(number.margin)
        return [figure.title, which, when, shown_text(number), margin, figure.key, cell,
                report_format]  # fmt: skip

    for figure in figures:
        key = figure.key
        # A table by period says its period; every other one covers the whole term.
        by_period = figure.spec.by_month
        for line in figure.lines:
            for column, label, number in zip(
                figure.columns, figure.column_labels, line.values, strict=True
            ):
                which, cell = line.label, line.key
                if key == "check_in_changes":
                    which, cell = f"{line.label}: {label.lower()}", f"{line.key}:{column}"
                yield row(figure, which, label if by_period else whole, number, cell)
            if line.total is not None:
                yield row(figure, line.label, whole, line.total, line.key)
        if figure.column_totals is not None and len(figure.columns) > 1:
            for column, label, number in zip(
                figure.columns, figure.column_labels, figure.column_totals, strict=True
            ):
                which = total if key != "check_in_changes" else f"{total}: {label.lower()}"
                when = label if key != "check_in_changes" else whole
                yield row(figure, which, when, number, f"total:{column}")
        if figure.grand_total is not None:
            yield row(figure, total, whole, figure.grand_total, "total")
