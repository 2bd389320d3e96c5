"""gnlc's CSV read back at their default settings by pandas, polars and Python's csv
(issue 17, point 5): no error, no list cell taken for a number, the right values."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Dict, List

import pandas as pd  # both in the test extra: every test session has them
import polars as pl
import pytest

import gnlc
from gnlc.fields import CITIES

LISTS = [c.name for c in CITIES.columns if c.name in ("cohorts", "awards", "sources")]


@pytest.fixture(scope="module", params=["every member", "award winners first", "one cohort"])
def written(request: Any, tmp_path_factory: Any) -> Dict[str, Any]:
    cities = {
        "every member": gnlc.cities(status="any"),
        # The rows polars guesses a column's type from all hold one award.
        "award winners first": sorted(gnlc.cities(), key=lambda c: (len(c.awards) != 1, c.id)),
        "one cohort": gnlc.cities(cohort=2024),
    }[request.param]
    path = tmp_path_factory.mktemp("csv") / "members.csv"
    gnlc.to_csv(cities, path)
    return {"path": path, "cities": list(cities), "rows": list(CITIES.rows(cities))}


def _lists(cells: List[Any]) -> List[Any]:
    return [json.loads(c) for c in cells]


def test_python_csv(written: Dict[str, Any]) -> None:
    with open(written["path"], encoding="utf-8", newline="") as fh:
        got = list(csv.DictReader(fh))
    assert [r["id"] for r in got] == [r["id"] for r in written["rows"]]
    for name in LISTS:
        assert _lists([r[name] for r in got]) == [r[name] for r in written["rows"]]
    na = [r for r in got if r["alpha_3"] == "NAM"]
    assert all(r["country"] == "NA" for r in na)


def test_pandas_defaults(written: Dict[str, Any]) -> None:
    frame = pd.read_csv(written["path"])
    assert list(frame.columns) == list(CITIES.names)
    for name in LISTS:  # text, never numbers, and each the JSON array of its list
        assert not pd.api.types.is_numeric_dtype(frame[name]), name
        assert _lists(frame[name].tolist()) == [r[name] for r in written["rows"]]
    assert frame["id"].tolist() == [r["id"] for r in written["rows"]]
    assert pd.api.types.is_float_dtype(frame["lat"])
    # Namibia's code "NA" is in pandas' default missing markers, and a writer
    # cannot stop that (quoting does not): keep_default_na=False, or
    # gnlc.frame.read_csv, reads it back. Every other country survives.
    others = frame[frame["alpha_3"] != "NAM"]
    assert others["country"].notna().all()
    kept = pd.read_csv(written["path"], keep_default_na=False)
    assert set(kept.loc[kept["alpha_3"] == "NAM", "country"]) <= {"NA"}


def test_polars_defaults(written: Dict[str, Any]) -> None:
    frame = pl.read_csv(written["path"])
    assert frame.columns == list(CITIES.names)
    for name in LISTS:
        assert frame[name].dtype == pl.Utf8, name
        assert _lists(frame[name].to_list()) == [r[name] for r in written["rows"]]
    assert frame["id"].to_list() == [r["id"] for r in written["rows"]]
    assert frame.filter(pl.col("alpha_3") == "NAM")["country"].to_list() in ([], ["NA"])
    assert frame["joined"].dtype.is_integer()


def test_gnlc_reads_its_own_csv_back(written: Dict[str, Any]) -> None:
    back = gnlc.frame.read_csv(written["path"])
    assert back["awards"].tolist() == [tuple(r["awards"]) for r in written["rows"]]


def test_old_space_separated_lists_still_read(tmp_path: Path) -> None:
    text = gnlc.to_csv(gnlc.cities(country="IE"))
    old = text.replace("[2015, 2024]", "2015 2024")
    assert old != text
    back = gnlc.frame.read_csv(io.StringIO(old))
    assert (2015, 2024) in back["awards"].tolist()
