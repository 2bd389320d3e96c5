"""Reading what :func:`gnlc.validate` is given into records to check: City
objects, dicts, a parsed snapshot, or a JSON, JSON Lines or CSV file."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping
from typing import Any, Dict, FrozenSet, List, Tuple, Union

import attrs

from .. import _files, _rules, _snapshot, _store
from ..errors import SnapshotError
from ..export import parse_cell
from ..fields import CITIES
from ..model import City
from ._report import ROOT, Problem, close_match, kind_of
from ._shape import MISSING, ROW_ONLY, row_columns

__all__ = ["Input", "collect"]

_REQUIRED_COLUMNS = tuple(c.name for c in CITIES.columns if c.required)

_Record = Tuple[Any, str]  # (a record, its kind: "object", "city" or "row")


@attrs.define
class Input:
    """The records to check, each with its kind, and the problems found reading them."""

    records: List[_Record] = attrs.Factory(list)
    problems: List[Problem] = attrs.Factory(list)
    missing_columns: FrozenSet[str] = frozenset()


def _kind_of(record: Any) -> str:
    if isinstance(record, City):
        return "object"
    if isinstance(record, Mapping) and not ROW_ONLY.isdisjoint(record.keys()):
        return "row"
    return "city"


def _from_data(data: Any) -> Input:
    got = Input()
    if isinstance(data, Mapping) and ROOT in data:
        snapshot = data if data.get("schema") == _rules.SCHEMA else None
        data = data[ROOT]
        if snapshot is not None and isinstance(data, list):
            memo: Dict[Tuple[str, Any], Any] = {}  # each shared row expanded once
            data = [_snapshot.expand_city(snapshot, c, memo) for c in data]
        if isinstance(data, (str, bytes, Mapping)) or not isinstance(data, Iterable):
            got.problems.append(
                Problem(
                    "wrong-type",
                    ROOT,
                    data,
                    f'"{ROOT}" must be a list of city records, not {kind_of(data)}',
                )
            )
            return got
    elif isinstance(data, (City, Mapping)):
        data = [data]
    got.records = [(r, _kind_of(r)) for r in data]
    return got


def _file_problem(got: Input, code: str, value: Any, message: str) -> Input:
    got.problems.append(Problem(code, ROOT, value, message))
    return got


def _from_file(path: Union[str, os.PathLike[str]]) -> Input:
    got = Input()
    name = os.fspath(path)
    try:
        data = _files.read(name)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or exc
        return _file_problem(got, "unreadable", name, f"cannot read {name}: {reason}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _file_problem(
            got,
            "bad-encoding",
            name,
            f"{name} is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
        )
    if not text.strip():
        return _file_problem(
            got, "empty-file", name, f"{name} is empty; it should hold city records"
        )
    suffix = os.path.splitext(name)[1].lower()
    if suffix in (".jsonl", ".ndjson"):
        return _from_json_lines(text, got)
    if suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("[", "{")):
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            err = exc if isinstance(exc, json.JSONDecodeError) else None
            where = f"line {err.lineno}, column {err.colno}: {err.msg}" if err else str(exc)
            near = text[err.pos : err.pos + 20] if err else None
            return _file_problem(
                got, "bad-json", near, f"{name} is not valid JSON ({where}); fix the syntax"
            )
        except RecursionError:
            return _file_problem(
                got, "bad-json", None, f"{name} nests too deeply to be city records"
            )
        if not isinstance(parsed, (list, dict)):
            return _file_problem(
                got,
                "wrong-type",
                parsed,
                f'expected a list of cities (or an object with a "{ROOT}" list), '
                f"not {kind_of(parsed)}",
            )
        return _from_data(parsed)
    return _from_csv(text, name, got)


def _from_json_lines(text: str, got: Input) -> Input:
    for n, line in enumerate(text.split("\n"), start=1):  # not splitlines(): JSON allows U+2028
        if not line.strip():
            continue
        index = len(got.records)
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            got.problems.append(
                Problem(
                    "bad-json", f"{ROOT}[{index}]", line[:60], f"line {n} is not valid JSON: {exc}"
                )
            )
            record = MISSING
        got.records.append((record, _kind_of(record) if record is not MISSING else "skip"))
    return got


MAX_CELL = 131_072
"""The longest CSV cell read (characters): csv's default limit, kept by gnlc
itself, since any library may raise the process-wide one (frictionless does)."""


def _checked(row: List[str]) -> List[str]:
    if any(len(cell) > MAX_CELL for cell in row):
        raise csv.Error(f"a cell is longer than {MAX_CELL:,} characters")
    return row


def _from_csv(text: str, name: str, got: Input) -> Input:
    reader = csv.reader(io.StringIO(text, newline=""))
    known = row_columns()
    try:
        header = [h.strip() for h in _checked(next(reader, []))]
        missing = [c for c in _REQUIRED_COLUMNS if c not in header]
        for column in missing:
            got.problems.append(
                Problem(
                    "missing-column",
                    ROOT,
                    column,
                    f'{name} has no "{column}" column; the header needs '
                    f"{','.join(_REQUIRED_COLUMNS)} (other columns as gnlc.export.COLUMNS)",
                )
            )
        for column in sorted(set(header) - known):
            got.problems.append(
                Problem(
                    "unknown-column",
                    ROOT,
                    column,
                    f'{name} has an unknown column "{column}"; '
                    f"remove it{close_match(column, known)}",
                )
            )
        for column in sorted({c for c in header if header.count(c) > 1}):
            got.problems.append(
                Problem("bad-csv", ROOT, column, f'{name} has the column "{column}" twice')
            )
        got.missing_columns = frozenset(missing)
        for row in map(_checked, reader):
            if not any(cell.strip() for cell in row):
                continue
            index = len(got.records)
            if len(row) != len(header):
                got.problems.append(
                    Problem(
                        "bad-csv",
                        f"{ROOT}[{index}]",
                        row[:20],
                        f"line {reader.line_num} has {len(row)} cells but the header has "
                        f"{len(header)}; quote cells that hold commas",
                    )
                )
                got.records.append((None, "skip"))
                continue
            cells = {k: parse_cell(CITIES.column(k), v) for k, v in zip(header, row) if k in known}
            got.records.append((cells, "row"))
    except csv.Error as exc:
        got.problems.append(
            Problem("bad-csv", ROOT, None, f"{name}, line {reader.line_num}: {exc}")
        )
    return got


def collect(data: Any) -> Input:
    if data is None:  # every record, also those cities() leaves out by status
        snap = _store.get()
        got = _from_data(snap.cities)
        try:
            snap.info  # noqa: B018 - computes the SHA-256 of the loaded file and checks it
        except SnapshotError as exc:
            got.problems.insert(0, Problem("edited-snapshot", ROOT, None, str(exc)))
        return got
    if isinstance(data, (str, os.PathLike)):
        return _from_file(data)
    if isinstance(data, (City, Mapping)) or (
        isinstance(data, Iterable) and not isinstance(data, (bytes, bytearray))
    ):
        return _from_data(data)
    raise TypeError(
        "validate() takes None, a path, a City, a dict or an iterable of them, "
        f"not {type(data).__name__}"
    )
