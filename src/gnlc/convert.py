"""(Un)structuring with cattrs: records to plain dicts and back.

>>> import gnlc
>>> d = gnlc.to_dict(gnlc.city("Liège"))
>>> d["country"]["alpha_2"], d["admissions"][0]["announced"]
('BE', '2024-02-14')
>>> gnlc.from_dict(gnlc.City, d) == gnlc.city("Liège")
True

Structuring also accepts a code or name where a record is expected, which
is how people write data by hand:

>>> gnlc.from_dict(gnlc.Country, "VN").name
'Viet Nam'

This module imports cattrs, so :mod:`gnlc` loads it only on first use.
"""

from __future__ import annotations

import datetime
from typing import Any, Mapping, Type, TypeVar

import cattrs

from .model import (
    Admission,
    Award,
    City,
    Cohort,
    Country,
    CoverageRow,
    Lead,
    Location,
    Match,
    Region,
    SnapshotInfo,
    Status,
)

__all__ = ["converter", "from_dict", "to_dict"]

T = TypeVar("T")

converter = cattrs.Converter(forbid_extra_keys=True)
"""The converter gnlc uses; register hooks on a copy, not on this one."""

converter.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
converter.register_structure_hook(datetime.date, lambda v, _: _date(v))


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date string, got {type(value).__name__}")
    return datetime.date.fromisoformat(value)


RECORDS = (
    Region,
    Country,
    Cohort,
    Admission,
    Status,
    Location,
    City,
    Award,
    Lead,
    CoverageRow,
    Match,
    SnapshotInfo,
)
"""Every record class that :func:`to_dict` and :func:`from_dict` handle."""

# Where a record is expected, a key that names one is accepted too.
_KEYS = {Region: "region", Country: "country", Cohort: "cohort"}


def _register(cls: Type[T]) -> None:
    """Structure *cls* from a mapping (or, for some, from a key naming one);
    anything else is a TypeError rather than an AttributeError deep inside
    cattrs' generated code."""
    base = converter.gen_structure_attrs_fromdict(cls)
    lookup = _KEYS.get(cls)

    def structure(value: Any, _: Any) -> T:
        if lookup and isinstance(value, (str, int)) and not isinstance(value, bool):
            from . import query

            return getattr(query, lookup)(value)  # type: ignore[no-any-return]
        if not isinstance(value, Mapping):
            wanted = "a mapping or a key" if lookup else "a mapping"
            raise TypeError(f"{cls.__name__}: expected {wanted}, got {type(value).__name__}")
        return base(value, cls)

    converter.register_structure_hook(cls, structure)


for _cls in RECORDS:
    _register(_cls)


def to_dict(obj: Any) -> Any:
    """Unstructure a record (or a tuple of records) into plain JSON-ready data."""
    if isinstance(obj, tuple):
        return [converter.unstructure(o) for o in obj]
    if not isinstance(obj, RECORDS):
        raise TypeError(f"to_dict() takes a gnlc record, not {type(obj).__name__}")
    return converter.unstructure(obj)


def from_dict(cls: Type[T], data: Any) -> T:
    """Structure *data* into an instance of the record class *cls*.

    Errors are cattrs' (a ``cattrs.BaseValidationError`` group); use
    ``gnlc.validate`` for a report with the path of every bad field. A *cls*
    that is not a gnlc record class is a TypeError.
    """
    if cls not in RECORDS:
        raise TypeError(f"from_dict() builds gnlc records, not {cls!r}")
    return converter.structure(data, cls)
