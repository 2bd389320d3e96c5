"""Generate the documentation's data-driven content from the bundled snapshot.

The pages in ``docs/`` are written by hand; where a page needs content that
comes from the data or the code (a table of stated vs known members, the
chart, the help of every command, the data dictionary, the API reference), it
holds a marker line, and this script replaces the marker with the content at
build time::

    <!-- gen: cohort-table -->
    <!-- gen: fields City -->

Nothing generated is committed, so nothing generated can go stale: the site
is rebuilt from the snapshot every time. Three ways to run it:

* ``mkdocs build`` runs it through the ``gen-files`` plugin (``mkdocs.yml``):
  the expanded pages and the images exist only inside the build;
* ``python -m tools.docs_gen --out DIR`` writes ``docs/`` with every marker
  expanded (and the images) into DIR, to read or diff the result;
* ``python -m tools.docs_gen --check`` expands everything and writes nothing
  (tests/test_docs.py does the same, without the images).

The tutorial's chart is the figure that the tutorial's own examples draw:
this script runs ``docs/tutorial.md`` as a doctest (any failure stops the
build) and saves its ``fig``. So the code on the page is the code that made
the picture.

Adding generated content (the map of members of issue 8 is the next one):

1. write a function that returns Markdown and register it with
   ``@generator("name")`` (it receives the text after the name in the
   marker), or, for a file such as an image, add ``"path": function`` to
   :data:`ASSETS`;
2. put ``<!-- gen: name -->`` where it belongs in a page (an image is linked
   like any other: ``![Members](img/members-map.png)``);
3. ``nox -s docs`` builds the site with warnings as errors.

The API reference renders gnlc's docstrings through :mod:`tools.docstrings`
(a griffe extension that ``mkdocs.yml`` loads); field meanings come from
:data:`gnlc.fields.MEANINGS`, the one place they are written.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import doctest
import io
import os
import re
import shutil
import sys
import types
import typing
import urllib.parse
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import attrs

import gnlc
import gnlc.fields
from gnlc._rules import STATE_MEANINGS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

MARKER = re.compile(r"^<!-- gen: ([a-z-]+)(?: (.*?))? -->[ \t]*$", re.M)
TUTORIAL = "tutorial.md"
CHART = "img/members-by-cohort-region.png"

Content = Union[str, bytes]


class GenError(Exception):
    """A page or the data cannot be turned into documentation; the message says why."""


# --------------------------------------------------------------------------- Markdown helpers


def cell(value: object) -> str:
    """Text that is safe in a Markdown table cell."""
    text = "" if value is None else str(value)
    text = text.replace("\n", " ").replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def plain(value: object) -> str:
    """Text that stays text in Markdown (no stray HTML)."""
    return str(value).replace("<", "&lt;").replace(">", "&gt;")


def code(value: str) -> str:
    """An inline code span (a ``|`` in it does not split a table cell)."""
    value = value.replace("\n", " ")
    fence = "``" if "`" in value else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """A Markdown table; *align* has one letter per column (``l`` or ``r``)."""
    align = align.ljust(len(header), "l")
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def link(url: str) -> str:
    """A link that shows the site's name, for a table or a list."""
    return f"[{site(url)}]({url})"


def site(url: str) -> str:
    host = urllib.parse.urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def num(value: Optional[int]) -> str:
    return "" if value is None else str(value)


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def read_tsv(path: Path) -> List[Dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


# --------------------------------------------------------------------------- generators

GENERATORS: Dict[str, Callable[[str], str]] = {}


def generator(name: str) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """Register a function as the content of ``<!-- gen: name ... -->``."""

    def register(fn: Callable[[str], str]) -> Callable[[str], str]:
        GENERATORS[name] = fn
        return fn

    return register


def _members_by_country() -> int:
    return len(gnlc.count_by("country"))


@generator("snapshot-summary")
def snapshot_summary(_: str) -> str:
    info = gnlc.snapshot_info()
    members = gnlc.cities()
    by_state: Dict[str, int] = {}
    for c in gnlc.cities(status="any"):
        by_state[c.status.state] = by_state.get(c.status.state, 0) + 1
    current = {c.status.state for c in members}
    states = ", ".join(f"{by_state[s]} {s}" for s in gnlc.STATES if s in current)
    gone = [f"{by_state[s]} {s}" for s in gnlc.STATES if s not in current and by_state.get(s)]
    more = f' Not counted as members: {", ".join(gone)} (`status="any"`).' if gone else ""
    return (
        f"This site was built from **data version {info.data_version}** (snapshot of "
        f"{info.snapshot_date.isoformat()}, SHA-256 `{info.sha256[:12]}…`) with gnlc "
        f"{gnlc.__version__}: **{len(members)} member cities** ({states}) in "
        f"{_members_by_country()} countries, admitted in {len(gnlc.cohorts())} cohorts, "
        f"and {len(gnlc.awards())} Learning City Awards.{more}"
    )


@generator("cohort-table")
def cohort_table(_: str) -> str:
    rows = []
    for k in gnlc.cohorts():
        share = "" if not k.stated_cities else f"{k.known_cities / k.stated_cities:.0%}"
        countries = str(k.known_countries)
        if k.stated_countries is not None:
            countries += f" of {k.stated_countries}"
        network = ""
        if k.stated_total is not None:
            network = f"{k.stated_total}"
            if k.stated_total_countries is not None:
                network += f" in {k.stated_total_countries} countries"
        rows.append(
            (
                f"[{k.id}](#cohort-{k.id})",
                k.announced.isoformat() if k.announced else "(none)",
                num(k.stated_cities),
                k.known_cities,
                num(k.missing_cities),
                share,
                countries,
                network,
            )
        )
    header = (
        "Cohort",
        "Announced",
        "Stated",
        "Known",
        "Missing",
        "Share",
        "Countries known",
        "Network after",
    )
    latest = next((k for k in reversed(gnlc.cohorts()) if k.stated_total), None)
    tail = ""
    if latest is not None:
        tail = (
            f"\n\nAfter the {latest.id} cohort UNESCO stated a network of **{latest.stated_total}"
            f" members**"
            + (
                f" in {latest.stated_total_countries} countries"
                if latest.stated_total_countries
                else ""
            )
            + f"; the snapshot knows **{len(gnlc.cities())}** current members in "
            f"{_members_by_country()} countries (members that left are not counted)."
        )
    return table(header, rows, "llrrrrrl") + tail


@generator("region-table")
def region_table(_: str) -> str:
    regions = gnlc.regions()
    cells: Dict[Tuple[str, Optional[str]], str] = {}
    for row in gnlc.coverage():
        text = str(row.known)
        if row.stated is not None:
            text = f"{row.known} of {row.stated}"
        cells[(row.cohort, row.region)] = text
    header = ("Cohort", *(f"{r.name} ({r.code})" for r in regions), "All regions")
    rows = [
        (k.id, *(cells.get((k.id, r.code), "") for r in regions), cells.get((k.id, None), ""))
        for k in gnlc.cohorts()
    ]
    return table(header, rows, "l" + "r" * (len(regions) + 1))


def _found_rows() -> Dict[str, List[Dict[str, str]]]:
    """Rows of data/found (gnlc's own searches), by cohort."""
    out: Dict[str, List[Dict[str, str]]] = {}
    for path in sorted((ROOT / "data" / "found").glob("cohort-*.tsv")):
        out[path.stem[len("cohort-") :]] = read_tsv(path)
    return out


@generator("cohort-details")
def cohort_details(_: str) -> str:
    found = _found_rows()
    members: Dict[str, List[gnlc.City]] = {}
    for c in gnlc.cities(status="any"):
        for cid in c.cohort_ids:
            members.setdefault(cid, []).append(c)
    parts = []
    for k in gnlc.cohorts():
        when = f"announced {k.announced.isoformat()}" if k.announced else "no single announcement"
        stated = "no stated figure" if k.stated_cities is None else f"stated {k.stated_cities}"
        lines = [f"### {k.id} {{#cohort-{k.id}}}", "", f"{when}; {stated}, known {k.known_cities}."]
        if k.sources:
            lines += ["", "**Announcement sources:**", ""]
            lines += [f"- <{s}>" for s in k.sources]
        sites: Dict[str, int] = {}
        for c in members.get(k.id, ()):
            for s in c.sources:
                sites[site(s)] = sites.get(site(s), 0) + 1
        if sites:
            top = sorted(sites.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = ", ".join(f"{name} ({n})" for name, n in top[:8])
            more = f", and {len(top) - 8} more" if len(top) > 8 else ""
            lines += [
                "",
                f"**Member rows** cite sources on {len(top)} sites: {shown}{more}.",
            ]
        if k.notes:
            lines += ["", "**Notes, corrections and doubts:**", ""]
            lines += [f"- {plain(n)}" for n in k.notes]
        rows = found.get(k.id, [])
        if rows:
            lines += [
                "",
                "**Found by gnlc's own searches** (`data/found/`), with the confidence given:",
                "",
                table(
                    ("City", "Country", "Confidence", "Source"),
                    (
                        (
                            cell(r["city"]),
                            cell(r["country"]),
                            cell(r["confidence"]),
                            link(r["source"]),
                        )
                        for r in rows
                    ),
                ),
            ]
        n_leads = len(gnlc.leads(k.id))
        if n_leads:
            lines += ["", f"Open research leads for this cohort: {n_leads} (see [leads](#leads))."]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


@generator("statuses")
def statuses(_: str) -> str:
    everyone = gnlc.cities(status="any")
    counts = {s: sum(1 for c in everyone if c.status.state == s) for s in gnlc.STATES}
    out = table(
        ("State", "Meaning", "Cities"),
        ((code(s), STATE_MEANINGS[s], counts[s]) for s in gnlc.STATES),
        "llr",
    )
    gone = [c for c in everyone if c.status.state in ("doubtful", "left", "withdrawn")]
    if gone:
        out += "\n\nThe members whose status is in doubt or gone:\n"
        for c in gone:
            when = f" as of {c.status.as_of}" if c.status.as_of else ""
            sources = ", ".join(link(s) for s in c.status.sources)
            out += f"\n- **{plain(c.name)}** ({plain(c.country.name)}), `{c.status.state}`{when}"
            out += f": {plain(c.status.note)}" if c.status.note else ""
            out += f" (source: {sources})" if sources else ""
    return out


@generator("excluded")
def excluded(_: str) -> str:
    rows = read_tsv(ROOT / "data" / "curated" / "excluded.tsv")
    if not rows:
        return "No published row is left out."
    return table(
        ("Cohort", "City", "Country", "Why it is left out"),
        ((cell(r["cohort"]), cell(r["city"]), cell(r["country"]), cell(r["reason"])) for r in rows),
    )


@generator("leads")
def leads(_: str) -> str:
    found = gnlc.leads()
    if not found:
        return "There are no open leads."
    return table(
        ("Cohort", "City", "Country", "What is known"),
        ((cell(x.cohort), cell(x.city_name), cell(x.country_code), cell(x.note)) for x in found),
    )


@generator("awards")
def awards(_: str) -> str:
    years: Dict[int, List[str]] = {}
    for a in gnlc.awards():
        years.setdefault(a.year, []).append(f"{a.city.name} ({a.city.country.alpha_2})")
    return table(
        ("Year", "Winners", "Cities"),
        ((y, len(names), cell(", ".join(names))) for y, names in sorted(years.items())),
        "lrl",
    )


DATA_FILES = {
    "data/raw/cohort-*.tsv": "Member rows of one cohort, as the shared source lists gave them.",
    "data/raw/*.notes.md": "Research notes: how rows were found, conflicts, corrections, doubts.",
    "data/raw/awards.tsv": "UNESCO Learning City Award winners.",
    "data/raw/unesco-regions.tsv": "UNESCO region of every Member State and Associate Member.",
    "data/found/cohort-*.tsv": "Member rows found by gnlc's own searches, with the evidence.",
    "data/found/*.notes.md": "Notes of those searches, including what found nothing.",
    "data/curated/cohorts.tsv": "Admission rounds: dates, stated figures, sources, notes.",
    "data/curated/regions.tsv": "The five UNESCO regions, their codes and aliases.",
    "data/curated/stated-regions.tsv": "Regional figures a source stated for a cohort.",
    "data/curated/country-names.tsv": "Country spellings the sources use, and their code.",
    "data/curated/city-aliases.tsv": "Other names of member cities.",
    "data/curated/ids.tsv": "Ids pinned by hand (when a new spelling would change an id).",
    "data/curated/published-ids.txt": "Every city id ever published; never remove a line.",
    "data/curated/excluded.tsv": "Published rows gnlc leaves out, with the reason.",
    "data/curated/status.tsv": "Later membership status of a city, with its source.",
    "data/curated/leads.tsv": "Probable members without a source yet.",
    "data/curated/release.tsv": "The data version and the snapshot date.",
    "data/curated/geo-overrides.tsv": "Reviewed locations that override the gazetteer's.",
    "data/curated/subdivision-map.tsv": "GeoNames first-level divisions as ISO 3166-2 codes.",
    "data/curated/*.notes.md": "Research notes behind a curated table.",
}


@generator("data-files")
def data_files(_: str) -> str:
    """Every file under data/, grouped by pattern, with its columns."""
    import fnmatch

    rows = []
    seen = set()
    paths = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()
    )
    for pattern in DATA_FILES:
        matched = [p for p in paths if fnmatch.fnmatch(p, pattern)]
        seen.update(matched)
        if matched:
            rows.append((pattern, matched))
    rows += [(p, [p]) for p in paths if p not in seen and not p.endswith("README.md")]
    out = []
    for pattern, matched in rows:
        first = ROOT / matched[0]
        columns = ""
        if first.suffix == ".tsv":
            with first.open(encoding="utf-8") as fh:
                columns = ", ".join(code(c) for c in fh.readline().rstrip("\n").split("\t"))
        count = f" ({len(matched)} files)" if len(matched) > 1 else ""
        out.append((code(pattern) + count, DATA_FILES.get(pattern, ""), columns))
    return table(("File", "What it holds", "Columns"), out)


# --------------------------------------------------------------------------- data dictionary


def _records() -> Dict[str, List[Any]]:
    """Real records of every class, the preferred example first."""
    everyone = list(gnlc.cities(status="any"))
    first = [gnlc.city("Cork"), gnlc.city("Muharraq"), *everyone]
    return {
        "Region": [gnlc.region("APA"), *gnlc.regions()],
        "Country": [gnlc.country("Viet Nam"), *gnlc.countries()],
        "Cohort": [gnlc.cohort(2025), *gnlc.cohorts()],
        "Admission": [a for c in everyone for a in c.admissions],
        "Status": [c.status for c in first],
        "Location": [c.location for c in first if c.location is not None],
        "City": first,
        "Award": list(gnlc.awards()),
        "Lead": list(gnlc.leads()),
        "CoverageRow": list(gnlc.coverage()),
        "SnapshotInfo": [gnlc.snapshot_info()],
        "Match": list(gnlc.search("Hamburgh")),
    }


def _type_name(tp: Any) -> str:
    text = tp if isinstance(tp, str) else getattr(tp, "__name__", None) or repr(tp)
    if not isinstance(tp, str) and getattr(tp, "__module__", "") == "typing":
        text = repr(tp)
    text = re.sub(r"\b(typing|datetime|gnlc\.model)\.", "", text)
    text = re.sub(r"\b(Tuple|Dict|List)\[", lambda m: m.group(1).lower() + "[", text)
    text = re.sub(r"Optional\[(.*)\]$", r"\1 | None", text)
    return text.replace("NoneType", "None")


def _example(records: List[Any], name: str) -> str:
    """The first non-empty value of *name* in *records*, shown as Python shows it."""

    def get(r: Any, key: str) -> Any:
        return r.get(key) if isinstance(r, dict) else getattr(r, key, None)

    for i, r in enumerate(records):
        value = get(r, name)
        if value is None or value == () or value == [] or value == "":
            continue
        text = code(shorten(repr(value), 48))
        if i and get(records[0], "name") is not None and get(r, "name") is not None:
            text += f" ({cell(get(r, 'name'))})"
        return text
    return "*none in this snapshot*"


def _model_classes() -> Dict[str, type]:
    from gnlc import model

    return {n: getattr(model, n) for n in model.__all__ if attrs.has(getattr(model, n))}


@generator("fields")
def fields(arg: str) -> str:
    """The fields of the record class *arg*, with their meanings (from
    :data:`gnlc.fields.MEANINGS`), types and a real example."""
    classes = _model_classes()
    if arg not in classes:
        raise GenError(f"<!-- gen: fields {arg} -->: no record class {arg!r} in gnlc.model")
    cls = classes[arg]
    hints = typing.get_type_hints(cls)
    records = _records().get(arg, [])
    rows = []
    for f in gnlc.fields.fields(cls):
        tp = (
            typing.get_type_hints(getattr(cls, f.name).fget)["return"]
            if f.property
            else hints[f.name]
        )
        meaning = f"*Property.* {f.doc}" if f.property else f.doc
        rows.append((f"`{f.name}`", code(_type_name(tp)), meaning, _example(records, f.name)))
    return table(("Field", "Type", "Meaning", "Example"), rows)


@generator("columns")
def columns(arg: str) -> str:
    """The columns of the flat table *arg* (:data:`gnlc.fields.TABLES`): what
    each means, its type, its pandas dtype for the cities table, an example."""
    tables = gnlc.fields.TABLES
    if arg not in tables:
        raise GenError(f"<!-- gen: columns {arg} -->: no flat table {arg!r}; known: {list(tables)}")
    t = tables[arg]
    records = {"cities": "City", "countries": "Country", "regions": "Region"}
    records.update(cohorts="Cohort", awards="Award")
    rows = [t.row(r) for r in _records()[records[arg]]]
    dtypes: Dict[str, str] = {}
    if t is gnlc.fields.CITIES:
        try:
            frame = gnlc.to_dataframe(gnlc.cities()[:1])
            dtypes = {c: str(d) for c, d in frame.dtypes.items()}
        except ImportError:  # no pandas here
            pass
    header = ["Column", "Type", "Meaning", "Example"]
    if dtypes:
        header.insert(2, "pandas dtype")
    out = []
    for c in t.columns:
        r = [f"`{c.name}`", code(_type_name(c.type)), c.doc, _example(rows, c.name)]
        if dtypes:
            r.insert(2, code(dtypes.get(c.name, "")))
        out.append(r)
    return table(header, out)


# --------------------------------------------------------------------------- CLI and API


@generator("cli-help")
def cli_help(_: str) -> str:
    from gnlc import cli

    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal: make it the same everywhere
    try:
        parser = cli._parser()
        parts = ["### gnlc", "", "```text", parser.format_help().rstrip(), "```"]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    parts += ["", f"### gnlc {name}", "", "```text", sub.format_help().rstrip()]
                    parts.append("```")
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    return "\n".join(parts)


# Titles of the API sections, in order; a public module that is not listed
# here still gets a section, titled from its docstring.
API_SECTIONS = {
    "query": "Queries",
    "results": "Results",
    "model": "Records",
    "fields": "Fields and flat tables",
    "export": "Export: CSV, JSON and more",
    "frame": "pandas",
    "convert": "Dicts and back",
    "validation": "Validation",
    "snapshot_diff": "Comparing snapshots",
    "errors": "Errors and warnings",
    "normalization": "Name matching",
    "testing": "Testing against other data",
}
API_SKIP = {"cli"}  # documented on the command-line page
VERSION_NAMES = ("__version__", "DATA_VERSION", "SNAPSHOT_DATE")  # described in api.md


def _public(name: str) -> Any:
    """``gnlc.<name>``."""
    return getattr(gnlc, name)


def _source_order(module: types.ModuleType) -> List[str]:
    """The names of ``module.__all__`` in the order the module defines them."""
    import inspect

    source = inspect.getsource(module)
    names = list(getattr(module, "__all__", ()))

    def position(name: str) -> int:
        m = re.search(rf"^(?:(?:async )?def |class )?{re.escape(name)}\b", source, re.M)
        return m.start() if m else len(source)

    return sorted(names, key=position)


@generator("api")
def api(_: str) -> str:
    import importlib
    import pkgutil

    top_level = {name: _public(name) for name in gnlc.__all__}
    names = [m.name for m in pkgutil.iter_modules(gnlc.__path__)]
    public = [n for n in names if not n.startswith("_") and n not in API_SKIP]
    order = [n for n in API_SECTIONS if n in public] + sorted(set(public) - set(API_SECTIONS))
    placed = set(VERSION_NAMES)
    parts = []
    for short in order:
        module = importlib.import_module(f"gnlc.{short}")
        title = API_SECTIONS.get(short) or (module.__doc__ or short).strip().splitlines()[0]
        heading = f"## {title.rstrip('.')} {{#gnlc.{short}}}"  # the id is the module's path
        parts += [heading, "", f"::: gnlc.{short}", "    options:"]
        parts += ["        members: false", "        show_root_heading: false"]
        parts += ["        show_root_toc_entry: false", ""]
        for name in _source_order(module):
            exported = name in top_level and top_level[name] is getattr(module, name)
            if exported:
                placed.add(name)
            # A function named like its module (gnlc.validate) is shown under the module's path.
            short_path = exported and name != short
            parts += [f"::: gnlc.{name}" if short_path else f"::: gnlc.{short}.{name}", ""]
    unplaced = sorted(set(gnlc.__all__) - placed)
    if unplaced:
        raise GenError(f"public names in no module's __all__: {unplaced}")
    return "\n".join(parts).rstrip()


# --------------------------------------------------------------------------- pages and assets


DIRECTIVE = re.compile(r"^((?:>>>|\.\.\.) .*?)[ \t]+# doctest:[^\n]*$", re.M)


def expand(text: str, where: str = "page") -> str:
    """Replace every marker line of *text* with its generated content, and drop
    the ``# doctest:`` directives from examples (they are for the test suite)."""

    def replace(m: re.Match[str]) -> str:
        name, arg = m.group(1), (m.group(2) or "").strip()
        fn = GENERATORS.get(name)
        if fn is None:
            raise GenError(f"{where}: unknown marker {m.group(0)!r}; known: {sorted(GENERATORS)}")
        return fn(arg).rstrip()

    return DIRECTIVE.sub(r"\1", MARKER.sub(replace, text))


def run_tutorial(path: Path = DOCS / TUTORIAL) -> Dict[str, Any]:
    """Run every example of the tutorial; return its namespace (fail on any failure)."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    text = path.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, path.name, str(path), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()):
        result = runner.run(test, out=report.write, clear_globs=False)
    if result.failed:
        raise GenError(f"{path.name}: {result.failed} example(s) failed\n{report.getvalue()}")
    return test.globs


def chart_png() -> bytes:
    """The tutorial's chart of members per cohort and region, as a PNG."""
    fig = run_tutorial().get("fig")
    if fig is None:
        raise GenError(f"{TUTORIAL} defines no `fig` to save as {CHART}")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


MAP = "img/members-map.png"


def map_png() -> bytes:
    """Every located member as a point (longitude, latitude), coloured by its
    UNESCO region: a plain equirectangular plot, no basemap, so the build
    needs nothing but matplotlib and the bundled snapshot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5.2))
    located = 0
    for i, region in enumerate(gnlc.regions()):
        points = [
            (c.location.lon, c.location.lat)
            for c in gnlc.cities(region=region)
            if c.location is not None and c.location.lat is not None
        ]
        located += len(points)
        if points:
            xs, ys = zip(*points)
            ax.scatter(xs, ys, s=14, color=f"C{i}", label=f"{region.name} ({len(points)})")
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 75)
    ax.set_aspect("equal")
    ax.grid(True, linewidth=0.3)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    total = len(gnlc.cities())
    ax.set_title(
        f"GNLC members with coordinates: {located} of {total} (snapshot {gnlc.SNAPSHOT_DATE})"
    )
    ax.legend(loc="lower left", fontsize=8, frameon=True)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


# Files generated whole (path under docs/ -> function).
ASSETS: Dict[str, Callable[[], bytes]] = {CHART: chart_png, MAP: map_png}


def pages(docs: Path = DOCS) -> Dict[str, str]:
    """Every page of *docs* that has a marker or a doctest directive, expanded
    (path -> text)."""
    out = {}
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if MARKER.search(text) or DIRECTIVE.search(text):
            rel = path.relative_to(docs).as_posix()
            out[rel] = expand(text, rel)
    used = {
        m.group(2).strip()
        for text in (p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
        for m in MARKER.finditer(text)
        if m.group(1) == "fields" and m.group(2)
    }
    missing = sorted(set(_model_classes()) - used)
    if docs == DOCS and missing:
        raise GenError(f"the data dictionary has no `<!-- gen: fields X -->` for {missing}")
    tables = {
        m.group(2).strip()
        for text in (p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
        for m in MARKER.finditer(text)
        if m.group(1) == "columns" and m.group(2)
    }
    missing = sorted(set(gnlc.fields.TABLES) - tables)
    if docs == DOCS and missing:
        raise GenError(f"the data dictionary has no `<!-- gen: columns X -->` for {missing}")
    return out


def generate(with_assets: bool = True) -> Dict[str, Content]:
    """Everything generated: expanded pages and, with *with_assets*, the images."""
    out: Dict[str, Content] = dict(pages())
    if with_assets:
        for rel, fn in ASSETS.items():
            out[rel] = fn()
    return out


def _write_into_mkdocs() -> None:
    """Run by the mkdocs-gen-files plugin: the files exist only in the build."""
    import mkdocs_gen_files

    for rel, content in generate().items():
        if isinstance(content, bytes):
            with mkdocs_gen_files.open(rel, "wb") as fh:
                fh.write(content)
        else:
            with mkdocs_gen_files.open(rel, "w") as fh:
                fh.write(content)
            mkdocs_gen_files.set_edit_path(rel, rel)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write docs/ with everything generated here")
    group.add_argument("--check", action="store_true", help="generate, write nothing")
    args = parser.parse_args(argv)
    try:
        generated = generate(with_assets=True)
    except GenError as exc:
        print(f"docs_gen: {exc}", file=sys.stderr)
        return 1
    if args.out:
        if args.out.resolve() == DOCS.resolve():
            parser.error("--out must not be docs/ itself")
        shutil.copytree(DOCS, args.out, dirs_exist_ok=True)
        for rel, content in generated.items():
            target = args.out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        print(f"wrote {len(generated)} generated files into {args.out}")
    else:
        print(f"generated {len(generated)} files: " + ", ".join(sorted(generated)))
    return 0


if __name__ == "<run_path>":  # run by the mkdocs-gen-files plugin (runpy.run_path)
    _write_into_mkdocs()
elif __name__ == "__main__":
    raise SystemExit(main())
