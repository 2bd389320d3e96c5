"""gnlc.snapshot_diff: what changed between two snapshots, for the data changelog."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import attrs
import pytest
from conftest import ROOT, SNAPSHOT, add_row, readable, to_file

import gnlc
from gnlc.cli import main
from gnlc.snapshot_diff import (
    ChangedCity,
    CityRef,
    FieldChange,
    RenamedCity,
    SnapshotDiff,
    diff,
)


@pytest.fixture(scope="module")
def raw_bytes() -> bytes:
    return SNAPSHOT.read_bytes()


def _city(raw: Dict[str, Any], city_id: str) -> Dict[str, Any]:
    return next(c for c in raw["cities"] if c["id"] == city_id)


@pytest.fixture(scope="module")
def edited(raw_bytes: bytes) -> bytes:
    """A copy with one city removed, one added, one renamed, one changed, one both."""
    raw = readable(json.loads(raw_bytes))
    raw["data_version"] = "2099.01.01"
    raw["snapshot_date"] = "2099-01-01"
    raw["cities"] = [c for c in raw["cities"] if c["id"] != "ae-ajman"]
    _city(raw, "vn-cao-lanh")["name"] = "Cao Lanh City"
    liege = _city(raw, "be-liege")
    url = add_row(raw, "sources", "https://example.org/liege")
    liege["status"] = add_row(
        raw, "statuses", {"state": "left", "as_of": "2098-12", "note": "said so", "sources": [url]}
    )
    liege["sources"] = [*liege["sources"], url]
    muharraq = _city(raw, "bh-muharraq")
    muharraq["name"] = "Al Muharraq"
    muharraq["awards"] = [2099]
    new = copy.deepcopy(raw["cities"][0])
    new.update(id="zz-atlantis", name="Atlantis", keys=["atlantis"], weak_keys=[])
    raw["cities"].append(new)
    return to_file(raw)


def test_a_snapshot_against_itself_is_unchanged(raw_bytes: bytes) -> None:
    d = diff(raw_bytes, raw_bytes)
    assert d.unchanged
    assert (d.added, d.removed, d.renamed, d.changed) == ((), (), (), ())
    assert d.old == d.new == gnlc.snapshot_info()
    assert "0 added, 0 removed, 0 renamed, 0 changed" in d.to_text()
    assert "- No member city changed." in d.to_markdown()


def test_paths_and_bytes_give_the_same_diff(
    raw_bytes: bytes, edited: bytes, tmp_path: Path
) -> None:
    new = tmp_path / "new.json"
    new.write_bytes(edited)
    by_bytes = diff(raw_bytes, edited)
    assert diff(SNAPSHOT, new) == by_bytes
    assert diff(str(SNAPSHOT), str(new)) == by_bytes
    assert diff(bytearray(raw_bytes), memoryview(edited)) == by_bytes


def test_added_removed_renamed_changed(raw_bytes: bytes, edited: bytes) -> None:
    d = diff(raw_bytes, edited)
    assert not d.unchanged
    assert d.new.data_version == "2099.01.01" and d.old == gnlc.snapshot_info()
    assert [r.id for r in d.added] == ["zz-atlantis"]
    assert d.added[0].name == "Atlantis"
    assert d.removed == (CityRef("ae-ajman", "Ajman", "AE", gnlc.city("ae-ajman").cohort_ids),)
    assert d.renamed == (
        RenamedCity("bh-muharraq", "Muharraq", "Al Muharraq"),
        RenamedCity("vn-cao-lanh", gnlc.city("vn-cao-lanh").name, "Cao Lanh City"),
    )
    changed = {c.id: c for c in d.changed}
    assert set(changed) == {"be-liege", "bh-muharraq"}  # a rename alone is not a change
    fields = {f.field: f for f in changed["be-liege"].changes}
    assert fields["status.state"] == FieldChange(
        "status.state", gnlc.city("Liège").status.state, "left"
    )
    assert fields["status.as_of"].new == "2098-12"
    assert fields["sources"].new.endswith("https://example.org/liege")
    status = {"status.state", "status.as_of", "status.note", "status.sources"}
    assert set(fields) == {*status, "sources"}
    assert changed["bh-muharraq"] == ChangedCity(
        "bh-muharraq", "Al Muharraq", (FieldChange("awards", "none", "2099"),)
    )


def test_every_kind_of_change_is_seen(raw_bytes: bytes) -> None:
    """Each compared field, changed alone, is reported under its own label."""
    raw = readable(json.loads(raw_bytes))
    city = _city(raw, "bh-muharraq")
    edits = {
        "country": ("country", "BH"),  # left as is: the country must exist
        "joined": ("joined", 1999),
        "admissions": ("admissions", city["admissions"][:1]),
        "awards": ("awards", [2015]),
        "aliases": ("aliases", ["Moharek"]),
        "sources": ("sources", [add_row(raw, "sources", "https://example.org/m")]),
        "location.lat": (
            "location",
            [26.25, 50.61, 290340, "BH-15", "city", "test", None],
        ),
    }
    for label, (key, value) in edits.items():
        copy_ = copy.deepcopy(raw)
        _city(copy_, "bh-muharraq")[key] = value
        d = diff(raw_bytes, to_file(copy_))
        labels = {f.field for c in d.changed for f in c.changes}
        if label == "country":
            assert d.unchanged
        else:
            assert label in labels, label
            assert [c.id for c in d.changed] == ["bh-muharraq"]


def test_the_result_is_frozen(raw_bytes: bytes, edited: bytes) -> None:
    d = diff(raw_bytes, edited)
    for record in (d, d.added[0], d.renamed[0], d.changed[0], d.changed[0].changes[0]):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            record.id = "x"  # type: ignore[misc,union-attr]
    for value in attrs.astuple(d, recurse=False):
        assert isinstance(value, (tuple, gnlc.SnapshotInfo))
    assert isinstance(d, SnapshotDiff)


def test_text_report(raw_bytes: bytes, edited: bytes) -> None:
    text = diff(raw_bytes, edited).to_text()
    lines = text.splitlines()
    old = f"{gnlc.DATA_VERSION} (snapshot {gnlc.SNAPSHOT_DATE})"
    assert lines[0] == f"gnlc data {old} -> 2099.01.01 (snapshot 2099-01-01)"
    assert lines[1] == "cities: 1 added, 1 removed, 2 renamed, 2 changed"
    assert "  + zz-atlantis  Atlantis" in text
    assert "  - ae-ajman  Ajman  [AE; cohorts " in text
    assert "  ~ bh-muharraq  Muharraq -> Al Muharraq" in text
    assert "      awards: none -> 2099" in text


def test_text_report_notes_a_version_that_was_not_bumped(raw_bytes: bytes) -> None:
    raw = readable(json.loads(raw_bytes))
    _city(raw, "bh-muharraq")["awards"] = [2015]
    text = diff(raw_bytes, to_file(raw)).to_text()
    assert f"note: the data changed but its version is still {gnlc.DATA_VERSION}" in text


def test_markdown_report_fits_the_changelog(raw_bytes: bytes, edited: bytes) -> None:
    md = diff(raw_bytes, edited).to_markdown()
    lines = md.splitlines()
    assert lines[0] == "### Data 2099.01.01 (snapshot 2099-01-01)"  # as in CHANGELOG.md
    assert lines[1] == ""
    assert lines[2].startswith(f"Compared with data {gnlc.DATA_VERSION} (snapshot ")
    bullets = lines[4:]
    assert all(line.startswith("- ") for line in bullets)
    assert "- Added Atlantis (`zz-atlantis`, " in md
    assert "- Removed Ajman (`ae-ajman`, AE)." in md
    assert "- Renamed `bh-muharraq`: Muharraq → Al Muharraq." in md
    assert "- Changed Al Muharraq (`bh-muharraq`): awards none → 2099." in md


def test_markdown_escapes_names(raw_bytes: bytes) -> None:
    raw = readable(json.loads(raw_bytes))
    _city(raw, "bh-muharraq")["name"] = "*Mu_harraq*\n# [x](y) <b>|"
    md = diff(raw_bytes, to_file(raw)).to_markdown()
    line = next(x for x in md.splitlines() if x.startswith("- Renamed"))
    assert line == r"- Renamed `bh-muharraq`: Muharraq → \*Mu\_harraq\* # \[x\](y) \<b\>\|."


def _cli(old: str, new: str, fmt: str) -> tuple[int, str, str]:
    """`gnlc diff OLD NEW --format FMT`, run in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["diff", old, new, "--format", fmt])
    return code, out.getvalue(), err.getvalue()


def test_cli_writes_text_and_markdown(raw_bytes: bytes, edited: bytes, tmp_path: Path) -> None:
    new = tmp_path / "new.json"
    new.write_bytes(edited)
    expected = diff(raw_bytes, edited)
    assert _cli(str(SNAPSHOT), str(new), "text") == (0, expected.to_text(), "")
    assert _cli(str(SNAPSHOT), str(new), "markdown") == (0, expected.to_markdown(), "")
    assert _cli(str(SNAPSHOT), str(SNAPSHOT), "text")[0] == 0  # no change is no error


def test_cli_default_streams(raw_bytes: bytes) -> None:
    code, out, err = _cli(str(SNAPSHOT), "/no/such/snapshot.json", "text")
    assert code == 2  # an I/O error
    assert out == ""
    assert err.startswith("gnlc diff: cannot read '/no/such/snapshot.json'")
    assert "Traceback" not in err


def test_cli_reads_standard_input(
    raw_bytes: bytes, edited: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = tmp_path / "new.json"
    new.write_bytes(edited)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw_bytes)))
    assert _cli("-", str(new), "text") == (0, diff(raw_bytes, edited).to_text(), "")


def test_cli_unknown_format() -> None:
    code, out, err = _cli(str(SNAPSHOT), str(SNAPSHOT), "html")
    assert (code, out) == (2, "")
    assert "gnlc diff: error: argument --format: invalid choice: 'html'" in err


def _damaged(raw_bytes: bytes) -> Dict[str, bytes]:
    raw = readable(json.loads(raw_bytes))
    dup = copy.deepcopy(raw)
    dup["cities"].append(dup["cities"][0])
    unknown_country = copy.deepcopy(raw)
    unknown_country["cities"][0]["country"] = "XX"
    return {
        "truncated": raw_bytes[: len(raw_bytes) // 2],
        "empty": b"",
        "binary": b"\x00\xff" * 10,
        "array": b"[]",
        "another schema": to_file({**raw, "schema": 99}),
        "no cities": json.dumps({k: v for k, v in raw.items() if k != "cities"}).encode(),
        "duplicate id": to_file(dup),
        "unknown country": to_file(unknown_country),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "truncated",
        "empty",
        "binary",
        "array",
        "another schema",
        "no cities",
        "duplicate id",
        "unknown country",
    ],
)
@pytest.mark.parametrize("side", ["old", "new"])
def test_damaged_files_raise_snapshot_error(
    raw_bytes: bytes, tmp_path: Path, kind: str, side: str
) -> None:
    bad = tmp_path / f"{kind}.json"
    bad.write_bytes(_damaged(raw_bytes)[kind])
    args: List[Any] = [SNAPSHOT, bad] if side == "new" else [bad, SNAPSHOT]
    with pytest.raises(gnlc.SnapshotError, match=str(bad).replace("\\", "\\\\")):
        diff(*args)
    code, out, err = _cli(*(str(a) for a in args), "markdown")
    assert (code, out) == (3, "")  # bad data
    assert err.startswith("gnlc diff: ") and err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "path", ["/no/such/file.json", "", "bad\x00path", "x" * 5000, str(ROOT / "src")]
)
def test_unreadable_paths_raise_snapshot_error(path: str) -> None:
    with pytest.raises(gnlc.SnapshotError, match="cannot read"):
        diff(SNAPSHOT, path)
    code, out, err = _cli(str(SNAPSHOT), path, "text")
    assert (code, out) == (2, "")  # an I/O error
    assert err.startswith("gnlc diff: cannot read")


@pytest.mark.parametrize("bad", [None, 3, 1.5, ["a"], {"schema": 1}, object()])
def test_other_types_raise_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="old must be bytes or a path"):
        diff(bad, SNAPSHOT)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="new must be bytes or a path"):
        diff(SNAPSHOT, bad)  # type: ignore[arg-type]


def _history() -> List[str]:
    """The commits that changed the committed snapshot (none outside a git checkout)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return []
    done = subprocess.run(
        ["git", "log", "--format=%H", "--", "src/gnlc/data/snapshot.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.stdout.split()[:10] if done.returncode == 0 else []


def test_diff_against_earlier_committed_snapshots() -> None:
    """Every earlier snapshot either diffs cleanly or is refused with a SnapshotError
    (a snapshot from before a schema change); nothing else escapes."""
    commits = _history()
    if not commits:
        pytest.skip("not a git checkout")
    for commit in commits:
        done = subprocess.run(
            ["git", "show", f"{commit}:src/gnlc/data/snapshot.json"],
            cwd=ROOT,
            capture_output=True,
        )
        assert done.returncode == 0
        try:
            d = diff(done.stdout, SNAPSHOT)
        except gnlc.SnapshotError as exc:
            refused = str(exc)
            assert f"is not {gnlc.snapshot_info().schema}" in refused, refused
            continue
        assert d.new == gnlc.snapshot_info()
        assert d.to_markdown().startswith("### Data ")
