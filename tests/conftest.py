"""Shared fixtures: paths, the raw source rows, and a swappable store."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import socket
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pytest

import gnlc
from gnlc.testing import use_snapshot as _use_snapshot

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "src" / "gnlc" / "data" / "snapshot.json"

# tests/browser drives a built site in Chromium: `nox -s browser` builds the site,
# names it in GNLC_SITE and runs them; the plain test run leaves them out.
collect_ignore = [] if os.environ.get("GNLC_SITE") else ["browser"]


def read_tsv(path: Path) -> List[Dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="session")
def raw_rows() -> List[Dict[str, str]]:
    """Every member row of data/raw and data/found, tagged with its cohort."""
    rows = []
    paths = sorted((ROOT / "data" / "raw").glob("cohort-*.tsv"))
    for path in paths + sorted((ROOT / "data" / "found").glob("cohort-*.tsv")):
        for row in read_tsv(path):
            row["cohort"] = path.stem[len("cohort-") :]
            rows.append(row)
    return rows


def _tables(raw: Dict[str, Any]) -> List[str]:
    """The tables of a parsed snapshot whose rows are arrays (all but location,
    which is a field of a city)."""
    return [t for t in raw["fields"] if t != "location" and t in raw]


def readable(raw: Dict[str, Any]) -> Dict[str, Any]:
    """A parsed snapshot whose table rows are dicts (the file holds arrays in
    the order ``fields`` gives), for tests that read or edit rows by field."""
    fields = raw["fields"]
    return {**raw, **{t: [dict(zip(fields[t], row)) for row in raw[t]] for t in _tables(raw)}}


def to_file(raw: Dict[str, Any]) -> bytes:
    """Snapshot bytes for *raw*, whose rows may be dicts (see :func:`readable`)."""
    fields = raw["fields"]
    tables = {
        t: [[row[f] for f in fields[t]] if isinstance(row, dict) else row for row in raw[t]]
        for t in _tables(raw)
    }
    return json.dumps({**raw, **tables}, ensure_ascii=False).encode("utf-8")


def add_row(raw: Dict[str, Any], table: str, row: Any) -> int:
    """Append *row* to the snapshot's shared *table*; return its index."""
    raw[table] = [*raw[table], row]
    return len(raw[table]) - 1


@pytest.fixture(scope="session")
def snapshot_json() -> Dict[str, Any]:
    """The bundled snapshot, parsed, with its rows as dicts (:func:`readable`)."""
    return readable(json.loads(SNAPSHOT.read_text(encoding="utf-8")))


@pytest.fixture
def use_snapshot() -> Iterator[Callable[[Dict[str, Any]], None]]:
    """Install a modified snapshot for one test (gnlc.testing.use_snapshot),
    then restore the bundled one."""
    with contextlib.ExitStack() as stack:

        def install(raw: Dict[str, Any]) -> None:
            stack.enter_context(_use_snapshot(to_file(raw)))

        yield install


@pytest.fixture(scope="session")
def all_cities() -> gnlc.Cities:
    return gnlc.cities()


# --------------------------------------------------------------------------- no network

NO_NETWORK_ENV = "GNLC_TEST_NO_NETWORK"
"""Set to "1" for every test, and so inherited by the subprocesses that the CLI
tests start. The socket guard below cannot reach into those interpreters: a
``sitecustomize`` that wants to guard them too can honour the variable. The
code under test makes no network calls in a subprocess either: the whole suite
also passes with no network at all (``unshare -rn``)."""


class NetworkAccessError(RuntimeError):
    """A test, or the code it tests, tried to open a network connection."""


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkAccessError("gnlc makes no network calls at run time, but one was attempted")


class _NoSocket(socket.socket):
    def __init__(self, *args: object, **kwargs: object) -> None:
        _refuse()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with sockets disabled: opening one raises NetworkAccessError."""
    monkeypatch.setattr(socket, "socket", _NoSocket)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setenv(NO_NETWORK_ENV, "1")
