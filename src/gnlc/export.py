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
import io
import json
import os
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

from .model import City

__all__ = [
    "COLUMNS",
    "LIST_COLUMNS",
    "city_row",
    "city_rows",
    "feature",
    "to_csv",
    "to_geojson",
    "to_json",
    "to_jsonl",
]

COLUMNS = (
    "id",
    "name",
    "country",
    "alpha_3",
    "country_name",
    "region",
    "region_name",
    "cohort",
    "cohorts",
    "joined",
    "status",
    "status_as_of",
    "awards",
    "lat",
    "lon",
    "subdivision",
    "geonames_id",
    "sources",
)
"""The columns of a flat city row, in order."""

LIST_COLUMNS = ("cohorts", "awards", "sources")
"""The multi-valued columns: lists in JSON, space-separated in CSV."""

Target = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]
Cities = Union[Iterable[City], City]


def city_row(city: City) -> Dict[str, Any]:
    """One city as a flat dict of JSON-ready values, keyed by :data:`COLUMNS`.

    ``cohort`` is the round that first admitted the city, ``cohorts`` every
    round, ``joined`` the year it joined (``None`` where unknown);
    ``status``/``status_as_of`` are its :class:`~gnlc.Status`; ``awards`` the
    years of its Learning City Awards; ``lat``/``lon``/``subdivision``/
    ``geonames_id`` come from its :class:`~gnlc.Location` (``None`` where not
    established).

    >>> import gnlc
    >>> row = city_row(gnlc.city("Cork"))
    >>> row["cohorts"], row["joined"], row["awards"], row["status"]
    (['2015-2018'], None, [2015, 2024], 'confirmed')
    """
    loc = city.location
    return {
        "id": city.id,
        "name": city.name,
        "country": city.country.alpha_2,
        "alpha_3": city.country.alpha_3,
        "country_name": city.country.name,
        "region": city.region.code,
        "region_name": city.region.name,
        "cohort": city.cohort.id if city.cohort is not None else None,
        "cohorts": list(city.cohorts),
        "joined": city.joined,
        "status": city.status.state,
        "status_as_of": city.status.as_of,
        "awards": list(city.awards),
        "lat": None if loc is None else loc.lat,
        "lon": None if loc is None else loc.lon,
        "subdivision": None if loc is None else loc.subdivision,
        "geonames_id": None if loc is None else loc.geonames_id,
        "sources": list(city.sources),
    }


def city_rows(cities: Cities) -> Iterator[Dict[str, Any]]:
    """The flat rows of *cities* (an iterable of cities, or one city); a
    :class:`TypeError` for anything else."""
    if isinstance(cities, City):
        cities = (cities,)
    for c in cities:
        if not isinstance(c, City):
            raise TypeError(f"expected City records, not {type(c).__name__}")
        yield city_row(c)


def _open(target: Target) -> Tuple[IO[str], Callable[[], None]]:
    """A text stream for *target*, and what to do with it when done."""
    if isinstance(target, (str, os.PathLike)):
        fh = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by _write)
        return fh, fh.close
    if not hasattr(target, "write"):
        raise TypeError(f"expected a path or a file object, not {type(target).__name__}")
    if isinstance(target, (io.RawIOBase, io.BufferedIOBase)) or "b" in getattr(target, "mode", ""):
        binary = cast("IO[bytes]", target)
        wrapper = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)

        def done() -> None:
            wrapper.flush()
            wrapper.detach()  # leave the caller's file open

        return wrapper, done
    return cast("IO[str]", target), lambda: None


def _write(target: Optional[Target], chunks: Iterable[str]) -> Optional[str]:
    if target is None:
        return "".join(chunks)
    fh, done = _open(target)
    try:
        for chunk in chunks:
            fh.write(chunk)
    finally:
        done()
    return None


def _csv_chunks(rows: List[Dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            " ".join(str(x) for x in v) if isinstance(v, list) else ("" if v is None else v)
            for v in (row[k] for k in COLUMNS)
        )
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


@overload
def to_csv(cities: Cities, target: None = None) -> str: ...
@overload
def to_csv(cities: Cities, target: Target) -> None: ...
def to_csv(cities: Cities, target: Optional[Target] = None) -> Optional[str]:
    """Write *cities* as CSV: a header row of :data:`COLUMNS`, UTF-8, ``\\r\\n``
    line ends (RFC 4180); return the text instead when *target* is ``None``.

    Multi-valued cells (``cohorts``, ``awards``, ``sources``) are joined with a
    space; missing values are empty cells. Open a text file for it with
    ``newline=""``. To read the file back with pandas, pass
    ``keep_default_na=False`` (or use :func:`gnlc.frame.read_csv`), otherwise
    Namibia's code ``NA`` becomes a missing value.
    """
    return _write(target, _csv_chunks(list(city_rows(cities))))


@overload
def to_json(cities: Cities, target: None = None) -> str: ...
@overload
def to_json(cities: Cities, target: Target) -> None: ...
def to_json(cities: Cities, target: Optional[Target] = None) -> Optional[str]:
    """Write *cities* as one JSON array of flat rows (see :func:`city_row`).

    >>> import gnlc, json
    >>> json.loads(to_json(gnlc.cities(country="NA")))[0]["country"]
    'NA'
    """
    rows: List[Dict[str, Any]] = list(city_rows(cities))
    return _write(target, [json.dumps(rows, ensure_ascii=False, indent=1), "\n"])


@overload
def to_jsonl(cities: Cities, target: None = None) -> str: ...
@overload
def to_jsonl(cities: Cities, target: Target) -> None: ...
def to_jsonl(cities: Cities, target: Optional[Target] = None) -> Optional[str]:
    """Write *cities* as JSON Lines, one flat row per line."""
    rows = list(city_rows(cities))
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
def to_geojson(cities: Cities, target: None = None) -> str: ...
@overload
def to_geojson(cities: Cities, target: Target) -> None: ...
def to_geojson(cities: Cities, target: Optional[Target] = None) -> Optional[str]:
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
    return _write(target, _geojson_chunks(list(city_rows(cities))))
