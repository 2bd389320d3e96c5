"""Reading the project's tab-separated tables, shared by the build tools."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Dict, List, Type


def read_tsv(path: Path, error: Type[Exception], label: str) -> List[Dict[str, str]]:
    """Rows of *path* as dicts, each with ``_where`` = ``"<label>:<line>"``.

    A row with too few or too many cells raises *error* naming its line.
    """
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for n, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise error(f"{label}:{n}: wrong number of columns")
        row["_where"] = f"{label}:{n}"
    return rows
