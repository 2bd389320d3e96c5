"""Query results: tuples that also show themselves well in a notebook.

>>> import gnlc
>>> found = gnlc.cities(country="Bahrain")
>>> isinstance(found, tuple), found[:1]
(True, Cities(1: Muharraq))
"""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    SupportsIndex,
    Tuple,
    Union,
    overload,
)

from .model import City

if TYPE_CHECKING:  # pandas is optional: without it (or its stubs) this is Any
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]

    from .fields import Column, Table
    from .model import Cluster, Conference

__all__ = ["Cities", "Clusters", "Conferences"]

_HTML_ROWS = 60  # a notebook cell stays readable; the tail is summarised


class Cities(Tuple[City, ...]):
    """An immutable, ordered sequence of :class:`~gnlc.City`.

    It is a real :class:`tuple` (``len``, ``in``, unpacking, hashing and
    equality work as usual; a slice is again a :class:`Cities`) with a compact
    ``repr``, an HTML table for Jupyter, and :meth:`to_pandas`.
    """

    __slots__ = ()

    @overload
    def __getitem__(self, index: SupportsIndex) -> City: ...
    @overload
    def __getitem__(self, index: slice) -> Cities: ...
    def __getitem__(self, index: Union[SupportsIndex, slice]) -> Union[City, Cities]:
        if isinstance(index, slice):
            return Cities(super().__getitem__(index))
        return super().__getitem__(index)

    def __repr__(self) -> str:
        n = len(self)
        if n == 0:
            return "Cities([])"
        shown = ", ".join(c.name for c in tuple.__getitem__(self, slice(5)))
        more = f", … {n - 5} more" if n > 5 else ""
        return f"Cities({n}: {shown}{more})"

    def _repr_html_(self) -> str:
        from .fields import CITIES

        return _html(CITIES, self, "city", "cities")

    def to_pandas(self) -> pandas.DataFrame:
        """These cities as a DataFrame, one row per city: see :func:`gnlc.to_dataframe`.

        Needs the ``gnlc[pandas]`` extra; pandas is imported only now.
        """
        from .frame import to_dataframe

        return to_dataframe(self)


class Conferences(Tuple["Conference", ...]):
    """An immutable, ordered sequence of :class:`~gnlc.Conference`, by number:
    a real :class:`tuple` with a compact ``repr`` and an HTML table for Jupyter.

    >>> import gnlc
    >>> gnlc.conferences()[:3]
    Conferences(3: 1st Beijing 2013, 2nd Mexico City 2015, 3rd Cork 2017)
    """

    __slots__ = ()

    @overload
    def __getitem__(self, index: SupportsIndex) -> Conference: ...
    @overload
    def __getitem__(self, index: slice) -> Conferences: ...
    def __getitem__(self, index: Union[SupportsIndex, slice]) -> Union[Conference, Conferences]:
        if isinstance(index, slice):
            return Conferences(super().__getitem__(index))
        return super().__getitem__(index)

    def __repr__(self) -> str:
        return _repr(
            "Conferences",
            self,
            lambda c: f"{c.ordinal} {c.host or 'host unknown'} {c.year}",
        )

    def _repr_html_(self) -> str:
        from .fields import CONFERENCES

        return _html(CONFERENCES, self, "conference", "conferences")


class Clusters(Tuple["Cluster", ...]):
    """An immutable, ordered sequence of :class:`~gnlc.Cluster`: a real
    :class:`tuple` with a compact ``repr`` and an HTML table for Jupyter.

    >>> import gnlc
    >>> gnlc.clusters(city="Osan")
    Clusters(1: Health and well-being)
    """

    __slots__ = ()

    @overload
    def __getitem__(self, index: SupportsIndex) -> Cluster: ...
    @overload
    def __getitem__(self, index: slice) -> Clusters: ...
    def __getitem__(self, index: Union[SupportsIndex, slice]) -> Union[Cluster, Clusters]:
        if isinstance(index, slice):
            return Clusters(super().__getitem__(index))
        return super().__getitem__(index)

    def __repr__(self) -> str:
        return _repr("Clusters", self, lambda c: c.theme)

    def _repr_html_(self) -> str:
        from .fields import CLUSTERS

        return _html(CLUSTERS, self, "cluster", "clusters")


def _repr(name: str, records: Tuple[Any, ...], label: Any) -> str:
    n = len(records)
    if n == 0:
        return f"{name}([])"
    shown = ", ".join(label(r) for r in tuple.__getitem__(records, slice(5)))
    more = f", … {n - 5} more" if n > 5 else ""
    return f"{name}({n}: {shown}{more})"


def _html(table: Table, records: Iterable[Any], one: str, many: str) -> str:
    """*records* as an HTML table of the *table*'s narrow view, for a notebook."""
    import html  # here: html.entities is a large module, and only notebooks need it

    esc = html.escape
    found = tuple(records)
    head = "".join(f"<th>{esc(h)}</th>" for h in table.view)
    columns = [table.column(name) for name in table.view]
    rows = []
    for r in found[:_HTML_ROWS]:
        row = table.row(r)
        cells = [_shown(row, col) for col in columns]
        rows.append("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in cells) + "</tr>")
    more = len(found) - _HTML_ROWS
    tail = f"<p>… and {more} more</p>" if more > 0 else ""
    noun = one if len(found) == 1 else many
    return (
        f"<table><caption>{len(found)} {noun}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{tail}"
    )


def _shown(row: Dict[str, Any], column: Column) -> str:
    """A flat row's value as a notebook cell shows it: a code with its label
    ("Belgium (BE)"), a list joined with commas, ``None`` as the column's
    ``missing`` text (nothing, or "unknown")."""
    value = row[column.name]
    if value is None:
        return column.missing
    if column.label:
        return f"{row[column.label]} ({value})"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
