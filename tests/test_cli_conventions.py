"""The command line's conventions (docs/cli.md), checked for every command of
``gnlc.cli._COMMANDS``: a command added there fails here until it has a case
in :data:`CASES`, and inherits the rest (help and defaults, a listing's
options, the usage of a misspelt option) from the table.

The commands run in this process, with standard output and error replaced by
buffers that may say they are a terminal."""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import pytest
from conftest import ROOT

import gnlc
from gnlc import cli
from gnlc.fields import CITIES


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def gnlc_(
    *args: str,
    tty: bool = False,
    columns: int = 80,
    monkeypatch: Optional[pytest.MonkeyPatch] = None,
) -> Tuple[int, str, str]:
    """Run ``gnlc ARGS``; return (status, stdout, stderr). With *tty*, both
    streams say they are a terminal *columns* wide."""
    out, err = _Stream(tty), _Stream(tty)
    saved = sys.stdout, sys.stderr, os.environ.get("COLUMNS")
    sys.stdout, sys.stderr = out, err
    os.environ["COLUMNS"] = str(columns)
    try:
        status = cli.main(list(args))
    finally:
        sys.stdout, sys.stderr = saved[0], saved[1]
        if saved[2] is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved[2]
    return status, out.getvalue(), err.getvalue()


NAMES = [c[0] for c in cli._COMMANDS]
SUBPARSERS = cli._subparsers(cli._parser())


def _snapshot() -> str:
    return str(Path(gnlc.__file__).parent / "data" / "snapshot.json")


# Every command: a call that finds something, and the summary a terminal gets
# (None: the command has none), and a call that misses (None: it cannot).
CASES: Dict[str, Tuple[List[str], Optional[str], Optional[List[str]]]] = {
    "cities": (["cities", "--country", "IE"], "4 cities", ["cities", "--country", "Andorra"]),
    "city": (["city", "Cork"], None, ["city", "Hamburgh"]),
    "countries": (["countries", "--region", "ENA"], "countries", None),
    "regions": (["regions"], "5 regions", None),
    "cohorts": (["cohorts"], "cohorts", None),
    "stats": (["stats"], "member cities", None),
    "search": (["search", "Hamburgh"], "match", ["search", "qqqqqqqq"]),
    "awards": (["awards", "--year", "2024"], "awards", ["awards", "--year", "2016"]),
    "conferences": (["conferences"], "7 conferences", ["conferences", "--year", "2016"]),
    "clusters": (["clusters"], "clusters", ["clusters", "--city", "Cao Lanh"]),
    "match": (
        ["match", str(Path(__file__).parent / "corpus" / "match-names.csv"), "--column", "city"],
        "3 names: 2 matched, 0 ambiguous, 1 unmatched",
        None,
    ),
    "validate": (["validate"], "no problems in", None),
    "diff": (["diff", _snapshot(), _snapshot()], "no city changed", None),
    "export": (["export", "datapackage", "{tmp}"], "wrote a Data Package", None),
    "completion": (["completion", "bash"], None, None),
}


def _args(args: Sequence[str], tmp: Path) -> List[str]:
    return [a.replace("{tmp}", str(tmp / "pkg")) for a in args]


def test_every_command_has_a_case() -> None:
    assert set(CASES) == set(NAMES)


# --------------------------------------------------------------------------- streams


@pytest.mark.parametrize("name", NAMES)
def test_results_on_stdout_and_a_summary_on_a_terminal(name: str, tmp_path: Path) -> None:
    hit, summary, _ = CASES[name]
    status, out, err = gnlc_(*_args(hit, tmp_path))
    assert status == 0, err
    assert err == ""  # piped: nothing but results, no summary
    assert out or name in ("export", "validate")  # files; no problems
    status, out_tty, err = gnlc_(*_args(hit, tmp_path), tty=True)
    assert status == 0, err
    if summary is None:
        assert err == ""
    else:
        assert err.count("\n") == 1 and summary in err  # one line, on standard error
        assert summary not in out_tty.splitlines()[-1:] or name == "regions"


@pytest.mark.parametrize("name", [n for n in NAMES if CASES[n][2]])
def test_a_miss_exits_1_with_one_line_on_stderr(name: str) -> None:
    miss = CASES[name][2]
    assert miss is not None
    status, out, err = gnlc_(*miss, tty=True)
    assert status == 1
    assert err.startswith("gnlc: ") and err.count("\n") == 1
    assert out == ""  # a table of nothing is nothing
    status, out, _ = gnlc_(*miss)  # piped CSV: the header alone
    assert status == 1 and out.count("\n") <= 1


def test_an_empty_search_and_an_empty_filter_behave_alike() -> None:
    search = gnlc_("search", "qqqqqqqq", "--format", "json")
    cities = gnlc_("cities", "--country", "Andorra", "--format", "json")
    for status, out, err in (search, cities):
        assert (status, json.loads(out)) == (1, [])
        assert err.startswith("gnlc: no ") and err.count("\n") == 1
    for args in (["search", "qqqqqqqq"], ["cities", "--country", "Andorra"]):
        status, out, _ = gnlc_(*args)
        assert status == 1 and out.count("\n") == 1  # the CSV header


def test_warnings_go_to_stderr_and_results_to_stdout() -> None:
    status, out, err = gnlc_("cities", "--status", "any", "--as-of", "2016", "--format", "jsonl")
    assert status == 0
    assert all(json.loads(line)["id"] for line in out.splitlines())
    assert "gnlc: warning:" in err


# --------------------------------------------------------------------------- exit statuses


def test_validate_statuses(tmp_path: Path) -> None:
    status, out, err = gnlc_("validate", str(tmp_path / "missing.csv"))
    assert (status, out) == (2, "")  # an I/O error, not a problem of the data
    assert err.startswith("gnlc validate: cannot read")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,country,region,sources\nx,X,ZZ,AFR,https://example.org\n")
    status, out, err = gnlc_("validate", str(bad), tty=True)
    assert status == 3 and "\t" in out  # bad data: the problems on stdout
    assert err.endswith(" in 1 city\n") and "problem" in err
    assert (
        gnlc_("validate", tty=True)[2]
        == f"no problems in {len(gnlc.cities(status='any'))} cities\n"
    )


def test_diff_statuses(tmp_path: Path) -> None:
    assert gnlc_("diff", _snapshot(), str(tmp_path / "missing.json"))[0] == 2
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]")
    status, out, err = gnlc_("diff", _snapshot(), str(junk))
    assert (status, out) == (3, "") and err.startswith("gnlc diff: ")


def test_export_to_a_file_is_an_io_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    status, out, err = gnlc_("export", "datapackage", str(target))
    assert (status, out) == (2, "") and err.startswith("gnlc export: ")


def test_the_docs_state_every_exit_status() -> None:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for status, _ in cli.EXIT_STATUSES:
        assert f"\n| {status} |" in page
    assert "Conventions" in page


# --------------------------------------------------------------------------- options


def _options(name: str) -> List[argparse.Action]:
    return [a for a in SUBPARSERS[name]._actions if a.dest != "help"]


@pytest.mark.parametrize("name", NAMES)
def test_every_option_has_help_and_its_default(name: str) -> None:
    for action in _options(name):
        text = (action.help or "") % {"default": action.default, "choices": action.choices}
        assert text, (name, action.dest)
        if action.option_strings:
            assert "default" in text, (name, action.option_strings)


@pytest.mark.parametrize("name", NAMES)
def test_every_listing_sorts_reverses_and_widens(name: str) -> None:
    flags = {o for a in _options(name) for o in a.option_strings}
    fmt = next((a for a in _options(name) if "--format" in a.option_strings), None)
    is_listing = fmt is not None and "table" in (fmt.choices or ())
    assert is_listing == ({"--sort", "--reverse", "--wide"} <= flags), name


@pytest.mark.parametrize("name", NAMES)
def test_a_misspelt_option_shows_the_commands_usage(name: str) -> None:
    flags = sorted(
        (o for a in _options(name) for o in a.option_strings if o.startswith("--")), key=len
    )[::-1]
    # Two letters swapped: --fromat for --format.
    wrong = flags[0][:3] + flags[0][4] + flags[0][3] + flags[0][5:] if flags else "--hlep"
    hit = [a for a in CASES[name][0] if "{tmp}" not in a]
    status, out, err = gnlc_(*hit, wrong, "x") if name != "export" else gnlc_(name, wrong)
    assert status == 2 and out == ""
    assert f"usage: gnlc {name}" in err
    if flags and name != "export":
        assert f"did you mean {flags[0]}?" in err


def test_errors_name_the_flag_as_typed() -> None:
    status, _, err = gnlc_("cities", "--as-of", "2020-13-45")
    assert status == 2 and "gnlc cities: error: --as-of must be an ISO date" in err
    assert "as_of" not in err and "usage: gnlc cities" in err
    assert "--as must be" in gnlc_("cities", "--as", "2020-13-45")[2]
    assert "--limit must be at least 1" in gnlc_("search", "x", "--limit", "0")[2]


# --------------------------------------------------------------------------- formats


def test_json_is_indented_by_two_and_jsonl_is_compact() -> None:
    for args in (["cities", "--country", "IE"], ["city", "Cork"], ["regions"]):
        out = gnlc_(*args, "--format", "json")[1]
        assert out.splitlines()[1].startswith('  "') or out.splitlines()[1] == "  {"
        assert "\n   {" not in out and '\n {"' not in out
    lines = gnlc_("cities", "--country", "IE", "--format", "jsonl")[1].splitlines()
    assert len(lines) == 4 and all(json.loads(x)["country"] == "IE" for x in lines)
    assert (
        gnlc.to_json(gnlc.cities(country="IE"))
        == gnlc_("cities", "--country", "IE", "--format", "json")[1]
    )


def test_sort_and_reverse() -> None:
    _, out, _ = gnlc_(
        "stats", "--by", "country", "--sort", "cities", "--reverse", "--format", "json"
    )
    counts = [r["cities"] for r in json.loads(out)]
    assert counts == sorted(counts, reverse=True)
    _, out, _ = gnlc_("cities", "--region", "ENA", "--sort", "joined", "--format", "json")
    joined = [r["joined"] for r in json.loads(out)]
    known = [j for j in joined if j is not None]
    assert known == sorted(known) and joined[: len(known)] == known  # unknown years last
    _, out, _ = gnlc_("countries", "--sort", "name", "--format", "json")
    names = [r["name"] for r in json.loads(out)]
    assert names == sorted(names, key=str.casefold)
    for extra in ([], ["--sort", "id"]):  # the map's features follow the rows
        _, out, _ = gnlc_("cities", "--country", "IE", "--format", "geojson", "--reverse", *extra)
        ids = [f["id"] for f in json.loads(out)["features"]]
        assert ids == sorted(ids, reverse=True)
    status, _, err = gnlc_("stats", "--by", "region", "--sort", "country")
    assert status == 2 and "--sort country" in err


def test_a_table_is_narrow_and_fits_the_terminal() -> None:
    status, out, _ = gnlc_("cities", tty=True, columns=60)
    assert status == 0
    assert out.split("\n", 1)[0].split() == list(CITIES.view)
    assert max(cli._width(line) for line in out.splitlines()) <= 60
    assert "…" in out
    _, out, _ = gnlc_("cities", "--wide", tty=True, columns=60)
    assert out.split("\n", 1)[0].split() == list(CITIES.names)
    assert "…" not in out
    _, out, _ = gnlc_("cities", "--format", "table", columns=60)  # piped: whole
    assert "…" not in out


# --------------------------------------------------------------------------- completion


@pytest.mark.parametrize("shell", cli.SHELLS)
def test_completion_names_every_command_and_option(shell: str) -> None:
    status, script, _ = gnlc_("completion", shell)
    assert status == 0
    for name in NAMES:
        assert name in script
        for action in _options(name):
            for flag in action.option_strings:
                assert flag in script, (shell, name, flag)
    binary = shutil.which(shell)
    if binary is None:
        pytest.skip(f"{shell} is not installed: only the script's content is checked")
    done = subprocess.run([binary, "-n"], input=script, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("gnlc cit", ["cities", "city"]),
        ("gnlc cities --st", ["--status"]),
        ("gnlc cities --format j", ["json", "jsonl"]),
        ("gnlc completion ", list(cli.SHELLS)),
        ("gnlc stats --sort ci", ["cities"]),
    ],
)
def test_bash_completes(line: str, expected: List[str]) -> None:
    script = gnlc_("completion", "bash")[1]
    words = line.split(" ")
    probe = (
        script
        + f"\nCOMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        + '_gnlc; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "--norc", "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == expected
