"""Generated content from the data: the provenance tables, the membership
states, the research leads, the files of ``data/`` and the data dictionary."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import attrs

import gnlc
import gnlc.fields
from gnlc._rules import STATE_MEANINGS

from .docs_markdown import (
    GenError,
    cell,
    code,
    generator,
    link,
    num,
    plain,
    read_tsv,
    shorten,
    site,
    table,
)

ROOT = Path(__file__).resolve().parent.parent


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
                network += f" ({k.stated_total_countries})"
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
        "Network after (countries)",
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
    "data/found/members-without-cohort.tsv": "Members a dated source lists, whose joining "
    "year no source gives (no cohort), with confidence and evidence.",
    "data/found/*.notes.md": "Notes of those searches, including what found nothing.",
    "data/curated/cohorts.tsv": "Admission rounds: dates, stated figures, sources, notes.",
    "data/curated/conferences.tsv": "International Conferences on Learning Cities, with sources.",
    "data/curated/clusters.tsv": "Thematic clusters, their coordinators and (where known) members.",
    "data/curated/regions.tsv": "The five UNESCO regions, their codes and aliases.",
    "data/curated/stated-regions.tsv": "Regional figures a source stated for a cohort.",
    "data/curated/country-names.tsv": "Country spellings the sources use, and their code.",
    "data/curated/city-aliases.tsv": "Other names of member cities.",
    "data/curated/country-languages.tsv": "Official languages of each state (CLDR, via Babel): "
    "the languages of its translated names.",
    "data/curated/country-names-unesco.tsv": "UNESCO's names of a state in another language, "
    "where they differ from pycountry's.",
    "data/curated/region-names.tsv": "UNESCO's names of the regions in other languages, "
    "with the release that prints them.",
    "data/curated/region-short-forms.tsv": "Short forms of region names, which names beat "
    "and two regions may share.",
    "data/curated/ids.tsv": "Ids pinned by hand (when a new spelling would change an id).",
    "data/curated/published-ids.txt": "Every city id ever published; never remove a line.",
    "data/curated/excluded.tsv": "Published rows gnlc leaves out, with the reason.",
    "data/curated/corrections.tsv": "A published row's year or date that a stronger source "
    "corrects, with the reason.",
    "data/curated/lapses.tsv": "Memberships that lapsed before a later admission.",
    "data/curated/sources.tsv": "More sources for an admission, found later, with their words.",
    "data/curated/originals.tsv": "The original of a page that rows cite in a copy (a reprint "
    "of a UNESCO release): the original is cited too.",
    "data/curated/hosts.tsv": "The kind of every cited host (unesco, natcom, government, "
    "press, other, blog, mirror): sources are listed in that order.",
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
        "Conference": [gnlc.conferences(year=2017)[0], *gnlc.conferences()],
        "Cluster": [gnlc.clusters(city="Osan")[0], *gnlc.clusters()],
        "Lead": list(gnlc.leads()),
        "CoverageRow": list(gnlc.coverage()),
        "SnapshotInfo": [gnlc.snapshot_info()],
        "Match": list(gnlc.search("Hamburgh")),
        "MatchResult": list(gnlc.match(["Hamburgh", "City of Cork", "Atlantis"])),
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


def model_classes() -> Dict[str, type]:
    from gnlc import model

    return {n: getattr(model, n) for n in model.__all__ if attrs.has(getattr(model, n))}


@generator("fields")
def fields(arg: str) -> str:
    """The fields of the record class *arg*, with their meanings (from
    :data:`gnlc.fields.MEANINGS`), types and a real example."""
    classes = model_classes()
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
    each means, its type, its pandas dtype, an example."""
    tables = {**gnlc.fields.TABLES, **gnlc.fields.VIEWS}
    if arg not in tables:
        raise GenError(f"<!-- gen: columns {arg} -->: no flat table {arg!r}; known: {list(tables)}")
    t = tables[arg]
    records = {"cities": "City", "countries": "Country", "regions": "Region"}
    records.update(cohorts="Cohort", awards="Award", conferences="Conference", clusters="Cluster")
    records.update(leads="Lead", coverage="CoverageRow", matches="MatchResult")
    if arg in records:
        found = list(_records()[records[arg]])
    else:  # a table without a record class of its own: the package's records
        found = list(gnlc.datapackage.records(arg))
    rows = [t.row(r) for r in found]
    dtypes: Dict[str, str] = {}
    try:
        frame = gnlc.frame.table_frame(t, found[:1])
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
