"""Writing cities to files: one flat row per city, as CSV, JSON, JSON Lines or GeoJSON.

Every writer takes the cities (any iterable, such as a :func:`gnlc.cities`
result) and a target: a path, a text file, or a binary file (written as
UTF-8). Without a target the text is returned instead. The CSV and JSON
writers also take the records of the network's other tables (awards,
conferences, clusters), one flat row each, with the columns
:data:`gnlc.fields.TABLES` declares for them.

>>> import gnlc
>>> text = gnlc.to_csv(gnlc.cities(country="NA"))
>>> header, namibia = text.splitlines()
>>> header.split(",") == list(COLUMNS)
True
>>> namibia.split(",")[:5]
['na-helao-nafidi-town-council', 'Helao Nafidi Town Council', 'NA', 'NAM', 'Namibia']

Namibia's code is ``NA``: read such a file back with
``pandas.read_csv(path, keep_default_na=False)``, or with
:func:`gnlc.frame.read_csv`, or pandas turns it into a missing value.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import typing
from typing import (
    IO,
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Optional,
    Tuple,
    Union,
    cast,
    overload,
)

from . import _files
from .fields import AWARDS, CITIES, CITIES_WITH_NAMES, CLUSTERS, CONFERENCES, Column, Table
from .model import City
from .results import Clusters, Conferences

__all__ = [
    "COLUMNS",
    "LIST_COLUMNS",
    "CityInput",
    "Target",
    "city_row",
    "city_rows",
    "feature",
    "format_cell",
    "parse_cell",
    "rows",
    "to_csv",
    "to_geojson",
    "to_json",
    "to_jsonl",
]

COLUMNS = CITIES.names
"""The columns of a flat city row, in order (:data:`gnlc.fields.CITIES`)."""

LIST_COLUMNS = tuple(c.name for c in CITIES.columns if typing.get_origin(c.type) is tuple)
"""The multi-valued columns: lists in JSON, JSON arrays in CSV cells."""

Target = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]
"""Where a writer writes: a path, a text file or a binary file."""

CityInput = Union[Iterable[City], City]
"""What a writer takes: cities (any iterable, such as a :func:`gnlc.cities`
result), or one city (the CSV and JSON writers also take awards, conferences
or clusters)."""

# Besides cities, the tables whose records the CSV and JSON writers take.
_NETWORK = (AWARDS, CONFERENCES, CLUSTERS)


def city_row(city: City) -> Dict[str, Any]:
    """One city as a flat dict of JSON-ready values, keyed by :data:`COLUMNS`
    (what each means: :data:`gnlc.fields.CITIES`; ``None`` where unknown).

    >>> import gnlc
    >>> row = city_row(gnlc.city("Cork"))
    >>> row["cohorts"], row["joined"], row["awards"], row["status"]
    (['2015-2018'], None, [2015, 2024], 'confirmed')
    """
    return CITIES.row(city)


def city_rows(cities: CityInput, *, names: bool = False) -> Iterator[Dict[str, Any]]:
    """The flat rows of *cities* (an iterable of cities, or one city); a
    :class:`TypeError` for anything else. With *names*, each row ends with the
    city's ``other_names`` (:data:`gnlc.fields.CITIES_WITH_NAMES`).

    >>> import gnlc
    >>> next(city_rows(gnlc.city("Cork"), names=True))["other_names"][-3:]
    ['コーク', '科克', '코크']
    """
    return _table(names).rows((cities,) if isinstance(cities, City) else cities)


def _table(names: bool) -> Table:
    return CITIES_WITH_NAMES if names else CITIES


def rows(records: Any, *, names: bool = False) -> Tuple[Table, List[Dict[str, Any]]]:
    """The flat table that *records* belong to, and their rows in it.

    *records* are cities (or one city), or the awards, conferences or
    clusters of one query (or one such record): their table is the first
    record's (:data:`gnlc.fields.TABLES`); an empty input is an empty table of
    cities, unless it is an empty :class:`~gnlc.Conferences` or
    :class:`~gnlc.Clusters` result. Records of two kinds are a
    :class:`TypeError`. With *names*, cities' rows end with their other names.

    >>> import gnlc
    >>> table, found = rows(gnlc.conferences(year=2017))
    >>> table.name, found[0]["host"], found[0]["also_adopted"]
    ('conferences', 'Cork', ['Learning Cities and the SDGs: A Guide to Action'])
    """
    if isinstance(records, Conferences):
        table: Table = CONFERENCES
    elif isinstance(records, Clusters):
        table = CLUSTERS
    else:
        table = CITIES
    if isinstance(records, (City, *(t.record for t in _NETWORK))):
        records = (records,)
    items = list(records)
    if items and table is CITIES:
        table = next((t for t in _NETWORK if isinstance(items[0], t.record)), CITIES)
    if table is CITIES:
        table = _table(names)
    return table, list(table.rows(items))


def _write(target: Optional[Target], chunks: Iterable[str]) -> Optional[str]:
    """Return the text, or write it to *target*: nothing is written until the
    whole text is made and encoded, and a path is replaced atomically, so a
    failure (a record that cannot be written) leaves the old file as it was."""
    text = "".join(chunks)
    if target is None:
        return text
    if isinstance(target, (str, os.PathLike)):
        _files.write(target, _utf8(text))
        return None
    if not hasattr(target, "write"):
        raise TypeError(f"expected a path or a file object, not {type(target).__name__}")
    if isinstance(target, (io.RawIOBase, io.BufferedIOBase)) or "b" in getattr(target, "mode", ""):
        cast("IO[bytes]", target).write(_utf8(text))
    else:
        cast("IO[str]", target).write(text)
    return None


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: not text any file can hold
        bad = text[exc.start : exc.end]
        raise ValueError(
            f"cannot write {bad!r} as UTF-8 (a lone surrogate, at character {exc.start}); "
            "nothing was written"
        ) from None


def format_cell(column: Column, value: Any) -> Any:
    """How :func:`to_csv` (and ``gnlc ... --format csv``) writes a value of a
    flat row of *column*: a list as a JSON array (``[2015, 2024]``,
    ``["2019", "2024"]``, ``[]``), ``None`` as an empty cell; :func:`parse_cell`
    reads each back.

    A JSON array is text to every CSV reader at its defaults (pandas, polars
    and the ``csv`` module alike), where ``2015 2024`` beside a single
    ``2015`` made polars guess a number column and fail; ``json.loads`` turns
    it back into the list. In a list column that may be ``None`` (no source
    says), ``[]`` and the empty cell stay apart.

    >>> from gnlc.fields import CITIES, CLUSTERS
    >>> format_cell(CITIES.column("awards"), [2015, 2024])
    '[2015, 2024]'
    >>> format_cell(CLUSTERS.column("members"), []), format_cell(CLUSTERS.column("members"), None)
    ('[]', '')
    """
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def parse_cell(column: Column, text: str) -> Any:
    """The value that the CSV cell *text* of *column* stands for, as
    :func:`to_csv` writes it: a list column's JSON array (or, as older files
    and hand-made ones have it, items split on spaces), an empty cell
    ``None`` (but ``""`` in a required column), a number column's digits a
    number. Text that does not fit the column's type is returned as it is, so
    that a check can report it.

    >>> from gnlc.fields import CITIES
    >>> awards, joined = CITIES.column("awards"), CITIES.column("joined")
    >>> parse_cell(awards, "[2015, 2024]"), parse_cell(awards, "2015 2024"), parse_cell(joined, "")
    ([2015, 2024], [2015, 2024], None)
    >>> parse_cell(CITIES.column("cohorts"), '["2019", "2024"]')
    ['2019', '2024']
    >>> parse_cell(CITIES.column("country"), "NA"), parse_cell(CITIES.column("joined"), "x")
    ('NA', 'x')

    A list column that may be ``None`` (a cluster's ``members``: no source
    lists them) reads an empty cell as ``None`` and ``[]`` as an empty list:

    >>> from gnlc.fields import CLUSTERS
    >>> [parse_cell(CLUSTERS.column("members"), t) for t in ("", "[]", "ie-cork kr-osan")]
    [None, [], ['ie-cork', 'kr-osan']]
    """
    return _cell_parser(column.type, not column.required, column.sep)(text)


_NUMBER = {int: r"-?[0-9]+", float: r"-?[0-9]+(\.[0-9]+)?"}


@functools.cache
def _cell_parser(typ: Any, may_be_empty: bool, sep: str = " ") -> Callable[[str], Any]:
    args = typing.get_args(typ)
    if typing.get_origin(typ) is tuple:
        part = _cell_parser(args[0], False)

        def parse_list(text: str) -> Any:
            stripped = text.strip()
            if stripped.startswith("[") and stripped.endswith("]"):
                try:
                    items = json.loads(stripped)
                except ValueError:
                    items = None
                if isinstance(items, list):
                    return [part(x) if isinstance(x, str) else x for x in items]
            # Older and hand-made files: items split on the column's separator.
            if sep == " ":
                return [part(p) for p in text.split()]
            return [part(p.strip()) for p in text.split(sep.strip()) if p.strip()]

        return parse_list
    listed = next((a for a in args if typing.get_origin(a) is tuple), None)
    if listed is not None:  # a list that may be None: "" is None, "[]" an empty list
        items = _cell_parser(listed, False, sep)
        return lambda text: None if not text else [] if text == "[]" else items(text)
    optional = type(None) in args
    kind = next((a for a in args if a is not type(None)), typ) if optional else typ
    optional = optional or may_be_empty
    pattern = re.compile(_NUMBER[kind]) if kind in _NUMBER else None

    def parse(text: str) -> Any:
        if not text and optional:
            return None
        if pattern is not None and pattern.fullmatch(text):
            try:
                return kind(text)
            except ValueError:  # more digits than int() takes
                pass
        return text

    return parse


def _csv_chunks(table: Table, found: List[Dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(table.names)
    for row in found:
        writer.writerow(format_cell(c, row[c.name]) for c in table.columns)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


@overload
def to_csv(cities: CityInput, target: None = None, *, names: bool = False) -> str: ...
@overload
def to_csv(cities: CityInput, target: Target, *, names: bool = False) -> None: ...
def to_csv(
    cities: CityInput, target: Optional[Target] = None, *, names: bool = False
) -> Optional[str]:
    """Write *cities* as CSV: a header row of :data:`COLUMNS`, UTF-8, ``\\r\\n``
    line ends (RFC 4180); return the text instead when *target* is ``None``.

    Multi-valued cells (``cohorts``, ``awards``, ``sources``) are JSON arrays
    (:func:`format_cell`); missing values are empty cells. Open a text file for it with
    ``newline=""``. To read the file back with pandas, pass
    ``keep_default_na=False`` (or use :func:`gnlc.frame.read_csv`), otherwise
    Namibia's code ``NA`` becomes a missing value.

    Awards, conferences or clusters are written with their own columns
    (:func:`rows`); :func:`parse_cell` reads each cell back. A list that may
    be unknown (a cluster's ``members``) is an empty cell when unknown, ``[]``
    when empty:

    >>> import gnlc, csv, io
    >>> print(to_csv(gnlc.clusters(city="Osan")).splitlines()[0])
    id,theme,strategy,established,coordinators,members,stated_members,stated_as_of,sources,note
    >>> row = next(csv.DictReader(io.StringIO(to_csv(gnlc.clusters(city="Osan")))))
    >>> row["coordinators"], row["members"], row["stated_members"]
    ('["ie-cork", "kr-osan"]', '', '49')

    With *names* (as for every writer), a last column holds a city's other
    names (:attr:`gnlc.City.other_names`).
    """
    return _write(target, _csv_chunks(*rows(cities, names=names)))


@overload
def to_json(cities: CityInput, target: None = None, *, names: bool = False) -> str: ...
@overload
def to_json(cities: CityInput, target: Target, *, names: bool = False) -> None: ...
def to_json(
    cities: CityInput, target: Optional[Target] = None, *, names: bool = False
) -> Optional[str]:
    """Write *cities* as one JSON array of flat rows (see :func:`city_row`).

    >>> import gnlc, json
    >>> json.loads(to_json(gnlc.cities(country="NA")))[0]["country"]
    'NA'
    >>> [(c["id"], c["members"]) for c in json.loads(to_json(gnlc.clusters()))][:2]
    [('esd', None), ('equity-inclusion', None)]
    """
    found = rows(cities, names=names)[1]
    return _write(target, [json.dumps(found, ensure_ascii=False, indent=2), "\n"])


@overload
def to_jsonl(cities: CityInput, target: None = None, *, names: bool = False) -> str: ...
@overload
def to_jsonl(cities: CityInput, target: Target, *, names: bool = False) -> None: ...
def to_jsonl(
    cities: CityInput, target: Optional[Target] = None, *, names: bool = False
) -> Optional[str]:
    """Write *cities* (or awards, conferences, clusters) as JSON Lines, one
    flat row per line."""
    found = rows(cities, names=names)[1]
    return _write(target, (json.dumps(r, ensure_ascii=False) + "\n" for r in found))


def feature(city: City) -> Dict[str, Any]:
    """One city as an RFC 7946 GeoJSON Feature.

    The geometry is a Point ``[longitude, latitude]`` (longitude first, WGS84),
    or ``null`` where the city has no coordinates yet; the properties are the
    flat row of :func:`city_row`, and the feature ``id`` is the city id.

    >>> import gnlc
    >>> f = feature(gnlc.city("Cork"))
    >>> f["type"], f["id"], f["geometry"]["type"], f["properties"]["name"]
    ('Feature', 'ie-cork', 'Point', 'Cork')
    >>> f["geometry"]["coordinates"] == [f["properties"]["lon"], f["properties"]["lat"]]
    True
    """
    return _feature(city_row(city))


def _feature(row: Dict[str, Any]) -> Dict[str, Any]:
    lat, lon = row["lat"], row["lon"]
    geometry = None
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": row}


def _geojson_chunks(rows: List[Dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    sep = "\n"
    for row in rows:
        yield sep + json.dumps(_feature(row), ensure_ascii=False)
        sep = ",\n"
    yield "\n]}\n"


@overload
def to_geojson(cities: CityInput, target: None = None, *, names: bool = False) -> str: ...
@overload
def to_geojson(cities: CityInput, target: Target, *, names: bool = False) -> None: ...
def to_geojson(
    cities: CityInput, target: Optional[Target] = None, *, names: bool = False
) -> Optional[str]:
    """Write *cities* as an RFC 7946 GeoJSON FeatureCollection, one Feature per
    city (see :func:`feature`), UTF-8, one feature per line.

    A city without coordinates is still a Feature, with ``"geometry": null``
    (RFC 7946 §3.2 allows an unlocated feature), so the collection always
    holds every city asked for; map tools skip such features, and a filter on
    ``geometry`` drops them.

    >>> import gnlc, json
    >>> doc = json.loads(to_geojson(gnlc.cities(country="PT")))
    >>> doc["type"], len(doc["features"]) == len(gnlc.cities(country="PT"))
    ('FeatureCollection', True)
    """
    return _write(target, _geojson_chunks(list(city_rows(cities, names=names))))
