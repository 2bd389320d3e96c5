"""The snapshot file: its layout, the one decoder and the one encoder.

A snapshot (schema 6, see the data dictionary) is one JSON object of
tables. Every row of every table is an array, its values in the order that
``fields`` declares for the table (:data:`FIELDS`); every source URL, status
and admission is written once, in a sorted table, and referred to by its
index; one row per line, so that a changed city is one changed line in
``git diff``.

:func:`decode` builds the records and the indexes that answer queries
(:class:`Snapshot`); :func:`expand_city` puts one city's references back
without building records, for :func:`gnlc.validate`, which reports a
reference that does not resolve at its path instead of stopping there.
:mod:`gnlc._encode` writes the file (``tools/build_snapshot.py`` and the
benchmark) in the layout declared here. The loader builds the attrs records directly rather than
through cattrs: it is the hot path of every first query, and cattrs costs
more to import than the whole load (``tests/test_convert.py`` proves that
both give equal records).
"""

from __future__ import annotations

import threading
from types import MappingProxyType
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    List,
    Mapping,
    Optional,
    Tuple,
    TypeVar,
    Union,
)

import attrs

from ._dates import date
from ._rules import SCHEMA, is_member
from .errors import SnapshotError
from .model import Admission, City, Cohort, Country, Location, Region, Status

if TYPE_CHECKING:
    from .model import Award, Cluster, Conference, Lead, SnapshotInfo

__all__ = [
    "CITY_FIELDS",
    "FIELDS",
    "LATER_TABLES",
    "LOCATION_FIELDS",
    "Snapshot",
    "decode",
    "expand_city",
]

#: The order of a city's values in the file: each city is an array. The
#: fields of :class:`~gnlc.City`, then the normalised lookup keys the build
#: made (``keys``, and ``weak_keys``: shortened forms that give way to keys;
#: ``other_names`` holds GeoNames' other names of the place joined with ``|``,
#: and ``other_keys`` the key of each, likewise, empty where it is the name
#: itself (as 南京's is) or the name is ASCII, which normalises fast: one
#: string each, so that a load parses 350 strings rather than 6,000, and no
#: first lookup by another name decomposes Unicode text. They become
#: :attr:`City.other_names` when first asked for.
CITY_FIELDS = (
    "id",
    "name",
    "country",
    "region",
    "cohort",
    "joined",
    "status",
    "admissions",
    "awards",
    "aliases",
    "sources",
    "location",
    "other_names",
    "keys",
    "weak_keys",
    "other_keys",
)

#: The order of a location's values: the fields of :class:`~gnlc.Location`.
LOCATION_FIELDS = tuple(f.name for f in attrs.fields(Location))

#: The order of the values in a row of each table (and in a city's location).
#: ``keys`` hold the normalised names a record is found by; ``weak_keys``
#: shortened forms ("Korea" of "Korea, Republic of") that give way to keys.
FIELDS: Mapping[str, Tuple[str, ...]] = MappingProxyType(
    {
        "regions": ("code", "name", "aliases", "translations", "keys", "weak_keys"),
        "countries": (
            "alpha_2",
            "alpha_3",
            "numeric",
            "name",
            "iso_name",
            "official_name",
            "common_name",
            "region",
            "also_region",
            "status",
            "aliases",
            "translations",
            "keys",
            "weak_keys",
        ),
        "cohorts": (
            "id",
            "start",
            "end",
            "announced",
            "stated_cities",
            "stated_countries",
            "stated_total",
            "stated_total_countries",
            "known_cities",
            "known_countries",
            "sources",
            "notes",
            "stated_by_region",
        ),
        "statuses": ("state", "as_of", "note", "sources"),
        "admissions": (
            "cohort",
            "year",
            "announced",
            "region_seen",
            "sources",
            "confidence",
            "basis",
            "lapsed_by",
        ),
        "location": LOCATION_FIELDS,
        "cities": CITY_FIELDS,
        "awards": ("year", "city", "sources"),
        "conferences": (
            "number",
            "year",
            "start",
            "end",
            "host",
            "country",
            "city",
            "theme",
            "outcome",
            "also_adopted",
            "award_years",
            "sources",
            "note",
        ),
        "clusters": (
            "id",
            "theme",
            "strategy",
            "established",
            "coordinators",
            "members",
            "stated_members",
            "stated_as_of",
            "sources",
            "note",
        ),
        "leads": ("cohort", "city", "country", "note"),
    }
)

#: Tables written after the awards and decoded only when first asked for (a
#: first query does not need the network's conferences and clusters).
LATER_TABLES = ("conferences", "clusters")

_T = TypeVar("_T")


class Snapshot:
    """Every record of one snapshot, and the indexes that answer queries.

    Built once by :func:`decode`; nothing in it changes afterwards. The
    awards, leads and facts are checked when the file is decoded, but become
    records on first use (no first query needs them); the conferences and
    clusters are checked and made only when first asked for, so that they
    add nothing to the first query.
    """

    __slots__ = (
        "_awards",
        "_city_names",
        "_clusters",
        "_conferences",
        "_country_names",
        "_info",
        "_later",
        "_leads",
        "_names_text",
        "by_cohort",
        "by_country",
        "by_region",
        "cities",
        "city_by_id",
        "city_keys",
        "cohort_by_id",
        "cohorts",
        "countries",
        "country_by_a2",
        "country_keys",
        "members",
        "region_by_code",
        "region_keys",
        "regions",
    )

    regions: Tuple[Region, ...]
    region_by_code: Dict[str, Region]
    region_keys: Dict[str, Tuple[Region, ...]]
    countries: Tuple[Country, ...]
    country_by_a2: Dict[str, Country]
    country_keys: Dict[str, Tuple[Country, ...]]
    cohorts: Tuple[Cohort, ...]
    cohort_by_id: Dict[str, Cohort]
    cities: Tuple[City, ...]
    members: Tuple[City, ...]
    city_by_id: Dict[str, City]
    city_keys: Dict[str, Tuple[City, ...]]
    by_region: Dict[str, Tuple[City, ...]]
    by_country: Dict[str, Tuple[City, ...]]
    by_cohort: Dict[str, Tuple[City, ...]]

    def __init__(self) -> None:
        self._awards: Optional[Tuple[Award, ...]] = None
        self._conferences: Optional[Tuple[Conference, ...]] = None
        self._clusters: Optional[Tuple[Cluster, ...]] = None
        self._leads: Optional[Tuple[Lead, ...]] = None
        self._info: Optional[SnapshotInfo] = None
        self._city_names: Optional[Dict[str, Tuple[City, ...]]] = None
        self._country_names: Optional[Dict[str, Tuple[Country, ...]]] = None
        self._names_text: Optional[Tuple[Dict[str, Tuple[str, str]], Dict[str, str]]] = None
        self._later: Dict[str, Any] = {}

    def _once(self, slot: str, make: Callable[[], _T]) -> _T:
        """The value of *slot*, made by *make* on first use (by one thread)."""
        found = getattr(self, slot)
        if found is None:
            with _later_lock:
                found = getattr(self, slot)
                if found is None:
                    found = make()
                    setattr(self, slot, found)
        return found  # type: ignore[no-any-return]

    @property
    def awards(self) -> Tuple[Award, ...]:
        """Every award, by year then city id."""
        from .model import Award

        return self._once("_awards", lambda: tuple(Award(*a) for a in self._later["awards"]))

    @property
    def conferences(self) -> Tuple[Conference, ...]:
        """Every International Conference on Learning Cities, by number."""
        self.awards  # noqa: B018 - made first: _once holds a lock that is not reentrant
        return self._once("_conferences", lambda: _later_table(self, _conferences))

    @property
    def clusters(self) -> Tuple[Cluster, ...]:
        """Every thematic cluster, in the order of the file."""
        return self._once("_clusters", lambda: _later_table(self, _clusters))

    @property
    def leads(self) -> Tuple[Lead, ...]:
        """Every open research lead."""
        from .model import Lead

        return self._once("_leads", lambda: tuple(Lead(*row) for row in self._later["leads"]))

    @property
    def info(self) -> SnapshotInfo:
        """What the snapshot is: versions, date, hash and size."""
        from .model import SnapshotInfo

        def make() -> SnapshotInfo:
            facts = dict(self._later["info"])
            if callable(facts["sha256"]):  # the bundled file, hashed when first asked
                facts["sha256"] = facts["sha256"]()
            return SnapshotInfo(**facts)

        return self._once("_info", make)

    def _names(self) -> Tuple[Dict[str, Tuple[str, str]], Dict[str, str]]:
        """(city id -> its other names and their keys, alpha-2 -> translations),
        as the file holds them: kept from the load, or read again now."""

        def make() -> Tuple[Dict[str, Tuple[str, str]], Dict[str, str]]:
            if self._later["other_names"] is not None:
                return self._later["other_names"], self._later["translations"]
            raw = self._later["again"]()
            fields = raw["fields"]
            at = [fields["cities"].index(f) for f in ("id", "other_names", "other_keys")]
            cities = {r[at[0]]: (r[at[1]], r[at[2]]) for r in raw["cities"] if r[at[1]]}
            a2, tr = (fields["countries"].index(f) for f in ("alpha_2", "translations"))
            return cities, {r[a2]: r[tr] for r in raw["countries"]}

        # Its own lock: the indexes that _once makes read it inside _later_lock.
        found = self._names_text
        if found is None:
            with _names_lock:
                found = self._names_text
                if found is None:
                    found = self._names_text = make()
        return found

    def other_names_of(self, city_id: str) -> Tuple[str, ...]:
        """The other names of the city *city_id* (see :attr:`City.other_names`)."""
        made: Dict[str, Tuple[str, ...]] = self._later.setdefault("other_tuples", {})
        found = made.get(city_id)
        if found is None:
            raw = self._names()[0].get(city_id)
            found = made[city_id] = tuple(raw[0].split("|")) if raw else ()
        return found

    def translations_of(self, alpha_2: str) -> Tuple[Tuple[str, str], ...]:
        """The translations of the country *alpha_2* (see :attr:`Country.translations`)."""
        made: Dict[str, Tuple[Tuple[str, str], ...]] = self._later.setdefault("pairs", {})
        found = made.get(alpha_2)
        if found is None:
            raw = self._names()[1].get(alpha_2, "")
            pairs = [p.split(":", 1) for p in raw.split("|")] if raw else []
            found = made[alpha_2] = tuple((lang, name) for lang, name in pairs)
        return found

    @property
    def city_names(self) -> Dict[str, Tuple[City, ...]]:
        """The key of each of the cities' other names -> the cities that have
        it: consulted after :attr:`city_keys`, so a name or alias wins. Built on
        first use (no lookup by a name or id needs it)."""

        def make() -> Dict[str, Tuple[City, ...]]:
            from .normalization import normalize

            index: Dict[str, Tuple[City, ...]] = {}
            for city_id, (names, keys) in self._names()[0].items():
                city = self.city_by_id[city_id]
                for name, key in zip(names.split("|"), keys.split("|")):
                    key = key or (normalize(name) if name.isascii() else name)
                    found = index.get(key, ())
                    if city not in found:
                        index[key] = (*found, city)
            return index

        return self._once("_city_names", make)

    @property
    def country_names(self) -> Dict[str, Tuple[Country, ...]]:
        """The key of each of the countries' translated names (and of its short
        form: "Corée" of "Corée, République de") -> the countries that have it;
        consulted after :attr:`country_keys`. Built on first use."""

        def make() -> Dict[str, Tuple[Country, ...]]:
            names = [(c, [n for _, n in self.translations_of(c.alpha_2)]) for c in self.countries]
            strong = _name_index(names)
            weak = _name_index((c, _short_forms(ns)) for c, ns in names)
            return {**{k: v for k, v in weak.items() if k not in strong}, **strong}

        return self._once("_country_names", make)


def _short_forms(names: List[str]) -> List[str]:
    from ._rules import weak_form

    return [w for w in map(weak_form, names) if w]


def _name_index(records: Any) -> Dict[str, Tuple[Any, ...]]:
    """normalised name -> the records (in order, each once) that have it."""
    from .normalization import normalize

    index: Dict[str, Tuple[Any, ...]] = {}
    for record, names in records:
        for name in names:
            key = normalize(name)
            found = index.get(key, ())
            if key and record not in found:
                index[key] = (*found, record)
    return index


# Guards the records that a snapshot makes on first use: one thread makes them.
_later_lock = threading.Lock()
_names_lock = threading.Lock()


def reset_locks() -> None:
    """A new lock, in a forked child (see gnlc._store)."""
    global _later_lock, _names_lock
    _later_lock = threading.Lock()
    _names_lock = threading.Lock()


# --------------------------------------------------------------------------- decoding


def is_index(value: Any) -> bool:
    """Whether *value* is a table index: an int (not a bool), not negative (a
    negative index would silently count from the end)."""
    return type(value) is int and value >= 0


def _indexes(refs: Tuple[Any, ...]) -> bool:
    # A plain loop: all() over a generator costs 2.7 times as much (202 against
    # 76 ns) for the one or two references a city has, twice per city.
    for i in refs:  # noqa: SIM110
        if type(i) is not int or i < 0:
            return False
    return True


def _resolve(
    refs: List[int], rows: List[_T], memo: Dict[Tuple[int, ...], Tuple[_T, ...]], what: str
) -> Tuple[_T, ...]:
    """The *rows* that *refs* name by index, as one tuple shared by equal *refs*."""
    key = tuple(refs)
    # Checked on every call, not only when first seen: true and 1.0 are equal
    # to 1 as dict keys.
    if not _indexes(key):
        raise TypeError(f"{what} must be indexes, not {refs!r}")
    found = memo.get(key)
    if found is None:
        if len(set(key)) != len(key):  # a list that names a row twice: refused, not expanded
            twice = next(i for n, i in enumerate(key) if i in key[:n])
            raise ValueError(f"{what} must name each row once, not {twice} twice")
        found = memo[key] = tuple([rows[i] for i in key])
    return found


def decode(
    raw: Mapping[str, Any],
    sha256: Union[str, Callable[[], str]],
    again: Optional[Callable[[], Mapping[str, Any]]] = None,
) -> Snapshot:
    """Build the records and indexes of the parsed snapshot *raw*; *sha256* is
    its file's hash, or how to compute it when first asked for.

    With *again* (how to parse the same file again), the other names of the
    cities and the countries' translations are checked now but not kept: they
    are read again when first asked for (no first query needs them, and they
    are a third of the file). Without it they are kept as they are.

    A file of another schema, or one that does not follow this one, raises
    :class:`~gnlc.SnapshotError`.
    """
    if raw.get("schema") != SCHEMA:
        raise SnapshotError(f"snapshot schema {raw.get('schema')!r} is not {SCHEMA}")
    snap = Snapshot()
    try:
        _decode(snap, raw, sha256)
        if again is not None:
            snap._later["again"] = again
            snap._later["other_names"] = snap._later["translations"] = None
    except (TypeError, ValueError) as exc:  # a message of our own, or Python's clear one
        raise SnapshotError(f"snapshot does not follow schema {SCHEMA}: {exc}") from exc
    except (KeyError, IndexError, AttributeError) as exc:  # a bare key or index: name the kind
        raise SnapshotError(f"snapshot does not follow schema {SCHEMA}: {exc!r}") from exc
    return snap


def _decode(snap: Snapshot, raw: Mapping[str, Any], sha256: Union[str, Callable[[], str]]) -> None:
    fields = raw["fields"]
    expected = {k: list(v) for k, v in FIELDS.items()}
    if fields != expected:
        raise ValueError(f"the tables' fields are {fields!r}, not {dict(FIELDS)!r}")
    urls = raw["sources"]
    if not all(type(u) is str for u in urls):
        raise TypeError("sources must be URLs")
    # Source lists, the tables' rows and the small immutable values are
    # built once each and shared by every record that refers to them.
    url_tuples: Dict[Tuple[int, ...], Tuple[str, ...]] = {}

    def sources(refs: List[int]) -> Tuple[str, ...]:
        return _resolve(refs, urls, url_tuples, "sources")

    # One string object for each repeated value (a country's status, a name
    # that is also its ISO name, a location's kind): json.loads makes a new
    # one for every occurrence.
    shared: Dict[Any, Any] = {}
    _regions(snap, raw["regions"])
    _countries(snap, raw["countries"], shared.setdefault)
    _cohorts(snap, raw["cohorts"], sources)
    _cities(snap, raw, sources, shared.setdefault)
    # Checked now, made into records on first use (see Snapshot.awards).
    snap._later["awards"] = [
        (year, snap.city_by_id[city], sources(refs)) for year, city, refs in raw["awards"]
    ]
    snap._later["leads"] = [(cohort, name, a2, note) for cohort, name, a2, note in raw["leads"]]
    # Kept as they are: decoded and checked on first use (Snapshot.conferences).
    snap._later["urls"] = urls
    for table in LATER_TABLES:
        snap._later[table] = raw[table]
    snap._later["info"] = {
        "schema": raw["schema"],
        "data_version": raw["data_version"],
        "snapshot_date": date.fromisoformat(raw["snapshot_date"]),
        "sha256": sha256,
        "records": len(snap.cities),
        "members": len(snap.members),
        "countries": len(snap.countries),
    }


def _later_table(snap: Snapshot, make: Callable[[Snapshot, Any], Tuple[_T, ...]]) -> Tuple[_T, ...]:
    """The records *make* builds from a table kept for later, or a
    :class:`~gnlc.SnapshotError` where the table does not follow the schema."""
    try:
        return make(snap, snap._later)
    except (TypeError, ValueError) as exc:
        raise SnapshotError(f"snapshot does not follow schema {SCHEMA}: {exc}") from exc
    except (KeyError, IndexError, AttributeError) as exc:
        raise SnapshotError(f"snapshot does not follow schema {SCHEMA}: {exc!r}") from exc


def _later_sources(later: Mapping[str, Any]) -> Callable[[List[int]], Tuple[str, ...]]:
    memo: Dict[Tuple[int, ...], Tuple[str, ...]] = {}
    urls = later["urls"]
    return lambda refs: _resolve(refs, urls, memo, "sources")


def _text(value: Any, what: str) -> Optional[str]:
    if value is not None and type(value) is not str:
        raise TypeError(f"{what} must be text or null, not {value!r}")
    return value


def _cities_of(snap: Snapshot, ids: Any, what: str) -> Optional[Tuple[City, ...]]:
    """The cities *ids* name, or ``None`` for ``null`` (no source says)."""
    if ids is None:
        return None
    if type(ids) is not list or not all(type(i) is str for i in ids):
        raise TypeError(f"{what} must be a list of city ids or null, not {ids!r}")
    if len(set(ids)) != len(ids):
        raise ValueError(f"{what} name a city twice: {ids!r}")
    return tuple(snap.city_by_id[i] for i in ids)


def _conferences(snap: Snapshot, later: Mapping[str, Any]) -> Tuple[Conference, ...]:
    from .model import Conference

    sources = _later_sources(later)
    by_year: Dict[int, List[Award]] = {}
    for a in snap.awards:
        by_year.setdefault(a.year, []).append(a)
    iso = date.fromisoformat
    out = []
    for (
        number,
        year,
        start,
        end,
        host,
        a2,
        city,
        theme,
        outcome,
        also,
        award_years,
        refs,
        note,
    ) in later["conferences"]:
        if not is_index(number) or type(year) is not int:
            raise TypeError(
                f"a conference's number and year must be integers: {number!r}, {year!r}"
            )
        if type(also) is not list or not all(type(t) is str for t in also):
            raise TypeError(f"also_adopted must be a list of titles, not {also!r}")
        if type(award_years) is not list or not all(type(y) is int for y in award_years):
            raise TypeError(f"award_years must be a list of years, not {award_years!r}")
        awards = [a for y in award_years for a in by_year[y]]
        out.append(
            Conference(
                number,
                year,
                None if start is None else iso(start),
                None if end is None else iso(end),
                _text(host, "a host"),
                None if a2 is None else snap.country_by_a2[a2],
                None if city is None else snap.city_by_id[city],
                _text(theme, "a theme"),
                _text(outcome, "an outcome"),
                tuple(also),
                tuple(awards),
                sources(refs),
                _text(note, "a note"),
            )
        )
    return tuple(sorted(out, key=lambda c: c.number))


def _clusters(snap: Snapshot, later: Mapping[str, Any]) -> Tuple[Cluster, ...]:
    from .model import Cluster

    sources = _later_sources(later)
    out = []
    for (
        cid,
        theme,
        strategy,
        established,
        coordinators,
        members,
        stated,
        stated_as_of,
        refs,
        note,
    ) in later["clusters"]:
        if type(cid) is not str or type(theme) is not str:
            raise TypeError(f"a cluster's id and theme must be text: {cid!r}, {theme!r}")
        for value in (established, stated):
            if value is not None and type(value) is not int:
                raise TypeError(f"a cluster's years and counts must be integers, not {value!r}")
        out.append(
            Cluster(
                cid,
                theme,
                _text(strategy, "a strategy"),
                established,
                _cities_of(snap, coordinators, "coordinators"),
                _cities_of(snap, members, "members"),
                stated,
                _text(stated_as_of, "a date"),
                sources(refs),
                _text(note, "a note"),
            )
        )
    return tuple(out)


def _regions(snap: Snapshot, rows: List[List[Any]]) -> None:
    regions = []
    strong: Dict[str, Tuple[Region, ...]] = {}
    weak: Dict[str, Tuple[Region, ...]] = {}
    for code, name, aliases, translations, keys, weak_keys in rows:
        region = Region(code, name, tuple(aliases), tuple((lang, n) for lang, n in translations))
        regions.append(region)
        for k in keys:
            strong[k] = (region,)
        for k in weak_keys:  # a short form two regions share ("America"): ambiguous
            weak[k] = (*weak.get(k, ()), region)
    snap.region_keys = {**weak, **strong}
    snap.regions = tuple(regions)
    snap.region_by_code = {r.code: r for r in regions}


def _countries(snap: Snapshot, rows: List[List[Any]], share: Callable[[Any, Any], Any]) -> None:
    regions = snap.region_by_code
    countries: List[Country] = []
    later: Dict[str, str] = snap._later.setdefault("translations", {})
    strong: Dict[str, Tuple[Country, ...]] = {}
    weak: Dict[str, Tuple[Country, ...]] = {}
    for (
        alpha_2,
        alpha_3,
        numeric,
        name,
        iso_name,
        official_name,
        common_name,
        region,
        also_region,
        status,
        aliases,
        translations,
        keys,
        weak_keys,
    ) in rows:
        country = Country(
            alpha_2,
            alpha_3,
            numeric,
            share(name, name),
            share(iso_name, iso_name),
            regions[region],
            share(status, status),
            share(official_name, official_name),
            share(common_name, common_name),
            regions[also_region] if also_region else None,
            tuple(aliases),
        )
        if type(translations) is not str:
            raise TypeError(f"{alpha_2}: translations must be text")
        later[alpha_2] = translations
        countries.append(country)
        for k in keys:
            strong[k] = (*strong[k], country) if k in strong else (country,)
        for k in weak_keys:
            weak[k] = (*weak[k], country) if k in weak else (country,)
    snap.countries = tuple(countries)
    snap.country_by_a2 = {c.alpha_2: c for c in countries}
    # A weak key ("Korea" from "Korea, Republic of") gives way to a full name.
    snap.country_keys = {**weak, **strong}


def _cohorts(
    snap: Snapshot, rows: List[List[Any]], sources: Callable[[List[int]], Tuple[str, ...]]
) -> None:
    iso = date.fromisoformat
    snap.cohorts = tuple(
        Cohort(
            cid,
            start,
            end,
            None if announced is None else iso(announced),
            stated_cities,
            stated_countries,
            stated_total,
            stated_total_countries,
            known_cities,
            known_countries,
            sources(refs),
            tuple(notes),
            tuple((r, n) for r, n in by_region),
        )
        for (
            cid,
            start,
            end,
            announced,
            stated_cities,
            stated_countries,
            stated_total,
            stated_total_countries,
            known_cities,
            known_countries,
            refs,
            notes,
            by_region,
        ) in rows
    )
    snap.cohort_by_id = {c.id: c for c in snap.cohorts}


def _add_weak_keys(keys: Dict[str, Tuple[City, ...]], weak: List[Tuple[str, City]]) -> None:
    """Add the weak keys (a name's shortened form) to *keys*, where no city's
    full name has them: strong keys win, as the build already arranged."""
    weak_only: Dict[str, List[City]] = {}
    for k, city in weak:
        if k not in keys:
            weak_only.setdefault(k, []).append(city)
    for k, found in weak_only.items():
        keys[k] = tuple(found)


def _shared(
    snap: Snapshot, raw: Mapping[str, Any], sources: Callable[[List[int]], Tuple[str, ...]]
) -> Tuple[List[Status], List[Admission]]:
    """The statuses and admissions that cities refer to by index."""
    iso = date.fromisoformat
    cohorts = snap.cohort_by_id
    statuses = [
        Status(state, as_of, note, sources(refs)) for state, as_of, note, refs in raw["statuses"]
    ]
    admissions = [
        Admission(
            cohorts[cohort].id,
            year,
            None if announced is None else iso(announced),
            region_seen,
            sources(refs),
            confidence,
            basis,
            None if lapsed_by is None else iso(lapsed_by),
        )
        for cohort, year, announced, region_seen, refs, confidence, basis, lapsed_by in raw[
            "admissions"
        ]
    ]
    return statuses, admissions


def _cities(
    snap: Snapshot,
    raw: Mapping[str, Any],
    sources: Callable[[List[int]], Tuple[str, ...]],
    share: Callable[[Any, Any], Any],
) -> None:
    statuses, admissions = _shared(snap, raw, sources)
    admission_tuples: Dict[Tuple[int, ...], Tuple[Admission, ...]] = {}
    cohorts = snap.cohort_by_id
    regions, by_a2 = snap.region_by_code, snap.country_by_a2
    cities: List[City] = []
    add_city = cities.append
    city_keys: Dict[str, Tuple[City, ...]] = {}
    weak_keys: List[Tuple[str, City]] = []
    other: Dict[str, Tuple[str, str]] = {}
    by_region: Dict[str, List[City]] = {r: [] for r in regions}
    by_country: Dict[str, List[City]] = {a2: [] for a2 in by_a2}
    by_cohort: Dict[str, List[City]] = {c: [] for c in cohorts}
    for (
        city_id,
        name,
        a2,
        region_code,
        cohort,
        joined,
        status,
        adm_refs,
        awards,
        aliases,
        src_refs,
        loc,
        other_names,
        keys,
        weak,
        other_keys,
    ) in raw["cities"]:
        adms = _resolve(adm_refs, admissions, admission_tuples, "admissions")
        if not is_index(status):
            raise TypeError(f"a city's status must be an index, not {status!r}")
        location = None
        if loc is not None:
            if type(loc) is not list:
                raise TypeError(f"a location is an array, not {loc!r}")
            lat, lon, geonames_id, subdivision, kind, origin, note = loc
            location = Location(
                lat,
                lon,
                geonames_id,
                share(subdivision, subdivision),
                share(kind, kind),
                share(origin, origin),
                note,
            )
        city = City(
            city_id,
            name,
            by_a2[a2],
            regions[region_code],
            None if cohort is None else cohorts[cohort],
            joined,
            statuses[status],
            adms,
            tuple(awards),
            tuple(aliases),
            sources(src_refs),
            location,
        )
        add_city(city)
        for k in keys:
            city_keys[k] = (*city_keys[k], city) if k in city_keys else (city,)
        for k in weak:
            weak_keys.append((k, city))
        if type(other_names) is not str or type(other_keys) is not str:
            raise TypeError(f"{city_id}: other_names and other_keys must be text")
        if other_names:
            other[city_id] = (other_names, other_keys)
        by_region[region_code].append(city)
        by_country[a2].append(city)
        for a in adms:
            by_cohort[a.cohort].append(city)
    city_by_id = {c.id: c for c in cities}
    if len(city_by_id) != len(cities):
        raise SnapshotError("snapshot has duplicate city ids")
    _add_weak_keys(city_keys, weak_keys)
    snap._later["other_names"] = other
    snap.cities = tuple(cities)
    snap.members = tuple(c for c in cities if is_member(c.status.state))
    snap.city_by_id = city_by_id
    snap.city_keys = city_keys
    snap.by_region = {k: tuple(v) for k, v in by_region.items() if v}
    snap.by_country = {k: tuple(v) for k, v in by_country.items() if v}
    snap.by_cohort = {k: tuple(v) for k, v in by_cohort.items() if v}


def expand_city(
    raw: Mapping[Any, Any], city: Any, memo: Optional[Dict[Tuple[str, Any], Any]] = None
) -> Any:
    """A city of the parsed snapshot *raw* as a dict, its references put back.

    Where :func:`decode` stops at the first reference that does not resolve,
    this leaves such a reference (or a row of the wrong length) as it is, so
    that :func:`gnlc.validate` reports it at its path, and goes on. Each row is
    expanded once (per *memo*, which callers share across a file's cities) and
    the same object stands wherever the row is named again, so the work and
    the result stay linear in the file's size however often a row is named.
    """
    memo = {} if memo is None else memo
    city = _as_dict(city, CITY_FIELDS)
    if not isinstance(city, Mapping):
        return city
    out = dict(_with_urls(raw, city))
    if "status" in out:
        out["status"] = _expanded(raw, "statuses", out["status"], memo)
    if isinstance(out.get("admissions"), list):
        out["admissions"] = [_expanded(raw, "admissions", a, memo) for a in out["admissions"]]
    out["location"] = _as_dict(out.get("location"), LOCATION_FIELDS)
    return out


def _expanded(
    raw: Mapping[Any, Any], table: str, ref: Any, memo: Dict[Tuple[str, Any], Any]
) -> Any:
    """The row *ref* of *table* with its URLs, made once per reference."""
    if not is_index(ref):
        return ref
    key = (table, ref)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _with_urls(raw, _row(raw, table, ref))
    return found


def _as_dict(row: Any, fields: Tuple[str, ...]) -> Any:
    """An array *row* of a table as a dict of its *fields*; anything else as it is."""
    if isinstance(row, list) and len(row) == len(fields):
        return dict(zip(fields, row))
    return row


def _row(raw: Mapping[Any, Any], table: str, ref: Any) -> Any:
    rows = raw.get(table)
    if is_index(ref) and isinstance(rows, list) and ref < len(rows):
        return rows[ref] if table == "sources" else _as_dict(rows[ref], FIELDS[table])
    return ref


def _with_urls(raw: Mapping[Any, Any], row: Any) -> Any:
    refs = row.get("sources") if isinstance(row, Mapping) else None
    if not isinstance(refs, list):
        return row
    return {**row, "sources": [_row(raw, "sources", r) for r in refs]}
