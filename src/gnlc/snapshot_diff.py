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

:func:`cli` is the ``gnlc diff OLD NEW`` command; its ``markdown`` format is
meant to be pasted under a "Data" heading of ``CHANGELOG.md``.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any, Callable, Dict, List, Optional, Tuple, Union

import attrs

from . import _store
from .errors import SnapshotError
from .model import City, SnapshotInfo

__all__ = [
    "ChangedCity",
    "CityRef",
    "FieldChange",
    "RenamedCity",
    "SnapshotDiff",
    "cli",
    "diff",
]

Source = Union[bytes, str, "os.PathLike[str]"]
FORMATS = ("text", "markdown")


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

    Lists are joined with ``", "``; a missing value is ``"none"``.
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
        return _text(self)

    def to_markdown(self) -> str:
        """A Markdown section for the "Data" part of ``CHANGELOG.md``."""
        return _markdown(self)


# --------------------------------------------------------------------------- comparing


def _join(values: Any) -> str:
    items = [str(v) for v in values]
    return ", ".join(items) if items else "none"


def _opt(value: Any) -> str:
    return "none" if value is None else str(value)


def _admissions(c: City) -> str:
    parts = []
    for a in c.admissions:
        when = a.announced.isoformat() if a.announced else _opt(a.year)
        seen = "" if a.region_seen else ", region inferred"
        parts.append(f"{a.cohort} ({when}{seen}; {_join(a.sources)})")
    return "; ".join(parts) if parts else "none"


def _location(c: City) -> str:
    loc = c.location
    if loc is None:
        return "none"
    return (
        f"{_opt(loc.lat)}, {_opt(loc.lon)} ({loc.kind}; geonames {_opt(loc.geonames_id)}; "
        f"subdivision {_opt(loc.subdivision)})"
    )


# Every field of a City but its id and name, as (label, rendering); the
# renderings use codes and ids so that a change in a country's or cohort's
# own record does not show up as a change of each of its cities.
_FIELDS: Tuple[Tuple[str, Callable[[City], str]], ...] = (
    ("country", lambda c: c.country.alpha_2),
    ("region", lambda c: c.region.code),
    ("cohort", lambda c: _opt(c.cohort.id if c.cohort is not None else None)),
    ("joined", lambda c: _opt(c.joined)),
    ("cohorts", lambda c: _join(c.cohorts)),
    ("admissions", _admissions),
    ("status", lambda c: c.status.state),
    ("status as of", lambda c: _opt(c.status.as_of)),
    ("status note", lambda c: _opt(c.status.note)),
    ("status sources", lambda c: _join(c.status.sources)),
    ("awards", lambda c: _join(c.awards)),
    ("aliases", lambda c: _join(c.aliases)),
    ("sources", lambda c: _join(c.sources)),
    ("location", _location),
)


def _ref(c: City) -> CityRef:
    return CityRef(id=c.id, name=c.name, country=c.country.alpha_2, cohorts=c.cohorts)


def _compare(old: City, new: City) -> Tuple[FieldChange, ...]:
    changes = []
    for label, render in _FIELDS:
        before, after = render(old), render(new)
        if before != after:
            changes.append(FieldChange(field=label, old=before, new=after))
    return tuple(changes)


def _read(source: object, role: str) -> Tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), f"the {role} snapshot"
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"{role} must be bytes or a path, not {type(source).__name__}")
    try:
        path = os.fspath(source)
        with open(path, "rb") as fh:
            return fh.read(), str(path)
    except (OSError, ValueError, TypeError) as exc:  # ValueError: a NUL in the path
        raise SnapshotError(f"cannot read {source!r}: {exc}") from exc


def _load(source: object, role: str) -> _store.Store:
    data, name = _read(source, role)
    return _store.load_bytes(data, name=name)


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


def _text(d: SnapshotDiff) -> str:
    lines = [f"gnlc data {_version(d.old)} -> {_version(d.new)}", "cities: " + _summary(d)]
    if d.old.sha256 != d.new.sha256 and d.old.data_version == d.new.data_version:
        lines.append(f"note: the data changed but its version is still {d.new.data_version}")
    for title, refs, mark in (("added", d.added, "+"), ("removed", d.removed, "-")):
        if refs:
            lines.append(f"{title}:")
            lines += [
                f"  {mark} {r.id}  {r.name}  [{r.country}; cohorts {_join(r.cohorts)}]"
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


def _markdown(d: SnapshotDiff) -> str:
    new, old = d.new, d.old
    lines = [
        f"### Data {_md(new.data_version)} (snapshot {new.snapshot_date.isoformat()})",
        "",
        f"Compared with data {_md(old.data_version)} (snapshot "
        f"{old.snapshot_date.isoformat()}), cities: {_summary(d)}; "
        f"the snapshot holds {new.cities} cities.",
        "",
    ]
    if d.unchanged:
        lines.append("- No member city changed.")
    for r in d.added:
        lines.append(
            f"- Added {_md(r.name)} ({_code(r.id)}, {r.country}; cohorts {_md(_join(r.cohorts))})."
        )
    for r in d.removed:
        lines.append(f"- Removed {_md(r.name)} ({_code(r.id)}, {r.country}).")
    for n in d.renamed:
        lines.append(f"- Renamed {_code(n.id)}: {_md(n.old_name)} → {_md(n.new_name)}.")
    for c in d.changed:
        what = "; ".join(f"{f.field} {_md(f.old)} → {_md(f.new)}" for f in c.changes)
        lines.append(f"- Changed {_md(c.name)} ({_code(c.id)}): {what}.")
    return "\n".join(lines) + "\n"


def _stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise SnapshotError("cannot read a snapshot from standard input: it is not open")
    try:
        return bytes(stream.read())
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"cannot read a snapshot from standard input: {exc}") from exc


_RENDER: Dict[str, Callable[[SnapshotDiff], str]] = {"text": _text, "markdown": _markdown}


def cli(old: str, new: str, fmt: str, out: IO[str], err: Optional[IO[str]] = None) -> int:
    """``gnlc diff OLD NEW``: write the diff of two snapshot files to *out*.

    *fmt* is ``"text"`` or ``"markdown"``; ``-`` reads a snapshot from
    standard input. Returns the exit status: 0 when the diff was written
    (whether or not anything changed), 1 when a file cannot be read or is not
    a snapshot, 2 for an unknown format. Errors go to *err* (standard error
    by default) as one line, never as a traceback.
    """
    err = sys.stderr if err is None else err
    render = _RENDER.get(fmt)
    if render is None:
        err.write(f"gnlc diff: format must be one of {', '.join(FORMATS)}, not {fmt!r}\n")
        return 2
    try:
        result = diff(_stdin() if old == "-" else old, _stdin() if new == "-" else new)
    except SnapshotError as exc:
        err.write(f"gnlc diff: {exc}\n")
        return 1
    out.write(render(result))
    return 0
