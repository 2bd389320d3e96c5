"""Membership over time: which cities were members on a given day.

The answer is as good as the data: where a joining date is unknown, a
membership lapsed at an unknown date, or a cohort is only partly sourced,
:func:`members_on` says so with an :class:`~gnlc.IncompleteDataWarning` rather
than guessing; a day after the snapshot was compiled warns with
:class:`~gnlc.AfterSnapshotWarning`.
"""

from __future__ import annotations

import datetime
import warnings
from typing import List, Optional, Tuple, Union

from ._rules import FOUNDING_END, FOUNDING_START
from ._snapshot import Snapshot
from .errors import AfterSnapshotWarning, IncompleteDataWarning
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
    compiled = snap.info.snapshot_date
    if day > compiled:
        warnings.warn(
            f"as_of {day.isoformat()} is after the snapshot was compiled "
            f"({compiled.isoformat()}): admissions, lapses and departures since are unknown",
            AfterSnapshotWarning,
            stacklevel=stacklevel,
        )
    kept: List[City] = []
    unsure = 0
    lapsed: List[str] = []
    for c in found:
        state = c.status
        if state.state == "withdrawn":
            continue
        if state.state == "left" and (state.as_of is None or state.as_of[:10] <= day.isoformat()):
            continue
        known = joined_by(c, day)
        if known is LAPSE:
            lapsed.append(lapse_note(c))
        elif known is None:
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
        who = (
            "member whose joining date is unknown is"
            if unsure == 1
            else ("members whose joining date is unknown are")
        )
        caveats.append(f"{unsure} {who} left out")
    if lapsed:
        who = "member whose membership" if len(lapsed) == 1 else "members whose membership"
        verb = "is" if len(lapsed) == 1 else "are"
        caveats.append(
            f"{len(lapsed)} {who} lapsed at an unknown date {verb} left out: " + "; ".join(lapsed)
        )
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


class _Lapse:
    """The answer "it had joined, but may have lapsed by then"."""

    def __repr__(self) -> str:
        return "LAPSE"


LAPSE = _Lapse()


def lapse_note(c: City) -> str:
    """*c*'s lapses in a few words, for a warning."""
    ends = [a.lapsed_by.isoformat() for a in c.admissions if a.lapsed_by is not None]
    return f"{c.name} (admitted {', '.join(c.cohort_ids)}; lapsed before {', '.join(ends)})"


def joined_by(c: City, day: datetime.date) -> Union[bool, _Lapse, None]:
    """Whether *c* was a member on *day*: True, False, None (unknown) or
    :data:`LAPSE` (it had joined, but that membership lapsed at an unknown
    date before a later admission, so it may no longer have been one)."""
    if day.year < FOUNDING_START:
        return False
    answers: List[Union[bool, _Lapse, None]] = []
    for a in c.admissions:
        if a.announced is not None:
            joined: Optional[bool] = a.announced <= day
        elif a.year is not None:
            joined = True if a.year < day.year else (False if a.year > day.year else None)
        else:  # a founding-era member of unknown year joined in the founding period
            joined = True if day.year > FOUNDING_END else None
        if a.lapsed_by is not None and joined is not False:
            answers.append(False if day >= a.lapsed_by else LAPSE)
        else:
            answers.append(joined)
    if c.awards:  # an award is given to members only
        answers.append(True if c.awards[0] < day.year else None)
    if True in answers:
        return True
    if any(a is LAPSE for a in answers):
        return LAPSE
    return None if None in answers or not answers else False
