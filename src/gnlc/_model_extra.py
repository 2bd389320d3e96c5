"""The records a first query does not need: awards, leads, coverage rows,
search matches and snapshot facts (public as :mod:`gnlc.model`'s)."""

from typing import Optional, Tuple

import attrs

from ._dates import date
from .model import City

__all__ = ["Award", "CoverageRow", "Lead", "Match", "MatchResult", "SnapshotInfo"]


@attrs.frozen(repr=False)
class Award:
    """A UNESCO Learning City Award given to a member city."""

    year: int
    city: City
    sources: Tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Award({self.year}, {self.city.name!r})"


@attrs.frozen(repr=False)
class Lead:
    """An open research lead: a probable member that no source yet confirms."""

    cohort: str
    city_name: str
    country_code: str
    note: str

    def __repr__(self) -> str:
        return f"Lead({self.cohort!r}, {self.city_name!r}, {self.country_code!r})"


@attrs.frozen(repr=False)
class CoverageRow:
    """Stated vs known members for one cohort, in one region or (``region``
    ``None``) in all."""

    cohort: str
    region: Optional[str]
    stated: Optional[int]
    known: int

    @property
    def share(self) -> Optional[float]:
        """known / stated, or ``None`` where UNESCO stated no figure."""
        return None if not self.stated else self.known / self.stated

    def __repr__(self) -> str:
        return (
            f"CoverageRow({self.cohort!r}, {self.region!r}, "
            f"stated={self.stated}, known={self.known})"
        )


@attrs.frozen(repr=False)
class SnapshotInfo:
    """What the loaded snapshot is: its versions, date, hash and size."""

    schema: int
    data_version: str
    snapshot_date: date
    sha256: str
    records: int
    members: int
    countries: int

    def __repr__(self) -> str:
        return (
            f"SnapshotInfo(data_version={self.data_version!r}, "
            f"snapshot_date={self.snapshot_date.isoformat()!r}, members={self.members})"
        )


@attrs.frozen(repr=False)
class Match:
    """One result of :func:`gnlc.search`."""

    city: City
    score: float
    matched: str

    def __repr__(self) -> str:
        return f"Match({self.city.id!r}, score={self.score:.2f}, matched={self.matched!r})"


@attrs.frozen(repr=False)
class MatchResult:
    """One result of :func:`gnlc.match`: what one input name reconciles to."""

    query: str
    city: Optional[City]
    score: float
    kind: Optional[str]
    matched: Optional[str]
    candidates: Tuple[City, ...] = ()

    @property
    def outcome(self) -> str:
        """``matched`` (one city), ``ambiguous`` (several fit equally well: see
        ``candidates``) or ``unmatched``."""
        if self.city is not None:
            return "matched"
        return "ambiguous" if self.candidates else "unmatched"

    @property
    def candidate_ids(self) -> Tuple[str, ...]:
        """The ids of the candidates."""
        return tuple(c.id for c in self.candidates)

    def __repr__(self) -> str:
        found = self.city.id if self.city is not None else None
        more = f", candidates={[c.id for c in self.candidates]}" if self.candidates else ""
        return (
            f"MatchResult({self.query!r}, {found!r}, score={self.score:.2f}, "
            f"kind={self.kind!r}{more})"
        )


# Shown, pickled and documented as gnlc.model's, where they are public.
for _cls in (Award, Lead, CoverageRow, SnapshotInfo, Match, MatchResult):
    _cls.__module__ = "gnlc.model"
