"""Issue 14's reproducers: each failed on 0f48027 and must keep passing.

Integrity that means what the docs say, bounded work on hostile input, atomic
writes, fork safety and the smaller holes the fuzzer and reviewers found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any, Callable

import pytest
from conftest import SNAPSHOT

import gnlc
from gnlc import _encode, _snapshot_meta, _store
from gnlc.testing import unloaded

# --------------------------------------------------------------------------- 1. integrity


def _bundled_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[bytes], bytes]
) -> bytes:
    """Make *edit* of the bundled file the package's own, with its CRC-32 updated
    in the recorded facts (as an edit by hand that knows the CRC would)."""
    data = edit(SNAPSHOT.read_bytes())
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "snapshot.json").write_bytes(data)
    monkeypatch.setattr(_store, "_PACKAGE_DIR", str(tmp_path))
    monkeypatch.setattr(_snapshot_meta, "SNAPSHOT_CRC32", zlib.crc32(data))
    return data


def _cork_in_lac(data: bytes) -> bytes:
    raw = json.loads(data)
    at = raw["fields"]["cities"].index
    for row in raw["cities"]:
        if row[at("id")] == "ie-cork":
            row[at("region")] = "LAC"
    return _encode.dumps(raw)


@pytest.mark.parametrize(
    "edit",
    [lambda b: b + b" " * 48, _cork_in_lac],
    ids=["48 bytes of whitespace appended", "Cork moved to LAC"],
)
def test_an_edit_that_fixes_the_crc_is_caught_by_the_hash(
    edit: Callable[[bytes], bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    data = _bundled_from(tmp_path, monkeypatch, edit)
    with unloaded():
        gnlc.cities()  # the CRC matches: it loads (accidental damage is what it catches)
        with pytest.raises(gnlc.SnapshotError, match="is not the snapshot recorded") as info:
            gnlc.snapshot_info()
        message = str(info.value)
        assert hashlib.sha256(data).hexdigest() in message  # the hash of what was loaded
        assert _snapshot_meta.SNAPSHOT_SHA256 in message
        report = gnlc.validate()
        assert report.codes[0] == "edited-snapshot"
        assert report[0].path == "cities"


def test_the_reported_hash_is_computed_from_the_loaded_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    data = _bundled_from(tmp_path, monkeypatch, lambda b: b)  # an exact copy
    with unloaded():
        info = gnlc.snapshot_info()
    assert info.sha256 == hashlib.sha256(data).hexdigest() == _snapshot_meta.SNAPSHOT_SHA256


def test_a_file_changed_after_loading_is_not_hashed_as_the_loaded_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bundled_from(tmp_path, monkeypatch, lambda b: b)
    with unloaded():
        gnlc.cities()
        (tmp_path / "data" / "snapshot.json").write_bytes(b"{}")
        with pytest.raises(gnlc.SnapshotError, match="changed since it was loaded"):
            gnlc.snapshot_info()


def test_the_first_query_still_imports_no_hashlib() -> None:
    code = "import sys, gnlc; gnlc.cities(); print('hashlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cork_moved_to_lac_loads_as_edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The docs say what is detected when: the edit is in the answers once loaded,
    # and the hash says it is not the data this version recorded.
    _bundled_from(tmp_path, monkeypatch, _cork_in_lac)
    with unloaded():
        assert "ie-cork" in {c.id for c in gnlc.cities(region="LAC")}
        with pytest.raises(gnlc.SnapshotError):
            gnlc.snapshot_info()
