"""The process-wide snapshot: read, checked and loaded once, lazily, behind a lock.

:func:`get` returns the snapshot every query answers from, decoding the
bundled file on first use (one thread loads, the others wait for it).
:func:`installed` puts another snapshot in its place for the length of a
``with`` block, the one supported way for tests (``gnlc.testing``) to answer
from other data. State derived from the current snapshot (the query memos,
the fuzzy indexes) lives in a :class:`PerSnapshot` beside the code that uses
it, and follows the snapshot when it changes.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from typing import Any, Callable, Dict, Generic, Iterator, List, Optional, Tuple, TypeVar, Union

from . import _snapshot, _snapshot_meta
from ._snapshot import Snapshot, decode
from .errors import SnapshotError

__all__ = ["PerSnapshot", "current", "get", "installed", "load_bytes", "parse_json"]

_T = TypeVar("_T")
_lock = threading.Lock()
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_current: Optional[Snapshot] = None
_listeners: List[Callable[[Optional[Snapshot]], None]] = []


def load_bytes(
    data: bytes,
    *,
    name: str = "snapshot",
    expected_sha256: Optional[str] = None,
    expected_crc32: Optional[int] = None,
    reread: Optional[Callable[[], bytes]] = None,
) -> Snapshot:
    """Decode snapshot bytes, checking them if told how.

    With *expected_crc32* (the bundled snapshot's check, from
    ``_snapshot_meta``) the bytes are checked with CRC-32 now, which catches
    any truncation or accidental change and costs no hashlib import; their
    SHA-256 is computed when first asked for (:attr:`SnapshotInfo.sha256`),
    from *reread*, after checking that it gives the bytes that were loaded,
    and compared with *expected_sha256*. Otherwise the SHA-256 is computed
    now, and compared with *expected_sha256* if given.
    """
    digest: Union[str, Callable[[], str]]
    crc: Optional[int] = None
    if expected_crc32 is not None:
        import zlib

        crc = zlib.crc32(data)
        if crc != expected_crc32:
            raise SnapshotError(
                f"{name} is damaged: its CRC-32 is {crc:08x}, expected {expected_crc32:08x} "
                "(reinstall gnlc, or rebuild with `nox -s build_data`)"
            )
        digest = _later_digest(name, len(data), crc, expected_sha256, reread)
    else:
        digest = _sha256(data)
        if expected_sha256 is not None and digest != expected_sha256:
            raise SnapshotError(_edited(name, digest, expected_sha256))
    # The load allocates many small objects and frees none: pausing the cyclic
    # garbage collector meanwhile halves the time of a large snapshot.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            raw = parse_json(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise SnapshotError(f"{name} is not valid UTF-8 JSON: {exc}") from None
        if not isinstance(raw, dict):
            raise SnapshotError(f"{name} does not hold a JSON object")
        try:
            return decode(raw, digest, _again(name, data, reread, crc))
        except SnapshotError as exc:
            raise SnapshotError(f"{name}: {exc}") from None
    finally:
        if collecting:
            gc.enable()


class _JSONOptions:
    """What ``json.loads`` gives its scanner by default."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int

    @staticmethod
    def parse_constant(name: str) -> float:
        return float(name.replace("Infinity", "inf"))  # "NaN", "Infinity", "-Infinity"


_JSON_SPACE = " \t\n\r"


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _edited(name: str, digest: str, expected: str) -> str:
    return (
        f"{name} is damaged or edited: its SHA-256 is {digest}, expected {expected} "
        "(reinstall gnlc, or rebuild with `nox -s build_data`)"
    )


def _later_digest(
    name: str,
    size: int,
    crc: int,
    expected: Optional[str],
    reread: Optional[Callable[[], bytes]],
) -> Callable[[], str]:
    """The SHA-256 of the loaded bytes, computed when asked: the file is read
    again, and must still be the bytes that were loaded (same size, same
    CRC-32), so the hash is theirs; then it must be the recorded one."""

    def digest() -> str:
        import zlib

        data = reread() if reread is not None else b""
        if len(data) != size or zlib.crc32(data) != crc:
            raise SnapshotError(f"{name} changed since it was loaded; restart to load it again")
        found = _sha256(data)
        if expected is not None and found != expected:
            raise SnapshotError(_edited(name, found, expected))
        return found

    return digest


def _again(
    name: str, data: bytes, reread: Optional[Callable[[], bytes]], crc: Optional[int]
) -> Callable[[], Any]:
    """How to parse the loaded file again, for what the snapshot reads only
    when first asked for: the bundled file is read again from disk, and must
    still be the bytes that were loaded (as for its SHA-256); bytes given to
    :func:`load_bytes` are kept (they cannot change)."""
    if reread is None:
        return lambda: parse_json(data.decode("utf-8"))
    size, crc = len(data), _crc32(data) if crc is None else crc

    def again() -> Any:
        found = reread()
        if len(found) != size or _crc32(found) != crc:
            raise SnapshotError(f"{name} changed since it was loaded; restart to load it again")
        return parse_json(found.decode("utf-8"))

    return again


def _crc32(data: bytes) -> int:
    import zlib

    return zlib.crc32(data)


def parse_json(text: str) -> Any:
    """``json.loads(text)``, without importing :mod:`json` where it can.

    Importing json compiles six regular expressions, which costs about as much
    as parsing the bundled snapshot; CPython's C scanner, which ``json.loads``
    itself runs, needs none. Only a document that starts with ``{`` and that
    the scanner reads to its end (but for JSON whitespace) is taken from it;
    anything else goes to ``json.loads``, so an error is json's own.
    """
    scanner: Any = None
    with contextlib.suppress(ImportError):  # CPython has it
        from _json import make_scanner as scanner
    if scanner is not None and text[:1] == "{":
        try:
            value, end = scanner(_JSONOptions)(text, 0)
        except Exception:  # json.loads below says what is wrong
            pass
        else:
            if not text[end:].strip(_JSON_SPACE):
                return value
    import json

    return json.loads(text)


def _read_bundled() -> Tuple[bytes, str]:
    """The bundled snapshot's bytes and where they are."""
    # Reading the file by path skips importing importlib.resources (and the
    # zipfile, tempfile and pathlib machinery behind it), the largest cost of
    # the first query; a zip import has no such path and falls back to it.
    path = os.path.join(_PACKAGE_DIR, "data", "snapshot.json")
    try:
        with open(path, "rb") as fh:
            return fh.read(), path
    except OSError:
        from importlib.resources import files

        resource = files("gnlc").joinpath("data/snapshot.json")
        try:
            return resource.read_bytes(), str(resource)
        except OSError as exc:
            raise SnapshotError(f"cannot read the bundled snapshot {resource}: {exc}") from exc


def _load_bundled() -> Snapshot:
    data, name = _read_bundled()
    return load_bytes(
        data,
        name=name,
        expected_sha256=_snapshot_meta.SNAPSHOT_SHA256,
        expected_crc32=_snapshot_meta.SNAPSHOT_CRC32,
        reread=lambda: _read_bundled()[0],
    )


def _after_fork_in_child() -> None:
    """A fork copies the locks as they were: one that another thread of the
    parent held stays held for ever in the child, which has only the forking
    thread. Start the child with free locks (as logging does); a load that was
    under way in the parent never finishes here, so the child loads anew."""
    global _lock
    _lock = threading.Lock()
    _snapshot.reset_locks()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_after_fork_in_child)


def get() -> Snapshot:
    """The process-wide snapshot, loading the bundled one on first use."""
    snap = _current
    if snap is None:
        with _lock:
            snap = _current
            if snap is None:
                snap = _load_bundled()
                _set(snap)
    return snap


def current() -> Optional[Snapshot]:
    """The snapshot if one is loaded, else ``None`` (loads nothing)."""
    return _current


def _set(snap: Optional[Snapshot]) -> None:
    global _current
    _current = snap
    for switch in _listeners:
        switch(snap)


class Memo(Dict[Any, _T]):
    """Answers to repeated calls, keyed by the caller's arguments, bounded both
    in entries (:attr:`ENTRIES`) and in the characters of their keys
    (:attr:`CHARS`): a program that asks ever new questions keeps a few MB at
    most. A memo is read like a dict; :meth:`put` writes, and only keys made
    of exact built-in types (a ``str`` subclass could forge its hash and
    equality, and answer another question's lookup)."""

    __slots__ = ("chars",)

    ENTRIES = 10_000
    CHARS = 1_000_000

    def __init__(self) -> None:
        super().__init__()
        self.chars = 0

    def put(self, key: Any, value: _T) -> None:
        size = _key_size(key)
        if size is None or len(self) >= self.ENTRIES or self.chars + size > self.CHARS:
            return
        self[key] = value
        self.chars += size


_PLAIN = frozenset((str, int, type(None)))


def _key_size(key: Any) -> Optional[int]:
    """Characters a memo key holds, or ``None`` if it is not made of exact
    built-in types (a str, an int, None, a record, or a tuple of them)."""
    kind = key.__class__
    if kind is str:
        return len(key) + 1
    if kind in _PLAIN or kind.__module__ == "gnlc.model":  # records hash as their fields
        return 1
    if kind is tuple or kind is frozenset:
        total = 1
        for item in key:
            size = _key_size(item)
            if size is None:
                return None
            total += size
        return total
    return None


class PerSnapshot(Generic[_T]):
    """State derived from the snapshot: ``current`` belongs to the current
    snapshot, made by *factory* when it is first installed.

    The states of the last few snapshots are kept, so that switching back and
    forth (as a benchmark does) does not rebuild them. Code that fills the
    state reads ``current`` *before* it gets the snapshot: an answer computed
    from a snapshot that was replaced meanwhile lands in that snapshot's state.
    """

    __slots__ = ("_factory", "_recent", "current")

    KEEP = 3

    def __init__(self, factory: Callable[[], _T]) -> None:
        self._factory = factory
        self._recent: Dict[Snapshot, _T] = {}
        self.current: _T = factory()
        _listeners.append(self._switch)

    def _switch(self, snap: Optional[Snapshot]) -> None:
        if snap is None:
            self.current = self._factory()
            return
        state = self._recent.pop(snap, None)
        if state is None:
            state = self._factory()
        self._recent[snap] = state  # the most recent last
        while len(self._recent) > self.KEEP:
            del self._recent[next(iter(self._recent))]
        self.current = state


@contextlib.contextmanager
def installed(snap: Optional[Snapshot]) -> Iterator[Optional[Snapshot]]:
    """Make *snap* the process-wide snapshot inside the block, then put the
    previous one back. ``None`` unloads: the next query loads the bundled
    file again (as a fresh process would)."""
    with _lock:
        saved = _current
        _set(snap)
    try:
        yield snap
    finally:
        with _lock:
            _set(saved)
