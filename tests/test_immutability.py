"""Public objects are immutable: no caller can change the snapshot others share.

Every result is a tuple, a frozen record or a read-only mapping, all the way
down; no call hands out a mutable internal dict or list. Each test below tries
to change what a public call returned, and then checks that the snapshot is
exactly as loaded.
"""

from __future__ import annotations

import datetime
import types
from typing import Any, Callable, Dict, Iterator, List, Tuple

import attrs
import pytest
from conftest import SNAPSHOT

import gnlc
from gnlc import _store
from gnlc.results import _ReadOnly

# Every public call that returns data, with typical arguments.
CALLS: Dict[str, Callable[[], Any]] = {
    "regions()": gnlc.regions,
    "region()": lambda: gnlc.region("Asia-Pacific"),
    "countries()": gnlc.countries,
    "countries(region=)": lambda: gnlc.countries(region="AFR"),
    "country()": lambda: gnlc.country("VN"),
    "cohorts()": gnlc.cohorts,
    "cohort()": lambda: gnlc.cohort(2024),
    "cities()": gnlc.cities,
    "cities(filters)": lambda: gnlc.cities(region="ENA", cohort=[2019, 2024], status="any"),
    "cities(as_of=)": lambda: gnlc.cities(as_of="2024-12-31"),
    "cities()[:3]": lambda: gnlc.cities()[:3],
    "city()": lambda: gnlc.city("Muharraq"),
    "get_city()": lambda: gnlc.get_city("Cork"),
    "group_by(region)": lambda: gnlc.group_by("region"),
    "group_by(country)": lambda: gnlc.group_by("country", cohort=2024),
    "group_by(cohort)": lambda: gnlc.group_by("cohort", status="any"),
    "count_by(region)": lambda: gnlc.count_by("region"),
    "count_by(cohort)": lambda: gnlc.count_by("cohort"),
    "search()": lambda: gnlc.search("Lisboa"),
    "awards()": gnlc.awards,
    "awards(year)": lambda: gnlc.awards(2015),
    "leads()": gnlc.leads,
    "leads(cohort)": lambda: gnlc.leads("2019"),
    "coverage()": gnlc.coverage,
    "snapshot_info()": gnlc.snapshot_info,
    "STATES": lambda: gnlc.STATES,
    "validate()": lambda: gnlc.validate(),
    "validate(problems)": lambda: gnlc.validate(
        [{"id": "x", "name": " x", "country": ["KOR"], "sources": {"a": [1, 2]}}]
    ),
    "diff()": lambda: gnlc.diff(SNAPSHOT, SNAPSHOT),
}
IMMUTABLE_LEAVES = (str, int, float, bool, bytes, type(None), datetime.date, datetime.datetime)
READ_ONLY = (types.MappingProxyType, _ReadOnly)


def _call(name: str) -> Any:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gnlc.IncompleteDataWarning)
        return CALLS[name]()


def fingerprint() -> Tuple[Any, ...]:
    """Everything the process-wide snapshot holds, as plain values."""
    store = _store.get()
    records: List[Any] = [
        store.regions,
        store.countries,
        store.cohorts,
        store.cities,
        store.awards,
        store.leads,
        store.info,
    ]
    return tuple(_plain(r) for r in records)


def _plain(value: Any) -> Any:
    """A copy of *value* made of tuples and leaves, to compare with a later copy."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value).__name__, *(_plain(getattr(value, f.name)) for f in fields))
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, (dict, types.MappingProxyType)):
        return tuple((_plain(k), _plain(v)) for k, v in value.items())
    return value


@pytest.fixture(scope="module")
def before() -> Tuple[Any, ...]:
    return fingerprint()


@pytest.fixture(autouse=True)
def _snapshot_is_unchanged(before: Tuple[Any, ...]) -> Iterator[None]:
    yield
    assert fingerprint() == before, "a public result let the shared snapshot change"
    fresh = _store.load_bytes(SNAPSHOT.read_bytes())
    assert _store.get().cities == fresh.cities and _store.get().countries == fresh.countries


def walk(value: Any, path: str = "result") -> Iterator[Tuple[str, Any]]:
    """Every object reachable from *value* (records by field), with its path."""
    seen = set()
    todo = [(path, value)]
    while todo:
        where, obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        yield where, obj
        if attrs.has(type(obj)):
            todo += [(f"{where}.{f.name}", getattr(obj, f.name)) for f in attrs.fields(type(obj))]
        elif isinstance(obj, (tuple, frozenset)):
            todo += [(f"{where}[{i}]", v) for i, v in enumerate(obj)]
        elif isinstance(obj, (types.MappingProxyType, _ReadOnly)):
            todo += [(f"{where}[{k!r}]", v) for k, v in obj.items()]
            todo += [(f"{where}.keys()", k) for k in obj]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_results_are_immutable_all_the_way_down(name: str) -> None:
    for where, obj in walk(_call(name)):
        if attrs.has(type(obj)):
            assert type(obj).__setattr__ is not object.__setattr__, f"{where} is not frozen"
            assert not hasattr(obj, "__dict__"), f"{where} has a __dict__"
        else:
            assert isinstance(obj, (*IMMUTABLE_LEAVES, tuple, frozenset, *READ_ONLY)), (
                f"{where} is a mutable {type(obj).__name__}"
            )


def _mutations(obj: Any) -> Iterator[Tuple[str, Callable[[], Any]]]:
    """Ways to try to change *obj* in place."""
    if attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            value = getattr(obj, f.name)
            yield f"set {f.name}", lambda f=f: setattr(obj, f.name, None)
            yield f"del {f.name}", lambda f=f: delattr(obj, f.name)
            if isinstance(value, tuple):
                longer = (*value, value)
                yield f"extend {f.name}", lambda f=f, v=longer: setattr(obj, f.name, v)
        yield "add an attribute", lambda: setattr(obj, "extra", 1)
    elif isinstance(obj, READ_ONLY):
        key = next(iter(obj), None)
        yield "set an attribute", lambda: setattr(obj, "field", None)
        yield "add an attribute", lambda: setattr(obj, "extra", 1)
        yield "set an item", lambda: obj.__setitem__(key, None)  # type: ignore[attr-defined]
        yield "del an item", lambda: obj.__delitem__(key)  # type: ignore[attr-defined]
        yield "clear", lambda: obj.clear()  # type: ignore[attr-defined]
        yield "update", lambda: obj.update({})  # type: ignore[attr-defined]
        yield "pop", lambda: obj.pop(key)  # type: ignore[attr-defined]
    elif isinstance(obj, tuple):
        yield "set an item", lambda: obj.__setitem__(0, None)  # type: ignore[attr-defined]
        yield "del an item", lambda: obj.__delitem__(0)  # type: ignore[attr-defined]
        yield "append", lambda: obj.append(None)  # type: ignore[attr-defined]
        yield "sort", lambda: obj.sort()  # type: ignore[attr-defined]
        yield "add an attribute", lambda: setattr(obj, "extra", 1)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_mutation_is_refused(name: str) -> None:
    tried = 0
    refused = (attrs.exceptions.FrozenInstanceError, TypeError, AttributeError)
    for where, obj in walk(_call(name)):
        for how, mutate in _mutations(obj):
            try:
                mutate()
            except refused:
                pass
            else:
                pytest.fail(f"{name}: {how} of {where} was allowed")
            tried += 1
    assert tried or isinstance(_call(name), IMMUTABLE_LEAVES)


def test_group_by_and_count_by_are_read_only_mappings() -> None:
    for field in ("region", "country", "cohort"):
        groups = gnlc.group_by(field)
        assert isinstance(groups, gnlc.results.Groups) and not hasattr(groups, "__setitem__")
        assert all(isinstance(v, gnlc.Cities) for v in groups.values())
        assert isinstance(gnlc.count_by(field), gnlc.results.Counts)
    # A mapping made from a result is the caller's own: changing it changes nothing.
    mine = dict(gnlc.group_by("region"))
    mine.clear()
    assert gnlc.group_by("region")


def test_repeated_calls_share_nothing_mutable() -> None:
    """The memo hands out the same tuple again: that is safe only because a
    tuple cannot change."""
    first, second = gnlc.cities(region="AFR"), gnlc.cities(region="AFR")
    assert first == second and isinstance(first, tuple)
    assert gnlc.group_by("region") is not gnlc.group_by("region")


def test_dicts_from_to_dict_are_copies() -> None:
    city = gnlc.city("Muharraq")
    as_dict = gnlc.to_dict(city)
    as_dict["name"] = "changed"
    as_dict["admissions"].clear()
    as_dict["country"]["alpha_2"] = "XX"
    many = gnlc.to_dict(gnlc.cities(country="BH"))
    many.clear()
    assert gnlc.city("Muharraq") == city and city.name == "Muharraq" and len(city.admissions) == 2


def test_errors_carry_tuples() -> None:
    with pytest.raises(gnlc.NotFoundError) as missed:
        gnlc.city("Hamburgh")
    assert isinstance(missed.value.suggestions, tuple)
    with pytest.raises(gnlc.AmbiguousError) as ambiguous:
        gnlc.country("Korea")
    assert isinstance(ambiguous.value.candidates, tuple)
    for candidate in ambiguous.value.candidates:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            candidate.name = "changed"
