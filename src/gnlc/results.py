"""Query results: tuples and read-only mappings that are also tables.

Every listing result is a :class:`Records` tuple of one flat table of
:mod:`gnlc.fields` (:class:`Cities`, :class:`Cohorts`, :class:`Countries`,
:class:`Regions`, :class:`Awards`, :class:`Leads`, :class:`Coverage`,
:class:`Matches`); every grouped or counted result a :class:`Groups` or
:class:`Counts` mapping. Each shows itself as an HTML table in a notebook and
becomes a DataFrame with ``.to_pandas()`` (the ``gnlc[pandas]`` extra) or
``.to_polars()`` (the ``gnlc[polars]`` extra), its columns and dtypes taken
from the table's declaration.

>>> import gnlc
>>> found = gnlc.cities(country="Bahrain")
>>> isinstance(found, tuple), found[:1]
(True, Cities(1: Muharraq))
>>> gnlc.cohorts()[:2]
Cohorts(2: 2015-2018, 2019)
>>> gnlc.count_by("region")
Counts(region: AFR 38, ARB 53, APA 120, ENA 122, LAC 60)
"""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    Iterator,
    List,
    Mapping,
    Optional,
    SupportsIndex,
    Tuple,
    TypeVar,
    Union,
    overload,
)

from .model import City, Cohort, Country, Region

if TYPE_CHECKING:  # pandas and polars are optional: without them (or stubs) these are Any
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]
    import polars  # type: ignore[import-untyped, import-not-found, unused-ignore]

    from .fields import Column, Table
    from .model import Award, Cluster, Conference, CoverageRow, Lead, MatchResult  # noqa: F401

__all__ = [
    "Awards",
    "Cities",
    "Clusters",
    "Cohorts",
    "Conferences",
    "Countries",
    "Counts",
    "Coverage",
    "Groups",
    "Leads",
    "Matches",
    "Records",
    "Regions",
]

_HTML_ROWS = 60  # a notebook cell stays readable; the tail is summarised

_T = TypeVar("_T")
_R = TypeVar("_R", bound="Records[Any]")


class Records(Tuple[_T, ...]):
    """An immutable, ordered sequence of records of one flat table.

    It is a real :class:`tuple` (``len``, ``in``, unpacking, hashing and
    equality work as usual; a slice is again of its own class) with a compact
    ``repr``, an HTML table for notebooks, :meth:`to_pandas` and
    :meth:`to_polars`. Subclasses name their table (in :data:`gnlc.fields`).
    """

    __slots__ = ()

    #: The name of the flat table in :mod:`gnlc.fields`, and the nouns of a caption.
    TABLE: ClassVar[str] = ""
    NOUNS: ClassVar[Tuple[str, str]] = ("record", "records")

    @classmethod
    def table(cls) -> Table:
        """The flat table (:class:`gnlc.fields.Table`) of these records."""
        from . import fields

        return getattr(fields, cls.TABLE.upper())  # type: ignore[no-any-return]

    @overload
    def __getitem__(self, index: SupportsIndex) -> _T: ...
    @overload
    def __getitem__(self: _R, index: slice) -> _R: ...
    def __getitem__(self: _R, index: Union[SupportsIndex, slice]) -> Any:
        if isinstance(index, slice):
            return type(self)(super().__getitem__(index))
        return super().__getitem__(index)

    def _label(self, record: _T) -> str:
        """How the ``repr`` names one record: its key."""
        table = self.table()
        return str(table.column(table.key).value(record))

    def __repr__(self) -> str:
        n = len(self)
        name = type(self).__name__
        if n == 0:
            return f"{name}([])"
        shown = ", ".join(self._label(r) for r in tuple.__getitem__(self, slice(5)))
        more = f", … {n - 5} more" if n > 5 else ""
        return f"{name}({n}: {shown}{more})"

    def rows(self) -> List[Dict[str, Any]]:
        """The flat rows (JSON-ready dicts, keyed by column name)."""
        return list(self.table().rows(self))

    def _repr_html_(self) -> str:
        table = self.table()
        rows = (table.row(r) for r in tuple.__getitem__(self, slice(_HTML_ROWS)))
        return _html(table, list(table.view), rows, len(self), self.NOUNS)

    def to_pandas(self) -> pandas.DataFrame:
        """These records as a DataFrame, one row each, with the table's columns
        in order and dtypes from their types (categoricals for codes, nullable
        integers, dates as dates). Needs the ``gnlc[pandas]`` extra."""
        from .frame import table_frame

        return table_frame(self.table(), self)

    def to_polars(self) -> polars.DataFrame:
        """These records as a polars DataFrame (the ``gnlc[polars]`` extra),
        with the same columns and dtypes as :meth:`to_pandas`."""
        from .frame import table_polars

        return table_polars(self.table(), self)


class Cities(Records[City]):
    """An immutable, ordered sequence of :class:`~gnlc.City`.

    Beyond :class:`Records`: :meth:`to_pandas` is :func:`gnlc.to_dataframe`,
    and a selection is a map (:meth:`to_geodataframe`, :meth:`plot_map`).
    """

    __slots__ = ()
    TABLE = "cities"
    NOUNS = ("city", "cities")

    def _label(self, record: City) -> str:
        return record.name

    def to_pandas(self) -> pandas.DataFrame:
        """These cities as a DataFrame, one row per city: see :func:`gnlc.to_dataframe`.

        Needs the ``gnlc[pandas]`` extra; pandas is imported only now.
        """
        from .frame import to_dataframe

        return to_dataframe(self)

    def to_geodataframe(self) -> Any:
        """These cities as a ``geopandas.GeoDataFrame`` in EPSG:4326 (the
        ``gnlc[geopandas]`` extra): see :func:`gnlc.maps.to_geodataframe`."""
        from .maps import to_geodataframe

        return to_geodataframe(self)

    def plot_map(self, column: str = "region", **kwargs: Any) -> Any:
        """Draw these cities on the country outlines, coloured by *column*
        (the ``gnlc[matplotlib]`` extra): see :func:`gnlc.maps.plot_map`."""
        from .maps import plot_map

        return plot_map(self, column=column, **kwargs)


class Cohorts(Records[Cohort]):
    """Admission rounds, as :func:`gnlc.cohorts` returns them."""

    __slots__ = ()
    TABLE = "cohorts"
    NOUNS = ("cohort", "cohorts")


class Countries(Records[Country]):
    """Countries, as :func:`gnlc.countries` returns them."""

    __slots__ = ()
    TABLE = "countries"
    NOUNS = ("country", "countries")


class Regions(Records[Region]):
    """The UNESCO regions, as :func:`gnlc.regions` returns them."""

    __slots__ = ()
    TABLE = "regions"
    NOUNS = ("region", "regions")


class Awards(Records["Award"]):
    """UNESCO Learning City Awards, as :func:`gnlc.awards` returns them."""

    __slots__ = ()
    TABLE = "awards"
    NOUNS = ("award", "awards")

    def _label(self, record: Award) -> str:
        return f"{record.year} {record.city.name}"


class Leads(Records["Lead"]):
    """Open research leads, as :func:`gnlc.leads` returns them."""

    __slots__ = ()
    TABLE = "leads"
    NOUNS = ("lead", "leads")


class Coverage(Records["CoverageRow"]):
    """Stated against known members, as :func:`gnlc.coverage` returns them."""

    __slots__ = ()
    TABLE = "coverage"
    NOUNS = ("row", "rows")

    def _label(self, record: CoverageRow) -> str:
        return record.cohort + ("" if record.region is None else f"/{record.region}")


class Matches(Records["MatchResult"]):
    """The results of :func:`gnlc.match`, one per name given, in order."""

    __slots__ = ()
    TABLE = "matches"
    NOUNS = ("name", "names")

    def _label(self, record: MatchResult) -> str:
        return f"{record.query}→{record.city.id if record.city is not None else record.outcome}"

    def summary(self) -> Dict[str, int]:
        """How many names matched, were ambiguous, or found nothing.

        >>> import gnlc
        >>> gnlc.match(["Cork", "Seo-gu", "Atlantis"]).summary()  # Seo-gu: Busan's or Gwangju's
        {'matched': 1, 'ambiguous': 1, 'unmatched': 1}
        """
        out = {"matched": 0, "ambiguous": 0, "unmatched": 0}
        for r in self:
            out[r.outcome] += 1
        return out


# --------------------------------------------------------------------------- mappings

_K = TypeVar("_K")
_V = TypeVar("_V")


class Conferences(Records["Conference"]):
    """The International Conferences on Learning Cities, by number.

    >>> import gnlc
    >>> gnlc.conferences()[:3]
    Conferences(3: 1st Beijing 2013, 2nd Mexico City 2015, 3rd Cork 2017)
    """

    __slots__ = ()
    TABLE = "conferences"
    NOUNS = ("conference", "conferences")

    def _label(self, record: Conference) -> str:
        return f"{record.ordinal} {record.host or 'host unknown'} {record.year}"


class Clusters(Records["Cluster"]):
    """The network's thematic clusters.

    >>> import gnlc
    >>> gnlc.clusters(city="Osan")
    Clusters(1: Health and well-being)
    """

    __slots__ = ()
    TABLE = "clusters"
    NOUNS = ("cluster", "clusters")

    def _label(self, record: Cluster) -> str:
        return record.theme


class _ReadOnly(Mapping[_K, _V]):
    """A read-only mapping, keyed by records (a region, country or cohort, or
    ``None`` for an unknown cohort), in the order it was made. Nothing in it
    can be changed: its data is a :class:`types.MappingProxyType`, and its
    attributes cannot be set."""

    __slots__ = ("_data", "field")

    field: str
    _data: Mapping[_K, _V]

    def __init__(self, field: str, data: Mapping[_K, _V]) -> None:
        import types

        object.__setattr__(self, "field", field)
        object.__setattr__(self, "_data", types.MappingProxyType(dict(data)))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __getitem__(self, key: _K) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _ReadOnly):
            return self._data == other._data
        return dict(self._data) == other

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def _key_columns(self) -> Tuple[str, ...]:
        """The columns that name a key: its table's key and, where it has one, a name."""
        from . import fields

        table = {"region": fields.REGIONS, "country": fields.COUNTRIES}.get(self.field)
        if table is None:
            return (self.field,)
        return (self.field, "name") if "name" in table.names else (self.field,)

    def _key_cells(self, key: Any) -> Tuple[Any, ...]:
        from . import fields

        if key is None:
            from ._rules import UNKNOWN_COHORT

            return (UNKNOWN_COHORT,)
        table = {"region": fields.REGIONS, "country": fields.COUNTRIES}.get(self.field)
        if table is None:
            return (fields.COHORTS.column(fields.COHORTS.key).value(key),)
        cells = (table.column(table.key).value(key),)
        return (*cells, key.name) if "name" in table.names else cells


class Counts(_ReadOnly[Any, int]):
    """Members counted by region, country or cohort (:func:`gnlc.count_by`):
    a read-only mapping from each record to its count, also a table."""

    __slots__ = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{self._key_cells(k)[0]} {n}" for k, n in self.items())
        return f"Counts({self.field}: {shown})"

    def _columns(self) -> Dict[str, List[Any]]:
        names = [*self._key_columns(), "cities"]
        cols: Dict[str, List[Any]] = {n: [] for n in names}
        for k, n in self.items():
            for name, cell in zip(names, (*self._key_cells(k), n)):
                cols[name].append(cell)
        return cols

    def _repr_html_(self) -> str:
        cols = self._columns()
        rows = [dict(zip(cols, r)) for r in zip(*cols.values())]
        return _html(None, list(cols), iter(rows), len(rows), ("group", "groups"))

    def to_pandas(self) -> pandas.DataFrame:
        """One row per group: its code (and name), and ``cities``, the count."""
        from .frame import counts_frame

        return counts_frame(self.field, self._columns())

    def to_polars(self) -> polars.DataFrame:
        """As :meth:`to_pandas`, for polars (the ``gnlc[polars]`` extra)."""
        from .frame import counts_polars

        return counts_polars(self.field, self._columns())


class Groups(_ReadOnly[Any, Cities]):
    """Members grouped by region, country or cohort (:func:`gnlc.group_by`):
    a read-only mapping from each record to its :class:`Cities`; as a table,
    one row per member of each group, the group's code in the first column."""

    __slots__ = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{self._key_cells(k)[0]} {len(v)}" for k, v in self.items())
        return f"Groups({self.field}: {shown})"

    def counts(self) -> Counts:
        """The size of each group."""
        return Counts(self.field, {k: len(v) for k, v in self.items()})

    def _repr_html_(self) -> str:
        return self.counts()._repr_html_()

    def to_pandas(self) -> pandas.DataFrame:
        """Every group's cities as one DataFrame (:func:`gnlc.to_dataframe`'s
        columns), with a first column ``group``: the code of its group."""
        from .frame import groups_frame

        return groups_frame(self)

    def to_polars(self) -> polars.DataFrame:
        """As :meth:`to_pandas`, for polars (the ``gnlc[polars]`` extra)."""
        from .frame import groups_polars

        return groups_polars(self)


# --------------------------------------------------------------------------- HTML


def _html(
    table: Optional[Table],
    view: List[str],
    rows: Iterator[Dict[str, Any]],
    total: int,
    nouns: Tuple[str, str],
) -> str:
    import html  # here: html.entities is a large module, and only notebooks need it

    esc = html.escape
    columns = {c.name: c for c in table.columns} if table is not None else {}
    head = "".join(f"<th>{esc(h)}</th>" for h in view)
    body = []
    for row in rows:
        cells = [_shown(row, name, columns.get(name)) for name in view]
        body.append("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in cells) + "</tr>")
    more = total - _HTML_ROWS
    tail = f"<p>… and {more} more</p>" if more > 0 else ""
    noun = nouns[0] if total == 1 else nouns[1]
    return (
        f"<table><caption>{total} {noun}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{tail}"
    )


def _shown(row: Dict[str, Any], name: str, column: Optional[Column]) -> str:
    """A flat row's value as a notebook cell shows it: a code with its label
    ("Belgium (BE)"), a list joined with commas, ``None`` as the column's
    ``missing`` text (nothing, or "unknown")."""
    value = row[name]
    if value is None and column is not None:
        return column.missing
    label = column.label if column is not None else None
    if label and value is not None and label in row:
        return f"{row[label]} ({value})"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)
