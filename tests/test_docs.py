"""Shell examples in README.md and docs/ show real output: run them and compare."""

from __future__ import annotations

import importlib.util
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import attrs
import pytest
from conftest import ROOT

import gnlc
import gnlc.export
import gnlc.model

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


# --------------------------------------------------------------------------- generated content
# The site's data-driven content comes from tools/docs_gen.py at build time (nox -s docs).
# These tests expand every page the same way, so a broken marker, a record field without
# a meaning in the data dictionary, or a generator that fails is caught by the test suite.


@pytest.fixture(scope="module")
def docs_gen() -> Any:
    return importlib.import_module("tools.docs_gen")


@pytest.fixture(scope="module")
def generated(docs_gen: Any) -> Dict[str, str]:
    pages: Dict[str, str] = docs_gen.pages()
    return pages


def test_every_marker_expands(docs_gen: Any, generated: Dict[str, str]) -> None:
    marked = [p for p in DOCS if docs_gen.MARKER.search(p.read_text(encoding="utf-8"))]
    assert marked, "no page has a <!-- gen: ... --> marker"
    for path in marked:
        text = generated[path.relative_to(ROOT / "docs").as_posix()]
        assert not docs_gen.MARKER.search(text), f"{path.name}: a marker was left in"
        assert "# doctest:" not in text, f"{path.name}: a doctest directive was left in"


def test_generated_pages_hold_no_examples(docs_gen: Any, generated: Dict[str, str]) -> None:
    # Examples are tested where they are written, in docs/*.md; generated text must add none.
    for rel, text in generated.items():
        source = (ROOT / "docs" / rel).read_text(encoding="utf-8")
        assert text.count(">>> ") <= source.count(">>> "), rel
        assert text.count("```console") == source.count("```console"), rel


def test_provenance_tables_follow_the_snapshot(generated: Dict[str, str]) -> None:
    page = generated["provenance.md"]
    for k in gnlc.cohorts():
        row = f"| [{k.id}](#cohort-{k.id}) |"
        assert row in page
        line = next(line for line in page.splitlines() if line.startswith(row))
        assert f"| {k.stated_cities} | {k.known_cities} |" in line
    for lead in gnlc.leads():
        assert lead.city_name in page


def test_data_dictionary_documents_every_field(generated: Dict[str, str]) -> None:
    page = generated["data-dictionary.md"]
    for name in gnlc.model.__all__:
        cls = getattr(gnlc.model, name)
        if attrs.has(cls):
            assert f"## {name}" in page
            for field in attrs.fields(cls):
                assert f"| `{field.name}` |" in page, f"{name}.{field.name}"
    for column in gnlc.export.COLUMNS:
        assert f"| `{column}` |" in page


def test_api_reference_covers_every_public_name(generated: Dict[str, str]) -> None:
    page = generated["api.md"]
    shown = set(re.findall(r"^::: gnlc\.(?:\w+\.)?(\w+)$", page, re.M))
    assert set(gnlc.__all__) - shown <= {"__version__", "DATA_VERSION", "SNAPSHOT_DATE"}


def test_docstrings_become_markdown(docs_gen: Any) -> None:
    text = ":func:`~gnlc.city` and :class:`tuple`.\n\n>>> 1 + 1  # doctest: +SKIP\n2\n"
    from tools.docstrings import docstring_to_markdown

    out = docstring_to_markdown(text, lambda t: t if t.startswith("gnlc") else None)
    assert out.splitlines() == [
        "[`city()`][gnlc.city] and `tuple`.",
        "",
        "```pycon",
        ">>> 1 + 1",
        "2",
        "```",
    ]


def test_the_tutorial_draws_its_chart(docs_gen: Any) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    png = docs_gen.chart_png()
    assert png.startswith(b"\x89PNG")


# --------------------------------------------------------------------------- explorer and maps
# The explorer's behaviour in a browser is tests/browser's (nox -s browser); these check
# the data it is given.


def test_the_explorer_data_is_the_snapshot_in_the_field_tables_columns(docs_gen: Any) -> None:
    from gnlc.fields import CITIES
    from tools import docs_explorer

    data = docs_explorer.data()
    names = [c["name"] for c in data["columns"]]
    assert names[: len(CITIES.names)] == list(CITIES.names) == data["csv"]
    records = gnlc.cities(status="any")
    assert [r[names.index("id")] for r in data["rows"]] == [c.id for c in records]
    assert all(len(r) == len(names) for r in data["rows"])
    cork = data["rows"][[c.id for c in records].index("ie-cork")]
    assert cork[: len(CITIES.names)] == list(CITIES.row(gnlc.city("Cork")).values())
    assert set(data["member_states"]) == {c.status.state for c in gnlc.cities()}
    keys = data["keys"][[c.id for c in records].index(gnlc.city("Cao Lanh").id)]
    assert "cao lanh" in keys
    assert data["letters"]["ø"] == "o"
    script = docs_explorer.data_js().decode("utf-8")
    assert script.count("<") == 0 and "window.GNLC_EXPLORER = {" in script


def test_the_explorer_page_holds_its_markup(generated: Dict[str, str]) -> None:
    page = generated["explorer.md"]
    for anchor in ('id="gx-q"', 'id="gx-region"', 'id="gx-rows"', 'id="gx-map"', 'id="gx-csv"'):
        assert anchor in page
    assert "\n\n" not in page[page.index("<div") : page.index("</script>")]  # one HTML block


def test_maps_cut_at_the_antimeridian() -> None:
    from tools import docs_maps

    polygons = docs_maps.polygons()
    for polygon in polygons:
        for ring in polygon:
            steps = [abs(b[0] - a[0]) for a, b in zip(ring, ring[1:])]
            assert max(steps) < 180  # no edge across the whole map
    path = docs_maps.svg_path()
    assert path.startswith("M") and path.endswith("Z") and len(path) < 150_000
    assert "Natural Earth" in docs_maps.attribution()
    assert set(docs_maps.colours()) == {r.code for r in gnlc.regions()}


def test_the_static_map_draws(docs_gen: Any) -> None:
    pytest.importorskip("matplotlib")
    from tools import docs_maps

    assert docs_maps.map_png().startswith(b"\x89PNG")
