"""gnlc.validation: the bundled data is clean, and every rule catches its break.

Each corpus case is one deliberately broken input and the exact problems
(code and path) it must produce; together the cases produce every code in
``gnlc.validation.CODES``.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import socket
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any, Callable, Dict, List, Set, Tuple

import attrs
import pytest
from conftest import ROOT, SNAPSHOT
from hypothesis import given, settings, strategies as st

import gnlc
from gnlc import export
from gnlc.cli import REPORT_FORMATS, main
from gnlc.validation import CODES, ValidationReport

CORPUS = Path(__file__).resolve().parent / "corpus"
URL = "https://example.org/liege"

# A valid city dict, written by hand so that the cases do not depend on the
# snapshot's own rows (only on reference data: Belgium is in ENA, cohort
# 2024 exists).
CITY: Dict[str, Any] = {
    "id": "be-liege",
    "name": "Liège",
    "country": "BE",
    "region": "ENA",
    "cohort": "2024",
    "joined": 2024,
    "admissions": [{"cohort": "2024", "year": 2024, "announced": "2024-02-14", "sources": [URL]}],
    "sources": [URL],
}
# The same city as a flat row, as gnlc.export writes it.
ROW: Dict[str, Any] = {
    "id": "be-liege",
    "name": "Liège",
    "country": "BE",
    "alpha_3": "BEL",
    "country_name": "Belgium",
    "region": "ENA",
    "region_name": "Europe and North America",
    "cohort": "2024",
    "cohorts": ["2024"],
    "joined": 2024,
    "sources": [URL],
}


def city(**changes: Any) -> Dict[str, Any]:
    out = copy.deepcopy(CITY)
    out.update(changes)
    return out


def row(**changes: Any) -> Dict[str, Any]:
    out = copy.deepcopy(ROW)
    out.update(changes)
    return out


def without(key: str) -> Dict[str, Any]:
    out = city()
    del out[key]
    return out


def admission(cohort: str = "2024", year: Any = 2024, **more: Any) -> Dict[str, Any]:
    return {"cohort": cohort, "year": year, "sources": [URL], **more}


def belgium(**changes: Any) -> Dict[str, Any]:
    """Belgium as a full Country record dict."""
    out: Dict[str, Any] = gnlc.to_dict(gnlc.country("BE"))
    out.update(changes)
    return out


def found(report: ValidationReport) -> List[Tuple[str, str]]:
    return [(p.code, p.path) for p in report]


Case = Tuple[str, Callable[[], Any], List[Tuple[str, str]]]

# (case id, the input, the exact (code, path) of every problem it must produce)
DATA_CASES: List[Case] = [
    # shape: cattrs structuring errors become problems with paths
    ("wrong-type-name", lambda: city(name=5), [("wrong-type", "cities[0].name")]),
    ("wrong-type-joined-text", lambda: city(joined="2024"), [("wrong-type", "cities[0].joined")]),
    ("wrong-type-joined-bool", lambda: city(joined=True), [("wrong-type", "cities[0].joined")]),
    ("wrong-type-sources-str", lambda: city(sources=URL), [("wrong-type", "cities[0].sources")]),
    (
        "wrong-type-source-item",
        lambda: city(sources=[URL, 7]),
        [("wrong-type", "cities[0].sources[1]")],
    ),
    (
        "wrong-type-admission",
        lambda: city(admissions=[5]),
        [("wrong-type", "cities[0].admissions[0]")],
    ),
    (
        "wrong-type-date",
        lambda: city(admissions=[admission(announced="2024-13-01")]),
        [("wrong-type", "cities[0].admissions[0].announced")],
    ),
    ("wrong-type-country", lambda: city(country=["BE"]), [("wrong-type", "cities[0].country")]),
    (
        "wrong-type-nested",
        lambda: city(location={"lat": "50.6"}),
        [("wrong-type", "cities[0].location.lat")],
    ),
    ("wrong-type-record", lambda: [CITY, 5], [("wrong-type", "cities[1]")]),
    ("wrong-type-cities", lambda: {"cities": 5}, [("wrong-type", "cities")]),
    (
        "wrong-type-subdivision",
        lambda: city(subdivision=5),
        [("wrong-type", "cities[0].subdivision")],
    ),
    ("missing-field", lambda: without("country"), [("missing-field", "cities[0].country")]),
    (
        "missing-field-nested",
        lambda: city(country={"alpha_2": "BE"}),
        [
            ("missing-field", "cities[0].country.alpha_3"),
            ("missing-field", "cities[0].country.numeric"),
            ("missing-field", "cities[0].country.name"),
            ("missing-field", "cities[0].country.iso_name"),
            ("missing-field", "cities[0].country.region"),
        ],
    ),
    ("unknown-field", lambda: city(colour="red"), [("unknown-field", "cities[0].colour")]),
    ("unknown-field-row", lambda: row(colour="red"), [("unknown-field", "cities[0].colour")]),
    # ids
    ("bad-id-form", lambda: city(id="BE-Liege"), [("bad-id", "cities[0].id")]),
    ("bad-id-prefix", lambda: city(id="fr-liege"), [("bad-id", "cities[0].id")]),
    ("duplicate-id", lambda: [CITY, city(name="Namur")], [("duplicate-id", "cities[1].id")]),
    # names
    ("empty-name", lambda: city(name="  "), [("empty-name", "cities[0].name")]),
    ("untrimmed-name", lambda: city(name="Liège "), [("untrimmed-name", "cities[0].name")]),
    (
        "not-nfc",
        lambda: city(name=unicodedata.normalize("NFD", "Liège")),
        [("not-nfc", "cities[0].name")],
    ),
    ("not-nfc-alias", lambda: city(aliases=["Lie\u0300ge"]), [("not-nfc", "cities[0].aliases[0]")]),
    # text that is not what a reader sees, or that a spreadsheet would run
    ("nul-name", lambda: city(name="Li\x00ge"), [("control-character", "cities[0].name")]),
    ("escape-name", lambda: city(name="Li\x1b[2Jge"), [("control-character", "cities[0].name")]),
    ("newline-name", lambda: city(name="Li\nge"), [("control-character", "cities[0].name")]),
    ("c1-name", lambda: city(name="Li\x85ge"), [("control-character", "cities[0].name")]),
    ("rtl-name", lambda: city(name="Li\u202ege"), [("invisible-character", "cities[0].name")]),
    (
        "zwsp-alias",
        lambda: city(aliases=["Li\u200bge"]),
        [("invisible-character", "cities[0].aliases[0]")],
    ),
    ("surrogate-name", lambda: city(name="Li\ud800ge"), [("bad-text", "cities[0].name")]),
    (
        "formula-name",
        lambda: city(name='=HYPERLINK("http://x")'),
        [("formula-like", "cities[0].name")],
    ),
    ("formula-alias", lambda: city(aliases=["@sum"]), [("formula-like", "cities[0].aliases[0]")]),
    ("zwnj-is-fine", lambda: city(aliases=["می\u200cشود"]), []),
    (
        "url-escape",
        lambda: city(sources=["https://example.org/\x1b[2J"]),
        [("bad-source", "cities[0].sources[0]")],
    ),
    (
        "url-nul",
        lambda: city(sources=["https://exa\x00mple.org/"]),
        [("bad-source", "cities[0].sources[0]")],
    ),
    (
        "url-rtl",
        lambda: city(sources=["https://example.org/\u202e"]),
        [("bad-source", "cities[0].sources[0]")],
    ),
    # huge integers are reported, never raised from str()
    ("huge-country", lambda: city(country=10**5000), [("unknown-country", "cities[0].country")]),
    ("huge-cohort", lambda: city(cohort=10**5000), [("unknown-cohort", "cities[0].cohort")]),
    ("huge-joined", lambda: city(joined=10**5000), [("year-mismatch", "cities[0].joined")]),
    ("huge-id", lambda: city(id=10**5000), [("wrong-type", "cities[0].id")]),
    (
        "duplicate-name",
        lambda: [CITY, city(id="be-liege-2", name="LIEGE")],
        [("duplicate-name", "cities[1].name")],
    ),
    # countries
    (
        "unknown-country-alpha-3",
        lambda: city(country="BEL"),
        [("unknown-country", "cities[0].country")],
    ),
    (
        "unknown-country-case",
        lambda: city(country="be"),
        [("unknown-country", "cities[0].country")],
    ),
    (
        "unknown-country-code",
        lambda: city(country="XX"),
        [("unknown-country", "cities[0].country")],
    ),
    (
        "unknown-country-numeric",
        lambda: city(country=56),
        [("unknown-country", "cities[0].country")],
    ),
    (
        "unknown-country-name",
        lambda: city(country="Belgium"),
        [("unknown-country", "cities[0].country")],
    ),
    (
        "unknown-country-not-unesco",
        lambda: city(country="HK"),
        [("unknown-country", "cities[0].country")],
    ),
    (
        "unknown-country-nested",
        lambda: city(country=belgium(alpha_2="XX")),
        [("unknown-country", "cities[0].country.alpha_2")],
    ),
    (
        "country-mismatch-alpha-3",
        lambda: city(country=belgium(alpha_3="FRA")),
        [("country-mismatch", "cities[0].country.alpha_3")],
    ),
    (
        "country-mismatch-numeric",
        lambda: city(country=belgium(numeric="250")),
        [("country-mismatch", "cities[0].country.numeric")],
    ),
    (
        "country-mismatch-row",
        lambda: row(alpha_3="NLD"),
        [("country-mismatch", "cities[0].alpha_3")],
    ),
    (
        "country-mismatch-row-name",
        lambda: row(country_name="France"),
        [("country-mismatch", "cities[0].country_name")],
    ),
    # regions
    ("unknown-region", lambda: city(region="XYZ"), [("unknown-region", "cities[0].region")]),
    (
        "unknown-region-name",
        lambda: city(region="Europe and North America"),
        [("unknown-region", "cities[0].region")],
    ),
    ("region-mismatch", lambda: city(region="APA"), [("region-mismatch", "cities[0].region")]),
    (
        "region-mismatch-row-name",
        lambda: row(region_name="Africa"),
        [("region-mismatch", "cities[0].region_name")],
    ),
    # subdivisions
    (
        "bad-subdivision-unknown",
        lambda: city(subdivision="BE-XXX"),
        [("bad-subdivision", "cities[0].subdivision")],
    ),
    (
        "bad-subdivision-country",
        lambda: city(location={"subdivision": "NL-LI"}),
        [("bad-subdivision", "cities[0].location.subdivision")],
    ),
    (
        "bad-subdivision-case",
        lambda: row(subdivision="be-wlg"),
        [("bad-subdivision", "cities[0].subdivision")],
    ),
    # cohorts and years
    (
        "unknown-cohort",
        lambda: city(cohort="2023", admissions=[], joined=None),
        [("unknown-cohort", "cities[0].cohort")],
    ),
    (
        "unknown-cohort-year",
        lambda: city(cohort=2016, admissions=[], joined=None),
        [("unknown-cohort", "cities[0].cohort")],
    ),
    (
        "unknown-cohort-admission",
        lambda: city(admissions=[admission(cohort="2023", year=None)]),
        [("unknown-cohort", "cities[0].admissions[0].cohort")],
    ),
    (
        "unknown-cohort-row",
        lambda: row(cohorts=["2023"]),
        [("unknown-cohort", "cities[0].cohorts[0]")],
    ),
    ("cohort-mismatch", lambda: city(cohort="2019"), [("cohort-mismatch", "cities[0].cohort")]),
    ("cohort-mismatch-null", lambda: city(cohort=None), [("cohort-mismatch", "cities[0].cohort")]),
    ("cohort-mismatch-row", lambda: row(cohort="2022"), [("cohort-mismatch", "cities[0].cohort")]),
    ("year-mismatch-joined", lambda: city(joined=2019), [("year-mismatch", "cities[0].joined")]),
    (
        "year-mismatch-admission",
        lambda: city(admissions=[admission(year=2023)]),
        [("year-mismatch", "cities[0].admissions[0].year")],
    ),
    (
        "year-mismatch-first-admission",
        lambda: city(cohort="2015-2018", joined=2016, admissions=[admission("2015-2018", 2017)]),
        [("year-mismatch", "cities[0].joined")],
    ),
    (
        "year-mismatch-no-cohort",
        lambda: city(cohort=None, admissions=[], joined=2030),
        [("year-mismatch", "cities[0].joined")],
    ),
    (
        "bad-grade-confidence",
        lambda: city(admissions=[admission(confidence="sure")]),
        [("bad-grade", "cities[0].admissions[0].confidence")],
    ),
    (
        "bad-grade-basis",
        lambda: city(admissions=[admission(confidence="medium", basis="hunch")]),
        [("bad-grade", "cities[0].admissions[0].basis")],
    ),
    (
        "bad-grade-no-basis",
        lambda: city(admissions=[admission(confidence="medium")]),
        [("bad-grade", "cities[0].admissions[0].basis")],
    ),
    (
        "admission-order-repeat",
        lambda: city(admissions=[admission(), admission()]),
        [("admission-order", "cities[0].admissions[1].cohort")],
    ),
    (
        "admission-order-order",
        lambda: city(cohort="2019", joined=2019, admissions=[admission(), admission("2019", 2019)]),
        [("admission-order", "cities[0].admissions[1].cohort")],
    ),
    # sources
    ("missing-source", lambda: city(sources=[]), [("missing-source", "cities[0].sources")]),
    (
        "missing-source-absent",
        lambda: without("sources"),
        [("missing-source", "cities[0].sources")],
    ),
    (
        "bad-source",
        lambda: city(sources=["ftp://example.org/liege"]),
        [("bad-source", "cities[0].sources[0]")],
    ),
    (
        "bad-source-admission",
        lambda: city(admissions=[admission(sources=["example.org/liege"])]),
        [("bad-source", "cities[0].admissions[0].sources[0]")],
    ),
    # the network's tables (conferences and clusters), by the rules the build applies
    (
        "bad-date-conference",
        lambda: [conference(5, end=gnlc.conferences()[4].start.replace(day=1))],
        [("bad-date", "conferences[0].end")],
    ),
    (
        "unknown-award-conference",
        lambda: [conference(5, awards=(gnlc.model.Award(2016, gnlc.city("Cork")),))],
        [("unknown-award", "conferences[0].awards[0]")],
    ),
    (
        "number-gap-conferences",
        lambda: [conference(3), conference(2)],
        [("number-gap", "conferences[1].number")],
    ),
    (
        "unknown-city-cluster",
        lambda: [cluster("health", coordinators=(gnlc.city("Cork"), elsewhere()))],
        [("unknown-city", "clusters[0].coordinators[1]")],
    ),
    (
        "bad-count-cluster",
        lambda: [
            cluster("health", members=(gnlc.city("Cork"), gnlc.city("Osan")), stated_members=1)
        ],
        [("bad-count", "clusters[0].members")],
    ),
]


def conference(number: int, **changes: Any) -> Any:
    """The bundled conference *number*, changed."""
    return attrs.evolve(gnlc.conferences()[number - 1], **changes)


def cluster(cid: str, **changes: Any) -> Any:
    """The bundled cluster *cid*, changed."""
    return attrs.evolve(next(k for k in gnlc.clusters() if k.id == cid), **changes)


def elsewhere() -> Any:
    """A city that no snapshot holds."""
    return attrs.evolve(gnlc.city("Cork"), id="ie-nowhere", name="Nowhere")


FILE_CASES: List[Tuple[str, List[Tuple[str, str]]]] = [
    ("malformed.json", [("bad-json", "cities")]),
    ("empty.json", [("empty-file", "cities")]),
    ("blank.csv", [("empty-file", "cities")]),
    ("number.json", [("wrong-type", "cities")]),
    ("cities-not-a-list.json", [("wrong-type", "cities")]),
    ("missing-column.csv", [("missing-column", "cities")]),
    ("unknown-column.csv", [("unknown-column", "cities")]),
    ("short-row.csv", [("bad-csv", "cities[0]")]),
    ("latin1.csv", [("bad-encoding", "cities")]),
    ("broken-line.jsonl", [("bad-json", "cities[1]")]),
    ("no-such-file.json", [("unreadable", "cities")]),
    (
        "rows.csv",
        [
            ("country-mismatch", "cities[1].alpha_3"),
            ("wrong-type", "cities[2].joined"),
            ("unknown-country", "cities[3].country"),
            ("unknown-cohort", "cities[4].cohort"),
            ("bad-subdivision", "cities[5].subdivision"),
            ("bad-source", "cities[6].sources[0]"),
            ("region-mismatch", "cities[7].region"),
        ],
    ),
]


# --------------------------------------------------------------------------- valid data


def test_bundled_snapshot_is_clean() -> None:
    report = gnlc.validate()
    assert report.ok, str(report)
    assert report == ValidationReport()


def test_snapshot_file_is_clean() -> None:
    assert gnlc.validate(SNAPSHOT).ok
    assert gnlc.validate(str(SNAPSHOT)).ok


def test_a_snapshot_reference_that_does_not_resolve_is_reported_at_its_path() -> None:
    # A snapshot file names sources, statuses and admissions by their index in
    # shared tables; validate() resolves them, and reports the ones it cannot.
    raw = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    at = raw["fields"]["cities"].index
    raw["cities"][0][at("status")] = len(raw["statuses"])
    raw["cities"][1][at("sources")] = [-1]
    raw["cities"][2][at("admissions")] = [True]
    found = {(p.path, p.code, p.value) for p in gnlc.validate(raw).problems}
    assert found == {
        ("cities[0].status", "wrong-type", len(raw["statuses"])),
        ("cities[1].sources[0]", "wrong-type", -1),
        ("cities[2].admissions[0]", "wrong-type", True),
    }


def test_every_form_of_the_snapshot_is_clean(tmp_path: Path) -> None:
    members = gnlc._store.get().cities  # every record, whatever its status
    dicts = [gnlc.to_dict(c) for c in members]
    assert gnlc.validate(list(members)).ok
    assert gnlc.validate(dicts).ok
    assert gnlc.validate(json.loads(json.dumps(dicts))).ok
    assert gnlc.validate({"cities": dicts}).ok
    assert gnlc.validate(export.city_row(c) for c in members).ok
    for name, write in (
        ("m.csv", export.to_csv),
        ("m.json", export.to_json),
        ("m.jsonl", export.to_jsonl),
    ):
        write(members, tmp_path / name)
        report = gnlc.validate(tmp_path / name)
        assert report.ok, f"{name}: {report}"


def test_hand_written_records_are_valid() -> None:
    assert gnlc.validate(CITY).ok
    assert gnlc.validate(ROW).ok
    assert gnlc.validate([]).ok
    assert gnlc.validate(gnlc.city("Liège")).ok


def test_a_second_unesco_region_is_accepted() -> None:
    two = [c for c in gnlc.countries() if c.also_region is not None]
    assert two, "the reference data has countries in two UNESCO regions"
    c = two[0]
    assert c.also_region is not None
    record = city(id=f"{c.alpha_2.lower()}-x", name="X", country=c.alpha_2)
    for region in (c.region, c.also_region):
        assert gnlc.validate({**record, "region": region.code}).ok
    others = set(gnlc.regions()) - {c.region, c.also_region}
    assert found(gnlc.validate({**record, "region": others.pop().code})) == [
        ("region-mismatch", "cities[0].region")
    ]


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize(
    ("make", "expected"), [c[1:] for c in DATA_CASES], ids=[c[0] for c in DATA_CASES]
)
def test_broken_data(make: Callable[[], Any], expected: List[Tuple[str, str]]) -> None:
    assert found(gnlc.validate(make())) == expected


@pytest.mark.parametrize(("name", "expected"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_broken_file(name: str, expected: List[Tuple[str, str]]) -> None:
    assert found(gnlc.validate(CORPUS / name)) == expected


def test_the_corpus_produces_every_code() -> None:
    codes: Set[str] = set()
    for _, _make, expected in DATA_CASES:
        codes |= {code for code, _ in expected}
    for _, expected in FILE_CASES:
        codes |= {code for code, _ in expected}
    # Only the bundled snapshot can be edited behind gnlc's back: see
    # tests/test_hardening.py::test_an_edit_that_fixes_the_crc_is_caught_by_the_hash.
    codes.add("edited-snapshot")
    assert codes == set(CODES)


def test_messages_say_how_to_fix() -> None:
    def message(data: Any) -> str:
        (problem,) = gnlc.validate(data)
        return problem.message

    assert message(city(country="KOR", id="kr-liege", region="APA")) == (
        '"KOR" is alpha-3; alpha-2 is "KR"'
    )
    assert message(city(country="be")) == '"be" is not an alpha-2 code as written; use "BE"'
    assert message(city(country="Belgium")) == '"Belgium" is a name; alpha-2 is "BE"'
    assert message(city(country="Korea")) == '"Korea" could be "KP" or "KR"; use the alpha-2 code'
    assert message(city(region="APA")) == (
        '"APA" is not the UNESCO region of BE (Belgium); use "ENA" (Europe and North America)'
    )
    assert message(city(id="fr-liege")) == (
        '"fr-liege" starts with "fr" but the country is BE; use "be-liege"'
    )
    assert message(city(id="BE-Liège")).endswith('; use "be-liege"')
    assert message(city(name="Liège ")).endswith('use "Liège"')
    assert message(city(name=unicodedata.normalize("NFD", "Liège"))).startswith(
        '"Lie\\u0300ge" is not NFC-normalised; use "Liège"'
    )
    assert message(city(cohort=2016, admissions=[], joined=None)) == (
        '2016 is a year; its cohort id is "2015-2018"'
    )
    assert (
        message(city(joined=2019)) == '2019 is not in cohort "2024"; use 2024, or null if unknown'
    )
    assert message(city(country=belgium(alpha_3="FRA"))) == (
        '"FRA" is the alpha-3 of FR, not of BE; use "BEL"'
    )
    assert message(city(subdivision="be-wlg")) == (
        '"be-wlg" is not written as in ISO 3166-2; use "BE-WLG"'
    )
    assert message(city(cohrot="2024")).endswith('; did you mean "cohort"?')
    assert message(city(joined="2024")) == 'expected an integer or null, not the string "2024"'
    assert message(city(country=["BE"])) == (
        "expected an alpha-2 code or a Country record, not a list"
    )
    assert message([CITY, city(name="Namur")]) == (
        '"be-liege" is also the id of cities[0]; give each city its own id'
    )


def test_a_problem_carries_the_bad_value() -> None:
    (p,) = gnlc.validate(city(country="BEL"))
    assert (p.code, p.path, p.value) == ("unknown-country", "cities[0].country", "BEL")
    (p,) = gnlc.validate(city(sources=[URL, ["nested"]]))
    assert p.value == ("nested",)  # frozen: lists become tuples
    (p,) = gnlc.validate(city(name={"en": "Liège"}))
    assert p.value == {"en": "Liège"}
    with pytest.raises(TypeError):
        p.value["fr"] = "Liège"  # type: ignore[index]


def test_every_problem_of_every_record_is_reported() -> None:
    report = gnlc.validate(
        [
            city(name=" Liège", region="APA", sources=[]),
            city(id="be-namur", name="Namur", joined="x"),
            city(id="be-gent", name="Gent", country="BEL"),
        ]
    )
    assert found(report) == [
        ("untrimmed-name", "cities[0].name"),
        ("region-mismatch", "cities[0].region"),
        ("missing-source", "cities[0].sources"),
        ("wrong-type", "cities[1].joined"),
        ("unknown-country", "cities[2].country"),
    ]


def test_city_objects_with_bad_fields() -> None:
    liege = gnlc.city("Liège")
    cases = [
        (attrs.evolve(liege, id="fr-liege"), [("bad-id", "cities[0].id")]),
        (attrs.evolve(liege, name=" Liège"), [("untrimmed-name", "cities[0].name")]),
        # an object needs a record where a file may give a code
        (attrs.evolve(liege, country="BE"), [("wrong-type", "cities[0].country")]),
        (attrs.evolve(liege, admissions=None), [("wrong-type", "cities[0].admissions")]),
        (attrs.evolve(liege, joined="2024"), [("wrong-type", "cities[0].joined")]),
    ]
    for record, expected in cases:
        assert found(gnlc.validate(record)) == expected


def test_a_missing_csv_column_is_reported_once(tmp_path: Path) -> None:
    lines = ["id,name,region,cohort,joined"]
    lines += [f"be-x{i},X{i},ENA,2024,2024" for i in range(5)]
    path = tmp_path / "no-country-no-sources.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert found(gnlc.validate(path)) == [
        ("missing-column", "cities"),
        ("missing-column", "cities"),
    ]
    assert [p.value for p in gnlc.validate(path)] == ["country", "sources"]


def test_deeply_nested_json(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert found(gnlc.validate(path)) == [("bad-json", "cities")]


def test_deeply_nested_values() -> None:
    deep: List[Any] = []
    inner = deep
    for _ in range(5000):
        inner.append([])
        inner = inner[0]
    (problem,) = gnlc.validate(city(name=deep))
    assert (problem.code, problem.path) == ("wrong-type", "cities[0].name")
    assert problem.message == "expected a string, not a list"
    json.dumps(problem.as_dict())  # cut off, not a RecursionError


def test_an_unreadable_path(tmp_path: Path) -> None:
    (problem,) = gnlc.validate(tmp_path)  # a directory
    assert (problem.code, problem.value) == ("unreadable", str(tmp_path))


# --------------------------------------------------------------------------- a 10 MB file


def big_rows(n: int) -> List[Dict[str, Any]]:
    """*n* valid rows of about 1 kB each (a long source URL)."""
    pad = "?q=" + "x" * 900
    return [
        {**ROW, "id": f"be-town-{i}", "name": f"Town {i}", "sources": [f"{URL}/{i}{pad}"]}
        for i in range(n)
    ]


def test_a_10_mb_json_file(tmp_path: Path) -> None:
    rows = big_rows(10_000)
    rows[-1]["country"] = "BEL"
    path = tmp_path / "big.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    assert path.stat().st_size >= 10_000_000
    assert found(gnlc.validate(path)) == [("unknown-country", f"cities[{len(rows) - 1}].country")]


def test_a_10_mb_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    export.to_csv([], path)
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    with path.open("w", encoding="utf-8", newline="") as fh:
        import csv

        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        for r in big_rows(10_500):
            flat = {k: " ".join(v) if isinstance(v, list) else v for k, v in r.items()}
            writer.writerow({k: flat.get(k, "") for k in header})
        writer.writerow({**dict.fromkeys(header, ""), "id": "be-x", "name": "X", "country": "BE"})
    assert path.stat().st_size >= 10_000_000
    assert found(gnlc.validate(path)) == [
        ("unknown-region", "cities[10500].region"),
        ("missing-source", "cities[10500].sources"),
    ]


def test_a_10_mb_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "garbage.json"
    path.write_text("[" + "x" * 10_000_000, encoding="utf-8")
    (problem,) = gnlc.validate(path)
    assert (problem.code, problem.path) == ("bad-json", "cities")
    assert len(problem.value) <= 20 and len(problem.message) < 200


def test_a_10_mb_csv_cell(tmp_path: Path) -> None:
    path = tmp_path / "cell.csv"
    path.write_text("id,name,country,region,sources\nbe-x," + "x" * 10_000_000 + "\n")
    assert found(gnlc.validate(path)) == [("bad-csv", "cities")]


# --------------------------------------------------------------------------- the report


def test_report_is_an_immutable_sequence() -> None:
    report = gnlc.validate([city(name=" A"), city(id="x", name="B")])
    assert len(report) == 2 and bool(report) and not report.ok
    assert report.codes == ("untrimmed-name", "bad-id")
    assert report[0].code == "untrimmed-name" and report[-1].path == "cities[1].id"
    assert isinstance(report[1:], ValidationReport) and report[1:].codes == ("bad-id",)
    assert list(report) == list(report.problems) and report[0] in report
    assert repr(report) == "ValidationReport(2: untrimmed-name, bad-id)"
    assert str(report).splitlines()[0] == "2 problems:"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.problems = ()  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report[0].code = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        report[0] = report[1]  # type: ignore[index]
    empty = gnlc.validate([])
    assert (
        empty.ok
        and not empty
        and str(empty) == "no problems"
        and repr(empty) == ("ValidationReport(ok)")
    )


def test_problem_as_dict_is_json_ready() -> None:
    (p,) = gnlc.validate(city(name={"en": ["Liège"]}))
    assert json.loads(json.dumps(p.as_dict())) == {
        "path": "cities[0].name",
        "code": "wrong-type",
        "value": {"en": ["Liège"]},
        "message": "expected a string, not an object",
    }


def test_strict_raises_with_every_problem() -> None:
    data = [city(name=" A"), city(id="x", name="B"), city(id="be-c", name="C", country="BEL")]
    with pytest.raises(gnlc.ValidationError) as info:
        gnlc.validate(data, strict=True)
    exc = info.value
    assert isinstance(exc, gnlc.GNLCError) and isinstance(exc, ValueError)
    assert exc.report == gnlc.validate(data) and exc.problems == exc.report.problems
    assert len(exc.problems) == 3
    text = str(exc)
    assert all(f"{p.path}: {p.code}: {p.message}" in text for p in exc.problems)
    assert gnlc.validate(CITY, strict=True).ok  # valid: the report is returned


def test_validate_rejects_what_it_cannot_read() -> None:
    for bad in (5, b"cities.json", 1.5):
        with pytest.raises(TypeError):
            gnlc.validate(bad)


# --------------------------------------------------------------------------- guarantees


def test_validation_never_mutates_its_input(tmp_path: Path) -> None:
    data = [city(name=" A", sources="x"), row(alpha_3="NLD"), {"cities": 1}, city(colour=1)]
    before = copy.deepcopy(data)
    assert gnlc.validate(data)
    assert data == before
    path = CORPUS / "rows.csv"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    gnlc.validate(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_validation_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("validate() used the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert gnlc.validate().ok
    for _, make, _ in DATA_CASES:
        gnlc.validate(make())
    for name, _ in FILE_CASES:
        gnlc.validate(CORPUS / name)


def test_pycountry_is_imported_only_by_validate() -> None:
    code = (
        "import sys, gnlc\n"
        "print('gnlc.validation' in sys.modules, 'pycountry' in sys.modules)\n"
        "import gnlc.validation\n"
        "print('pycountry' in sys.modules)\n"
        "gnlc.validate([])\n"
        "print('pycountry' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == ["False", "False", "False", "True"]


def test_validate_works_after_importing_its_module() -> None:
    # The module is gnlc.validation, so importing it first cannot rebind
    # gnlc.validate (the function) to a module.
    code = (
        "from gnlc.validation import ValidationReport\n"
        "import gnlc\n"
        "print(gnlc.validate().ok, gnlc.validate([{'id': 'x'}], strict=False).ok)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == ["True", "False"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [*CITY, *ROW, "aliases", "status", "awards", "location", "subdivision", "keys"]


@settings(max_examples=300, deadline=None)
@given(
    base=st.sampled_from([CITY, ROW]),
    changes=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4),
    drop=st.lists(st.sampled_from(list(CITY)), max_size=2),
)
def test_no_input_escapes_as_an_exception(
    base: Dict[str, Any], changes: Dict[str, Any], drop: List[str]
) -> None:
    record = {k: v for k, v in {**base, **changes}.items() if k not in drop}
    report = gnlc.validate([record])
    for p in report:
        assert p.code in CODES
        assert p.path.startswith("cities[") and p.message
        assert "\n" not in p.message and "\t" not in p.message and "\t" not in p.path


# --------------------------------------------------------------------------- the command


def cli(path: Any, fmt: str, out: io.StringIO) -> int:
    """`gnlc validate [PATH] --format FMT`, run in this process, its output in *out*."""
    with contextlib.redirect_stdout(out):
        return main(["validate", *([path] if path else []), "--format", fmt])


def test_cli_valid_data() -> None:
    out = io.StringIO()
    assert cli(None, "text", out) == 0 and out.getvalue() == ""
    out = io.StringIO()
    assert cli(str(SNAPSHOT), "json", out) == 0 and json.loads(out.getvalue()) == []


def test_cli_text_lines() -> None:
    out = io.StringIO()
    assert cli(str(CORPUS / "rows.csv"), "text", out) == 3  # bad data
    lines = out.getvalue().splitlines()
    assert len(lines) == 7
    assert lines[2] == 'cities[3].country\tunknown-country\t"KOR" is alpha-3; alpha-2 is "KR"'
    assert [tuple(line.split("\t")[:2][::-1]) for line in lines] == FILE_CASES[-1][1]


def test_cli_json() -> None:
    out = io.StringIO()
    assert cli(str(CORPUS / "rows.csv"), "json", out) == 3
    problems = json.loads(out.getvalue())
    assert problems[2] == {
        "path": "cities[3].country",
        "code": "unknown-country",
        "value": "KOR",
        "message": '"KOR" is alpha-3; alpha-2 is "KR"',
    }


def test_cli_missing_file_is_an_io_error_not_a_problem(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    missing = str(tmp_path / "nope.csv")
    with contextlib.redirect_stderr(err):
        assert cli(missing, "text", out) == 2
    assert out.getvalue() == ""
    assert err.getvalue().startswith(f"gnlc validate: cannot read {missing}")


def test_cli_names_an_unreadable_file_on_one_line(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        assert cli(str(tmp_path / "a\tb\nc.csv"), "text", out) == 2
    (line,) = err.getvalue().splitlines()
    assert "a\\tb\\nc.csv" in line and out.getvalue() == ""


def test_cli_rejects_an_unknown_format() -> None:
    assert REPORT_FORMATS == ("text", "json")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert cli(None, "yaml", io.StringIO()) == 2
    assert "argument --format: invalid choice: 'yaml'" in err.getvalue()


def test_a_state_outside_gnlc_states_is_reported() -> None:
    # Status.state is a Literal of gnlc.STATES: a city dict, a flat row and
    # from_dict all refuse another word.
    as_dict = gnlc.to_dict(gnlc.city("Cork"))
    as_dict["status"]["state"] = "gone"
    assert found(gnlc.validate(as_dict)) == [("wrong-type", "cities[0].status.state")]
    flat = export.city_row(gnlc.city("Cork"))
    flat["status"] = "gone"
    (problem,) = gnlc.validate(flat)
    assert (problem.code, problem.path) == ("wrong-type", "cities[0].status")
    assert '"member", "confirmed"' in problem.message
    for state in gnlc.STATES:
        assert gnlc.validate({**flat, "status": state}).ok
    with pytest.raises(Exception, match="Status"):
        gnlc.from_dict(gnlc.Status, {"state": "gone"})


def test_a_long_csv_cell_is_refused_whatever_csv_s_global_limit(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "cell.csv"
    path.write_text("id,name,country,region,sources\nbe-x," + "x" * 200_000 + "\n")
    saved = csv.field_size_limit(2**31 - 1)  # as importing frictionless does
    try:
        (problem,) = gnlc.validate(path)
    finally:
        csv.field_size_limit(saved)
    assert (problem.code, problem.path) == ("bad-csv", "cities")
    assert "longer than 131,072 characters" in problem.message
