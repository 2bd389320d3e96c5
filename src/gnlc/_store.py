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
from typing import Any, Dict, List, Optional, Tuple

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

__all__ = ["Store", "get", "load_bytes"]

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
        try:
            self._build(raw, sha256)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SnapshotError(f"snapshot does not follow schema 1: {exc!r}") from exc

    def _build(self, raw: Dict[str, Any], sha256: str) -> None:
        if raw.get("schema") != 1:
            raise SnapshotError(f"snapshot schema {raw.get('schema')!r} is not 1")
        date = datetime.date.fromisoformat
        opt_date = _optional(date)

        self.regions = tuple(
            Region(code=r["code"], name=r["name"], aliases=tuple(r["aliases"]))
            for r in raw["regions"]
        )
        self.region_by_code = {r.code: r for r in self.regions}
        self.region_keys: Dict[str, Region] = {}
        for r, rr in zip(self.regions, raw["regions"]):
            for k in rr["keys"]:
                self.region_keys[k] = r

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
                name=c["name"],
                iso_name=c["iso_name"],
                region=regions[c["region"]],
                status=c["status"],
                official_name=c["official_name"],
                common_name=c["common_name"],
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
                sources=tuple(c["sources"]),
                notes=tuple(c["notes"]),
                stated_by_region=tuple((r, n) for r, n in c["stated_by_region"]),
            )
            for c in raw["cohorts"]
        )
        self.cohort_by_id = {c.id: c for c in self.cohorts}

        by_a2 = self.country_by_a2
        cohorts = self.cohort_by_id
        cities: List[City] = []
        city_strong: Dict[str, List[City]] = {}
        city_weak: Dict[str, List[City]] = {}
        # Equal values share one object: thousands of cities cite the same
        # few announcement URLs and hold equal admissions and statuses, and
        # json.loads makes a new object for every occurrence.
        shared: Dict[Any, Any] = {}
        share = shared.setdefault

        for c in raw["cities"]:
            st = c["status"]
            st_sources = _shared_tuple(shared, st["sources"])
            skey = ("status", st["state"], st["as_of"], st["note"], st_sources)
            status = shared.get(skey)
            if status is None:
                status = shared[skey] = Status(
                    state=st["state"], as_of=st["as_of"], note=st["note"], sources=st_sources
                )
            admissions = []
            for a in c["admissions"]:
                a_sources = _shared_tuple(shared, a["sources"])
                akey = ("adm", a["cohort"], a["year"], a["announced"], a["region_seen"], a_sources)
                adm = shared.get(akey)
                if adm is None:
                    adm = shared[akey] = Admission(
                        cohort=share(a["cohort"], a["cohort"]),
                        year=a["year"],
                        announced=opt_date(a["announced"]),
                        region_seen=a["region_seen"],
                        sources=a_sources,
                    )
                admissions.append(adm)
            city = City(
                id=c["id"],
                name=c["name"],
                country=by_a2[c["country"]],
                region=regions[c["region"]],
                cohort=cohorts[c["cohort"]] if c["cohort"] is not None else None,
                joined=c["joined"],
                status=status,
                admissions=tuple(admissions),
                awards=_shared_tuple(shared, c["awards"]),
                aliases=tuple(c["aliases"]),
                sources=_shared_tuple(shared, c["sources"]),
                location=_location(c["location"], shared),
            )
            cities.append(city)
            for k in c["keys"]:
                city_strong.setdefault(k, []).append(city)
            for k in c["weak_keys"]:
                city_weak.setdefault(k, []).append(city)
        self.cities = tuple(cities)
        self.city_by_id = {c.id: c for c in cities}
        if len(self.city_by_id) != len(cities):
            raise SnapshotError("snapshot has duplicate city ids")
        self.city_keys = {k: tuple(v) for k, v in {**city_weak, **city_strong}.items()}

        by_region: Dict[str, List[City]] = {}
        by_country: Dict[str, List[City]] = {}
        by_cohort: Dict[str, List[City]] = {}
        for city in cities:
            by_region.setdefault(city.region.code, []).append(city)
            by_country.setdefault(city.country.alpha_2, []).append(city)
            for a in city.admissions:
                by_cohort.setdefault(a.cohort, []).append(city)
        self.by_region = {k: tuple(v) for k, v in by_region.items()}
        self.by_country = {k: tuple(v) for k, v in by_country.items()}
        self.by_cohort = {k: tuple(v) for k, v in by_cohort.items()}
        # Memos of answered queries, keyed by the caller's raw arguments; they
        # live on the store so that a new snapshot can never see stale answers.
        self.cache: Dict[Any, Any] = {}
        self.city_memo: Dict[str, City] = {}
        self.country_memo: Dict[str, Country] = {}
        self.fuzzy: Dict[str, Any] = {}

        by_id = self.city_by_id
        self.awards = tuple(
            Award(year=a["year"], city=by_id[a["city"]], sources=tuple(a["sources"]))
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


def _shared_tuple(shared: Dict[Any, Any], items: List[Any]) -> Tuple[Any, ...]:
    """``tuple(items)``, its items and itself shared with equal earlier ones."""
    t = tuple(shared.setdefault(x, x) for x in items)
    return shared.setdefault(t, t)  # type: ignore[no-any-return]


def _location(raw: Optional[Dict[str, Any]], shared: Dict[Any, Any]) -> Optional[Location]:
    if raw is None:
        return None
    share = shared.setdefault
    return Location(
        lat=raw["lat"],
        lon=raw["lon"],
        geonames_id=raw["geonames_id"],
        subdivision=share(raw["subdivision"], raw["subdivision"]),
        kind=share(raw["kind"], raw["kind"]),
        origin=share(raw["origin"], raw["origin"]),
        note=raw["note"],
    )


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
