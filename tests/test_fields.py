"""gnlc.fields: every field's meaning declared once, and the flat tables made from paths."""

from __future__ import annotations

import typing

import attrs
import pytest

import gnlc
from gnlc import fields, model


def test_every_record_class_has_exactly_its_fields_explained() -> None:
    classes = [getattr(model, n) for n in model.__all__]
    assert set(fields.MEANINGS) == set(classes)
    for cls in classes:
        assert set(fields.MEANINGS[cls]) == {a.name for a in attrs.fields(cls)}, cls
        for f in fields.fields(cls):
            assert f.doc and f.doc == f.doc.strip(), (cls, f.name)


def test_properties_are_fields_with_their_docstrings() -> None:
    names = {f.name: f for f in fields.fields(gnlc.City)}
    assert names["cohort_ids"].property
    assert names["cohort_ids"].doc.startswith("The ids of every cohort")


_ALL = {**fields.TABLES, **fields.VIEWS}


@pytest.mark.parametrize("table", list(_ALL.values()), ids=list(_ALL))
def test_each_column_reads_its_path(table: fields.Table) -> None:
    assert len(set(table.names)) == len(table.names)
    assert set(table.view) <= set(table.names) and table.key in table.names
    records = {
        "cities": gnlc.cities(status="any"),
        "countries": gnlc.countries(),
        "regions": gnlc.regions(),
        "cohorts": gnlc.cohorts(),
        "awards": gnlc.awards(),
        "admissions": gnlc.datapackage.records("admissions"),
        "conferences": gnlc.conferences(),
        "clusters": gnlc.clusters(),
        "leads": gnlc.leads(),
        "coverage": gnlc.coverage(),
        "matches": gnlc.match(["Cork", "Hamburgh", "Atlantis", "Seo-gu"]),
    }[table.name]
    for record in records:
        row = table.row(record)
        for c in table.columns:
            value = record
            for step in c.path.split("."):
                value = None if value is None else getattr(value, step)
            expected = list(value) if isinstance(value, tuple) else value
            if hasattr(expected, "isoformat"):
                expected = expected.isoformat()
            assert row[c.name] == expected, (table.name, c.name)
            if c.required:
                assert row[c.name] not in (None, ""), (table.name, c.name)


def test_column_types_follow_the_model() -> None:
    cities = fields.CITIES
    assert cities.column("joined").type == typing.Optional[int]
    assert cities.column("cohort").type == typing.Optional[str]  # City.cohort is Optional
    assert cities.column("sources").type == typing.Tuple[str, ...]
    assert cities.column("lat").type == typing.Optional[float]  # through City.location
    assert cities.column("country").type is str
    assert cities.column("joined").doc == fields.meaning(gnlc.City, "joined")


def test_a_row_of_the_wrong_record_is_refused() -> None:
    with pytest.raises(TypeError, match="expected City records, not Country"):
        list(fields.CITIES.rows([gnlc.country("VN")]))


def test_the_export_is_the_cities_table() -> None:
    cork = gnlc.city("Cork")
    assert gnlc.export.city_row(cork) == fields.CITIES.row(cork)
    assert fields.CITIES.names == gnlc.export.COLUMNS
