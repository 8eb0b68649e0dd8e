"""A term's numbers as CSV: the very tables the dashboard shows, never a raw count."""

from __future__ import annotations

import csv
import io

from parentrus_sync.hub.dashboard import Dashboard, build, range_label, shown_text, words
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.terms import Months, Term, term_named


def term_title(term: Term) -> str:
    """'2026-autumn' as 'Autumn term 2026'."""
    return f"{words()['seasons'][term.season]} {term.year}"


def term_dashboard(hub: Hub, school: str, term: Term | str) -> tuple[Term, Dashboard]:
    """The dashboard for one school and one term; LookupError for an unknown school,
    terms.UnknownTerm for an unknown term."""
    found = term_named(term) if isinstance(term, str) else term
    if hub.storage.school(school) is None:
        raise LookupError(f"This hub has no school called {school!r}.")
    return found, build(school, hub.storage.reports(school), found.months)


def termly_csv(hub: Hub, school: str, term: Term | str) -> str:
    """One row per breakdown, cell and month (or the whole term), with the number as the
    display rules show it. The first line says the numbers are rounded and some hidden."""
    found, dashboard = term_dashboard(hub, school, term)
    stored = hub.storage.school(school)
    name = stored.name if stored is not None else school
    return dashboard_csv(dashboard, name, term_title(found), found.months)


def dashboard_csv(dashboard: Dashboard, school_name: str, title: str, months: Months) -> str:
    w = words()["csv"]
    total = str(w["total"])
    out = io.StringIO()
    out.write(w["note"].format(school=school_name, term=title, months=range_label(months)))
    out.write("\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(w["header"])
    whole = range_label(months)

    for figure in dashboard.figures:
        key = figure.key
        # A table by month says its month; every other one covers the whole run of months.
        months_shown = figure.spec.by_month
        for line in figure.lines:
            for column, label, shown in zip(
                figure.columns, figure.column_labels, line.values, strict=True
            ):
                which, cell = line.label, line.key
                if key == "check_in_changes":
                    which, cell = f"{line.label}: {label.lower()}", f"{line.key}:{column}"
                when = label if months_shown else whole
                writer.writerow([figure.title, which, when, shown_text(shown), key, cell])
            if line.total is not None:
                writer.writerow(
                    [figure.title, line.label, whole, shown_text(line.total), key, line.key]
                )
        if figure.column_totals is not None and len(figure.columns) > 1:
            for column, label, shown in zip(
                figure.columns, figure.column_labels, figure.column_totals, strict=True
            ):
                which = total if months_shown else f"{total}: {label.lower()}"
                when = label if months_shown else whole
                row = [figure.title, which, when, shown_text(shown), key, f"total:{column}"]
                writer.writerow(row)
        if figure.grand_total is not None:
            writer.writerow(
                [figure.title, total, whole, shown_text(figure.grand_total), key, "total"]
            )
    return out.getvalue()
