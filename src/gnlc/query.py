"""The query API: look records up, filter, group and search.

Every function answers from indexes that the snapshot built once; answers to
repeated calls come from memos keyed by the caller's own arguments, kept for
the current snapshot beside the queries that fill them. The lookups by key
(a region, country, cohort or city, and the fuzzy search) are
:mod:`gnlc._lookup`'s, shown here; filters, groups and reports are this
module's.
"""

from __future__ import annotations

import types
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Tuple,
    Union,
)

from . import _store
from ._rules import STATES, UNKNOWN_COHORT, State, is_admitted, is_member
from ._snapshot import Snapshot
from .errors import _shown
from .model import City, Cohort, Country, Region

if TYPE_CHECKING:  # the records and modules a first query does not need: imported on use
    import datetime

    from .model import Award, CoverageRow, Lead, SnapshotInfo
from .results import Cities

__all__ = [
    "GROUPINGS",
    "STATES",
    "State",
    "awards",
    "cities",
    "city",
    "cohort",
    "cohorts",
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
    answer fully.

    >>> len(cities()) == len(cities(status=["member", "confirmed", "unconfirmed", "doubtful"]))
    True
    >>> [c.name for c in cities(country="Namibia")]
    ['Helao Nafidi Town Council']
    >>> cities(country="Bahrain", cohort=[2019, 2024])
    Cities(1: Muharraq)
    """
    memo = _memos.current
    store = _get()
    key: Optional[Tuple[Any, ...]] = (region, country, cohort, status)
    simple = _SIMPLE  # the common call: plain values, checked without a loop
    if as_of is not None:
        key = None
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
        picks.append((_many(cohort, lambda k: _resolve_cohort(k).id), store.by_cohort))
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


def _resolve_country(key: CountryKey) -> Country:
    return country(key)


def _resolve_cohort(key: CohortKey) -> Cohort:
    return cohort(key)


# --------------------------------------------------------------------------- grouping

GROUPINGS = ("region", "country", "cohort")
"""The fields that :func:`group_by` and :func:`count_by` group by."""


def group_by(field: str, **filters: Any) -> Mapping[Any, Cities]:
    """Group member cities by ``"region"``, ``"country"`` or ``"cohort"``.

    Keys are the records themselves, in their natural order (regions by
    name as in :func:`regions`, countries by alpha-2, cohorts by date, then
    ``None`` for members whose cohort is unknown);
    values are :class:`~gnlc.Cities`. The keyword filters are those of
    :func:`cities`. The mapping is read-only.

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
    keep = None if wanted is None else _many(wanted, lambda k: _resolve_cohort(k).id)
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
    return types.MappingProxyType({k: Cities(groups[k]) for k in sorted(groups, key=order)})


def count_by(field: str, **filters: Any) -> Mapping[Any, int]:
    """Count member cities by ``"region"``, ``"country"`` or ``"cohort"``.

    >>> {r.code: n for r, n in count_by("region", cohort="2022").items()}
    {'AFR': 16, 'ARB': 9, 'APA': 13, 'ENA': 21, 'LAC': 11}
    """
    return types.MappingProxyType({k: len(v) for k, v in group_by(field, **filters).items()})


def _region_order(r: Region) -> str:
    return r.name  # the order of regions()


def _country_order(c: Country) -> str:
    return c.alpha_2


def _cohort_order(c: Optional[Cohort]) -> Tuple[bool, int]:
    return (c is None, c.start if c is not None else 0)


def awards(year: Optional[int] = None) -> Tuple[Award, ...]:
    """UNESCO Learning City Awards, by year then city id; *year* filters.

    >>> [a.city.name for a in awards(2015)][:3]
    ['Melton', 'Sorocaba', 'Beijing']
    >>> city("Cork").awards
    (2015, 2024)
    """
    found = _get().awards
    if year is None:
        return found
    wanted = as_integer(year)
    if wanted is None:
        raise TypeError(f"year must be an int, not {type(year).__name__}")
    return tuple(a for a in found if a.year == wanted)


def leads(cohort: Optional[CohortKey] = None) -> Tuple[Lead, ...]:
    """Open research leads: probable members that no source yet confirms.

    They are not in :func:`cities`; they say where the data is thin.
    """
    found = _get().leads
    if cohort is None:
        return found
    # A str subclass is compared by its plain value: its own __eq__ never runs here.
    unknown = isinstance(cohort, str) and str.__str__(cohort) == UNKNOWN_COHORT
    cid = UNKNOWN_COHORT if unknown else _resolve_cohort(cohort).id
    return tuple(x for x in found if x.cohort == cid)


def coverage() -> Tuple[CoverageRow, ...]:
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
    return tuple(rows)


def snapshot_info() -> SnapshotInfo:
    """Versions, date, content hash and size of the loaded snapshot.

    >>> info = snapshot_info()
    >>> info.schema, len(info.sha256)
    (5, 64)
    """
    return _get().info
