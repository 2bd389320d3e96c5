"""The ``gnlc`` command: query the bundled snapshot from a shell.

Exit status: 0 on success, 1 when nothing matches (or data is invalid), 2 for
a usage error. Errors go to standard error, never as a traceback. Output is
UTF-8 whatever the locale; a table on a terminal, CSV when piped.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any, Callable, List, Optional, Sequence, Tuple

from . import DATA_VERSION, SNAPSHOT_DATE, __version__, query
from .errors import GNLCError
from .export import to_csv, to_json, to_jsonl
from .model import City

__all__ = ["main"]

FORMATS = ("table", "csv", "json", "jsonl")


def _table(rows: Sequence[Sequence[Any]], header: Sequence[str], out: IO[str]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out.write(line.format(*header).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in rows:
        out.write(line.format(*(str(v) for v in r)).rstrip() + "\n")


def _pick_format(args: argparse.Namespace, out: IO[str]) -> str:
    if args.format:
        return str(args.format)
    return "table" if out.isatty() else "csv"


def _write_cities(cities: Sequence[City], fmt: str, out: IO[str]) -> None:
    if fmt == "csv":
        to_csv(cities, out)
    elif fmt == "json":
        to_json(cities, out)
    elif fmt == "jsonl":
        to_jsonl(cities, out)
    else:
        rows = [
            (c.id, c.name, c.country.alpha_2, c.region.code, ",".join(c.cohorts), c.joined or "")
            for c in cities
        ]
        _table(rows, ("id", "name", "country", "region", "cohorts", "joined"), out)
        out.write(f"{len(cities)} {'city' if len(cities) == 1 else 'cities'}\n")


def _cmd_cities(args: argparse.Namespace, out: IO[str]) -> int:
    found = query.cities(
        region=args.region or None, country=args.country or None, cohort=args.cohort or None
    )
    _write_cities(found, _pick_format(args, out), out)
    return 0


def _cmd_city(args: argparse.Namespace, out: IO[str]) -> int:
    c = query.city(args.key, country=args.country)
    if args.format == "json":
        from .convert import to_dict

        out.write(json.dumps(to_dict(c), ensure_ascii=False, indent=1) + "\n")
        return 0
    facts: List[Tuple[str, str]] = [
        ("id", c.id),
        ("name", c.name),
        ("country", f"{c.country.name} ({c.country.alpha_2})"),
        ("region", f"{c.region.name} ({c.region.code})"),
        ("joined", "unknown" if c.joined is None else str(c.joined)),
    ]
    for a in c.admissions:
        when = a.announced.isoformat() if a.announced else "date not announced"
        seen = "region heading seen" if a.region_seen else "region inferred from country"
        facts.append(("admitted", f"cohort {a.cohort}, {when}, {seen}"))
    facts += [("alias", a) for a in c.aliases]
    facts += [("source", s) for s in c.sources]
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
    rows = [
        (
            c.id,
            c.announced.isoformat() if c.announced else "",
            "" if c.stated_cities is None else c.stated_cities,
            c.known_cities,
            "" if c.stated_countries is None else c.stated_countries,
            c.known_countries,
            "" if c.stated_total is None else c.stated_total,
        )
        for c in query.cohorts()
    ]
    header = ("cohort", "announced", "stated", "known", "countries", "known_countries", "total")
    _rows(rows, header, args, out)
    return 0


def _cmd_stats(args: argparse.Namespace, out: IO[str]) -> int:
    field = args.by
    counts = query.count_by(field)
    label: Callable[[Any], str] = {
        "region": lambda r: f"{r.code} {r.name}",
        "country": lambda c: f"{c.alpha_2} {c.name}",
        "cohort": lambda c: c.id,
    }[field]
    rows = [(label(k), n) for k, n in counts.items()]
    _rows(rows, (field, "cities"), args, out)
    if _pick_format(args, out) == "table":
        out.write(f"{sum(counts.values())} in total\n")
    return 0


def _cmd_search(args: argparse.Namespace, out: IO[str]) -> int:
    matches = query.search(args.text, limit=args.limit)
    rows = [
        (m.city.id, m.city.name, m.city.country.alpha_2, f"{m.score:.2f}", m.matched)
        for m in matches
    ]
    _rows(rows, ("id", "name", "country", "score", "matched"), args, out)
    return 0 if matches else 1


def _rows(
    rows: Sequence[Sequence[Any]], header: Sequence[str], args: argparse.Namespace, out: IO[str]
) -> None:
    fmt = _pick_format(args, out)
    if fmt == "table":
        _table(rows, header, out)
    elif fmt == "csv":
        import csv

        w = csv.writer(out)
        w.writerow(header)
        w.writerows(rows)
    else:
        dicts = [dict(zip(header, r)) for r in rows]
        if fmt == "json":
            out.write(json.dumps(dicts, ensure_ascii=False, indent=1) + "\n")
        else:
            out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gnlc",
        description="Query the UNESCO Global Network of Learning Cities (offline snapshot).",
        epilog='example: gnlc cities --region "Asia-Pacific" --cohort 2024',
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"gnlc {__version__} (data {DATA_VERSION}, snapshot {SNAPSHOT_DATE})",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def add(name: str, help: str, example: str, fn: Callable[..., int]) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help, epilog=f"example: {example}")
        sp.set_defaults(func=fn)
        return sp

    def fmt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--format",
            choices=FORMATS,
            help="output format (default: table on a terminal, else csv)",
        )

    sp = add(
        "cities",
        "list member cities",
        'gnlc cities --region "Asia-Pacific" --format csv',
        _cmd_cities,
    )
    sp.add_argument("--region", action="append", help="region code, name or alias (repeatable)")
    sp.add_argument("--country", action="append", help="country code or name (repeatable)")
    sp.add_argument("--cohort", action="append", help="cohort id or year (repeatable)")
    fmt(sp)

    sp = add("city", "every fact about one city", 'gnlc city "Cao Lanh"', _cmd_city)
    sp.add_argument("key", metavar="NAME-OR-ID")
    sp.add_argument("--country", help="narrow an ambiguous name to one country")
    sp.add_argument("--format", choices=("text", "json"), default="text")

    sp = add(
        "countries",
        "UNESCO Member States and Associate Members",
        "gnlc countries --region LAC",
        _cmd_countries,
    )
    sp.add_argument("--region", help="only this region")
    fmt(sp)

    fmt(add("regions", "the five UNESCO regions", "gnlc regions", _cmd_regions))
    fmt(add("cohorts", "admission rounds, stated vs known counts", "gnlc cohorts", _cmd_cohorts))

    sp = add("stats", "members per region, country or cohort", "gnlc stats --by cohort", _cmd_stats)
    sp.add_argument("--by", choices=("region", "country", "cohort"), default="region")
    fmt(sp)

    sp = add("search", "fuzzy search of city names", "gnlc search Hamburgh", _cmd_search)
    sp.add_argument("text")
    sp.add_argument("--limit", type=int, default=10)
    fmt(sp)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the exit status."""
    out = sys.stdout
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args, out)
        out.flush()
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as Unix tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except GNLCError as exc:
        print(f"gnlc: {exc}", file=sys.stderr)
        return 1
    except (TypeError, ValueError) as exc:
        print(f"gnlc: {exc}", file=sys.stderr)
        return 2
    return status
