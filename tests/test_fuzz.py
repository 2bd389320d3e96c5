"""Hostile input: every public function, fed arbitrary text and objects, raises
only the documented exceptions.

Those are :class:`gnlc.GNLCError` and its subclasses, :class:`TypeError` and
:class:`ValueError`; a :class:`KeyError` or other :class:`LookupError` only as
:class:`~gnlc.NotFoundError` or :class:`~gnlc.AmbiguousError`. A lookup by a
string (the documented key type) misses only with those two. The only warning
is :class:`~gnlc.IncompleteDataWarning`.

Each test runs ``GNLC_FUZZ_EXAMPLES`` examples (100 by default); ``nox -s fuzz``
runs many more. A damaged snapshot, bundled or given to :func:`gnlc.diff`,
fails with :class:`~gnlc.SnapshotError`; and no test may open a socket.
"""

from __future__ import annotations

import decimal
import fractions
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import attrs
import pytest
from conftest import ROOT, SNAPSHOT, NetworkAccessError, readable, to_file
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import gnlc
from gnlc import _snapshot_meta, _store
from gnlc.errors import AmbiguousError, GNLCError, IncompleteDataWarning, NotFoundError
from gnlc.testing import unloaded

EXAMPLES = int(os.environ.get("GNLC_FUZZ_EXAMPLES", "100"))

# The strategies sample from every name in the snapshot, so their repr is long.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the first call builds indexes; a slow example is not a failure
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)

# --------------------------------------------------------------------------- strategies

_ALL = gnlc.cities(status="any")
RECORDS: List[Any] = [
    *gnlc.regions(),
    *gnlc.countries()[:20],
    *gnlc.cohorts(),
    *_ALL[:20],
    *gnlc.awards()[:3],
    *gnlc.leads()[:3],
    gnlc.snapshot_info(),
    *gnlc.search("lisboa", limit=2),
]
NAMES = sorted(
    {n for c in _ALL for n in (c.id, c.name, *c.aliases)}
    | {n for c in gnlc.countries() for n in (c.alpha_2, c.alpha_3, c.numeric, c.name)}
    | {n for r in gnlc.regions() for n in (r.code, r.name, *r.aliases)}
    | {k.id for k in gnlc.cohorts()}
    | set(gnlc.STATES)
)
TRICKY = [
    "",
    " ",
    "\x00",
    "\t\n\r\x0b\x0c",
    "²",
    "٢٠٢٤",
    "２０２４",
    "2024",
    "2015-2018",
    "1" * 5000,
    "9" * 40,
    "-1",
    "any",
    "Korea",
    "Georgia",
    "Seo-gu",
    "İstanbul",
    "ǅ",
    "ß" * 50,
    "\u0301" * 20,
    "\ufeff",
    "\u200b\u200d",
    "\U0010ffff",
    "\ufffd",
    "a" * 20_000,
    "region",
    "country",
    "cohort",
]
_CONTROLS = [chr(i) for i in (*range(0x20), *range(0x7F, 0xA0))]
_ODD = list("\u00ad\u034f\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202e\u2066\ufeff")
_ODD += [chr(i) for i in range(0x300, 0x370, 7)] + ["\ufffe", "\uffff", "\U000e0001"]
_SCRIPTS = list("aZ09 -'.,&()/éøłßİıﬁΣσςЖжעבריתعربي中文한국어ひらがなदेवनागरीไทยΩ™½")

texts = st.one_of(
    st.text(),  # any Unicode without surrogates, from empty on
    st.text(st.sampled_from(_CONTROLS + _ODD + [" ", "a"])),
    st.text(st.sampled_from(_SCRIPTS), max_size=40),
    st.sampled_from(NAMES),
    st.builds(
        lambda name, extra, at, upper: (
            (name[:at] + extra + name[at:]).upper() if upper else name[:at] + extra + name[at:]
        ),
        st.sampled_from(NAMES),
        st.text(max_size=3),
        st.integers(0, 40),
        st.booleans(),
    ),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(50, 4000)),
    st.sampled_from(TRICKY),
)


class _Huge(int):
    """An int too long for str() (Python 3.11+ refuses 4300 digits); hypothesis
    can still show it in a report."""

    def __repr__(self) -> str:
        return "10**5000" if self > 0 else "-(10**5000)"

    def __str__(self) -> str:
        return int.__repr__(self)


class _HostileHuge(int):
    """A huge int whose repr, str and format all raise: gnlc must never need
    them. (Hypothesis shows it through _repr_pretty_.)"""

    def __repr__(self) -> str:
        raise RuntimeError("hostile __repr__")

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        raise RuntimeError("hostile __format__")

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(f"_HostileHuge(<{self.bit_length()} bits>)")


def _hostile_huge(kind: str) -> _HostileHuge:
    """A _HostileHuge made from a name, so no strategy holds one to repr."""
    return _HostileHuge({"huge": 10**5000, "-huge": -(10**5000), "year": 2024}[kind])


class _ForgedStr(str):
    """A str that claims to equal everything, with another key's hash."""

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return hash("France")


class _ExplodingStr(str):
    """A str whose own methods all raise."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("hostile __eq__")

    def __hash__(self) -> int:
        raise RuntimeError("hostile __hash__")

    def __str__(self) -> str:
        raise RuntimeError("hostile __str__")

    def __repr__(self) -> str:
        raise RuntimeError("hostile __repr__")

    def strip(self, chars: Any = None) -> str:
        raise RuntimeError("hostile strip")

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(f"_ExplodingStr({str.__repr__(self)})")


long_texts = st.builds(
    lambda piece, n: piece * n,
    st.sampled_from(["\ufdfa", "a", "Cork ", "\u0301", "é", "ß", "\U0001d400", "\x00"]),
    st.sampled_from([300, 5_000, 100_000, 300_000]),
)

texts = st.one_of(texts, long_texts)  # long inputs everywhere a text goes
hostile_strs = st.builds(
    lambda cls, text: cls(text),
    st.sampled_from([_ForgedStr, _ExplodingStr]),
    st.one_of(st.sampled_from(NAMES), st.text(max_size=10)),
)


class _Odd:
    """An object that is hashable, iterable and equal to nothing."""

    def __iter__(self) -> Any:
        return iter(["Africa"])


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([_Huge(10**5000), _Huge(-(10**5000)), 2024, 704, 2015, 0, -1]),
    # Built, not sampled: some hypothesis versions repr a sampled_from's
    # elements when they describe the strategy, and this repr raises.
    st.sampled_from(["huge", "-huge", "year"]).map(_hostile_huge),
    hostile_strs,
    long_texts,
    st.floats(),
    st.complex_numbers(),
    st.binary(max_size=20),
    st.dates(),
    st.datetimes(),
    st.decimals(),
    st.fractions(),
    texts,
    st.sampled_from(RECORDS),
    st.sampled_from([int, str, object, type, gnlc.City, gnlc.Country, gnlc.Cities, _Odd]),
    st.builds(object),
    st.builds(_Odd),
    st.builds(gnlc.Region, code=st.text(max_size=5), name=st.text(max_size=5)),
)
objects = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner),
        st.tuples(inner, inner),
        st.frozensets(st.one_of(st.text(max_size=5), st.integers()), max_size=3),
        st.dictionaries(st.text(max_size=8), inner, max_size=3),
        st.builds(iter, st.lists(inner, max_size=3)),
    ),
    max_leaves=6,
)
keys = st.one_of(texts, objects)
filter_values = st.one_of(
    st.none(), texts, objects, st.lists(texts, min_size=1, max_size=3).map(tuple)
)

# --------------------------------------------------------------------------- the rule

# Bugs that fuzzing found in modules other developers own, and reported to them:
# (function, exception, message fragment). Each has a strict xfail regression
# test at the end of this file, which fails once the bug is fixed: then delete
# the entry here and that test's marker.
KNOWN_BUGS: List[Tuple[str, type, str]] = []


def known_bug(fn: str, exc: BaseException) -> bool:
    return any(
        fn == name and isinstance(exc, kind) and text in str(exc) for name, kind, text in KNOWN_BUGS
    )


def attempt(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call *fn*; return its result or the documented exception it raised.

    Any other exception propagates (and fails the test with its traceback); a
    bare KeyError or IndexError fails with an AssertionError.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(*args, **kwargs)
        except (NotFoundError, AmbiguousError) as exc:
            result = exc
        except LookupError as exc:
            raise AssertionError(f"{fn.__name__} leaked a bare {exc!r}") from exc
        except (GNLCError, TypeError, ValueError) as exc:
            result = exc
        except Exception as exc:
            if not known_bug(fn.__name__, exc):
                raise
            result = exc
    for w in caught:
        assert issubclass(w.category, IncompleteDataWarning), w
    return result


def missed(result: Any) -> bool:
    return isinstance(result, (NotFoundError, AmbiguousError))


def check_lookup_by_text(fn: Callable[..., Any], kind: type, key: str) -> None:
    result = attempt(fn, key)
    assert isinstance(result, kind) or missed(result), (key, result)
    if isinstance(result, NotFoundError):
        assert isinstance(result, KeyError) and result.key == key
        str(result)  # the message renders, whatever the key
        assert all(isinstance(s, str) for s in result.suggestions)
    if isinstance(result, AmbiguousError):
        assert len(result.candidates) > 1
        str(result)


# --------------------------------------------------------------------------- lookups


@fuzz
@given(key=texts)
def test_city_by_text(key: str) -> None:
    check_lookup_by_text(gnlc.city, gnlc.City, key)


@fuzz
@given(key=texts)
def test_get_city_by_text(key: str) -> None:
    result = attempt(gnlc.get_city, key)
    assert result is None or isinstance(result, (gnlc.City, AmbiguousError)), (key, result)


@fuzz
@given(key=texts)
def test_country_by_text(key: str) -> None:
    check_lookup_by_text(gnlc.country, gnlc.Country, key)


@fuzz
@given(key=texts)
def test_region_by_text(key: str) -> None:
    check_lookup_by_text(gnlc.region, gnlc.Region, key)


@fuzz
@given(key=texts)
def test_cohort_by_text(key: str) -> None:
    check_lookup_by_text(gnlc.cohort, gnlc.Cohort, key)


@fuzz
@given(
    fn=st.sampled_from([gnlc.city, gnlc.get_city, gnlc.country, gnlc.region, gnlc.cohort]),
    key=objects,
)
def test_lookups_by_any_object(fn: Callable[..., Any], key: object) -> None:
    attempt(fn, key)


@fuzz
@given(
    fn=st.sampled_from([gnlc.city, gnlc.get_city]),
    key=texts,
    country=st.one_of(texts, objects),
)
def test_city_with_a_country(fn: Callable[..., Any], key: str, country: object) -> None:
    result = attempt(fn, key, country=country)
    if isinstance(result, gnlc.City):
        assert result.country == gnlc.country(country)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- filters


_FILTERS = {
    "region": filter_values,
    "country": filter_values,
    "cohort": filter_values,
    "status": filter_values,
}
group_filters = st.fixed_dictionaries({}, optional=_FILTERS)
cities_filters = st.fixed_dictionaries(
    {}, optional={**_FILTERS, "as_of": st.one_of(filter_values, st.dates().map(str))}
)


@fuzz
@given(name=st.sampled_from(["region", "country", "cohort", "status", "as_of"]), value=keys)
def test_cities_with_each_filter(name: str, value: object) -> None:
    result = attempt(gnlc.cities, **{name: value})
    assert isinstance(result, (gnlc.Cities, Exception)), result


@fuzz
@given(filters=cities_filters)
def test_cities_with_any_filters(filters: Dict[str, Any]) -> None:
    result = attempt(gnlc.cities, **filters)
    if isinstance(result, gnlc.Cities):
        assert [c.id for c in result] == sorted(c.id for c in result)


@fuzz
@given(
    fn=st.sampled_from([gnlc.group_by, gnlc.count_by]),
    field=st.one_of(st.sampled_from(["region", "country", "cohort"]), keys),
    filters=st.one_of(
        group_filters,
        st.dictionaries(st.text(max_size=6), objects, max_size=2),
    ),
)
def test_group_and_count(fn: Callable[..., Any], field: object, filters: Dict[str, Any]) -> None:
    result = attempt(fn, field, **filters)
    if not isinstance(result, Exception):
        assert isinstance(result, (gnlc.results.Counts, gnlc.results.Groups))


@fuzz
@given(region=st.one_of(st.none(), keys))
def test_countries(region: object) -> None:
    result = attempt(gnlc.countries, region=region)
    assert isinstance(result, (tuple, Exception))


# The memo of cities() is keyed by the caller's own arguments. Keys that are
# equal and hash alike but are of other types must not borrow each other's
# answers: the answer may not depend on what was asked before.
_equal_twins = st.sampled_from(
    [
        (2024, 2024.0),
        (2024, decimal.Decimal(2024)),
        (2024, fractions.Fraction(2024)),
        (704, 704.0),
        ((704,), (704.0,)),
        ((2019, 2024), (2019.0, 2024)),
        (1, True),
        (0, False),
    ]
)


@fuzz
@given(pair=_equal_twins, name=st.sampled_from(["country", "cohort", "region"]))
def test_cities_answer_does_not_depend_on_the_memo(pair: Tuple[Any, Any], name: str) -> None:
    first, twin = pair
    with _store.installed(_store.get()):  # the same snapshot, its memos forgotten
        cold = attempt(gnlc.cities, **{name: twin})
    with _store.installed(_store.get()):
        attempt(gnlc.cities, **{name: first})
        warm = attempt(gnlc.cities, **{name: twin})
    if isinstance(cold, Exception):
        assert type(warm) is type(cold), (name, pair, cold, warm)
    else:
        assert warm == cold


# --------------------------------------------------------------------------- search, lists


@fuzz
@given(text=keys, limit=st.one_of(st.integers(-5, 50), objects))
def test_search(text: object, limit: object) -> None:
    result = attempt(gnlc.search, text, limit=limit)
    if isinstance(result, tuple):
        assert isinstance(limit, int) and len(result) <= limit
        scores = [m.score for m in result]
        assert all(0 < s <= 1 for s in scores) and scores == sorted(scores, reverse=True)


@fuzz
@given(text=texts)
def test_search_by_text(text: str) -> None:
    result = attempt(gnlc.search, text)
    assert isinstance(result, tuple), result


@fuzz
@given(year=st.one_of(st.none(), st.integers(1900, 2100), keys))
def test_awards(year: object) -> None:
    result = attempt(gnlc.awards, year)
    if isinstance(result, tuple) and isinstance(year, int):
        assert all(a.year == year for a in result)


@fuzz
@given(city=st.one_of(st.none(), keys), year=st.one_of(st.none(), st.integers(1900, 2100), keys))
def test_conferences(city: object, year: object) -> None:
    result = attempt(gnlc.conferences, city=city, year=year)
    assert isinstance(result, (gnlc.Conferences, Exception)), result
    if isinstance(result, tuple) and isinstance(year, int):
        assert all(c.year == year for c in result)


@fuzz
@given(city=st.one_of(st.none(), keys))
def test_clusters(city: object) -> None:
    result = attempt(gnlc.clusters, city=city)
    assert isinstance(result, (gnlc.Clusters, Exception)), result


@fuzz
@given(cohort=st.one_of(st.none(), st.just("unknown"), keys))
def test_leads(cohort: object) -> None:
    result = attempt(gnlc.leads, cohort)
    assert isinstance(result, (tuple, Exception))


def test_the_argument_free_calls() -> None:
    for fn in (gnlc.regions, gnlc.cohorts, gnlc.coverage, gnlc.snapshot_info, gnlc.countries):
        assert attempt(fn) == fn()


# --------------------------------------------------------------------------- normalize


@fuzz
@given(text=texts)
def test_normalize_is_idempotent(text: str) -> None:
    once = gnlc.normalize(text)
    assert isinstance(once, str)
    assert gnlc.normalize(once) == once
    assert once == once.strip() and "  " not in once


@fuzz
@given(value=objects)
def test_normalize_of_any_object(value: object) -> None:
    result = attempt(gnlc.normalize, value)
    assert isinstance(result, str) == isinstance(value, str), (value, result)


# --------------------------------------------------------------------------- convert


RECORD_CLASSES = [
    gnlc.Region,
    gnlc.Country,
    gnlc.Cohort,
    gnlc.City,
    gnlc.Admission,
    gnlc.Status,
    gnlc.Location,
    gnlc.Award,
    gnlc.Lead,
    gnlc.Match,
    gnlc.SnapshotInfo,
    gnlc.CoverageRow,
]
_FIELD_NAMES = sorted({f.name for cls in RECORD_CLASSES for f in attrs.fields(cls)})
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.one_of(st.sampled_from(_FIELD_NAMES), st.text(max_size=5)), inner)
    ),
    max_leaves=12,
)


def _cattrs_leaves(exc: BaseException) -> List[BaseException]:
    nested = getattr(exc, "exceptions", None)
    if nested is None:
        return [exc]
    return [leaf for e in nested for leaf in _cattrs_leaves(e)]


def _check_from_dict(cls: Any, data: Any) -> None:
    import cattrs

    try:
        result = attempt(gnlc.from_dict, cls, data)
    except cattrs.BaseValidationError as exc:
        # from_dict documents cattrs' error groups; what they hold must still be
        # documented errors, or the KeyError and ForbiddenExtraKeysError with
        # which cattrs names a missing or an unknown field.
        for leaf in _cattrs_leaves(exc):
            assert isinstance(
                leaf, (GNLCError, TypeError, ValueError, KeyError, cattrs.ForbiddenExtraKeysError)
            ) or known_bug("from_dict", leaf), repr(leaf)
        return
    if isinstance(cls, type) and cls in RECORD_CLASSES and not isinstance(result, Exception):
        assert isinstance(result, cls)


@fuzz
@given(cls=st.sampled_from(RECORD_CLASSES), data=st.one_of(json_values, objects))
def test_from_dict(cls: Any, data: Any) -> None:
    _check_from_dict(cls, data)


@fuzz
@given(record=st.sampled_from([r for r in RECORDS if type(r) in RECORD_CLASSES]), data=st.data())
def test_from_dict_of_a_damaged_record(record: Any, data: st.DataObject) -> None:
    """A real record's dict with one field replaced by anything."""
    assume(type(record) not in _NOT_IN_TO_DICT)
    raw = gnlc.to_dict(record)
    field = data.draw(st.sampled_from(sorted(raw)))
    raw[field] = data.draw(st.one_of(json_values, objects))
    _check_from_dict(type(record), raw)


@fuzz
@given(value=objects)
def test_to_dict(value: object) -> None:
    result = attempt(gnlc.to_dict, value)
    assert isinstance(result, (dict, list, TypeError)), result


@fuzz
@given(record=st.sampled_from(RECORDS))
def test_to_dict_round_trip(record: Any) -> None:
    as_dict = attempt(gnlc.to_dict, record)
    if isinstance(as_dict, TypeError):  # to_dict does not take every record class
        assert type(record) in _NOT_IN_TO_DICT, type(record)
        return
    assert gnlc.from_dict(type(record), as_dict) == record


# Record classes that to_dict refuses (with a TypeError): reported to convert.py.
_NOT_IN_TO_DICT = (gnlc.Award, gnlc.Lead, gnlc.CoverageRow, gnlc.Status, gnlc.Location)


# --------------------------------------------------------------------------- exports


@fuzz
@given(
    fn=st.sampled_from(["to_csv", "to_json", "to_jsonl", "to_geojson"]),
    value=st.one_of(objects, st.lists(objects, max_size=3), st.just(_ALL[:3])),
)
def test_exports_to_a_string(fn: str, value: object) -> None:
    """Only into memory: a fuzzed path would write files anywhere."""
    result = attempt(getattr(gnlc, fn), value)
    assert isinstance(result, (str, Exception))
    result = attempt(getattr(gnlc, fn), value, io.StringIO())
    assert result is None or isinstance(result, Exception)


@fuzz
@given(value=st.one_of(objects, st.lists(objects, max_size=3)))
def test_to_dataframe(value: object) -> None:
    pytest.importorskip("pandas")
    attempt(gnlc.to_dataframe, value)


def test_to_dataframe_of_a_non_city() -> None:
    """A non-City item is a TypeError (fuzzing once saw an AttributeError here)."""
    pytest.importorskip("pandas")
    with pytest.raises(TypeError):
        gnlc.to_dataframe((None,))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- validate


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


city_like = st.dictionaries(
    st.one_of(st.sampled_from(_FIELD_NAMES), st.text(max_size=5)), json_values, max_size=8
)


@fuzz
@given(data=st.one_of(objects, city_like, st.lists(city_like, max_size=3)), strict=objects)
def test_validate_data(data: object, strict: object) -> None:
    assume(not isinstance(data, (str, os.PathLike)))  # a path: see below
    result = attempt(gnlc.validate, data, strict=bool(strict))
    assert isinstance(result, (gnlc.ValidationReport, Exception))
    if isinstance(result, gnlc.ValidationReport):
        str(result)


@fuzz
@given(
    name=texts,
    content=st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode())),
    suffix=st.sampled_from(["", ".json", ".jsonl", ".csv", ".txt"]),
)
def test_validate_a_file(scratch: Path, name: str, content: bytes, suffix: str) -> None:
    path = scratch / "file"
    path.write_bytes(content)
    attempt(gnlc.validate, str(path))
    target = path.with_suffix(suffix) if suffix else path
    if target != path:
        path.replace(target)
    assert isinstance(attempt(gnlc.validate, target), (gnlc.ValidationReport, Exception))
    # A name that is not there (never outside the scratch directory).
    attempt(gnlc.validate, str(scratch) + os.sep + name.replace("/", "_").replace("\\", "_"))


# --------------------------------------------------------------------------- diff


def _small_snapshot() -> Dict[str, Any]:
    """The bundled snapshot cut down to five cities: quick to load many times."""
    raw = readable(json.loads(SNAPSHOT.read_bytes()))
    raw["cities"] = raw["cities"][:5]
    ids = {c["id"] for c in raw["cities"]}
    raw["awards"] = [a for a in raw["awards"] if a["city"] in ids]
    used = {c["country"] for c in raw["cities"]}
    raw["countries"] = [c for c in raw["countries"] if c["alpha_2"] in used]
    return raw


SMALL_BYTES = to_file(_small_snapshot())
SMALL = json.loads(SMALL_BYTES)  # as in the file: cities are arrays


_DELETE = object()


def _damage(raw: Any, path: List[Any], value: Any) -> Any:
    """*raw* with the item at *path* replaced by *value* (or deleted)."""
    if not path:
        return value
    head, *rest = path
    if isinstance(raw, dict):
        out = dict(raw)
        if not rest and value is _DELETE:
            out.pop(head, None)
        else:
            out[head] = _damage(raw.get(head), rest, value)
        return out
    if isinstance(raw, list) and raw:
        out_list = list(raw)
        i = head % len(raw)
        if not rest and value is _DELETE:
            del out_list[i]
        else:
            out_list[i] = _damage(raw[i], rest, value)
        return out_list
    return value


@st.composite
def damaged_snapshots(draw: st.DrawFn) -> bytes:
    path: List[Any] = []
    node: Any = SMALL
    for _ in range(draw(st.integers(1, 5))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            key = draw(st.integers(0, len(node) - 1))
        else:
            break
        path.append(key)
        node = node[key]
    value = draw(st.one_of(st.just(_DELETE), json_values))
    return json.dumps(_damage(SMALL, path, value)).encode()


def _check_diff(old: Any, new: Any) -> None:
    try:
        d = gnlc.diff(old, new)
    except gnlc.SnapshotError as exc:
        message = str(exc)
        assert message.count("\n") == 0, message
        return
    assert isinstance(d.to_text(), str) and isinstance(d.to_markdown(), str)


@fuzz
@given(data=st.binary(max_size=300))
def test_diff_of_any_bytes(data: bytes) -> None:
    _check_diff(SMALL_BYTES, data)
    _check_diff(data, SMALL_BYTES)


@fuzz
@given(damaged=damaged_snapshots())
def test_diff_of_a_damaged_snapshot(damaged: bytes) -> None:
    """A snapshot with one item replaced (or removed) diffs, or raises SnapshotError."""
    _check_diff(SMALL_BYTES, damaged)
    _check_diff(damaged, SMALL_BYTES)


@fuzz
@given(value=objects)
def test_diff_of_any_object(value: object) -> None:
    assume(not isinstance(value, (str, os.PathLike)))  # paths: test_diff.py
    result = attempt(gnlc.diff, value, SMALL_BYTES)
    assert isinstance(result, (TypeError, gnlc.SnapshotError)) or result.unchanged


def test_diff_of_deeply_nested_json() -> None:
    with pytest.raises(gnlc.SnapshotError, match="not valid UTF-8 JSON"):
        gnlc.diff(b"[" * 100_000, SMALL_BYTES)


# --------------------------------------------------------------------------- integrity


def _load_bundled_from(monkeypatch: pytest.MonkeyPatch, package: Path) -> Any:
    """Load the "bundled" snapshot from *package* through the real code path."""
    import importlib.resources

    monkeypatch.setattr(importlib.resources, "files", lambda name: package)
    monkeypatch.setattr(_store, "_PACKAGE_DIR", str(package))
    with unloaded():
        try:
            return attempt(gnlc.cities)
        finally:
            assert _store.current() is None  # a failed load is not kept; the next call retries


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],
        lambda b: b + b" ",
        lambda b: b.replace(b'"Cork"', b'"Kork"', 1),
        lambda b: b.replace(b'"schema": 6', b'"schema": 99', 1),
        lambda b: b"",
        lambda b: b"\x00" * len(b),
    ],
    ids=["truncated", "extended", "edited", "other-schema", "empty", "zeroed"],
)
def test_damaged_bundled_snapshot(
    damage: Callable[[bytes], bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "snapshot.json").write_bytes(damage(SNAPSHOT.read_bytes()))
    result = _load_bundled_from(monkeypatch, tmp_path)
    assert isinstance(result, gnlc.SnapshotError)
    # The bundled load checks CRC-32 (no hashlib import on the hot path).
    assert "is damaged: its CRC-32 is" in str(result)
    assert f"{_snapshot_meta.SNAPSHOT_CRC32:08x}" in str(result) and "reinstall gnlc" in str(result)


def test_missing_bundled_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _load_bundled_from(monkeypatch, tmp_path)
    assert isinstance(result, gnlc.SnapshotError)
    assert "cannot read the bundled snapshot" in str(result)


@fuzz
@given(at=st.integers(0, 10**9), xor=st.integers(1, 255))
def test_any_flipped_byte_is_caught(at: int, xor: int) -> None:
    data = bytearray(SNAPSHOT.read_bytes())
    data[at % len(data)] ^= xor
    with pytest.raises(gnlc.SnapshotError, match="is damaged"):
        _store.load_bytes(bytes(data), expected_sha256=_snapshot_meta.SNAPSHOT_SHA256)


def test_the_bundled_snapshot_matches_its_hash() -> None:
    assert hashlib.sha256(SNAPSHOT.read_bytes()).hexdigest() == _snapshot_meta.SNAPSHOT_SHA256
    assert gnlc.snapshot_info().sha256 == _snapshot_meta.SNAPSHOT_SHA256


def test_damaged_copy_of_the_package(tmp_path: Path) -> None:
    """A real import of a package whose snapshot was damaged after install."""
    copy = tmp_path / "gnlc"
    shutil.copytree(ROOT / "src" / "gnlc", copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "data" / "snapshot.json"
    target.write_bytes(target.read_bytes().replace(b'"Cork"', b'"Kork"', 1))
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    code = "import gnlc, sys; print(gnlc.__file__); gnlc.city('Cork')"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.stdout.strip() == str(copy / "__init__.py")
    assert done.returncode == 1
    assert "gnlc.errors.SnapshotError" in done.stderr and "is damaged" in done.stderr
    cli = subprocess.run(
        [sys.executable, "-m", "gnlc", "city", "Cork"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert cli.returncode == 3  # bad data
    assert "is damaged" in cli.stderr and "Traceback" not in cli.stderr


# --------------------------------------------------------------------------- no network


def test_sockets_are_disabled() -> None:
    with pytest.raises(NetworkAccessError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkAccessError):
        socket.create_connection(("localhost", 80))
    assert os.environ["GNLC_TEST_NO_NETWORK"] == "1"


# --------------------------------------------------------------------------- known bugs


@pytest.mark.parametrize("cls", [gnlc.City, gnlc.Status, gnlc.Location, gnlc.Admission])
def test_from_dict_of_a_list_is_a_type_error(cls: type) -> None:
    # Once an AttributeError from deep inside cattrs' generated code.
    with pytest.raises(TypeError, match="expected a mapping"):
        gnlc.from_dict(cls, [])
    with pytest.raises(Exception) as info:  # noqa: PT011 (nested: a cattrs error group)
        gnlc.from_dict(gnlc.City, {**gnlc.to_dict(gnlc.city("Cork")), "admissions": [[]]})
    assert not isinstance(info.value, AttributeError)


def test_to_dict_and_from_dict_cover_every_record_class() -> None:
    from gnlc.convert import RECORDS

    status = gnlc.city("Cork").status
    assert gnlc.from_dict(gnlc.Status, gnlc.to_dict(status)) == status
    award = gnlc.awards(2015)[0]
    assert gnlc.from_dict(gnlc.Award, gnlc.to_dict(award)) == award
    assert len(RECORDS) == len({*RECORDS})
    with pytest.raises(TypeError, match="builds gnlc records"):
        gnlc.from_dict(object, 1)


@fuzz
@given(
    names=st.lists(keys, max_size=5),
    countries=st.one_of(st.none(), st.lists(st.one_of(st.none(), keys), max_size=5)),
    threshold=st.one_of(st.just(0.8), st.floats(), objects),
)
def test_match(names: Any, countries: Any, threshold: Any) -> None:
    if countries is not None:
        countries = (countries + [None] * len(names))[: len(names)]
    result = attempt(gnlc.match, names, countries=countries, threshold=threshold)
    if not isinstance(result, Exception):
        assert len(result) == len(names)
        assert all(0.0 <= m.score <= 1.0 for m in result)
        assert all((m.city is None) or m.outcome == "matched" for m in result)
