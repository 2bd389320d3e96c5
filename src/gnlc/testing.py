"""For tests: make every query answer from another snapshot for a while.

:func:`use_snapshot` is the one supported way to do it (gnlc's own tests use
nothing else): inside the ``with`` block every query of the process answers
from the given snapshot, and afterwards from the one before. It is meant for
test suites, not for threads that each want their own data: the snapshot is
the process's.

>>> import gnlc
>>> from gnlc.testing import use_snapshot
>>> from pathlib import Path
>>> bundled = Path(gnlc.__file__).parent / "data" / "snapshot.json"
>>> with use_snapshot(bundled.read_bytes()) as info:
...     info.members == len(gnlc.cities())
True
"""

from __future__ import annotations

import contextlib
import os
from typing import Iterator, Union

from . import _files, _store
from .errors import SnapshotError
from .model import SnapshotInfo

__all__ = ["unloaded", "use_snapshot"]


@contextlib.contextmanager
def use_snapshot(source: Union[bytes, str, os.PathLike[str]]) -> Iterator[SnapshotInfo]:
    """Answer every query from the snapshot *source* (its bytes, or the path
    of a snapshot file) inside the block; yield what it is.

    A file that is not a valid snapshot raises :class:`~gnlc.SnapshotError`
    before anything changes.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), "the test snapshot"
    else:
        name = os.fspath(source)
        try:
            data = _files.read(name)
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            raise SnapshotError(f"cannot read {name}: {exc}") from exc
    snap = _store.load_bytes(data, name=name)
    with _store.installed(snap):
        yield snap.info


@contextlib.contextmanager
def unloaded() -> Iterator[None]:
    """Inside the block, the next query loads the bundled snapshot afresh, as
    in a new process; afterwards the snapshot before is back."""
    with _store.installed(None):
        yield
