"""Every result is a table (issue 17, point 3): an HTML view, to_pandas and to_polars,
with the columns of gnlc.fields and sensible dtypes."""

from __future__ import annotations

from typing import Any, Callable, Dict

import pandas as pd  # the test extra installs pandas and polars
import polars as pl
import pytest

import gnlc
from gnlc import fields

RESULTS: Dict[str, Callable[[], Any]] = {
    "cities": lambda: gnlc.cities(region="ENA"),
    "cohorts": gnlc.cohorts,
    "countries": gnlc.countries,
    "regions": gnlc.regions,
    "awards": gnlc.awards,
    "leads": gnlc.leads,
    "coverage": gnlc.coverage,
    "matches": lambda: gnlc.match(["Cork", "Atlantis", "Hamburgh"]),
}


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_records_are_tables(name: str) -> None:
    result = RESULTS[name]()
    table = getattr(fields, name.upper())
    assert isinstance(result, tuple) and isinstance(result, gnlc.results.Records)
    assert type(result).table() is table
    assert isinstance(result[:2], type(result))
    html = result._repr_html_()
    assert html.startswith("<table><caption>") and html.count("<tr>") == min(len(result), 60) + 1
    frame = result.to_pandas()
    assert list(frame.columns) == list(table.names) and len(frame) == len(result)
    polars = result.to_polars()
    assert polars.columns == list(table.names) and polars.height == len(result)
    for column in table.columns:
        if column.categories is not None:
            assert isinstance(frame[column.name].dtype, pd.CategoricalDtype), column.name
            assert polars[column.name].dtype in (pl.Categorical, pl.Enum) or isinstance(
                polars[column.name].dtype, pl.Enum
            ), column.name


def test_dtypes_follow_the_field_types() -> None:
    frame = gnlc.cohorts().to_pandas()
    assert str(frame["stated_cities"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(frame["announced"])
    assert frame["announced"].isna().tolist()[0]  # the founding period was not announced
    assert frame["sources"].map(type).eq(tuple).all()
    polars = gnlc.cohorts().to_polars()
    assert polars.schema["announced"] == pl.Date and polars.schema["sources"] == pl.List(pl.Utf8)
    coverage = gnlc.coverage().to_pandas()
    assert str(coverage["stated"].dtype) == "Int64" and str(coverage["share"].dtype) == "float64"


@pytest.mark.parametrize("field", ["region", "country", "cohort"])
def test_counts_and_groups_are_tables(field: str) -> None:
    counts = gnlc.count_by(field)
    frame = counts.to_pandas()
    assert frame["cities"].sum() == sum(counts.values())
    assert str(frame["cities"].dtype) == "Int64"
    assert isinstance(frame[field].dtype, pd.CategoricalDtype)
    assert counts.to_polars()["cities"].sum() == sum(counts.values())
    assert counts._repr_html_().count("<tr>") == len(counts) + 1
    groups = gnlc.group_by(field)
    members = groups.to_pandas()
    assert len(members) == sum(len(v) for v in groups.values())
    assert list(members.columns) == ["group", *fields.CITIES.names]
    assert groups.to_polars().height == len(members)
    assert groups.counts() == counts


def test_count_by_cohort_names_the_unknown_cohort() -> None:
    frame = gnlc.count_by("cohort").to_pandas()
    assert frame["cohort"].tolist()[-1] == "unknown"


def test_a_list_that_may_be_unknown_is_a_list_column() -> None:
    # A cluster's coordinators and members may be None (no source says): still a
    # list column, never text, and None stays missing.
    frame = gnlc.clusters().to_pandas()
    health = frame[frame["id"] == "health"].iloc[0]
    assert health["coordinators"] == ("ie-cork", "kr-osan")
    assert health["members"] is None and frame["members"].dtype == object
    polars = gnlc.clusters().to_polars()
    assert str(polars.schema["coordinators"]).startswith("List")
