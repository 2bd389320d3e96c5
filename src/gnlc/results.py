"""Query results: tuples that also show themselves well in a notebook.

>>> import gnlc
>>> found = gnlc.cities(country="Bahrain")
>>> isinstance(found, tuple), found[:1]
(True, Cities(1: Muharraq))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, SupportsIndex, Tuple, Union, overload

from .model import City

if TYPE_CHECKING:  # pandas is optional: without it (or its stubs) this is Any
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["Cities"]

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
        import html  # here: html.entities is a large module, and only notebooks need it

        from .fields import CITIES

        esc = html.escape
        head = "".join(f"<th>{esc(h)}</th>" for h in CITIES.view)
        columns = [CITIES.column(name) for name in CITIES.view]
        rows = []
        for c in tuple.__getitem__(self, slice(_HTML_ROWS)):
            row = CITIES.row(c)
            cells = [_shown(row, col.name, col.label) for col in columns]
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


def _shown(row: Dict[str, Any], name: str, label: Optional[str]) -> str:
    """A flat row's value as a notebook cell shows it: a code with its label
    ("Belgium (BE)"), a list joined with commas, nothing for ``None``."""
    value = row[name]
    if label and value is not None:
        return f"{row[label]} ({value})"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
