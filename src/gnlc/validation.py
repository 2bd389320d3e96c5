"""Validation: check city data and report every problem, with its path and a fix.

:func:`validate` checks the bundled snapshot (with no argument),
:class:`~gnlc.City` objects, plain dicts (as :func:`gnlc.to_dict` makes them,
or flat rows as :mod:`gnlc.export` writes them, with codes in place of
records), or a JSON, JSON Lines or CSV file. It returns a
:class:`ValidationReport`, an immutable sequence of :class:`Problem` records
that is empty when the data is valid:

>>> import gnlc
>>> gnlc.validate().ok
True
>>> row = {"id": "kr-suwon", "name": "Suwon ", "country": "KOR", "region": "ENA",
...        "cohort": "2015-2018", "sources": ["https://example.org/suwon"]}
>>> report = gnlc.validate([row])
>>> print(report)  # doctest: +NORMALIZE_WHITESPACE
3 problems:
  cities[0].name: untrimmed-name: the name has spaces at an end; use "Suwon"
  cities[0].country: unknown-country: "KOR" is alpha-3; alpha-2 is "KR"
  cities[0].region: region-mismatch: "ENA" is not the UNESCO region of KR
    (Republic of Korea); use "APA" (Asia and the Pacific)
>>> report[1].code, report[1].path, report[1].value
('unknown-country', 'cities[0].country', 'KOR')

``strict=True`` raises one :class:`ValidationError` that lists every problem.
Paths index the records in input order: ``cities[0]`` is the first record (in
a CSV file, the first row after the header). Validation never changes its
input and never uses the network. This module imports cattrs; pycountry is
imported on the first call of :func:`validate`.
"""

import csv
import datetime
import difflib
import functools
import io
import json
import os
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, Dict, FrozenSet, List, Optional, Tuple, Union, overload
from urllib.parse import urlsplit

import attrs
import cattrs
from cattrs.errors import IterableValidationNote

from . import _store, query
from .errors import AmbiguousError, GNLCError, NotFoundError
from .model import City, Cohort, Country, Region
from .normalize import normalize, slug

__all__ = ["CODES", "FORMATS", "Problem", "ValidationError", "ValidationReport", "cli", "validate"]

CODES: Mapping[str, str] = types.MappingProxyType(
    {
        # the shape of a record (from cattrs)
        "wrong-type": "a value has the wrong type",
        "missing-field": "a required field is missing",
        "unknown-field": "a record has a field the model does not know",
        # one record
        "bad-id": "an id is malformed or does not start with the country's alpha-2",
        "empty-name": "a name is empty",
        "untrimmed-name": "a name has spaces at an end",
        "not-nfc": "a name is not NFC-normalised",
        "unknown-country": "a country is not the alpha-2 code of a UNESCO Member State",
        "country-mismatch": "an alpha-3, numeric code or country name disagrees with alpha-2",
        "unknown-region": "a region is not a UNESCO region code",
        "region-mismatch": "a region is not the country's UNESCO region",
        "bad-subdivision": "an ISO 3166-2 code does not exist or is in another country",
        "unknown-cohort": "a cohort is not the id of a known cohort",
        "cohort-mismatch": "the cohort is not the cohort of the first admission",
        "year-mismatch": "a join year is outside its cohort or disagrees with the admissions",
        "admission-order": "admissions are not oldest first, or repeat a cohort",
        "missing-source": "a city has no source URL",
        "bad-source": "a source is not an http(s) URL",
        # across records
        "duplicate-id": "two records have the same id",
        "duplicate-name": "two records in one country have the same normalised name",
        # files
        "unreadable": "the file cannot be read",
        "empty-file": "the file is empty",
        "bad-encoding": "the file is not UTF-8",
        "bad-json": "the file is not valid JSON",
        "bad-csv": "the file, or one of its rows, is not valid CSV",
        "missing-column": "a CSV file lacks a required column",
        "unknown-column": "a CSV file has a column gnlc does not know",
    }
)
"""Every problem code, with what it means. Codes are stable."""

FORMATS = ("text", "json")
"""The output formats of :func:`cli`."""

ROOT = "cities"
"""The path of the collection of records; ``cities[0]`` is its first record."""

_ID = re.compile(r"^[a-z]{2}(-[a-z0-9]+)+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SPACE = re.compile(r"\s")
_MISSING: Any = object()

# Keys a city dict may carry besides the City fields: an ISO 3166-2 code, and
# the lookup keys of a snapshot file (which the snapshot build writes).
_CITY_EXTRAS = ("subdivision", "keys", "weak_keys")
_REQUIRED_COLUMNS = ("id", "name", "country", "region", "sources")


# --------------------------------------------------------------------------- records


_DEPTH = 50  # containers nested deeper than this are cut off as "…"


def _freeze(value: Any, depth: int = 0) -> Any:
    """An immutable copy of a container value (lists become tuples)."""
    if isinstance(value, (list, tuple, set, frozenset, Mapping)) and depth >= _DEPTH:
        return "…"
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v, depth + 1) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    if isinstance(value, Mapping):
        return types.MappingProxyType({k: _freeze(v, depth + 1) for k, v in value.items()})
    return value


def _plain(value: Any) -> Any:
    """*value* as JSON-ready data (``repr`` for what JSON cannot hold)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (tuple, list, frozenset, set)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value)


@attrs.frozen
class Problem:
    """One problem in the data.

    ``code`` is stable (see :data:`CODES`); ``path`` locates the field
    (``cities[12].country``, or ``cities`` for the whole input); ``value`` is
    the offending value (``None`` when it is missing; lists become tuples and
    mappings read-only); ``message`` says what is wrong and how to fix it.

    >>> p = Problem("unknown-cohort", "cities[0].cohort", "2023", "no cohort in 2023")
    >>> print(p)
    cities[0].cohort: unknown-cohort: no cohort in 2023
    """

    code: str
    path: str
    value: Any = attrs.field(converter=_freeze)
    message: str

    def as_dict(self) -> Dict[str, Any]:
        """The problem as a JSON-ready dict (``path``, ``code``, ``value``, ``message``)."""
        return {
            "path": self.path,
            "code": self.code,
            "value": _plain(self.value),
            "message": self.message,
        }

    def __str__(self) -> str:
        return f"{self.path}: {self.code}: {self.message}"


@attrs.frozen(repr=False)
class ValidationReport(Sequence[Problem]):
    """The problems :func:`validate` found, in input order: an immutable sequence.

    Like a tuple, a report is true when it holds problems, so ``if report:``
    means "something is wrong"; :attr:`ok` says the opposite in words.

    >>> r = ValidationReport((Problem("empty-name", "cities[0].name", "", "the name is empty"),))
    >>> bool(r), r.ok, len(r), r.codes
    (True, False, 1, ('empty-name',))
    >>> r
    ValidationReport(1: empty-name)
    >>> ValidationReport().ok
    True
    """

    problems: Tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the data has no problems."""
        return not self.problems

    @property
    def codes(self) -> Tuple[str, ...]:
        """The code of each problem, in order."""
        return tuple(p.code for p in self.problems)

    @overload
    def __getitem__(self, index: int) -> Problem: ...

    @overload
    def __getitem__(self, index: slice) -> "ValidationReport": ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Problem, "ValidationReport"]:
        if isinstance(index, slice):
            return ValidationReport(self.problems[index])
        return self.problems[index]

    def __len__(self) -> int:
        return len(self.problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __repr__(self) -> str:
        if not self.problems:
            return "ValidationReport(ok)"
        codes = ", ".join(self.codes[:5]) + (", …" if len(self.problems) > 5 else "")
        return f"ValidationReport({len(self.problems)}: {codes})"

    def __str__(self) -> str:
        n = len(self.problems)
        if not n:
            return "no problems"
        lines = [f"{n} problem{'' if n == 1 else 's'}:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class ValidationError(GNLCError, ValueError):
    """The data has problems; ``report`` holds every one of them.

    >>> import gnlc
    >>> try:  # doctest: +NORMALIZE_WHITESPACE
    ...     gnlc.validate([{"id": "x", "name": "X"}], strict=True)
    ... except gnlc.ValidationError as exc:
    ...     print(exc)
    4 problems:
      cities[0].id: bad-id: "x" is not a well-formed id (^[a-z]{2}(-[a-z0-9]+)+$)
      cities[0].country: missing-field: the required field "country" is missing; add it
      cities[0].region: missing-field: the required field "region" is missing; add it
      cities[0].sources: missing-source: the city has no source; add the http(s) URL of a page
        that records its admission
    """

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(report)

    @property
    def problems(self) -> Tuple[Problem, ...]:
        """The problems of :attr:`report`."""
        return self.report.problems

    def __str__(self) -> str:
        return str(self.report)


# --------------------------------------------------------------------------- helpers


def _show(value: Any, limit: int = 60, ascii: bool = False) -> str:
    """A short, one-line rendering of *value* for a message (JSON style)."""
    try:
        text = json.dumps(value, ensure_ascii=ascii)
    except (TypeError, ValueError, RecursionError):
        try:
            text = repr(value)
        except RecursionError:
            text = f"a deeply nested {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {_show(value)}"
    if isinstance(value, int):
        return f"the integer {_show(value)}"
    if isinstance(value, float):
        return f"the number {_show(value)}"
    if isinstance(value, str):
        return f"the string {_show(value)}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def _describe(typ: Any) -> str:
    """What a value of type *typ* looks like, in words."""
    args = typing.get_args(typ)
    if typing.get_origin(typ) is Union:
        rest = [a for a in args if a is not type(None)]
        return " or ".join(_describe(a) for a in rest) + " or null"
    if typing.get_origin(typ) is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            plural = {str: "strings", int: "integers"}.get(args[0])
            if plural is None and attrs.has(args[0]):
                plural = f"{args[0].__name__} records"
            return f"a list of {plural}" if plural else "a list"
        return f"a list of {len(args)} values ({', '.join(_describe(a) for a in args)})"
    named = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        datetime.date: "an ISO date (YYYY-MM-DD)",
        Country: "a country (an alpha-2 code or a Country record)",
        Region: "a region (a code or a Region record)",
        Cohort: "a cohort (an id or a Cohort record)",
    }
    if typ in named:
        return named[typ]
    return _a(f"{typ.__name__} record") if attrs.has(typ) else "a valid value"


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'AEIOUaeiou' else 'a'} {noun}"


def _required(typ: Any) -> Any:
    """*typ* without ``Optional``."""
    if typing.get_origin(typ) is Union:
        rest = [a for a in typing.get_args(typ) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return typ


def _join(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if isinstance(key, str) and _NAME.match(key):
        return f"{path}.{key}"
    return f"{path}[{_show(key, ascii=True)}]"


def _is_url(text: str) -> bool:
    if not text or _SPACE.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _opt_int(value: Any) -> bool:
    return value is None or type(value) is int


def _close(word: str, choices: Iterable[str]) -> str:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f'; did you mean "{found[0]}"?' if found else ""


# --------------------------------------------------------------------------- shape (cattrs)


@attrs.frozen
class _Row:
    """A flat row as gnlc.export writes it (CSV cells already converted).

    Other columns of :data:`gnlc.export.COLUMNS` are accepted unchecked.
    """

    id: str
    name: str
    country: str
    region: str
    cohort: Optional[str] = None
    alpha_3: Optional[str] = None
    country_name: Optional[str] = None
    region_name: Optional[str] = None
    cohorts: Tuple[str, ...] = ()
    joined: Optional[int] = None
    status: Optional[str] = None
    status_as_of: Optional[str] = None
    awards: Tuple[int, ...] = ()
    lat: Optional[float] = None
    lon: Optional[float] = None
    subdivision: Optional[str] = None
    geonames_id: Optional[int] = None
    sources: Tuple[str, ...] = ()


_ROW_FIELDS = frozenset(attrs.fields_dict(_Row))
# Keys only a flat row has: they tell a row from a city dict.
_ROW_ONLY = _ROW_FIELDS - frozenset(attrs.fields_dict(City)) - {"subdivision"}


@functools.cache
def _row_columns() -> FrozenSet[str]:
    """Every column a flat row may have: ours, and any gnlc.export writes."""
    from .export import COLUMNS

    return _ROW_FIELDS | frozenset(COLUMNS)


class _MismatchError(TypeError):
    """A value of the wrong type; ``expected`` says what was wanted."""

    def __init__(self, expected: str, value: Any) -> None:
        self.expected = expected
        super().__init__(f"expected {expected}, not {_kind(value)}")


def _exact(typ: Union[type, Tuple[type, ...]], expected: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, typ) or (typ is not bool and isinstance(value, bool)):
            raise _MismatchError(expected, value)
        return value

    return structure


def _date(value: Any, _: Any) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _DATE.match(value):
        return datetime.date.fromisoformat(value)  # ValueError for 2024-13-01
    raise _MismatchError("an ISO date (YYYY-MM-DD)", value)


def _is_tuple(typ: Any) -> bool:
    return typing.get_origin(typ) is tuple


def _tuple_hook(typ: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Tuple[Any, ...]]:
    """A strict hook for ``Tuple[X, ...]`` and ``Tuple[X, Y]``: cattrs would
    turn a string into a tuple of characters, where a list is wanted."""
    args = typing.get_args(typ)
    variadic = len(args) == 2 and args[1] is Ellipsis
    expected = _describe(typ)

    def structure(value: Any, _: Any) -> Tuple[Any, ...]:
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            raise _MismatchError(expected, value)
        items = list(value)
        if variadic:
            kinds: Sequence[Any] = [args[0]] * len(items)
        elif len(items) == len(args):
            kinds = args
        else:
            raise _MismatchError(expected, value)
        out: List[Any] = []
        errors: List[Exception] = []
        for i, (item, inner) in enumerate(zip(items, kinds)):
            try:
                out.append(conv.structure(item, inner))
            except Exception as exc:  # collected, as cattrs does, to report all
                note = IterableValidationNote(f"Structuring {typ} @ index {i}", i, inner)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise cattrs.IterableValidationError(f"While structuring {typ!r}", errors, typ)
        return tuple(out)

    return structure


def _record_hook(
    cls: type, base: Callable[[Any, Any], Any], keys: Tuple[type, ...], expected: str
) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if keys and isinstance(value, keys) and not isinstance(value, bool):
            return value  # a code or an id: the rules check what it names
        if not isinstance(value, Mapping):
            raise _MismatchError(expected, value)
        return base(value, cls)

    return structure


@functools.cache
def _converter(keys: bool) -> cattrs.Converter:
    """A strict converter: no str(5), int("7") or tuple("abc") coercions.

    With *keys*, a code or id may stand for a Region, Country or Cohort (as in
    a file); without, a record is wanted (as in a City object).
    """
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _exact(str, "a string"))
    conv.register_structure_hook(int, _exact(int, "an integer"))
    conv.register_structure_hook(float, _exact((int, float), "a number"))
    conv.register_structure_hook(bool, _exact(bool, "true or false"))
    conv.register_structure_hook(datetime.date, _date)
    conv.register_structure_hook_factory(_is_tuple, lambda typ: _tuple_hook(typ, conv))
    hooks: Tuple[Tuple[type, Tuple[type, ...], str], ...] = (
        (Region, (str,), "a region code"),
        (Country, (str, int), "an alpha-2 code"),
        (Cohort, (str, int), "a cohort id"),
    )
    for cls, key_types, what in hooks:
        base: Callable[[Any, Any], Any] = conv.gen_structure_attrs_fromdict(cls)
        record = _a(f"{cls.__name__} record")
        expected = f"{what} or {record}" if keys else record
        conv.register_structure_hook(
            cls, _record_hook(cls, base, key_types if keys else (), expected)
        )
    return conv


def _get(raw: Any, key: Any) -> Any:
    try:
        return raw[key]
    except (KeyError, IndexError, TypeError):
        return _MISSING


def _shape_problems(exc: BaseException, raw: Any, path: str, typ: Any, out: List[Problem]) -> None:
    """Turn a cattrs error tree into problems, each with its path and value."""
    if isinstance(exc, (cattrs.ClassValidationError, cattrs.IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key = note.name if isinstance(note, cattrs.AttributeValidationNote) else note.index
            _shape_problems(sub, _get(raw, key), _join(path, key), note.type, out)
        for sub in without:
            _shape_problems(sub, raw, path, None, out)
    elif isinstance(exc, cattrs.ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)]
        what = "a flat city row" if exc.cl is _Row else exc.cl.__name__
        for key in sorted(exc.extra_fields, key=str):
            msg = f"{_show(key)} is not a field of {what}; remove it{_close(str(key), known)}"
            out.append(Problem("unknown-field", _join(path, key), raw[key], msg))
    elif isinstance(exc, KeyError) and raw is _MISSING:
        name = path.rsplit(".", 1)[-1]
        out.append(
            Problem("missing-field", path, None, f'the required field "{name}" is missing; add it')
        )
    else:
        expected = _describe(typ)
        if isinstance(exc, _MismatchError) and (typ is None or attrs.has(_required(typ))):
            # a record hook knows whether a code may stand for the record
            optional = typ is not None and _required(typ) is not typ
            expected = exc.expected + (" or null" if optional else "")
        value = None if raw is _MISSING else raw
        msg = f"expected {expected}, not {_kind(value)}"
        if isinstance(exc, ValueError) and isinstance(value, str) and _DATE.match(value):
            msg = f"{_show(value)} is not a real date; use an existing YYYY-MM-DD date"
        out.append(Problem("wrong-type", path, value, msg))


# --------------------------------------------------------------------------- rules


class _Checker:
    """The rules, with the reference data they need and what earlier records held."""

    def __init__(self) -> None:
        import pycountry  # here, not at import: it is slow to load

        self.iso: Any = pycountry.countries
        self.iso_subdivisions: Any = pycountry.subdivisions
        self.countries = {c.alpha_2: c for c in query.countries()}
        self.regions = {r.code: r for r in query.regions()}
        self.cohorts = {c.id: c for c in query.cohorts()}
        self.ids: Dict[str, str] = {}
        self.names: Dict[Tuple[str, str], Tuple[str, str]] = {}
        self.out: List[Problem] = []
        self.memo: Dict[Any, Any] = {}

    def add(self, code: str, path: str, value: Any, message: str) -> None:
        self.out.append(Problem(code, path, value, message))

    def iso_get(self, **key: str) -> Any:
        memo = (*key.items(),)
        if memo not in self.memo:
            try:
                self.memo[memo] = self.iso.get(**key)
            except (LookupError, ValueError):
                self.memo[memo] = None
        return self.memo[memo]

    # ---- one record

    def record(self, raw: Mapping[Any, Any], path: str) -> None:
        a2 = self.country(raw, path)
        self.ident(raw.get("id"), f"{path}.id", a2, raw.get("name"))
        name = raw.get("name")
        self.name(name, f"{path}.name")
        aliases = raw.get("aliases")
        if isinstance(aliases, (list, tuple)):
            for i, alias in enumerate(aliases):
                self.name(alias, f"{path}.aliases[{i}]")
        self.region(raw, path, a2)
        self.subdivision(raw.get("subdivision"), f"{path}.subdivision", a2)
        location = raw.get("location")
        if isinstance(location, Mapping):
            self.subdivision(location.get("subdivision"), f"{path}.location.subdivision", a2)
        self.cohort_and_years(raw, path)
        self.sources(raw.get("sources", _MISSING), f"{path}.sources")
        key = normalize(name) if a2 and isinstance(name, str) else ""
        if a2 and key and isinstance(name, str):
            first = self.names.setdefault((a2, key), (f"{path}.name", name))
            if first[0] != f"{path}.name":
                self.add(
                    "duplicate-name",
                    f"{path}.name",
                    name,
                    f"{_show(name)} in {a2} is the same name as {first[0]} ({_show(first[1])}); "
                    "merge the two records (a city admitted twice has two admissions)",
                )

    def ident(self, value: Any, path: str, a2: Optional[str], name: Any) -> None:
        if not isinstance(value, str):
            return
        if not _ID.match(value):
            fix = slug(value)
            if not _ID.match(fix) and a2 and isinstance(name, str) and slug(name):
                fix = f"{a2.lower()}-{slug(name)}"
            hint = f'; use "{fix}"' if _ID.match(fix) else ""
            self.add(
                "bad-id",
                path,
                value,
                f"{_show(value)} is not a well-formed id ({_ID.pattern}){hint}",
            )
        elif a2 and value[:2] != a2.lower():
            fix = a2.lower() + value[2:]
            self.add(
                "bad-id",
                path,
                value,
                f'{_show(value)} starts with "{value[:2]}" but the country is {a2}; use "{fix}"',
            )
        first = self.ids.setdefault(value, path)
        if first != path:
            owner = first[: -len(".id")]
            self.add(
                "duplicate-id",
                path,
                value,
                f"{_show(value)} is also the id of {owner}; give each city its own id",
            )

    def name(self, value: Any, path: str) -> None:
        if not isinstance(value, str):
            return
        if not value.strip():
            self.add(
                "empty-name", path, value, "the name is empty; give the name as UNESCO publishes it"
            )
            return
        if value != value.strip():
            self.add(
                "untrimmed-name",
                path,
                value,
                f"the name has spaces at an end; use {_show(value.strip())}",
            )
        nfc = unicodedata.normalize("NFC", value)
        if nfc != value:
            self.add(
                "not-nfc",
                path,
                value,
                f"{_show(value, ascii=True)} is not NFC-normalised; use {_show(nfc)} "
                f"(unicodedata.normalize('NFC', name))",
            )

    # ---- country

    def country(self, raw: Mapping[Any, Any], path: str) -> Optional[str]:
        """Check the country fields; return the alpha-2 the record means, if clear."""
        value = raw.get("country")
        where = f"{path}.country"
        if isinstance(value, Mapping):
            value, where = value.get("alpha_2"), f"{where}.alpha_2"
            if isinstance(value, int):
                return None  # the shape check reports it: alpha_2 must be a string
        a2, message = self.resolve_country(value)
        if message:
            self.add("unknown-country", where, value, message)
        if a2 is None:
            return None
        iso = self.iso_get(alpha_2=a2)
        nested = raw.get("country")
        codes: List[Tuple[str, Any, str]] = []
        if isinstance(nested, Mapping):
            codes += [("alpha_3", nested.get("alpha_3"), f"{path}.country.alpha_3")]
            codes += [("numeric", nested.get("numeric"), f"{path}.country.numeric")]
        codes.append(("alpha_3", raw.get("alpha_3"), f"{path}.alpha_3"))
        for field, given, at in codes:
            if isinstance(given, str) and iso is not None and given != getattr(iso, field):
                other = self.iso_get(**{field: given})
                of = (
                    f"the {field.replace('_', '-')} of {other.alpha_2}, not of {a2}"
                    if other
                    else f"not the {field.replace('_', '-')} of {a2}"
                )
                self.add(
                    "country-mismatch",
                    at,
                    given,
                    f"{_show(given)} is {of}; use {_show(getattr(iso, field))}",
                )
        name = raw.get("country_name")
        if isinstance(name, str) and name:
            try:
                named: Tuple[Country, ...] = (query.country(name),)
            except AmbiguousError as exc:
                named = tuple(exc.candidates)
            except NotFoundError:
                named = ()
            if a2 not in [c.alpha_2 for c in named]:
                self.add(
                    "country-mismatch",
                    f"{path}.country_name",
                    name,
                    f"{_show(name)} is not a name of {a2}; use {_show(self.countries[a2].name)}",
                )
        return a2

    def resolve_country(self, value: Any) -> Tuple[Optional[str], Optional[str]]:
        """(the alpha-2 *value* stands for, what is wrong with it or None)."""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return None, None  # absent, or the wrong type: the shape check reports it
        if value in self.countries:
            return str(value), None
        shown = _show(value)
        text = str(value).strip()
        if isinstance(value, int) or text.isdigit():
            iso = self.iso_get(numeric=text.zfill(3)) if len(text) <= 3 else None
            kind = "numeric"
        elif len(text) == 3:
            iso, kind = self.iso_get(alpha_3=text.upper()), "alpha-3"
        elif len(text) == 2:
            iso, kind = self.iso_get(alpha_2=text.upper()), "written"
        else:
            iso, kind = None, ""
        if iso is not None:
            if iso.alpha_2 not in self.countries:
                return None, (
                    f"{shown} ({iso.name}) is in ISO 3166-1 but not a UNESCO Member State or "
                    "Associate Member; use the code of the member state the city is in"
                )
            if kind == "written":
                return (
                    iso.alpha_2,
                    f'{shown} is not an alpha-2 code as written; use "{iso.alpha_2}"',
                )
            return iso.alpha_2, f'{shown} is {kind}; alpha-2 is "{iso.alpha_2}"'
        if not text:
            return None, "the country is empty; give its ISO 3166-1 alpha-2 code"
        try:
            found = query.country(text)
        except AmbiguousError as exc:
            codes = " or ".join(f'"{c.alpha_2}"' for c in exc.candidates)
            return None, f"{shown} could be {codes}; use the alpha-2 code"
        except NotFoundError as exc:
            hint = ""
            try:
                best = query.country(exc.suggestions[0]) if exc.suggestions else None
            except GNLCError:
                best = None
            if best is not None:
                hint = f'; did you mean "{best.alpha_2}" ({best.name})?'
            return None, f"{shown} is not an ISO 3166-1 alpha-2 code{hint}"
        return found.alpha_2, f'{shown} is a name; alpha-2 is "{found.alpha_2}"'

    # ---- region and subdivision

    def region(self, raw: Mapping[Any, Any], path: str, a2: Optional[str]) -> None:
        value, where = raw.get("region"), f"{path}.region"
        if isinstance(value, Mapping):
            value, where = value.get("code"), f"{where}.code"
        if not isinstance(value, str):
            return
        code: Optional[str] = value if value in self.regions else None
        if code is None:
            try:
                code = query.region(value).code
                self.add(
                    "unknown-region",
                    where,
                    value,
                    f'{_show(value)} is a region name; use its code "{code}"',
                )
            except NotFoundError:
                known = ", ".join(self.regions)
                self.add(
                    "unknown-region",
                    where,
                    value,
                    f"{_show(value)} is not a UNESCO region code; use one of {known}",
                )
        country = self.countries.get(a2 or "")
        if code and country:
            allowed = [r.code for r in (country.region, country.also_region) if r is not None]
            if code not in allowed:
                r = country.region
                self.add(
                    "region-mismatch",
                    where,
                    value,
                    f"{_show(code)} is not the UNESCO region of {a2} ({country.name}); "
                    f'use "{r.code}" ({r.name})',
                )
        region_name = raw.get("region_name")
        if code and isinstance(region_name, str) and region_name != self.regions[code].name:
            self.add(
                "region-mismatch",
                f"{path}.region_name",
                region_name,
                f"{_show(region_name)} is not the name of region {code}; "
                f"use {_show(self.regions[code].name)}",
            )

    def subdivision(self, value: Any, path: str, a2: Optional[str]) -> None:
        if value is None or value == "":
            return
        if not isinstance(value, str):
            self.add(
                "wrong-type",
                path,
                value,
                f"expected an ISO 3166-2 code (a string), not {_kind(value)}",
            )
            return
        try:
            found = self.iso_subdivisions.get(code=value.strip())
        except (LookupError, ValueError):
            found = None
        if found is None:
            hint = ""
            if a2:
                codes = [s.code for s in self.iso_subdivisions.get(country_code=a2) or ()]
                hint = _close(value.upper(), codes) or (
                    f'; codes of {a2} look like "{min(codes)}"' if codes else ""
                )
            self.add(
                "bad-subdivision", path, value, f"{_show(value)} is not an ISO 3166-2 code{hint}"
            )
        elif found.code != value:
            self.add(
                "bad-subdivision",
                path,
                value,
                f'{_show(value)} is not written as in ISO 3166-2; use "{found.code}"',
            )
        elif a2 and found.country_code != a2:
            self.add(
                "bad-subdivision",
                path,
                value,
                f"{_show(value)} ({found.name}) is in {found.country_code}, not in {a2}; "
                f"use a subdivision of {a2} or fix the country",
            )

    # ---- cohorts and years

    def resolve_cohort(self, value: Any) -> Tuple[Optional[Cohort], Optional[str]]:
        """(the cohort *value* names, what is wrong with it or None)."""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return None, None
        text = str(value).strip()
        if text in self.cohorts and (isinstance(value, str) or self.cohorts[text].year == value):
            if text == value or isinstance(value, int):
                return self.cohorts[text], None
            return self.cohorts[text], f'{_show(value)} has spaces at an end; use "{text}"'
        ids = ", ".join(self.cohorts)
        if text.isdigit():
            year = int(text)
            for c in self.cohorts.values():
                if c.start <= year <= c.end:
                    return c, f'{_show(value)} is a year; its cohort id is "{c.id}"'
            return None, f"no cohort admitted cities in {year}; the cohorts are {ids}"
        return None, f"{_show(value)} is not a cohort id; use one of {ids}"

    def cohort_and_years(self, raw: Mapping[Any, Any], path: str) -> None:
        value, where = raw.get("cohort"), f"{path}.cohort"
        if isinstance(value, Mapping):
            value, where = value.get("id"), f"{where}.id"
            if isinstance(value, int):
                return  # Cohort.id must be a string: the shape check reports it
        cohort, message = self.resolve_cohort(value)
        if message:
            self.add("unknown-cohort", where, value, message)

        # Admissions: full records in a city dict, cohort ids in a flat row.
        entries: List[Tuple[str, str, Any, Any]] = []  # (label, path of cohort, cohort, year)
        admissions = raw.get("admissions")
        if isinstance(admissions, (list, tuple)):
            for i, a in enumerate(admissions):
                at = f"{path}.admissions[{i}]"
                if isinstance(a, Mapping):
                    entries.append((at, f"{at}.cohort", a.get("cohort"), a.get("year", _MISSING)))
                    if isinstance(a.get("sources"), (list, tuple)):
                        self.urls(a["sources"], f"{at}.sources")
        cohorts = raw.get("cohorts")
        if isinstance(cohorts, (list, tuple)):
            for i, c in enumerate(cohorts):
                entries.append((f"{path}.cohorts[{i}]", f"{path}.cohorts[{i}]", c, _MISSING))

        seen: List[Cohort] = []
        first: Optional[Tuple[str, Cohort, Any]] = None  # the earliest: (label, cohort, year)
        for at, cpath, cid, year in entries:
            if not isinstance(cid, str):
                continue  # the shape check reports it
            found, message = self.resolve_cohort(cid)
            if message:
                self.add("unknown-cohort", cpath, cid, message)
            if found is None:
                continue
            if found in seen:
                fix = "a city has one admission per cohort"
                self.add(
                    "admission-order", cpath, cid, f'cohort "{found.id}" is listed twice; {fix}'
                )
            elif seen and found.start < seen[-1].start:
                fix = "list admissions oldest first"
                msg = f'cohort "{found.id}" comes after "{seen[-1].id}"; {fix}'
                self.add("admission-order", cpath, cid, msg)
            seen.append(found)
            if year is not _MISSING and not self.year(year, f"{at}.year", found):
                year = _MISSING  # reported: do not compare joined with it
            if first is None or found.start < first[1].start:
                first = (at[len(path) + 1 :], found, year)

        if first is not None and (first[1] != cohort) and (cohort is not None or value is None):
            fix = first[1].id
            msg = f'the earliest admission ({first[0]}) is in cohort "{fix}"; use "{fix}"'
            self.add("cohort-mismatch", where, value, msg)
            return
        joined = raw.get("joined")
        if cohort is None:
            if value is None and type(joined) is int:
                self.loose_year(joined, f"{path}.joined")
            return
        if not self.year(joined, f"{path}.joined", cohort) or first is None:
            return
        year = first[2]
        if year is _MISSING or joined == year or not _opt_int(year) or not _opt_int(joined):
            return
        self.add(
            "year-mismatch",
            f"{path}.joined",
            joined,
            f"joined is {_show(joined)} but the earliest admission ({first[0]}) says "
            f"{_show(year)}; use {_show(year)}",
        )

    def loose_year(self, value: int, path: str) -> None:
        """Check that some cohort covers a join year given without a cohort."""
        if not any(c.start <= value <= c.end for c in self.cohorts.values()):
            ids = ", ".join(self.cohorts)
            msg = f"no cohort admitted cities in {value} (cohorts: {ids}); fix it or use null"
            self.add("year-mismatch", path, value, msg)

    def year(self, value: Any, path: str, cohort: Cohort) -> bool:
        """Check that a join year falls in *cohort*; return whether it does."""
        if type(value) is not int or cohort.start <= value <= cohort.end:
            return True
        if cohort.start == cohort.end:
            fix = f"use {cohort.start}"
        else:
            fix = f"use a year from {cohort.start} to {cohort.end}"
        self.add(
            "year-mismatch",
            path,
            value,
            f'{value} is not in cohort "{cohort.id}"; {fix}, or null if unknown',
        )
        return False

    # ---- sources

    def sources(self, value: Any, path: str) -> None:
        if value is _MISSING or value is None or (isinstance(value, (list, tuple)) and not value):
            self.add(
                "missing-source",
                path,
                None if value is _MISSING else value,
                "the city has no source; add the http(s) URL of a page that records its admission",
            )
        elif isinstance(value, (list, tuple)):
            self.urls(value, path)

    def urls(self, values: Sequence[Any], path: str) -> None:
        for i, url in enumerate(values):
            if isinstance(url, str) and not _is_url(url):
                self.add(
                    "bad-source",
                    f"{path}[{i}]",
                    url,
                    f"{_show(url)} is not an http(s) URL; give the full address of the source page",
                )


# --------------------------------------------------------------------------- inputs

_Record = Tuple[Any, str]  # (a record, its kind: "object", "city" or "row")


@attrs.define
class _Input:
    records: List[_Record] = attrs.Factory(list)
    problems: List[Problem] = attrs.Factory(list)
    missing_columns: FrozenSet[str] = frozenset()


def _kind_of(record: Any) -> str:
    if isinstance(record, City):
        return "object"
    if isinstance(record, Mapping) and not _ROW_ONLY.isdisjoint(record.keys()):
        return "row"
    return "city"


def _expand_city(snapshot: Mapping[Any, Any], city: Any) -> Any:
    """A city of a snapshot file with its references put back.

    The file (schema 2) writes a city, and its location, as an array of
    fields, and names each source, status and admission by its index in a
    shared table. Resolved, the city is checked like any other city dict;
    a reference that does not resolve is left as it is, so the shape check
    reports it at its path.
    """
    fields = snapshot.get("city_fields")
    if isinstance(city, list) and isinstance(fields, list) and len(fields) == len(city):
        city = dict(zip(fields, city))
    if not isinstance(city, Mapping):
        return city

    def get(table: str, ref: Any) -> Any:
        rows = snapshot.get(table)
        if type(ref) is int and isinstance(rows, list) and 0 <= ref < len(rows):
            return rows[ref]
        return ref

    def with_urls(row: Any) -> Any:
        refs = row.get("sources") if isinstance(row, Mapping) else None
        if not isinstance(refs, list):
            return row
        return {**row, "sources": [get("sources", r) for r in refs]}

    out = dict(with_urls(city))
    if "status" in out:
        out["status"] = with_urls(get("statuses", out["status"]))
    if isinstance(out.get("admissions"), list):
        out["admissions"] = [with_urls(get("admissions", a)) for a in out["admissions"]]
    fields = snapshot.get("location_fields")
    location = out.get("location")
    if isinstance(location, list) and isinstance(fields, list) and len(fields) == len(location):
        out["location"] = dict(zip(fields, location))
    return out


def _from_data(data: Any) -> _Input:
    got = _Input()
    if isinstance(data, Mapping) and ROOT in data:
        snapshot = data if data.get("schema") == _store.SCHEMA else None
        data = data[ROOT]
        if snapshot is not None and isinstance(data, list):
            data = [_expand_city(snapshot, c) for c in data]
        if isinstance(data, (str, bytes, Mapping)) or not isinstance(data, Iterable):
            got.problems.append(
                Problem(
                    "wrong-type",
                    ROOT,
                    data,
                    f'"{ROOT}" must be a list of city records, not {_kind(data)}',
                )
            )
            return got
    elif isinstance(data, (City, Mapping)):
        data = [data]
    got.records = [(r, _kind_of(r)) for r in data]
    return got


def _file_problem(got: _Input, code: str, value: Any, message: str) -> _Input:
    got.problems.append(Problem(code, ROOT, value, message))
    return got


def _from_file(path: "Union[str, os.PathLike[str]]") -> _Input:
    got = _Input()
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return _file_problem(got, "unreadable", name, f"cannot read {name}: {exc.strerror or exc}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _file_problem(
            got,
            "bad-encoding",
            name,
            f"{name} is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
        )
    if not text.strip():
        return _file_problem(
            got, "empty-file", name, f"{name} is empty; it should hold city records"
        )
    suffix = os.path.splitext(name)[1].lower()
    if suffix in (".jsonl", ".ndjson"):
        return _from_json_lines(text, got)
    if suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("[", "{")):
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            err = exc if isinstance(exc, json.JSONDecodeError) else None
            where = f"line {err.lineno}, column {err.colno}: {err.msg}" if err else str(exc)
            near = text[err.pos : err.pos + 20] if err else None
            return _file_problem(
                got, "bad-json", near, f"{name} is not valid JSON ({where}); fix the syntax"
            )
        except RecursionError:
            return _file_problem(
                got, "bad-json", None, f"{name} nests too deeply to be city records"
            )
        if not isinstance(parsed, (list, dict)):
            return _file_problem(
                got,
                "wrong-type",
                parsed,
                f'expected a list of cities (or an object with a "{ROOT}" list), '
                f"not {_kind(parsed)}",
            )
        return _from_data(parsed)
    return _from_csv(text, name, got)


def _from_json_lines(text: str, got: _Input) -> _Input:
    for n, line in enumerate(text.split("\n"), start=1):  # not splitlines(): JSON allows U+2028
        if not line.strip():
            continue
        index = len(got.records)
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            got.problems.append(
                Problem(
                    "bad-json", f"{ROOT}[{index}]", line[:60], f"line {n} is not valid JSON: {exc}"
                )
            )
            record = _MISSING
        got.records.append((record, _kind_of(record) if record is not _MISSING else "skip"))
    return got


_INT = re.compile(r"^-?[0-9]+$")
_FLOAT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def _parser(typ: Any) -> Callable[[str], Any]:
    """How to read a CSV cell of type *typ*; text that does not fit is left as
    it is, so that the shape check reports it."""
    args = typing.get_args(typ)
    if typing.get_origin(typ) is tuple:
        part = _parser(args[0])
        return lambda text: [part(p) for p in text.split()]
    optional = type(None) in args
    kind = _required(typ)
    pattern = {int: _INT, float: _FLOAT}.get(kind)

    def parse(text: str) -> Any:
        if not text and optional:
            return None
        if pattern is not None and pattern.match(text):
            try:
                return kind(text)
            except ValueError:  # more digits than int() takes
                pass
        return text

    return parse


@functools.cache
def _parsers() -> Dict[str, Callable[[str], Any]]:
    return {k: _parser(t) for k, t in typing.get_type_hints(_Row).items()}


def _cells(row: Dict[str, str]) -> Dict[str, Any]:
    """A CSV row as a flat row dict (lists, numbers and None where due)."""
    parsers = _parsers()
    return {k: parsers[k](v) if k in parsers else v for k, v in row.items()}


def _from_csv(text: str, name: str, got: _Input) -> _Input:
    reader = csv.reader(io.StringIO(text, newline=""))
    known = _row_columns()
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in _REQUIRED_COLUMNS if c not in header]
        for column in missing:
            got.problems.append(
                Problem(
                    "missing-column",
                    ROOT,
                    column,
                    f'{name} has no "{column}" column; the header needs '
                    f"{','.join(_REQUIRED_COLUMNS)} (other columns as gnlc.export.COLUMNS)",
                )
            )
        for column in sorted(set(header) - known):
            got.problems.append(
                Problem(
                    "unknown-column",
                    ROOT,
                    column,
                    f'{name} has an unknown column "{column}"; remove it{_close(column, known)}',
                )
            )
        for column in sorted({c for c in header if header.count(c) > 1}):
            got.problems.append(
                Problem("bad-csv", ROOT, column, f'{name} has the column "{column}" twice')
            )
        got.missing_columns = frozenset(missing)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            index = len(got.records)
            if len(row) != len(header):
                got.problems.append(
                    Problem(
                        "bad-csv",
                        f"{ROOT}[{index}]",
                        row[:20],
                        f"line {reader.line_num} has {len(row)} cells but the header has "
                        f"{len(header)}; quote cells that hold commas",
                    )
                )
                got.records.append((None, "skip"))
                continue
            cells = {k: v for k, v in zip(header, row) if k in known}
            got.records.append((_cells(cells), "row"))
    except csv.Error as exc:
        got.problems.append(
            Problem("bad-csv", ROOT, None, f"{name}, line {reader.line_num}: {exc}")
        )
    return got


def _collect(data: Any) -> _Input:
    if data is None:  # every record, also those cities() leaves out by status
        return _from_data(_store.get().cities)
    if isinstance(data, (str, os.PathLike)):
        return _from_file(data)
    if isinstance(data, (City, Mapping)) or (
        isinstance(data, Iterable) and not isinstance(data, (bytes, bytearray))
    ):
        return _from_data(data)
    raise TypeError(
        "validate() takes None, a path, a City, a dict or an iterable of them, "
        f"not {type(data).__name__}"
    )


# --------------------------------------------------------------------------- validate


# The order in which a record's problems are listed: by field, as in City.
_ORDER = {
    name: i
    for i, name in enumerate(
        (
            "id", "name", "aliases", "country", "alpha_3", "country_name", "region",
            "region_name", "subdivision", "cohort", "cohorts", "joined", "admissions",
            "status", "awards", "location", "sources",
        )
    )
}  # fmt: skip


def _field(path: str, start: int) -> str:
    """The field of *path*, a path in the record at ``path[:start]``."""
    return re.split(r"[.\[]", path[start + 1 :], maxsplit=1)[0]


def _rank(path: str, start: int) -> int:
    """Where the problem at *path* sorts among those of its record."""
    return -1 if len(path) <= start else _ORDER.get(_field(path, start), len(_ORDER))


def _check(record: Any, kind: str, path: str, checker: _Checker, skip: FrozenSet[str]) -> None:
    if kind == "skip":
        return
    if kind == "object":
        # Not by the City types (as gnlc.to_dict does): a City built with a
        # value of the wrong type must reach the shape check as it is.
        record = attrs.asdict(record)
    if not isinstance(record, Mapping):
        checker.add(
            "wrong-type", path, record, f"expected a city record (an object), not {_kind(record)}"
        )
        return
    cls: type = _Row if kind == "row" else City
    if kind == "row":
        extras: Iterable[str] = _row_columns() - _ROW_FIELDS
    else:
        extras = _CITY_EXTRAS
    shaped: List[Problem] = []
    try:
        _converter(kind != "object").structure(
            {k: v for k, v in record.items() if k not in extras}, cls
        )
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        _shape_problems(exc, record, path, cls, shaped)
    start = len(checker.out)
    checker.record(record, path)
    # A field of the wrong type is reported once, by the shape check; a column
    # missing from a CSV file once for the file, not once per row.
    flagged = [p.path for p in shaped]
    rules = [
        p
        for p in checker.out[start:]
        if not any(p.path == f or p.path.startswith((f + ".", f + "[")) for f in flagged)
    ]
    found = [p for p in shaped + rules if _field(p.path, len(path)) not in skip]
    checker.out[start:] = sorted(found, key=lambda p: _rank(p.path, len(path)))


def validate(data: Any = None, *, strict: bool = False) -> ValidationReport:
    """Check city data; return every problem found (an empty report when valid).

    *data* is ``None`` (the bundled snapshot), a :class:`~gnlc.City`, a dict
    (a city as :func:`gnlc.to_dict` makes it, a flat row as
    :func:`gnlc.export.city_row` makes it, or ``{"cities": [...]}`` such as a
    snapshot file), an iterable of cities or dicts, or the path of a JSON, JSON
    Lines or CSV file. Records may give a country as its alpha-2 code, a
    region as its code and a cohort as its id, and may carry an ISO 3166-2
    ``subdivision`` code.

    With ``strict=True`` a report with problems raises :class:`ValidationError`
    instead of being returned.

    >>> import gnlc
    >>> city = gnlc.to_dict(gnlc.city("Liège"))
    >>> city["country"]["alpha_3"] = "BEL"
    >>> validate(city)
    ValidationReport(ok)
    >>> city["joined"] = "2024"
    >>> city["location"] = {"subdivision": "NL-LI"}
    >>> for problem in validate(city):  # doctest: +NORMALIZE_WHITESPACE
    ...     print(problem)
    cities[0].joined: wrong-type: expected an integer or null, not the string "2024"
    cities[0].location.subdivision: bad-subdivision: "NL-LI" (Limburg) is in NL, not in BE;
      use a subdivision of BE or fix the country
    """
    got = _collect(data)
    checker = _Checker()
    checker.out.extend(got.problems)
    for i, (record, kind) in enumerate(got.records):
        _check(record, kind, f"{ROOT}[{i}]", checker, got.missing_columns)
    report = ValidationReport(tuple(checker.out))
    if strict and report:
        raise ValidationError(report)
    return report


# --------------------------------------------------------------------------- command line


def cli(path: Optional[str], fmt: str, out: IO[str]) -> int:
    """Run ``gnlc validate [FILE]``: write the problems to *out*; return the exit status.

    Without *path* the bundled snapshot is checked. *fmt* ``"text"`` writes
    one ``path<TAB>code<TAB>message`` line per problem (nothing when the data
    is valid); ``"json"`` writes a JSON array of problems. The status is 0
    when the data is valid, 1 when it has problems (a missing or unreadable
    file is a problem too).

    >>> import sys
    >>> cli("no/such/file.csv", "text", sys.stdout)  # doctest: +NORMALIZE_WHITESPACE
    cities	unreadable	cannot read no/such/file.csv: No such file or directory
    1
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    report = validate(path)
    if fmt == "json":
        out.write(json.dumps([p.as_dict() for p in report], ensure_ascii=False, indent=1) + "\n")
    else:
        for p in report:  # one line each, whatever a file name holds
            message = p.message.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
            out.write(f"{p.path}\t{p.code}\t{message}\n")
    return 1 if report else 0
