"""Cities as a pandas DataFrame: the optional ``gnlc[pandas]`` extra.

pandas is imported only when one of these functions is called; without it
they raise :class:`MissingDependencyError`, which names the extra to install.

``gnlc.to_dataframe()`` (every member) or ``gnlc.cities(...).to_pandas()``
gives one row per city, with the columns of :data:`gnlc.fields.CITIES` in
order. Their dtypes follow from the columns' types:

* a code or name column (``country``, ``region``, ``cohort``, ``status``...)
  is a categorical; ``region`` and ``region_name`` list all five regions (so
  counts show a zero for a region without members), ``status`` every state of
  :data:`gnlc.STATES`, and ``cohort`` every cohort id in date order, then
  ``"unknown"``: the cohort of a member known only from an award is its own
  group in ``groupby("cohort")``, never a silently dropped missing value.
  Sorting follows that order; ``<`` and ``>`` raise a ``TypeError``, as an
  unknown cohort is neither before nor after any other (select cohorts with
  ``df.cohort.isin(["2022", "2024"])``, or compare ``joined``);
* an optional integer (``joined``, ``geonames_id``) is a nullable ``Int64``
  (``<NA>`` where unknown), an optional number (``lat``, ``lon``) a
  ``float64`` (``NaN``);
* text (``id``, ``name``, ``status_as_of``, ``subdivision``) is a pandas
  ``string`` column, whatever the pandas version;
* a list column (``cohorts``, ``awards``, ``sources``) holds tuples.

``to_dataframe(rows="admission")`` gives one row per admission instead: a
city admitted twice (Muharraq, 2019 and 2024) is two rows, each with the
``cohort`` of that admission, so ``groupby("cohort").size()`` counts
admissions per cohort as :func:`gnlc.cohorts` and :func:`gnlc.count_by` do.

Namibia's alpha-2 code is ``"NA"``. It stays a string here; when reading a
CSV written by :func:`gnlc.to_csv`, use :func:`read_csv` (or pass
``keep_default_na=False`` to ``pandas.read_csv``) so pandas does not turn it
into a missing value.
"""

from __future__ import annotations

import importlib
import typing
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Optional, Sequence, Union

from . import _store
from ._rules import STATES, UNKNOWN_COHORT
from .errors import GNLCError
from .export import parse_cell
from .fields import CITIES, CITIES_WITH_NAMES, Column, Table
from .model import City

if TYPE_CHECKING:  # pandas is optional: without it (or its stubs) this is Any
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["EXTRA", "MissingDependencyError", "read_csv", "to_dataframe"]

EXTRA = 'pip install "gnlc[pandas]"'
"""How to install what this module needs."""

ROWS = ("city", "admission")
"""What a row of :func:`to_dataframe` can stand for."""


class MissingDependencyError(GNLCError, ImportError):
    """An optional dependency is not installed; the message says which extra
    provides it. It is both a :class:`~gnlc.GNLCError` and an :class:`ImportError`."""


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise MissingDependencyError(
            f"this needs pandas, which gnlc installs as an extra: {EXTRA}", name="pandas"
        ) from exc


def to_dataframe(
    cities: Optional[Union[Iterable[City], City]] = None,
    *,
    rows: str = "city",
    names: bool = False,
) -> pandas.DataFrame:
    """One row per city (every member when *cities* is ``None``), typed as
    the module documentation describes; ``rows="admission"`` gives one row
    per admission instead (a city without any admission is one row, its
    cohort ``"unknown"``). With *names*, a last column ``other_names`` holds
    each city's other names (a tuple).

    ``gnlc.cities(...).to_pandas()`` is the same.
    """
    pd = _pandas()
    if rows not in ROWS:
        raise ValueError(f"rows must be one of {', '.join(map(repr, ROWS))}, not {rows!r}")
    if cities is None:
        cities = _store.get().members
    elif isinstance(cities, City):
        cities = (cities,)
    found: List[Dict[str, Any]] = []
    table = CITIES_WITH_NAMES if names else CITIES
    for row in table.rows(cities):
        if rows == "city" or not row["cohorts"]:
            found.append(row)
        else:  # one row per admission, each with its own cohort
            found += [{**row, "cohort": cohort} for cohort in row["cohorts"]]
    return _frame(pd, {k: [r[k] for r in found] for k in table.names}, table)


def read_csv(source: Any, **kwargs: Any) -> pandas.DataFrame:
    """Read a CSV written by :func:`gnlc.to_csv` back into the DataFrame that
    :func:`to_dataframe` makes (same columns, same dtypes).

    *source* is anything ``pandas.read_csv`` reads (a path, a URL, a file);
    extra keyword arguments go to it. Namibia's ``NA`` stays ``"NA"``.
    """
    pd = _pandas()
    raw = pd.read_csv(source, dtype=str, keep_default_na=False, **kwargs)
    missing = [k for k in CITIES.names if k not in raw.columns]
    if missing:
        raise ValueError(f"not a gnlc CSV: no column {', '.join(missing)}")
    columns = {c.name: [parse_cell(c, v) for v in raw[c.name].tolist()] for c in CITIES.columns}
    return _frame(pd, columns)


def _categories(name: str) -> Sequence[str]:
    """The values of the categorical domain *name* (see :class:`gnlc.fields.Column`)."""
    snap = _store.get()
    domains: Dict[str, Callable[[], List[str]]] = {
        "regions": lambda: [r.code for r in snap.regions],
        "region_names": lambda: [r.name for r in snap.regions],
        "cohorts": lambda: [c.id for c in snap.cohorts] + [UNKNOWN_COHORT],
        "states": lambda: list(STATES),
    }
    return domains[name]()


def _series(pd: Any, column: Column, values: List[Any]) -> Any:
    if column.categories is not None:
        if not column.categories:
            return pd.Categorical(values)
        categories = _categories(column.categories)
        if column.categories == "cohorts":
            values = [UNKNOWN_COHORT if v is None else v for v in values]
        return pd.Categorical(values, categories=categories)
    typ = column.type
    if typing.get_origin(typ) is tuple:
        return pd.Series([tuple(v) for v in values], dtype=object)
    inner = [a for a in typing.get_args(typ) if a is not type(None)] or [typ]
    if inner[0] is int:
        return pd.array(values, dtype="Int64")
    if inner[0] is float:
        return pd.Series(values, dtype="float64")
    return pd.Series(values, dtype="string")


def _frame(pd: Any, columns: Dict[str, List[Any]], table: Table = CITIES) -> Any:
    data = {c.name: _series(pd, c, columns[c.name]) for c in table.columns}
    return pd.DataFrame(data, columns=list(table.names))
