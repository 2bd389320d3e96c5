"""The rules of the network's tables: conferences and clusters.

One set of rules, run on flat rows (as :data:`gnlc.fields.CONFERENCES` and
:data:`gnlc.fields.CLUSTERS` make them, ids in place of records), so that the
data build (``tools/network.py``, on the rows it is about to write) and
:func:`gnlc.validate` (on the records of a snapshot) cannot disagree.

>>> rows = [{"number": 1, "year": 2013, "start": "2013-10-21", "end": "2013-10-20",
...          "country": "CN", "city": "cn-beijing", "awards": [], "sources": []}]
>>> for p in check_network(rows, [], {"cn-beijing": ("CN", "member")}, set()):
...     print(p)
conferences[0].end: bad-date: the conference ends (2013-10-20) before it starts (2013-10-21)
conferences[0].sources: missing-source: the conference has no source URL
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Dict, List, Optional, Set, Tuple

from .._rules import is_admitted, is_source_url, text_problem
from ._report import Problem

__all__ = ["CLUSTER_ID", "check_network"]

#: A cluster id: lower-case ASCII words joined by hyphens (``equity-inclusion``).
CLUSTER_ID = re.compile(r"^[a-z]+(-[a-z]+)*$")

_City = Tuple[str, str]  # (alpha-2 of its country, its membership state)


def check_network(
    conferences: Sequence[Mapping[str, Any]],
    clusters: Sequence[Mapping[str, Any]],
    cities: Mapping[str, _City],
    award_years: Collection[int],
    *,
    complete: bool = True,
) -> List[Problem]:
    """Every problem in the flat *conferences* and *clusters* rows, given the
    snapshot's *cities* (id -> (country, state)) and the years in which
    awards were given. *complete* says the rows are whole tables: the
    conferences must then be numbered 1, 2, 3... in order (otherwise in
    increasing order, each once)."""
    out: List[Problem] = []
    _conferences(conferences, cities, award_years, complete, out)
    _clusters(clusters, cities, out)
    return out


def _sources(row: Mapping[str, Any], path: str, what: str, out: List[Problem]) -> None:
    urls = row.get("sources") or []
    if not urls:
        out.append(Problem("missing-source", path, None, f"the {what} has no source URL"))
    for i, u in enumerate(urls):
        if not is_source_url(u):
            out.append(Problem("bad-source", f"{path}[{i}]", u, "not an absolute http(s) URL"))


def _texts(row: Mapping[str, Any], names: Sequence[str], path: str, out: List[Problem]) -> None:
    for name in names:
        values = row.get(name)
        for value in values if isinstance(values, list) else [values]:
            if value is None:
                continue
            if not isinstance(value, str):
                out.append(Problem("wrong-type", f"{path}.{name}", value, "expected text"))
                continue
            problem = text_problem(value) if value.strip() else ("empty-name", "the text is empty")
            if problem is not None:
                out.append(Problem(problem[0], f"{path}.{name}", value, problem[1]))


def _date(value: Any, path: str, out: List[Problem]) -> Optional[datetime.date]:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        out.append(Problem("bad-date", path, value, "not an ISO date (YYYY-MM-DD)"))
        return None


def _conferences(
    rows: Sequence[Mapping[str, Any]],
    cities: Mapping[str, _City],
    award_years: Collection[int],
    complete: bool,
    out: List[Problem],
) -> None:
    given: Dict[int, int] = {}  # award year -> the conference that gave it
    last: Any = 0
    for i, row in enumerate(rows):
        path = f"conferences[{i}]"
        number, year = row.get("number"), row.get("year")
        if not complete:  # some of them: each once, in order
            if not isinstance(number, int) or not isinstance(last, int) or number <= last:
                out.append(
                    Problem(
                        "number-gap",
                        f"{path}.number",
                        number,
                        f"conferences are listed by number, each once: this one follows {last}",
                    )
                )
            last = number
        elif number != i + 1:
            out.append(
                Problem(
                    "number-gap",
                    f"{path}.number",
                    number,
                    f"conferences are numbered 1, 2, 3... in order: this one should be {i + 1}",
                )
            )
        start = _date(row.get("start"), f"{path}.start", out)
        end = _date(row.get("end"), f"{path}.end", out)
        for name, day in (("start", start), ("end", end)):
            if day is not None and day.year != year:
                out.append(
                    Problem("bad-date", f"{path}.{name}", row[name], f"not in the year {year}")
                )
        if start is not None and end is not None and end < start:
            out.append(
                Problem(
                    "bad-date",
                    f"{path}.end",
                    row["end"],
                    f"the conference ends ({end}) before it starts ({start})",
                )
            )
        if (start is None) != (end is None):
            out.append(Problem("bad-date", f"{path}.end", row.get("end"), "give both dates"))
        city = row.get("city")
        if city is not None:
            if city not in cities:
                out.append(
                    Problem("unknown-city", f"{path}.city", city, "no city of the snapshot has it")
                )
            elif cities[city][0] != row.get("country"):
                out.append(
                    Problem(
                        "country-mismatch",
                        f"{path}.country",
                        row.get("country"),
                        f"the host {city} is in {cities[city][0]}",
                    )
                )
        for j, y in enumerate(row.get("awards") or []):
            where = f"{path}.awards[{j}]"
            if y not in award_years:
                out.append(Problem("unknown-award", where, y, f"no award was given in {y}"))
            elif given.setdefault(y, i) != i:
                out.append(
                    Problem(
                        "unknown-award",
                        where,
                        y,
                        f"the {y} awards were already given at {rows[given[y]].get('number')}",
                    )
                )
        _texts(row, ("host", "theme", "outcome", "also_adopted", "note"), path, out)
        _sources(row, f"{path}.sources", "conference", out)


def _cluster_cities(
    row: Mapping[str, Any],
    name: str,
    path: str,
    cities: Mapping[str, _City],
    out: List[Problem],
) -> None:
    ids = row.get(name)
    if ids is None:  # no source says
        return
    seen: Set[str] = set()
    for j, cid in enumerate(ids):
        where = f"{path}.{name}[{j}]"
        if cid in seen:
            out.append(Problem("duplicate-id", where, cid, f"{cid} is named twice"))
        seen.add(cid)
        if cid not in cities:
            out.append(Problem("unknown-city", where, cid, "no city of the snapshot has it"))
        elif not is_admitted(cities[cid][1]):
            out.append(
                Problem(
                    "unknown-city",
                    where,
                    cid,
                    f"{cid} is {cities[cid][1]}, not an admitted member",
                )
            )


def _clusters(
    rows: Sequence[Mapping[str, Any]], cities: Mapping[str, _City], out: List[Problem]
) -> None:
    ids: Set[Any] = set()
    for i, row in enumerate(rows):
        path = f"clusters[{i}]"
        cid = row.get("id")
        if not isinstance(cid, str) or not CLUSTER_ID.match(cid):
            out.append(
                Problem("bad-id", f"{path}.id", cid, "use lower-case words joined by hyphens")
            )
        elif cid in ids:
            out.append(Problem("duplicate-id", f"{path}.id", cid, f"two clusters are {cid!r}"))
        ids.add(cid)
        _cluster_cities(row, "coordinators", path, cities, out)
        _cluster_cities(row, "members", path, cities, out)
        members, stated = row.get("members"), row.get("stated_members")
        if members is not None and stated is not None and len(members) > stated:
            out.append(
                Problem(
                    "bad-count",
                    f"{path}.members",
                    len(members),
                    f"lists {len(members)} members, more than the {stated} stated",
                )
            )
        _texts(row, ("theme", "strategy", "note"), path, out)
        _sources(row, f"{path}.sources", "cluster", out)
