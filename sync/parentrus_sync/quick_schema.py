"""A quick yes for a report that fits: the report schema's few keywords checked directly.

jsonschema walks every cell through its general machinery, ~10 ms a report on a small
server; a hub taking fifty laptops at once needs far less. This says only "fits" or "ask
jsonschema": any keyword it does not know makes it step aside, and a report that does
not fit is always explained by jsonschema, so messages do not change.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Annotations only: they constrain nothing.
_NOTES = frozenset({"$schema", "$id", "title", "description"})


class _Unknown(Exception):
    """The schema uses a keyword this module does not check."""


@cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _of_type(value: object, kind: str) -> bool:
    # As JSON Schema means them: booleans are not numbers, and 1.0 is an integer.
    if kind == "object":
        return isinstance(value, dict)
    if kind == "string":
        return isinstance(value, str)
    if kind == "number":
        return _is_number(value)
    if kind == "integer":
        return _is_number(value) and (isinstance(value, int) or float(value).is_integer())  # type: ignore[arg-type]
    raise _Unknown(kind)


def _same_text(value: object, wanted: object) -> bool:
    if not isinstance(wanted, str):
        raise _Unknown("const or enum that is not text")
    return isinstance(value, str) and value == wanted


def _fits(schema: dict[str, Any], value: Any) -> bool:
    for keyword, rule in schema.items():
        if keyword in _NOTES:
            continue
        if keyword == "type":
            if not isinstance(rule, str):
                raise _Unknown("type list")
            if not _of_type(value, rule):
                return False
        elif keyword == "properties":
            if isinstance(value, dict):
                for name, sub in rule.items():
                    if name in value and not _fits(sub, value[name]):
                        return False
        elif keyword == "required":
            if isinstance(value, dict) and any(name not in value for name in rule):
                return False
        elif keyword == "additionalProperties":
            if rule is not False:
                raise _Unknown("additionalProperties schema")
            known = schema.get("properties", {})
            if isinstance(value, dict) and any(name not in known for name in value):
                return False
        elif keyword == "const":
            if not _same_text(value, rule):
                return False
        elif keyword == "enum":
            if not any(_same_text(value, item) for item in rule):
                return False
        elif keyword == "pattern":
            if isinstance(value, str) and not _pattern(rule).search(value):
                return False
        elif keyword == "minimum":
            if _is_number(value) and not value >= rule:
                return False
        elif keyword == "maximum":
            if _is_number(value) and not value <= rule:
                return False
        elif keyword == "exclusiveMinimum":
            if _is_number(value) and not value > rule:
                return False
        elif keyword == "minProperties":
            if isinstance(value, dict) and len(value) < rule:
                return False
        else:
            raise _Unknown(keyword)
    return True


def surely_fits(schema: dict[str, Any], value: Any) -> bool:
    """True only if ``value`` fits ``schema``; False means "ask jsonschema"."""
    try:
        return _fits(schema, value)
    except (_Unknown, RecursionError):
        return False
