"""The ``gnlc`` command (also ``python -m gnlc``): query the bundled snapshot from a shell.

Exit status: 0 on success, 1 when nothing matches (or data is invalid), 2 for
a usage error. Errors and warnings go to standard error, never as a
traceback. Output is UTF-8 whatever the locale; an aligned table on a
terminal, CSV when piped (``--format`` chooses). Closing the pipe early, as
``| head`` does, ends the command quietly.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
import warnings
from typing import IO, Any, Callable, List, Optional, Sequence, Tuple

from . import DATA_VERSION, SNAPSHOT_DATE, __version__, query
from .errors import GNLCError
from .model import City

__all__ = ["main"]

FORMATS = ("table", "csv", "json", "jsonl")
CITY_FORMATS = (*FORMATS, "geojson")


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
    cells = [list(header), *([_cell(v) for v in r] for r in rows)]
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


def _rows(
    rows: Sequence[Sequence[Any]],
    header: Sequence[str],
    args: argparse.Namespace,
    out: IO[str],
    *,
    table_columns: Optional[int] = None,
) -> str:
    """Write *rows* in the chosen format; return that format.

    Values are kept as they are for JSON (``None`` is ``null``, a list a
    list); in a table or CSV, ``None`` is an empty cell and a list is joined.
    A table shows only the first *table_columns* columns.
    """
    fmt = _pick_format(args, out)
    if fmt == "table":
        n = len(header) if table_columns is None else table_columns
        _table([r[:n] for r in rows], header[:n], out)
    elif fmt == "csv":
        import csv

        w = csv.writer(out)
        w.writerow(header)
        w.writerows([_cell(v, " ") for v in r] for r in rows)
    else:
        import json

        dicts = [dict(zip(header, r)) for r in rows]
        if fmt == "json":
            out.write(json.dumps(dicts, ensure_ascii=False, indent=1) + "\n")
        else:
            out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
    return fmt


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --------------------------------------------------------------------------- commands


def _cmd_cities(args: argparse.Namespace, out: IO[str]) -> int:
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
        header = ("id", "name", "country", "region", "cohorts", "joined", "status")
        n = len(header) if args.status else len(header) - 1
        rows = [
            (c.id, c.name, c.country.alpha_2, c.region.code, c.cohorts, c.joined, c.status.state)
            for c in found
        ]
        _table([r[:n] for r in rows], header[:n], out)
        out.write(_plural(len(found), "city", "cities") + "\n")
        return 0
    from . import export

    writer: Callable[[Sequence[City], IO[str]], None] = {
        "csv": export.to_csv,
        "json": export.to_json,
        "jsonl": export.to_jsonl,
        "geojson": export.to_geojson,
    }[fmt]
    writer(found, out)
    return 0


def _cmd_city(args: argparse.Namespace, out: IO[str]) -> int:
    c = query.city(args.key, country=args.country)
    if args.format == "json":
        import json

        from .convert import to_dict

        out.write(json.dumps(to_dict(c), ensure_ascii=False, indent=1) + "\n")
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
        ("cohort", "unknown" if c.cohort is None else c.cohort.id),
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
    loc = c.location
    if loc is None:
        place = "not established"
    elif loc.lat is None or loc.lon is None:
        place = "coordinates unknown"
        place += f" ({loc.subdivision})" if loc.subdivision else ""
        place += f": {loc.note}" if loc.note else ""
    else:
        place = f"{loc.lat}, {loc.lon} (lat, lon; {loc.kind}"
        place += f"; {loc.subdivision}" if loc.subdivision else ""
        place += f"; GeoNames {loc.geonames_id}" if loc.geonames_id else ""
        place += f"; from {loc.origin})" if loc.origin else ")"
    facts.append(("location", place))
    facts += [("alias", a) for a in c.aliases]
    facts += [("source", f"[{i}] {s}") for i, s in enumerate(sources, 1)]
    width = max(len(k) for k, _ in facts)
    for k, v in facts:
        out.write(f"{k:<{width}}  {v}\n")
    return 0


def _cmd_countries(args: argparse.Namespace, out: IO[str]) -> int:
    members = query.count_by("country")
    rows = [
        (c.alpha_2, c.alpha_3, c.numeric, c.name, c.region.code, c.status, members.get(c, 0))
        for c in query.countries(region=args.region or None)
    ]
    header = ("alpha_2", "alpha_3", "numeric", "name", "region", "status", "cities")
    _rows(rows, header, args, out)
    return 0


def _cmd_regions(args: argparse.Namespace, out: IO[str]) -> int:
    counts = query.count_by("region")
    rows = [(r.code, r.name, counts.get(r, 0)) for r in query.regions()]
    _rows(rows, ("code", "name", "cities"), args, out)
    return 0


def _cmd_cohorts(args: argparse.Namespace, out: IO[str]) -> int:
    def blank(n: Optional[int]) -> Any:  # "" also in JSON, as docs/provenance.md shows
        return "" if n is None else n

    rows = [
        (
            c.id,
            c.announced.isoformat() if c.announced else "",
            blank(c.stated_cities),
            c.known_cities,
            blank(c.stated_countries),
            c.known_countries,
            blank(c.stated_total),
        )
        for c in query.cohorts()
    ]
    header = ("cohort", "announced", "stated", "known", "countries", "known_countries", "total")
    _rows(rows, header, args, out)
    return 0


def _cmd_stats(args: argparse.Namespace, out: IO[str]) -> int:
    counts = query.count_by(args.by)
    rows: List[Tuple[Any, ...]]
    if args.by == "region":
        header: Tuple[str, ...] = ("region", "name", "cities")
        rows = [(r.code, r.name, n) for r, n in counts.items()]
    elif args.by == "country":
        header = ("country", "name", "cities")
        rows = [(c.alpha_2, c.name, n) for c, n in counts.items()]
    else:  # members known only from an award have no cohort
        header = ("cohort", "cities")
        rows = [("unknown" if k is None else k.id, n) for k, n in counts.items()]
    if _rows(rows, header, args, out) == "table":
        total = len(query.cities())
        extra = sum(counts.values()) - total
        note = f" ({_plural(extra, 'city', 'cities')} admitted twice)" if extra > 0 else ""
        out.write(f"{_plural(total, 'member city', 'member cities')}{note}\n")
    return 0


def _cmd_search(args: argparse.Namespace, out: IO[str]) -> int:
    matches = query.search(args.text, limit=args.limit)
    rows = [
        (m.city.id, m.city.name, m.city.country.alpha_2, f"{m.score:.2f}", m.matched)
        for m in matches
    ]
    _rows(rows, ("id", "name", "country", "score", "matched"), args, out)
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
    rows = [
        (a.year, a.city.id, a.city.name, a.city.country.alpha_2, list(a.sources)) for a in found
    ]
    header = ("year", "id", "name", "country", "sources")
    if _rows(rows, header, args, out, table_columns=4) == "table":
        out.write(_plural(len(found), "award", "awards") + "\n")
    return 0


def _cmd_validate(args: argparse.Namespace, out: IO[str]) -> int:
    from .validation import cli

    return cli(args.file, args.format, out)


def _cmd_diff(args: argparse.Namespace, out: IO[str]) -> int:
    from .snapshot_diff import cli

    return cli(args.old, args.new, args.format, out)


# --------------------------------------------------------------------------- parser


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

    def add(
        name: str, help: str, examples: Sequence[str], fn: Callable[..., int]
    ) -> argparse.ArgumentParser:
        sp = sub.add_parser(
            name,
            help=help,
            description=help[0].upper() + help[1:] + ".",
            epilog="\n".join(f"example: {e}" for e in examples),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sp.set_defaults(func=fn)
        return sp

    def fmt(sp: argparse.ArgumentParser, choices: Sequence[str] = FORMATS) -> None:
        sp.add_argument(
            "--format",
            choices=choices,
            help="output format (default: table on a terminal, else csv)",
        )

    sp = add(
        "cities",
        "list member cities, filtered",
        (
            'gnlc cities --region "Asia-Pacific" --cohort 2024',
            "gnlc cities --country NA --format json",
            "gnlc cities --status any --as-of 2020-12-31 --format csv > members-2020.csv",
        ),
        _cmd_cities,
    )
    sp.add_argument("--region", action="append", help="region code, name or alias (repeatable)")
    sp.add_argument("--country", action="append", help="country code or name (repeatable)")
    sp.add_argument("--cohort", action="append", help="cohort id or year (repeatable)")
    sp.add_argument(
        "--status",
        action="append",
        choices=(*query.STATES, "any"),
        help="membership state (repeatable; default: all but left and withdrawn)",
    )
    sp.add_argument(
        "--as-of",
        metavar="DATE",
        help="members on this ISO date (or at the end of this year); warns where data is thin",
    )
    fmt(sp, CITY_FORMATS)

    sp = add(
        "city",
        "every fact about one city, with its sources",
        ('gnlc city "Cao Lanh"', "gnlc city Muharraq --format json"),
        _cmd_city,
    )
    sp.add_argument("key", metavar="NAME-OR-ID")
    sp.add_argument("--country", help="narrow an ambiguous name to one country")
    sp.add_argument("--format", choices=("text", "json"), default="text")

    sp = add(
        "countries",
        "UNESCO Member States and Associate Members",
        ("gnlc countries --region LAC",),
        _cmd_countries,
    )
    sp.add_argument("--region", help="only this region")
    fmt(sp)

    fmt(add("regions", "the five UNESCO regions", ("gnlc regions",), _cmd_regions))
    fmt(
        add(
            "cohorts",
            "admission rounds, stated vs known counts",
            ("gnlc cohorts --format table",),
            _cmd_cohorts,
        )
    )

    sp = add(
        "stats",
        "members per region, country or cohort",
        ("gnlc stats --by cohort",),
        _cmd_stats,
    )
    sp.add_argument("--by", choices=("region", "country", "cohort"), default="region")
    fmt(sp)

    sp = add("search", "fuzzy search of city names", ("gnlc search Hamburgh",), _cmd_search)
    sp.add_argument("text")
    sp.add_argument("--limit", type=int, default=10)
    fmt(sp)

    sp = add(
        "awards",
        "UNESCO Learning City Awards",
        ("gnlc awards --year 2024",),
        _cmd_awards,
    )
    sp.add_argument("--year", type=int, help="only the awards of this year")
    fmt(sp)

    sp = add(
        "validate",
        "check the bundled snapshot, or a data FILE, for problems",
        ("gnlc validate", "gnlc validate my-cities.csv --format json"),
        _cmd_validate,
    )
    sp.add_argument("file", metavar="FILE", nargs="?", help="file to check (default: bundled)")
    sp.add_argument("--format", choices=("text", "json"), default="text")

    sp = add(
        "diff",
        "what changed between two snapshot files",
        ("gnlc diff old/snapshot.json src/gnlc/data/snapshot.json --format markdown",),
        _cmd_diff,
    )
    sp.add_argument("old", metavar="OLD", help="the older snapshot file (- for stdin)")
    sp.add_argument("new", metavar="NEW", help="the newer snapshot file (- for stdin)")
    sp.add_argument("--format", choices=("text", "markdown"), default="text")
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
            print(f"gnlc: warning: {w.message}", file=sys.stderr)
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as Unix tools do.
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except GNLCError as exc:
        print(f"gnlc: {exc}", file=sys.stderr)
        return 1
    except (TypeError, ValueError) as exc:  # a bad option value, such as --as-of 2020-13-01
        print(f"gnlc: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an unreadable file named on the command line
        print(f"gnlc: {exc}", file=sys.stderr)
        return 1
    return status
