"""Every view of the members agrees, for any filters, or says what else it counts.

``cities()``, ``group_by``/``count_by`` by region or country, ``to_dataframe()`` and
``snapshot_info().members`` count member cities; ``count_by("cohort")``, the admission
frame, ``cohorts()`` and ``coverage()`` count admissions (Muharraq, admitted in 2019 and
2024, counts in both; ``known_cities`` also counts members that left since, as UNESCO's
stated figure does), and a member without any admission is the cohort ``None`` /
``"unknown"``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any, Dict, List, Optional

import pytest
from hypothesis import given, settings, strategies as st

import gnlc
from gnlc._rules import ADMITTED_STATES, UNKNOWN_COHORT

EVERYONE = gnlc.cities(status="any")
REGIONS = [r.code for r in gnlc.regions()]
# Countries with members, and two without (an empty answer must agree too).
COUNTRIES = [*sorted({c.country.alpha_2 for c in EVERYONE}), "AD", "MC"]
COHORTS = [k.id for k in gnlc.cohorts()]

filters = st.fixed_dictionaries(
    {},
    optional={
        "region": st.lists(st.sampled_from(REGIONS), min_size=1, max_size=2, unique=True),
        "country": st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=4, unique=True),
        "cohort": st.lists(st.sampled_from(COHORTS), min_size=1, max_size=3, unique=True),
        "status": st.one_of(
            st.just("any"),
            st.lists(st.sampled_from(gnlc.STATES), min_size=1, max_size=3, unique=True),
        ),
    },
)


def admissions(members: gnlc.Cities, cohorts: Optional[List[str]]) -> int:
    """Admissions of *members* in *cohorts* (all when None), a member without any
    admission counting once as the unknown cohort."""
    n = 0
    for c in members:
        ids = [i for i in c.cohort_ids if cohorts is None or i in cohorts]
        n += len(ids) if c.admissions else 1
    return n


@settings(max_examples=200, deadline=None)
@given(f=filters)
def test_counts_agree_for_any_filters(f: Dict[str, Any]) -> None:
    members = gnlc.cities(**f)
    n = len(members)
    assert sum(gnlc.count_by("region", **f).values()) == n
    assert sum(gnlc.count_by("country", **f).values()) == n
    assert sum(len(v) for v in gnlc.group_by("region", **f).values()) == n
    by_cohort = gnlc.count_by("cohort", **f)
    assert sum(by_cohort.values()) == admissions(members, f.get("cohort"))
    assert sum(len(v) for v in gnlc.group_by("cohort", **f).values()) == sum(by_cohort.values())
    for key, count in by_cohort.items():
        if key is None:  # members known only from an award
            assert count == sum(1 for c in members if not c.admissions)
        else:
            assert count == sum(1 for c in members if key.id in c.cohort_ids)


@settings(max_examples=60, deadline=None)
@given(f=filters)
def test_frames_agree_with_the_queries(f: Dict[str, Any]) -> None:
    pytest.importorskip("pandas")
    members = gnlc.cities(**f)
    by_city = gnlc.to_dataframe(members)
    assert len(by_city) == len(members) == len(members.to_pandas())
    by_admission = gnlc.to_dataframe(members, rows="admission")
    wanted = f.get("cohort")
    if wanted is not None:  # the frame holds every admission of the cities chosen
        by_admission = by_admission[by_admission["cohort"].isin(wanted)]
    counted = by_admission.groupby("cohort", observed=True).size()
    expected = {
        UNKNOWN_COHORT if k is None else k.id: v for k, v in gnlc.count_by("cohort", **f).items()
    }
    assert {str(k): int(v) for k, v in counted.items()} == expected


def test_the_unfiltered_views_agree() -> None:
    info = gnlc.snapshot_info()
    assert info.members == len(gnlc.cities())
    assert info.records == len(gnlc.cities(status="any")) == len(EVERYONE)
    coverage = {(row.cohort, row.region): row.known for row in gnlc.coverage()}
    for k in gnlc.cohorts():
        admitted = gnlc.cities(cohort=k, status=list(ADMITTED_STATES))
        assert k.known_cities == len(admitted) == coverage[(k.id, None)]
        assert k.known_countries == len({c.country for c in admitted})
        for r in gnlc.regions():
            in_region = [c for c in admitted if c.region == r]
            assert coverage[(k.id, r.code)] == len(in_region)


def test_muharraq_counts_once_as_a_city_and_twice_as_admissions() -> None:
    pytest.importorskip("pandas")
    bahrain = gnlc.cities(country="BH")
    assert [c.id for c in bahrain] == ["bh-muharraq"]
    assert len(gnlc.to_dataframe(bahrain)) == 1
    frame = gnlc.to_dataframe(bahrain, rows="admission")
    assert frame["cohort"].astype(str).tolist() == ["2019", "2024"]
    assert {k.id: v for k, v in gnlc.count_by("cohort", country="BH").items()} == {
        "2019": 1,
        "2024": 1,
    }


def test_cities_without_a_cohort_are_their_own_group_in_a_frame() -> None:
    pytest.importorskip("pandas")
    df = gnlc.to_dataframe()
    sizes = df.groupby("cohort", observed=True).size()
    without = sum(1 for c in gnlc.cities() if c.cohort is None)
    assert without > 0 and int(sizes[UNKNOWN_COHORT]) == without
    assert int(sizes.sum()) == len(df)  # nobody dropped as a NaN group


@pytest.mark.parametrize("by", ["region", "country", "cohort"])
def test_gnlc_stats_agrees_with_count_by(by: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gnlc", "stats", "--by", by, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(done.stdout)
    counts = gnlc.count_by(by)
    assert [r["cities"] for r in rows] == list(counts.values())
    if by != "cohort":
        assert sum(r["cities"] for r in rows) == len(gnlc.cities())
