"""The query API: look records up, filter, group and search.

Every function answers from indexes that the snapshot built once; answers to
repeated calls come from memos keyed by the caller's own arguments, kept for
the current snapshot beside the queries that fill them. The lookups by key
(a region, country, cohort or city, and the fuzzy search) are
:mod:`gnlc._lookup`'s, shown here; filters, groups and reports are this
module's.
"""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Optional,
    Tuple,
    Union,
)

from . import _store
from ._rules import FOUNDING_COHORT, STATES, UNKNOWN_COHORT, State, is_admitted, is_member
from ._snapshot import Snapshot
from .errors import NotFoundError, _shown
from .model import City, Cohort, Country, Region

if TYPE_CHECKING:  # the records and modules a first query does not need: imported on use
    import datetime

    from .model import CoverageRow, SnapshotInfo
    from .results import Clusters, Conferences
from .results import Awards, Cities, Counts, Coverage, Groups, Leads

__all__ = [
    "GROUPINGS",
    "STATES",
    "State",
    "awards",
    "cities",
    "city",
    "clusters",
    "cohort",
    "cohorts",
    "conferences",
    "count_by",
    "countries",
    "country",
    "coverage",
    "get_city",
    "group_by",
    "leads",
    "region",
    "regions",
    "search",
    "snapshot_info",
]

from ._lookup import (
    CohortKey,
    CountryKey,
    RegionKey,
    as_integer,
    city,
    cohort,
    cohorts,
    countries,
    country,
    get_city,
    region,
    regions,
    search,
)

# A call reads the memo before it gets the snapshot (see _store.PerSnapshot).
_memos: _store.PerSnapshot[_store.Memo[Cities]] = _store.PerSnapshot(_store.Memo)
_get = _store.get


def cities(
    *,
    region: Union[RegionKey, Iterable[RegionKey], None] = None,
    country: Union[CountryKey, Iterable[CountryKey], None] = None,
    cohort: Union[CohortKey, Iterable[CohortKey], None] = None,
    status: Union[str, Iterable[str], None] = None,
    as_of: Union[datetime.date, str, None] = None,
    joined: Union[Years, None] = None,
) -> Cities:
    """Member cities, filtered, ordered by id (country code, then name).

    Each filter takes a record, a code, a name or an alias, or an iterable of
    them (which matches any). ``cohort`` matches every round that admitted a
    city, so Muharraq is in both 2019 and 2024. An unknown filter value raises
    rather than returning an empty result.

    ``status`` keeps cities whose :attr:`City.status` state is given (see
    :data:`STATES`); by default cities that left or whose admission was
    withdrawn are left out, and ``status="any"`` keeps them. ``as_of`` (a date
    or ISO date string) keeps the cities known to be members on that day and
    warns with :class:`~gnlc.IncompleteDataWarning` where the data cannot
    answer fully: a member whose membership lapsed at an unknown date (Muharraq
    between its 2019 and 2024 admissions) is left out and named, and a day after
    ``gnlc.SNAPSHOT_DATE`` warns with :class:`~gnlc.AfterSnapshotWarning`.

    ``joined`` keeps the cities whose :attr:`City.joined` year is given: a
    year, a :class:`range` of years (``range(2019, 2023)``: 2019 to 2022), or
    a ``(first, last)`` pair, both included, either ``None`` for no bound. A
    ``range`` given as ``cohort`` selects the cohorts that cover any of its
    years (there was no call in 2021, so ``range(2019, 2023)`` is the 2019,
    2020 and 2022 cohorts). ``cohort=2016`` is the open founding period
    2015–2018 as a whole; ``joined=2016`` the members that joined in 2016.
    Where members of the period have no known year, ``joined`` leaves them
    out and warns with :class:`~gnlc.IncompleteDataWarning`.

    >>> len(cities()) == len(cities(status=["member", "confirmed", "unconfirmed", "doubtful"]))
    True
    >>> [c.name for c in cities(country="Namibia")]
    ['Helao Nafidi Town Council']
    >>> cities(country="Bahrain", cohort=[2019, 2024])
    Cities(1: Muharraq)
    >>> len(cities(cohort=range(2019, 2023))) == len(cities(cohort=[2019, 2020, 2022]))
    True
    >>> cities(country="Germany", joined=(2019, 2022))
    Cities(2: Bonn, Hamburg)
    """
    memo = _memos.current
    store = _get()
    key: Optional[Tuple[Any, ...]] = (region, country, cohort, status)
    simple = _SIMPLE  # the common call: plain values, checked without a loop
    if as_of is not None or joined is not None:
        key = None  # a warning to give on every call, or a filter not worth a memo
    elif not (
        region.__class__ in simple
        and country.__class__ in simple
        and cohort.__class__ in simple
        and status.__class__ in simple
    ):
        key = _memo_key(key)  # type: ignore[arg-type]
    if key is not None:
        hit = memo.get(key)
        if hit is not None:
            return hit
    found = _filter(store, region, country, cohort)
    if status is None:
        found = store.members if found is store.cities else tuple(filter(_is_member, found))
    else:
        states = _states(status)
        found = tuple(c for c in found if c.status.state in states)
    if joined is not None:
        found = _joined(found, joined)
    if as_of is not None:
        from . import _history

        return Cities(_history.members_on(store, found, _history.as_date(as_of)))
    result = Cities(found)
    if key is not None:
        memo.put(key, result)
    return result


def _is_member(c: City) -> bool:
    return is_member(c.status.state)


_MEMO_TYPES = (type(None), str, int, Region, Country, Cohort)
_SIMPLE = frozenset(_MEMO_TYPES)


def _memo_key(filters: Tuple[Any, ...]) -> Optional[Tuple[Any, ...]]:
    """The memo key of :func:`cities`, or ``None`` to not memoise the call.

    Only filters of these exact types (or tuples and frozensets of them) are
    memoised: 2024 and 2024.0, or 1 and True, are equal keys but not equally
    valid filters, and a memo keyed by the one must not answer the other.
    """
    for f in filters:
        items = f if type(f) in (tuple, frozenset) else (f,)
        if not all(type(x) in _MEMO_TYPES for x in items):
            return None
    return filters


def _states(status: Union[str, Iterable[str]]) -> FrozenSet[str]:
    # Each state by its plain value: a str subclass's own methods do not run.
    given = [status] if isinstance(status, str) else list(status)
    plain = [str.__str__(s) if isinstance(s, str) else None for s in given]
    if plain == ["any"]:
        return frozenset(STATES)
    bad = sorted({_shown(g) for g, p in zip(given, plain) if p not in _STATE_SET})
    if bad or not plain:
        raise ValueError(
            f"status must be 'any' or among {', '.join(STATES)}; got {bad or 'nothing'}"
        )
    return frozenset(p for p in plain if p is not None)


_STATE_SET = frozenset(STATES)


def _filter(store: Snapshot, region: Any, country: Any, cohort: Any) -> Tuple[City, ...]:
    picks: List[Tuple[FrozenSet[str], Dict[str, Tuple[City, ...]]]] = []
    if region is not None:
        picks.append((_many(region, lambda k: _resolve_region(k).code), store.by_region))
    if country is not None:
        picks.append((_many(country, lambda k: _resolve_country(k).alpha_2), store.by_country))
    if cohort is not None:
        picks.append((_cohort_ids(cohort), store.by_cohort))
    if not picks:
        return store.cities
    # Start from the smallest candidate set, then keep what passes every filter.
    sets = [{c.id: c for code in codes for c in index.get(code, ())} for codes, index in picks]
    smallest = min(sets, key=len)
    ids = set(smallest)
    for s in sets:
        ids &= s.keys()
    return tuple(sorted((smallest[i] for i in ids), key=_by_id))


def _by_id(c: City) -> str:
    return c.id


def _many(value: Any, resolve: Any) -> FrozenSet[str]:
    if isinstance(value, (str, int, Region, Country, Cohort)):
        return frozenset((resolve(value),))
    try:
        items = list(value)
    except TypeError:
        return frozenset((resolve(value),))  # let resolve() name the bad type
    if not items:
        raise ValueError("an empty filter matches nothing; pass None to not filter")
    return frozenset(resolve(v) for v in items)


_resolve_region = region

Years = Union[int, range, Tuple[Optional[int], Optional[int]]]
"""What ``joined=`` takes: a year, a range of years, or a ``(first, last)`` pair."""


def _year_bounds(joined: Any) -> Tuple[Optional[int], Optional[int]]:
    """*joined* as (first, last) years, both included, ``None`` for no bound."""
    year = as_integer(joined)
    if year is not None:
        return year, year
    if isinstance(joined, range):
        if joined.step != 1 or not joined:
            raise ValueError(f"joined must be a non-empty range of consecutive years, not {joined}")
        return joined.start, joined.stop - 1
    if isinstance(joined, tuple) and len(joined) == 2:
        bounds = [None if b is None else as_integer(b) for b in joined]
        if all(b is not None or raw is None for b, raw in zip(bounds, joined)):
            first, last = bounds
            if first is not None and last is not None and first > last:
                raise ValueError(f"joined: the first year {first} is after the last {last}")
            return first, last
    raise TypeError(
        f"joined must be a year, a range of years or a (first, last) pair, not {_shown(joined)}"
    )


def _joined(found: Tuple[City, ...], joined: Any) -> Tuple[City, ...]:
    first, last = _year_bounds(joined)
    lo = -(10**9) if first is None else first
    hi = 10**9 if last is None else last
    kept = tuple(c for c in found if c.joined is not None and lo <= c.joined <= hi)
    # A member of a multi-year round whose year no source gives may have joined
    # in these years, as may one known only from an award (by its award's
    # year): say so rather than count it out silently.
    unsure = sum(1 for c in found if c.joined is None and _may_have_joined(c, lo, hi))
    if unsure:
        import warnings

        from .errors import IncompleteDataWarning

        warnings.warn(
            f"{unsure} of the cities asked about have no known joining year (most are members "
            f"of the open period {FOUNDING_COHORT}); a joined filter leaves them out",
            IncompleteDataWarning,
            stacklevel=3,
        )
    return kept


def _may_have_joined(c: City, lo: int, hi: int) -> bool:
    if c.cohort is not None:
        return c.cohort.start <= hi and lo <= c.cohort.end
    return not c.awards or lo <= min(c.awards)


def _cohort_ids(value: Any) -> FrozenSet[str]:
    """The ids of the cohorts a ``cohort=`` filter names; a :class:`range` of
    years names the cohorts that cover any of its years."""
    if isinstance(value, range):
        if value.step != 1 or not value:
            raise ValueError(f"cohort must be a non-empty range of consecutive years, not {value}")
        first, last = value.start, value.stop - 1
        found = [c.id for c in cohorts() if c.start <= last and first <= c.end]
        if not found:
            raise NotFoundError("cohort", value, tuple(c.id for c in cohorts()))
        return frozenset(found)
    return _many(value, lambda k: _resolve_cohort(k).id)


def _resolve_country(key: CountryKey) -> Country:
    return country(key)


def _resolve_cohort(key: CohortKey) -> Cohort:
    return cohort(key)


# --------------------------------------------------------------------------- grouping

GROUPINGS = ("region", "country", "cohort")
"""The fields that :func:`group_by` and :func:`count_by` group by."""


def group_by(field: str, **filters: Any) -> Groups:
    """Group member cities by ``"region"``, ``"country"`` or ``"cohort"``.

    Keys are the records themselves, in their natural order (regions by
    name as in :func:`regions`, countries by alpha-2, cohorts by date, then
    ``None`` for members whose cohort is unknown);
    values are :class:`~gnlc.Cities`. The keyword filters are those of
    :func:`cities`. The mapping is read-only (a :class:`~gnlc.results.Groups`:
    also a table, one row per member of each group).

    >>> groups = group_by("country", cohort=2024)
    >>> [(k.alpha_2, len(v)) for k, v in groups.items()][:3]
    [('AE', 1), ('AR', 2), ('BE', 1)]
    """
    # The plain value of a str (a subclass's __eq__ could say it is every
    # grouping at once), and each iterator filter taken once: it is read twice.
    name = str.__str__(field) if isinstance(field, str) else None
    if name not in GROUPINGS:
        raise ValueError(f"field must be one of {', '.join(GROUPINGS)}, not {_shown(field)}")
    filters = {k: tuple(v) if isinstance(v, Iterator) else v for k, v in filters.items()}
    store = _get()
    members = cities(**filters)
    groups: Dict[Any, List[City]] = {}
    wanted = filters.get("cohort")
    keep = None if wanted is None else _cohort_ids(wanted)
    for c in members:
        if name == "cohort":
            ids = [a.cohort for a in c.admissions if keep is None or a.cohort in keep]
            keys: List[Any] = [store.cohort_by_id[i] for i in ids]
            if not c.admissions:
                keys = [None]  # a member known only from an award
        else:
            keys = [c.region if name == "region" else c.country]
        for k in keys:
            groups.setdefault(k, []).append(c)
    orders: Dict[str, Callable[[Any], Any]] = {
        "region": _region_order,
        "country": _country_order,
        "cohort": _cohort_order,
    }
    order = orders[name]
    return Groups(name, {k: Cities(groups[k]) for k in sorted(groups, key=order)})


def count_by(field: str, **filters: Any) -> Counts:
    """Count member cities by ``"region"``, ``"country"`` or ``"cohort"``: a
    read-only mapping (a :class:`~gnlc.results.Counts`, also a table).

    >>> {r.code: n for r, n in count_by("region", cohort="2022").items()}
    {'AFR': 16, 'ARB': 9, 'APA': 13, 'ENA': 22, 'LAC': 11}
    """
    return group_by(field, **filters).counts()


def _region_order(r: Region) -> str:
    return r.name  # the order of regions()


def _country_order(c: Country) -> str:
    return c.alpha_2


def _cohort_order(c: Optional[Cohort]) -> Tuple[bool, int]:
    return (c is None, c.start if c is not None else 0)


def awards(year: Optional[int] = None) -> Awards:
    """UNESCO Learning City Awards, by year then city id; *year* filters.

    >>> [a.city.name for a in awards(2015)][:3]
    ['Melton', 'Sorocaba', 'Beijing']
    >>> city("Cork").awards
    (2015, 2024)
    """
    found = _get().awards
    if year is None:
        return Awards(found)
    wanted = as_integer(year)
    if wanted is None:
        raise TypeError(f"year must be an int, not {type(year).__name__}")
    return Awards(a for a in found if a.year == wanted)


def _city_id(key: Union[City, str]) -> str:
    """The id of the city *key* names (a record, a name, an alias or an id)."""
    if isinstance(key, City):
        return key.id
    return city(key).id


def conferences(*, city: Union[City, str, None] = None, year: Optional[int] = None) -> Conferences:
    """The International Conferences on Learning Cities, by number, including
    one announced but not yet held (its host and dates ``None`` until known).

    *city* (a record, a name or an id) keeps the conferences it hosted or
    received an award at; *year* keeps those of that year.

    >>> [(c.ordinal, c.host, c.year) for c in conferences()][2:5]
    [('3rd', 'Cork', 2017), ('4th', 'Medellín', 2019), ('5th', 'Yeonsu', 2021)]
    >>> conferences(year=2021)[0].city
    City('kr-yeonsu-gu', 'Yeonsu-gu', country='KR', cohort='2015-2018')
    >>> conferences(year=2021)[0].outcome
    'Yeonsu Declaration for Learning Cities'
    >>> [c.number for c in conferences(city="Cork")]  # awarded in 2015 and 2024, host in 2017
    [2, 3, 6]
    """
    from .results import Conferences

    found = _get().conferences
    if year is not None:
        wanted = as_integer(year)
        if wanted is None:
            raise TypeError(f"year must be an int, not {type(year).__name__}")
        found = tuple(c for c in found if c.year == wanted)
    if city is not None:
        cid = _city_id(city)
        found = tuple(
            c
            for c in found
            if (c.city is not None and c.city.id == cid) or any(a.city.id == cid for a in c.awards)
        )
    return Conferences(found)


def clusters(*, city: Union[City, str, None] = None) -> Clusters:
    """The thematic clusters of the network, in the order of the 2019-2021
    strategy's list; *city* (a record, a name or an id) keeps those it
    coordinates or is a listed member of.

    A cluster's ``coordinators`` and ``members`` are ``None`` where no source
    names them: no source lists the members of any cluster yet.

    >>> [c.id for c in clusters()]
    ['esd', 'equity-inclusion', 'planning', 'gced', 'entrepreneurship', 'health', 'literacy']
    >>> [c.name for c in clusters(city="Osan")[0].coordinators]
    ['Cork', 'Osan']
    >>> clusters()[0].members is None
    True
    """
    from .results import Clusters

    found = _get().clusters
    if city is not None:
        cid = _city_id(city)
        found = tuple(
            k for k in found if cid in (k.coordinator_ids or ()) or cid in (k.member_ids or ())
        )
    return Clusters(found)


def leads(cohort: Optional[CohortKey] = None) -> Leads:
    """Open research leads: probable members that no source yet confirms.

    They are not in :func:`cities`; they say where the data is thin.
    """
    found = _get().leads
    if cohort is None:
        return Leads(found)
    # A str subclass is compared by its plain value: its own __eq__ never runs here.
    unknown = isinstance(cohort, str) and str.__str__(cohort) == UNKNOWN_COHORT
    cid = UNKNOWN_COHORT if unknown else _resolve_cohort(cohort).id
    return Leads(x for x in found if x.cohort == cid)


def coverage() -> Coverage:
    """Stated vs known members per cohort, in all regions (``region`` None)
    and per region (``stated`` where UNESCO gave a regional figure).

    >>> row = coverage()[-6]
    >>> row.cohort, row.region, row.stated == cohort(row.cohort).stated_cities
    ('2025', None, True)
    """
    from .model import CoverageRow

    store = _get()
    rows: List[CoverageRow] = []
    for k in store.cohorts:
        members = [c for c in store.by_cohort.get(k.id, ()) if is_admitted(c.status.state)]
        rows.append(
            CoverageRow(cohort=k.id, region=None, stated=k.stated_cities, known=len(members))
        )
        stated = dict(k.stated_by_region)
        for r in store.regions:
            known = sum(1 for c in members if c.region.code == r.code)
            rows.append(
                CoverageRow(cohort=k.id, region=r.code, stated=stated.get(r.code), known=known)
            )
    return Coverage(rows)


def snapshot_info() -> SnapshotInfo:
    """Versions, date, content hash and size of the loaded snapshot.

    >>> info = snapshot_info()
    >>> info.schema, len(info.sha256)
    (6, 64)
    """
    return _get().info
