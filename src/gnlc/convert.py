"""(Un)structuring with cattrs: records to plain dicts and back.

>>> import gnlc
>>> d = gnlc.to_dict(gnlc.city("Liège"))
>>> d["country"]["alpha_2"], d["admissions"][0]["announced"]
('BE', '2024-02-14')
>>> gnlc.from_dict(gnlc.City, d) == gnlc.city("Liège")
True

Structuring also accepts a code or name where a record is expected, which
is how people write data by hand:

>>> gnlc.from_dict(gnlc.Country, "VN").name
'Viet Nam'

:func:`make_converter` makes a new converter with gnlc's hooks, to extend
without changing what :func:`to_dict` and :func:`from_dict` do for everyone
else; ``strict=True`` gives the converter that :func:`gnlc.validate` checks
shapes with. This module imports cattrs, so :mod:`gnlc` loads it only on
first use.
"""

from __future__ import annotations

import datetime
import re
import typing
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Sequence,
    Tuple,
    Type,
    TypeVar,
    Union,
)

import cattrs
from cattrs.errors import IterableValidationNote

from . import _rules, model
from .model import Cohort, Country, Region

__all__ = ["KEYS", "RECORDS", "MismatchError", "from_dict", "make_converter", "to_dict"]

T = TypeVar("T")

RECORDS: Tuple[type, ...] = tuple(getattr(model, name) for name in model.__all__)
"""Every record class that :func:`to_dict` and :func:`from_dict` handle."""

KEYS = ("resolve", "keep", "refuse")
"""What a code can become where a record is expected (see :func:`make_converter`)."""

# The records a code can stand for: the query that looks it up, the key
# types it accepts, and how a message names it.
_KEYED: Mapping[type, Tuple[str, Tuple[type, ...], str]] = {
    Region: ("region", (str,), "a region code"),
    Country: ("country", (str, int), "an alpha-2 code"),
    Cohort: ("cohort", (str, int), "a cohort id"),
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_FAILED: Any = object()  # what a structured item that failed stands for in _tuple_hook's memo


class MismatchError(TypeError):
    """A value of the wrong type for a strict converter; ``expected`` says, in
    words, what was wanted."""

    def __init__(self, expected: str, value: Any) -> None:
        self.expected = expected
        super().__init__(f"expected {expected}, not {type(value).__name__}")


def make_converter(*, strict: bool = False, keys: str = "resolve") -> cattrs.Converter:
    """A new cattrs converter for gnlc's records.

    Dates are ISO text. *keys* says what a code written where a Region,
    Country or Cohort record is expected becomes: ``"resolve"`` the record
    it names (looked up in the snapshot), ``"keep"`` the code itself (for a
    later check to judge), ``"refuse"`` an error. A tuple field never takes a
    string or a mapping (``"abc"`` is not a tuple of letters). With *strict*,
    no value changes type on the way: ``5`` is not the string ``"5"``, ``"7"``
    not the integer 7, and a date must be written ``YYYY-MM-DD``; a
    :class:`MismatchError` says what was expected.

    >>> conv = make_converter(strict=True, keys="keep")
    >>> conv.structure({"code": "AFR", "name": "Africa"}, Region)
    Region('AFR', 'Africa')
    """
    if keys not in KEYS:
        raise ValueError(f"keys must be one of {', '.join(KEYS)}, not {keys!r}")
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_structure_hook(datetime.date, _strict_date if strict else _date)
    if not strict:
        conv.register_structure_hook(str, _as_text)
        conv.register_structure_hook(int, _as_number(int))
        conv.register_structure_hook(float, _as_number(float))
    if strict:
        conv.register_structure_hook(str, _exact(str, "a string"))
        conv.register_structure_hook(int, _exact(int, "an integer"))
        conv.register_structure_hook(float, _exact((int, float), "a number"))
        conv.register_structure_hook(bool, _exact(bool, "true or false"))
    conv.register_structure_hook_func(lambda typ: typ == _rules.State, _state)
    # Both modes: cattrs' own tuple hook would read "Cork" as ('C', 'o', 'r', 'k')
    # and puts the caller's object's repr into its length error.
    conv.register_structure_hook_factory(_is_tuple, lambda typ: _tuple_hook(typ, conv))
    for cls in RECORDS:
        conv.register_structure_hook(cls, _record_hook(conv, cls, keys, strict))
    return conv


def _as_text(value: Any, _: Any) -> str:
    """A value as text, as cattrs would make it, without running a str or int
    subclass's own (possibly hostile) methods; any other failure is a TypeError."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__repr__(value)  # a ValueError past 4,300 digits, as str() raises
    try:
        return str(value)
    except Exception as exc:
        raise TypeError(
            f"cannot read {type(value).__name__} as text: {type(exc).__name__}"
        ) from None


def _as_number(kind: type) -> Callable[[Any, Any], Any]:
    """cattrs' lenient int or float hook, reading a str subclass by its plain
    value and turning any failure but a TypeError or ValueError into a TypeError."""

    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, str):
            value = str.__str__(value)
        try:
            return kind(value)
        except (TypeError, ValueError):
            raise
        except Exception as exc:
            raise TypeError(f"cannot read {type(value).__name__} as {kind.__name__}") from exc

    return structure


def _date(value: Any, _: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date string, got {type(value).__name__}")
    return datetime.date.fromisoformat(str.__str__(value))  # a subclass by its plain value


def _strict_date(value: Any, _: Any) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return datetime.date.fromisoformat(str.__str__(value))  # ValueError for 2024-13-01
    raise MismatchError("an ISO date (YYYY-MM-DD)", value)


def _state(value: Any, _: Any) -> _rules.State:
    """A membership state; anything else is a ValueError naming them (cattrs'
    own Literal hook raises an undocumented CattrsError)."""
    if isinstance(value, str) and str.__str__(value) in _rules.STATES:
        return typing.cast(_rules.State, str.__str__(value))
    raise ValueError(f"state must be one of {', '.join(_rules.STATES)}")


def _exact(typ: Union[type, Tuple[type, ...]], expected: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, typ) or (typ is not bool and isinstance(value, bool)):
            raise MismatchError(expected, value)
        return value

    return structure


def _is_tuple(typ: Any) -> bool:
    return typing.get_origin(typ) is tuple


def _tuple_hook(typ: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Tuple[Any, ...]]:
    """A strict hook for ``Tuple[X, ...]`` and ``Tuple[X, Y]``: cattrs would
    turn a string into a tuple of characters, where a list is wanted. Errors
    are collected item by item, as cattrs does, to report them all."""
    args = typing.get_args(typ)
    variadic = len(args) == 2 and args[1] is Ellipsis

    def structure(value: Any, _: Any) -> Tuple[Any, ...]:
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            raise MismatchError("a list", value)
        items = list(value)
        if variadic:
            kinds: Sequence[Any] = [args[0]] * len(items)
        elif len(items) == len(args):
            kinds = args
        else:
            raise MismatchError(f"a list of {len(args)} values", value)
        out: List[Any] = []
        errors: List[Exception] = []
        # An object that stands twice (a snapshot row named twice) is structured
        # once: its result, or one error that points at its first place.
        done: Dict[int, Tuple[int, Any]] = {}
        for i, (item, inner) in enumerate(zip(items, kinds)):
            first = done.get(id(item)) if isinstance(item, (Mapping, list)) else None
            try:
                if first is None:
                    result = conv.structure(item, inner)
                    if isinstance(item, (Mapping, list)):
                        done[id(item)] = (i, result)
                elif first[1] is _FAILED:
                    raise MismatchError(f"the same value as item {first[0]}, fixed", item)
                else:
                    result = first[1]
                out.append(result)
            except Exception as exc:
                if first is None and isinstance(item, (Mapping, list)):
                    done[id(item)] = (i, _FAILED)
                note = IterableValidationNote(f"Structuring {typ} @ index {i}", i, inner)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise cattrs.IterableValidationError(f"While structuring {typ!r}", errors, typ)
        return tuple(out)

    return structure


def _record_hook(
    conv: cattrs.Converter, cls: type, keys: str, strict: bool
) -> Callable[[Any, Any], Any]:
    """Structure *cls* from a mapping (or, for a keyed record, from its code);
    anything else is a TypeError rather than an AttributeError deep inside
    cattrs' generated code."""
    # Generated on first use, not now: cattrs binds the hooks of the nested
    # records when it generates, and those may not be registered yet.
    generated: List[Callable[[Any, Any], Any]] = []
    lookup, key_types, what = _KEYED.get(cls, ("", (), ""))
    if not lookup or keys == "refuse":
        key_types = ()
    record = f"a{'n' if cls.__name__[0] in 'AEIOU' else ''} {cls.__name__} record"
    expected = f"{what} or {record}" if key_types else record

    def structure(value: Any, _: Any) -> Any:
        if key_types and isinstance(value, key_types) and not isinstance(value, bool):
            if keys == "keep":
                return value  # a code: a later check judges what it names
            from . import query

            return getattr(query, lookup)(value)
        if not isinstance(value, Mapping):
            if strict:
                raise MismatchError(expected, value)
            wanted = "a mapping or a key" if key_types else "a mapping"
            raise TypeError(f"{cls.__name__}: expected {wanted}, got {type(value).__name__}")
        if not generated:
            generated.append(conv.gen_structure_attrs_fromdict(cls))
        return generated[0](value, cls)

    return structure


_converter = make_converter()


def to_dict(obj: Any) -> Any:
    """Unstructure a record (or a tuple of records) into plain JSON-ready data."""
    if isinstance(obj, tuple):
        return [_converter.unstructure(o) for o in obj]
    if not isinstance(obj, RECORDS):
        raise TypeError(f"to_dict() takes a gnlc record, not {type(obj).__name__}")
    return _converter.unstructure(obj)


def from_dict(cls: Type[T], data: Any) -> T:
    """Structure *data* into an instance of the record class *cls*.

    Errors are cattrs' (a ``cattrs.BaseValidationError`` group); use
    ``gnlc.validate`` for a report with the path of every bad field. A *cls*
    that is not a gnlc record class is a TypeError.
    """
    if cls not in RECORDS:
        raise TypeError(f"from_dict() builds gnlc records, not {cls!r}")
    return _converter.structure(data, cls)
