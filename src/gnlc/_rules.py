"""The rules that the data build and the runtime share: one home for each.

``tools/build_snapshot.py`` compiles ``data/`` with these rules and the
library answers queries with them, so the two cannot drift. The module is
imported on the first query: it holds constants and small functions only
(``re`` is imported by the first check of an id, ``urllib.parse`` by the
first check of a URL).

>>> STATES
('member', 'confirmed', 'unconfirmed', 'doubtful', 'left', 'withdrawn')
>>> [is_member(s) for s in ("unconfirmed", "left")]
[True, False]
>>> is_city_id("vn-cao-lanh"), is_city_id("VN-Cao-Lanh")
(True, False)
>>> is_source_url("https://uil.unesco.org/x"), is_source_url("uil.unesco.org/x")
(True, False)
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, Mapping, Optional, Tuple, get_args

if TYPE_CHECKING:
    import re

__all__ = [
    "ADMITTED_STATES",
    "BASES",
    "BASIS_MEANINGS",
    "CITY_ID_PATTERN",
    "CITY_PREFIXES",
    "CITY_SUFFIXES",
    "CONFIDENCES",
    "FOUNDING_COHORT",
    "FOUNDING_END",
    "FOUNDING_START",
    "MEMBER_STATES",
    "PRIMARY_KINDS",
    "SCHEMA",
    "SOURCED_STATES",
    "SOURCE_KINDS",
    "STATES",
    "STATE_MEANINGS",
    "TRACKING_PARAMETERS",
    "UNKNOWN_COHORT",
    "State",
    "escape",
    "is_admitted",
    "is_city_id",
    "is_member",
    "is_source_url",
    "source_rank",
    "text_problem",
    "tracking_parameters",
    "weak_form",
    "without_tracking",
]

#: The snapshot file format that this version of gnlc writes and reads.
SCHEMA = 6

State = Literal["member", "confirmed", "unconfirmed", "doubtful", "left", "withdrawn"]
"""The type of :attr:`Status.state <gnlc.Status.state>`."""

STATES: Tuple[State, ...] = get_args(State)
"""Every :attr:`Status.state <gnlc.Status.state>`, from surest to gone (what
each means: :data:`STATE_MEANINGS`)."""

STATE_MEANINGS: Mapping[State, str] = MappingProxyType(
    {
        "member": "admitted by an announcement; nothing says it left",
        "confirmed": "a later, dated source shows it still a member",
        "unconfirmed": "a founding-era (2015-2018) member that no later source confirms "
        "(many early members lapsed in 2019)",
        "doubtful": "a source suggests it is no longer a member",
        "left": "a source says it left or was removed",
        "withdrawn": "its admission was announced, then withdrawn",
    }
)
"""What each state means, in the order of :data:`STATES`."""

#: The states of a current member: what :func:`gnlc.cities` counts by default.
MEMBER_STATES: Tuple[State, ...] = STATES[:4]

#: The states of a city whose admission stands (it may have left since): what
#: a cohort's ``known_cities`` counts against the figure UNESCO stated.
ADMITTED_STATES: Tuple[State, ...] = STATES[:5]

#: The states that ``data/curated/status.tsv`` sets, each with its source; the
#: others ("member", "unconfirmed") follow from the admissions.
SOURCED_STATES: Tuple[State, ...] = ("confirmed", "doubtful", "left", "withdrawn")

_MEMBER = frozenset(MEMBER_STATES)
_ADMITTED = frozenset(ADMITTED_STATES)


def is_member(state: str) -> bool:
    """Whether a city in *state* counts as a current member."""
    return state in _MEMBER


def is_admitted(state: str) -> bool:
    """Whether a city in *state* was admitted (its admission was not withdrawn)."""
    return state in _ADMITTED


#: The open admission period before the first yearly call, and its cohort id.
FOUNDING_START = 2015
FOUNDING_END = 2018
FOUNDING_COHORT = f"{FOUNDING_START}-{FOUNDING_END}"

#: What stands for "no cohort" where a cohort id is text (a lead, a CLI cell).
UNKNOWN_COHORT = "unknown"

#: Words a list of cities often puts around a name ("City of Cork", "Okayama
#: City", "Municipality of Larissa"), normalised: a name found with none of
#: them is looked up again without them.
CITY_PREFIXES = (
    "the city of ",
    "city of ",
    "municipality of ",
    "town of ",
    "county of ",
    "district of ",
    "ville de ",
    "ciudad de ",
    "cidade de ",
    "comune di ",
    "stadt ",
)
CITY_SUFFIXES = (
    " city council",
    " municipal council",
    " metropolitan city",
    " city",
    " municipality",
    " town",
    " county",
    " district",
)

#: A city id: the country's alpha-2 in lower case, then the ASCII slug of the name.
CITY_ID_PATTERN = r"^[a-z]{2}(-[a-z0-9]+)+$"

_city_id: Any = None


def city_id_regex() -> re.Pattern[str]:
    """:data:`CITY_ID_PATTERN`, compiled once."""
    global _city_id
    if _city_id is None:
        import re

        _city_id = re.compile(CITY_ID_PATTERN)
    return _city_id  # type: ignore[no-any-return]


def is_city_id(text: object) -> bool:
    """Whether *text* is a well-formed city id (:data:`CITY_ID_PATTERN`)."""
    return isinstance(text, str) and city_id_regex().match(text) is not None


# Format characters that hide or reorder what a reader sees: bidirectional
# embeddings, overrides and isolates, zero-width spaces, the byte-order mark.
# (ZWNJ and ZWJ, U+200C and U+200D, stay allowed: Persian and Indic spellings
# need them.)
_HIDDEN = frozenset(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF]
)


def text_problem(text: str) -> Optional[Tuple[str, str]]:
    """What makes *text* unfit as a name, as (problem code, reason), or ``None``.

    A name must be text a reader sees as it is: no control character (NUL,
    escape, newline...), no character that hides or reorders text, no lone
    surrogate (not text, and no file can hold it as UTF-8), and no leading
    ``=``, ``+``, ``-`` or ``@``, which a spreadsheet opening an export would
    run as a formula.

    >>> text_problem("Liège") is None, text_problem("Li\x1bge")[0], text_problem("=1+1")[0]
    (True, 'control-character', 'formula-like')
    """
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return "bad-text", f"a lone surrogate (U+{code:04X}) is not text"
        if code < 0x20 or 0x7F <= code < 0xA0:
            return "control-character", f"it holds the control character U+{code:04X}"
        if code in _HIDDEN:
            return "invisible-character", f"it holds U+{code:04X}, which hides or reorders text"
    if text[:1] in ("=", "+", "-", "@"):
        return "formula-like", f"it starts with {text[0]!r}, which spreadsheets run as a formula"
    return None


def _unsafe(code: int) -> bool:
    """A character that must not reach a terminal as it is: a control (C0, DEL,
    C1), a line or paragraph separator, a surrogate, or one that hides or
    reorders text."""
    return (
        code < 0x20
        or 0x7F <= code < 0xA0
        or code in (0x2028, 0x2029)
        or 0xD800 <= code <= 0xDFFF
        or code in _HIDDEN
    )


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape(text: str) -> str:
    r"""*text* with every character :func:`_unsafe` names written as an escape
    (``\x1b``, ``\u202e``), so that printing it cannot move the cursor,
    retitle or clear a terminal, or hide what a line says.

    >>> print(escape("Li\x1b[2Jge \u202eabc"), escape("Liège"))
    Li\x1b[2Jge \u202eabc Liège
    """
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if not _unsafe(code):
            out.append(ch)
        elif ch in _SHORT:
            out.append(_SHORT[ch])
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def is_source_url(text: object) -> bool:
    """Whether *text* is a source as gnlc requires one: an absolute http(s) URL
    with a host, no whitespace, and no character :func:`text_problem` refuses."""
    if not isinstance(text, str) or not text or any(ch.isspace() for ch in text):
        return False
    problem = text_problem(text)
    if problem is not None and problem[0] != "formula-like":
        return False
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # an unbalanced IPv6 bracket, a bad port
        return False
    return parts.scheme in ("http", "https") and bool(host)


Confidence = Literal["high", "medium", "low"]
"""The type of :attr:`Admission.confidence <gnlc.Admission.confidence>`."""

#: How sure a row found by gnlc's own searches is, surest first: ``high``, the
#: source says it, with the year; ``medium``, strong but indirect (the reason is
#: its :data:`basis <BASIS_MEANINGS>`); ``low``, doubtful (such rows are left out).
#: A row copied from a published admission list carries no grade (``None``).
CONFIDENCES: Tuple[Confidence, ...] = get_args(Confidence)

Basis = Literal["ordering", "old-profile", "undated-list", "inferred-year", "secondary", "conflict"]
"""The type of :attr:`Admission.basis <gnlc.Admission.basis>`."""

#: Why a row is less than ``high``: each reason once, with what it means.
BASIS_MEANINGS: Mapping[Basis, str] = MappingProxyType(
    {
        "ordering": "inferred from an ordering ('the Nth city after ...'), not a dated admission",
        "old-profile": "a UIL member profile in the pre-2020 format, which gives no joining year",
        "undated-list": "a list or statement of members that gives no year",
        "inferred-year": "the year is inferred from another dated event (a shared "
        "certificate date, an article's date, a mayor's term)",
        "secondary": "a secondary page states it, not the announcement",
        "conflict": "sources disagree; the row follows the stronger one",
    }
)

#: Every basis, in the order of :data:`BASIS_MEANINGS`.
BASES: Tuple[Basis, ...] = get_args(Basis)

#: The kinds of source host, most authoritative first: how a city's sources are
#: ordered. Which host is which kind is the table ``data/curated/hosts.tsv``.
SOURCE_KINDS = ("unesco", "natcom", "government", "press", "other", "blog", "mirror")

#: The kinds that count as a primary source.
PRIMARY_KINDS = ("unesco", "natcom", "government")


def source_rank(kind: str) -> int:
    """Where a source of *kind* sorts among a city's sources (lower first)."""
    return SOURCE_KINDS.index(kind) if kind in SOURCE_KINDS else len(SOURCE_KINDS)


#: Query parameters that only track who clicked a link: a source URL must not
#: carry them (the build refuses them; ``without_tracking`` gives the clean URL).
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga"}
)


def _is_tracking(name: str) -> bool:
    return name.lower() in TRACKING_PARAMETERS or name.lower().startswith("utm_")


def tracking_parameters(url: str) -> Tuple[str, ...]:
    """The tracking parameters that *url* carries, in order.

    >>> tracking_parameters("https://x.org/a?id=3&utm_source=fb&fbclid=IwAR1")
    ('utm_source', 'fbclid')
    """
    from urllib.parse import parse_qsl, urlsplit

    query = urlsplit(url).query
    return tuple(k for k, _ in parse_qsl(query, keep_blank_values=True) if _is_tracking(k))


def without_tracking(url: str) -> str:
    """*url* without its tracking parameters (the rest of it unchanged).

    >>> without_tracking("https://x.org/a?id=3&utm_source=fb&fbclid=IwAR1#top")
    'https://x.org/a?id=3#top'
    """
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [p for p in parts.query.split("&") if not _is_tracking(p.split("=", 1)[0])]
    return urlunsplit(parts._replace(query="&".join(kept)))


MATCH_THRESHOLD = 0.8
"""The lowest score :func:`gnlc.match` accepts by default
(:data:`gnlc.reconcile.DEFAULT_THRESHOLD`, which says why 0.8); here so that the
command line can show it without importing the matcher."""


def weak_form(name: str) -> Optional[str]:
    """The short form of a name, where it has one: what a lookup also accepts,
    unless a full name claims it.

    >>> weak_form("Korea, Republic of"), weak_form("Nam-gu (Busan)"), weak_form("Cork")
    ('Korea', 'Nam-gu', None)
    """
    cut = min((i for i in (name.find(","), name.find("(")) if i >= 0), default=-1)
    short = (name[:cut] if cut >= 0 else name).strip()
    return short if short and short != name.strip() else None
