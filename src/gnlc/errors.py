"""Exceptions raised by gnlc. Every one derives from :class:`GNLCError`."""

from __future__ import annotations

from typing import Any

__all__ = [
    "AfterSnapshotWarning",
    "AmbiguousError",
    "GNLCError",
    "IncompleteDataWarning",
    "NotFoundError",
    "SnapshotError",
]


class GNLCError(Exception):
    """Base class of every error gnlc raises on purpose."""


class NotFoundError(GNLCError, KeyError):
    """No record matches the key.

    It is both a :class:`LookupError` and a :class:`KeyError`, so code written
    for mappings catches it. ``suggestions`` holds the closest known names.
    """

    def __init__(self, kind: str, key: object, suggestions: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.key = key
        self.suggestions = suggestions
        super().__init__(kind, key, suggestions)

    def __str__(self) -> str:
        if isinstance(self.key, str) and not self.key.strip():
            msg = f"no {self.kind} matches an empty name"
        else:
            msg = f"no {self.kind} matches {_shown(self.key)}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        return msg


class AmbiguousError(GNLCError, LookupError):
    """The key matches more than one record.

    ``candidates`` holds the matching records; narrow the query (for a city,
    pass ``country=``) or use an id or code.
    """

    def __init__(self, kind: str, key: object, candidates: tuple[Any, ...], hint: str = "") -> None:
        self.kind = kind
        self.key = key
        self.candidates = candidates
        self.hint = hint
        super().__init__(kind, key, candidates)

    def __str__(self) -> str:
        names = "; ".join(_describe(c) for c in self.candidates)
        msg = f"{_shown(self.key)} matches {len(self.candidates)} {self.kind} records: {names}"
        return msg + (f" ({self.hint})" if self.hint else "")


class SnapshotError(GNLCError):
    """The bundled (or given) snapshot file is damaged or of another schema."""


def _shown(key: object, limit: int = 80) -> str:
    """*key* as an error message shows it: its repr, a long one shortened."""
    try:
        text = repr(key)
    except Exception:  # a caller's object whose repr fails: say what it is
        text = f"a {type(key).__name__}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(record: object) -> str:
    ident = (
        getattr(record, "id", None)
        or getattr(record, "alpha_2", None)
        or getattr(record, "code", None)
    )
    name = getattr(record, "name", None)
    if ident and name:
        return f"{name} [{ident}]"
    return repr(record)


class IncompleteDataWarning(UserWarning):
    """The answer is right for the data gnlc has, but the data is known to be
    incomplete for the question (for example, members as of a date for which
    some cohorts are only partly sourced)."""


class AfterSnapshotWarning(IncompleteDataWarning):
    """The question is about a day after the snapshot was compiled
    (``gnlc.SNAPSHOT_DATE``): the data cannot know of admissions, lapses or
    departures since, so the answer is the snapshot's, carried forward."""
