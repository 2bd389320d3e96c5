"""Shell examples in README.md and docs/ show real output: run them and compare."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest
from conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]


def console_examples(path: Path) -> List[Tuple[str, str]]:
    examples = []
    for block in re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        command, out = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    examples.append((command, "\n".join(out)))
                command, out = line[2:], []
            else:
                out.append(line)
        if command:
            examples.append((command, "\n".join(out)))
    return examples


CASES = [
    (p.relative_to(ROOT).as_posix(), cmd, out) for p in DOCS for cmd, out in console_examples(p)
]


def test_there_are_examples() -> None:
    assert any(where == "README.md" for where, _, _ in CASES)


@pytest.mark.parametrize(
    ("where", "command", "expected"), CASES, ids=[f"{w}: {c}" for w, c, _ in CASES]
)
def test_console_example(where: str, command: str, expected: str) -> None:
    argv = shlex.split(command)
    assert argv[0] == "gnlc", f"{where}: examples must run gnlc"
    done = subprocess.run([sys.executable, "-m", "gnlc", *argv[1:]], capture_output=True, text=True)
    assert done.stdout.rstrip("\n") == expected.rstrip("\n"), f"{where}: output drifted"
