"""The real `python -m gnlc` entry point, in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from typing import Dict, Optional

import pytest

import gnlc


def run(*args: str, env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "gnlc", *args], capture_output=True, env=full_env)


def test_cities_csv_when_piped() -> None:
    done = run("cities", "--region", "Asia-Pacific")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))
    assert [r["id"] for r in rows] == [c.id for c in gnlc.cities(region="APA")]
    assert {r["region_name"] for r in rows} == {"Asia and the Pacific"}


def test_cities_table_has_a_count_line() -> None:
    done = run("cities", "--country", "Portugal", "--format", "table")
    lines = done.stdout.decode().splitlines()
    n = len(gnlc.cities(country="PT"))
    assert lines[-1] == f"{n} cities"
    assert lines[0].split() == ["id", "name", "country", "region", "cohorts", "joined"]


def test_cities_json_and_jsonl() -> None:
    as_json = json.loads(run("cities", "--cohort", "2025", "--format", "json").stdout)
    lines = run("cities", "--cohort", "2025", "--format", "jsonl").stdout.decode().splitlines()
    assert as_json == [json.loads(line) for line in lines]
    assert len(as_json) == gnlc.cohort(2025).known_cities


def test_city_shows_every_fact_with_sources() -> None:
    done = run("city", "muharraq")
    out = done.stdout.decode()
    assert done.returncode == 0
    for source in gnlc.city("Muharraq").sources:
        assert source in out
    assert out.count("admitted") == 2


def test_miss_suggests_on_stderr_and_exits_1() -> None:
    done = run("city", "Hamburgh")
    assert done.returncode == 1
    assert done.stdout == b""
    assert b"did you mean 'Hamburg'" in done.stderr
    assert b"Traceback" not in done.stderr


def test_usage_error_exits_2() -> None:
    done = run("cities", "--format", "xml")
    assert done.returncode == 2
    assert b"invalid choice" in done.stderr


def test_bad_filter_exits_1_without_traceback() -> None:
    done = run("cities", "--region", "Antarctica")
    assert done.returncode == 1
    assert done.stderr.startswith(b"gnlc: no region matches")


@pytest.mark.parametrize(
    "command", ["cities", "city", "countries", "regions", "cohorts", "stats", "search"]
)
def test_help_on_every_subcommand_has_an_example(command: str) -> None:
    done = run(command, "--help")
    assert done.returncode == 0
    assert b"example: gnlc " in done.stdout


def test_version_shows_code_and_data() -> None:
    out = run("--version").stdout.decode()
    assert gnlc.__version__ in out and gnlc.DATA_VERSION in out and gnlc.SNAPSHOT_DATE in out


def test_cohorts_stated_vs_known() -> None:
    rows = list(csv.DictReader(io.StringIO(run("cohorts").stdout.decode())))
    by_id = {r["cohort"]: r for r in rows}
    assert by_id["2024"]["stated"] == "64"
    assert by_id["2024"]["known"] == str(gnlc.cohort(2024).known_cities)


def test_closed_pipe_is_quiet() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "gnlc", "countries", "--format", "table"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    proc.stderr.close()
    proc.wait()
    assert proc.returncode == 0
    assert b"BrokenPipe" not in err and b"Traceback" not in err


def test_utf8_output_under_a_non_utf8_locale() -> None:
    done = run("city", "Liège", env={"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "Liège".encode() in done.stdout
