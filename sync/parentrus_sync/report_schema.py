"""The report's JSON Schema: exactly the fields a report may hold, and nothing else.

The schema is built from ``report_shape`` and shipped as
``schemas/parentrus-report-1.schema.json`` so that anyone can read what a school
receives; a test checks the file and the code agree. Both ends validate with it: the
laptop before it signs a report, the hub before it stores one.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from parentrus_sync.quick_schema import surely_fits
from parentrus_sync.report_shape import (
    BOUND_RANGE,
    HIGHEST_EPSILON,
    HIGHEST_NOISE_LIMIT,
    LARGEST_COUNT,
    LOWEST_EPSILON,
    REPORT_FORMAT,
    Bounds,
    breakdowns,
)

SCHEMA_FILE = "parentrus-report-1.schema.json"
SCHEMA_ID = "https://parentrus.org/schemas/" + SCHEMA_FILE

#: A school as the hub names it: lower-case letters, digits and dashes.
SCHOOL_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
#: A month (2026-11) or an ISO week (2026-W47): nothing finer ever leaves the laptop.
PERIOD_PATTERN = r"^[0-9]{4}-(?:0[1-9]|1[0-2]|W(?:0[1-9]|[1-4][0-9]|5[0-3]))$"


def _closed_object(properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these properties: all required, no others allowed."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def build_schema() -> dict[str, Any]:
    """The schema, from the report's shape."""
    shape = breakdowns(Bounds())
    names = [b.name for b in shape]
    count = {
        "type": "integer",
        "minimum": -HIGHEST_NOISE_LIMIT,
        "maximum": LARGEST_COUNT + HIGHEST_NOISE_LIMIT,
    }
    epsilon = {"type": "number", "minimum": LOWEST_EPSILON, "maximum": HIGHEST_EPSILON}
    per_family = {
        "type": "number",
        "minimum": LOWEST_EPSILON,
        "maximum": HIGHEST_EPSILON * BOUND_RANGE[1],
    }
    bound = {"type": "integer", "minimum": BOUND_RANGE[0], "maximum": BOUND_RANGE[1]}

    def each(value: dict[str, Any]) -> dict[str, Any]:
        return _closed_object({name: value for name in names})

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Parent'R'Us Mentor report to a school",
        "description": (
            "One laptop's noised totals for one school and one period. Only counts per "
            "fixed category: no names, codes, identifiers, free text or dates."
        ),
        **_closed_object(
            {
                "format": {"const": REPORT_FORMAT},
                "school": {"type": "string", "pattern": SCHOOL_PATTERN},
                "period": {"type": "string", "pattern": PERIOD_PATTERN},
                "privacy": _closed_object(
                    {
                        "mechanism": {"const": "two-sided geometric, redrawn beyond a limit"},
                        "epsilon": each(epsilon),
                        "epsilon_total": {
                            "type": "number",
                            "minimum": 0,
                            "maximum": HIGHEST_EPSILON * len(names),
                        },
                        "epsilon_per_family": each(per_family),
                        "epsilon_per_family_total": {
                            "type": "number",
                            "minimum": 0,
                            "maximum": HIGHEST_EPSILON * BOUND_RANGE[1] * len(names),
                        },
                        "units": _closed_object(
                            {b.name: {"enum": ["family", "session"]} for b in shape}
                        ),
                        "sensitivity": each(
                            {"type": "integer", "minimum": 1, "maximum": 2 * BOUND_RANGE[1]}
                        ),
                        "noise_limit": each(
                            {"type": "integer", "minimum": 1, "maximum": HIGHEST_NOISE_LIMIT}
                        ),
                        "delta": each({"type": "number", "minimum": 0, "maximum": 0.001}),
                        "bounds": _closed_object(
                            {name: bound for name in Bounds.__dataclass_fields__}
                        ),
                    }
                ),
                "totals": _closed_object(
                    {b.name: _closed_object(dict.fromkeys(b.cells, count)) for b in shape}
                ),
            }
        ),
    }


@cache
def report_schema() -> dict[str, Any]:
    """The shipped schema file."""
    text = resources.files("parentrus_sync").joinpath("schemas", SCHEMA_FILE).read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    schema = report_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def report_problems(report: object) -> list[str]:
    """Why a report does not fit the schema, one line per problem; empty when it fits."""
    if surely_fits(report_schema(), report):
        return []  # the quick yes; every problem is still found and worded by jsonschema
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or 'report'}: {error.message}"
        for error in sorted(_validator().iter_errors(report), key=lambda e: list(e.path))
    ]


def write_schema_file() -> str:
    """Write the schema file from the code (run after changing the report's shape)."""
    text = json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
    resources.files("parentrus_sync").joinpath("schemas", SCHEMA_FILE).write_text(text)  # type: ignore[attr-defined]
    return text


if __name__ == "__main__":
    write_schema_file()
