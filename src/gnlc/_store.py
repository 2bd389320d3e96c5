"""Loading the snapshot: once per process, lazily, behind a lock.

The loader builds the attrs records directly from the parsed JSON rather
than through cattrs: it is the hot path of every first query, and cattrs
costs more to import than the whole load. ``tests/test_convert.py`` proves
that both paths give equal records.
"""

from __future__ import annotations

import datetime
import gc
import os
import threading
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

import attrs

from . import _snapshot_meta
from .errors import SnapshotError
from .model import (
    Admission,
    Award,
    City,
    Cohort,
    Country,
    Lead,
    Location,
    Region,
    SnapshotInfo,
    Status,
)

__all__ = ["CITY_FIELDS", "SCHEMA", "Store", "get", "load_bytes"]

#: The snapshot file format this loader reads (see docs/versioning.md).
SCHEMA = 2

#: The order of a city's values in a snapshot file: each city is an array.
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
    "keys",
    "weak_keys",
)

_T = TypeVar("_T")
_lock = threading.Lock()
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_store: Optional[Store] = None


class Store:
    """Every record of one snapshot, and the indexes that answer queries."""

    __slots__ = (
        "awards",
        "by_cohort",
        "by_country",
        "by_region",
        "cache",
        "cities",
        "city_by_id",
        "city_keys",
        "city_memo",
        "cohort_by_id",
        "cohorts",
        "countries",
        "country_by_a2",
        "country_keys",
        "country_memo",
        "fuzzy",
        "info",
        "leads",
        "region_by_code",
        "region_keys",
        "regions",
    )

    def __init__(self, raw: Dict[str, Any], sha256: str) -> None:
        if raw.get("schema") != SCHEMA:
            raise SnapshotError(f"snapshot schema {raw.get('schema')!r} is not {SCHEMA}")
        try:
            self._build(raw, sha256)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise SnapshotError(f"snapshot does not follow schema {SCHEMA}: {exc!r}") from exc

    def _build(self, raw: Dict[str, Any], sha256: str) -> None:
        date = datetime.date.fromisoformat
        opt_date = _optional(date)
        urls = raw["sources"]
        if not all(type(u) is str for u in urls):
            raise TypeError("sources must be URLs")
        # Source lists, the tables' rows and the small immutable values are
        # built once each and shared by every record that refers to them.
        url_tuples: Dict[Tuple[int, ...], Tuple[str, ...]] = {}

        def sources(refs: List[int]) -> Tuple[str, ...]:
            return _resolve(refs, urls, url_tuples, "sources")

        self.regions = tuple(
            Region(code=r["code"], name=r["name"], aliases=tuple(r["aliases"]))
            for r in raw["regions"]
        )
        self.region_by_code = {r.code: r for r in self.regions}
        self.region_keys: Dict[str, Region] = {}
        for r, rr in zip(self.regions, raw["regions"]):
            for k in rr["keys"]:
                self.region_keys[k] = r

        # One string object for each repeated value (a country's status, a name
        # that is also its ISO name, a location's kind): json.loads makes a
        # new one for every occurrence.
        shared: Dict[Any, Any] = {}
        share: Callable[[Any, Any], Any] = shared.setdefault

        regions = self.region_by_code
        countries: List[Country] = []
        strong: Dict[str, Tuple[Country, ...]] = {}
        weak: Dict[str, Tuple[Country, ...]] = {}
        for c in raw["countries"]:
            also = c["also_region"]
            country = Country(
                alpha_2=c["alpha_2"],
                alpha_3=c["alpha_3"],
                numeric=c["numeric"],
                name=share(c["name"], c["name"]),
                iso_name=share(c["iso_name"], c["iso_name"]),
                region=regions[c["region"]],
                status=share(c["status"], c["status"]),
                official_name=share(c["official_name"], c["official_name"]),
                common_name=share(c["common_name"], c["common_name"]),
                also_region=regions[also] if also else None,
                aliases=tuple(c["aliases"]),
            )
            countries.append(country)
            for k in c["keys"]:
                strong[k] = (*strong.get(k, ()), country)
            for k in c["weak_keys"]:
                weak[k] = (*weak.get(k, ()), country)
        self.countries = tuple(countries)
        self.country_by_a2 = {c.alpha_2: c for c in countries}
        self.country_keys = {**weak, **strong}

        self.cohorts = tuple(
            Cohort(
                id=c["id"],
                start=c["start"],
                end=c["end"],
                announced=opt_date(c["announced"]),
                stated_cities=c["stated_cities"],
                stated_countries=c["stated_countries"],
                stated_total=c["stated_total"],
                stated_total_countries=c["stated_total_countries"],
                known_cities=c["known_cities"],
                known_countries=c["known_countries"],
                sources=sources(c["sources"]),
                notes=tuple(c["notes"]),
                stated_by_region=tuple((r, n) for r, n in c["stated_by_region"]),
            )
            for c in raw["cohorts"]
        )
        self.cohort_by_id = {c.id: c for c in self.cohorts}

        statuses = [
            Status(s["state"], s["as_of"], s["note"], sources(s["sources"]))
            for s in raw["statuses"]
        ]
        admissions = [
            Admission(
                self.cohort_by_id[a["cohort"]].id,
                a["year"],
                opt_date(a["announced"]),
                a["region_seen"],
                sources(a["sources"]),
            )
            for a in raw["admissions"]
        ]
        admission_tuples: Dict[Tuple[int, ...], Tuple[Admission, ...]] = {}
        # A location is an array of the Location fields, in their order.
        if raw["location_fields"] != [f.name for f in attrs.fields(Location)]:
            raise ValueError(f"location fields {raw['location_fields']!r} are not Location's")

        by_a2 = self.country_by_a2
        cohorts = self.cohort_by_id
        cities: List[City] = []
        add_city = cities.append
        city_keys: Dict[str, Tuple[City, ...]] = {}
        weak_keys: List[Tuple[str, City]] = []
        by_region: Dict[str, List[City]] = {r: [] for r in regions}
        by_country: Dict[str, List[City]] = {a2: [] for a2 in by_a2}
        by_cohort: Dict[str, List[City]] = {c: [] for c in cohorts}
        if tuple(raw["city_fields"]) != CITY_FIELDS:
            raise ValueError(f"city fields {raw['city_fields']!r} are not {list(CITY_FIELDS)}")
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
            keys,
            weak,
        ) in raw["cities"]:
            adms = _resolve(adm_refs, admissions, admission_tuples, "admissions")
            if type(status) is not int or status < 0:
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
            by_region[region_code].append(city)
            by_country[a2].append(city)
            for a in adms:
                by_cohort[a.cohort].append(city)
        city_by_id = {c.id: c for c in cities}
        if len(city_by_id) != len(cities):
            raise SnapshotError("snapshot has duplicate city ids")
        # A weak key (a name's shortened form) never shadows another city's
        # full name: strong keys win, as the build already arranged.
        weak_only: Dict[str, List[City]] = {}
        for k, city in weak_keys:
            if k not in city_keys:
                weak_only.setdefault(k, []).append(city)
        for k, found in weak_only.items():
            city_keys[k] = tuple(found)

        self.cities = tuple(cities)
        self.city_by_id = city_by_id
        self.city_keys = city_keys
        self.by_region = {k: tuple(v) for k, v in by_region.items() if v}
        self.by_country = {k: tuple(v) for k, v in by_country.items() if v}
        self.by_cohort = {k: tuple(v) for k, v in by_cohort.items() if v}
        # Memos of answered queries, keyed by the caller's raw arguments; they
        # live on the store so that a new snapshot can never see stale answers.
        self.cache: Dict[Any, Any] = {}
        self.city_memo: Dict[str, City] = {}
        self.country_memo: Dict[str, Country] = {}
        self.fuzzy: Dict[str, Any] = {}

        self.awards = tuple(
            Award(year=a["year"], city=city_by_id[a["city"]], sources=sources(a["sources"]))
            for a in raw["awards"]
        )
        self.leads = tuple(
            Lead(cohort=x["cohort"], city=x["city"], country=x["country"], note=x["note"])
            for x in raw["leads"]
        )

        self.info = SnapshotInfo(
            schema=raw["schema"],
            data_version=raw["data_version"],
            snapshot_date=date(raw["snapshot_date"]),
            sha256=sha256,
            cities=len(cities),
            countries=len(countries),
        )


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
        found = memo[key] = tuple([rows[i] for i in key])
    return found


def _indexes(refs: Tuple[Any, ...]) -> bool:
    """Whether *refs* are all table indexes: ints (not bools), none negative
    (a negative index would silently count from the end)."""
    # A plain loop: all() over a generator costs 2.7 times as much (202 against
    # 76 ns) for the one or two references a city has, twice per city.
    for i in refs:  # noqa: SIM110
        if type(i) is not int or i < 0:
            return False
    return True


def _optional(fn: Any) -> Any:
    def convert(value: Any) -> Any:
        return None if value is None else fn(value)

    return convert


def load_bytes(
    data: bytes,
    *,
    name: str = "snapshot",
    expected_sha256: Optional[str] = None,
    expected_crc32: Optional[int] = None,
) -> Store:
    """Build a :class:`Store` from snapshot bytes, checking them if told how.

    With *expected_crc32* (the bundled snapshot's check, from
    ``_snapshot_meta``) the bytes are checked with CRC-32, which catches any
    truncation or accidental change and costs no hashlib import, and
    *expected_sha256* is then taken as their content hash. Otherwise the
    SHA-256 is computed, and compared with *expected_sha256* if given.
    """
    import json

    if expected_crc32 is not None:
        import zlib

        crc = zlib.crc32(data)
        if crc != expected_crc32:
            raise SnapshotError(
                f"{name} is damaged: its CRC-32 is {crc:08x}, expected {expected_crc32:08x} "
                "(reinstall gnlc, or rebuild with `nox -s build_data`)"
            )
        digest = expected_sha256 or ""
    else:
        import hashlib

        digest = hashlib.sha256(data).hexdigest()
        if expected_sha256 is not None and digest != expected_sha256:
            raise SnapshotError(
                f"{name} is damaged: its SHA-256 is {digest}, expected {expected_sha256} "
                "(reinstall gnlc, or rebuild with `nox -s build_data`)"
            )
    # The load allocates many small objects and frees none: pausing the cyclic
    # garbage collector meanwhile halves the time of a large snapshot.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise SnapshotError(f"{name} is not valid UTF-8 JSON: {exc}") from None
        if not isinstance(raw, dict):
            raise SnapshotError(f"{name} does not hold a JSON object")
        try:
            return Store(raw, digest)
        except SnapshotError as exc:
            raise SnapshotError(f"{name}: {exc}") from None
    finally:
        if collecting:
            gc.enable()


def _load_bundled() -> Store:
    # Reading the file by path skips importing importlib.resources (and the
    # zipfile, tempfile and pathlib machinery behind it), the largest cost of
    # the first query; a zip import has no such path and falls back to it.
    path = os.path.join(_PACKAGE_DIR, "data", "snapshot.json")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        name = path
    except OSError:
        from importlib.resources import files

        resource = files("gnlc").joinpath("data/snapshot.json")
        name = str(resource)
        try:
            data = resource.read_bytes()
        except OSError as exc:
            raise SnapshotError(f"cannot read the bundled snapshot {resource}: {exc}") from exc
    return load_bytes(
        data,
        name=name,
        expected_sha256=_snapshot_meta.SNAPSHOT_SHA256,
        expected_crc32=_snapshot_meta.SNAPSHOT_CRC32,
    )


def get() -> Store:
    """Return the process-wide store, loading the snapshot on first use."""
    store = _store
    if store is None:
        with _lock:
            store = _store
            if store is None:
                store = _install(_load_bundled())
    return store


def _install(store: Optional[Store]) -> Store:
    """Make *store* the process-wide store (``None``: reload on next use)."""
    global _store
    _store = store
    return store  # type: ignore[return-value]  # None only from tests resetting
