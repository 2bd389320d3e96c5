"""Membership over time: which cities were members on a given day.

The answer is as good as the data: where a joining date is unknown, or a
cohort is only partly sourced, :func:`members_on` says so with an
:class:`~gnlc.IncompleteDataWarning` rather than guessing.
"""

from __future__ import annotations

import datetime
import warnings
from typing import List, Optional, Tuple, Union

from ._rules import FOUNDING_END, FOUNDING_START
from ._snapshot import Snapshot
from .errors import IncompleteDataWarning
from .model import City

__all__ = ["as_date", "members_on"]


def as_date(value: Union[datetime.date, str], what: str = "as_of") -> datetime.date:
    """*value* (a date, an ISO date string or a year) as a date; a year means
    its last day."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a date or an ISO date string, not {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return datetime.date(int(text), 12, 31)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{what} must be an ISO date such as '2020-12-31', not {value!r}"
        ) from None


def members_on(
    snap: Snapshot, found: Tuple[City, ...], day: datetime.date, stacklevel: int = 3
) -> Tuple[City, ...]:
    """The cities of *found* known to be members on *day*, warning where the
    data cannot answer fully."""
    kept: List[City] = []
    unsure = 0
    for c in found:
        state = c.status
        if state.state == "withdrawn":
            continue
        if state.state == "left" and (state.as_of is None or state.as_of[:10] <= day.isoformat()):
            continue
        known = joined_by(c, day)
        if known is None:
            unsure += 1
        elif known:
            kept.append(c)
    caveats = []
    short = [
        f"{k.id} ({k.known_cities} of {k.stated_cities})"
        for k in snap.cohorts
        if k.start <= day.year and k.missing_cities and (k.announced is None or k.announced <= day)
    ]
    if short:
        caveats.append("cohorts only partly sourced: " + ", ".join(short))
    if unsure:
        caveats.append(f"{unsure} members whose joining date is unknown are left out")
    # Many founding-era members lapsed when the yearly calls began.
    first_call = min((k.announced for k in snap.cohorts if k.announced), default=None)
    if first_call and day >= first_call and any(c.status.state == "unconfirmed" for c in kept):
        caveats.append(f"founding-era members that lapsed in {first_call.year} are not all known")
    if caveats:
        warnings.warn(
            f"members as of {day.isoformat()} are incomplete: " + "; ".join(caveats),
            IncompleteDataWarning,
            stacklevel=stacklevel,
        )
    return tuple(kept)


def joined_by(c: City, day: datetime.date) -> Optional[bool]:
    """Whether *c* had joined by *day*: True, False, or None (unknown)."""
    if day.year < FOUNDING_START:
        return False
    answers: List[Optional[bool]] = []
    for a in c.admissions:
        if a.announced is not None:
            answers.append(a.announced <= day)
        elif a.year is not None:
            answers.append(True if a.year < day.year else (False if a.year > day.year else None))
        else:  # a founding-era member of unknown year joined in the founding period
            answers.append(True if day.year > FOUNDING_END else None)
    if c.awards:  # an award is given to members only
        answers.append(True if c.awards[0] < day.year else None)
    if True in answers:
        return True
    return None if None in answers or not answers else False
