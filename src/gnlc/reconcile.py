"""Reconcile a list of names against the network: :func:`match`.

An analyst's list (a survey, a grant database) spells cities its own way.
:func:`match` finds each name's member city in the precomputed indexes: an
exact id, then a lookup key (a name, an alias, an other-language name: the
key's origin as :data:`gnlc._lookup.KEY_ORIGINS` records it), then the key
without words such as "City of", and only then a fuzzy match: one edit (a
typo, a dropped or doubled letter, two letters swapped) through an index of
every key with one letter deleted, or a close trigram overlap.

>>> import gnlc
>>> found = gnlc.match(["Cork", "City of Hamburg", "Gelsenkirchn", "Atlantis"])
>>> [(m.city and m.city.name, m.kind, m.score) for m in found]  # doctest: +NORMALIZE_WHITESPACE
[('Cork', 'name', 1.0), ('Hamburg', 'name', 1.0),
 ('Gelsenkirchen', 'fuzzy', 0.9231), (None, None, 0.0)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Set, Tuple

from . import _lookup, _store
from ._rules import CITY_PREFIXES, CITY_SUFFIXES, MATCH_THRESHOLD

if TYPE_CHECKING:
    from .model import City, MatchResult
    from .results import Matches

__all__ = ["DEFAULT_THRESHOLD", "KINDS", "match"]

DEFAULT_THRESHOLD = MATCH_THRESHOLD
"""The lowest score :func:`match` accepts by default. A fuzzy score is the
share of the longer name that needs no edit (one edit in a ten-letter name
scores 0.9), or the trigram overlap where that is higher. At 0.8 a one-letter
typo is accepted in names of five letters or more; in the benchmark
(``benchmarks/match.py``: perturbed member names and a third of other place
names) fewer than 1 in 100 of the cities it returns is wrong, and it finds
about 96 in 100 members (precision first: a wrong city is worse than none).
Lower it to find more, and check what it finds."""

KINDS = (
    "id",
    *dict.fromkeys(origin for origin, _ in _lookup.KEY_ORIGINS),
    _lookup.OTHER_ORIGIN,
    "fuzzy",
)
"""How a name can match: an exact city id, a key of each origin, or fuzzily."""


def _missing(value: object) -> bool:
    """None, NaN (a float that is not equal to itself) or pandas' NA."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _stripped(norm: str) -> Optional[str]:
    for prefix in CITY_PREFIXES:
        if norm.startswith(prefix) and len(norm) > len(prefix):
            return norm[len(prefix) :]
    for suffix in CITY_SUFFIXES:
        if norm.endswith(suffix) and len(norm) > len(suffix):
            return norm[: -len(suffix)]
    return None


class _Deletions:
    """Every key, and every key with one character deleted, to the keys they
    come from: a name one edit away from a key shares one of these with it."""

    __slots__ = ("variants",)

    def __init__(self, keys: Iterable[str]) -> None:
        self.variants: Dict[str, List[str]] = {}
        for key in keys:
            for v in _variants(key):
                found = self.variants.setdefault(v, [])
                if key not in found:
                    found.append(key)

    def near(self, norm: str) -> Dict[str, float]:
        """The keys one edit from *norm*, each with its score."""
        out: Dict[str, float] = {}
        get = self.variants.get
        for v in _variants(norm):
            for key in get(v, ()):
                if key not in out:
                    out[key] = 1.0 - _edits(norm, key) / max(len(norm), len(key))
        return out


def _variants(key: str) -> Set[str]:
    return {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}


def _edits(a: str, b: str) -> int:
    """The edits between two texts that share a one-deletion variant: 1 for a
    letter added, dropped, replaced, or two neighbours swapped; else 2."""
    if len(a) != len(b):
        return 1
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return 1
    if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]:
        return 1
    return 2


class _State:
    __slots__ = ("deletions",)

    def __init__(self) -> None:
        self.deletions: Optional[_Deletions] = None


_states = _store.PerSnapshot(_State)


def _deletions(keys: Dict[str, Any]) -> _Deletions:
    state = _states.current  # before the snapshot (see _store.PerSnapshot)
    if state.deletions is None:
        # Keys of one or two letters are codes and particles: no fuzzy match.
        state.deletions = _Deletions(k for k in keys if len(k) > 2)
    return state.deletions


def match(
    names: Iterable[Any],
    *,
    countries: Optional[Iterable[Any]] = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Matches:
    """Reconcile *names* with the member cities: one
    :class:`~gnlc.model.MatchResult` per name, in order.

    Each result holds the city (or ``None``), a score in [0, 1] (1 for an
    exact id or key), how it matched (``kind``: one of :data:`KINDS`), the
    name or alias that matched, and the ``candidates`` when several cities fit
    equally well (then ``city`` is ``None``: picking one would be a guess).
    *countries*, a parallel iterable of country names or codes, narrows each
    match to that country (a missing value does not narrow; an unknown
    country raises :class:`~gnlc.NotFoundError`). A fuzzy match is accepted
    from *threshold* on (:data:`DEFAULT_THRESHOLD`). A missing name (``None``,
    NaN, an empty text) is unmatched; anything else that is not text raises
    :class:`TypeError`. Cities that left the network match too: check
    ``city.status``.

    >>> found = match(["kr-seo-gu-gwangju", "Seo-gu", "Heraklion", "Ηράκλειο", "Cork"],
    ...               countries=[None, "KR", "Greece", None, "France"])
    >>> [(m.outcome, m.kind) for m in found]  # doctest: +NORMALIZE_WHITESPACE
    [('matched', 'id'), ('ambiguous', 'name'), ('matched', 'name'),
     ('matched', 'other-language name'), ('unmatched', None)]
    >>> found[1].candidate_ids  # two members are called Seo-gu in Korea
    ('kr-seo-gu-busan', 'kr-seo-gu-gwangju')
    """
    from .model import Country, MatchResult
    from .results import Matches

    if isinstance(names, (str, bytes)):
        raise TypeError("names must be an iterable of names, not one text; for one name use city()")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise TypeError(f"threshold must be a number, not {type(threshold).__name__}")
    # A plain float: an int or float subclass's own methods never run.
    plain = int.__int__(threshold) if isinstance(threshold, int) else float.__float__(threshold)
    if not 0.0 < plain <= 1.0:
        shown = f", not {plain}" if -1e9 < plain < 1e9 else ""  # no 5000-digit messages
        raise ValueError(f"threshold must be in (0, 1]{shown}")
    threshold = float(plain)
    given = list(names)
    wanted: List[Any] = [None] * len(given)
    if countries is not None:
        if isinstance(countries, (str, bytes)):
            raise TypeError("countries must be an iterable parallel to names, not one text")
        wanted = list(countries)
        if len(wanted) != len(given):
            raise ValueError(f"{len(given)} names but {len(wanted)} countries: give one for each")
    store = _store.get()
    keys = _lookup.key_index()
    by_id = store.city_by_id
    resolved: Dict[Any, Optional[str]] = {}
    memo: Dict[Tuple[str, Optional[str]], MatchResult] = {}
    out: List[MatchResult] = []
    for i, (name, where) in enumerate(zip(given, wanted)):
        if _missing(name):
            out.append(MatchResult("", None, 0.0, None, None))
            continue
        if not isinstance(name, str):
            raise TypeError(f"names[{i}] must be a str, not {type(name).__name__}")
        name = str.__str__(name)  # a subclass by its plain value
        a2: Optional[str] = None
        if not (_missing(where) or where == ""):
            hashable = where if isinstance(where, (str, int)) else id(where)
            if hashable not in resolved:
                resolved[hashable] = (
                    where.alpha_2 if isinstance(where, Country) else _lookup.country(where).alpha_2
                )
            a2 = resolved[hashable]
        memo_key = (name, a2)
        hit = memo.get(memo_key)
        if hit is None:
            hit = memo[memo_key] = _one(name, a2, threshold, keys, by_id, MatchResult)
        out.append(hit)
    return Matches(out)


def _one(
    name: str,
    a2: Optional[str],
    threshold: float,
    keys: _lookup.KeyIndex,
    by_id: Dict[str, City],
    result: Any,
) -> MatchResult:
    text = name.strip()
    found = by_id.get(text)
    if found is not None and (a2 is None or found.country.alpha_2 == a2):
        return result(name, found, 1.0, "id", found.id)  # type: ignore[no-any-return]
    norm = _lookup._key(text)
    if not norm:
        return result(name, None, 0.0, None, None)  # type: ignore[no-any-return]
    tries = [norm]
    short = _stripped(norm)
    if short is not None:
        tries.append(short)
    for key in tries:
        hits = keys.get(key, ())
        if a2 is not None:
            hits = tuple(h for h in hits if h[0].country.alpha_2 == a2)
        if hits:
            return _exact(result, name, hits)
    # Fuzzy: score every near key, keep the best city per key, then decide.
    best: Dict[str, Tuple[float, City, str]] = {}
    dels = _deletions(keys)
    for key in tries:
        for near, score in dels.near(key).items():
            _offer(best, keys[near], score, a2)
    if not best or max(s for s, _, _ in best.values()) < threshold:
        index = _lookup._fuzzy_index("cities", _lookup._city_entries)
        for key in tries:
            for display, score, city in index.best(key, 5, floor=threshold):
                if a2 is None or city.country.alpha_2 == a2:
                    prev = best.get(city.id)
                    if prev is None or score > prev[0]:
                        best[city.id] = (score, city, display)
    ranked = sorted(best.values(), key=lambda t: (-t[0], t[1].id))
    if not ranked or ranked[0][0] < threshold:
        return result(name, None, 0.0, None, None)  # type: ignore[no-any-return]
    top = ranked[0][0]
    tied = [t for t in ranked if t[0] == top]
    score = round(top, 4)
    if len(tied) > 1:
        cands = tuple(t[1] for t in tied)
        return result(name, None, score, "fuzzy", None, cands)  # type: ignore[no-any-return]
    return result(name, ranked[0][1], score, "fuzzy", ranked[0][2])  # type: ignore[no-any-return]


def _offer(
    best: Dict[str, Tuple[float, City, str]],
    hits: Tuple[Tuple[City, str, str], ...],
    score: float,
    a2: Optional[str],
) -> None:
    for city, _, text in hits:
        if a2 is not None and city.country.alpha_2 != a2:
            continue
        prev = best.get(city.id)
        if prev is None or score > prev[0]:
            best[city.id] = (score, city, text)


def _exact(result: Any, name: str, hits: Tuple[Tuple[City, str, str], ...]) -> MatchResult:
    cities = tuple(dict.fromkeys(h[0] for h in hits))
    _, kind, text = hits[0]
    if len(cities) > 1:
        return result(name, None, 1.0, kind, None, cities)  # type: ignore[no-any-return]
    return result(name, cities[0], 1.0, kind, text)  # type: ignore[no-any-return]
