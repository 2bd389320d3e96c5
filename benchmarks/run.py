"""Issue 4's benchmark: every figure, next to its baseline, with the ratio.

Run it with ``nox -s bench`` (or ``python benchmarks/run.py`` in an
environment where gnlc and pycountry are installed). Options::

    --runs N        whole-process runs per command (default 21, interleaved)
    --sizes LIST    synthetic snapshot sizes (default 1000,10000,100000)
    --quick         fewer runs and repeats, for a smoke test
    --output FILE   also write the report to FILE
    --strict        exit 1 when a target is missed (default: report only)
    --wait-quiet S  first wait up to S seconds for the machine to go quiet
                    (1-minute load average under half the CPUs)

These are benchmark targets, not timed tests: the script reports and, unless
``--strict``, always exits 0. Whole-process figures are wall-clock medians of
interleaved ``python -c`` runs (order shuffled each round); warm per-call
figures are the best of 5 repeats of the median of 7 timeit samples.

Synthetic snapshots (1k, 10k, 100k cities) are built here from the bundled
snapshot and never shipped (only a temporary file, for the fresh-process load):
each city copies every field of a real one (country, region, cohort, admissions,
sources...) under a unique id ``<cc>-synth-NNNNNN``, a unique name
``<real name> <made-up word>`` and aliases to match, with keys made by
:func:`gnlc.normalize` as the data build makes them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from typing import Any, Callable, Dict, List, Optional, Tuple

# --------------------------------------------------------------------------- the commands

IMPORT_GNLC = "import gnlc"
IMPORT_ATTRS = "import attrs"
COLD_GNLC = 'import gnlc; gnlc.cities(region="Asia-Pacific")'
COLD_PYCOUNTRY = 'import pycountry; pycountry.countries.lookup("Viet Nam")'
EMPTY = "pass"

CITY_ID = "vn-cao-lanh"
CITY_NAME = "Cao Lanh"  # "Cao Lãnh" with its accent dropped
CITY_BASE = "vn-cao-lanh"  # the real city that the synthetic lookups copy
REGION = "Asia-Pacific"
COUNTRY = "Republic of Korea"
TYPO = "Gelsenkirchn"  # "Gelsenkirchen" missing a letter
TYPO_BASE = "de-gelsenkirchen"
PYCOUNTRY_FOUND = "Korea"
REAL_KEYS = {
    "id": CITY_ID,
    "name": CITY_NAME,
    "typo": TYPO,
}  # a query that search_fuzzy answers (it raises on the typo)

# Child script for the cold in-process breakdown: where a cold first query spends.
BREAKDOWN = """\
import time, sys
t0 = time.perf_counter()
import attrs
t1 = time.perf_counter()
import gnlc
t2 = time.perf_counter()
gnlc.cities(region="Asia-Pacific")
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""

# --------------------------------------------------------------------------- output


class Report:
    def __init__(self) -> None:
        self.lines: List[str] = []
        self.rows: List[Tuple[str, str, str, str, str, Optional[bool]]] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def row(
        self, figure: str, value: str, baseline: str, ratio: str, target: str, ok: Optional[bool]
    ) -> None:
        self.rows.append((figure, value, baseline, ratio, target, ok))

    def table(self, rows: List[Tuple[str, ...]], head: Tuple[str, ...]) -> None:
        widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
        for r in [head, tuple("-" * w for w in widths), *rows]:
            self.say("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())


def us(seconds: float) -> str:
    """A per-call time in the unit that reads best."""
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e3:.2f} ms"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def kib(n: float) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    return f"{n / 1024:.1f} KiB"


def loadavg() -> str:
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "n/a"


def wait_quiet(limit: float) -> None:
    """Wait up to *limit* seconds for the 1-minute load average to drop under half the CPUs."""
    cpus = os.cpu_count() or 1
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if float(loadavg().split()[0]) < cpus / 2:
                return
        except ValueError:
            return
        time.sleep(5)


def verdict(ok: Optional[bool]) -> str:
    return {True: "PASS", False: "FAIL", None: "info"}[ok]


# --------------------------------------------------------------------------- machine


def machine() -> Dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    import attrs
    import pycountry

    import gnlc

    info = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpu": cpu,
        "nproc": f"{usable} usable of {os.cpu_count()}",
        "python": f"{platform.python_implementation()} {platform.python_version()} "
        f"({sys.executable})",
        "os": platform.platform(),
        "gnlc": f"{gnlc.__version__} (data {gnlc.DATA_VERSION}) from {gnlc.__file__}",
        "attrs": attrs.__version__,
        "pycountry": str(pycountry.__version__),
    }
    try:
        rev = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
            cwd=os.path.dirname(os.path.abspath(__file__)),
        ).stdout.strip()
        info["source tree"] = rev
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


# --------------------------------------------------------------------------- timing


def child_env() -> Dict[str, str]:
    """The environment of the timed children: bytecode may be written (warm-up
    runs compile any missing .pyc, as a user's first run would)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def whole_process(
    commands: Dict[str, str], runs: int, warmup: int = 2, seed: int = 4
) -> Tuple[Dict[str, List[float]], Dict[str, List[float]]]:
    """Wall and CPU (user + sys) times of ``python -c CODE`` for each command,
    interleaved, in an order shuffled every round."""
    import resource

    rng = random.Random(seed)
    wall: Dict[str, List[float]] = {k: [] for k in commands}
    cpu: Dict[str, List[float]] = {k: [] for k in commands}
    env = child_env()
    with tempfile.TemporaryDirectory() as cwd:  # nothing in the cwd can shadow a module

        def once(code: str) -> Tuple[float, float]:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-c", code],
                cwd=cwd,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                check=False,
            )
            elapsed = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if proc.returncode:
                raise RuntimeError(f"{code!r} failed:\n{proc.stderr.decode()}")
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            return elapsed, used

        for _ in range(warmup):  # compile missing .pyc files, warm the page cache
            for code in commands.values():
                once(code)
        labels = list(commands)
        for _ in range(runs):
            rng.shuffle(labels)
            for label in labels:
                w, c = once(commands[label])
                wall[label].append(w)
                cpu[label].append(c)
    return wall, cpu


def per_call(
    stmt: str,
    namespace: Dict[str, Any],
    *,
    sample: float = 0.02,
    samples: int = 7,
    repeats: int = 5,
) -> float:
    """Seconds per call: best of *repeats* medians of *samples* timeit samples."""
    timer = timeit.Timer(stmt, globals=namespace)
    number = 1
    while True:
        if timer.timeit(number) >= sample:
            break
        number *= 4
    medians = []
    for _ in range(repeats):
        medians.append(statistics.median(timer.timeit(number) / number for _ in range(samples)))
    return min(medians)


def median_time(fn: Callable[[], Any], runs: int) -> float:
    out = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


# --------------------------------------------------------------------------- snapshots


def bundled_bytes() -> bytes:
    from importlib.resources import files

    return files("gnlc").joinpath("data/snapshot.json").read_bytes()


_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwxyz" for v in "aeiou"]  # 100


def made_up_word(i: int) -> str:
    """A pronounceable word unique to *i* (three syllables cover a million)."""
    parts = []
    for _ in range(3):
        i, d = divmod(i, 100)
        parts.append(_SYLLABLES[d])
    return "".join(parts).capitalize()


def synthetic(real: bytes, n: int) -> Tuple[bytes, Dict[str, str]]:
    """A snapshot of *n* synthetic cities, and the keys to look some up by."""
    from gnlc import _encode, _rules, normalize

    raw = json.loads(real.decode("utf-8"))
    if raw.get("schema") != _rules.SCHEMA:
        raise SystemExit(
            f"the bundled snapshot is schema {raw.get('schema')!r}; this needs {_rules.SCHEMA}"
        )
    fields = raw["fields"]["cities"]
    base = [dict(zip(fields, row)) for row in raw["cities"]]  # each city is an array
    cities = []
    picks: Dict[str, str] = {}
    for i in range(n):
        b = base[i % len(base)]
        word = made_up_word(i)
        name = f"{b['name']} {word}"
        aliases = [f"{a} {word}" for a in b["aliases"]]
        keys: List[str] = []
        for k in (normalize(name), *(normalize(a) for a in aliases)):
            if k and k not in keys:
                keys.append(k)
        # Every other field (status, admissions, sources, location, and whatever later
        # snapshots add per city) is copied as is: a copy cites the same sources, and
        # has the same status and admissions, as its original, through the same
        # references into the shared tables.
        city = {
            **b,
            "id": f"{b['country'].lower()}-synth-{i:06d}",
            "name": name,
            "aliases": aliases,
            "keys": keys,
            "weak_keys": [f"{k} {normalize(word)}" for k in b["weak_keys"]],
        }
        cities.append(city)
        if b["id"] == CITY_BASE and "id" not in picks:
            picks["id"] = city["id"]
            picks["name"] = f"{CITY_NAME} {word}"
        if b["id"] == TYPO_BASE and "typo" not in picks:
            picks["typo"] = f"{TYPO} {word}"
    raw["cities"] = [[c[f] for f in fields] for c in cities]
    # Other tables may refer to cities by id (awards do, in their "city" field):
    # point them at the first copy of the city, and drop the rows whose city was
    # not copied.
    first_copy = {b["id"]: c["id"] for b, c in zip(base, cities)}
    real_ids = {b["id"] for b in base}
    for table, table_fields in raw["fields"].items():
        if table == "cities" or "city" not in table_fields or table not in raw:
            continue
        at = table_fields.index("city")
        kept = []
        for row in raw[table]:
            ref = row[at]
            if isinstance(ref, str) and ref in real_ids:  # a lead's "city" is a name
                if ref not in first_copy:
                    continue
                row = [*row[:at], first_copy[ref], *row[at + 1 :]]
            kept.append(row)
        raw[table] = kept
    return _encode.dumps(raw), picks


LOAD_CHILD = """\
import sys, time
from gnlc import _store
with open(sys.argv[1], "rb") as fh:
    data = fh.read()
t0 = time.perf_counter()
_store.load_bytes(data, name="synthetic")
print(time.perf_counter() - t0)
"""


def load_in_child(data: bytes, runs: int) -> float:
    """Median seconds of ``load_bytes(data)`` in fresh processes: the heap holds nothing
    else, as in a program whose first query loads the snapshot. The bytes go to a
    temporary file that is deleted afterwards."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "synthetic.json")
        with open(path, "wb") as fh:
            fh.write(data)
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", LOAD_CHILD, path],
                cwd=tmp,
                env=child_env(),
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode:
                raise RuntimeError(f"loading the synthetic snapshot failed:\n{out.stderr}")
            times.append(float(out.stdout))
    return statistics.median(times)


def retained(load: Callable[[], Any]) -> Tuple[Any, int, int]:
    """Load under tracemalloc: (result, bytes still held after, peak bytes)."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        result = load()
        gc.collect()
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, after - before, peak - before


STATEMENTS = {
    "city(id)": "gnlc.city(id)",
    "city(name)": "gnlc.city(name)",
    "cities(region)": f"gnlc.cities(region={REGION!r})",
    "country(name)": f"gnlc.country({COUNTRY!r})",
    "search(typo)": "gnlc.search(typo)",
}


def lookups(
    subjects: List[Tuple[Any, Dict[str, str]]], quick: bool, sample: float = 0.02
) -> List[Dict[str, float]]:
    """Warm per-call times of the issue's lookups, for each (store, keys) subject.

    Subjects are measured in turn within every repeat (paired), so that a noisy
    moment on a shared machine hits all of them rather than skewing their ratio;
    each figure is the best of the repeats' medians of 7 samples.
    """
    import gnlc
    from gnlc import _fuzzy, _store

    reps = 3 if quick else 5
    out: List[Dict[str, float]] = [{} for _ in subjects]
    # Each subject is installed in turn; the memos and indexes of the last few
    # snapshots are kept (_store.PerSnapshot), so switching back finds them warm.
    with contextlib.ExitStack() as stack:

        def install(store: Any) -> None:
            stack.enter_context(_store.installed(store))

        for i, (store, picks) in enumerate(subjects):  # first calls: fill memos and indexes
            install(store)
            for stmt in STATEMENTS.values():
                if stmt.startswith("gnlc.search"):
                    t0 = time.perf_counter()
                    eval(stmt, {"gnlc": gnlc, **picks})
                    out[i]["search first"] = time.perf_counter() - t0
                else:
                    eval(stmt, {"gnlc": gnlc, **picks})
        for label, stmt in STATEMENTS.items():
            timers = [timeit.Timer(stmt, globals={"gnlc": gnlc, **p}) for _, p in subjects]
            numbers = []
            for (store, _), t in zip(subjects, timers):  # calls per sample, for each subject
                install(store)
                number = 1
                while t.timeit(number) < sample:
                    number *= 4
                numbers.append(number)
            medians: List[List[float]] = [[] for _ in subjects]
            for _ in range(reps):
                for i, (store, _) in enumerate(subjects):
                    install(store)
                    t, number = timers[i], numbers[i]
                    medians[i].append(
                        statistics.median(t.timeit(number) / number for _ in range(7))
                    )
            for i in range(len(subjects)):
                out[i][label] = min(medians[i])
        for i, (store, picks) in enumerate(subjects):
            install(store)
            _fuzzy._indexes.current.clear()  # the lazily built trigram index, measured alone
            _, index, _ = retained(lambda p=picks: gnlc.search(p["typo"]))
            out[i]["search index bytes"] = index
        return out


# --------------------------------------------------------------------------- sections


def section_import(rep: Report, runs: int) -> None:
    rep.say(f"## 1. Import and cold first query (whole process, median of {runs}, interleaved)")
    commands = {
        "empty": EMPTY,
        "attrs": IMPORT_ATTRS,
        "gnlc": IMPORT_GNLC,
        "pycountry cold": COLD_PYCOUNTRY,
        "gnlc cold": COLD_GNLC,
    }
    wall, cpu = whole_process(commands, runs)
    med = {k: statistics.median(v) for k, v in wall.items()}
    cmed = {k: statistics.median(v) for k, v in cpu.items()}
    rows = [
        (
            f"python -c {code!r}",
            ms(med[k]),
            ms(min(wall[k])),
            ms(max(wall[k])),
            ms(cmed[k]),
        )
        for k, code in commands.items()
    ]
    rep.table(rows, ("command", "wall median", "min", "max", "CPU median"))
    r_imp = med["gnlc"] / med["attrs"]
    r_cold = med["gnlc cold"] / med["pycountry cold"]
    r_cold_attrs = med["gnlc cold"] / med["attrs"]
    base = med["empty"]
    rep.say()
    rep.say(
        f"import gnlc / import attrs = {r_imp:.3f} (target <= 1.10; CPU time: "
        f"{cmed['gnlc'] / cmed['attrs']:.3f}); above the empty interpreter: "
        f"{ms(med['gnlc'] - base)} vs {ms(med['attrs'] - base)}"
    )
    rep.say(
        f"cold gnlc query / import attrs = {r_cold_attrs:.3f} (target <= 1.30; CPU time: "
        f"{cmed['gnlc cold'] / cmed['attrs']:.3f}); the target allows "
        f"{ms(1.30 * med['attrs'] - med['attrs'])} above import attrs, the query took "
        f"{ms(med['gnlc cold'] - med['attrs'])}"
    )
    rep.say(
        f"cold gnlc query / cold pycountry lookup = {r_cold:.3f} (target <= 1.0; CPU time: "
        f"{cmed['gnlc cold'] / cmed['pycountry cold']:.3f}); above the empty interpreter: "
        f"{ms(med['gnlc cold'] - base)} vs {ms(med['pycountry cold'] - base)}"
    )
    rep.row(
        "import gnlc (process)",
        ms(med["gnlc"]),
        f"import attrs {ms(med['attrs'])}",
        f"{r_imp:.3f}",
        "<= 1.10",
        r_imp <= 1.10,
    )
    rep.row(
        "cold import + cities(region)",
        ms(med["gnlc cold"]),
        f"import attrs {ms(med['attrs'])}",
        f"{r_cold_attrs:.3f}",
        "<= 1.30",
        r_cold_attrs <= 1.30,
    )
    rep.row(
        "cold import + cities(region)",
        ms(med["gnlc cold"]),
        f"pycountry lookup {ms(med['pycountry cold'])}",
        f"{r_cold:.3f}",
        "<= 1.0",
        r_cold <= 1.0,
    )

    # Where a cold first query spends its time, measured inside the child.
    with tempfile.TemporaryDirectory() as cwd:
        parts: List[List[float]] = [[], [], []]
        for _ in range(max(5, runs // 2)):
            out = subprocess.run(
                [sys.executable, "-c", BREAKDOWN],
                cwd=cwd,
                env=child_env(),
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            for i, v in enumerate(out):
                parts[i].append(float(v))
    a, g, q = (statistics.median(p) for p in parts)
    rep.say(
        f"inside a cold process (median of {len(parts[0])}): import attrs {ms(a)}, "
        f"rest of import gnlc {ms(g)}, first cities(region) {ms(q)} (load + query)"
    )
    rep.say()


def section_warm(rep: Report, real: bytes, quick: bool) -> Dict[str, float]:
    import pycountry

    import gnlc
    from gnlc import _store

    reps = 3 if quick else 5
    rep.say(f"## 2. Warm per-call times (best of {reps} repeats of the median of 7 samples)")
    store = _store.load_bytes(real, name="bundled snapshot")
    figures = lookups([(store, REAL_KEYS)], quick)[0]
    gnlc.city(CITY_NAME)  # warm the process-wide store too
    pycountry.countries.lookup("Viet Nam")
    floor = per_call("f(x)", {"f": lambda x: x, "x": 1}, repeats=reps)
    py_lookup = per_call("lookup('Viet Nam')", {"lookup": pycountry.countries.lookup}, repeats=reps)
    py_get = per_call("get(alpha_2='VN')", {"get": pycountry.countries.get}, repeats=reps)
    targets = {
        "city(id)": 0.3e-6,
        "city(name)": 1e-6,
        "cities(region)": 1e-6,
        "country(name)": 1e-6,
    }
    shown = {
        "city(id)": f"gnlc.city({CITY_ID!r})",
        "city(name)": f"gnlc.city({CITY_NAME!r})",
        "cities(region)": f"gnlc.cities(region={REGION!r})",
        "country(name)": f"gnlc.country({COUNTRY!r})",
    }
    rows = []
    for k, limit in targets.items():
        ok = figures[k] <= limit
        rows.append((shown[k], us(figures[k]), f"<= {us(limit)}", verdict(ok)))
        rep.row(
            f"warm {shown[k]}",
            us(figures[k]),
            f"pycountry lookup {us(py_lookup)}",
            f"{figures[k] / py_lookup:.3f}",
            f"<= {us(limit)}",
            ok,
        )
    rows.append(("pycountry.countries.lookup('Viet Nam')", us(py_lookup), "baseline", ""))
    rows.append(("pycountry.countries.get(alpha_2='VN')", us(py_get), "baseline", ""))
    rows.append(("f(x), an empty Python function", us(floor), "floor", ""))
    rep.table(rows, ("call", "per call", "target", ""))
    rep.say()

    rep.say("## 3. Fuzzy search, warm (gnlc's trigram index built by a first call)")
    fuzzy = pycountry.countries.search_fuzzy
    with contextlib.suppress(LookupError):
        fuzzy(TYPO)
    fuzzy(PYCOUNTRY_FOUND)

    def py_typo() -> None:
        with contextlib.suppress(LookupError):
            fuzzy(TYPO)

    t_py_typo = per_call("f()", {"f": py_typo}, repeats=reps)
    t_py_found = per_call(f"f({PYCOUNTRY_FOUND!r})", {"f": fuzzy}, repeats=reps)
    t_gnlc = figures["search(typo)"]
    ratio = t_gnlc / min(t_py_typo, t_py_found)
    rep.table(
        [
            (f"gnlc.search({TYPO!r})", us(t_gnlc), ""),
            (f"gnlc.search({TYPO!r}), first call", us(figures["search first"]), "builds index"),
            (f"pycountry search_fuzzy({TYPO!r})", us(t_py_typo), "raises LookupError"),
            (f"pycountry search_fuzzy({PYCOUNTRY_FOUND!r})", us(t_py_found), "finds KP, KR"),
        ],
        ("call", "per call", "note"),
    )
    rep.say(f"gnlc.search / the faster pycountry search_fuzzy = {ratio:.4f} (target <= 0.1)")
    rep.row(
        f"warm gnlc.search({TYPO!r})",
        us(t_gnlc),
        f"pycountry search_fuzzy {us(min(t_py_typo, t_py_found))}",
        f"{ratio:.4f}",
        "<= 0.1",
        ratio <= 0.1,
    )
    rep.say()
    return figures


def section_load(rep: Report, real: bytes, runs: int) -> None:
    import hashlib

    from gnlc import _snapshot, _store

    rep.say(f"## 4. First load of the bundled snapshot, in a warm process (median of {runs})")
    raw = json.loads(real.decode("utf-8"))
    steps = [
        ("read the resource (importlib.resources)", bundled_bytes),
        ("sha256 of the bytes", lambda: hashlib.sha256(real).hexdigest()),
        ("decode + json.loads", lambda: json.loads(real.decode("utf-8"))),
        ("load_bytes (hash + parse + build)", lambda: _store.load_bytes(real)),
    ]
    bundled = getattr(_store, "_load_bundled", None)  # internal: skipped if renamed
    if bundled is not None:
        steps.append(("_load_bundled (all of the above)", bundled))
    rows = []
    for label, fn in steps:
        rows.append((label, ms(median_time(fn, runs))))
    try:  # an internal constructor: skip quietly if its signature changes
        build = median_time(lambda: _snapshot.decode(raw, "0" * 64), runs)
        rows.insert(3, ("decode(raw): records and indexes", ms(build)))
    except Exception:  # the benchmark reports what it can
        pass
    rep.table(rows, ("step", "median"))
    rep.say()


ScaleRow = Tuple[str, int, int, float, int, int, Dict[str, float], Dict[str, float]]


def section_scale(
    rep: Report, real: bytes, sizes: List[int], real_figs: Dict[str, float], quick: bool
) -> None:
    from gnlc import _store

    rep.say("## 5. Scale and memory")
    rep.say("load: load_bytes(data) in a fresh process, median (a first load, so it includes")
    rep.say("importing json and hashlib); memory: tracemalloc around load_bytes, retained after gc")
    n_real = len(json.loads(real.decode("utf-8"))["cities"])
    real_store, real_mem, real_peak = retained(lambda: _store.load_bytes(real))
    real_load = load_in_child(real, 7)
    # (label, cities, JSON bytes, load s, retained B, peak B, figures, paired bundled figures)
    results: List[ScaleRow] = [
        ("bundled", n_real, len(real), real_load, real_mem, real_peak, real_figs, real_figs)
    ]
    for n in sizes:
        data, picks = synthetic(real, n)
        load = load_in_child(data, 3 if n >= 50_000 or quick else 5)
        store, mem, peak = retained(lambda d=data: _store.load_bytes(d, name="synthetic"))
        base, figs = lookups([(real_store, REAL_KEYS), (store, picks)], quick)
        del store
        gc.collect()
        results.append((f"synthetic {n:,}", n, len(data), load, mem, peak, figs, base))
        print(f"  ... {n:,} synthetic cities measured", file=sys.stderr, flush=True)

    rows = []
    for label, n, size, load, mem, peak, _, _ in results:
        rows.append(
            (
                label,
                f"{n:,}",
                kib(size),
                ms(load),
                f"{load / n * 1e6:.1f} µs",
                kib(mem),
                f"{mem / n:,.0f} B",
                kib(peak),
            )
        )
    rep.table(
        rows,
        ("snapshot", "cities", "JSON", "load", "load/city", "retained", "per city", "peak"),
    )
    for r0, r1 in zip(results[1:], results[2:]):
        (n0, l0, m0), (n1, l1, m1) = (r0[1], r0[3], r0[4]), (r1[1], r1[3], r1[4])
        rep.say(
            f"growth {n0:,} -> {n1:,} cities (x{n1 / n0:.0f}): load x{l1 / l0:.1f}, "
            f"memory x{m1 / m0:.1f}; marginal memory {(m1 - m0) / (n1 - n0):,.0f} B per city"
        )
    rep.say()

    keys = list(STATEMENTS)
    rows = []
    for label, _, _, _, _, _, figs, base in results:
        cells: List[str] = [label]
        for k in keys:
            cell = us(figs[k])
            if figs is not base:
                cell += f" ({figs[k] / base[k]:.2f}x)"
            cells.append(cell)
        cells.append(us(figs["search first"]))
        index = figs.get("search index bytes")
        cells.append("n/a" if index is None else kib(index))
        rows.append(tuple(cells))
    rep.say("warm lookups per snapshot; in brackets the ratio to the bundled snapshot measured")
    rep.say("in the same repeats (target <= 2x for the four lookups; search, its first call and")
    rep.say("its trigram index are shown for information):")
    rep.table(rows, ("snapshot", *keys, "1st search", "search index"))
    rep.say()

    rep.row(
        "memory per city, bundled",
        f"{real_mem / n_real:,.0f} B",
        f"{kib(real_mem)} / {n_real}",
        "",
        "<= 2048 B",
        real_mem / n_real <= 2048,
    )
    label, n, _, load, mem, _, figs, base = results[-1]
    if figs is base:
        return
    rep.row(
        f"load {n:,} synthetic cities",
        ms(load),
        f"bundled {ms(real_load)}",
        "",
        "<= 1.5 s",
        load <= 1.5,
    )
    rep.row(
        f"memory per city, {n:,} synthetic",
        f"{mem / n:,.0f} B",
        kib(mem),
        "",
        "<= 2048 B",
        mem / n <= 2048,
    )
    for k in keys:
        r = figs[k] / base[k]
        info = k.startswith("search")
        rep.row(
            f"warm {k} at {n:,}",
            us(figs[k]),
            f"bundled {us(base[k])} (paired)",
            f"{r:.2f}",
            "(info)" if info else "<= 2x",
            None if info else r <= 2.0,
        )


# --------------------------------------------------------------------------- main


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--output")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="S")
    args = ap.parse_args(argv)
    if args.wait_quiet:
        wait_quiet(args.wait_quiet)
    runs = 5 if args.quick else args.runs
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    rep = Report()
    rep.say("# gnlc benchmark (issue 4)")
    for k, v in machine().items():
        rep.say(f"{k + ':':13} {v}")
    rep.say(f"{'load avg:':13} {loadavg()} at the start (1, 5, 15 min)")
    import gnlc

    cache = os.path.join(os.path.dirname(gnlc.__file__), "__pycache__")
    if not os.path.isdir(cache):
        rep.say(f"note:         {cache} is missing: the first timed runs compile gnlc")
    rep.say()
    real = bundled_bytes()
    section_import(rep, runs)
    real_figs = section_warm(rep, real, args.quick)
    section_load(rep, real, 21 if not args.quick else 5)
    section_scale(rep, real, sizes, real_figs, args.quick)

    rep.say("## Summary")
    rep.table(
        [(f, v, b, r, t, verdict(ok)) for f, v, b, r, t, ok in rep.rows],
        ("figure", "measured", "baseline", "ratio", "target", ""),
    )
    missed = sum(1 for *_, ok in rep.rows if ok is False)
    rep.say()
    rep.say(f"{missed} of {sum(1 for *_, ok in rep.rows if ok is not None)} targets missed")
    rep.say(f"load average at the end: {loadavg()}")
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write("\n".join(rep.lines) + "\n")
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
