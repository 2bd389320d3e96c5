"""Export: CSV, JSON, JSON Lines and GeoJSON, to a path, a file object or a string."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List

import attrs
import pytest

import gnlc
from gnlc.export import COLUMNS, city_row, feature

WRITERS: List[Callable[..., Any]] = [gnlc.to_csv, gnlc.to_json, gnlc.to_jsonl, gnlc.to_geojson]


def located(city: gnlc.City, lat: float, lon: float) -> gnlc.City:
    return attrs.evolve(city, location=gnlc.Location(lat=lat, lon=lon, subdivision="XX-01"))


def read_csv_text(text: str) -> List[Dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --------------------------------------------------------------------------- targets


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_path_text_file_binary_file_and_string_agree(write: Any, tmp_path: Path) -> None:
    cities = gnlc.cities(country="BE")
    text = write(cities)
    assert isinstance(text, str)

    path = tmp_path / "out"
    assert write(cities, path) is None
    assert path.read_bytes() == text.encode("utf-8")
    assert write(cities, str(path)) is None
    assert path.read_bytes() == text.encode("utf-8")

    buf = io.StringIO()
    write(cities, buf)
    assert buf.getvalue() == text

    raw = io.BytesIO()
    write(cities, raw)
    assert not raw.closed  # the caller's file stays open
    assert raw.getvalue() == text.encode("utf-8")

    with (tmp_path / "bin").open("wb") as fh:
        write(cities, fh)
        assert not fh.closed
    assert (tmp_path / "bin").read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_bad_target_or_items(write: Any) -> None:
    with pytest.raises(TypeError, match="path or a file object"):
        write(gnlc.cities(country="NA"), 42)
    with pytest.raises(TypeError, match="City records"):
        write(["Liège"])


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_a_bad_item_writes_nothing(write: Any, tmp_path: Path) -> None:
    path = tmp_path / "out"
    with pytest.raises(TypeError):
        write([gnlc.city("Cork"), None], path)
    assert not path.exists()  # checked before the file is opened


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_one_city_a_generator_or_nothing(write: Any) -> None:
    liege = gnlc.city("Liège")
    assert write(liege) == write([liege]) == write(c for c in [liege])
    assert "Liège" in write(liege)  # not escaped: UTF-8 text
    empty = write([])
    assert "Liège" not in empty


def test_lazy_and_cheap() -> None:
    code = (
        "import sys, gnlc\n"
        "f = gnlc.to_geojson\n"
        "print('json' in sys.modules, 'pandas' in sys.modules, f.__module__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["True", "False", "gnlc.export"]


# --------------------------------------------------------------------------- rows


def test_row_has_every_column() -> None:
    for c in gnlc.cities(status="any"):
        row = city_row(c)
        assert tuple(row) == COLUMNS
        assert row["cohorts"] == list(c.cohort_ids)
        assert row["awards"] == list(c.awards)
        assert row["status"] == c.status.state


def test_csv() -> None:
    everyone = gnlc.cities(status="any")
    text = gnlc.to_csv(everyone)
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    rows = read_csv_text(text)
    assert [r["id"] for r in rows] == [c.id for c in everyone]
    cork = next(r for r in rows if r["id"] == "ie-cork")
    assert json.loads(cork["awards"]) == list(gnlc.city("Cork").awards)
    assert json.loads(cork["sources"]) == list(gnlc.city("Cork").sources)
    namibia = next(r for r in rows if r["alpha_3"] == "NAM")
    assert namibia["country"] == "NA"
    unknown = next(c for c in everyone if c.joined is None)
    assert next(r for r in rows if r["id"] == unknown.id)["joined"] == ""


def test_json_and_jsonl_agree() -> None:
    cities = gnlc.cities(cohort=2024)
    as_json = json.loads(gnlc.to_json(cities))
    as_jsonl = [json.loads(line) for line in gnlc.to_jsonl(cities).splitlines()]
    assert as_json == as_jsonl == [city_row(c) for c in cities]
    assert json.loads(gnlc.to_json([])) == []


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_follows_rfc_7946() -> None:
    liege = gnlc.city("Liège")
    cork = attrs.evolve(gnlc.city("Cork"), location=None)
    doc = json.loads(gnlc.to_geojson([located(liege, 50.6326, 5.5797), cork]))
    assert set(doc) == {"type", "features"}  # no "crs": RFC 7946 removed it
    assert doc["type"] == "FeatureCollection"
    placed, unplaced = doc["features"]
    assert placed["type"] == "Feature"
    assert placed["id"] == "be-liege"
    # longitude first
    assert placed["geometry"] == {"type": "Point", "coordinates": [5.5797, 50.6326]}
    assert placed["properties"]["lat"] == 50.6326
    assert placed["properties"]["subdivision"] == "XX-01"
    assert list(placed["properties"]) == list(COLUMNS)
    # a city without coordinates is still a Feature, with a null geometry
    assert unplaced["geometry"] is None
    assert "geometry" in unplaced
    assert unplaced["properties"] == city_row(cork)


def test_geojson_of_a_snapshot_city_with_coordinates() -> None:
    placed = [c for c in gnlc.cities() if c.location is not None and c.location.lat is not None]
    if not placed:
        pytest.skip("the snapshot has no coordinates yet")
    c = placed[0]
    assert c.location is not None
    f = json.loads(gnlc.to_geojson(c))["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [c.location.lon, c.location.lat]}


def test_geojson_partial_location_has_no_geometry() -> None:
    c = attrs.evolve(gnlc.city("Cork"), location=gnlc.Location(lat=51.9, note="no longitude"))
    assert feature(c)["geometry"] is None


def test_geojson_of_every_city_and_of_none() -> None:
    everyone = gnlc.cities(status="any")
    doc = json.loads(gnlc.to_geojson(everyone))
    assert [f["id"] for f in doc["features"]] == [c.id for c in everyone]
    assert json.loads(gnlc.to_geojson([])) == {"type": "FeatureCollection", "features": []}


def test_geojson_coordinates_are_numbers_in_range() -> None:
    # Whatever coordinates the snapshot holds, they are written as [lon, lat].
    for f in json.loads(gnlc.to_geojson(gnlc.cities(status="any")))["features"]:
        if f["geometry"] is not None:
            lon, lat = f["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert (lat, lon) == (f["properties"]["lat"], f["properties"]["lon"])
