"""Writing the snapshot's JSON layout, shared by the build and the benchmark.

This module imports nothing of gnlc, so the benchmark can use it without
putting ``src/`` on ``sys.path`` (which would shadow the installed gnlc that
it measures).
"""

from __future__ import annotations

import json
from typing import Any, Dict


def dumps_snapshot(snapshot: Dict[str, Any]) -> bytes:
    """The snapshot as UTF-8 JSON with one record per line, so that a change
    to one city is a change to one line of ``git diff``."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in snapshot.items():
        if isinstance(value, list):
            rows = ",\n".join(f"  {one(v)}" for v in value)
            text = f"[\n{rows}\n ]" if value else "[]"
        else:
            text = one(value)
        parts.append(f" {one(key)}: {text}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")
