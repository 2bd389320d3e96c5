"""What kind of publisher each source is, and the order a city's sources take.

``data/curated/hosts.tsv`` classifies every host that ``data/`` cites, once:
``unesco`` (UNESCO and UIL), ``natcom`` (a national commission or permanent
delegation), ``government``, ``press``, ``other``, ``blog`` or ``mirror``
(a copy of another page). A host matches a row when it is the row's host or a
subdomain of it. The order of the kinds is :data:`gnlc._rules.SOURCE_KINDS`:
each city's sources are listed primary first, in that order, and otherwise as
the data gives them. A cited host that the table does not classify stops the
build, so the classification stays complete.

``data/curated/originals.tsv`` names the original of a page that a row cites
in a copy (a reprint of a UNESCO press release, its translation): wherever the
copy is cited, the original is cited too, and, being UNESCO's, comes first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List, Optional
from urllib.parse import urlsplit

from gnlc._rules import PRIMARY_KINDS, SOURCE_KINDS, source_rank

from .rows import BuildError, read_tsv

__all__ = ["is_primary", "kind_of", "ordered", "read_hosts", "read_originals", "with_originals"]

Hosts = Dict[str, str]
"""Host (lower case) -> kind."""


def read_hosts(root: Path) -> Hosts:
    hosts: Hosts = {}
    for row in read_tsv(root / "data/curated/hosts.tsv"):
        host = row["host"].strip().lower()
        if row["kind"] not in SOURCE_KINDS:
            raise BuildError(f"{row['_where']}: kind must be one of {SOURCE_KINDS}")
        if hosts.setdefault(host, row["kind"]) != row["kind"]:
            raise BuildError(f"{row['_where']}: {host} is classified twice")
    return hosts


def kind_of(url: str, hosts: Hosts) -> Optional[str]:
    """The kind of *url*'s host: its own row, else its nearest parent domain's."""
    host = (urlsplit(url).hostname or "").lower()
    while host:
        if host in hosts:
            return hosts[host]
        host = host.partition(".")[2]
    return None


def ordered(urls: Iterable[str], hosts: Hosts) -> List[str]:
    """*urls* primary first (the order of ``SOURCE_KINDS``), otherwise as given."""
    urls = list(urls)
    for u in urls:
        if kind_of(u, hosts) is None:
            host = urlsplit(u).hostname
            raise BuildError(f"{u}: add its host {host!r} to data/curated/hosts.tsv")
    return sorted(urls, key=lambda u: source_rank(kind_of(u, hosts) or ""))


def is_primary(url: str, hosts: Hosts) -> bool:
    """Whether *url* is published by UNESCO, a national commission or a government."""
    return kind_of(url, hosts) in PRIMARY_KINDS


def read_originals(root: Path, hosts: Hosts) -> Dict[str, str]:
    """Copy URL -> original URL; each original must be a primary source."""
    path = root / "data/curated/originals.tsv"
    out: Dict[str, str] = {}
    for row in read_tsv(path) if path.exists() else []:
        if not is_primary(row["original"], hosts):
            raise BuildError(f"{row['_where']}: an original must be a primary source")
        if not row["note"].strip():
            raise BuildError(f"{row['_where']}: say why the page is a copy of the original")
        out[row["copy"]] = row["original"]
    return out


def with_originals(urls: List[str], originals: Dict[str, str]) -> List[str]:
    """*urls* and, after each copy, its original (once)."""
    out: List[str] = []
    for u in urls:
        for v in (u, originals.get(u)):
            if v is not None and v not in out:
                out.append(v)
    return out
