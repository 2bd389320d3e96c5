"""The Data Package: the real validator passes it, and every resource reads back
with its declared types, equal to the records it was written from."""

from __future__ import annotations

import csv
import datetime
import decimal
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

import gnlc
from gnlc import datapackage
from gnlc.fields import TABLES

# frictionless raises csv's process-wide field size limit when it loads its CSV
# parser. gnlc.validate keeps its own cell limit (tests/test_validate.py shows it
# holds under a raised one); restore the default so no other test runs changed.
_LIMIT = csv.field_size_limit()
frictionless = pytest.importorskip("frictionless")
csv.field_size_limit(_LIMIT)


@pytest.fixture(autouse=True)
def _csv_limit() -> Iterator[None]:
    yield
    csv.field_size_limit(_LIMIT)


def _validator() -> str:
    here = Path(sys.executable).parent / ("frictionless.exe" if os.name == "nt" else "frictionless")
    found = str(here) if here.exists() else shutil.which("frictionless")
    if not found:
        pytest.skip("the frictionless command is not installed")
    return found


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("package") / "gnlc-data"  # made by the writer
    gnlc.to_datapackage(folder)
    return folder


def test_frictionless_validate_passes(package: Path) -> None:
    done = subprocess.run(
        [_validator(), "validate", "--json", str(package / "datapackage.json")],
        capture_output=True,
        text=True,
        cwd=package,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["valid"], report
    assert {t["name"] for t in report["tasks"]} == {
        datapackage.RESOURCE_NAMES.get(n, n) for n in TABLES
    }


def test_the_validator_checks_foreign_keys(package: Path, tmp_path: Path) -> None:
    """A member whose country is not a country fails: the keys are really checked."""
    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    members = broken / "members.csv"
    text = members.read_text(encoding="utf-8").replace(",IE,IRL,", ",ZZ,IRL,", 1)
    with members.open("w", encoding="utf-8", newline="") as fh:  # write_text has no newline on 3.9
        fh.write(text)
    descriptor = json.loads((broken / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("hash"), resource.pop("bytes")
    (broken / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def _expected(table: Any, record: Any) -> Dict[str, Any]:
    row = table.row(record)
    for c in table.columns:
        if c.name in row and isinstance(row[c.name], str) and "date" in str(c.type):
            row[c.name] = datetime.date.fromisoformat(row[c.name])
        if isinstance(row[c.name], list) and not row[c.name]:
            row[c.name] = None  # an empty list is an empty cell
    return row


@pytest.mark.parametrize("name", list(TABLES))
def test_each_resource_reads_back_with_its_types(package: Path, name: str) -> None:
    table = TABLES[name]
    resource_name = datapackage.RESOURCE_NAMES.get(name, name)
    with frictionless.system.use_context(trusted=True):
        pkg = frictionless.Package(str(package / "datapackage.json"))
        resource = pkg.get_resource(resource_name)
        rows = [row.to_dict() for row in resource.read_rows()]
    for row in rows:  # a "number" reads as a Decimal
        row.update({k: float(v) for k, v in row.items() if isinstance(v, decimal.Decimal)})
    expected = [_expected(table, r) for r in datapackage.records(name)]
    assert len(rows) == len(expected) > 0
    for got, want in zip(rows, expected):
        assert got == want, (name, want.get(table.key))


def test_descriptor_says_what_the_data_is(package: Path) -> None:
    d = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert d["version"] == gnlc.DATA_VERSION
    assert d["created"].startswith(gnlc.SNAPSHOT_DATE)
    assert d["gnlc"]["snapshot_sha256"] == gnlc.snapshot_info().sha256
    assert {x["name"] for x in d["licenses"]} == {"MIT", "CC-BY-4.0"}
    assert any("unesco.org" in s["path"] for s in d["sources"])
    schemas = {r["name"]: r["schema"] for r in d["resources"]}
    assert [r["path"] for r in d["resources"]] == [f"{r['name']}.csv" for r in d["resources"]]

    def target(resource: str, column: str) -> Any:
        for key in schemas[resource].get("foreignKeys", []):
            if key["fields"] == [column]:
                return (key["reference"]["resource"], key["reference"]["fields"])
        return None

    assert target("members", "country") == ("countries", ["alpha_2"])
    assert target("members", "region") == ("regions", ["code"])
    assert target("members", "cohort") == ("cohorts", ["id"])
    assert target("admissions", "city") == ("members", ["id"])
    assert target("admissions", "cohort") == ("cohorts", ["id"])
    assert target("awards", "city") == ("members", ["id"])
    assert target("countries", "region") == ("regions", ["code"])
    assert schemas["awards"]["primaryKey"] == ["year", "city"]
    fields = {f["name"]: f for f in schemas["members"]["fields"]}
    assert fields["joined"]["type"] == "integer"
    assert fields["lat"]["type"] == "number"
    assert fields["sources"]["type"] == "list"
    assert fields["status"]["constraints"]["enum"] == list(gnlc.STATES)
    assert fields["name"]["description"] == gnlc.fields.CITIES.column("name").doc


def test_a_failure_leaves_the_old_package_whole(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pkg"
    shutil.copytree(package, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setattr(datapackage, "DELIMITER", "-")  # every city id now holds it
    with pytest.raises(ValueError, match="holds the list delimiter"):
        gnlc.to_datapackage(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_cli_export_datapackage(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gnlc", "export", "datapackage", str(tmp_path / "out")],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "datapackage.json" in names and "members.csv" in names
