"""The member cities: every sourced row of ``data/``, merged by city, with its
aliases, awards and later status."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from gnlc._rules import (
    BASES,
    CONFIDENCES,
    FOUNDING_COHORT,
    FOUNDING_START,
    SOURCED_STATES,
    is_admitted,
    is_city_id,
    is_source_url,
    text_problem,
    tracking_parameters,
    without_tracking,
)
from gnlc.normalization import normalize, slug  # the one normaliser

from . import sources as source_rules
from .rows import BuildError, Row, keys_of, read_tsv

__all__ = ["build_cities", "cohort_files", "source_url"]


def source_url(cell: str, where: str, what: str = "row") -> str:
    """The source URL of a cell, after the rules every source obeys: an
    absolute http(s) URL, with no tracking parameter (``fbclid``, ``utm_*``:
    the build refuses them rather than strip them silently, so that the data
    files hold exactly what the snapshot cites)."""
    url = cell.strip()
    if not is_source_url(url):
        raise BuildError(f"{where}: {what} has no source URL ({cell!r})")
    tracking = tracking_parameters(url)
    if tracking:
        raise BuildError(
            f"{where}: source URL carries tracking parameters {', '.join(tracking)}; "
            f"cite {without_tracking(url)}"
        )
    return url


def grade(row: Row, where: str) -> Tuple[Optional[str], Optional[str]]:
    """(confidence, basis) of a row found by gnlc's own searches; (None, None)
    for a row copied from a published list (no such columns)."""
    confidence = row.get("confidence", "").strip() or None
    basis = row.get("basis", "").strip() or None
    if confidence is None:
        if basis is not None:
            raise BuildError(f"{where}: a basis without a confidence")
        return None, None
    if confidence not in CONFIDENCES:
        raise BuildError(f"{where}: confidence must be one of {CONFIDENCES}")
    if basis is not None and basis not in BASES:
        raise BuildError(f"{where}: basis must be one of {BASES}")
    if confidence != "high" and basis is None:
        raise BuildError(f"{where}: a {confidence} row must say why (its basis)")
    return confidence, basis


def cohort_files(root: Path) -> List[Tuple[str, Path]]:
    """Member rows: as the shared sources published them (data/raw), then
    those our own searches found (data/found), one file per cohort."""
    out = []
    for folder in ("data/raw", "data/found"):
        for path in sorted((root / folder).glob("cohort-*.tsv")):
            out.append((path.stem[len("cohort-") :], path))
    return out


# The Learning City Award is open only to members, and the 2015, 2017 and
# 2019 awards were announced before the first yearly cohort (17 July 2019): a
# winner of those years that no cohort list names joined in 2015-2018.
FOUNDING_AWARD_YEARS = range(FOUNDING_START, 2020)


def find_city(
    merged: Dict[Tuple[str, str], Dict[str, Any]],
    aliases: Dict[Tuple[str, str], List[str]],
    a2: str,
    name: str,
) -> Optional[Tuple[str, str]]:
    key = (a2, normalize(name))
    if key in merged:
        return key
    for k, names in aliases.items():
        if k[0] == a2 and key[1] in {normalize(n) for n in names}:
            return k
    return None


def merge_awards(
    root: Path,
    merged: Dict[Tuple[str, str], Dict[str, Any]],
    aliases: Dict[Tuple[str, str], List[str]],
    country_owner: Dict[str, str],
) -> Dict[Tuple[str, str], List[Dict[str, Any]]]:
    """Attach each award to its city; a winner no cohort lists becomes a
    member whose source is the award."""
    out: Dict[Tuple[str, str], List[Dict[str, Any]]] = defaultdict(list)
    for row in read_tsv(root / "data/raw/awards.tsv"):
        a2 = country_owner.get(normalize(row["country"]))
        if a2 is None:
            raise BuildError(f"{row['_where']}: unknown country {row['country']!r}")
        source = source_url(row["source"], row["_where"], "award")
        year = int(row["award_year"])
        key = find_city(merged, aliases, a2, row["city"])
        if key is None:
            key = (a2, normalize(row["city"]))
            admissions = []
            if year in FOUNDING_AWARD_YEARS:
                admissions.append(
                    {
                        "cohort": FOUNDING_COHORT,
                        "year": None,
                        "announced": None,
                        "region_seen": False,
                        "sources": [source],
                        "confidence": None,
                        "basis": None,
                        "lapsed_by": None,
                    }
                )
            merged[key] = {
                "name": row["city"],
                "country": a2,
                "admissions": admissions,
                "_names": [row["city"]],
            }
        out[key].append({"year": year, "sources": [source]})
    return out


def read_statuses(
    root: Path,
    merged: Dict[Tuple[str, str], Dict[str, Any]],
    aliases: Dict[Tuple[str, str], List[str]],
) -> Dict[Tuple[str, str], Row]:
    path = root / "data/curated/status.tsv"
    out: Dict[Tuple[str, str], Row] = {}
    for row in read_tsv(path) if path.exists() else []:
        key = find_city(merged, aliases, row["country"], row["city"])
        if key is None:
            raise BuildError(f"{row['_where']}: no city {row['city']!r} in {row['country']}")
        if row["status"] not in SOURCED_STATES:
            raise BuildError(f"{row['_where']}: status must be one of {SOURCED_STATES}")
        source_url(row["source"], row["_where"], "a status")
        if key in out:
            raise BuildError(f"{row['_where']}: a second status for {row['city']}")
        out[key] = row
    return out


def status_of(
    row: Optional[Row], admissions: List[Dict[str, Any]], awards: List[Dict[str, Any]]
) -> Dict[str, Any]:
    if row is not None:
        return {
            "state": row["status"],
            "as_of": row["as_of"] or None,
            "note": row["note"] or None,
            "sources": [row["source"]],
        }
    later = [a for a in awards if a["year"] >= 2020]
    if later:
        last = later[-1]
        return {
            "state": "confirmed",
            "as_of": str(last["year"]),
            "note": f"won the {last['year']} UNESCO Learning City Award, open only to members",
            "sources": last["sources"],
        }
    if admissions and admissions[-1]["cohort"] == FOUNDING_COHORT:
        return {
            "state": "unconfirmed",
            "as_of": None,
            "note": "founding-era member; no later source confirms it "
            "(many early members lapsed in 2019)",
            "sources": [],
        }
    return {"state": "member", "as_of": None, "note": None, "sources": []}


Merged = Dict[Tuple[str, str], Dict[str, Any]]
"""Member cities by (alpha-2, normalised name), as the rows have them so far."""


def read_excluded(root: Path) -> Dict[Tuple[str, str, str], Row]:
    """Published rows gnlc leaves out, by (cohort, country, city); each has its reason."""
    excluded = {
        (r["cohort"], r["country"], r["city"]): r
        for r in read_tsv(root / "data/curated/excluded.tsv")
    }
    for r in excluded.values():
        if not r["reason"].strip():
            raise BuildError(f"{r['_where']}: an excluded row needs its reason")
    return excluded


def admission_of(
    row: Row,
    cohort: Dict[str, Any],
    by_a2: Dict[str, Dict[str, Any]],
    country_owner: Dict[str, str],
    region_by_key: Dict[str, str],
) -> Tuple[str, str, Dict[str, Any]]:
    """(alpha-2, name, admission) of a member row, after checking every cell."""
    where = row["_where"]
    name = row["city"].strip()
    if name != row["city"] or not name:
        raise BuildError(f"{where}: city name {row['city']!r} is empty or untrimmed")
    unfit = text_problem(name)
    if unfit is not None:
        raise BuildError(f"{where}: city name {name!r}: {unfit[1]}")
    a2 = country_owner.get(normalize(row["country"]))
    if a2 is None:
        raise BuildError(
            f"{where}: country {row['country']!r} is not a UNESCO name or a known "
            "variant; add it to data/curated/country-names.tsv"
        )
    country = by_a2[a2]
    heading = row["region"].strip()
    region = region_by_key.get(normalize(heading.rstrip("?")))
    if region is None:
        raise BuildError(f"{where}: unknown region {heading!r}")
    if region not in (country["region"], country["also_region"]):
        raise BuildError(
            f"{where}: {name} is under {heading!r} but {country['name']} is in {country['region']}"
        )
    year = None if "-" in row["year"] else int(row["year"])
    if year is not None and not cohort["start"] <= year <= cohort["end"]:
        raise BuildError(f"{where}: year {year} is outside cohort {cohort['id']}")
    source = source_url(row["source"], where, name)
    confidence, basis = grade(row, where)
    return (
        a2,
        name,
        {
            "cohort": cohort["id"],
            "year": year,
            "announced": row["announced"] or None,
            "region_seen": not heading.endswith("?"),  # "?": inferred from the country
            "sources": [source],
            "confidence": confidence,
            "basis": basis,
            "lapsed_by": None,
        },
    )


def read_members(
    root: Path,
    countries: List[Dict[str, Any]],
    country_owner: Dict[str, str],
    region_by_key: Dict[str, str],
    cohorts: List[Dict[str, Any]],
) -> Merged:
    """Every member row of every cohort file, merged by city (a city admitted
    twice has two admissions); excluded rows are left out."""
    by_a2 = {c["alpha_2"]: c for c in countries}
    cohort_by_id = {c["id"]: c for c in cohorts}
    excluded = read_excluded(root)
    corrections = read_corrections(root)
    used_exclusions = set()
    used_corrections = set()
    merged: Merged = {}
    for cohort_id, path in cohort_files(root):
        cohort = cohort_by_id.get(cohort_id)
        if cohort is None:
            raise BuildError(f"{path}: no cohort {cohort_id!r} in data/curated/cohorts.tsv")
        for row in read_tsv(path):
            if (cohort_id, row["country"], row["city"]) in excluded:
                used_exclusions.add((cohort_id, row["country"], row["city"]))
                continue
            if row.get("confidence") == "low":
                raise BuildError(
                    f"{row['_where']}: a low-confidence row must be left out "
                    "(data/curated/excluded.tsv, with its reason)"
                )
            fix = corrections.get((cohort_id, row["country"], row["city"]))
            if fix is not None:
                used_corrections.add((cohort_id, row["country"], row["city"]))
                row = {**row, "year": fix["year"] or cohort_id, "announced": fix["announced"]}
                row.update(confidence=fix["confidence"], basis=fix["basis"])
            a2, name, admission = admission_of(row, cohort, by_a2, country_owner, region_by_key)
            if fix is not None:
                admission["sources"].insert(0, source_url(fix["source"], fix["_where"]))
            key = (a2, normalize(name))
            city = merged.get(key)
            if city is None:
                merged[key] = city = {"name": name, "country": a2, "admissions": [], "_names": []}
            city["_names"].append(name)
            if any(a["cohort"] == cohort_id for a in city["admissions"]):
                raise BuildError(f"{row['_where']}: {name} is listed twice in cohort {cohort_id}")
            city["admissions"].append(admission)
            city["name"] = name  # the latest published form wins
    unused = set(excluded) - used_exclusions
    if unused:
        raise BuildError(f"excluded.tsv lists rows that do not exist: {sorted(unused)}")
    unused = set(corrections) - used_corrections
    if unused:
        raise BuildError(f"corrections.tsv lists rows that do not exist: {sorted(unused)}")
    read_undated(root, merged, country_owner, region_by_key, by_a2)
    read_lapses(root, merged)
    read_more_sources(root, merged)
    return merged


def _admission_named(merged: Merged, row: Dict[str, str]) -> Tuple[Any, Any]:
    """The city and the admission a curated row names by country, city and
    cohort; a BuildError where either is missing."""
    where = row["_where"]
    city = merged.get((row["country"], normalize(row["city"])))
    if city is None:
        raise BuildError(f"{where}: no city {row['city']!r} in {row['country']}")
    admission = next((a for a in city["admissions"] if a["cohort"] == row["cohort"]), None)
    if admission is None:
        raise BuildError(f"{where}: {row['city']} has no admission in {row['cohort']}")
    return city, admission


def read_more_sources(root: Path, merged: Merged) -> None:
    """More sources for an admission (``sources.tsv``): a page found later that
    records the same admission, typically a primary one for a row that cites
    only the press."""
    path = root / "data/curated/sources.tsv"
    for row in read_tsv(path) if path.exists() else []:
        where = row["_where"]
        _, admission = _admission_named(merged, row)
        if not row["quote"].strip():
            raise BuildError(f"{where}: give the words of the source that record the admission")
        url = source_url(row["source"], where, "a source")
        if url in admission["sources"]:
            raise BuildError(f"{where}: {url} is already a source of this admission")
        admission["sources"].append(url)


def read_corrections(root: Path) -> Dict[Tuple[str, str, str], Row]:
    """Published rows whose year or date a stronger source corrects, by
    (cohort, country, city): the row stays as published, the correction and its
    reason are ours."""
    path = root / "data/curated/corrections.tsv"
    out = {}
    for r in read_tsv(path) if path.exists() else []:
        if not r["reason"].strip():
            raise BuildError(f"{r['_where']}: a correction needs its reason")
        out[(r["cohort"], r["country"], r["city"])] = r
    return out


UNDATED = "data/found/members-without-cohort.tsv"


def read_undated(
    root: Path,
    merged: Merged,
    country_owner: Dict[str, str],
    region_by_key: Dict[str, str],
    by_a2: Dict[str, Dict[str, Any]],
) -> None:
    """Members that a dated source lists, but whose joining year (so cohort) no
    source gives: a city with no admission, confirmed as of the source's date."""
    path = root / UNDATED
    for row in read_tsv(path) if path.exists() else []:
        where = row["_where"]
        fake_cohort = {"id": "", "start": 0, "end": 9999}
        a2, name, adm = admission_of(
            {**row, "year": "-", "announced": ""}, fake_cohort, by_a2, country_owner, region_by_key
        )
        if adm["confidence"] is None:
            raise BuildError(f"{where}: a member without a cohort needs its confidence")
        if adm["confidence"] == "low":
            raise BuildError(f"{where}: a low-confidence member is a lead, not a row")
        if not row["member_by"].strip():
            raise BuildError(f"{where}: member_by must give the date of the source")
        key = (a2, normalize(name))
        if key in merged:
            raise BuildError(f"{where}: {name} is already a member row; give it no second row")
        why = adm["basis"] or "a dated source"
        merged[key] = {
            "name": name,
            "country": a2,
            "admissions": [],
            "_names": [name],
            "_sources": adm["sources"],
            "_status": {
                "state": "confirmed",
                "as_of": row["member_by"].strip(),
                "note": f"a member by {row['member_by'].strip()} ({adm['confidence']} "
                f"confidence, {why}); no source gives its joining year, so its cohort "
                "is unknown",
                "sources": adm["sources"],
            },
        }


def read_lapses(root: Path, merged: Merged) -> None:
    """Memberships that lapsed before a later admission (``lapses.tsv``): the
    admission of *cohort* carries ``lapsed_by``, the date by which it had lapsed."""
    path = root / "data/curated/lapses.tsv"
    for row in read_tsv(path) if path.exists() else []:
        where = row["_where"]
        city, admission = _admission_named(merged, row)
        if not row["note"].strip():
            raise BuildError(f"{where}: a lapse needs its note")
        later = [a for a in city["admissions"] if a["announced"] and a is not admission]
        by = row["lapsed_by"].strip()
        if not any(a["announced"] == by for a in later):
            raise BuildError(f"{where}: lapsed_by must be the date of a later admission")
        admission["lapsed_by"] = by
        admission["sources"].append(source_url(row["source"], where, "a lapse"))


def read_aliases(root: Path, merged: Merged) -> Dict[Tuple[str, str], List[str]]:
    aliases: Dict[Tuple[str, str], List[str]] = defaultdict(list)
    for row in read_tsv(root / "data/curated/city-aliases.tsv"):
        key = (row["country"], normalize(row["city"]))
        if key not in merged:
            raise BuildError(f"{row['_where']}: no city {row['city']!r} in {row['country']}")
        unfit = text_problem(row["alias"])
        if unfit is not None:
            raise BuildError(f"{row['_where']}: alias {row['alias']!r}: {unfit[1]}")
        aliases[key].append(row["alias"])
    return aliases


def build_cities(
    root: Path,
    countries: List[Dict[str, Any]],
    country_owner: Dict[str, str],
    region_by_key: Dict[str, str],
    cohorts: List[Dict[str, Any]],
) -> List[Dict[str, Any]]:
    by_a2 = {c["alpha_2"]: c for c in countries}
    start = {c["id"]: c["start"] for c in cohorts}
    merged = read_members(root, countries, country_owner, region_by_key, cohorts)
    aliases = read_aliases(root, merged)
    awards = merge_awards(root, merged, aliases, country_owner)
    statuses = read_statuses(root, merged, aliases)
    kinds = source_rules.read_hosts(root)
    originals = source_rules.read_originals(root, kinds)
    id_overrides = {
        (r["country"], normalize(r["city"])): r["id"]
        for r in read_tsv(root / "data/curated/ids.tsv")
    }

    cities = []
    for key, city in merged.items():
        a2 = city["country"]
        admissions = sorted(city["admissions"], key=lambda a: start[a["cohort"]])
        first = admissions[0] if admissions else None
        names = [city["name"]]
        for n in city.pop("_names") + aliases.get(key, []):
            if n not in names:
                names.append(n)
        strong, weak = keys_of(names)
        city_id = id_overrides.get(key) or f"{a2.lower()}-{slug(city['name'])}"
        if not is_city_id(city_id):
            raise BuildError(f"{city['name']}: malformed id {city_id!r}")
        city_awards = sorted(awards.get(key, []), key=lambda a: a["year"])
        sources: List[str] = list(city.pop("_sources", []))
        for a in admissions + city_awards:
            a["sources"] = source_rules.ordered(
                source_rules.with_originals(a["sources"], originals), kinds
            )
            sources += [s for s in a["sources"] if s not in sources]
        sources = source_rules.ordered(sources, kinds)
        status = city.pop("_status", None) or status_of(statuses.get(key), admissions, city_awards)
        check_awards(city["name"], admissions, city_awards, start)
        cities.append(
            {
                "id": city_id,
                "name": city["name"],
                "country": a2,
                "region": by_a2[a2]["region"],
                "cohort": first["cohort"] if first else None,
                "joined": first["year"] if first else None,
                "status": status,
                "admissions": admissions,
                "awards": [a["year"] for a in city_awards],
                "aliases": names[1:],
                "sources": sources,
                "location": None,
                "keys": strong,
                "weak_keys": weak,
                "_awards": city_awards,
            }
        )
    check_ids(cities)
    # Weak keys give way to any city's strong key.
    strong_all = {k for c in cities for k in c["keys"]}
    for c in cities:
        c["weak_keys"] = [k for k in c["weak_keys"] if k not in strong_all]
    cities.sort(key=lambda c: c["id"])
    count_known(cohorts, cities)
    return cities


def check_awards(
    name: str,
    admissions: List[Dict[str, Any]],
    awards: List[Dict[str, Any]],
    start: Dict[str, int],
) -> None:
    """The Learning City Award goes to members only: no city may win one
    before the year it joined (its first admission's year, or the first year
    of that admission's cohort)."""
    if not admissions or not awards:
        return
    first = admissions[0]
    joined = first["year"] if first["year"] is not None else start[first["cohort"]]
    if awards[0]["year"] < joined:
        raise BuildError(
            f"{name} won the {awards[0]['year']} award but joined in {joined}: "
            "an award goes to members only (correct the join year in "
            "data/curated/corrections.tsv)"
        )


def check_ids(cities: List[Dict[str, Any]]) -> None:
    ids = defaultdict(list)
    for c in cities:
        ids[c["id"]].append(c["name"])
    clashes = {k: v for k, v in ids.items() if len(v) > 1}
    if clashes:
        raise BuildError(f"id clashes (add rows to data/curated/ids.tsv): {clashes}")


def count_known(cohorts: List[Dict[str, Any]], cities: List[Dict[str, Any]]) -> None:
    """Each cohort's known admissions and their countries (gnlc._rules.is_admitted)."""
    for cohort in cohorts:
        members = [
            c
            for c in cities
            if is_admitted(c["status"]["state"])
            and any(a["cohort"] == cohort["id"] for a in c["admissions"])
        ]
        cohort["known_cities"] = len(members)
        cohort["known_countries"] = len({c["country"] for c in members})
