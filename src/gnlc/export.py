"""Writing cities to files: one flat row per city, as CSV, JSON, JSON Lines or GeoJSON.

Every writer takes the cities (any iterable, such as a :func:`gnlc.cities`
result) and a target: a path, a text file, or a binary file (written as
UTF-8). Without a target the text is returned instead.

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
    Union,
    cast,
    overload,
)

from . import _files
from .fields import CITIES, CITIES_WITH_NAMES, Column, Table
from .model import City

__all__ = [
    "COLUMNS",
    "LIST_COLUMNS",
    "CityInput",
    "Target",
    "city_row",
    "city_rows",
    "feature",
    "parse_cell",
    "to_csv",
    "to_geojson",
    "to_json",
    "to_jsonl",
]

COLUMNS = CITIES.names
"""The columns of a flat city row, in order (:data:`gnlc.fields.CITIES`)."""

LIST_COLUMNS = tuple(c.name for c in CITIES.columns if typing.get_origin(c.type) is tuple)
"""The multi-valued columns: lists in JSON, space-separated in CSV."""

Target = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]
"""Where a writer writes: a path, a text file or a binary file."""

CityInput = Union[Iterable[City], City]
"""What a writer takes: cities (any iterable, such as a :func:`gnlc.cities`
result), or one city."""


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


def _csv_cell(value: Any, sep: str = " ") -> Any:
    """How :func:`to_csv` writes a value: a list joined with spaces (names,
    which hold spaces, with ``" | "``), ``None`` as an empty cell."""
    if isinstance(value, list):
        return sep.join(str(x) for x in value)
    return "" if value is None else value


def parse_cell(column: Column, text: str) -> Any:
    """The value that the CSV cell *text* of *column* stands for, as
    :func:`to_csv` writes it: a list column split on spaces, an empty cell
    ``None`` (but ``""`` in a required column), a number column's digits a
    number. Text that does not fit the column's type is returned as it is, so
    that a check can report it.

    >>> from gnlc.fields import CITIES
    >>> parse_cell(CITIES.column("awards"), "2015 2024"), parse_cell(CITIES.column("joined"), "")
    ([2015, 2024], None)
    >>> parse_cell(CITIES.column("country"), "NA"), parse_cell(CITIES.column("joined"), "x")
    ('NA', 'x')
    """
    return _cell_parser(column.type, not column.required)(text)


_NUMBER = {int: r"-?[0-9]+", float: r"-?[0-9]+(\.[0-9]+)?"}


@functools.cache
def _cell_parser(typ: Any, may_be_empty: bool) -> Callable[[str], Any]:
    args = typing.get_args(typ)
    if typing.get_origin(typ) is tuple:
        part = _cell_parser(args[0], False)
        return lambda text: [part(p) for p in text.split()]
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


def _csv_chunks(rows: List[Dict[str, Any]], columns: typing.Sequence[str]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_csv_cell(row[k], " | " if k == "other_names" else " ") for k in columns)
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

    Multi-valued cells (``cohorts``, ``awards``, ``sources``) are joined with a
    space; missing values are empty cells. Open a text file for it with
    ``newline=""``. To read the file back with pandas, pass
    ``keep_default_na=False`` (or use :func:`gnlc.frame.read_csv`), otherwise
    Namibia's code ``NA`` becomes a missing value.

    With *names* (as for every writer), a last column holds the city's other
    names (:attr:`gnlc.City.other_names`), joined with ``" | "``.
    """
    return _write(target, _csv_chunks(list(city_rows(cities, names=names)), _table(names).names))


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
    """
    rows: List[Dict[str, Any]] = list(city_rows(cities, names=names))
    return _write(target, [json.dumps(rows, ensure_ascii=False, indent=1), "\n"])


@overload
def to_jsonl(cities: CityInput, target: None = None, *, names: bool = False) -> str: ...
@overload
def to_jsonl(cities: CityInput, target: Target, *, names: bool = False) -> None: ...
def to_jsonl(
    cities: CityInput, target: Optional[Target] = None, *, names: bool = False
) -> Optional[str]:
    """Write *cities* as JSON Lines, one flat row per line."""
    rows = list(city_rows(cities, names=names))
    return _write(target, (json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


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
