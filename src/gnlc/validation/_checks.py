"""The rules a city record must follow, checked field by field."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Dict, List, Optional, Tuple

from .. import query
from .._rules import BASES, CITY_ID_PATTERN, CONFIDENCES, is_city_id, is_source_url, text_problem
from ..errors import AmbiguousError, GNLCError, NotFoundError
from ..model import Cohort, Country
from ..normalization import normalize, slug
from ._report import Problem, close_match, kind_of, show
from ._shape import MISSING

__all__ = ["Checker"]


def _text_of(value: Any) -> str:
    """A str or int as plain text, by the base types' own conversions: a
    subclass's ``__str__`` or ``__repr__`` may fail or lie."""
    return str.__str__(value) if isinstance(value, str) else int.__repr__(value)


_TEXT_FIXES = {
    "bad-text": "remove it, or write the character it was meant to be",
    "control-character": "remove it (a name is one line of visible text)",
    "invisible-character": "remove it; write the name as it is read",
    "formula-like": "remove the leading sign; no place name starts with it",
}


def _is_int(value: Any) -> bool:
    """An integer, an int subclass included, but not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def _opt_int(value: Any) -> bool:
    return value is None or _is_int(value)


class Checker:
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
        self.checked: Dict[int, Any] = {}

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
        self.sources(raw.get("sources", MISSING), f"{path}.sources")
        key = normalize(name) if a2 and isinstance(name, str) else ""
        if a2 and key and isinstance(name, str):
            first = self.names.setdefault((a2, key), (f"{path}.name", name))
            if first[0] != f"{path}.name":
                self.add(
                    "duplicate-name",
                    f"{path}.name",
                    name,
                    f"{show(name)} in {a2} is the same name as {first[0]} ({show(first[1])}); "
                    "merge the two records (a city admitted twice has two admissions)",
                )

    def ident(self, value: Any, path: str, a2: Optional[str], name: Any) -> None:
        if not isinstance(value, str):
            return
        if not is_city_id(value):
            fix = slug(value)
            if not is_city_id(fix) and a2 and isinstance(name, str) and slug(name):
                fix = f"{a2.lower()}-{slug(name)}"
            hint = f'; use "{fix}"' if is_city_id(fix) else ""
            self.add(
                "bad-id",
                path,
                value,
                f"{show(value)} is not a well-formed id ({CITY_ID_PATTERN}){hint}",
            )
        elif a2 and value[:2] != a2.lower():
            fix = a2.lower() + value[2:]
            self.add(
                "bad-id",
                path,
                value,
                f'{show(value)} starts with "{value[:2]}" but the country is {a2}; use "{fix}"',
            )
        first = self.ids.setdefault(value, path)
        if first != path:
            owner = first[: -len(".id")]
            self.add(
                "duplicate-id",
                path,
                value,
                f"{show(value)} is also the id of {owner}; give each city its own id",
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
                f"the name has spaces at an end; use {show(value.strip())}",
            )
        problem = text_problem(value)
        if problem is not None:
            code, reason = problem
            self.add(code, path, value, f"{show(value, ascii=True)}: {reason}; {_TEXT_FIXES[code]}")
            return  # NFC of a text that is not text says nothing more
        nfc = unicodedata.normalize("NFC", value)
        if nfc != value:
            self.add(
                "not-nfc",
                path,
                value,
                f"{show(value, ascii=True)} is not NFC-normalised; use {show(nfc)} "
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
                    f"{show(given)} is {of}; use {show(getattr(iso, field))}",
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
                    f"{show(name)} is not a name of {a2}; use {show(self.countries[a2].name)}",
                )
        return a2

    def resolve_country(self, value: Any) -> Tuple[Optional[str], Optional[str]]:
        """(the alpha-2 *value* stands for, what is wrong with it or None).

        The country is found as :func:`gnlc.country` finds it; the message
        says how the value should have been written.
        """
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return None, None  # absent, or the wrong type: the shape check reports it
        if value in self.countries:
            return str(value), None
        shown = show(value)
        if isinstance(value, int) and not -1000 < value < 1000:  # no numeric code is longer
            return None, f"{shown} is not an ISO 3166-1 numeric code (those have three digits)"
        text = _text_of(value).strip()
        if not text:
            return None, "the country is empty; give its ISO 3166-1 alpha-2 code"
        numeric = isinstance(value, int) or text.isdigit()
        try:
            found = query.country(int(text) if numeric and len(text) <= 3 else text)
        except AmbiguousError as exc:
            codes = " or ".join(f'"{c.alpha_2}"' for c in exc.candidates)
            return None, f"{shown} could be {codes}; use the alpha-2 code"
        except NotFoundError as exc:
            iso = self.iso_code(text, numeric)
            if iso is not None:
                return None, (
                    f"{shown} ({iso.name}) is in ISO 3166-1 but not a UNESCO Member State or "
                    "Associate Member; use the code of the member state the city is in"
                )
            return None, f"{shown} is not an ISO 3166-1 alpha-2 code{self.hint(exc)}"
        a2 = found.alpha_2
        if numeric:
            return a2, f'{shown} is numeric; alpha-2 is "{a2}"'
        if text.upper() == found.alpha_3:
            return a2, f'{shown} is alpha-3; alpha-2 is "{a2}"'
        if text.upper() == a2:
            return a2, f'{shown} is not an alpha-2 code as written; use "{a2}"'
        return a2, f'{shown} is a name; alpha-2 is "{a2}"'

    def iso_code(self, text: str, numeric: bool) -> Any:
        """The ISO 3166-1 record that the code *text* names, if any (whether or
        not the country is a UNESCO member)."""
        if numeric:
            return self.iso_get(numeric=text.zfill(3)) if len(text) <= 3 else None
        if len(text) in (2, 3):
            return self.iso_get(**{f"alpha_{len(text)}": text.upper()})
        return None

    @staticmethod
    def hint(exc: NotFoundError) -> str:
        """A "did you mean" for a country that was not found."""
        try:
            best = query.country(exc.suggestions[0]) if exc.suggestions else None
        except GNLCError:
            best = None
        return f'; did you mean "{best.alpha_2}" ({best.name})?' if best is not None else ""

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
                    f'{show(value)} is a region name; use its code "{code}"',
                )
            except NotFoundError:
                known = ", ".join(self.regions)
                self.add(
                    "unknown-region",
                    where,
                    value,
                    f"{show(value)} is not a UNESCO region code; use one of {known}",
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
                    f"{show(code)} is not the UNESCO region of {a2} ({country.name}); "
                    f'use "{r.code}" ({r.name})',
                )
        region_name = raw.get("region_name")
        if code and isinstance(region_name, str) and region_name != self.regions[code].name:
            self.add(
                "region-mismatch",
                f"{path}.region_name",
                region_name,
                f"{show(region_name)} is not the name of region {code}; "
                f"use {show(self.regions[code].name)}",
            )

    def subdivision(self, value: Any, path: str, a2: Optional[str]) -> None:
        if value is None or value == "":
            return
        if not isinstance(value, str):
            self.add(
                "wrong-type",
                path,
                value,
                f"expected an ISO 3166-2 code (a string), not {kind_of(value)}",
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
                hint = close_match(value.upper(), codes) or (
                    f'; codes of {a2} look like "{min(codes)}"' if codes else ""
                )
            self.add(
                "bad-subdivision", path, value, f"{show(value)} is not an ISO 3166-2 code{hint}"
            )
        elif found.code != value:
            self.add(
                "bad-subdivision",
                path,
                value,
                f'{show(value)} is not written as in ISO 3166-2; use "{found.code}"',
            )
        elif a2 and found.country_code != a2:
            self.add(
                "bad-subdivision",
                path,
                value,
                f"{show(value)} ({found.name}) is in {found.country_code}, not in {a2}; "
                f"use a subdivision of {a2} or fix the country",
            )

    # ---- cohorts and years

    def resolve_cohort(self, value: Any) -> Tuple[Optional[Cohort], Optional[str]]:
        """(the cohort *value* names, what is wrong with it or None)."""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return None, None
        if isinstance(value, int) and not -(10**9) < value < 10**9:  # no year is that long
            return None, f"{show(value)} is not a cohort id; use one of {', '.join(self.cohorts)}"
        text = _text_of(value).strip()
        if text in self.cohorts and (isinstance(value, str) or self.cohorts[text].year == value):
            if text == value or isinstance(value, int):
                return self.cohorts[text], None
            return self.cohorts[text], f'{show(value)} has spaces at an end; use "{text}"'
        ids = ", ".join(self.cohorts)
        if text.isdigit():
            year = int(text)
            for c in self.cohorts.values():
                if c.start <= year <= c.end:
                    return c, f'{show(value)} is a year; its cohort id is "{c.id}"'
            return None, f"no cohort admitted cities in {show(year)}; the cohorts are {ids}"
        return None, f"{show(value)} is not a cohort id; use one of {ids}"

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
                    entries.append((at, f"{at}.cohort", a.get("cohort"), a.get("year", MISSING)))
                    if isinstance(a.get("sources"), (list, tuple)):
                        self.urls(a["sources"], f"{at}.sources")
                    self.grade(a, at)
        cohorts = raw.get("cohorts")
        if isinstance(cohorts, (list, tuple)):
            for i, c in enumerate(cohorts):
                entries.append((f"{path}.cohorts[{i}]", f"{path}.cohorts[{i}]", c, MISSING))

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
            if year is not MISSING and not self.year(year, f"{at}.year", found):
                year = MISSING  # reported: do not compare joined with it
            if first is None or found.start < first[1].start:
                first = (at[len(path) + 1 :], found, year)

        if first is not None and (first[1] != cohort) and (cohort is not None or value is None):
            fix = first[1].id
            msg = f'the earliest admission ({first[0]}) is in cohort "{fix}"; use "{fix}"'
            self.add("cohort-mismatch", where, value, msg)
            return
        joined: Any = raw.get("joined")
        if cohort is None:
            if value is None and _is_int(joined):
                self.loose_year(joined, f"{path}.joined")
            return
        if not self.year(joined, f"{path}.joined", cohort) or first is None:
            return
        year = first[2]
        if year is MISSING or joined == year or not _opt_int(year) or not _opt_int(joined):
            return
        self.add(
            "year-mismatch",
            f"{path}.joined",
            joined,
            f"joined is {show(joined)} but the earliest admission ({first[0]}) says "
            f"{show(year)}; use {show(year)}",
        )

    def grade(self, admission: Mapping[Any, Any], path: str) -> None:
        """An admission's confidence and basis: known values, and a reason for
        anything less than ``high``."""
        confidence = admission.get("confidence")
        basis = admission.get("basis")
        if confidence is not None and confidence not in CONFIDENCES:
            known = ", ".join(CONFIDENCES)
            self.add("bad-grade", f"{path}.confidence", confidence, f"use one of {known}")
        if basis is not None and basis not in BASES:
            self.add("bad-grade", f"{path}.basis", basis, f"use one of {', '.join(BASES)}")
        if confidence in ("medium", "low") and basis is None:
            msg = f"a {confidence} admission says why: give its basis ({', '.join(BASES)})"
            self.add("bad-grade", f"{path}.basis", basis, msg)

    def loose_year(self, value: int, path: str) -> None:
        """Check that some cohort covers a join year given without a cohort."""
        if not any(c.start <= value <= c.end for c in self.cohorts.values()):
            ids = ", ".join(self.cohorts)
            msg = f"no cohort admitted cities in {show(value)} (cohorts: {ids}); fix it or use null"
            self.add("year-mismatch", path, value, msg)

    def year(self, value: Any, path: str, cohort: Cohort) -> bool:
        """Check that a join year falls in *cohort*; return whether it does."""
        if not _is_int(value) or cohort.start <= value <= cohort.end:
            return True
        if cohort.start == cohort.end:
            fix = f"use {cohort.start}"
        else:
            fix = f"use a year from {cohort.start} to {cohort.end}"
        self.add(
            "year-mismatch",
            path,
            value,
            f'{show(value)} is not in cohort "{cohort.id}"; {fix}, or null if unknown',
        )
        return False

    # ---- sources

    def sources(self, value: Any, path: str) -> None:
        if value is MISSING or value is None or (isinstance(value, (list, tuple)) and not value):
            self.add(
                "missing-source",
                path,
                None if value is MISSING else value,
                "the city has no source; add the http(s) URL of a page that records its admission",
            )
        elif isinstance(value, (list, tuple)):
            self.urls(value, path)

    def urls(self, values: Sequence[Any], path: str) -> None:
        # A list that stands in several places (a snapshot row named by many
        # cities) is checked once, and its problems reported at its first path.
        if id(values) in self.checked:
            return
        self.checked[id(values)] = values  # kept, so that its id stays its own
        for i, url in enumerate(values):
            if isinstance(url, str) and not is_source_url(url):
                self.add(
                    "bad-source",
                    f"{path}[{i}]",
                    url,
                    f"{show(url)} is not an http(s) URL; give the full address of the source page",
                )
