"""Reading and writing files on a user's behalf: bounded, never blocking, atomic.

:func:`read` reads what :func:`gnlc.validate`, :func:`gnlc.diff` and
:func:`gnlc.testing.use_snapshot` are given: only a regular file (a FIFO, a
device or a directory is refused at once, before anything is read, so
nothing waits for a writer that never comes), and at most
:data:`MAX_BYTES` (a larger file is refused, not half-read).
:func:`write` replaces a file only once the new content is complete: it
writes a temporary file beside the target and renames it over the target,
so a failure leaves the old file as it was.

>>> read("/dev/null")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
gnlc._files.FileRefusedError: not a regular file (a character device); give the path of a file
"""

from __future__ import annotations

import contextlib
import os
import stat
from typing import IO, List, Optional, Union

__all__ = ["MAX_BYTES", "FileRefusedError", "read", "read_stream", "write"]

MAX_BYTES = 256 * 1024 * 1024
"""The largest file gnlc reads (256 MiB; a snapshot of 100,000 cities is 21 MiB)."""

Path = Union[str, "os.PathLike[str]"]

_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}


class FileRefusedError(OSError):
    """The file is not one gnlc reads: not a regular file, or too large. The
    message says why (callers name the file); it is an :class:`OSError`, as a
    missing file is."""


def read(path: Path, limit: Optional[int] = None) -> bytes:
    """The bytes of the regular file *path*, at most *limit* (:data:`MAX_BYTES`) of them."""
    name = os.fspath(path)  # a str, bytes or PathLike; any error names it
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer;
    # it changes nothing for a regular file.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(name, flags)
    try:
        status = os.fstat(fd)
        mode = status.st_mode
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "not a file")
            raise FileRefusedError(f"not a regular file ({kind}); give the path of a file")
        most = MAX_BYTES if limit is None else limit
        with os.fdopen(fd, "rb", closefd=False) as fh:
            # The size is known: refuse at once. It is checked again while reading
            # (a file may grow).
            return _bounded(fh, most, known=status.st_size)
    finally:
        os.close(fd)


def read_stream(stream: IO[bytes], limit: Optional[int] = None) -> bytes:
    """All of *stream* (standard input, say), at most *limit* (:data:`MAX_BYTES`) bytes."""
    return _bounded(stream, MAX_BYTES if limit is None else limit)


def _bounded(stream: IO[bytes], limit: int, known: int = 0) -> bytes:
    # In chunks: read(limit + 1) would allocate the whole limit before reading.
    chunks: List[bytes] = []
    size = known if known > limit else 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise FileRefusedError(
        f"larger than {limit:,} bytes, the most gnlc reads (gnlc._files.MAX_BYTES); "
        "no gnlc data file is that large"
    )


_CHUNK = 1 << 20


def write(path: Path, data: bytes) -> None:
    """Replace the file *path* with *data*, atomically: a temporary file beside
    it is written and renamed over it, so the old file stays whole if anything
    fails. A new file gets the usual permissions (0666 less the umask); an
    existing one keeps its own."""
    import secrets

    name = os.fspath(path)
    folder, base = os.path.split(os.path.abspath(name))
    tmp = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666)  # the umask applies, as to any new file
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        with contextlib.suppress(FileNotFoundError):  # a new file keeps the umask's mode
            os.chmod(tmp, stat.S_IMODE(os.stat(name).st_mode))
        os.replace(tmp, name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
