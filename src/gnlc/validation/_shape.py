"""The shape of a record: structure it with the strict converter, and turn
each cattrs error into a problem with the path and value of its field."""

from __future__ import annotations

import datetime
import functools
import re
import typing
from typing import Any, Iterable, List, Mapping, Tuple, Union

import attr
import attrs
import cattrs

from ..convert import MismatchError, make_converter
from ..fields import CITIES
from ..model import City, Cohort, Country, Region
from ._report import Problem, close_match, kind_of, path_of, show

__all__ = ["CITY_EXTRAS", "MISSING", "ROW_ONLY", "Row", "row_columns", "shape_problems"]

MISSING: Any = object()
"""Stands for a field that a record does not have."""

# Keys a city dict may carry besides the City fields: an ISO 3166-2 code, and
# the lookup keys of a snapshot file (which the snapshot build writes).
CITY_EXTRAS = ("subdivision", "keys", "weak_keys", "other_names", "other_keys")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _row_field(typ: Any, required: bool) -> Any:
    """A field of :class:`Row`: a required column has no default; any other
    may be missing (an empty tuple, or ``None``)."""
    # attr.ib, not attrs.field: the latter takes type= only from attrs 23.1 on.
    if typing.get_origin(typ) is tuple:
        return attr.ib(type=typ, default=())
    if required:
        return attr.ib(type=typ)
    if type(None) not in typing.get_args(typ):
        typ = typing.Optional[typ]
    return attr.ib(type=typ, default=None)


# Required columns first: attrs wants the fields without defaults before the rest.
_COLUMNS = sorted(
    CITIES.columns, key=lambda c: not (c.required and typing.get_origin(c.type) is not tuple)
)
Row = attrs.make_class(
    "Row",
    {c.name: _row_field(c.type, c.required) for c in _COLUMNS},
    frozen=True,
)
Row.__doc__ = "A flat city row as gnlc.export writes it (:data:`gnlc.fields.CITIES`)."

# Keys only a flat row has: they tell a row from a city dict.
ROW_ONLY = frozenset(CITIES.names) - frozenset(attrs.fields_dict(City)) - {"subdivision"}


def row_columns() -> frozenset[str]:
    """Every column a flat row may have."""
    return frozenset(CITIES.names)


@functools.cache
def converter(keys: bool) -> cattrs.Converter:
    """The strict converter: with *keys*, a code or id may stand for a Region,
    Country or Cohort (as in a file); without, a record is wanted (as in a
    City object)."""
    return make_converter(strict=True, keys="keep" if keys else "refuse")


def structure(record: Mapping[Any, Any], kind: str, path: str) -> List[Problem]:
    """The shape problems of *record*, a ``"city"`` dict, a flat ``"row"`` or a
    City ``"object"`` (as :func:`attrs.asdict` gives it)."""
    cls: type = Row if kind == "row" else City
    extras: Iterable[str] = () if kind == "row" else CITY_EXTRAS
    out: List[Problem] = []
    try:
        converter(kind != "object").structure(
            {k: v for k, v in record.items() if k not in extras}, cls
        )
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        shape_problems(exc, record, path, cls, out)
    return out


def _get(raw: Any, key: Any) -> Any:
    try:
        return raw[key]
    except (KeyError, IndexError, TypeError):
        return MISSING


def shape_problems(exc: BaseException, raw: Any, path: str, typ: Any, out: List[Problem]) -> None:
    """Turn a cattrs error tree into problems, each with its path and value."""
    if isinstance(exc, (cattrs.ClassValidationError, cattrs.IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key = note.name if isinstance(note, cattrs.AttributeValidationNote) else note.index
            shape_problems(sub, _get(raw, key), path_of(path, key), note.type, out)
        for sub in without:
            shape_problems(sub, raw, path, None, out)
    elif isinstance(exc, cattrs.ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)]
        what = "a flat city row" if exc.cl is Row else exc.cl.__name__
        for key in sorted(exc.extra_fields, key=str):
            msg = f"{show(key)} is not a field of {what}; remove it{close_match(str(key), known)}"
            out.append(Problem("unknown-field", path_of(path, key), raw[key], msg))
    elif isinstance(exc, KeyError) and raw is MISSING:
        name = path.rsplit(".", 1)[-1]
        out.append(
            Problem("missing-field", path, None, f'the required field "{name}" is missing; add it')
        )
    else:
        expected = describe(typ)
        if isinstance(exc, MismatchError) and (typ is None or attrs.has(_required(typ))):
            # a record hook knows whether a code may stand for the record
            optional = typ is not None and _required(typ) is not typ
            expected = exc.expected + (" or null" if optional else "")
        value = None if raw is MISSING else raw
        msg = f"expected {expected}, not {kind_of(value)}"
        if isinstance(exc, ValueError) and isinstance(value, str) and _DATE.match(value):
            msg = f"{show(value)} is not a real date; use an existing YYYY-MM-DD date"
        out.append(Problem("wrong-type", path, value, msg))


def _required(typ: Any) -> Any:
    """*typ* without ``Optional``."""
    if typing.get_origin(typ) is Union:
        rest = [a for a in typing.get_args(typ) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return typ


_NAMED = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    datetime.date: "an ISO date (YYYY-MM-DD)",
    Country: "a country (an alpha-2 code or a Country record)",
    Region: "a region (a code or a Region record)",
    Cohort: "a cohort (an id or a Cohort record)",
}


def describe(typ: Any) -> str:
    """What a value of type *typ* looks like, in words."""
    args: Tuple[Any, ...] = typing.get_args(typ)
    origin = typing.get_origin(typ)
    if origin is Union:
        rest = [a for a in args if a is not type(None)]
        return " or ".join(describe(a) for a in rest) + " or null"
    if origin is typing.Literal:
        return "one of " + ", ".join(f'"{a}"' for a in args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            plural = {str: "strings", int: "integers"}.get(args[0])
            if plural is None and attrs.has(args[0]):
                plural = f"{args[0].__name__} records"
            return f"a list of {plural}" if plural else "a list"
        return f"a list of {len(args)} values ({', '.join(describe(a) for a in args)})"
    if typ in _NAMED:
        return _NAMED[typ]
    if attrs.has(typ):
        noun = f"{typ.__name__} record"
        return f"{'an' if noun[:1] in 'AEIOUaeiou' else 'a'} {noun}"
    return "a valid value"
