"""The data model: frozen, slotted attrs classes shared by every caller.

Records are immutable and hold only tuples, so a caller cannot corrupt the
snapshot that every other caller in the process shares. What each field
means is written once, in :mod:`gnlc.fields` (the data dictionary and the
API reference show it from there).

Annotations use ``typing.Optional``/``Tuple`` rather than ``X | None`` so that
cattrs can resolve them on Python 3.9.
"""

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, Optional, Tuple

import attrs

from ._dates import date
from ._rules import State

if TYPE_CHECKING:  # created on first use, see __getattr__ below
    from ._model_extra import (
        Award as Award,
        Cluster as Cluster,
        Conference as Conference,
        CoverageRow as CoverageRow,
        Lead as Lead,
        Match as Match,
        MatchResult as MatchResult,
        SnapshotInfo as SnapshotInfo,
    )

__all__ = [
    "Admission",
    "Award",
    "City",
    "Cluster",
    "Cohort",
    "Conference",
    "Country",
    "CoverageRow",
    "Lead",
    "Location",
    "Match",
    "MatchResult",
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
    translations: Tuple[Tuple[str, str], ...] = ()

    @property
    def names(self) -> Mapping[str, str]:
        """UNESCO's name of the region by language code (``"fr"``, ``"es"``...),
        English included; read-only."""
        return _names(self.name, self.translations)

    def __repr__(self) -> str:
        return f"Region({self.code!r}, {self.name!r})"


def _names(english: str, translations: Tuple[Tuple[str, str], ...]) -> Mapping[str, str]:
    """A read-only mapping of language code to name: the first name given for
    each language (later ones are other forms, which lookups also accept)."""
    out = {"en": english}
    for lang, name in translations:
        out.setdefault(lang, name)
    return MappingProxyType(out)


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

    @property
    def translations(self) -> Tuple[Tuple[str, str], ...]:
        """``(language code, name)`` pairs: the name in the six UN languages and in
        the state's own official languages (pycountry's ISO 3166-1 translations;
        UNESCO's French name first where it differs), and the other forms that
        ``gnlc.country()`` accepts. Read from the loaded snapshot when first
        asked for: no first query needs them."""
        from . import _store

        snap = _store.get()
        if snap.country_by_a2.get(self.alpha_2) != self:
            return ()  # a record of another snapshot, or made by hand
        return snap.translations_of(self.alpha_2)

    @property
    def names(self) -> Mapping[str, str]:
        """The country's name by language code: the six UN languages and its
        own official languages, UNESCO's English name under ``"en"``; read-only."""
        return _names(self.name, self.translations)

    def __repr__(self) -> str:
        return f"Country({self.alpha_2!r}, {self.name!r})"


@attrs.frozen(repr=False)
class Cohort:
    """An admission round of the network: what UNESCO stated beside what the
    snapshot knows, so the gap between them is visible."""

    id: str
    start: int
    end: int
    announced: Optional[date] = None
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
    announced: Optional[date] = None
    region_seen: bool = False
    sources: Tuple[str, ...] = ()
    confidence: Optional[str] = None
    basis: Optional[str] = None
    lapsed_by: Optional[date] = None

    @property
    def lapsed(self) -> bool:
        """Whether this membership is known to have lapsed (by :attr:`lapsed_by`)."""
        return self.lapsed_by is not None

    def __repr__(self) -> str:
        extra = f", confidence={self.confidence!r}" if self.confidence else ""
        if self.lapsed_by is not None:
            extra += f", lapsed_by={self.lapsed_by.isoformat()!r}"
        return f"Admission({self.cohort!r}, year={self.year!r}{extra})"


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
    def other_names(self) -> Tuple[str, ...]:
        """Other names GeoNames gives the place, in any script and language
        (untagged, so a plain tuple, in GeoNames' order); ``gnlc.city()`` accepts
        them. Read from the loaded snapshot when first asked for: no first
        query needs them."""
        from . import _store

        snap = _store.get()
        if snap.city_by_id.get(self.id) != self:
            return ()  # a record of another snapshot, or made by hand
        return snap.other_names_of(self.id)

    @property
    def cohort_ids(self) -> Tuple[str, ...]:
        """The ids of every cohort that admitted this city, oldest first."""
        return tuple(a.cohort for a in self.admissions)

    @property
    def confidence(self) -> Optional[str]:
        """The grade of its first admission (`high`, `medium`, `low`); `None` for a
        row copied from a published list or a city without an admission."""
        return self.admissions[0].confidence if self.admissions else None

    @property
    def basis(self) -> Optional[str]:
        """Why its first admission is less than `high` (see
        [confidence](provenance.md#confidence)); `None` otherwise."""
        return self.admissions[0].basis if self.admissions else None

    def __repr__(self) -> str:
        cohort = self.cohort.id if self.cohort is not None else None
        return (
            f"City({self.id!r}, {self.name!r}, country={self.country.alpha_2!r}, cohort={cohort!r})"
        )


_EXTRA = (
    "Award",
    "Cluster",
    "Conference",
    "CoverageRow",
    "Lead",
    "Match",
    "MatchResult",
    "SnapshotInfo",
)


def __getattr__(name: str) -> Any:
    if name in _EXTRA:
        from . import _model_extra

        value = globals()[name] = getattr(_model_extra, name)  # found directly from now on
        return value
    raise AttributeError(f"module 'gnlc.model' has no attribute {name!r}")
