"""The network beyond its members: the International Conferences on Learning
Cities (``data/curated/conferences.tsv``) and the thematic clusters
(``data/curated/clusters.tsv``), checked with the rules :func:`gnlc.validate`
applies (``gnlc.validation._network``).

In both files a list cell separates its items with ``" | "``. An empty cell
is unknown (no source says); in ``coordinators`` and ``members`` the word
``none`` says that a source states there are none, which is not the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from gnlc.validation._network import check_network

from .rows import BuildError, Row, read_tsv, split_list

__all__ = ["build_network"]

NONE = "none"


def _int(row: Row, name: str) -> Optional[int]:
    cell = row[name]
    if not cell:
        return None
    if not cell.isdigit():
        raise BuildError(f"{row['_where']}: {name} {cell!r} is not a number")
    return int(cell)


def _text(row: Row, name: str) -> Optional[str]:
    return row[name] or None


def _ids(row: Row, name: str) -> Optional[List[str]]:
    if not row[name]:
        return None
    if row[name] == NONE:
        return []
    return list(split_list(row[name]))


def read_conferences(root: Path) -> List[Dict[str, Any]]:
    out = []
    for row in read_tsv(root / "data/curated/conferences.tsv"):
        number, year = _int(row, "number"), _int(row, "year")
        if number is None or year is None:
            raise BuildError(f"{row['_where']}: a conference needs its number and year")
        out.append(
            {
                "number": number,
                "year": year,
                "start": _text(row, "start"),
                "end": _text(row, "end"),
                "host": _text(row, "host"),
                "country": _text(row, "country"),
                "city": _text(row, "city"),
                "theme": _text(row, "theme"),
                "outcome": _text(row, "outcome"),
                "also_adopted": list(split_list(row["also_adopted"])),
                "award_years": [int(y) for y in split_list(row["award_years"])],
                "sources": list(split_list(row["sources"])),
                "note": _text(row, "note"),
                "_where": row["_where"],
            }
        )
    out.sort(key=lambda c: c["number"])
    return out


def read_clusters(root: Path) -> List[Dict[str, Any]]:
    out = []
    for row in read_tsv(root / "data/curated/clusters.tsv"):
        out.append(
            {
                "id": row["id"],
                "theme": row["theme"],
                "strategy": _text(row, "strategy"),
                "established": _int(row, "established"),
                "coordinators": _ids(row, "coordinators"),
                "members": _ids(row, "members"),
                "stated_members": _int(row, "stated_members"),
                "stated_as_of": _text(row, "stated_as_of"),
                "sources": list(split_list(row["sources"])),
                "note": _text(row, "note"),
                "_where": row["_where"],
            }
        )
    return out


def build_network(
    root: Path, cities: Iterable[Dict[str, Any]], award_years: Iterable[int]
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """The conferences and clusters rows of the snapshot; a :class:`BuildError`
    naming the file and line of the first row that breaks a rule."""
    conferences = read_conferences(root)
    clusters = read_clusters(root)
    known = {c["id"]: (c["country"], c["status"]["state"]) for c in cities}
    flat = [{**c, "awards": c["award_years"]} for c in conferences]
    problems = check_network(flat, clusters, known, set(award_years))
    if problems:
        p = problems[0]
        table, rest = p.path.split("[", 1)
        row = (conferences if table == "conferences" else clusters)[int(rest.split("]")[0])]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BuildError(f"{row['_where']}: {p.path}: {p.code}: {p.message}{more}")
    for row in (*conferences, *clusters):
        del row["_where"]
    return conferences, clusters
