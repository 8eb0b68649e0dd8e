"""The report's JSON Schema: exactly the fields a report may hold, and nothing else.

The schema is built from ``report_shape`` and shipped as
``schemas/parentrus-report-3.schema.json`` so that anyone can read what a school
receives; format 2's, ``parentrus-report-2.schema.json``, is built from the same code
(only the language cells differ) for the laptops not yet updated, and the first format's,
``parentrus-report-1.schema.json``, stays beside them for the reports hubs still hold. A
test checks the files and the code agree. Both ends validate with them: the laptop before
it signs a report (format 3), the hub before it stores one (the format the report states).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from parentrus_sync.budget import HIGHEST_EPSILON
from parentrus_sync.quick_schema import surely_fits
from parentrus_sync.report_shape import (
    CADENCES,
    FAMILIES_PER_LAPTOP_RANGE,
    MECHANISM,
    MENU,
    NOISE_SCALES_ALLOWED,
    REPORT_FORMAT,
    SECOND_FORMAT,
    Caps,
    caps_for,
    cells_of,
)

#: The schema file of each format a hub takes.
SCHEMA_FILES = {
    SECOND_FORMAT: "parentrus-report-2.schema.json",
    REPORT_FORMAT: "parentrus-report-3.schema.json",
}
SCHEMA_FILE = SCHEMA_FILES[REPORT_FORMAT]
SCHEMA_ID = "https://parentrus.org/schemas/" + SCHEMA_FILE

#: A school as the hub names it: lower-case letters, digits and dashes.
SCHOOL_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
#: A term (2026-autumn) or a month (2026-11): nothing finer ever leaves the laptop.
PERIOD_PATTERN = r"^[0-9]{4}-(?:autumn|spring|summer|0[1-9]|1[0-2])$"
#: A school year, as 2026/27.
SCHOOL_YEAR_PATTERN = r"^[0-9]{4}/[0-9]{2}$"
#: The largest noise scale any report may state: far above what any allowed policy
#: gives (the hub checks each report's σ against its school's policy).
LARGEST_SIGMA = 10_000.0


def _closed_object(properties: dict[str, Any], required: bool = True) -> dict[str, Any]:
    """An object with these properties and no others: all required, or (a report's
    chosen breakdowns) any of them."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required else [],
        "additionalProperties": False,
        **({} if required else {"minProperties": 1}),
    }


def build_schema(report_format: str = REPORT_FORMAT) -> dict[str, Any]:
    """The schema of a format a hub takes, from the report's shape."""
    cells = cells_of(report_format)
    largest_cap = max(b.cell_cap(caps_for(kind)) for b in MENU for kind in CADENCES)
    noise = int(NOISE_SCALES_ALLOWED * LARGEST_SIGMA)
    count = {
        "type": "integer",
        "minimum": -noise,
        "maximum": FAMILIES_PER_LAPTOP_RANGE[1] * largest_cap + noise,
    }
    number = {"type": "number", "minimum": 0}
    sigma = {"type": "number", "exclusiveMinimum": 0, "maximum": LARGEST_SIGMA}
    cap = {"type": "integer", "minimum": 1, "maximum": 100}

    def each(value: dict[str, Any]) -> dict[str, Any]:
        return _closed_object({b.name: value for b in MENU}, required=False)

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://parentrus.org/schemas/" + SCHEMA_FILES[report_format],
        "title": "Parent'R'Us Mentor report to a school",
        "description": (
            "One laptop's noised totals for one school and one term or month, for the "
            "breakdowns the school's policy chose. Only counts per fixed category: no "
            "names, codes, identifiers, free text or dates. The privacy unit is the family."
        ),
        **_closed_object(
            {
                "format": {"const": report_format},
                # Random, so two laptops' reports that happen to be alike are not one.
                "nonce": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "school": {"type": "string", "pattern": SCHOOL_PATTERN},
                "period": {"type": "string", "pattern": PERIOD_PATTERN},
                "privacy": _closed_object(
                    {
                        "unit": {"const": "family"},
                        "mechanism": {"const": MECHANISM},
                        "cadence": {"enum": [k.value for k in CADENCES]},
                        "school_year": {"type": "string", "pattern": SCHOOL_YEAR_PATTERN},
                        "epsilon_year": {
                            "type": "number",
                            "exclusiveMinimum": 0,
                            "maximum": HIGHEST_EPSILON,
                        },
                        "delta": {"type": "number", "exclusiveMinimum": 0, "maximum": 1e-5},
                        "rho": number,
                        "rho_year_so_far": number,
                        "epsilon_year_so_far": {
                            "type": "number",
                            "minimum": 0,
                            "maximum": HIGHEST_EPSILON,
                        },
                        "sigma": each(sigma),
                        "l2_sensitivity": each(
                            {"type": "number", "exclusiveMinimum": 0, "maximum": 1000}
                        ),
                        "caps": _closed_object({name: cap for name in Caps.__dataclass_fields__}),
                    }
                ),
                "totals": _closed_object(
                    {b.name: _closed_object(dict.fromkeys(cells[b.name], count)) for b in MENU},
                    required=False,
                ),
            }
        ),
    }


@cache
def report_schema(report_format: str = REPORT_FORMAT) -> dict[str, Any]:
    """The shipped schema file of a format a hub takes."""
    path = resources.files("parentrus_sync").joinpath("schemas", SCHEMA_FILES[report_format])
    schema: dict[str, Any] = json.loads(path.read_text())
    return schema


@cache
def _validator(report_format: str = REPORT_FORMAT) -> Draft202012Validator:
    schema = report_schema(report_format)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _stated_format(report: object) -> str:
    """The format whose schema a report is checked against: the one it states, if a hub
    takes it; else the current one (whose schema then says what is wrong)."""
    stated = report.get("format") if isinstance(report, dict) else None
    return stated if isinstance(stated, str) and stated in SCHEMA_FILES else REPORT_FORMAT


def report_problems(report: object) -> list[str]:
    """Why a report does not fit the schema of its format, one line per problem; empty
    when it fits."""
    report_format = _stated_format(report)
    if surely_fits(report_schema(report_format), report):
        return []  # the quick yes; every problem is still found and worded by jsonschema
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or 'report'}: {error.message}"
        for error in sorted(
            _validator(report_format).iter_errors(report), key=lambda e: list(e.path)
        )
    ]


def first_report_problem(report: object) -> str | None:
    """The first problem jsonschema meets, or None when the report fits the schema of its
    format. What the hub asks of a report it receives: it stops at the first error instead
    of collecting every one, so a body made of errors costs no more than one error does."""
    report_format = _stated_format(report)
    if surely_fits(report_schema(report_format), report):
        return None
    error = next(iter(_validator(report_format).iter_errors(report)), None)
    if error is None:
        return None
    return f"{'/'.join(str(p) for p in error.absolute_path) or 'report'}: {error.message}"


def write_schema_files() -> None:
    """Write every format's schema file from the code (run after changing the shape)."""
    for report_format, name in SCHEMA_FILES.items():
        text = json.dumps(build_schema(report_format), indent=2, ensure_ascii=False) + "\n"
        resources.files("parentrus_sync").joinpath("schemas", name).write_text(text)  # type: ignore[attr-defined]


if __name__ == "__main__":
    write_schema_files()
