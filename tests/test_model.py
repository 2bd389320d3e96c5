from __future__ import annotations

import attrs
import pytest

import gnlc


def test_records_are_frozen_and_slotted() -> None:
    c = gnlc.city("Liège")
    for record in (c, c.country, c.region, c.cohort, c.admissions[0], gnlc.snapshot_info()):
        assert attrs.has(type(record))
        assert not hasattr(record, "__dict__")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            record.id = "x"  # type: ignore[misc, union-attr]


def test_public_collections_are_tuples() -> None:
    c = gnlc.city("Muharraq")
    for value in (c.aliases, c.sources, c.admissions, c.country.aliases, c.cohort.sources):
        assert isinstance(value, tuple)
    assert isinstance(gnlc.cities(), tuple)
    assert isinstance(gnlc.countries(), tuple)
    assert isinstance(gnlc.regions(), tuple)
    assert isinstance(gnlc.cohorts(), tuple)


def test_short_reprs() -> None:
    assert repr(gnlc.country("KR")) == "Country('KR', 'Republic of Korea')"
    assert repr(gnlc.region("LAC")) == "Region('LAC', 'Latin America and the Caribbean')"
    assert repr(gnlc.city("Liège")) == "City('be-liege', 'Liège', country='BE', cohort='2024')"
    assert repr(gnlc.cohort(2020)).startswith("Cohort('2020', stated=54, known=")


def test_cities_repr_and_html() -> None:
    from html.parser import HTMLParser

    found = gnlc.cities(country="PT")
    assert repr(found).startswith(f"Cities({len(found)}: ")
    cells: list[str] = []

    class Cells(HTMLParser):
        def handle_data(self, data: str) -> None:
            cells.append(data)

    Cells().feed(found._repr_html_())
    assert f"{len(found)} cities" in cells
    assert {c.name for c in found} <= set(cells)
    assert repr(gnlc.Cities()) == "Cities([])"


def test_cohort_year_and_missing() -> None:
    founding = gnlc.cohort("2015-2018")
    assert founding.year is None
    c2024 = gnlc.cohort(2024)
    assert c2024.year == 2024
    assert c2024.missing_cities == c2024.stated_cities - c2024.known_cities  # type: ignore[operator]
