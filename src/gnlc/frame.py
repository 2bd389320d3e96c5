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

import datetime
import importlib
import typing
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import _store
from ._rules import STATES, UNKNOWN_COHORT
from .errors import GNLCError
from .export import parse_cell
from .fields import CITIES, CITIES_WITH_NAMES, Column, Table
from .model import City

if TYPE_CHECKING:  # pandas and polars are optional: without them (or stubs) these are Any
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]
    import polars  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = [
    "EXTRA",
    "POLARS_EXTRA",
    "MissingDependencyError",
    "add_matches",
    "read_csv",
    "table_frame",
    "table_polars",
    "to_dataframe",
]

EXTRA = 'pip install "gnlc[pandas]"'
"""How to install what this module needs."""
POLARS_EXTRA = 'pip install "gnlc[polars]"'
"""How to install polars, for ``.to_polars()``."""

ROWS = ("city", "admission")
"""What a row of :func:`to_dataframe` can stand for."""


class MissingDependencyError(GNLCError, ImportError):
    """An optional dependency is not installed; the message says which extra
    provides it. It is both a :class:`~gnlc.GNLCError` and an :class:`ImportError`."""


def _optional(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"this needs {module}, which gnlc installs as an extra: {extra}", name=module
        ) from exc


def _pandas() -> Any:
    return _optional("pandas", EXTRA)


def _polars() -> Any:
    return _optional("polars", POLARS_EXTRA)


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


def table_frame(table: Table, records: Iterable[Any]) -> pandas.DataFrame:
    """The records of *table* (a :class:`gnlc.fields.Table`) as a DataFrame:
    one row each, the table's columns in order, dtypes from their types."""
    pd = _pandas()
    rows = list(table.rows(records))
    return _frame(pd, {k: [r[k] for r in rows] for k in table.names}, table)


def table_polars(table: Table, records: Iterable[Any]) -> polars.DataFrame:
    """As :func:`table_frame`, a polars DataFrame (the ``gnlc[polars]`` extra)."""
    pl = _polars()
    rows = list(table.rows(records))
    return pl.DataFrame([_pl_series(pl, c, [r[c.name] for r in rows]) for c in table.columns])


_DOMAINS = {"region": "regions", "cohort": "cohorts"}


def counts_frame(field: str, columns: Dict[str, List[Any]]) -> pandas.DataFrame:
    """The table of a :class:`gnlc.results.Counts`: the group's code (a
    categorical), its name where it has one, and ``cities`` (``Int64``)."""
    pd = _pandas()
    data: Dict[str, Any] = {}
    for k, v in columns.items():
        if k == "cities":
            data[k] = pd.array(v, dtype="Int64")
        elif k == field:
            domain = _DOMAINS.get(field)
            data[k] = pd.Categorical(v, categories=_categories(domain) if domain else None)
        else:
            data[k] = pd.Series(v, dtype="string")
    return pd.DataFrame(data, columns=list(columns))


def counts_polars(field: str, columns: Dict[str, List[Any]]) -> polars.DataFrame:
    """The table of a :class:`gnlc.results.Counts`, for polars."""
    pl = _polars()
    out = []
    for k, v in columns.items():
        if k == "cities":
            out.append(pl.Series(k, v, dtype=pl.Int64))
        elif k == field:
            domain = _DOMAINS.get(field)
            dtype = pl.Enum(list(_categories(domain))) if domain else pl.Categorical
            out.append(pl.Series(k, v, dtype=dtype))
        else:
            out.append(pl.Series(k, v, dtype=pl.Utf8))
    return pl.DataFrame(out)


def _group_codes(groups: Any) -> List[Tuple[Any, str]]:
    return [(k, groups._key_cells(k)[0]) for k in groups]


def groups_frame(groups: Any) -> pandas.DataFrame:
    """The table of a :class:`gnlc.results.Groups`: every group's cities, the
    group's code first (a city admitted twice is in two cohorts' groups)."""
    pd = _pandas()
    codes = _group_codes(groups)
    parts = []
    for key, code in codes:
        frame = to_dataframe(groups[key])
        frame.insert(0, "group", [code] * len(frame))
        parts.append(frame)
    if parts:
        out = pd.concat(parts, ignore_index=True)
    else:
        out = to_dataframe(())
        out.insert(0, "group", [])
    out["group"] = pd.Categorical(out["group"], categories=[c for _, c in codes])
    return out


def groups_polars(groups: Any) -> polars.DataFrame:
    """The table of a :class:`gnlc.results.Groups`, for polars."""
    pl = _polars()
    codes = _group_codes(groups)
    enum = pl.Enum([c for _, c in codes])
    parts = []
    for key, code in codes:
        frame = table_polars(CITIES, groups[key])
        parts.append(frame.insert_column(0, pl.Series("group", [code] * len(frame), dtype=enum)))
    if not parts:
        empty = table_polars(CITIES, ())
        return empty.insert_column(0, pl.Series("group", [], dtype=enum))
    return pl.concat(parts)


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
        "outcomes": lambda: ["matched", "ambiguous", "unmatched"],
        "kinds": lambda: list(importlib.import_module("gnlc.reconcile").KINDS),
    }
    return domains[name]()


def _kind(column: Column) -> Tuple[str, Any]:
    """What a column holds: ("category", its domain), ("list", the item type),
    or ("int" | "float" | "bool" | "date" | "str", None)."""
    if column.categories is not None:
        return "category", column.categories
    typ = column.type
    inner = [a for a in typing.get_args(typ) if a is not type(None)] or [typ]
    listed = typ if typing.get_origin(typ) is tuple else inner[0]
    if typing.get_origin(listed) is tuple:  # a list, or one that may be unknown (None)
        return "list", typing.get_args(listed)[0]
    names = {int: "int", float: "float", bool: "bool", datetime.date: "date"}
    return names.get(inner[0], "str"), None


def _series(pd: Any, column: Column, values: List[Any]) -> Any:
    kind, arg = _kind(column)
    if kind == "category":
        if not arg:
            return pd.Categorical(values)
        if arg == "cohorts" and column.record is City:  # a member without a cohort
            values = [UNKNOWN_COHORT if v is None else v for v in values]
        return pd.Categorical(values, categories=_categories(arg))
    if kind == "list":
        return pd.Series([None if v is None else tuple(v) for v in values], dtype=object)
    if kind == "int":
        return pd.array(values, dtype="Int64")
    if kind == "float":
        return pd.Series(values, dtype="float64")
    if kind == "bool":
        return pd.array(values, dtype="boolean")
    if kind == "date":
        return pd.to_datetime(pd.Series(values, dtype=object), format="%Y-%m-%d")
    return pd.Series(values, dtype="string")


def _pl_series(pl: Any, column: Column, values: List[Any]) -> Any:
    kind, arg = _kind(column)
    name = column.name
    if kind == "category":
        if not arg:
            return pl.Series(name, values, dtype=pl.Categorical)
        if arg == "cohorts" and column.record is City:  # a member without a cohort
            values = [UNKNOWN_COHORT if v is None else v for v in values]
        return pl.Series(name, values, dtype=pl.Enum(list(_categories(arg))))
    if kind == "list":
        inner = pl.Int64 if arg is int else pl.Utf8
        return pl.Series(
            name, [None if v is None else list(v) for v in values], dtype=pl.List(inner)
        )
    if kind == "date":
        iso = datetime.date.fromisoformat
        return pl.Series(name, [None if v is None else iso(v) for v in values], dtype=pl.Date)
    dtypes = {"int": pl.Int64, "float": pl.Float64, "bool": pl.Boolean, "str": pl.Utf8}
    return pl.Series(name, values, dtype=dtypes[kind])


def _frame(pd: Any, columns: Dict[str, List[Any]], table: Table = CITIES) -> Any:
    data = {c.name: _series(pd, c, columns[c.name]) for c in table.columns}
    return pd.DataFrame(data, columns=list(table.names))


def add_matches(
    frame: pandas.DataFrame,
    column: str,
    *,
    country_column: Optional[str] = None,
    threshold: Optional[float] = None,
    prefix: str = "gnlc_",
) -> pandas.DataFrame:
    """A copy of *frame* with the columns of :func:`gnlc.match` for its names
    in *column* (countries in *country_column*, where given) after its own:
    every column of :data:`gnlc.fields.MATCHES` but the query, each named
    with *prefix* (``gnlc_id``, ``gnlc_name``, ``gnlc_country``,
    ``gnlc_cohort``, ``gnlc_kind``, ``gnlc_score``...). A column that is not
    in *frame* raises :class:`ValueError` naming the columns it has.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"city": ["Cork", "Liege", "Atlantis"], "n": [1, 2, 3]})
    >>> add_matches(df, "city")[["city", "gnlc_id", "gnlc_kind", "gnlc_score"]]
           city   gnlc_id gnlc_kind  gnlc_score
    0      Cork   ie-cork      name         1.0
    1     Liege  be-liege      name         1.0
    2  Atlantis      <NA>       NaN         0.0
    """
    from .fields import MATCHES
    from .reconcile import DEFAULT_THRESHOLD, match

    pd = _pandas()
    for wanted in (column, country_column):
        if wanted is not None and wanted not in frame.columns:
            have = ", ".join(repr(str(c)) for c in frame.columns) or "none"
            raise ValueError(f"no column {wanted!r} in the DataFrame; its columns are {have}")
    countries = None if country_column is None else frame[country_column].tolist()
    found = match(
        frame[column].tolist(),
        countries=countries,
        threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
    )
    added = table_frame(MATCHES, found).drop(columns=["query"])
    added.index = frame.index
    added.columns = [prefix + str(c) for c in added.columns]
    return pd.concat([frame, added], axis=1)
