"""The records a first query does not need: awards, conferences, clusters,
leads, coverage rows, search matches and snapshot facts (public as
:mod:`gnlc.model`'s)."""

from typing import Optional, Tuple

import attrs

from ._dates import date
from .model import City, Country

__all__ = [
    "Award",
    "Cluster",
    "Conference",
    "CoverageRow",
    "Lead",
    "Match",
    "MatchResult",
    "SnapshotInfo",
    "ordinal",
]


@attrs.frozen(repr=False)
class Award:
    """A UNESCO Learning City Award given to a member city."""

    year: int
    city: City
    sources: Tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Award({self.year}, {self.city.name!r})"


def ordinal(n: int) -> str:
    """*n* as an English ordinal: ``1st``, ``2nd``, ``3rd``, ``11th``, ``21st``.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@attrs.frozen(repr=False)
class Conference:
    """An International Conference on Learning Cities (ICLC), the network's
    meeting of mayors and experts, held by UNESCO with a host city.

    A conference that is announced but not yet held has no dates, host or
    outcome yet; its fields are ``None`` until a source gives them.
    """

    number: int
    year: int
    start: Optional[date] = None
    end: Optional[date] = None
    host: Optional[str] = None
    country: Optional[Country] = None
    city: Optional[City] = None
    theme: Optional[str] = None
    outcome: Optional[str] = None
    also_adopted: Tuple[str, ...] = ()
    awards: Tuple[Award, ...] = ()
    sources: Tuple[str, ...] = ()
    note: Optional[str] = None

    @property
    def ordinal(self) -> str:
        """Its number as an ordinal, as UNESCO names the conferences: ``3rd``."""
        return ordinal(self.number)

    @property
    def title(self) -> str:
        """Its name: ``3rd International Conference on Learning Cities``."""
        return f"{self.ordinal} International Conference on Learning Cities"

    @property
    def award_years(self) -> Tuple[int, ...]:
        """The years of the UNESCO Learning City Awards given at it (see
        :func:`gnlc.awards`)."""
        return tuple(sorted({a.year for a in self.awards}))

    def __repr__(self) -> str:
        return f"Conference({self.number}, {self.year}, {self.host!r})"


@attrs.frozen(repr=False)
class Cluster:
    """A thematic cluster of the network: member cities that work together on
    one theme, led by coordinator cities.

    ``coordinators`` and ``members`` are ``None`` where no source names them,
    which is not the same as an empty tuple (a source saying there are none).
    """

    id: str
    theme: str
    strategy: Optional[str] = None
    established: Optional[int] = None
    coordinators: Optional[Tuple[City, ...]] = None
    members: Optional[Tuple[City, ...]] = None
    stated_members: Optional[int] = None
    stated_as_of: Optional[str] = None
    sources: Tuple[str, ...] = ()
    note: Optional[str] = None

    @property
    def coordinator_ids(self) -> Optional[Tuple[str, ...]]:
        """The ids of its coordinator cities; ``None`` where unknown."""
        return None if self.coordinators is None else tuple(c.id for c in self.coordinators)

    @property
    def member_ids(self) -> Optional[Tuple[str, ...]]:
        """The ids of its member cities; ``None`` where no source lists them."""
        return None if self.members is None else tuple(c.id for c in self.members)

    def __repr__(self) -> str:
        return f"Cluster({self.id!r}, {self.theme!r})"


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
for _cls in (Award, Conference, Cluster, Lead, CoverageRow, SnapshotInfo, Match, MatchResult):
    _cls.__module__ = "gnlc.model"
