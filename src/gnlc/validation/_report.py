"""Problems and reports: what :func:`gnlc.validate` returns, and how its
messages show values."""

from __future__ import annotations

import datetime
import difflib
import json
import re
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Dict, Tuple, Union, overload

import attrs

from .._rules import escape
from ..errors import GNLCError

__all__ = [
    "CODES",
    "ROOT",
    "Problem",
    "ValidationError",
    "ValidationReport",
    "close_match",
    "kind_of",
    "path_of",
    "show",
]

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
        "control-character": "a name holds a control character (NUL, escape, newline...)",
        "invisible-character": "a name holds a character that hides or reorders text",
        "bad-text": "a name holds a lone surrogate, which is not text",
        "formula-like": "a name starts with = + - or @, which spreadsheets run as a formula",
        "unknown-country": "a country is not the alpha-2 code of a UNESCO Member State",
        "country-mismatch": "an alpha-3, numeric code or country name disagrees with alpha-2",
        "unknown-region": "a region is not a UNESCO region code",
        "region-mismatch": "a region is not the country's UNESCO region",
        "bad-subdivision": "an ISO 3166-2 code does not exist or is in another country",
        "unknown-cohort": "a cohort is not the id of a known cohort",
        "cohort-mismatch": "the cohort is not the cohort of the first admission",
        "year-mismatch": "a join year is outside its cohort or disagrees with the admissions",
        "admission-order": "admissions are not oldest first, or repeat a cohort",
        "bad-grade": "an admission's confidence or basis is not one gnlc knows, or a "
        "less-than-high confidence does not say why",
        "missing-source": "a city has no source URL",
        "bad-source": "a source is not an http(s) URL",
        # the network's tables (conferences and clusters)
        "unknown-city": "a conference or cluster names a city id that is not an admitted member",
        "bad-date": "a date is not ISO, not in its year, or ends before it starts",
        "unknown-award": "a conference names an award year with no award, or one given twice",
        "number-gap": "the conferences are not numbered 1, 2, 3... in order (or, for some of "
        "them, not in increasing order)",
        "bad-count": "a cluster lists more members than a source states it has",
        # across records
        "duplicate-id": "two records have the same id",
        "duplicate-name": "two records in one country have the same normalised name",
        # files
        "edited-snapshot": "the bundled snapshot is not the one recorded with this gnlc",
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

ROOT = "cities"
"""The path of the collection of records; ``cities[0]`` is its first record."""

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

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
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _HUGE:
        return show(value)  # JSON writers refuse an int of 4,300 digits
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
    checked: int = attrs.field(default=0, eq=False)
    """How many records were checked (the command line's summary says it)."""

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
    def __getitem__(self, index: slice) -> ValidationReport: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Problem, ValidationReport]:
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


def show(value: Any, limit: int = 60, ascii: bool = False) -> str:
    """A short, one-line rendering of *value* for a message (JSON style), for
    any value: a huge int by its size, an object whose repr fails by its type.
    Control and invisible characters are escaped, so a message is one line
    that shows what is there."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _HUGE:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    try:
        text = json.dumps(value, ensure_ascii=ascii)
    except Exception:  # not JSON: a set, a record, a deep list, a hostile object
        try:
            text = repr(value)
        except RecursionError:
            text = f"a deeply nested {type(value).__name__}"
        except Exception:  # a repr that fails says nothing: name the type
            text = f"a {type(value).__name__}"
    text = escape(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_HUGE = 10**30  # an int this large is shown by its size (str() refuses 4,300 digits)


def kind_of(value: Any) -> str:
    """What *value* is, in words, for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {show(value)}"
    if isinstance(value, int):
        return f"the integer {show(value)}"
    if isinstance(value, float):
        return f"the number {show(value)}"
    if isinstance(value, str):
        return f"the string {show(value)}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def path_of(path: str, key: Any) -> str:
    """The path of the field or item *key* inside the value at *path*."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if isinstance(key, str) and _NAME.match(key):
        return f"{path}.{key}"
    return f"{path}[{show(key, ascii=True)}]"


def close_match(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint for *word* among *choices*, or ``""``."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f'; did you mean "{found[0]}"?' if found else ""
