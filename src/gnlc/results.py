"""Query results: tuples that also show themselves well in a notebook.

>>> import gnlc
>>> found = gnlc.cities(country="Bahrain")
>>> isinstance(found, tuple), found[:1]
(True, Cities(1: Muharraq))
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, SupportsIndex, Tuple, Union, overload

from .model import City

if TYPE_CHECKING:  # pandas is optional: without it (or its stubs) this is Any
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["Cities"]

_HTML_ROWS = 60  # a notebook cell stays readable; the tail is summarised
_HTML_COLUMNS = ("id", "name", "country", "region", "cohorts", "joined")


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
        esc = html.escape
        head = "".join(f"<th>{h}</th>" for h in _HTML_COLUMNS)
        rows = []
        for c in tuple.__getitem__(self, slice(_HTML_ROWS)):
            cells = (
                c.id,
                c.name,
                f"{c.country.name} ({c.country.alpha_2})",
                c.region.name,
                ", ".join(c.cohorts),
                "" if c.joined is None else str(c.joined),
            )
            rows.append("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in cells) + "</tr>")
        more = len(self) - _HTML_ROWS
        tail = f"<p>… and {more} more</p>" if more > 0 else ""
        noun = "city" if len(self) == 1 else "cities"
        return (
            f"<table><caption>{len(self)} {noun}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{tail}"
        )

    def to_pandas(self) -> pandas.DataFrame:
        """These cities as a DataFrame, one row per city: see :func:`gnlc.to_dataframe`.

        Needs the ``gnlc[pandas]`` extra; pandas is imported only now.
        """
        from .frame import to_dataframe

        return to_dataframe(self)
