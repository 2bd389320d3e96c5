"""Running the checks: every record read, shaped, checked and its problems ordered."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Dict, FrozenSet, List, Optional

import attrs

from .. import _store
from ..errors import SnapshotError
from ..fields import CITIES, CLUSTERS, CONFERENCES, fields
from ..model import City
from ._checks import Checker
from ._network import check_network
from ._readers import collect
from ._report import ROOT, Problem, ValidationError, ValidationReport, kind_of
from ._shape import structure

__all__ = ["validate"]


def _order() -> Dict[str, int]:
    """The order in which a record's problems are listed: by the City's
    fields, each followed by the flat columns that are read from it."""
    names: List[str] = []
    for f in fields(City):
        names.append(f.name)
        names += [c.name for c in CITIES.columns if c.path.split(".")[0] == f.name]
    names += ["subdivision", *CITIES.names]  # a top-level ISO 3166-2 code; the rest
    return {name: i for i, name in enumerate(dict.fromkeys(names))}


_ORDER = _order()
_FIELD_END = re.compile(r"[.\[]")


def _field(path: str, start: int) -> str:
    """The field of *path*, a path in the record at ``path[:start]``."""
    return _FIELD_END.split(path[start + 1 :], maxsplit=1)[0]


def _rank(path: str, start: int) -> int:
    """Where the problem at *path* sorts among those of its record."""
    return -1 if len(path) <= start else _ORDER.get(_field(path, start), len(_ORDER))


def _check(record: Any, kind: str, path: str, checker: Checker, skip: FrozenSet[str]) -> None:
    if kind == "skip":
        return
    if kind == "object":
        # Not by the City types (as gnlc.to_dict does): a City built with a
        # value of the wrong type must reach the shape check as it is.
        record = attrs.asdict(record)
    if not isinstance(record, Mapping):
        checker.add(
            "wrong-type", path, record, f"expected a city record (an object), not {kind_of(record)}"
        )
        return
    shaped = structure(record, kind, path)
    start = len(checker.out)
    checker.record(record, path)
    # A field of the wrong type is reported once, by the shape check; a column
    # missing from a CSV file once for the file, not once per row.
    flagged = [p.path for p in shaped]
    rules = [
        p
        for p in checker.out[start:]
        if not any(p.path == f or p.path.startswith((f + ".", f + "[")) for f in flagged)
    ]
    found = [p for p in shaped + rules if _field(p.path, len(path)) not in skip]
    checker.out[start:] = sorted(found, key=lambda p: _rank(p.path, len(path)))


def _network(data: Any) -> Optional[List[Problem]]:
    """The problems of the conferences and clusters in *data* (``None``: the
    bundled snapshot's, after its cities), or ``None`` where *data* holds no
    such records."""
    from ..model import Cluster, Conference

    records: List[Any]
    if data is None:
        snap = _store.get()
        try:
            records = [*snap.conferences, *snap.clusters]
        except SnapshotError as exc:
            return [Problem("wrong-type", "conferences", None, str(exc))]
    elif isinstance(data, (Conference, Cluster)):
        records = [data]
    elif isinstance(data, (list, tuple)) and data:
        if not all(isinstance(r, (Conference, Cluster)) for r in data):
            return None
        records = list(data)
    else:
        return None
    snap = _store.get()
    cities = {c.id: (c.country.alpha_2, c.status.state) for c in snap.cities}
    return check_network(
        [CONFERENCES.row(r) for r in records if isinstance(r, Conference)],
        [CLUSTERS.row(r) for r in records if isinstance(r, Cluster)],
        cities,
        {a.year for a in snap.awards},
        complete=data is None,
    )


def validate(data: Any = None, *, strict: bool = False) -> ValidationReport:
    """Check city data; return every problem found (an empty report when valid).

    *data* is ``None`` (the bundled snapshot), a :class:`~gnlc.City`, a dict
    (a city as :func:`gnlc.to_dict` makes it, a flat row as
    :func:`gnlc.export.city_row` makes it, or ``{"cities": [...]}`` such as a
    snapshot file), an iterable of cities or dicts, or the path of a JSON, JSON
    Lines or CSV file. Records may give a country as its alpha-2 code, a
    region as its code and a cohort as its id, and may carry an ISO 3166-2
    ``subdivision`` code.

    *data* may also be conferences or clusters (:func:`gnlc.conferences`,
    :func:`gnlc.clusters`), checked by the rules of the network's tables
    (paths ``conferences[0]``, ``clusters[0]``); the bundled snapshot's are
    checked with its cities.

    With ``strict=True`` a report with problems raises :class:`ValidationError`
    instead of being returned.

    >>> import gnlc
    >>> city = gnlc.to_dict(gnlc.city("Liège"))
    >>> city["country"]["alpha_3"] = "BEL"
    >>> validate(city)
    ValidationReport(ok)
    >>> city["joined"] = "2024"
    >>> city["location"] = {"subdivision": "NL-LI"}
    >>> for problem in validate(city):  # doctest: +NORMALIZE_WHITESPACE
    ...     print(problem)
    cities[0].joined: wrong-type: expected an integer or null, not the string "2024"
    cities[0].location.subdivision: bad-subdivision: "NL-LI" (Limburg) is in NL, not in BE;
      use a subdivision of BE or fix the country
    """
    network = _network(data)
    checker = Checker()
    if data is not None and network is not None:
        checker.out.extend(network)
        checked = len(data) if isinstance(data, (list, tuple)) else 1
    else:
        got = collect(data)
        checker.out.extend(got.problems)
        for i, (record, kind) in enumerate(got.records):
            _check(record, kind, f"{ROOT}[{i}]", checker, got.missing_columns)
        checker.out.extend(network or ())
        checked = len(got.records)
    report = ValidationReport(tuple(checker.out), checked)
    if strict and report:
        raise ValidationError(report)
    return report
