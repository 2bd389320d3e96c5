"""cattrs round trips, and the fast loader agreeing with cattrs."""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict

import pytest
from hypothesis import given, strategies as st

import gnlc
from gnlc._snapshot import expand_city
from gnlc.convert import make_converter

text = st.text(min_size=1, max_size=20)
texts = st.lists(text, max_size=3).map(tuple)
opt_int = st.none() | st.integers(0, 10_000)
dates = st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2030, 12, 31))

regions = st.builds(gnlc.Region, code=text, name=text, aliases=texts)
countries = st.builds(
    gnlc.Country,
    alpha_2=text,
    alpha_3=text,
    numeric=text,
    name=text,
    iso_name=text,
    region=regions,
    status=st.sampled_from(["member", "associate", "withdrawn"]),
    official_name=st.none() | text,
    common_name=st.none() | text,
    also_region=st.none() | regions,
    aliases=texts,
)
cohorts = st.builds(
    gnlc.Cohort,
    id=text,
    start=st.integers(2015, 2030),
    end=st.integers(2015, 2030),
    announced=st.none() | dates,
    stated_cities=opt_int,
    stated_countries=opt_int,
    stated_total=opt_int,
    stated_total_countries=opt_int,
    known_cities=st.integers(0, 500),
    known_countries=st.integers(0, 200),
    sources=texts,
    notes=texts,
)
admissions = st.builds(
    gnlc.Admission,
    cohort=text,
    year=opt_int,
    announced=st.none() | dates,
    region_seen=st.booleans(),
    sources=texts,
)
cities = st.builds(
    gnlc.City,
    id=text,
    name=text,
    country=countries,
    region=regions,
    cohort=cohorts,
    joined=opt_int,
    admissions=st.lists(admissions, max_size=2).map(tuple),
    aliases=texts,
    sources=texts,
)
matches = st.builds(gnlc.Match, city=cities, score=st.floats(0, 1), matched=text)


@pytest.mark.parametrize("strategy", [regions, countries, cohorts, admissions, cities, matches])
@given(data=st.data())
def test_round_trip_every_class(strategy: Any, data: st.DataObject) -> None:
    record = data.draw(strategy)
    plain = gnlc.to_dict(record)
    json.dumps(plain)  # plain data only
    assert gnlc.from_dict(type(record), plain) == record


def test_round_trip_every_snapshot_record() -> None:
    for group in (gnlc.regions(), gnlc.countries(), gnlc.cohorts(), gnlc.cities()):
        for record in group:
            assert (
                gnlc.from_dict(type(record), json.loads(json.dumps(gnlc.to_dict(record)))) == record
            )
    info = gnlc.snapshot_info()
    assert gnlc.from_dict(gnlc.SnapshotInfo, gnlc.to_dict(info)) == info


def test_fast_loader_agrees_with_cattrs(snapshot_json: Dict[str, Any]) -> None:
    # The loader builds records by hand for speed; cattrs, given the same
    # facts with codes in place of nested records, must build equal ones.
    converter = make_converter()
    for raw in snapshot_json["cities"]:
        expanded = expand_city(snapshot_json, raw)
        fields = {
            k: v
            for k, v in expanded.items()
            if k not in ("keys", "weak_keys", "other_names", "other_keys")
        }
        assert converter.structure(fields, gnlc.City) == gnlc.city(raw["id"])


def test_from_dict_accepts_keys_for_records() -> None:
    assert gnlc.from_dict(gnlc.Country, "Viet Nam").alpha_2 == "VN"
    assert gnlc.from_dict(gnlc.Region, "Asia-Pacific").code == "APA"
    assert gnlc.from_dict(gnlc.Cohort, 2024).id == "2024"


def test_to_dict_of_a_result_tuple() -> None:
    rows = gnlc.to_dict(gnlc.cities(country="NA"))
    assert [r["name"] for r in rows] == ["Helao Nafidi Town Council"]


def test_to_dict_rejects_other_objects() -> None:
    with pytest.raises(TypeError):
        gnlc.to_dict({"id": "x"})


def test_from_dict_reports_bad_fields() -> None:
    import cattrs

    with pytest.raises(cattrs.BaseValidationError):
        gnlc.from_dict(gnlc.Region, {"code": "X"})
    with pytest.raises(cattrs.BaseValidationError):
        gnlc.from_dict(gnlc.Region, {"code": "X", "name": "Y", "colour": "red"})


def test_a_tuple_field_never_reads_a_string_as_letters() -> None:
    import cattrs

    raw = gnlc.to_dict(gnlc.city("Cork"))
    for bad in ("Corcaigh", {"Corcaigh": 1}):
        with pytest.raises(cattrs.BaseValidationError) as info:
            gnlc.from_dict(gnlc.City, {**raw, "aliases": bad})
        (leaf,) = info.value.exceptions
        assert isinstance(leaf, gnlc.convert.MismatchError) and "a list" in str(leaf)
    assert gnlc.from_dict(gnlc.City, {**raw, "aliases": ["Corcaigh"]}).aliases == ("Corcaigh",)


class _NoRepr(str):
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def test_a_pair_of_the_wrong_length_is_reported_without_its_repr() -> None:
    import cattrs

    raw = gnlc.to_dict(gnlc.cohort(2024))
    with pytest.raises(cattrs.BaseValidationError) as info:
        gnlc.from_dict(gnlc.Cohort, {**raw, "stated_by_region": [_NoRepr("abc")]})
    (group,) = info.value.exceptions
    assert all(not isinstance(e, RuntimeError) for e in group.exceptions)


@pytest.mark.parametrize("state", [None, "lapsed", 3, ["member"]])
def test_an_unknown_state_is_a_value_error_naming_the_states(state: object) -> None:
    import cattrs

    raw = gnlc.to_dict(gnlc.city("Cork").status)
    with pytest.raises(cattrs.BaseValidationError) as info:
        gnlc.from_dict(gnlc.Status, {**raw, "state": state})
    (leaf,) = info.value.exceptions
    assert type(leaf) is ValueError and "member, confirmed" in str(leaf)
