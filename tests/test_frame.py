"""Notebooks and pandas: the Cities result type, its HTML, and DataFrames.

The pandas tests run when pandas is installed (the ``gnlc[pandas]`` extra, as
in ``nox -s tests``) and are skipped otherwise; the rest always run.
"""

from __future__ import annotations

import html.parser
import io
import subprocess
import sys
from pathlib import Path
from typing import Any, List, Optional, Tuple

import attrs
import pytest

import gnlc
from gnlc.export import COLUMNS


@pytest.fixture
def pd() -> Any:
    return pytest.importorskip("pandas", reason="pandas is the optional gnlc[pandas] extra")


def python(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout


# --------------------------------------------------------------------------- Cities


def test_cities_is_an_immutable_tuple() -> None:
    found = gnlc.cities(region="Africa")
    assert isinstance(found, tuple)
    assert found[0] is next(iter(found))
    assert found[-1] == tuple(found)[-1]
    head = found[:3]
    assert isinstance(head, gnlc.Cities)
    assert head == tuple(found)[:3]
    assert found[::-1][0] == found[-1]
    assert hash(found) == hash(tuple(found))
    with pytest.raises(TypeError):
        found[0] = found[1]  # type: ignore[index]
    with pytest.raises(AttributeError):
        found.extra = 1  # type: ignore[attr-defined]


def test_reprs_are_short() -> None:
    assert repr(gnlc.cities(country="NA")) == "Cities(1: Helao Nafidi Town Council)"
    assert repr(gnlc.Cities()) == "Cities([])"
    many = gnlc.cities()
    assert repr(many).startswith(f"Cities({len(many)}: ")
    assert repr(many).endswith(f", … {len(many) - 5} more)")
    assert (
        repr(gnlc.city("Cao Lanh"))
        == "City('vn-cao-lanh', 'Cao Lãnh', country='VN', cohort='2022')"
    )
    assert repr(gnlc.country("NA")) == "Country('NA', 'Namibia')"
    assert repr(gnlc.cohort(2024)).startswith("Cohort('2024', stated=64, known=")


class _Table(html.parser.HTMLParser):
    """Collect the caption, header cells and rows of an HTML table."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = ""
        self.header: List[str] = []
        self.rows: List[List[str]] = []
        self.tail = ""
        self._cell: Optional[str] = None
        self._where = ""
        self.tags: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append(tag)
        if tag == "tr" and self._where == "tbody":
            self.rows.append([])
        if tag in ("td", "th", "caption", "p"):
            self._cell = ""
        if tag in ("thead", "tbody"):
            self._where = tag

    def handle_endtag(self, tag: str) -> None:
        text, self._cell = self._cell, None
        if tag == "caption":
            self.caption = text or ""
        elif tag == "th":
            self.header.append(text or "")
        elif tag == "td":
            self.rows[-1].append(text or "")
        elif tag == "p":
            self.tail = text or ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data


def parse(markup: str) -> _Table:
    table = _Table()
    table.feed(markup)
    table.close()
    return table


def test_html_repr_is_a_compact_table() -> None:
    found = gnlc.cities(country="Belgium")
    table = parse(found._repr_html_())
    assert table.caption == f"{len(found)} cities"
    assert table.header == ["id", "name", "country", "region", "cohorts", "joined"]
    assert [r[0] for r in table.rows] == [c.id for c in found]
    liege = next(r for r in table.rows if r[0] == "be-liege")
    assert liege[1] == "Liège"
    assert liege[2] == "Belgium (BE)"
    assert table.tail == ""


def test_html_repr_escapes_and_summarises() -> None:
    odd = attrs.evolve(gnlc.city("Cork"), name="<b>Cork & Co</b>")
    table = parse(gnlc.Cities((odd,))._repr_html_())
    assert table.caption == "1 city"
    assert table.rows[0][1] == "<b>Cork & Co</b>"  # shown as text, not markup
    assert "b" not in table.tags
    everyone = gnlc.cities()
    big = parse(everyone._repr_html_())
    assert 0 < len(big.rows) < len(everyone)
    assert big.tail == f"… and {len(everyone) - len(big.rows)} more"


# --------------------------------------------------------------------------- without pandas


def test_pandas_is_imported_only_when_called() -> None:
    code = (
        "import sys, gnlc\n"
        "gnlc.to_dataframe, gnlc.cities().to_pandas\n"
        "import gnlc.frame\n"
        "print('pandas' in sys.modules)"
    )
    assert python(code).strip() == "False"


def test_missing_pandas_names_the_extra() -> None:
    code = (
        "import sys\n"
        "sys.modules['pandas'] = None  # as if it were not installed\n"
        "import gnlc\n"
        "for call in (gnlc.to_dataframe, gnlc.cities().to_pandas):\n"
        "    try:\n"
        "        call()\n"
        "    except ImportError as exc:\n"
        "        print(isinstance(exc, gnlc.GNLCError), exc.name, exc)\n"
    )
    out = python(code).splitlines()
    assert len(out) == 2
    for line in out:
        assert line.startswith("True pandas ")
        assert 'pip install "gnlc[pandas]"' in line


# --------------------------------------------------------------------------- with pandas


def test_one_row_per_city_with_typed_columns(pd: Any) -> None:
    everyone = gnlc.cities()
    df = gnlc.to_dataframe()
    assert df.shape == (len(everyone), len(COLUMNS))
    assert list(df.columns) == list(COLUMNS)
    assert df["id"].tolist() == [c.id for c in everyone]
    for column in ("country", "alpha_3", "country_name", "region", "region_name", "status"):
        assert isinstance(df[column].dtype, pd.CategoricalDtype), column
    assert list(df["region"].cat.categories) == [r.code for r in gnlc.regions()]
    # Every cohort in date order, then "unknown": a member without a cohort is its own
    # group, and no order puts an unknown cohort before or after another.
    assert list(df["cohort"].cat.categories) == [c.id for c in gnlc.cohorts()] + ["unknown"]
    assert not df["cohort"].cat.ordered
    with pytest.raises(TypeError):
        df["cohort"] >= "2022"  # noqa: B015
    without = {c.id for c in everyone if c.cohort is None}
    assert without and set(df.loc[df["cohort"] == "unknown", "id"]) == without
    in_order = df.sort_values("cohort", kind="stable")["cohort"].astype(str)
    assert list(dict.fromkeys(in_order)) == [
        k for k in df["cohort"].cat.categories if k in set(df["cohort"].astype(str))
    ]  # sorting follows the date order of the cohorts, unknown last
    assert str(df["joined"].dtype) == "Int64"
    assert str(df["geonames_id"].dtype) == "Int64"
    assert str(df["lat"].dtype) == str(df["lon"].dtype) == "float64"
    for column in ("id", "name", "status_as_of", "subdivision"):
        assert isinstance(df[column].dtype, pd.StringDtype), column
    # the cohort year is a nullable integer: <NA> where unknown, never a float
    unknown = {c.id for c in everyone if c.joined is None}
    assert unknown  # the snapshot has such members
    assert set(df.loc[df["joined"].isna(), "id"]) == unknown
    assert df.loc[df["id"] == "bh-muharraq", "joined"].tolist() == [2019]
    assert df.loc[df["id"] == "bh-muharraq", "cohorts"].tolist() == [("2019", "2024")]
    assert df["cohort"].isin(["2022", "2024", "2025"]).sum() == sum(
        1 for c in everyone if c.cohort is not None and c.cohort.start >= 2022
    )


def test_namibia_is_not_missing(pd: Any) -> None:
    df = gnlc.to_dataframe()
    assert not df["country"].isna().any()
    assert df.loc[df["alpha_3"] == "NAM", "country"].tolist() == ["NA"]
    assert "NA" in df["country"].cat.categories


def test_namibia_survives_a_csv_round_trip(pd: Any, tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    gnlc.to_csv(gnlc.cities(), path)
    # The trap: pandas' default reads "NA" as a missing value.
    assert pd.read_csv(path)["country"].isna().sum() == 1
    # The documented way keeps it.
    kept = pd.read_csv(path, keep_default_na=False)
    assert kept.loc[kept["alpha_3"] == "NAM", "country"].tolist() == ["NA"]
    # gnlc's reader gives back the very frame to_dataframe() makes.
    from gnlc.frame import read_csv

    pd.testing.assert_frame_equal(read_csv(path), gnlc.to_dataframe())


def test_read_csv_refuses_another_file(pd: Any) -> None:
    from gnlc.frame import read_csv

    with pytest.raises(ValueError, match="not a gnlc CSV"):
        read_csv(io.StringIO("a,b\n1,2\n"))


def test_to_pandas_of_a_result(pd: Any) -> None:
    found = gnlc.cities(region="Arab States", cohort=2024)
    df = found.to_pandas()
    pd.testing.assert_frame_equal(df, gnlc.to_dataframe(found))
    assert len(df) == len(found)
    assert set(df["region"]) == {"ARB"}
    assert list(df["region"].cat.categories) == [r.code for r in gnlc.regions()]


def test_status_awards_and_location(pd: Any) -> None:
    cork = attrs.evolve(gnlc.city("Cork"), location=None)
    placed = attrs.evolve(
        gnlc.city("Liège"), location=gnlc.Location(lat=50.6326, lon=5.5797, geonames_id=2792413)
    )
    df = gnlc.to_dataframe([cork, placed])
    assert df["awards"].tolist()[0] == cork.awards
    assert df["status"].tolist()[0] == cork.status.state
    assert df["status_as_of"].tolist()[0] == cork.status.as_of
    assert df["lat"].isna().tolist() == [True, False]
    assert df["lon"].tolist()[1] == 5.5797
    assert df["geonames_id"].tolist()[1] == 2792413
    assert df["geonames_id"].isna().tolist() == [True, False]


def test_not_cities(pd: Any) -> None:
    for bad in ([None], ["Cork"], 42):
        with pytest.raises(TypeError):
            gnlc.to_dataframe(bad)  # type: ignore[arg-type]


def test_empty_frame_keeps_its_columns(pd: Any) -> None:
    df = gnlc.to_dataframe([])
    assert df.shape == (0, len(COLUMNS))
    assert str(df["joined"].dtype) == "Int64"
    assert isinstance(df["region"].dtype, pd.CategoricalDtype)
