"""The real command line (`python -m gnlc`, and the `gnlc` script), in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import pytest

import gnlc
from gnlc.export import COLUMNS
from gnlc.fields import COHORTS

# The run must not depend on the caller's locale or I/O encoding.
_CLEAN = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}


def run(
    *args: str, env: Optional[Dict[str, str]] = None, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "gnlc", *args],
        capture_output=True,
        input=stdin,
        env={**_CLEAN, **(env or {})},
    )


def lines(done: subprocess.CompletedProcess[bytes]) -> List[str]:
    return done.stdout.decode("utf-8").splitlines()


def rows(done: subprocess.CompletedProcess[bytes]) -> List[Dict[str, str]]:
    return list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))


# --------------------------------------------------------------------------- cities


def test_cities_csv_when_piped() -> None:
    done = run("cities", "--region", "Asia-Pacific")
    assert done.returncode == 0, done.stderr
    got = rows(done)
    assert [r["id"] for r in got] == [c.id for c in gnlc.cities(region="APA")]
    assert {r["region_name"] for r in got} == {"Asia and the Pacific"}
    assert list(got[0]) == list(COLUMNS)
    assert done.stderr == b""


def test_cities_table_is_aligned() -> None:
    done = run("cities", "--country", "Portugal", "--format", "table")
    out = lines(done)
    found = gnlc.cities(country="PT")
    assert out[0].split() == ["id", "name", "country", "region", "cohorts", "joined"]
    assert set(out[1]) == {"-", " "}
    column = out[0].index("country")
    assert all(line[column : column + 2] == "PT" for line in out[2:])
    assert [line.split()[0] for line in out[2:]] == [c.id for c in found]
    assert done.stderr == b""  # the summary is for a terminal only


def test_one_city_is_counted_in_the_singular() -> None:
    from test_cli_conventions import gnlc_

    assert gnlc_("cities", "--country", "NA", tty=True)[2] == "1 city\n"


def test_cities_json_and_jsonl() -> None:
    as_json = json.loads(run("cities", "--cohort", "2025", "--format", "json").stdout)
    jsonl = lines(run("cities", "--cohort", "2025", "--format", "jsonl"))
    assert as_json == [json.loads(line) for line in jsonl]
    assert len(as_json) == len(gnlc.cities(cohort=2025))


def test_namibia_stays_na_in_every_format() -> None:
    assert rows(run("cities", "--country", "Namibia"))[0]["country"] == "NA"
    as_json = json.loads(run("cities", "--country", "NA", "--format", "json").stdout)
    assert as_json[0]["country"] == "NA"


def test_cities_geojson() -> None:
    done = run("cities", "--region", "Africa", "--format", "geojson")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == len(gnlc.cities(region="AFR"))
    for f in doc["features"]:
        assert f["type"] == "Feature"
        assert list(f["properties"]) == list(COLUMNS)
        if f["properties"]["lat"] is None:
            assert f["geometry"] is None
        else:
            lon, lat = f["geometry"]["coordinates"]
            assert (lon, lat) == (f["properties"]["lon"], f["properties"]["lat"])


def test_cities_status_and_as_of() -> None:
    everyone = rows(run("cities", "--status", "any"))
    assert len(everyone) == len(gnlc.cities(status="any"))
    table = lines(run("cities", "--status", "confirmed", "--status", "left", "--format", "table"))
    assert table[0].split()[-1] == "status"
    assert {line.split()[-1] for line in table[2:-1]} == {"confirmed"}
    confirmed = rows(run("cities", "--status", "confirmed"))
    assert {r["status"] for r in confirmed} == {"confirmed"}
    assert len(confirmed) == len(gnlc.cities(status="confirmed"))

    done = run("cities", "--as-of", "2020-12-31")
    assert done.returncode == 0
    assert 0 < len(rows(done)) < len(gnlc.cities())
    err = done.stderr.decode()
    assert err.startswith("gnlc: warning: members as of 2020-12-31 are incomplete")
    assert "Traceback" not in err and "warnings.warn" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cities", "--as-of", "2020-13-45"), b"gnlc cities: error: --as-of must be an ISO date"),
        (("cities", "--status", "gone"), b"invalid choice: 'gone'"),
        (("cities", "--format", "xml"), b"invalid choice: 'xml'"),
        (("search", "x", "--limit", "0"), b"gnlc search: error: --limit must be at least 1"),
        (("no-such-command",), b"invalid choice"),
        ((), b"required: COMMAND"),
    ],
)
def test_usage_errors_exit_2(args: List[str], message: bytes) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert done.stdout == b""
    assert message in done.stderr
    assert b"Traceback" not in done.stderr


def test_bad_filter_exits_1_without_traceback() -> None:
    done = run("cities", "--region", "Antarctica")
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.startswith(b"gnlc: no region matches")
    assert b"Traceback" not in done.stderr


# --------------------------------------------------------------------------- city


def test_city_shows_every_fact_with_sources() -> None:
    done = run("city", "muharraq")
    out = done.stdout.decode()
    assert done.returncode == 0
    for source in gnlc.city("Muharraq").sources:
        assert source in out
    assert out.count("admitted") == 2
    assert "status    member" in out


def test_city_shows_status_and_awards() -> None:
    cork = gnlc.city("Cork")
    out = run("city", "ie-cork").stdout.decode()
    assert f"status    {cork.status.state}, as of {cork.status.as_of}" in out
    for year in cork.awards:
        assert f"UNESCO Learning City Award {year}" in out
    # every fact cites its sources by number: each number is listed
    numbered = [line.split()[1] for line in out.splitlines() if line.startswith("source")]
    assert numbered == [f"[{i}]" for i in range(1, len(numbered) + 1)]


def test_city_as_json() -> None:
    done = run("city", "Cork", "--format", "json")
    data = json.loads(done.stdout)
    assert data["id"] == "ie-cork"
    assert data["awards"] == list(gnlc.city("Cork").awards)
    assert data["status"]["state"] == gnlc.city("Cork").status.state


def test_miss_suggests_on_stderr_and_exits_1() -> None:
    done = run("city", "Hamburgh")
    assert done.returncode == 1
    assert done.stdout == b""
    assert b"did you mean 'Hamburg'" in done.stderr
    assert b"Traceback" not in done.stderr


# --------------------------------------------------------------------------- the rest


def test_cohorts_stated_vs_known() -> None:
    by_id = {r["id"]: r for r in rows(run("cohorts"))}
    assert by_id["2024"]["stated_cities"] == "64"
    assert by_id["2024"]["known_cities"] == str(gnlc.cohort(2024).known_cities)
    assert by_id["2015-2018"]["announced"] == ""
    as_json = json.loads(run("cohorts", "--format", "json").stdout)
    assert [r["id"] for r in as_json] == [k.id for k in gnlc.cohorts()]
    assert as_json[0]["announced"] is None  # the founding period had no announcement
    assert as_json[1]["stated_cities"] == gnlc.cohort(2019).stated_cities
    assert list(as_json[1]) == list(COHORTS.names)


@pytest.mark.parametrize("by", ["region", "country", "cohort"])
def test_stats(by: str) -> None:
    done = run("stats", "--by", by, "--format", "table")
    assert done.returncode == 0, done.stderr
    from test_cli_conventions import gnlc_

    summary = gnlc_("stats", "--by", by, tty=True)[2]
    assert summary.startswith(f"{len(gnlc.cities())} member cities")
    counted = sum(int(r["cities"]) for r in rows(run("stats", "--by", by)))
    assert counted == sum(gnlc.count_by(by).values())


def test_stats_by_cohort_names_members_without_one() -> None:
    got = {r["cohort"]: int(r["cities"]) for r in rows(run("stats", "--by", "cohort"))}
    unknown = sum(1 for c in gnlc.cities() if c.cohort is None)
    assert got.get("unknown", 0) == unknown


def test_search_miss_exits_1() -> None:
    assert run("search", "Gelsenkirchn").returncode == 0
    done = run("search", "qqqqqqqq")
    assert done.returncode == 1
    assert len(rows(done)) == 0


def test_awards() -> None:
    got = rows(run("awards", "--year", "2024"))
    assert [(r["year"], r["city"]) for r in got] == [
        (str(a.year), a.city.id) for a in gnlc.awards(2024)
    ]
    table = lines(run("awards", "--format", "table"))
    assert len(table) == len(gnlc.awards()) + 2
    assert "sources" not in table[0]


def test_awards_in_a_year_without_any() -> None:
    done = run("awards", "--year", "2016", "--format", "table")
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.startswith(b"gnlc: no UNESCO Learning City Award in 2016")


COMMANDS = [
    "cities",
    "city",
    "countries",
    "regions",
    "cohorts",
    "stats",
    "search",
    "awards",
    "validate",
    "diff",
    "export",
    "completion",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_subcommand_has_an_example(command: str) -> None:
    done = run(command, "--help")
    assert done.returncode == 0
    assert f"example: gnlc {command}".encode() in done.stdout


def test_main_help_lists_every_command() -> None:
    out = run("--help").stdout.decode()
    for command in COMMANDS:
        assert command in out


def test_version_shows_code_and_data() -> None:
    done = run("--version")
    assert done.returncode == 0
    expected = f"gnlc {gnlc.__version__} (data {gnlc.DATA_VERSION}, snapshot {gnlc.SNAPSHOT_DATE})"
    assert done.stdout.decode().strip() == expected


def test_console_script() -> None:
    script = Path(sys.executable).with_name("gnlc")
    if not script.exists():
        pytest.skip(f"no gnlc script next to {sys.executable} (package not installed)")
    done = subprocess.run([str(script), "city", "Liège"], capture_output=True, env=_CLEAN)
    assert done.returncode == 0
    assert "Liège".encode() in done.stdout


# --------------------------------------------------------------------------- Unix manners


@pytest.mark.parametrize(
    "args",
    [
        ("countries", "--format", "table"),  # small: fails on the final flush
        ("cities", "--status", "any", "--format", "jsonl"),  # larger than a pipe buffer
        ("--help",),
    ],
)
def test_closed_pipe_is_quiet(args: List[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "gnlc", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_CLEAN,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    proc.stderr.close()
    proc.wait()
    assert proc.returncode == 0
    assert err == b""


@pytest.mark.parametrize(
    "env",
    [
        {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "latin-1"},
    ],
)
def test_utf8_output_under_a_non_utf8_locale(env: Dict[str, str]) -> None:
    done = run("city", "liege", env=env)
    assert done.returncode == 0, done.stderr
    assert "Liège".encode() in done.stdout
    table = run("cities", "--country", "BE", "--format", "table", env=env)
    assert "Liège".encode() in table.stdout
    miss = run("city", "Liègx", env=env)  # the suggestion on stderr is UTF-8 too
    assert miss.returncode == 1
    assert "'Liège'".encode() in miss.stderr


def test_table_width_counts_wide_characters() -> None:
    from gnlc.cli import _table

    buf = io.StringIO()
    _table([("东京", "x"), ("Tokyo", "y")], ("name", "v"), buf)
    first, _, wide, narrow = buf.getvalue().splitlines()
    assert wide == "东京   x"  # 4 columns of text, padded to 5
    assert narrow == "Tokyo  y"
    assert first == "name   v"


# --------------------------------------------------------------------------- wired elsewhere


def test_validate_and_diff_are_wired() -> None:
    # Their logic lives in gnlc.validation and gnlc.snapshot_diff; here only the wiring.
    for command, options in (("validate", ["text", "json"]), ("diff", ["text", "markdown"])):
        out = run(command, "--help").stdout.decode()
        assert "--format {" + ",".join(options) + "}" in out
