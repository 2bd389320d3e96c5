"""The building blocks of the documentation's generated content: Markdown
helpers, the error a generator raises, and the registry of generators that
``<!-- gen: name -->`` markers name (:mod:`tools.docs_gen` expands them)."""

from __future__ import annotations

import csv
import urllib.parse
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence

__all__ = ["GENERATORS", "GenError", "cell", "code", "generator", "link", "plain", "table"]


class GenError(Exception):
    """A page or the data cannot be turned into documentation; the message says why."""


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


GENERATORS: Dict[str, Callable[[str], str]] = {}


def generator(name: str) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """Register a function as the content of ``<!-- gen: name ... -->``."""

    def register(fn: Callable[[str], str]) -> Callable[[str], str]:
        GENERATORS[name] = fn
        return fn

    return register
