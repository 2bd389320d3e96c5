"""The ``gnlc`` command (also ``python -m gnlc``): query the bundled snapshot from a shell.

Exit status: 0 on success, 1 when nothing matches (or data is invalid), 2 for
a usage error. Errors and warnings go to standard error, never as a
traceback. Output is UTF-8 whatever the locale; an aligned table on a
terminal, CSV when piped (``--format`` chooses). A table shows the columns
of a narrow view, CSV and JSON every column of the flat table
(:mod:`gnlc.fields`). Closing the pipe early, as ``| head`` does, ends the
command quietly.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
import warnings
from typing import IO, Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from . import DATA_VERSION, SNAPSHOT_DATE, __version__, _files, query
from ._rules import STATES, UNKNOWN_COHORT, escape
from .errors import GNLCError, SnapshotError
from .fields import AWARDS, COHORTS, COUNTRIES, REGIONS, Table

__all__ = ["main"]

TABLE_FORMATS = ("table", "csv", "json", "jsonl")
"""The formats of every listing command."""
CITY_FORMATS = (*TABLE_FORMATS, "geojson")
"""The formats of ``gnlc cities``."""
REPORT_FORMATS = ("text", "json")
"""The formats of ``gnlc city`` and ``gnlc validate``."""
DIFF_FORMATS = ("text", "markdown")
"""The formats of ``gnlc diff``."""


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


def _cell(value: Any, sep: str = ",") -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return sep.join(str(v) for v in value)
    return str(value)


def _table(rows: Sequence[Sequence[Any]], header: Sequence[str], out: IO[str]) -> None:
    cells = [[escape(h) for h in header], *([escape(_cell(v)) for v in r] for r in rows)]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    for n, r in enumerate(cells):
        line = "  ".join(v + " " * (w - _width(v)) for v, w in zip(r, widths))
        out.write(line.rstrip() + "\n")
        if n == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")


def _pick_format(args: argparse.Namespace, out: IO[str]) -> str:
    if args.format:
        return str(args.format)
    return "table" if out.isatty() else "csv"


def _json(value: Any, out: IO[str]) -> None:
    import json

    out.write(json.dumps(value, ensure_ascii=False, indent=1) + "\n")


def _write(
    rows: Sequence[Dict[str, Any]], view: Sequence[str], args: argparse.Namespace, out: IO[str]
) -> str:
    """Write *rows* (dicts with the same keys, in order) in the chosen format;
    return that format. A table shows the *view* columns; CSV and JSON every
    column. Values are kept as they are for JSON (``None`` is ``null``, a list
    a list); in a table or CSV, ``None`` is an empty cell and a list is joined.
    """
    fmt = _pick_format(args, out)
    header = list(rows[0]) if rows else list(view)
    if fmt == "table":
        _table([[r[k] for k in view] for r in rows], view, out)
    elif fmt == "csv":
        import csv

        w = csv.writer(out)
        w.writerow(header)
        w.writerows([_cell(r[k], " ") for k in header] for r in rows)
    elif fmt == "json":
        _json(list(rows), out)
    else:
        import json

        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return fmt


def _records(
    table: Table,
    records: Iterable[Any],
    args: argparse.Namespace,
    out: IO[str],
    counts: Optional[Mapping[Any, int]] = None,
) -> str:
    """Write *records* as the rows of *table*, with a ``cities`` column after
    them from *counts* (members per record) where given."""
    rows = [table.row(r) for r in records]
    view = list(table.view)
    if counts is not None:
        rows = [{**row, "cities": counts.get(r, 0)} for row, r in zip(rows, records)]
        view.append("cities")
    return _write(rows, view, args, out)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --------------------------------------------------------------------------- commands


def _cmd_cities(args: argparse.Namespace, out: IO[str]) -> int:
    from . import export
    from .fields import CITIES

    status = args.status
    if status is not None and "any" in status:
        status = "any"
    found = query.cities(
        region=args.region,
        country=args.country,
        cohort=args.cohort,
        status=status,
        as_of=args.as_of,
    )
    fmt = _pick_format(args, out)
    if fmt == "table":  # the status column when it was asked about
        view = [*CITIES.view, "status"] if args.status else CITIES.view
        _table([[CITIES.column(k).value(c) for k in view] for c in found], view, out)
        out.write(_plural(len(found), "city", "cities") + "\n")
        return 0
    writers: Dict[str, Callable[[Any, IO[str]], None]] = {
        "csv": export.to_csv,
        "json": export.to_json,
        "jsonl": export.to_jsonl,
        "geojson": export.to_geojson,
    }
    writers[fmt](found, out)
    return 0


def _cmd_city(args: argparse.Namespace, out: IO[str]) -> int:
    c = query.city(args.key, country=args.country)
    if args.format == "json":
        from .convert import to_dict

        _json(to_dict(c), out)
        return 0
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
        facts.append(("admitted", f"cohort {a.cohort}, {when}, {seen}{cite(a.sources)}"))
    st = c.status
    when = f", as of {st.as_of}" if st.as_of else ""
    facts.append(("status", f"{st.state}{when}{cite(st.sources)}"))
    if st.note:
        facts.append(("", st.note))
    for award in query.awards():
        if award.city.id == c.id:
            facts.append(("award", f"UNESCO Learning City Award {award.year}{cite(award.sources)}"))
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
    return 0


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


def _cmd_countries(args: argparse.Namespace, out: IO[str]) -> int:
    found = query.countries(region=args.region or None)
    _records(COUNTRIES, found, args, out, query.count_by("country"))
    return 0


def _cmd_regions(args: argparse.Namespace, out: IO[str]) -> int:
    _records(REGIONS, query.regions(), args, out, query.count_by("region"))
    return 0


def _cmd_cohorts(args: argparse.Namespace, out: IO[str]) -> int:
    _records(COHORTS, query.cohorts(), args, out)
    return 0


def _cmd_stats(args: argparse.Namespace, out: IO[str]) -> int:
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
    if _write(rows, list(rows[0]) if rows else [args.by, "cities"], args, out) == "table":
        total = len(query.cities())
        extra = sum(counts.values()) - total
        note = f" ({_plural(extra, 'city', 'cities')} admitted twice)" if extra > 0 else ""
        out.write(f"{_plural(total, 'member city', 'member cities')}{note}\n")
    return 0


def _cmd_search(args: argparse.Namespace, out: IO[str]) -> int:
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
    _write(rows, ["id", "name", "country", "score", "matched"], args, out)
    return 0 if matches else 1


def _cmd_awards(args: argparse.Namespace, out: IO[str]) -> int:
    found = query.awards(args.year)
    if not found:
        years = sorted({a.year for a in query.awards()})
        print(
            f"gnlc: no UNESCO Learning City Award in {args.year}; "
            f"awards were given in {', '.join(map(str, years))}",
            file=sys.stderr,
        )
        return 1
    if _records(AWARDS, found, args, out) == "table":
        out.write(_plural(len(found), "award", "awards") + "\n")
    return 0


def _cmd_validate(args: argparse.Namespace, out: IO[str]) -> int:
    """Without a file the bundled snapshot is checked. ``text`` writes one
    ``path<TAB>code<TAB>message`` line per problem (nothing when the data is
    valid); ``json`` a JSON array of problems. A missing or unreadable file is
    a problem too."""
    from .validation import validate

    report = validate(args.file)
    if args.format == "json":
        _json([p.as_dict() for p in report], out)
    else:
        for p in report:  # one line each, whatever a file name holds, nothing a terminal obeys
            out.write(f"{escape(p.path)}\t{p.code}\t{escape(p.message)}\n")
    return 1 if report else 0


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
    was written (whether or not anything changed), 1 when a file cannot be
    read or is not a snapshot."""
    from .snapshot_diff import diff

    try:
        result = diff(
            _stdin() if args.old == "-" else args.old, _stdin() if args.new == "-" else args.new
        )
    except SnapshotError as exc:
        print(f"gnlc diff: {escape(str(exc))}", file=sys.stderr)
        return 1
    report = result.to_markdown() if args.format == "markdown" else result.to_text()
    # Names come from the files: escape them, line by line (split on "\n" only:
    # splitlines() would also split at a U+2028 inside a name).
    out.writelines(escape(line) + "\n" for line in report.rstrip("\n").split("\n"))
    return 0


# --------------------------------------------------------------------------- parser


_FORMAT_HELP = "output format (default: table on a terminal, else csv)"


def _format(choices: Sequence[str] = TABLE_FORMATS) -> Tuple[Tuple[str, ...], Dict[str, Any]]:
    return ("--format",), {"choices": choices, "help": _FORMAT_HELP}


def _option(*flags: str, **kwargs: Any) -> Tuple[Tuple[str, ...], Dict[str, Any]]:
    return flags, kwargs


# Every command: (name, what it does, examples, handler, its options).
_COMMANDS: Tuple[Tuple[str, str, Tuple[str, ...], Callable[..., int], Tuple[Any, ...]], ...] = (
    (
        "cities",
        "list member cities, filtered",
        (
            'gnlc cities --region "Asia-Pacific" --cohort 2024',
            "gnlc cities --country NA --format json",
            "gnlc cities --status any --as-of 2020-12-31 --format csv > members-2020.csv",
        ),
        _cmd_cities,
        (
            _option("--region", action="append", help="region code, name or alias (repeatable)"),
            _option("--country", action="append", help="country code or name (repeatable)"),
            _option("--cohort", action="append", help="cohort id or year (repeatable)"),
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
                "warns where data is thin",
            ),
            _format(CITY_FORMATS),
        ),
    ),
    (
        "city",
        "every fact about one city, with its sources",
        ('gnlc city "Cao Lanh"', "gnlc city Muharraq --format json"),
        _cmd_city,
        (
            _option("key", metavar="NAME-OR-ID"),
            _option("--country", help="narrow an ambiguous name to one country"),
            _option("--format", choices=REPORT_FORMATS, default="text"),
        ),
    ),
    (
        "countries",
        "UNESCO Member States and Associate Members",
        ("gnlc countries --region LAC",),
        _cmd_countries,
        (_option("--region", help="only this region"), _format()),
    ),
    ("regions", "the five UNESCO regions", ("gnlc regions",), _cmd_regions, (_format(),)),
    (
        "cohorts",
        "admission rounds, stated vs known counts",
        ("gnlc cohorts --format table",),
        _cmd_cohorts,
        (_format(),),
    ),
    (
        "stats",
        "members per region, country or cohort",
        ("gnlc stats --by cohort",),
        _cmd_stats,
        (_option("--by", choices=query.GROUPINGS, default="region"), _format()),
    ),
    (
        "search",
        "fuzzy search of city names",
        ("gnlc search Hamburgh",),
        _cmd_search,
        (_option("text"), _option("--limit", type=int, default=10), _format()),
    ),
    (
        "awards",
        "UNESCO Learning City Awards",
        ("gnlc awards --year 2024",),
        _cmd_awards,
        (_option("--year", type=int, help="only the awards of this year"), _format()),
    ),
    (
        "validate",
        "check the bundled snapshot, or a data FILE, for problems",
        ("gnlc validate", "gnlc validate my-cities.csv --format json"),
        _cmd_validate,
        (
            _option("file", metavar="FILE", nargs="?", help="file to check (default: bundled)"),
            _option("--format", choices=REPORT_FORMATS, default="text"),
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
            _option("--format", choices=DIFF_FORMATS, default="text"),
        ),
    ),
)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gnlc",
        description="Query the UNESCO Global Network of Learning Cities (offline snapshot).",
        epilog='example: gnlc cities --region "Asia-Pacific" --cohort 2024\n\n'
        "Run `gnlc COMMAND --help` for the options of a command. Exit status: 0 on\n"
        "success, 1 when nothing matches or the data is invalid, 2 for a usage error.",
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
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (status 2)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 2
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            status: int = args.func(args, out)
        out.flush()
        for w in caught:
            print(f"gnlc: warning: {escape(str(w.message))}", file=sys.stderr)
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as Unix tools do.
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except GNLCError as exc:
        print(f"gnlc: {escape(str(exc))}", file=sys.stderr)
        return 1
    except (TypeError, ValueError) as exc:  # a bad option value, such as --as-of 2020-13-01
        print(f"gnlc: {escape(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # an unreadable file named on the command line
        print(f"gnlc: {escape(str(exc))}", file=sys.stderr)
        return 1
    return status
