"""The ``gnlc`` command (also ``python -m gnlc``): query the bundled snapshot from a shell.

Its conventions (docs/cli.md states them; tests/test_cli_conventions.py checks
them for every command of :data:`_COMMANDS`):

* exit status (:data:`EXIT_STATUSES`): 0 success, 1 a miss (nothing matches,
  including an empty search or filter), 2 a usage or I/O error, 3 bad data;
* results on standard output, everything else (errors, warnings, the
  one-line summary that a terminal gets) on standard error, never a traceback;
* an error names the flag (``--as-of``), and a misspelt option gets the
  command's own usage, with the option it was probably meant to be;
* every option has a help text that gives its default;
* a listing (made by :func:`_listing`) takes ``--format``, ``--sort``,
  ``--reverse`` and ``--wide``: a narrow table on a terminal, cut to its width,
  CSV when piped, JSON indented by 2, JSON Lines one compact record a line;
* ``gnlc completion bash|zsh`` prints a completion script made from the parser.

Output is UTF-8 whatever the locale. Closing the pipe early, as ``| head``
does, ends the command quietly.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
import warnings
from typing import (
    IO,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
)

from . import DATA_VERSION, SNAPSHOT_DATE, __version__, _files, query
from ._rules import MATCH_THRESHOLD, STATES, UNKNOWN_COHORT, escape
from .errors import GNLCError, SnapshotError
from .fields import AWARDS, CITIES, CLUSTERS, COHORTS, CONFERENCES, COUNTRIES, REGIONS, Table

__all__ = ["EXIT_STATUSES", "main"]

TABLE_FORMATS = ("table", "csv", "json", "jsonl")
"""The formats of every listing command."""
CITY_FORMATS = (*TABLE_FORMATS, "geojson")
"""The formats of ``gnlc cities``."""
REPORT_FORMATS = ("text", "json")
"""The formats of ``gnlc city`` and ``gnlc validate``."""
DIFF_FORMATS = ("text", "markdown")
"""The formats of ``gnlc diff``."""
SHELLS = ("bash", "zsh")
"""The shells ``gnlc completion`` writes a script for."""

OK, MISS, USAGE, BAD_DATA = 0, 1, 2, 3
EXIT_STATUSES: Tuple[Tuple[int, str], ...] = (
    (OK, "success"),
    (MISS, "a miss: nothing matches (an unknown name, an empty search or filter result)"),
    (
        USAGE,
        "a usage or I/O error: an unknown option, a malformed value, a file that "
        "cannot be read or written",
    ),
    (
        BAD_DATA,
        "bad data: `validate` found problems, `diff` was given a file that is not a "
        "snapshot, the bundled snapshot is damaged",
    ),
)
"""Every exit status of every command, and what it means."""


class _UsageError(Exception):
    """A usage error found after parsing: the command's usage and this message."""


# --------------------------------------------------------------------------- output


def _width(text: str) -> int:
    """Columns *text* takes on a terminal: wide East Asian characters take
    two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _cut(text: str, width: int) -> str:
    """*text* cut to *width* terminal columns, ending in "…" where it was cut."""
    if _width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _cell(value: Any, sep: str = ",") -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return sep.join(str(v) for v in value)
    return str(value)


def _table(
    rows: Sequence[Sequence[Any]], header: Sequence[str], out: IO[str], fit: int = 0
) -> None:
    """An aligned table; with *fit*, the widest columns are cut (their cells
    end in "…") until a line takes at most *fit* terminal columns."""
    cells = [[escape(h) for h in header], *([escape(_cell(v)) for v in r] for r in rows)]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    if fit:
        floors = [min(w, max(_width(cells[0][i]), 6)) for i, w in enumerate(widths)]
        # The first column (the key a user copies) is cut last.
        for first in (widths[0], floors[0]):
            floors[0] = first
            while sum(widths) + 2 * (len(widths) - 1) > fit:
                i = max(range(len(widths)), key=lambda j: widths[j] - floors[j])
                if widths[i] <= floors[i]:
                    break
                widths[i] -= 1
        cells = [[_cut(v, w) for v, w in zip(r, widths)] for r in cells]
    for n, r in enumerate(cells):
        line = "  ".join(v + " " * (w - _width(v)) for v, w in zip(r, widths))
        out.write(line.rstrip() + "\n")
        if n == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False


def _pick_format(args: argparse.Namespace, out: IO[str]) -> str:
    fmt = getattr(args, "format", None)
    if fmt:
        return str(fmt)
    return "table" if _isatty(out) else "csv"


def _json(value: Any, out: IO[str]) -> None:
    import json

    out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class Listing(NamedTuple):
    """What a listing command found, for :func:`_emit` to sort and write:
    rows (dicts with the same keys, in order), every column, the narrow view,
    the nouns of the summary ("4 cities"), the records (for GeoJSON), a
    summary that says more than the count, and the message of a miss."""

    rows: List[Dict[str, Any]]
    columns: Sequence[str]
    view: Sequence[str]
    noun: Tuple[str, str]
    records: Sequence[Any] = ()
    summary: str = ""
    miss: str = ""
    table: Optional[Table] = None  # the flat table the rows are of, if one is


def _sort_key(value: Any) -> Tuple[int, Any]:
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    if isinstance(value, (int, float)):
        return (0, value)
    text = str(value)
    try:
        return (0, float(text))  # a number written as text: a search score
    except ValueError:
        return (1, text.casefold())


def _sorted(listing: Listing, args: argparse.Namespace) -> Listing:
    column = getattr(args, "sort", None)
    reverse = bool(getattr(args, "reverse", False))
    if column is None:
        if not reverse:
            return listing
        return listing._replace(rows=listing.rows[::-1], records=list(listing.records)[::-1])
    if column not in listing.columns:
        raise _UsageError(
            f"--sort {column}: this listing has the columns {', '.join(listing.columns)}"
        )
    pairs = list(zip(listing.rows, listing.records or [None] * len(listing.rows)))
    empty = [p for p in pairs if p[0][column] in (None, "", [])]  # unknowns go last
    known = sorted(
        (p for p in pairs if p[0][column] not in (None, "", [])),
        key=lambda p: _sort_key(p[0][column]),
        reverse=reverse,
    )
    ordered = known + empty
    records = [r for _, r in ordered] if listing.records else []
    return listing._replace(rows=[row for row, _ in ordered], records=records)


def _emit(listing: Listing, args: argparse.Namespace, out: IO[str]) -> int:
    """Write *listing* in the chosen format; set the summary; return the exit
    status: a miss (1) when it is empty, whatever made it empty."""
    listing = _sorted(listing, args)
    fmt = _pick_format(args, out)
    rows = listing.rows
    wide = bool(getattr(args, "wide", False))
    if fmt == "table":
        if rows:  # an empty table is nothing, not a lone header
            view = list(listing.columns if wide else listing.view)
            fit = 0
            if _isatty(out) and not wide:
                import shutil

                fit = shutil.get_terminal_size().columns
            cells = [[_shown(listing.table, k, r[k]) for k in view] for r in rows]
            _table(cells, view, out, fit)
    elif fmt == "csv":
        import csv

        w = csv.writer(out)
        w.writerow(listing.columns)
        w.writerows([_csv(listing.table, k, r[k]) for k in listing.columns] for r in rows)
    elif fmt == "json":
        _json(list(rows), out)
    elif fmt == "geojson":
        from . import export

        export.to_geojson(listing.records, out)
    else:
        import json

        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if not rows:
        print(f"gnlc: {listing.miss or 'nothing matches'}", file=sys.stderr)
        return MISS
    args.summary = listing.summary or _plural(len(rows), *listing.noun)
    return OK


def _shown(table: Optional[Table], name: str, value: Any) -> Any:
    """A table cell: an unknown value as its column's ``missing`` text ("unknown")."""
    if value is None and table is not None and name in table.names:
        return table.column(name).missing
    return value


def _csv(table: Optional[Table], name: str, value: Any) -> Any:
    """A CSV cell, as :func:`gnlc.to_csv` writes the table's columns."""
    if table is not None and name in table.names:
        from .export import format_cell

        return format_cell(table.column(name), value)
    return _cell(value, " ")


def _records(
    table: Table,
    records: Sequence[Any],
    noun: Tuple[str, str],
    counts: Optional[Mapping[Any, int]] = None,
    miss: str = "",
) -> Listing:
    """*records* as the rows of *table*, with a ``cities`` column after
    them from *counts* (members per record) where given."""
    rows = [table.row(r) for r in records]
    columns, view = list(table.names), list(table.view)
    if counts is not None:
        rows = [{**row, "cities": counts.get(r, 0)} for row, r in zip(rows, records)]
        columns.append("cities")
        view.append("cities")
    return Listing(rows, columns, view, noun, records, miss=miss, table=table)


# --------------------------------------------------------------------------- commands


def _cmd_cities(args: argparse.Namespace, out: IO[str]) -> Listing:
    status = args.status
    if status is not None and "any" in status:
        status = "any"
    for key in args.cohort or ():
        _founding_note(key)
    found = query.cities(
        region=args.region,
        country=args.country,
        cohort=args.cohort,
        status=status,
        as_of=args.as_of,
        joined=None if args.joined is None else _years(args.joined),
    )
    listing = _records(CITIES, found, ("city", "cities"), miss="no city matches these filters")
    if args.status:  # the status column when it was asked about
        listing = listing._replace(view=[*CITIES.view, "status"])
    return listing


def _years(text: str) -> Any:
    """``--joined``: ``2016``, ``2019..2022``, ``2019..`` or ``..2022``."""
    first, sep, last = text.strip().partition("..")
    try:
        if not sep:
            return int(first)
        bounds = (int(first) if first else None, int(last) if last else None)
    except ValueError:
        raise ValueError(
            f"--joined takes a year or FIRST..LAST (2016, 2019..2022, 2019..), not {text!r}"
        ) from None
    if bounds == (None, None):
        raise ValueError("--joined: give at least one year of FIRST..LAST")
    return bounds


def _founding_note(key: str) -> None:
    """A year inside the open founding period names the whole period: say so."""
    from ._rules import FOUNDING_COHORT, FOUNDING_END, FOUNDING_START

    text = key.strip()
    if text.isdecimal() and len(text) == 4 and FOUNDING_START <= int(text) <= FOUNDING_END:
        print(
            f"gnlc: note: {text} lies in the open admission period {FOUNDING_START}–"
            f"{FOUNDING_END} (cohort {FOUNDING_COHORT}), so --cohort {text} lists all of its "
            f"members; --joined {text} lists those that joined in {text}",
            file=sys.stderr,
        )


def _cmd_city(args: argparse.Namespace, out: IO[str]) -> int:
    c = query.city(args.key, country=args.country)
    if args.format == "json":
        from .convert import to_dict

        _json(to_dict(c), out)
        return OK
    sources = list(c.sources)

    def cite(urls: Sequence[str]) -> str:
        refs = []
        for u in urls:
            if u not in sources:
                sources.append(u)
            refs.append(f"[{sources.index(u) + 1}]")
        return (" " + " ".join(refs)) if refs else ""

    facts: List[Tuple[str, str]] = [
        ("id", c.id),
        ("name", c.name),
        ("country", f"{c.country.name} ({c.country.alpha_2})"),
        ("region", f"{c.region.name} ({c.region.code})"),
        ("cohort", UNKNOWN_COHORT if c.cohort is None else c.cohort.id),
        ("joined", "unknown" if c.joined is None else str(c.joined)),
    ]
    for a in c.admissions:
        when = a.announced.isoformat() if a.announced else "date not announced"
        seen = "region heading seen" if a.region_seen else "region inferred from country"
        if a.confidence:
            seen += f", {a.confidence} confidence" + (f" ({a.basis})" if a.basis else "")
        if a.lapsed_by is not None:
            seen += f", lapsed by {a.lapsed_by.isoformat()}"
        facts.append(("admitted", f"cohort {a.cohort}, {when}, {seen}{cite(a.sources)}"))
    st = c.status
    when = f", as of {st.as_of}" if st.as_of else ""
    facts.append(("status", f"{st.state}{when}{cite(st.sources)}"))
    if st.note:
        facts.append(("", st.note))
    for award in query.awards():
        if award.city.id == c.id:
            facts.append(("award", f"UNESCO Learning City Award {award.year}{cite(award.sources)}"))
    for conf in query.conferences(city=c):
        if conf.city is not None and conf.city.id == c.id:
            facts.append(("hosted", f"{conf.title}, {conf.year}{cite(conf.sources)}"))
    for cluster in query.clusters(city=c):
        role = "coordinator" if c.id in (cluster.coordinator_ids or ()) else "member"
        theme = f"{cluster.theme} ({role}, {cluster.strategy})"
        facts.append(("cluster", f"{theme}{cite(cluster.sources)}"))
    facts.append(("location", _place(c)))
    facts += [("alias", a) for a in c.aliases]
    if c.other_names:  # GeoNames' names, untagged: one wrapped list
        import textwrap

        lines = textwrap.wrap(", ".join(c.other_names), 72, break_on_hyphens=False)
        facts += [("names" if i == 0 else "", line) for i, line in enumerate(lines)]
        facts.append(("", f"({len(c.other_names)} names from GeoNames, CC BY 4.0)"))
    facts += [("source", f"[{i}] {s}") for i, s in enumerate(sources, 1)]
    width = max(len(k) for k, _ in facts)
    for k, v in facts:
        out.write(f"{k:<{width}}  {escape(v)}\n")
    return OK


def _place(c: Any) -> str:
    """Where a city is, in words, for ``gnlc city``."""
    loc = c.location
    if loc is None:
        return "not established"
    if loc.lat is None or loc.lon is None:
        place = "coordinates unknown"
        place += f" ({loc.subdivision})" if loc.subdivision else ""
        return place + (f": {loc.note}" if loc.note else "")
    place = f"{loc.lat}, {loc.lon} (lat, lon; {loc.kind}"
    place += f"; {loc.subdivision}" if loc.subdivision else ""
    place += f"; GeoNames {loc.geonames_id}" if loc.geonames_id else ""
    return place + (f"; from {loc.origin})" if loc.origin else ")")


def _cmd_countries(args: argparse.Namespace, out: IO[str]) -> Listing:
    found = query.countries(region=args.region or None)
    return _records(COUNTRIES, found, ("country", "countries"), query.count_by("country"))


def _cmd_regions(args: argparse.Namespace, out: IO[str]) -> Listing:
    return _records(REGIONS, query.regions(), ("region", "regions"), query.count_by("region"))


def _cmd_cohorts(args: argparse.Namespace, out: IO[str]) -> Listing:
    return _records(COHORTS, query.cohorts(), ("cohort", "cohorts"))


STATS_COLUMNS = (*query.GROUPINGS, "name", "cities")
"""The columns ``gnlc stats`` may write (the first depends on ``--by``)."""


def _cmd_stats(args: argparse.Namespace, out: IO[str]) -> Listing:
    counts = query.count_by(args.by)
    rows: List[Dict[str, Any]]
    if args.by == "region":
        rows = [{"region": r.code, "name": r.name, "cities": n} for r, n in counts.items()]
    elif args.by == "country":
        rows = [{"country": c.alpha_2, "name": c.name, "cities": n} for c, n in counts.items()]
    else:  # members known only from an award have no cohort
        rows = [
            {"cohort": UNKNOWN_COHORT if k is None else k.id, "cities": n}
            for k, n in counts.items()
        ]
    columns = list(rows[0]) if rows else [args.by, "cities"]
    total = len(query.cities())
    extra = sum(counts.values()) - total
    note = f" ({_plural(extra, 'city', 'cities')} admitted twice)" if extra > 0 else ""
    summary = f"{_plural(total, 'member city', 'member cities')}{note}"
    return Listing(rows, columns, columns, ("group", "groups"), summary=summary)


def _cmd_search(args: argparse.Namespace, out: IO[str]) -> Listing:
    matches = query.search(args.text, limit=args.limit)
    rows = [
        {
            "id": m.city.id,
            "name": m.city.name,
            "country": m.city.country.alpha_2,
            "score": f"{m.score:.2f}",
            "matched": m.matched,
        }
        for m in matches
    ]
    columns = ["id", "name", "country", "score", "matched"]
    miss = f"no city name is close to {escape(repr(args.text))}"
    return Listing(rows, columns, columns, ("match", "matches"), miss=miss)


def _cmd_awards(args: argparse.Namespace, out: IO[str]) -> Listing:
    found = query.awards(args.year)
    miss = ""
    if not found:
        years = sorted({a.year for a in query.awards()})
        miss = (
            f"no UNESCO Learning City Award in {args.year}; "
            f"awards were given in {', '.join(map(str, years))}"
        )
    return _records(AWARDS, found, ("award", "awards"), miss=miss)


def _cmd_conferences(args: argparse.Namespace, out: IO[str]) -> Listing:
    found = query.conferences(city=args.city, year=args.year)
    what = f"in {args.year}" if args.year is not None else "for this city"
    miss = f"no International Conference on Learning Cities {what}"
    return _records(CONFERENCES, found, ("conference", "conferences"), miss=miss)


def _cmd_clusters(args: argparse.Namespace, out: IO[str]) -> Listing:
    found = query.clusters(city=args.city)
    miss = "the city coordinates no cluster, and no source lists it in one"
    return _records(CLUSTERS, found, ("cluster", "clusters"), miss=miss)


def _cmd_match(args: argparse.Namespace, out: IO[str]) -> int:
    """Reconcile a CSV's names: its rows, each with the columns of
    :data:`gnlc.fields.MATCHES` (but the query) after its own, prefixed
    ``gnlc_``; a summary on standard error."""
    import csv
    import io

    from . import _files
    from .export import format_cell
    from .fields import MATCHES
    from .reconcile import DEFAULT_THRESHOLD, match

    # Read as every file gnlc reads: a regular file (or stdin), bounded in size.
    data = _files.read_stream(sys.stdin.buffer) if args.file == "-" else _files.read(args.file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = f"at byte {exc.start}"
        raise ValueError(f"{args.file} is not UTF-8 ({at}); save it as UTF-8") from None

    reader = csv.DictReader(io.StringIO(text, newline=""))
    have = list(reader.fieldnames or [])
    for wanted in (args.column, args.country_column):
        if wanted is not None and wanted not in have:
            shown = ", ".join(repr(h) for h in have) or "none (the file is empty)"
            raise ValueError(f"{args.file}: no column {wanted!r}; its columns are {shown}")
    rows = list(reader)
    found = match(
        [r[args.column] for r in rows],
        countries=None if args.country_column is None else [r[args.country_column] for r in rows],
        threshold=DEFAULT_THRESHOLD if args.threshold is None else args.threshold,
    )
    added = [c for c in MATCHES.names if c != "query"]
    w = csv.writer(out)
    w.writerow([*have, *(f"gnlc_{c}" for c in added)])
    for row, result in zip(rows, found):
        flat = MATCHES.row(result)
        ours = [format_cell(MATCHES.column(c), flat[c]) for c in added]
        w.writerow([*(row.get(h) or "" for h in have), *ours])
    counts = found.summary()
    args.summary = (  # on a terminal: stderr (the command line's conventions)
        f"{_plural(len(found), 'name', 'names')}: {counts['matched']} matched, "
        f"{counts['ambiguous']} ambiguous, {counts['unmatched']} unmatched"
    )
    return 0


def _cmd_validate(args: argparse.Namespace, out: IO[str]) -> int:
    """Without a file the bundled snapshot is checked. ``text`` writes one
    ``path<TAB>code<TAB>message`` line per problem (nothing when the data is
    valid); ``json`` a JSON array of problems. A file that cannot be read is
    an I/O error (status 2, on standard error), not a problem of its data."""
    from .validation import validate

    report = validate(args.file)
    unreadable = [p for p in report if p.code == "unreadable"]
    if unreadable:
        print(f"gnlc validate: {escape(unreadable[0].message)}", file=sys.stderr)
        return USAGE
    if args.format == "json":
        _json([p.as_dict() for p in report], out)
    else:
        for p in report:  # one line each, whatever a file name holds, nothing a terminal obeys
            out.write(f"{escape(p.path)}\t{p.code}\t{escape(p.message)}\n")
    records = _plural(report.checked, "city", "cities")
    if report:
        args.summary = f"{_plural(len(report), 'problem', 'problems')} in {records}"
        return BAD_DATA
    args.summary = f"no problems in {records}"
    return OK


def _stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise SnapshotError("cannot read a snapshot from standard input: it is not open")
    try:
        return _files.read_stream(stream)
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"cannot read a snapshot from standard input: {exc}") from exc


def _cmd_diff(args: argparse.Namespace, out: IO[str]) -> int:
    """``-`` reads a snapshot from standard input. Exit status 0 when the diff
    was written (whether or not anything changed), 2 when a file cannot be
    read, 3 when it is not a snapshot."""
    from .snapshot_diff import diff

    try:
        result = diff(
            _stdin() if args.old == "-" else args.old, _stdin() if args.new == "-" else args.new
        )
    except SnapshotError as exc:
        print(f"gnlc diff: {escape(str(exc))}", file=sys.stderr)
        unreadable = isinstance(exc.__cause__, OSError) or str(exc).startswith("cannot read")
        return USAGE if unreadable else BAD_DATA
    report = result.to_markdown() if args.format == "markdown" else result.to_text()
    # Names come from the files: escape them, line by line (split on "\n" only:
    # splitlines() would also split at a U+2028 inside a name).
    out.writelines(escape(line) + "\n" for line in report.rstrip("\n").split("\n"))
    counts = [
        (len(result.added), "added"),
        (len(result.removed), "removed"),
        (len(result.renamed), "renamed"),
        (len(result.changed), "changed"),
    ]
    args.summary = (
        "no city changed"
        if result.unchanged
        else ", ".join(f"{_plural(n, 'city', 'cities')} {what}" for n, what in counts if n)
    )
    return OK


def _cmd_export(args: argparse.Namespace, out: IO[str]) -> int:
    """Results are files: nothing on standard output."""
    from .datapackage import to_datapackage

    descriptor = to_datapackage(args.dir)
    resources = descriptor["resources"]
    args.summary = (
        f"wrote a Data Package of {_plural(len(resources), 'table', 'tables')} "
        f"({', '.join(r['name'] for r in resources)}) to {escape(args.dir)}"
    )
    return OK


def _cmd_completion(args: argparse.Namespace, out: IO[str]) -> int:
    from . import _completion

    out.write(_completion.script(args.shell, _parser()))
    return OK


# --------------------------------------------------------------------------- parser


_FORMAT_HELP = "output format (default: table on a terminal, else csv)"


def _format(choices: Sequence[str] = TABLE_FORMATS) -> Tuple[Tuple[str, ...], Dict[str, Any]]:
    return ("--format",), {"choices": choices, "help": _FORMAT_HELP}


def _option(*flags: str, **kwargs: Any) -> Tuple[Tuple[str, ...], Dict[str, Any]]:
    return flags, kwargs


def _listing(
    columns: Iterable[str], order: str, formats: Sequence[str] = TABLE_FORMATS
) -> Tuple[Tuple[Tuple[str, ...], Dict[str, Any]], ...]:
    """The options of a listing command (one whose handler returns a
    :class:`Listing`): ``--format``, ``--sort`` (by one of *columns*; *order*
    says the default order), ``--reverse`` and ``--wide``."""
    return (
        _format(formats),
        _option(
            "--sort",
            metavar="COLUMN",
            choices=tuple(columns),
            help=f"sort by this column: %(choices)s (default: {order})",
        ),
        _option(
            "--reverse",
            action="store_true",
            help="reverse the order, largest first (default: off)",
        ),
        _option(
            "--wide",
            action="store_true",
            help="a table shows every column, whatever the terminal's width "
            "(default: off: the narrow view, cut to fit a terminal)",
        ),
    )


# Every command: (name, what it does, examples, handler, its options). A
# handler that returns a Listing (with the options of _listing) is a listing:
# sorting, the formats, the table's width, the summary and the exit status of
# an empty result are all _emit's.
_COMMANDS: Tuple[Tuple[str, str, Tuple[str, ...], Callable[..., Any], Tuple[Any, ...]], ...] = (
    (
        "cities",
        "list member cities, filtered",
        (
            'gnlc cities --region "Asia-Pacific" --cohort 2024',
            "gnlc cities --joined 2019..2022 --format csv",
            "gnlc cities --country NA --format json",
            "gnlc cities --status any --as-of 2020-12-31 --format csv > members-2020.csv",
        ),
        _cmd_cities,
        (
            _option(
                "--region",
                action="append",
                help="region code, name or alias (repeatable; default: every region)",
            ),
            _option(
                "--country",
                action="append",
                help="country code or name (repeatable; default: every country)",
            ),
            _option(
                "--cohort",
                action="append",
                help="cohort id or year (repeatable; default: every cohort)",
            ),
            _option(
                "--joined",
                metavar="YEARS",
                help="joined in this year or these years: 2016, 2019..2022, 2019.. "
                "(members without a known year are left out, with a warning; "
                "default: any year)",
            ),
            _option(
                "--status",
                action="append",
                choices=(*STATES, "any"),
                help="membership state (repeatable; default: all but left and withdrawn)",
            ),
            _option(
                "--as-of",
                metavar="DATE",
                help="members on this ISO date (or at the end of this year); "
                "warns where data is thin (default: today's members)",
            ),
            *_listing(CITIES.names, "by id", CITY_FORMATS),
        ),
    ),
    (
        "city",
        "every fact about one city, with its sources",
        ('gnlc city "Cao Lanh"', "gnlc city Muharraq --format json"),
        _cmd_city,
        (
            _option("key", metavar="NAME-OR-ID", help="the city's name, alias or id"),
            _option(
                "--country",
                help="narrow an ambiguous name to one country (default: any country)",
            ),
            _option(
                "--format",
                choices=REPORT_FORMATS,
                default="text",
                help="text: facts with numbered sources; json: the whole record "
                "(default: %(default)s)",
            ),
        ),
    ),
    (
        "countries",
        "UNESCO Member States and Associate Members",
        ("gnlc countries --region LAC", "gnlc countries --sort cities --reverse"),
        _cmd_countries,
        (
            _option("--region", help="only this region (default: every region)"),
            *_listing((*COUNTRIES.names, "cities"), "by alpha-2 code"),
        ),
    ),
    (
        "regions",
        "the five UNESCO regions",
        ("gnlc regions",),
        _cmd_regions,
        _listing((*REGIONS.names, "cities"), "by code"),
    ),
    (
        "cohorts",
        "admission rounds, stated vs known counts",
        ("gnlc cohorts --format table",),
        _cmd_cohorts,
        _listing(COHORTS.names, "oldest first"),
    ),
    (
        "stats",
        "members per region, country or cohort",
        ("gnlc stats --by cohort", "gnlc stats --by country --sort cities --reverse"),
        _cmd_stats,
        (
            _option(
                "--by",
                choices=query.GROUPINGS,
                default="region",
                help="what to count members by (default: %(default)s)",
            ),
            *_listing(STATS_COLUMNS, "the order of the groups"),
        ),
    ),
    (
        "search",
        "fuzzy search of city names",
        ("gnlc search Hamburgh",),
        _cmd_search,
        (
            _option("text", help="a name, however spelt"),
            _option(
                "--limit",
                type=int,
                default=10,
                help="the most matches to show (default: %(default)s)",
            ),
            *_listing(("id", "name", "country", "score", "matched"), "best match first"),
        ),
    ),
    (
        "awards",
        "UNESCO Learning City Awards",
        ("gnlc awards --year 2024",),
        _cmd_awards,
        (
            _option("--year", type=int, help="only the awards of this year (default: every year)"),
            *_listing(AWARDS.names, "by year"),
        ),
    ),
    (
        "conferences",
        "International Conferences on Learning Cities",
        ("gnlc conferences", "gnlc conferences --city Cork --format json"),
        _cmd_conferences,
        (
            _option(
                "--city",
                help="only those it hosted or received an award at (default: every conference)",
            ),
            _option(
                "--year", type=int, help="only the conference of this year (default: every year)"
            ),
            *_listing(CONFERENCES.names, "by number"),
        ),
    ),
    (
        "clusters",
        "thematic clusters of the network, and their coordinators",
        ("gnlc clusters", "gnlc clusters --city Osan"),
        _cmd_clusters,
        (
            _option(
                "--city",
                help="only those it coordinates or is a listed member of (default: every cluster)",
            ),
            *_listing(CLUSTERS.names, "as the strategy lists them"),
        ),
    ),
    (
        "match",
        "reconcile the names in a CSV file's column with the member cities",
        (
            "gnlc match survey.csv --column city > matched.csv",
            "gnlc match grants.csv --column town --country-column country",
        ),
        _cmd_match,
        (
            _option("file", metavar="FILE", help="a CSV file with a header row (- for stdin)"),
            _option("--column", required=True, help="the column that holds the names (no default)"),
            _option(
                "--country-column",
                help="a column of country names or codes, to narrow (default: none)",
            ),
            _option(
                "--threshold",
                type=float,
                help="lowest fuzzy score accepted, in (0, 1] (default: "
                f"{MATCH_THRESHOLD}, which favours precision)",
            ),
        ),
    ),
    (
        "validate",
        "check the bundled snapshot, or a data FILE, for problems",
        ("gnlc validate", "gnlc validate my-cities.csv --format json"),
        _cmd_validate,
        (
            _option("file", metavar="FILE", nargs="?", help="file to check (default: bundled)"),
            _option(
                "--format",
                choices=REPORT_FORMATS,
                default="text",
                help="text: one path, code and message a line; json: an array "
                "(default: %(default)s)",
            ),
        ),
    ),
    (
        "diff",
        "what changed between two snapshot files",
        ("gnlc diff old/snapshot.json src/gnlc/data/snapshot.json --format markdown",),
        _cmd_diff,
        (
            _option("old", metavar="OLD", help="the older snapshot file (- for stdin)"),
            _option("new", metavar="NEW", help="the newer snapshot file (- for stdin)"),
            _option(
                "--format",
                choices=DIFF_FORMATS,
                default="text",
                help="text, or markdown for a changelog (default: %(default)s)",
            ),
        ),
    ),
    (
        "export",
        "write the whole snapshot as a Frictionless Data Package",
        ("gnlc export datapackage gnlc-data/",),
        _cmd_export,
        (
            _option("what", choices=("datapackage",), help="what to write: %(choices)s"),
            _option(
                "dir",
                metavar="DIR",
                help="the folder to write one CSV per table and datapackage.json into "
                "(made if missing)",
            ),
        ),
    ),
    (
        "completion",
        "print a shell completion script for bash or zsh",
        (
            'eval "$(gnlc completion bash)"   # in ~/.bashrc',
            "gnlc completion zsh > ~/.zfunc/_gnlc   # a folder on $fpath",
        ),
        _cmd_completion,
        (_option("shell", choices=SHELLS, help="the shell: %(choices)s"),),
    ),
)


def _subparsers(parser: argparse.ArgumentParser) -> Dict[str, argparse.ArgumentParser]:
    """Each command's own parser, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _parser() -> argparse.ArgumentParser:
    """The parser of the command line (:func:`_subparsers` has each command's own)."""
    import textwrap

    statuses = "\n".join(
        textwrap.fill(what, 76, initial_indent=f"  {n}  ", subsequent_indent="     ")
        for n, what in EXIT_STATUSES
    )
    p = argparse.ArgumentParser(
        prog="gnlc",
        description="Query the UNESCO Global Network of Learning Cities (offline snapshot).",
        epilog='example: gnlc cities --region "Asia-Pacific" --cohort 2024\n\n'
        "Run `gnlc COMMAND --help` for the options of a command. Results go to\n"
        "standard output, everything else to standard error. Exit status:\n" + statuses,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"gnlc {__version__} (data {DATA_VERSION}, snapshot {SNAPSHOT_DATE})",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, what, examples, handler, options in _COMMANDS:
        sp = sub.add_parser(
            name,
            help=what,
            description=what[0].upper() + what[1:] + ".",
            epilog="\n".join(f"example: {e}" for e in examples),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sp.set_defaults(func=handler)
        for flags, kwargs in options:
            sp.add_argument(*flags, **kwargs)
    return p


# --------------------------------------------------------------------------- errors


def _flag_typed(flag: str, argv: Sequence[str]) -> str:
    """*flag* as the user typed it: an abbreviation (``--as`` for ``--as-of``) where one was."""
    for arg in argv:
        typed = arg.split("=", 1)[0]
        if len(typed) > 2 and typed.startswith("--") and flag.startswith(typed):
            return typed
    return flag


def _name_flags(message: str, sp: argparse.ArgumentParser, argv: Sequence[str]) -> str:
    """*message* with each Python parameter name (``as_of must be...``) replaced
    by the command's flag (``--as-of must be...``)."""
    for action in sp._actions:
        longs = [o for o in action.option_strings if o.startswith("--")]
        if longs and action.dest != "help":
            flag = _flag_typed(longs[0], argv)
            message = re.sub(rf"(?<![\w-]){re.escape(action.dest)}(?= must\b)", flag, message)
    return message


def _usage_error(sp: argparse.ArgumentParser, message: str) -> int:
    sp.print_usage(sys.stderr)
    print(f"{sp.prog}: error: {escape(message)}", file=sys.stderr)
    return USAGE


def _unrecognized(sp: argparse.ArgumentParser, extra: Sequence[str]) -> int:
    """A misspelt option: the command's own usage, and what it was probably meant to be."""
    import difflib

    message = f"unrecognized arguments: {' '.join(extra)}"
    known = [o for a in sp._actions for o in a.option_strings if o.startswith("--")]
    for arg in extra:
        if arg.startswith("-"):
            near = difflib.get_close_matches(arg.split("=", 1)[0], known, n=1, cutoff=0.6)
            if near:
                message += f"; did you mean {near[0]}?"
                break
    return _usage_error(sp, message)


# --------------------------------------------------------------------------- main


def _utf8(stream: Any) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="replace")


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the final flush at exit cannot fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _argument(arg: str) -> str:
    """*arg* as the user typed it: its bytes are read as UTF-8 where they are
    valid UTF-8, whatever the locale says (under the C locale Python would
    otherwise see undecodable bytes in "Liège")."""
    import os

    try:
        return os.fsencode(arg).decode("utf-8")
    except UnicodeError:
        return arg


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the exit status."""
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    out = sys.stdout
    if argv is None:
        argv = [_argument(a) if not a.isascii() else a for a in sys.argv[1:]]
    parser = _parser()
    subs = _subparsers(parser)
    try:
        args, extra = parser.parse_known_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (status 2)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else USAGE
    sp = subs[args.command]
    if extra:
        return _unrecognized(sp, extra)
    args.summary = ""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = args.func(args, out)
            status: int = _emit(result, args, out) if isinstance(result, Listing) else result
        out.flush()
        for w in caught:
            print(f"gnlc: warning: {escape(str(w.message))}", file=sys.stderr)
        if args.summary and _isatty(sys.stderr):
            print(args.summary, file=sys.stderr)
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as Unix tools do.
        _quiet_stdout()
        return OK
    except KeyboardInterrupt:
        return 130
    except SnapshotError as exc:  # the bundled snapshot is damaged: bad data, not a miss
        print(f"gnlc: {escape(str(exc))}", file=sys.stderr)
        return BAD_DATA
    except GNLCError as exc:
        print(f"gnlc: {escape(str(exc))}", file=sys.stderr)
        return MISS
    except _UsageError as exc:
        return _usage_error(sp, str(exc))
    except (TypeError, ValueError) as exc:  # a bad option value, such as --as-of 2020-13-01
        return _usage_error(sp, _name_flags(str(exc), sp, argv))
    except OSError as exc:  # a file named on the command line cannot be read or written
        print(f"gnlc {args.command}: {escape(str(exc))}", file=sys.stderr)
        return USAGE
    return status
