"""Query results: tuples that also show themselves well in a notebook."""

from __future__ import annotations

import html
from typing import Tuple

from .model import City

__all__ = ["Cities"]

_HTML_ROWS = 60  # a notebook cell stays readable; the tail is summarised


class Cities(Tuple[City, ...]):
    """An immutable, ordered sequence of :class:`~gnlc.City`.

    It is a real :class:`tuple` (slicing, ``len``, ``in`` and unpacking work as
    usual) with a compact ``repr`` and an HTML table for Jupyter.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        n = len(self)
        if n == 0:
            return "Cities([])"
        shown = ", ".join(c.name for c in self[:5])
        more = f", … {n - 5} more" if n > 5 else ""
        return f"Cities({n}: {shown}{more})"

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(
            f"<th>{h}</th>" for h in ("id", "name", "country", "region", "cohort", "joined")
        )
        rows = []
        for c in self[:_HTML_ROWS]:
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
        return (
            f"<table><caption>{len(self)} cities</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{tail}"
        )
