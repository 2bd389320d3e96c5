"""Cities as a pandas DataFrame: the optional ``gnlc[pandas]`` extra.

pandas is imported only when one of these functions is called; without it
they raise :class:`MissingDependencyError`, which names the extra to install.

``gnlc.to_dataframe()`` (every member) or ``gnlc.cities(...).to_pandas()``
gives one row per city. The columns are those of :func:`gnlc.export.city_row`,
in the order of :data:`gnlc.export.COLUMNS`:

* ``country``, ``alpha_3``, ``country_name``, ``region`` and ``region_name``
  are categoricals (``region`` and ``region_name`` list all five regions, so
  counts show a zero for a region without members);
* ``cohort`` is an ordered categorical of cohort ids (``"2015-2018"``,
  ``"2019"``, ...), so ``df[df.cohort >= "2022"]`` works;
* ``joined`` (the cohort year, or the year within 2015-2018 where a source
  gives it) and ``geonames_id`` are nullable ``Int64``: ``<NA>`` where unknown;
* ``status`` is a categorical of :data:`gnlc.STATES`;
* ``lat`` and ``lon`` are ``float64`` (``NaN`` where unknown);
* ``id``, ``name``, ``status_as_of`` and ``subdivision`` are pandas
  ``string`` columns (``<NA>`` where unknown), whatever the pandas version;
* ``cohorts``, ``awards`` and ``sources`` hold tuples.

Namibia's alpha-2 code is ``"NA"``. It stays a string here; when reading a
CSV written by :func:`gnlc.to_csv`, use :func:`read_csv` (or pass
``keep_default_na=False`` to ``pandas.read_csv``) so pandas does not turn it
into a missing value.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Optional, Union

from .errors import GNLCError
from .export import COLUMNS, LIST_COLUMNS, city_rows
from .model import City

if TYPE_CHECKING:  # pandas is optional: without it (or its stubs) this is Any
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["MissingDependencyError", "read_csv", "to_dataframe"]

EXTRA = 'pip install "gnlc[pandas]"'

_CATEGORICAL = ("country", "alpha_3", "country_name")
_REQUIRED = ("id", "name", *_CATEGORICAL, "region", "region_name", "status")
_INTEGER = ("joined", "geonames_id")
_FLOAT = ("lat", "lon")


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


def to_dataframe(cities: Optional[Union[Iterable[City], City]] = None) -> pandas.DataFrame:
    """One row per city (every member when *cities* is ``None``), typed as
    the module documentation describes.

    ``gnlc.cities(...).to_pandas()`` is the same.
    """
    pd = _pandas()
    if cities is None:
        from .query import cities as all_cities

        cities = all_cities()
    rows = list(city_rows(cities))
    columns: Dict[str, List[Any]] = {k: [r[k] for r in rows] for k in COLUMNS}
    return _frame(pd, columns)


def read_csv(source: Any, **kwargs: Any) -> pandas.DataFrame:
    """Read a CSV written by :func:`gnlc.to_csv` back into the DataFrame that
    :func:`to_dataframe` makes (same columns, same dtypes).

    *source* is anything ``pandas.read_csv`` reads (a path, a URL, a file);
    extra keyword arguments go to it. Namibia's ``NA`` stays ``"NA"``.
    """
    pd = _pandas()
    raw = pd.read_csv(source, dtype=str, keep_default_na=False, **kwargs)
    missing = [k for k in COLUMNS if k not in raw.columns]
    if missing:
        raise ValueError(f"not a gnlc CSV: no column {', '.join(missing)}")
    parse: Dict[str, Callable[[str], Any]] = dict.fromkeys(COLUMNS, _text)
    parse.update(dict.fromkeys(_REQUIRED, str))  # never missing: keep "" as it is
    parse.update(dict.fromkeys(_INTEGER, _int))
    parse.update(dict.fromkeys(_FLOAT, _float))
    parse["awards"] = lambda s: [int(x) for x in s.split()]
    parse["cohorts"] = parse["sources"] = str.split
    columns = {k: [parse[k](v) for v in raw[k].tolist()] for k in COLUMNS}
    return _frame(pd, columns)


def _text(s: str) -> Optional[str]:
    return s or None


def _int(s: str) -> Optional[int]:
    return int(s) if s else None


def _float(s: str) -> Optional[float]:
    return float(s) if s else None


def _frame(pd: Any, columns: Dict[str, List[Any]]) -> Any:
    from .query import STATES, cohorts, regions

    data: Dict[str, Any] = {}
    for k in COLUMNS:
        values = columns[k]
        if k in _CATEGORICAL:
            data[k] = pd.Categorical(values)
        elif k == "region":
            data[k] = pd.Categorical(values, categories=[r.code for r in regions()])
        elif k == "region_name":
            data[k] = pd.Categorical(values, categories=[r.name for r in regions()])
        elif k == "cohort":
            ids = [c.id for c in cohorts()]
            data[k] = pd.Categorical(values, categories=ids, ordered=True)
        elif k == "status":
            data[k] = pd.Categorical(values, categories=list(STATES))
        elif k in _INTEGER:
            data[k] = pd.array(values, dtype="Int64")
        elif k in _FLOAT:
            data[k] = pd.Series(values, dtype="float64")
        elif k in LIST_COLUMNS:
            data[k] = pd.Series([tuple(v) for v in values], dtype=object)
        else:
            data[k] = pd.Series(values, dtype="string")
    return pd.DataFrame(data, columns=list(COLUMNS))
