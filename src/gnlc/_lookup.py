"""Looking records up by key: a region, country or cohort by code or name, a
city by id or name (with suggestions on a miss), and the fuzzy search.

Answers to repeated lookups come from memos kept here, for the current
snapshot (see :class:`gnlc._store.PerSnapshot`).
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Optional, Tuple, Union

from . import _store, model
from .errors import AmbiguousError, NotFoundError
from .model import City, Cohort, Country, Region
from .normalization import normalize

if TYPE_CHECKING:
    from . import _fuzzy
    from .model import Match
    from .results import Cohorts, Countries, Regions

__all__ = [
    "CohortKey",
    "CountryKey",
    "RegionKey",
    "city",
    "cohort",
    "cohorts",
    "countries",
    "country",
    "get_city",
    "region",
    "regions",
    "search",
]

RegionKey = Union[Region, str]
CountryKey = Union[Country, str, int]
CohortKey = Union[Cohort, str, int]


class _Memos:
    """Answers to repeated lookups, for the current snapshot only."""

    __slots__ = ("city", "country")

    def __init__(self) -> None:
        self.city: _store.Memo[City] = _store.Memo()
        self.country: _store.Memo[Country] = _store.Memo()


# A call reads the memos before it gets the snapshot (see _store.PerSnapshot).
_memos = _store.PerSnapshot(_Memos)
_get = _store.get

MAX_KEY_LENGTH = 256
"""The longest key a lookup reads: five times the longest real name (52
characters). A longer key is a miss at once, before it is normalised."""


_results_module: Any = None


def _results() -> Any:
    """gnlc.results, imported on the first listing (no lookup by key needs it)."""
    global _results_module
    if _results_module is None:
        from . import results

        _results_module = results
    return _results_module


def as_integer(value: object) -> Optional[int]:
    """*value* as an int if it is an integer: an int, or anything with
    ``__index__`` (numpy's integers, as a DataFrame of gnlc's holds), never a
    bool (True is not the year 1); otherwise ``None``."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return None
    if isinstance(value, int):
        return int(value)
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except Exception:  # no __index__, or one that fails: not an integer
        return None


def _key(text: str) -> str:
    """The lookup key of *text*, or ``""`` (which no record has) when *text* is
    longer than any name."""
    return "" if len(text) > MAX_KEY_LENGTH else normalize(text)


def _check_str(kind: str, key: object, allowed: str) -> str:
    """*key*'s plain text, or a TypeError. A str subclass is read by its
    value (``str.__str__``): none of its own methods (a forged hash, an
    equality that is always true, one that raises) runs inside gnlc."""
    if not isinstance(key, str):
        raise TypeError(f"{kind} key must be {allowed}, not {type(key).__name__}")
    return key if key.__class__ is str else str.__str__(key)


# --------------------------------------------------------------------------- regions


def regions() -> Regions:
    """The five UNESCO regions, ordered by name.

    >>> [r.code for r in regions()]
    ['AFR', 'ARB', 'APA', 'ENA', 'LAC']
    """
    return _results().Regions(_get().regions)  # type: ignore[no-any-return]


def region(key: RegionKey) -> Region:
    """Return a region by code, name or alias (case and punctuation forgiven),
    by UNESCO's name in another language, or by a short form.

    >>> region("Asia-Pacific")
    Region('APA', 'Asia and the Pacific')
    >>> region("latin america & the caribbean").code
    'LAC'
    >>> [region(k).code for k in ("Estados Árabes", "Afrique", "Asia", "europe", "arab")]
    ['ARB', 'AFR', 'APA', 'ENA', 'ARB']
    >>> region("America")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gnlc.errors.AmbiguousError: 'America' matches 2 region records: ... [ENA]; ... [LAC] (...)
    """
    if isinstance(key, Region):
        return key
    store = _get()
    found = store.region_keys.get(_key(_check_str("region", key, "a Region or str")), ())
    if len(found) > 1:
        raise AmbiguousError("region", key, found, "use a code or the full name")
    if not found:
        raise NotFoundError("region", key, tuple(r.name for r in store.regions))
    return found[0]


# Where a parameter is named "region", the lookup goes by this name.
_resolve_region = region


# --------------------------------------------------------------------------- countries


def countries(*, region: Optional[RegionKey] = None) -> Countries:
    """Every UNESCO Member State and Associate Member, ordered by alpha-2.

    >>> len(countries())
    206
    >>> [c.alpha_2 for c in countries(region="Arab States")][:4]
    ['AE', 'BH', 'DZ', 'EG']
    """
    store = _get()
    make = _results().Countries
    if region is None:
        return make(store.countries)  # type: ignore[no-any-return]
    code = _resolve_region(region).code
    return make(c for c in store.countries if c.region.code == code)  # type: ignore[no-any-return]


def country(key: CountryKey) -> Country:
    """Return a country by ISO code (alpha-2, alpha-3, numeric) or name.

    UNESCO, ISO, official and common names all work, and so do the names in
    the six UN languages and in the country's own official languages; a name
    that fits two countries raises :class:`~gnlc.AmbiguousError`.

    >>> country("Deutschland"), country("Германия"), country("德国")
    (Country('DE', 'Germany'), Country('DE', 'Germany'), Country('DE', 'Germany'))
    >>> country("République de Corée").alpha_2
    'KR'
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
        key = _check_str("country", key, "a str")  # a subclass by its plain value
        hit = memo.get(key)
        if hit is not None:
            return hit
        norm = _key(key)
    else:
        number = as_integer(key)
        if number is None:
            raise TypeError(f"country key must be a Country, str or int, not {type(key).__name__}")
        norm = f"{number:03d}" if 0 <= number < 1000 else ""  # a numeric code has 3 digits
    found = store.country_keys.get(norm, ())
    if not found and isinstance(key, str):
        found = store.country_names.get(norm, ())  # a translated name: after every own key
    if len(found) == 1:
        memo.put(key, found[0])  # an exact str only (Memo.put)
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

    def entries() -> List[_fuzzy.Entry]:
        snap = _get()  # after the index's dict is chosen (see _store.PerSnapshot)
        out = [(normalize(c.name), c.name, c) for c in snap.countries]
        out += [(k, c.name, c) for k, cs in snap.country_keys.items() for c in cs if len(k) > 3]
        return out

    index = _fuzzy_index("countries", entries)
    return _first_three(name for name, _, _ in index.best(norm, 5, floor=0.5))


# --------------------------------------------------------------------------- cohorts


def cohorts() -> Cohorts:
    """Every admission round, oldest first, with stated and known counts.

    >>> [(c.id, c.stated_cities) for c in cohorts()][1:]
    [('2019', 38), ('2020', 54), ('2022', 77), ('2024', 64), ('2025', 72)]
    """
    return _results().Cohorts(_get().cohorts)  # type: ignore[no-any-return]


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
    if not isinstance(key, str):
        number = as_integer(key)
        if number is None:
            raise TypeError(f"cohort key must be a Cohort, int or str, not {type(key).__name__}")
        key = number
    else:
        key = _check_str("cohort", key, "a Cohort, int or str")
    # A year has four digits; a longer int is no cohort (and str() refuses 4300+ digits).
    text = (str(key) if -(10**9) < key < 10**9 else "") if isinstance(key, int) else key.strip()
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
    >>> city("南京"), city("Нанкин").name, city("IE-CORK").name
    (City('cn-nanjing', 'Nanjing', country='CN', cohort='2024'), 'Nanjing', 'Cork')
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
    key = _check_str("city", key, "a str (a name or an id)")
    found = store.city_by_id.get(key)
    if found is None and len(key) <= MAX_KEY_LENGTH:
        found = store.city_by_id.get(key.strip().lower())  # ids never depend on case
    if found is None:
        norm = _key(key)
        candidates = store.city_keys.get(norm, ())
        if not candidates and norm:
            candidates = store.city_names.get(norm, ())  # another name: names and aliases win
        if country_key is not None:
            a2 = country(country_key).alpha_2
            candidates = tuple(c for c in candidates if c.country.alpha_2 == a2)
        if len(candidates) > 1:
            raise AmbiguousError("city", key, candidates, "pass country= or use an id")
        if not candidates:
            return None
        found = candidates[0]
    elif country_key is not None and found.country != country(country_key):
        return None
    if country_key is None:
        memo.put(key, found)  # an exact str only (Memo.put)
    return found


# --------------------------------------------------------------------------- key origins


def _other_script(name: str, other: str) -> bool:
    """Whether *other* is written in another script than *name* (Greek or Han
    beside Latin): with accents dropped, one is ASCII and the other not."""
    return normalize(name).isascii() != normalize(other).isascii()


KEY_ORIGINS: Tuple[Tuple[str, Callable[[City], Iterable[str]]], ...] = (
    ("name", lambda c: (c.name,)),
    ("alias", lambda c: [a for a in c.aliases if not _other_script(c.name, a)]),
    ("other-language name", lambda c: [a for a in c.aliases if _other_script(c.name, a)]),
    # GeoNames' alternate names (untagged: any language, in any script).
    ("other-language name", lambda c: c.other_names),
)
"""Where a city's lookup keys come from, in order: each origin with the texts of
a city it gives. A key's origin is the first that gives it; a key that none
gives is a shortened form of a name (``Seo-gu`` of ``Seo-gu (Gwangju)``, which
the build adds) and counts as a ``name`` when one of the city's keys starts
with it, else as :data:`OTHER_ORIGIN`. The snapshot does not record an alias's
language, so a spelling in another script is what counts as an other-language
name. :func:`gnlc.match` reports these origins as its ``kind``: a new source
of keys is one more row here."""

OTHER_ORIGIN = "other name"
"""The origin of a key that no row of :data:`KEY_ORIGINS` gives."""

KeyIndex = Dict[str, Tuple[Tuple[City, str, str], ...]]


def _key_index() -> KeyIndex:
    store = _get()
    origins: Dict[Tuple[str, str], Tuple[str, str]] = {}
    for c in store.cities:
        for origin, texts in KEY_ORIGINS:
            for text in texts(c):
                origins.setdefault((c.id, normalize(text)), (origin, text))
    return {
        k: tuple((c, *(origins.get((c.id, k)) or _fallback(c, k))) for c in found)
        for k, found in store.city_keys.items()
    }


def _fallback(c: City, key: str) -> Tuple[str, str]:
    for text in (c.name, *c.aliases):
        if normalize(text).startswith(key):
            return "name", text
    return OTHER_ORIGIN, c.name


class _Indexes:
    __slots__ = ("keys",)

    def __init__(self) -> None:
        self.keys: Optional[KeyIndex] = None


_indexes = _store.PerSnapshot(_Indexes)


def key_index() -> KeyIndex:
    """Every city lookup key with the cities it finds, each with the key's
    origin (see :data:`KEY_ORIGINS`) and the text it was made from: built once
    per snapshot, on first use.

    >>> key_index()["pekin"]
    ((City('cn-beijing', 'Beijing', country='CN', cohort='2015-2018'), 'alias', 'Pékin'),)
    >>> [(c.name, origin) for c, origin, _ in key_index()[normalize("北京")]]
    [('Beijing', 'other-language name')]
    """
    state = _indexes.current  # before the snapshot (see _store.PerSnapshot)
    if state.keys is None:
        state.keys = _key_index()
    return state.keys


# --------------------------------------------------------------------------- fuzzy search

_fuzzy_module: Any = None  # gnlc._fuzzy, imported by the first fuzzy match: no first query needs it


def _fuzzy_index(name: str, entries: Callable[[], List[_fuzzy.Entry]]) -> _fuzzy.Trigrams:
    global _fuzzy_module
    if _fuzzy_module is None:
        from . import _fuzzy

        _fuzzy_module = _fuzzy
    return _fuzzy_module.index(name, entries)  # type: ignore[no-any-return]


def _city_entries() -> List[_fuzzy.Entry]:
    return [
        (normalize(n), n, c) for c in _get().cities for n in (c.name, *c.aliases, *c.other_names)
    ]


def search(text: str, *, limit: int = 10) -> Tuple[Match, ...]:
    """Rank member cities by how closely a name, alias or other name matches
    *text*; ``matched`` says which.

    Matching is fuzzy (trigram overlap on normalised names), so typos and
    missing accents still find the city. Scores are in (0, 1]; 1 is exact.

    >>> [(m.city.name, m.matched) for m in search("Pekingg", limit=1)]
    [('Beijing', 'Peking')]

    >>> [m.city.name for m in search("Gelsenkirchn", limit=1)]
    ['Gelsenkirchen']
    >>> search("muharraq")[0].score
    1.0
    """
    text = _check_str("search", text, "a str")
    count = as_integer(limit)  # a plain int: an int subclass's own methods never run
    if count is None:
        raise TypeError(f"limit must be an int, not {type(limit).__name__}")
    if count < 1:
        shown = f", not {count}" if count > -(10**9) else ""  # no 5000-digit messages
        raise ValueError(f"limit must be at least 1{shown}")
    norm = _key(text)
    if not norm:
        return ()
    index = _fuzzy_index("cities", _city_entries)
    match = model.Match  # made on first use (gnlc.model)
    return tuple(match(city=c, score=round(s, 4), matched=d) for d, s, c in index.best(norm, count))
