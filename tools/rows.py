"""What the build's readers share: the error they raise, reading a table of
``data/``, and the lookup keys of a name."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from gnlc._rules import weak_form  # shared with the runtime
from gnlc.normalization import normalize  # the one normaliser

from . import tsv

__all__ = ["BuildError", "Row", "keys_of", "read_tsv", "split_list", "weak_form"]

Row = Dict[str, str]


class BuildError(Exception):
    """The data in ``data/`` is inconsistent; the message says where."""


def read_tsv(path: Path) -> List[Row]:
    """The rows of a table of ``data/``, each with ``_where`` (its file and line)."""
    return tsv.read_tsv(path, BuildError, str(path.relative_to(path.parents[2])))


def split_list(cell: str) -> Tuple[str, ...]:
    """The items of a cell that lists several, separated by ``" | "``."""
    return tuple(part.strip() for part in cell.split(" | ") if part.strip())


def keys_of(names: Iterable[str]) -> Tuple[List[str], List[str]]:
    """The lookup keys of *names*: (strong, weak), each normalised once."""
    strong: List[str] = []
    weak: List[str] = []
    for name in names:
        key = normalize(name)
        if key and key not in strong:
            strong.append(key)
    for name in names:
        short = weak_form(name)
        if short:
            key = normalize(short)
            if key and key not in strong and key not in weak:
                weak.append(key)
    return strong, weak
