"""The network beyond its members: conferences and clusters, as queries,
records, exports, command-line output and snapshot tables."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import attrs
import pytest
from conftest import ROOT, readable, to_file

import gnlc
from gnlc import export
from gnlc._rules import SCHEMA
from gnlc.cli import main
from gnlc.fields import CLUSTERS, CONFERENCES
from gnlc.testing import use_snapshot


def run(*argv: str) -> str:
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    try:
        assert main(list(argv)) == 0
    finally:
        sys.stdout = saved
    return out.getvalue()


# --------------------------------------------------------------------------- queries


def test_conferences_are_the_series_in_order() -> None:
    found = gnlc.conferences()
    assert isinstance(found, gnlc.Conferences) and isinstance(found, tuple)
    assert [c.number for c in found] == list(range(1, len(found) + 1))
    assert [(c.year, c.host) for c in found[:6]] == [
        (2013, "Beijing"),
        (2015, "Mexico City"),
        (2017, "Cork"),
        (2019, "Medellín"),
        (2021, "Yeonsu"),
        (2024, "Jubail"),
    ]
    assert [c.ordinal for c in found[:4]] == ["1st", "2nd", "3rd", "4th"]
    assert found == gnlc.conferences()  # the same answer every time
    assert all(c.sources for c in found)


def test_each_held_conference_has_dates_in_its_year() -> None:
    for c in gnlc.conferences():
        if c.start is None:
            assert c.end is None and c.host is None  # announced, not held
            continue
        assert c.end is not None and c.start <= c.end
        assert c.start.year == c.end.year == c.year


def test_outcome_documents_and_the_unknown_one() -> None:
    outcomes = {c.year: c.outcome for c in gnlc.conferences()}
    assert outcomes[2013] == "Beijing Declaration on Building Learning Cities"
    assert outcomes[2017] == "Cork Call to Action for Learning Cities"
    assert outcomes[2021] == "Yeonsu Declaration for Learning Cities"
    assert outcomes[2024] is None  # no source names it
    beijing = gnlc.conferences(year=2013)[0]
    assert beijing.also_adopted == ("Key Features of Learning Cities",)


@pytest.mark.parametrize(
    ("year", "city_id"),
    [
        (2013, "cn-beijing"),
        (2015, "mx-mexico-city"),
        (2017, "ie-cork"),
        (2019, "co-medellin"),
        (2021, "kr-yeonsu-gu"),
        (2024, "sa-jubail-industrial-city"),
    ],
)
def test_a_host_that_is_a_member_resolves_to_its_city(year: int, city_id: str) -> None:
    (c,) = gnlc.conferences(year=year)
    assert c.city is gnlc.get_city(city_id)  # the very record the city queries return
    assert c.country is c.city.country


def test_the_awards_given_at_a_conference_are_the_awards() -> None:
    by_year = {c.year: c for c in gnlc.conferences()}
    assert by_year[2013].awards == ()  # none given: known, not unknown
    for year in (2015, 2017, 2019, 2021, 2024):
        assert by_year[year].awards == gnlc.awards(year)
        assert by_year[year].award_years == (year,)
    given = [y for c in gnlc.conferences() for y in c.award_years]
    assert sorted(given) == sorted({a.year for a in gnlc.awards()})


def test_an_announced_conference_is_unknown_not_empty() -> None:
    last = gnlc.conferences()[-1]
    assert last.year == 2027
    assert (last.host, last.country, last.city, last.start, last.outcome) == (None,) * 5
    assert last.note and "host" in last.note


def test_a_citys_conferences_hosted_or_awarded() -> None:
    assert [c.number for c in gnlc.conferences(city="Cork")] == [2, 3, 6]
    assert [c.number for c in gnlc.conferences(city=gnlc.city("Yeonsu-gu"))] == [5]
    assert [c.number for c in gnlc.conferences(city="Osan")] == [5]  # its 2021 award
    assert gnlc.conferences(city="Cao Lanh") == ()
    assert gnlc.conferences(city="Cork", year=2017)[0].host == "Cork"
    with pytest.raises(gnlc.NotFoundError):
        gnlc.conferences(city="Atlantis")
    with pytest.raises(TypeError):
        gnlc.conferences(year="2017")  # type: ignore[arg-type]


def test_clusters_in_the_strategys_order() -> None:
    found = gnlc.clusters()
    assert isinstance(found, gnlc.Clusters)
    assert [k.id for k in found] == [
        "esd",
        "equity-inclusion",
        "planning",
        "gced",
        "entrepreneurship",
        "health",
        "literacy",
    ]
    assert {k.strategy for k in found} == {"2019-2021"}
    assert all(k.sources for k in found)


def test_cluster_coordinators_are_member_cities() -> None:
    coordinators = {k.id: k.coordinator_ids for k in gnlc.clusters()}
    assert coordinators["esd"] == ("cn-shanghai", "fi-espoo", "de-hamburg")
    assert coordinators["planning"] == ("kr-goyang", "mx-huejotzingo")
    assert coordinators["gced"] == ("gr-larissa", "kr-yeonsu-gu")
    assert coordinators["health"] == ("ie-cork", "kr-osan")
    for k in gnlc.clusters():
        for c in k.coordinators or ():
            assert c is gnlc.get_city(c.id) and c in gnlc.cities()


def test_unknown_is_none_and_distinct_from_empty() -> None:
    by_id = {k.id: k for k in gnlc.clusters()}
    for cid in ("equity-inclusion", "entrepreneurship", "literacy"):
        assert by_id[cid].coordinators is None and by_id[cid].coordinator_ids is None
    assert all(k.members is None and k.member_ids is None for k in gnlc.clusters())
    empty = attrs.evolve(by_id["health"], members=())
    assert empty.member_ids == () and empty != by_id["health"]
    assert CLUSTERS.row(empty)["members"] == [] and CLUSTERS.row(by_id["health"])["members"] is None


def test_a_citys_clusters() -> None:
    assert [k.id for k in gnlc.clusters(city="Osan")] == ["health"]
    assert [k.id for k in gnlc.clusters(city="Yeonsu-gu")] == ["gced"]
    assert gnlc.clusters(city="Cao Lanh") == ()
    member = attrs.evolve(gnlc.clusters()[0], members=(gnlc.city("Cao Lanh"),))
    assert member.member_ids == ("vn-cao-lanh",)


def test_records_are_frozen_and_slotted() -> None:
    c = gnlc.conferences()[0]
    k = gnlc.clusters()[0]
    for record in (c, k):
        assert not hasattr(record, "__dict__")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            record.note = "x"  # type: ignore[misc]
    assert repr(c) == "Conference(1, 2013, 'Beijing')"
    assert repr(k) == "Cluster('esd', 'Education for sustainable development')"
    assert hash(c) == hash(gnlc.conferences()[0])


def test_results_slice_and_show_in_a_notebook() -> None:
    found = gnlc.conferences()
    assert isinstance(found[1:3], gnlc.Conferences) and found[0].number == 1
    assert repr(gnlc.Conferences(())) == "Conferences([])"
    assert (
        repr(gnlc.clusters()[:2])
        == "Clusters(2: Education for sustainable development, Equity and inclusion)"
    )
    page = found._repr_html_()
    assert page.startswith(f"<table><caption>{len(found)} conferences</caption>")
    assert "<td>Medellín</td>" in page and "<td>unknown</td>" in page
    assert "<th>outcome</th>" in page
    clusters = gnlc.clusters()._repr_html_()
    assert "<td>ie-cork, kr-osan</td>" in clusters and "<td>unknown</td>" in clusters
    assert gnlc.clusters(city="Osan")._repr_html_().startswith("<table><caption>1 cluster<")


# --------------------------------------------------------------------------- exports


@pytest.mark.parametrize("table", [CONFERENCES, CLUSTERS], ids=lambda t: t.name)
def test_csv_round_trip(table: Any) -> None:
    records = gnlc.conferences() if table is CONFERENCES else gnlc.clusters()
    if table is CLUSTERS:  # an empty list of members, as well as unknown ones
        records = gnlc.Clusters((*records, attrs.evolve(records[0], id="x", members=())))
    text = gnlc.to_csv(records)
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == table.names
    back = [{c.name: export.parse_cell(c, row[c.name]) for c in table.columns} for row in reader]
    assert back == [table.row(r) for r in records]


@pytest.mark.parametrize("table", [CONFERENCES, CLUSTERS], ids=lambda t: t.name)
def test_json_and_jsonl_round_trip(table: Any) -> None:
    records = gnlc.conferences() if table is CONFERENCES else gnlc.clusters()
    rows = [table.row(r) for r in records]
    assert json.loads(gnlc.to_json(records)) == rows
    assert [json.loads(line) for line in gnlc.to_jsonl(records).splitlines()] == rows


def test_export_picks_the_table_of_its_records(tmp_path: Path) -> None:
    assert export.rows(gnlc.conferences()[0])[0] is CONFERENCES  # one record
    assert export.rows(gnlc.Clusters(()))[0] is CLUSTERS  # an empty result keeps its table
    assert export.rows([])[0].name == "cities"
    assert export.rows(gnlc.awards(2015))[0].name == "awards"
    with pytest.raises(TypeError, match="Conference records"):
        gnlc.to_csv([gnlc.conferences()[0], gnlc.clusters()[0]])
    with pytest.raises(TypeError):
        gnlc.to_geojson(gnlc.conferences())  # conferences are not places
    path = tmp_path / "clusters.csv"
    gnlc.to_csv(gnlc.clusters(), path)
    assert path.read_bytes() == gnlc.to_csv(gnlc.clusters()).encode("utf-8")


def test_titles_with_spaces_survive_csv() -> None:
    cork = attrs.evolve(gnlc.conferences(year=2017)[0], also_adopted=("A b c", "D e"))
    row = next(csv.DictReader(io.StringIO(gnlc.to_csv([cork]))))
    assert row["also_adopted"] == '["A b c", "D e"]'
    # and a hand-made cell in the old form, titles joined with "; ", still reads
    assert export.parse_cell(CONFERENCES.column("also_adopted"), "A b c; D e") == ["A b c", "D e"]
    assert export.parse_cell(CONFERENCES.column("also_adopted"), row["also_adopted"]) == [
        "A b c",
        "D e",
    ]


def test_the_cities_csv_is_unchanged() -> None:
    header = gnlc.to_csv(gnlc.cities(country="NA")).splitlines()[0]
    assert header.split(",") == list(export.COLUMNS)


# --------------------------------------------------------------------------- command line


def test_cli_conferences_table_and_csv() -> None:
    table = run("conferences", "--format", "table")
    assert table.splitlines()[0].split() == list(CONFERENCES.view)
    assert "Yeonsu Declaration for Learning Cities" in table
    assert len(table.splitlines()) == 2 + 7  # header, rule, a row each; no count off a terminal
    assert table.splitlines()[-1].split()[:3] == ["7", "2027", "unknown"]  # the host not yet named
    assert run("conferences", "--format", "csv") == gnlc.to_csv(gnlc.conferences())
    one = json.loads(run("conferences", "--city", "Cork", "--year", "2017", "--format", "json"))
    assert [(r["number"], r["city"]) for r in one] == [(3, "ie-cork")]


def test_cli_clusters() -> None:
    text = run("clusters", "--city", "Osan", "--format", "table")
    assert "health" in text and "ie-cork,kr-osan" in text and "unknown" in text
    assert len(text.splitlines()) == 2 + 1
    rows = json.loads(run("clusters", "--format", "json"))
    assert rows == [CLUSTERS.row(k) for k in gnlc.clusters()]
    assert rows[0]["members"] is None


def test_cli_nothing_found_is_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["conferences", "--year", "2030"]) == 1
    assert main(["clusters", "--city", "Cao Lanh"]) == 1
    assert main(["clusters", "--city", "Atlantis"]) == 1
    err = capsys.readouterr().err
    assert "no International Conference on Learning Cities in 2030" in err
    assert "Traceback" not in err


def test_cli_city_shows_hosted_and_cluster() -> None:
    text = run("city", "Cork")
    assert "hosted    3rd International Conference on Learning Cities, 2017 [" in text
    assert "cluster   Health and well-being (coordinator, 2019-2021) [" in text
    sources = [line for line in text.splitlines() if line.startswith("source")]
    for url in gnlc.conferences(year=2017)[0].sources:
        assert any(line.endswith(url) for line in sources)
    assert "hosted" not in run("city", "Osan") and "cluster" in run("city", "Osan")


# --------------------------------------------------------------------------- the snapshot


def test_the_tables_are_written_after_the_awards(snapshot_json: Dict[str, Any]) -> None:
    keys = list(snapshot_json)
    assert keys.index("awards") + 1 == keys.index("conferences")
    assert keys.index("conferences") + 1 == keys.index("clusters")
    assert [r["number"] for r in snapshot_json["conferences"]] == list(range(1, 8))
    first = snapshot_json["conferences"][0]
    assert (first["city"], first["country"], first["award_years"]) == ("cn-beijing", "CN", [])
    urls = snapshot_json["sources"]
    assert [urls[i] for i in first["sources"]] == list(gnlc.conferences()[0].sources)
    assert snapshot_json["clusters"][1]["coordinators"] is None


def test_a_file_without_the_network_tables_is_refused(snapshot_json: Dict[str, Any]) -> None:
    # Every file of this schema has them (schemas 3 to 5, which lacked or half had
    # them, were never released): a file without them does not follow it.
    raw = {k: v for k, v in snapshot_json.items() if k not in ("conferences", "clusters")}
    raw["fields"] = {k: v for k, v in raw["fields"].items() if k not in ("conferences", "clusters")}
    half = {k: v for k, v in snapshot_json.items() if k != "clusters"}  # the fields say otherwise
    for damaged in (raw, half):
        with (
            pytest.raises(gnlc.SnapshotError, match=f"does not follow schema {SCHEMA}"),
            use_snapshot(to_file(damaged)),
        ):
            pass


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("conferences", "city", "xx-nowhere"),
        ("conferences", "number", "one"),
        ("conferences", "start", "2013-13-01"),
        ("conferences", "award_years", [1999]),
        ("clusters", "coordinators", "ie-cork"),
        ("clusters", "members", ["ie-cork", "ie-cork"]),
        ("clusters", "sources", [10**6]),
    ],
)
def test_a_broken_table_fails_clearly_when_first_asked(
    snapshot_json: Dict[str, Any], table: str, field: str, value: Any
) -> None:
    raw = json.loads(json.dumps(snapshot_json))
    raw[table][0][field] = value
    with use_snapshot(to_file(raw)):
        assert gnlc.city("Cork").name == "Cork"  # the members load: the table waits
        query = gnlc.conferences if table == "conferences" else gnlc.clusters
        with pytest.raises(gnlc.SnapshotError, match=f"does not follow schema {SCHEMA}"):
            query()
        assert [p.code for p in gnlc.validate()] == ["wrong-type"]


def test_the_tables_are_decoded_only_when_asked() -> None:
    code = (
        "import gnlc, gnlc._store as s\n"
        "gnlc.city('Cork'); snap = s.get()\n"
        "print(snap._conferences is None, snap._clusters is None, snap._awards is None,\n"
        "      'gnlc._model_extra' in __import__('sys').modules)\n"
        "gnlc.clusters(); print(snap._clusters is not None, snap._conferences is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "False", "True", "True"]


def test_validation_checks_the_bundled_tables() -> None:
    assert gnlc.validate().ok
    assert gnlc.validate(gnlc.conferences()).ok and gnlc.validate(gnlc.clusters()[0]).ok
    wrong = attrs.evolve(gnlc.conferences()[2], country=gnlc.country("FR"), sources=())
    assert [(p.code, p.path) for p in gnlc.validate([wrong])] == [
        ("country-mismatch", "conferences[0].country"),
        ("missing-source", "conferences[0].sources"),
    ]


# --------------------------------------------------------------------------- the build


def _data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("conferences.tsv", "\tie-cork\t", "\tie-nowhere\t", "unknown-city"),
        ("conferences.tsv", "\tIE\tie-cork", "\tFR\tie-cork", "country-mismatch"),
        ("conferences.tsv", "2017-09-20", "2016-09-20", "bad-date"),
        ("conferences.tsv", "\t2017\thttps", "\t2016\thttps", "unknown-award"),
        ("conferences.tsv", "\n3\t2017", "\n9\t2017", "number-gap"),
        ("clusters.tsv", "ie-cork | kr-osan", "ie-cork | kr-osan | xx-nowhere", "unknown-city"),
        ("clusters.tsv", "\nplanning\t", "\nPlanning\t", "bad-id"),
    ],
)
def test_the_build_refuses_a_broken_row(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    from tools.network import build_network
    from tools.rows import BuildError

    root = _data(tmp_path)
    _edit(root / "data/curated" / file, old, new)
    with pytest.raises(BuildError, match=rf"data/curated/{file}:\d+: .*{message}"):
        build_network(root, _cities(), {a.year for a in gnlc.awards()})


def _cities() -> List[Dict[str, Any]]:
    """The snapshot's cities as the build has them (what the network's rows need)."""
    return [
        {"id": c.id, "country": c.country.alpha_2, "status": {"state": c.status.state}}
        for c in gnlc.cities(status="any")
    ]


def test_the_build_makes_the_bundled_tables() -> None:
    from tools.network import build_network

    conferences, clusters = build_network(ROOT, _cities(), {a.year for a in gnlc.awards()})
    assert [c["number"] for c in conferences] == [c.number for c in gnlc.conferences()]
    assert [k["id"] for k in clusters] == [k.id for k in gnlc.clusters()]
    assert [k["coordinators"] for k in clusters] == [
        None if k.coordinator_ids is None else list(k.coordinator_ids) for k in gnlc.clusters()
    ]


def test_the_build_reads_none_as_an_empty_list(tmp_path: Path) -> None:
    from tools.network import read_clusters

    root = _data(tmp_path)
    _edit(root / "data/curated/clusters.tsv", "\t2019\t\t\t\t\t", "\t2019\t\tnone\t\t\t")
    rows: List[Dict[str, Any]] = read_clusters(root)
    assert rows[1]["coordinators"] is None and rows[1]["members"] == []
    assert rows[0]["members"] is None


def test_readable_sees_the_new_tables(snapshot_json: Dict[str, Any]) -> None:
    assert readable(json.loads(to_file(snapshot_json)))["clusters"] == snapshot_json["clusters"]
