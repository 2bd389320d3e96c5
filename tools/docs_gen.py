"""Generate the documentation's data-driven content from the bundled snapshot.

The pages in ``docs/`` are written by hand; where a page needs content that
comes from the data or the code (a table of stated vs known members, the
chart, the help of every command, the data dictionary, the API reference), it
holds a marker line, and this script replaces the marker with the content at
build time::

    <!-- gen: cohort-table -->
    <!-- gen: fields City -->

Nothing generated is committed, so nothing generated can go stale: the site
is rebuilt from the snapshot every time. Three ways to run it:

* ``mkdocs build`` runs it through the ``gen-files`` plugin (``mkdocs.yml``):
  the expanded pages and the images exist only inside the build;
* ``python -m tools.docs_gen --out DIR`` writes ``docs/`` with every marker
  expanded (and the images) into DIR, to read or diff the result;
* ``python -m tools.docs_gen --check`` expands everything and writes nothing
  (tests/test_docs.py does the same, without the images).

The tutorial's chart is the figure that the tutorial's own examples draw:
this script runs ``docs/tutorial.md`` as a doctest (any failure stops the
build) and saves its ``fig``. So the code on the page is the code that made
the picture.

Adding generated content (the map of members of issue 8 is the next one):

1. write a function that returns Markdown and register it with
   ``@generator("name")`` (it receives the text after the name in the
   marker), or, for a file such as an image, add ``"path": function`` to
   :data:`ASSETS`;
2. put ``<!-- gen: name -->`` where it belongs in a page (an image is linked
   like any other: ``![Members](img/members-map.png)``);
3. ``nox -s docs`` builds the site with warnings as errors.

The API reference renders gnlc's docstrings through :mod:`tools.docstrings`
(a griffe extension that ``mkdocs.yml`` loads); field meanings come from
:data:`gnlc.fields.MEANINGS`, the one place they are written.
"""

from __future__ import annotations

import argparse
import contextlib
import doctest
import io
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Union

import gnlc

# Absolute imports: mkdocs-gen-files runs this file as a script (nox -s docs
# puts the checkout's root on PYTHONPATH); the tests import it as tools.docs_gen.
from tools import docs_reference  # noqa: F401 - it registers its generators
from tools.docs_data import model_classes
from tools.docs_markdown import GENERATORS, GenError

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

MARKER = re.compile(r"^<!-- gen: ([a-z-]+)(?: (.*?))? -->[ \t]*$", re.M)
TUTORIAL = "tutorial.md"
CHART = "img/members-by-cohort-region.png"

Content = Union[str, bytes]


# --------------------------------------------------------------------------- pages and assets


DIRECTIVE = re.compile(r"^((?:>>>|\.\.\.) .*?)[ \t]+# doctest:[^\n]*$", re.M)


def expand(text: str, where: str = "page") -> str:
    """Replace every marker line of *text* with its generated content, and drop
    the ``# doctest:`` directives from examples (they are for the test suite)."""

    def replace(m: re.Match[str]) -> str:
        name, arg = m.group(1), (m.group(2) or "").strip()
        fn = GENERATORS.get(name)
        if fn is None:
            raise GenError(f"{where}: unknown marker {m.group(0)!r}; known: {sorted(GENERATORS)}")
        return fn(arg).rstrip()

    return DIRECTIVE.sub(r"\1", MARKER.sub(replace, text))


def run_tutorial(path: Path = DOCS / TUTORIAL) -> Dict[str, Any]:
    """Run every example of the tutorial; return its namespace (fail on any failure)."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    text = path.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, path.name, str(path), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()):
        result = runner.run(test, out=report.write, clear_globs=False)
    if result.failed:
        raise GenError(f"{path.name}: {result.failed} example(s) failed\n{report.getvalue()}")
    return test.globs


def chart_png() -> bytes:
    """The tutorial's chart of members per cohort and region, as a PNG."""
    fig = run_tutorial().get("fig")
    if fig is None:
        raise GenError(f"{TUTORIAL} defines no `fig` to save as {CHART}")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


MAP = "img/members-map.png"


def map_png() -> bytes:
    """Every member, coloured by its UNESCO region, on the bundled Natural Earth
    outlines: the library's own map (``Cities.plot_map``), so the page shows what
    a user's notebook draws."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = gnlc.cities().plot_map("region", title=f"GNLC members (snapshot {gnlc.SNAPSHOT_DATE})")
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(ax.figure)
    return buf.getvalue()


# Files generated whole (path under docs/ -> function).
ASSETS: Dict[str, Callable[[], bytes]] = {CHART: chart_png, MAP: map_png}


def pages(docs: Path = DOCS) -> Dict[str, str]:
    """Every page of *docs* that has a marker or a doctest directive, expanded
    (path -> text)."""
    out = {}
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if MARKER.search(text) or DIRECTIVE.search(text):
            rel = path.relative_to(docs).as_posix()
            out[rel] = expand(text, rel)
    used = {
        m.group(2).strip()
        for text in (p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
        for m in MARKER.finditer(text)
        if m.group(1) == "fields" and m.group(2)
    }
    missing = sorted(set(model_classes()) - used)
    if docs == DOCS and missing:
        raise GenError(f"the data dictionary has no `<!-- gen: fields X -->` for {missing}")
    tables = {
        m.group(2).strip()
        for text in (p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
        for m in MARKER.finditer(text)
        if m.group(1) == "columns" and m.group(2)
    }
    missing = sorted(set(gnlc.fields.TABLES) - tables)
    if docs == DOCS and missing:
        raise GenError(f"the data dictionary has no `<!-- gen: columns X -->` for {missing}")
    return out


def generate(with_assets: bool = True) -> Dict[str, Content]:
    """Everything generated: expanded pages and, with *with_assets*, the images."""
    out: Dict[str, Content] = dict(pages())
    if with_assets:
        for rel, fn in ASSETS.items():
            out[rel] = fn()
    return out


def _write_into_mkdocs() -> None:
    """Run by the mkdocs-gen-files plugin: the files exist only in the build."""
    import mkdocs_gen_files

    for rel, content in generate().items():
        if isinstance(content, bytes):
            with mkdocs_gen_files.open(rel, "wb") as fh:
                fh.write(content)
        else:
            with mkdocs_gen_files.open(rel, "w") as fh:
                fh.write(content)
            mkdocs_gen_files.set_edit_path(rel, rel)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write docs/ with everything generated here")
    group.add_argument("--check", action="store_true", help="generate, write nothing")
    args = parser.parse_args(argv)
    try:
        generated = generate(with_assets=True)
    except GenError as exc:
        print(f"docs_gen: {exc}", file=sys.stderr)
        return 1
    if args.out:
        if args.out.resolve() == DOCS.resolve():
            parser.error("--out must not be docs/ itself")
        shutil.copytree(DOCS, args.out, dirs_exist_ok=True)
        for rel, content in generated.items():
            target = args.out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        print(f"wrote {len(generated)} generated files into {args.out}")
    else:
        print(f"generated {len(generated)} files: " + ", ".join(sorted(generated)))
    return 0


if __name__ == "<run_path>":  # run by the mkdocs-gen-files plugin (runpy.run_path)
    _write_into_mkdocs()
elif __name__ == "__main__":
    raise SystemExit(main())
