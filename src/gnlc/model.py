"""The data model: frozen, slotted attrs classes shared by every caller.

Records are immutable and hold only tuples, so a caller cannot corrupt the
snapshot that every other caller in the process shares. What each field
means is written once, in :mod:`gnlc.fields` (the data dictionary and the
API reference show it from there).

Annotations use ``typing.Optional``/``Tuple`` rather than ``X | None`` so that
cattrs can resolve them on Python 3.9.
"""

import datetime
from typing import Optional, Tuple

import attrs

from ._rules import State

__all__ = [
    "Admission",
    "Award",
    "City",
    "Cohort",
    "Country",
    "CoverageRow",
    "Lead",
    "Location",
    "Match",
    "Region",
    "SnapshotInfo",
    "Status",
]


@attrs.frozen(repr=False)
class Region:
    """One of the five UNESCO regions."""

    code: str
    name: str
    aliases: Tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Region({self.code!r}, {self.name!r})"


@attrs.frozen(repr=False)
class Country:
    """A UNESCO Member State or Associate Member, with its ISO 3166-1 codes."""

    alpha_2: str
    alpha_3: str
    numeric: str
    name: str
    iso_name: str
    region: Region
    status: str = "member"
    official_name: Optional[str] = None
    common_name: Optional[str] = None
    also_region: Optional[Region] = None
    aliases: Tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Country({self.alpha_2!r}, {self.name!r})"


@attrs.frozen(repr=False)
class Cohort:
    """An admission round of the network: what UNESCO stated beside what the
    snapshot knows, so the gap between them is visible."""

    id: str
    start: int
    end: int
    announced: Optional[datetime.date] = None
    stated_cities: Optional[int] = None
    stated_countries: Optional[int] = None
    stated_total: Optional[int] = None
    stated_total_countries: Optional[int] = None
    known_cities: int = 0
    known_countries: int = 0
    sources: Tuple[str, ...] = ()
    notes: Tuple[str, ...] = ()
    stated_by_region: Tuple[Tuple[str, int], ...] = ()

    @property
    def year(self) -> Optional[int]:
        """The admission year, or ``None`` for a multi-year period."""
        return self.start if self.start == self.end else None

    @property
    def missing_cities(self) -> Optional[int]:
        """How many announced members this snapshot does not know."""
        if self.stated_cities is None:
            return None
        return max(self.stated_cities - self.known_cities, 0)

    def __repr__(self) -> str:
        stated = "?" if self.stated_cities is None else self.stated_cities
        return f"Cohort({self.id!r}, stated={stated}, known={self.known_cities})"


@attrs.frozen(repr=False)
class Admission:
    """One published admission of a city to a cohort."""

    cohort: str
    year: Optional[int] = None
    announced: Optional[datetime.date] = None
    region_seen: bool = False
    sources: Tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Admission({self.cohort!r}, year={self.year!r})"


@attrs.frozen(repr=False)
class Status:
    """What is known of a city's membership after it was admitted (the states
    are :data:`gnlc.STATES`)."""

    state: State = "member"
    as_of: Optional[str] = None
    note: Optional[str] = None
    sources: Tuple[str, ...] = ()

    def __repr__(self) -> str:
        when = f", as_of={self.as_of!r}" if self.as_of else ""
        return f"Status({self.state!r}{when})"


@attrs.frozen(repr=False)
class Location:
    """Where a member is, where established: a point, its GeoNames id and its
    first-level subdivision."""

    lat: Optional[float] = None
    lon: Optional[float] = None
    geonames_id: Optional[int] = None
    subdivision: Optional[str] = None
    kind: str = "city"
    origin: str = ""
    note: Optional[str] = None

    def __repr__(self) -> str:
        return f"Location(lat={self.lat!r}, lon={self.lon!r}, subdivision={self.subdivision!r})"


@attrs.frozen(repr=False)
class City:
    """A member of the Global Network of Learning Cities.

    A city admitted twice (such as Muharraq, 2019 and 2024) has one
    :class:`Admission` per round. A city known to be a member only because it
    won a Learning City Award has no admission and, when the award does not
    date its joining, no cohort.
    """

    id: str
    name: str
    country: Country
    region: Region
    cohort: Optional[Cohort] = None
    joined: Optional[int] = None
    status: Status = attrs.field(factory=Status)
    admissions: Tuple[Admission, ...] = ()
    awards: Tuple[int, ...] = ()
    aliases: Tuple[str, ...] = ()
    sources: Tuple[str, ...] = ()
    location: Optional[Location] = None

    @property
    def cohort_ids(self) -> Tuple[str, ...]:
        """The ids of every cohort that admitted this city, oldest first."""
        return tuple(a.cohort for a in self.admissions)

    def __repr__(self) -> str:
        cohort = self.cohort.id if self.cohort is not None else None
        return (
            f"City({self.id!r}, {self.name!r}, country={self.country.alpha_2!r}, cohort={cohort!r})"
        )


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
    snapshot_date: datetime.date
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
