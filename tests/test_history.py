"""Membership history as data: awards, status, members as of a date, coverage."""

from __future__ import annotations

import datetime
from typing import Dict, List

import pytest
from conftest import ROOT, read_tsv

import gnlc


@pytest.fixture(scope="module")
def award_rows() -> List[Dict[str, str]]:
    return read_tsv(ROOT / "data" / "raw" / "awards.tsv")


def test_every_award_winner_is_a_member_city(award_rows: List[Dict[str, str]]) -> None:
    assert len(gnlc.awards()) == len(award_rows)
    everyone = set(gnlc.cities(status="any"))
    for row in award_rows:
        c = gnlc.city(row["city"], country=row["country"])
        assert c in everyone
        assert int(row["award_year"]) in c.awards
        assert row["source"] in c.sources


@pytest.mark.parametrize(
    ("year", "winners"), [(2015, 12), (2017, 16), (2019, 10), (2021, 10), (2024, 10)]
)
def test_winners_per_edition_as_announced(year: int, winners: int) -> None:
    # The counts UNESCO announced (data/raw/cohort-2025-awards.notes.md, Part 2).
    assert len(gnlc.awards(year)) == winners
    assert all(a.year == year for a in gnlc.awards(year))


def test_cork_won_twice() -> None:
    assert gnlc.city("Cork").awards == (2015, 2024)
    assert [a.year for a in gnlc.awards() if a.city.name == "Cork"] == [2015, 2024]


def test_award_only_members() -> None:
    # Ybycuí won in 2015, before the first yearly cohort: a founding-era member.
    y = gnlc.city("Ybycui")
    assert y.cohort is not None and y.cohort.id == "2015-2018"
    assert y.joined is None
    # Shanghai won in 2021; no source dates its joining.
    s = gnlc.city("Shanghai")
    assert s.cohort is None and s.admissions == () and s.awards == (2021,)
    assert s not in gnlc.cities(cohort=[c.id for c in gnlc.cohorts()])
    assert s in gnlc.group_by("cohort")[None]


def test_awards_bad_year_type() -> None:
    with pytest.raises(TypeError):
        gnlc.awards("2015")  # type: ignore[arg-type]
    assert gnlc.awards(1999) == ()


def test_founding_members_without_a_later_source_are_unconfirmed() -> None:
    statuses = (
        {r["city"]: r for r in read_tsv(ROOT / "data/curated/status.tsv")}
        if (ROOT / "data/curated/status.tsv").exists()
        else {}
    )
    for c in gnlc.cities(cohort="2015-2018", status="any"):
        if c.name in statuses:
            assert c.status.state == statuses[c.name]["status"]
            assert c.status.sources == (statuses[c.name]["source"],)
        elif any(y >= 2020 for y in c.awards):
            assert c.status.state == "confirmed"
            assert c.status.sources
        elif c.cohort_ids[-1] == "2015-2018":
            assert c.status.state == "unconfirmed"


def test_later_cohorts_are_members_by_default() -> None:
    assert gnlc.city("Liège").status.state == "member"
    assert gnlc.city("Liège").status.sources == ()


def test_status_filter() -> None:
    unconfirmed = gnlc.cities(status="unconfirmed")
    assert unconfirmed and all(c.status.state == "unconfirmed" for c in unconfirmed)
    assert set(gnlc.cities()) <= set(gnlc.cities(status="any"))
    with pytest.raises(ValueError, match="status must be"):
        gnlc.cities(status="gone")


def test_members_as_of_end_2020() -> None:
    with pytest.warns(gnlc.IncompleteDataWarning, match="partly sourced"):
        members = gnlc.cities(as_of="2020-12-31")
    assert gnlc.city("Charleroi") in members  # admitted 2020-09-23
    assert gnlc.city("Liège") not in members  # admitted 2024-02-14
    assert gnlc.city("Shanghai") not in members  # a member by its 2021 award, not known before
    for c in members:
        assert any(
            (a.announced and a.announced <= datetime.date(2020, 12, 31)) or a.cohort == "2015-2018"
            for a in c.admissions
        )


def test_members_as_of_a_founding_year_leave_out_unknown_years() -> None:
    with pytest.warns(gnlc.IncompleteDataWarning, match="joining date is unknown"):
        members = gnlc.cities(as_of="2016-12-31", country="GR")
    names = {c.name for c in members}
    # Larissa (2015) and Lesbos (2016) are dated; Heraklion's year is unknown.
    assert {"Larissa", "Lesbos"} <= names
    assert "Heraklion" not in names


def test_as_of_bad_input() -> None:
    with pytest.raises(ValueError, match="ISO date"):
        gnlc.cities(as_of="last year")
    with pytest.raises(TypeError):
        gnlc.cities(as_of=2020)  # type: ignore[arg-type]


def test_as_of_before_the_network() -> None:
    assert gnlc.cities(as_of="2014-06-30") == ()


def test_coverage_adds_up() -> None:
    rows = gnlc.coverage()
    for k in gnlc.cohorts():
        total = next(r for r in rows if r.cohort == k.id and r.region is None)
        assert total.known == k.known_cities
        assert total.stated == k.stated_cities
        per_region = [r for r in rows if r.cohort == k.id and r.region is not None]
        assert sum(r.known for r in per_region) == total.known
        assert len(per_region) == 5


def test_regional_stated_figure_2025_asia_pacific() -> None:
    # VnExpress (5 Dec 2025): Hanoi is "one of 21 new members in Asia-Pacific".
    row = next(r for r in gnlc.coverage() if r.cohort == "2025" and r.region == "APA")
    assert row.stated == 21
    assert row.known == len(gnlc.cities(cohort=2025, region="APA"))
    assert row.share == row.known / 21


def test_leads_are_not_members_or_lack_a_cohort() -> None:
    assert gnlc.leads()
    for lead in gnlc.leads():
        c = gnlc.get_city(lead.city_name, country=lead.country_code)
        assert c is None or c.cohort is None, lead
    assert all(x.cohort == "2019" for x in gnlc.leads(2019))


def test_muharraq_lapsed_between_its_two_admissions() -> None:
    m = gnlc.city("Muharraq")
    first, again = m.admissions
    assert (first.cohort, again.cohort) == ("2019", "2024")
    assert first.lapsed and first.lapsed_by == datetime.date(2024, 2, 14)
    assert not again.lapsed
    with pytest.warns(gnlc.IncompleteDataWarning, match=r"lapsed at an unknown date.*Muharraq"):
        assert m not in gnlc.cities(as_of="2021-06-30")
    with pytest.warns(gnlc.IncompleteDataWarning):
        assert m in gnlc.cities(as_of="2024-06-30")
    with pytest.warns(gnlc.IncompleteDataWarning):
        assert m not in gnlc.cities(as_of="2019-06-30")  # not yet admitted


def test_as_of_after_the_snapshot_warns() -> None:
    later = gnlc.snapshot_info().snapshot_date + datetime.timedelta(days=1)
    with pytest.warns(gnlc.IncompleteDataWarning) as caught:
        gnlc.cities(as_of=later, country="BH")
    after = [w for w in caught if issubclass(w.category, gnlc.AfterSnapshotWarning)]
    assert len(after) == 1 and "after the snapshot was compiled" in str(after[0].message)
    assert issubclass(gnlc.AfterSnapshotWarning, UserWarning)
    assert issubclass(gnlc.AfterSnapshotWarning, gnlc.IncompleteDataWarning)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", gnlc.AfterSnapshotWarning)
        with pytest.warns(gnlc.IncompleteDataWarning):
            gnlc.cities(as_of=gnlc.snapshot_info().snapshot_date)


def test_members_without_a_cohort_are_confirmed_members() -> None:
    t = gnlc.city("Taiyuan")
    assert t.cohort is None and t.admissions == () and t.joined is None
    assert t.status.state == "confirmed" and "medium" in (t.status.note or "")
    assert t in gnlc.cities()
