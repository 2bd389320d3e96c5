"""The query API: look records up, filter, group and search.

Every function answers from indexes that the snapshot built once; answers to
repeated calls come from memos keyed by the caller's own arguments, kept here
beside the queries and dropped whenever another snapshot is installed.
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
    List,
    Mapping,
    Optional,
    Tuple,
    Union,
)

from . import _store
from ._rules import STATES, UNKNOWN_COHORT, State, is_admitted, is_member
from ._snapshot import Snapshot
from .errors import AmbiguousError, NotFoundError
from .model import City, Cohort, Country, Region

if TYPE_CHECKING:  # the records and modules a first query does not need: imported on use
    import datetime

    from . import _fuzzy
    from .model import Award, CoverageRow, Lead, Match, SnapshotInfo
from .normalization import normalize
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

RegionKey = Union[Region, str]
CountryKey = Union[Country, str, int]
CohortKey = Union[Cohort, str, int]
_MEMO_LIMIT = 10_000  # bounds the memo of raw query strings against unbounded input


class _Memos:
    """Answers to repeated calls, for the current snapshot only."""

    __slots__ = ("cities", "city", "country")

    def __init__(self) -> None:
        self.cities: Dict[Any, Cities] = {}
        self.city: Dict[str, City] = {}
        self.country: Dict[str, Country] = {}


# A call reads the memos before it gets the snapshot (see _store.PerSnapshot).
_memos = _store.PerSnapshot(_Memos)
_get = _store.get


def _check_str(kind: str, key: object, allowed: str) -> str:
    if not isinstance(key, str):
        raise TypeError(f"{kind} key must be {allowed}, not {type(key).__name__}")
    return key


# --------------------------------------------------------------------------- regions


def regions() -> Tuple[Region, ...]:
    """The five UNESCO regions, ordered by name.

    >>> [r.code for r in regions()]
    ['AFR', 'ARB', 'APA', 'ENA', 'LAC']
    """
    return _get().regions


def region(key: RegionKey) -> Region:
    """Return a region by code, name or alias (case and punctuation forgiven).

    >>> region("Asia-Pacific")
    Region('APA', 'Asia and the Pacific')
    >>> region("latin america & the caribbean").code
    'LAC'
    """
    if isinstance(key, Region):
        return key
    store = _get()
    found = store.region_keys.get(normalize(_check_str("region", key, "a Region or str")))
    if found is None:
        raise NotFoundError("region", key, tuple(r.name for r in store.regions))
    return found


# --------------------------------------------------------------------------- countries


def countries(*, region: Optional[RegionKey] = None) -> Tuple[Country, ...]:
    """Every UNESCO Member State and Associate Member, ordered by alpha-2.

    >>> len(countries())
    206
    >>> [c.alpha_2 for c in countries(region="Arab States")][:4]
    ['AE', 'BH', 'DZ', 'EG']
    """
    store = _get()
    if region is None:
        return store.countries
    code = _resolve_region(region).code
    return tuple(c for c in store.countries if c.region.code == code)


def country(key: CountryKey) -> Country:
    """Return a country by ISO code (alpha-2, alpha-3, numeric) or name.

    UNESCO, ISO, official and common names all work; a name that fits two
    countries raises :class:`~gnlc.AmbiguousError`.

    >>> country("Republic of Korea")
    Country('KR', 'Republic of Korea')
    >>> country("tur").name
    'Türkiye'
    >>> country(704).alpha_2
    'VN'
    >>> country("Korea")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gnlc.errors.AmbiguousError: 'Korea' matches 2 country records: ... [KP]; ... [KR] (...)
    """
    if isinstance(key, Country):
        return key
    memo = _memos.current.country
    store = _get()
    if isinstance(key, str):
        hit = memo.get(key)
        if hit is not None:
            return hit
        norm = normalize(key)
    elif isinstance(key, int) and not isinstance(key, bool):
        norm = f"{key:03d}"
    else:
        raise TypeError(f"country key must be a Country, str or int, not {type(key).__name__}")
    found = store.country_keys.get(norm, ())
    if len(found) == 1:
        if isinstance(key, str) and len(memo) < _MEMO_LIMIT:
            memo[key] = found[0]
        return found[0]
    if found:
        raise AmbiguousError("country", key, found, "use a code or the full name")
    raise NotFoundError("country", key, _suggest_country(norm))


def _first_three(names: Iterable[str]) -> Tuple[str, ...]:
    """The first three distinct names: what an error message suggests."""
    out: List[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return tuple(out[:3])


def _suggest_country(norm: str) -> Tuple[str, ...]:
    if not norm:
        return ()
    from . import _fuzzy

    def entries() -> List[_fuzzy.Entry]:
        snap = _get()  # after the index's dict is chosen (see _store.PerSnapshot)
        out = [(normalize(c.name), c.name, c) for c in snap.countries]
        out += [(k, c.name, c) for k, cs in snap.country_keys.items() for c in cs if len(k) > 3]
        return out

    index = _fuzzy.index("countries", entries)
    return _first_three(name for name, _, _ in index.best(norm, 5, floor=0.5))


# --------------------------------------------------------------------------- cohorts


def cohorts() -> Tuple[Cohort, ...]:
    """Every admission round, oldest first, with stated and known counts.

    >>> [(c.id, c.stated_cities) for c in cohorts()][1:]
    [('2019', 38), ('2020', 54), ('2022', 77), ('2024', 64), ('2025', 72)]
    """
    return _get().cohorts


def cohort(key: CohortKey) -> Cohort:
    """Return a cohort by id (``"2024"``, ``"2015-2018"``) or by a year it covers.

    >>> cohort(2024).announced
    datetime.date(2024, 2, 14)
    >>> cohort(2016).id
    '2015-2018'
    """
    if isinstance(key, Cohort):
        return key
    store = _get()
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        raise TypeError(f"cohort key must be a Cohort, int or str, not {type(key).__name__}")
    text = str(key).strip()
    found = store.cohort_by_id.get(text)
    # isdecimal, not isdigit: int() refuses digits such as "²"; and a short
    # text, as int() refuses more than 4300 digits and no year needs ten.
    if found is None and text.isdecimal() and len(text) < 10:
        year = int(text)
        found = next((c for c in store.cohorts if c.start <= year <= c.end), None)
    if found is None:
        raise NotFoundError("cohort", key, tuple(c.id for c in store.cohorts))
    return found


# --------------------------------------------------------------------------- cities


def city(key: str, *, country: Optional[CountryKey] = None) -> City:
    """Return a city by id or name; accents, case and punctuation are forgiven.

    A name shared by several members raises :class:`~gnlc.AmbiguousError`
    (narrow it with ``country=``); an unknown one raises
    :class:`~gnlc.NotFoundError`, which is both a ``LookupError`` and a
    ``KeyError`` and suggests close names.

    >>> city("Cao Lanh")
    City('vn-cao-lanh', 'Cao Lãnh', country='VN', cohort='2022')
    >>> city("liege").name
    'Liège'
    >>> city("kr-seo-gu-gwangju").country.name
    'Republic of Korea'
    >>> city("Hamburgh")
    Traceback (most recent call last):
    ...
    gnlc.errors.NotFoundError: no city matches 'Hamburgh'; did you mean 'Hamburg'?
    """
    if country is None and key.__class__ is str:
        hit = _memos.current.city.get(key)
        if hit is not None:
            return hit
    found = _find_city(key, country)
    if found is None:
        raise NotFoundError("city", key, _first_three(m.city.name for m in search(key, limit=5)))
    return found


def get_city(key: str, *, country: Optional[CountryKey] = None) -> Optional[City]:
    """Like :func:`city`, but return ``None`` when nothing matches.

    An ambiguous name still raises :class:`~gnlc.AmbiguousError`: picking one
    of the candidates would be a wrong answer, and ``None`` a false one.

    >>> get_city("Atlantis") is None
    True
    """
    return _find_city(key, country)


def _find_city(key: str, country_key: Optional[CountryKey]) -> Optional[City]:
    memo = _memos.current.city
    store = _get()
    if country_key is None and key.__class__ is str:
        hit = memo.get(key)
        if hit is not None:
            return hit
    _check_str("city", key, "a str (a name or an id)")
    found = store.city_by_id.get(key)
    if found is None:
        candidates = store.city_keys.get(normalize(key), ())
        if country_key is not None:
            a2 = _resolve_country(country_key).alpha_2
            candidates = tuple(c for c in candidates if c.country.alpha_2 == a2)
        if len(candidates) > 1:
            raise AmbiguousError("city", key, candidates, "pass country= or use an id")
        if not candidates:
            return None
        found = candidates[0]
    elif country_key is not None and found.country != _resolve_country(country_key):
        return None
    if country_key is None and len(memo) < _MEMO_LIMIT:
        memo[key] = found
    return found


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
    memo = _memos.current.cities
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
    if key is not None and len(memo) < _MEMO_LIMIT:
        memo[key] = result
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
    if status == "any":
        return frozenset(STATES)
    wanted = frozenset((status,) if isinstance(status, str) else status)
    bad = sorted(str(s) for s in wanted - frozenset(STATES))
    if bad or not wanted:
        raise ValueError(
            f"status must be 'any' or among {', '.join(STATES)}; got {bad or 'nothing'}"
        )
    return wanted


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
    if field not in GROUPINGS:
        raise ValueError(f"field must be one of {', '.join(GROUPINGS)}, not {field!r}")
    store = _get()
    members = cities(**filters)
    groups: Dict[Any, List[City]] = {}
    for c in members:
        if field == "cohort":
            wanted = filters.get("cohort")
            ids = [a.cohort for a in c.admissions]
            if wanted is not None:
                keep = _many(wanted, lambda k: _resolve_cohort(k).id)
                ids = [i for i in ids if i in keep]
            keys: List[Any] = [store.cohort_by_id[i] for i in ids]
            if not c.admissions:
                keys = [None]  # a member known only from an award
        else:
            keys = [c.region if field == "region" else c.country]
        for k in keys:
            groups.setdefault(k, []).append(c)
    order: Callable[[Any], Any]
    if field == "region":
        order = _region_order
    elif field == "country":
        order = _country_order
    else:
        order = _cohort_order
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


# --------------------------------------------------------------------------- search


def search(text: str, *, limit: int = 10) -> Tuple[Match, ...]:
    """Rank member cities by how closely a name or alias matches *text*.

    Matching is fuzzy (trigram overlap on normalised names), so typos and
    missing accents still find the city. Scores are in (0, 1]; 1 is exact.

    >>> [m.city.name for m in search("Gelsenkirchn", limit=1)]
    ['Gelsenkirchen']
    >>> search("muharraq")[0].score
    1.0
    """
    _check_str("search", text, "a str")
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"limit must be an int, not {type(limit).__name__}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    norm = normalize(text)
    if not norm:
        return ()
    from . import _fuzzy
    from .model import Match

    index = _fuzzy.index(
        "cities",
        lambda: [(normalize(n), n, c) for c in _get().cities for n in (c.name, *c.aliases)],
    )
    return tuple(Match(city=c, score=round(s, 4), matched=d) for d, s, c in index.best(norm, limit))


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
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be an int, not {type(year).__name__}")
    return tuple(a for a in found if a.year == year)


def leads(cohort: Optional[CohortKey] = None) -> Tuple[Lead, ...]:
    """Open research leads: probable members that no source yet confirms.

    They are not in :func:`cities`; they say where the data is thin.
    """
    found = _get().leads
    if cohort is None:
        return found
    cid = UNKNOWN_COHORT if cohort == UNKNOWN_COHORT else _resolve_cohort(cohort).id
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
    (3, 64)
    """
    return _get().info
