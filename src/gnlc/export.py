"""Writing cities to files: one flat row per city, as CSV, JSON or JSON Lines.

>>> import io, gnlc
>>> buf = io.StringIO()
>>> to_csv(gnlc.cities(country="NA"), buf)
>>> print(buf.getvalue().splitlines()[1])
na-helao-nafidi-town-council,Helao Nafidi Town Council,NA,NAM,Namibia,AFR,Africa,2022,2022,2022,https://miragenews.com/unesco-global-network-of-learning-cities-77-new-848767
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import IO, Any, Dict, Iterable, Iterator, List, Union

from .model import City

__all__ = ["COLUMNS", "city_row", "to_csv", "to_json", "to_jsonl"]

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
    "sources",
)
"""The columns of a flat city row, in order."""

Target = Union[str, "os.PathLike[str]", IO[str]]


def city_row(city: City) -> Dict[str, Any]:
    """One city as a flat dict of JSON-ready values (lists joined by ``" "``
    in CSV)."""
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
        "sources": list(city.sources),
    }


def _open(target: Target) -> tuple[IO[str], bool]:
    if isinstance(target, (str, os.PathLike)):
        return open(target, "w", encoding="utf-8", newline=""), True
    if not isinstance(target, io.IOBase) and not hasattr(target, "write"):
        raise TypeError(f"expected a path or a text file, not {type(target).__name__}")
    return target, False


def _write(target: Target, chunks: Iterable[str]) -> None:
    fh, close = _open(target)
    try:
        for chunk in chunks:
            fh.write(chunk)
    finally:
        if close:
            fh.close()


def to_csv(cities: Iterable[City], target: Target) -> None:
    """Write *cities* as CSV (header row, UTF-8, ``\\r\\n`` line ends as RFC 4180).

    Multi-valued cells (``cohorts``, ``sources``) are joined with a space.
    """

    def chunks() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(COLUMNS)
        for c in cities:
            row = city_row(c)
            writer.writerow(
                " ".join(v) if isinstance(v, list) else ("" if v is None else v)
                for v in (row[k] for k in COLUMNS)
            )
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
        yield buf.getvalue()

    _write(target, chunks())


def to_json(cities: Iterable[City], target: Target) -> None:
    """Write *cities* as one JSON array of flat rows."""
    rows: List[Dict[str, Any]] = [city_row(c) for c in cities]
    _write(target, [json.dumps(rows, ensure_ascii=False, indent=1), "\n"])


def to_jsonl(cities: Iterable[City], target: Target) -> None:
    """Write *cities* as JSON Lines, one flat row per line."""
    _write(target, (json.dumps(city_row(c), ensure_ascii=False) + "\n" for c in cities))
