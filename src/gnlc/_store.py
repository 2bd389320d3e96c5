"""The process-wide snapshot: loaded once, lazily, behind a lock.

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
import os
import threading
from typing import Callable, Dict, Generic, Iterator, List, Optional, TypeVar

from . import _snapshot_meta
from ._snapshot import Snapshot, load_bytes
from .errors import SnapshotError

__all__ = ["PerSnapshot", "current", "get", "installed"]

_T = TypeVar("_T")
_lock = threading.Lock()
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_current: Optional[Snapshot] = None
_listeners: List[Callable[[Optional[Snapshot]], None]] = []


def _load_bundled() -> Snapshot:
    # Reading the file by path skips importing importlib.resources (and the
    # zipfile, tempfile and pathlib machinery behind it), the largest cost of
    # the first query; a zip import has no such path and falls back to it.
    path = os.path.join(_PACKAGE_DIR, "data", "snapshot.json")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        name = path
    except OSError:
        from importlib.resources import files

        resource = files("gnlc").joinpath("data/snapshot.json")
        name = str(resource)
        try:
            data = resource.read_bytes()
        except OSError as exc:
            raise SnapshotError(f"cannot read the bundled snapshot {resource}: {exc}") from exc
    return load_bytes(
        data,
        name=name,
        expected_sha256=_snapshot_meta.SNAPSHOT_SHA256,
        expected_crc32=_snapshot_meta.SNAPSHOT_CRC32,
    )


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
