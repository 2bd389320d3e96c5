"""Year filters: cities(joined=...), cohort ranges, and --joined / --cohort at the shell."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

import gnlc
from gnlc._rules import FOUNDING_COHORT
from tests.test_cli import rows, run


def _quiet(**filters: Any) -> gnlc.Cities:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gnlc.IncompleteDataWarning)
        return gnlc.cities(**filters)


def test_joined_one_year() -> None:
    got = _quiet(joined=2016)
    assert got and all(c.joined == 2016 for c in got)
    assert got == tuple(c for c in gnlc.cities() if c.joined == 2016)
    # The founding period as a whole holds more: cohort=2016 is 2015-2018.
    assert len(gnlc.cities(cohort=2016)) > len(got)


@pytest.mark.parametrize("years", [range(2019, 2023), (2019, 2022)])
def test_joined_range_and_pair(years: Any) -> None:
    got = _quiet(joined=years)
    assert got == tuple(c for c in gnlc.cities() if c.joined and 2019 <= c.joined <= 2022)


def test_joined_open_bounds() -> None:
    assert _quiet(joined=(2024, None)) == tuple(
        c for c in gnlc.cities() if c.joined and c.joined >= 2024
    )
    assert _quiet(joined=(None, 2015)) == tuple(c for c in gnlc.cities() if c.joined == 2015)


def test_joined_warns_about_members_without_a_year() -> None:
    unknown = [c for c in gnlc.cities() if c.joined is None]
    assert unknown  # the open period's sources do not all give a year
    with pytest.warns(gnlc.IncompleteDataWarning, match="no known joining year"):
        gnlc.cities(joined=2016)
    # Every member of a yearly cohort has its year: for 2025 only members of no
    # known cohort may have joined then without the data saying so.
    no_cohort = sum(1 for c in gnlc.cities() if c.cohort is None)
    with pytest.warns(gnlc.IncompleteDataWarning) as caught:
        gnlc.cities(joined=2025)
    assert 0 < int(str(caught[0].message).split()[0]) <= no_cohort


def test_joined_combines_with_other_filters() -> None:
    got = _quiet(joined=(2019, 2022), region="ENA")
    assert got and all(c.region.code == "ENA" for c in got)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("2016", TypeError),
        (2016.0, TypeError),
        (True, TypeError),
        ([2019, 2022], TypeError),
        ((2019,), TypeError),
        (("a", 2020), TypeError),
        ((2022, 2019), ValueError),
        (range(2020, 2019), ValueError),
        (range(2019, 2025, 2), ValueError),
    ],
)
def test_joined_bad_values(bad: Any, error: type) -> None:
    with pytest.raises(error, match="joined"):
        gnlc.cities(joined=bad)


def test_cohort_range_selects_the_cohorts_in_it() -> None:
    got = gnlc.cities(cohort=range(2019, 2023))  # no call in 2021: simply none
    assert got == gnlc.cities(cohort=["2019", "2020", "2022"])
    counts = gnlc.count_by("cohort", cohort=range(2016, 2021))
    assert [k.id for k in counts] == [FOUNDING_COHORT, "2019", "2020"]


def test_cohort_range_without_any_cohort() -> None:
    with pytest.raises(gnlc.NotFoundError):
        gnlc.cities(cohort=range(2030, 2035))
    with pytest.raises(ValueError, match="range"):
        gnlc.cities(cohort=range(2019, 2019))


def test_cli_joined() -> None:
    done = run("cities", "--joined", "2019..2022")
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in rows(done)] == [c.id for c in _quiet(joined=(2019, 2022))]
    one = run("cities", "--joined", "2016")
    assert [r["id"] for r in rows(one)] == [c.id for c in _quiet(joined=2016)]
    assert b"no known joining year" in one.stderr


@pytest.mark.parametrize("bad", ["20x", "..", "2019..x", "2019-2022"])
def test_cli_joined_bad(bad: str) -> None:
    done = run("cities", "--joined", bad)
    assert done.returncode == 2
    assert b"--joined" in done.stderr and b"Traceback" not in done.stderr


def test_cli_cohort_in_the_open_period_explains() -> None:
    done = run("cities", "--cohort", "2016")
    assert done.returncode == 0
    assert len(rows(done)) == len(gnlc.cities(cohort=FOUNDING_COHORT))
    note = done.stderr.decode("utf-8")
    assert "2015–2018" in note and "--joined 2016" in note
    assert run("cities", "--cohort", "2024").stderr == b""
