"""Compare two snapshots: what the data changelog says changed.

:func:`diff` reads two snapshot files (or their bytes) through the same parser
as the bundled snapshot, so a damaged or foreign file raises
:class:`~gnlc.SnapshotError`, and returns a :class:`SnapshotDiff`: the member
cities added, removed, renamed (same id, new name) and otherwise changed (same
id, another cohort, status, sources, ...). City ids never change once
published, so the id is what pairs an old record with a new one.

>>> from pathlib import Path
>>> import gnlc
>>> from gnlc.snapshot_diff import diff
>>> here = Path(gnlc.__file__).parent / "data" / "snapshot.json"
>>> d = diff(here, here)
>>> d.unchanged, d.old.data_version == d.new.data_version
(True, True)

``gnlc diff OLD NEW`` is the command; its ``markdown`` format is meant to be
pasted under a "Data" heading of ``CHANGELOG.md``.
"""

from __future__ import annotations

import datetime
import operator
import os
import typing
from typing import Any, Callable, List, Tuple, Union

import attrs

from . import _files
from ._snapshot import Snapshot
from ._store import load_bytes
from .errors import SnapshotError
from .fields import KEYS
from .model import City, SnapshotInfo

__all__ = [
    "ChangedCity",
    "CityRef",
    "FieldChange",
    "RenamedCity",
    "SnapshotDiff",
    "diff",
]

Source = Union[bytes, str, "os.PathLike[str]"]
"""A snapshot to compare: its bytes, or the path of its file."""


@attrs.frozen
class CityRef:
    """A city that one snapshot has and the other does not."""

    id: str
    name: str
    country: str
    """ISO 3166-1 alpha-2 code."""
    cohorts: Tuple[str, ...] = ()


@attrs.frozen
class RenamedCity:
    """A city whose id stayed and whose name changed."""

    id: str
    old_name: str
    new_name: str


@attrs.frozen
class FieldChange:
    """One changed field of a city, both values rendered as text.

    ``field`` is the City field (``"joined"``), or a field of the city's own
    status or location (``"status.as_of"``). A country, region or cohort is
    shown by its code, a list joined with ``", "``, admissions as
    ``field=value`` pairs; a missing value is ``"none"``.
    """

    field: str
    old: str
    new: str


@attrs.frozen
class ChangedCity:
    """A city, by id and (new) name, whose fields other than its name changed."""

    id: str
    name: str
    changes: Tuple[FieldChange, ...]


@attrs.frozen
class SnapshotDiff:
    """What changed between two snapshots, cities ordered by id.

    A city that was renamed *and* changed otherwise appears in both
    :attr:`renamed` and :attr:`changed`.
    """

    old: SnapshotInfo
    new: SnapshotInfo
    added: Tuple[CityRef, ...] = ()
    removed: Tuple[CityRef, ...] = ()
    renamed: Tuple[RenamedCity, ...] = ()
    changed: Tuple[ChangedCity, ...] = ()

    @property
    def unchanged(self) -> bool:
        """True when no member city differs (the versions may still differ)."""
        return not (self.added or self.removed or self.renamed or self.changed)

    def to_text(self) -> str:
        """A plain-text report for a terminal."""
        return _text_report(self)

    def to_markdown(self) -> str:
        """A Markdown section for the "Data" part of ``CHANGELOG.md``."""
        return _markdown_report(self)


# --------------------------------------------------------------------------- comparing


def _text(value: Any) -> str:
    """A field's value as diff text: a record of a shared table by its key, a
    list joined with commas, a record of a city's own by its fields;
    ``"none"`` for nothing."""
    if value is None or value == ():
        return "none"
    key = KEYS.get(type(value))
    if key is not None:
        return str(getattr(value, key))
    if isinstance(value, tuple):
        sep = "; " if attrs.has(type(value[0])) else ", "
        return sep.join(_text(v) for v in value)
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return ", ".join(f"{f.name}={_text(getattr(value, f.name))}" for f in fields)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _labels() -> Tuple[Tuple[str, Callable[[City], Any]], ...]:
    """Every field that :func:`diff` compares, as (label, how to read it): the
    fields of City but its id and name, and the fields of a record that is
    the city's own (its status, its location) one by one, ``status.as_of``."""
    out: List[Tuple[str, Callable[[City], Any]]] = []
    for f in attrs.fields(City):
        if f.name in ("id", "name"):
            continue
        own = _own_record(f.type)
        if own is None:
            out.append((f.name, operator.attrgetter(f.name)))
            continue
        for sub in attrs.fields(own):
            get = operator.attrgetter(sub.name)
            out.append((f"{f.name}.{sub.name}", _through(f.name, get)))
    return tuple(out)


def _own_record(typ: Any) -> Any:
    """The record class of a field that holds one record of the city's own
    (not a shared one, which compares by its key), or ``None``."""
    args = [a for a in typing.get_args(typ) if a is not type(None)]
    inner = args[0] if typing.get_origin(typ) is Union and len(args) == 1 else typ
    return inner if attrs.has(inner) and inner not in KEYS else None


def _through(name: str, get: Callable[[Any], Any]) -> Callable[[City], Any]:
    def read(c: City) -> Any:
        own = getattr(c, name)
        return None if own is None else get(own)

    return read


_COMPARED = _labels()


def _ref(c: City) -> CityRef:
    return CityRef(id=c.id, name=c.name, country=c.country.alpha_2, cohorts=c.cohort_ids)


def _compare(old: City, new: City) -> Tuple[FieldChange, ...]:
    changes = []
    for label, read in _COMPARED:
        before, after = read(old), read(new)
        if before != after:
            changes.append(FieldChange(field=label, old=_text(before), new=_text(after)))
    return tuple(changes)


def _read(source: object, role: str) -> Tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), f"the {role} snapshot"
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"{role} must be bytes or a path, not {type(source).__name__}")
    try:
        path = os.fspath(source)
        return _files.read(path), str(path)
    except (OSError, ValueError, TypeError) as exc:  # ValueError: a NUL in the path
        raise SnapshotError(f"cannot read {source!r}: {exc}") from exc


def _load(source: object, role: str) -> Snapshot:
    data, name = _read(source, role)
    return load_bytes(data, name=name)


def diff(old: Source, new: Source) -> SnapshotDiff:
    """Compare the snapshot *old* with the snapshot *new*.

    Each is the snapshot's bytes or the path of a snapshot file. A file that
    cannot be read, or is not a valid snapshot, raises
    :class:`~gnlc.SnapshotError`; neither file needs to be the bundled one,
    so no content hash is checked.
    """
    before = _load(old, "old")
    after = _load(new, "new")
    added = [_ref(c) for c in after.cities if c.id not in before.city_by_id]
    removed = [_ref(c) for c in before.cities if c.id not in after.city_by_id]
    renamed: List[RenamedCity] = []
    changed: List[ChangedCity] = []
    for c in after.cities:
        was = before.city_by_id.get(c.id)
        if was is None:
            continue
        if was.name != c.name:
            renamed.append(RenamedCity(id=c.id, old_name=was.name, new_name=c.name))
        changes = _compare(was, c)
        if changes:
            changed.append(ChangedCity(id=c.id, name=c.name, changes=changes))

    def by_id(items: List[Any]) -> Tuple[Any, ...]:
        return tuple(sorted(items, key=lambda x: (type(x.id).__name__, str(x.id))))

    return SnapshotDiff(
        old=before.info,
        new=after.info,
        added=by_id(added),
        removed=by_id(removed),
        renamed=by_id(renamed),
        changed=by_id(changed),
    )


# --------------------------------------------------------------------------- reports


def _version(info: SnapshotInfo) -> str:
    return f"{info.data_version} (snapshot {info.snapshot_date.isoformat()})"


def _summary(d: SnapshotDiff) -> str:
    return (
        f"{len(d.added)} added, {len(d.removed)} removed, "
        f"{len(d.renamed)} renamed, {len(d.changed)} changed"
    )


def _text_report(d: SnapshotDiff) -> str:
    lines = [f"gnlc data {_version(d.old)} -> {_version(d.new)}", "cities: " + _summary(d)]
    if d.old.sha256 != d.new.sha256 and d.old.data_version == d.new.data_version:
        lines.append(f"note: the data changed but its version is still {d.new.data_version}")
    for title, refs, mark in (("added", d.added, "+"), ("removed", d.removed, "-")):
        if refs:
            lines.append(f"{title}:")
            lines += [
                f"  {mark} {r.id}  {r.name}  [{r.country}; cohorts {_text(r.cohorts)}]"
                for r in refs
            ]
    if d.renamed:
        lines.append("renamed:")
        lines += [f"  ~ {r.id}  {r.old_name} -> {r.new_name}" for r in d.renamed]
    if d.changed:
        lines.append("changed:")
        for c in d.changed:
            lines.append(f"  * {c.id}  {c.name}")
            lines += [f"      {f.field}: {f.old} -> {f.new}" for f in c.changes]
    return "\n".join(lines) + "\n"


_MD_SPECIAL = "\\`*_[]<>|"


def _md(text: object) -> str:
    """Escape *text* for Markdown inline text, on one line."""
    text = " ".join(str(text).split())
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def _code(text: object) -> str:
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


def _markdown_report(d: SnapshotDiff) -> str:
    new, old = d.new, d.old
    lines = [
        f"### Data {_md(new.data_version)} (snapshot {new.snapshot_date.isoformat()})",
        "",
        f"Compared with data {_md(old.data_version)} (snapshot "
        f"{old.snapshot_date.isoformat()}), cities: {_summary(d)}; "
        f"the snapshot holds {new.records} cities.",
        "",
    ]
    if d.unchanged:
        lines.append("- No member city changed.")
    for r in d.added:
        lines.append(
            f"- Added {_md(r.name)} ({_code(r.id)}, {r.country}; cohorts {_md(_text(r.cohorts))})."
        )
    for r in d.removed:
        lines.append(f"- Removed {_md(r.name)} ({_code(r.id)}, {r.country}).")
    for n in d.renamed:
        lines.append(f"- Renamed {_code(n.id)}: {_md(n.old_name)} → {_md(n.new_name)}.")
    for c in d.changed:
        what = "; ".join(f"{f.field} {_md(f.old)} → {_md(f.new)}" for f in c.changes)
        lines.append(f"- Changed {_md(c.name)} ({_code(c.id)}): {what}.")
    return "\n".join(lines) + "\n"
