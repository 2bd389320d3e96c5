"""The bundled country outlines (tools/outlines.py): complete, well formed and
attributed. Rebuilding them needs the npm registry, so the comparison with a
fresh build is `python -m tools.outlines --check`, not a test."""

from __future__ import annotations

import json
from importlib import resources

import pytest


@pytest.fixture(scope="module")
def outlines() -> dict:
    from gnlc import maps

    return maps.basemap()  # decoded as every map reads them


def test_the_file_is_delta_encoded_tenths_of_a_degree() -> None:
    text = resources.files("gnlc").joinpath("data/outlines.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    assert (raw["encoding"], raw["scale"]) == ("delta", 10)
    first = raw["countries"][0]["polygons"][0][0]
    assert all(isinstance(v, int) for v in first) and len(first) % 2 == 0


def test_every_country_has_closed_rings_on_the_globe(outlines: dict) -> None:
    countries = outlines["countries"]
    assert len(countries) == 177  # Natural Earth 1:110m admin-0 countries
    for country in countries:
        assert country["polygons"], country["name"]
        for polygon in country["polygons"]:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], country["name"]
                assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring)


def test_ids_are_iso_numeric_codes_where_natural_earth_has_one(outlines: dict) -> None:
    ids = [c["id"] for c in outlines["countries"]]
    coded = [i for i in ids if i is not None]
    assert len(coded) == len(set(coded)) == 174
    assert all(len(i) == 3 and i.isdigit() for i in coded)
    by_id = {c["id"]: c["name"] for c in outlines["countries"]}
    assert by_id["410"] == "South Korea" and by_id["372"] == "Ireland"


def test_the_attribution_and_licence_travel_with_the_data(outlines: dict) -> None:
    assert "Natural Earth" in outlines["attribution"]
    licence = resources.files("gnlc").joinpath("data/outlines.LICENSE").read_text(encoding="utf-8")
    assert "Michael Bostock" in licence and "ISC" in outlines["licence"]
