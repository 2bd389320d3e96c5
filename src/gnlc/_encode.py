"""Writing the snapshot file, in the layout :mod:`gnlc._snapshot` declares.

The data build (``tools/build_snapshot.py``) and the benchmark's synthetic
snapshots write with it; no query needs it.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Tuple

from ._snapshot import FIELDS, LATER_TABLES, LOCATION_FIELDS

__all__ = ["dumps", "encode", "tabulate"]


def encode(snapshot: Mapping[str, Any]) -> bytes:
    """The file for *snapshot*, a dict of plain records (each table a list of
    dicts with the fields of :data:`FIELDS`, each ``sources`` a list of URLs, a
    city's status a dict and its admissions a list of dicts): the tables made
    (:func:`tabulate`) and written (:func:`dumps`). The same input always
    gives the same bytes."""
    return dumps(tabulate(snapshot))


def tabulate(snapshot: Mapping[str, Any]) -> Dict[str, Any]:
    """Every repeated value once, in a table, referenced by its index; every
    row an array in the order of :data:`FIELDS`.

    Thousands of cities cite the same few announcements and share equal
    statuses and admissions; written once each, they make the file less than
    half the size (a fifth at 100,000 cities), and the loader builds each
    record once instead of once per city. Every ``sources`` field holds
    indexes into ``sources``; a city's ``status`` is an index into
    ``statuses`` and its ``admissions`` indexes into ``admissions``. The
    tables are sorted, so the same facts always give the same indexes. A JSON
    array parses in two thirds of the time of an object with the same values
    (an object repeats its keys on every row), and is unpacked without a
    lookup per field.

    The conferences and clusters tables are written after the awards, empty
    where *snapshot* has none (as the benchmark's synthetic snapshots).
    """
    snapshot = _with_later_tables(snapshot)
    urls = {u for c in snapshot["cohorts"] for u in c["sources"]}
    urls.update(u for a in snapshot["awards"] for u in a["sources"])
    for later in LATER_TABLES:
        urls.update(u for row in snapshot[later] for u in row["sources"])
    for c in snapshot["cities"]:
        urls.update(c["sources"], c["status"]["sources"])
        urls.update(u for a in c["admissions"] for u in a["sources"])
    url_index = {u: i for i, u in enumerate(sorted(urls))}

    def array(table: str, row: Mapping[str, Any]) -> List[Any]:
        fields = FIELDS[table]
        if set(row) != set(fields):
            raise ValueError(f"a row of {table} has the fields {sorted(row)}, not {list(fields)}")
        return [url_index_of(row[f]) if f == "sources" else row[f] for f in fields]

    def url_index_of(values: List[str]) -> List[int]:
        return [url_index[u] for u in values]

    def key(row: Mapping[str, Any]) -> str:
        """A row as the file writes it (sources as indexes), to sort and match by."""
        written = {**row, "sources": url_index_of(row["sources"])}
        return json.dumps(written, ensure_ascii=False, sort_keys=True)

    def table(name: str, rows: List[Dict[str, Any]]) -> Tuple[List[List[Any]], Dict[str, int]]:
        """The distinct *rows* as arrays, sorted, and the index of each by its key."""
        by_key = {key(r): r for r in rows}
        order = sorted(by_key)
        return [array(name, by_key[k]) for k in order], {k: i for i, k in enumerate(order)}

    statuses, status_index = table("statuses", [c["status"] for c in snapshot["cities"]])
    admissions, admission_index = table(
        "admissions", [a for c in snapshot["cities"] for a in c["admissions"]]
    )
    cities = []
    for c in snapshot["cities"]:
        loc = c["location"]
        city = {
            **c,
            "status": status_index[key(c["status"])],
            "admissions": [admission_index[key(a)] for a in c["admissions"]],
            "location": None if loc is None else [loc[f] for f in LOCATION_FIELDS],
        }
        cities.append(array("cities", city))

    out: Dict[str, Any] = {}
    for name, value in snapshot.items():
        if name == "regions":  # the declarations and shared tables go first
            out["fields"] = {k: list(v) for k, v in FIELDS.items()}
            out["sources"] = sorted(urls)
        if name == "cities":
            out["statuses"] = statuses
            out["admissions"] = admissions
        out[name] = value if name not in FIELDS else [array(name, row) for row in value]
    out["cities"] = cities
    return out


def _with_later_tables(snapshot: Mapping[str, Any]) -> Dict[str, Any]:
    """*snapshot* with every table of :data:`LATER_TABLES`, right after the awards."""
    out: Dict[str, Any] = {}
    for name, value in snapshot.items():
        if name in LATER_TABLES:
            continue
        out[name] = value
        if name == "awards":
            out.update((t, snapshot.get(t, [])) for t in LATER_TABLES)
    for t in LATER_TABLES:
        out.setdefault(t, snapshot.get(t, []))
    return out


def dumps(tables: Mapping[str, Any]) -> bytes:
    """*tables* as UTF-8 JSON with one record per line, so that a change to
    one city is a change to one line of ``git diff``."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for name, value in tables.items():
        if isinstance(value, list):
            rows = ",\n".join(f"  {one(v)}" for v in value)
            text = f"[\n{rows}\n ]" if value else "[]"
        else:
            text = one(value)
        parts.append(f" {one(name)}: {text}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")
