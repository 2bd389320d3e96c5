"""Generated reference content from the code: every command's help, and the
API reference's sections (one per public module)."""

from __future__ import annotations

import argparse
import os
import re
import types
from typing import Any, List

import gnlc

from .docs_markdown import GenError, generator


@generator("cli-help")
def cli_help(_: str) -> str:
    from gnlc import cli

    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal: make it the same everywhere
    try:
        parser = cli._parser()
        parts = ["### gnlc", "", "```text", parser.format_help().rstrip(), "```"]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    parts += ["", f"### gnlc {name}", "", "```text", sub.format_help().rstrip()]
                    parts.append("```")
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    return "\n".join(parts)


# Titles of the API sections, in order; a public module that is not listed
# here still gets a section, titled from its docstring.
API_SECTIONS = {
    "query": "Queries",
    "results": "Results",
    "model": "Records",
    "fields": "Fields and flat tables",
    "export": "Export: CSV, JSON and more",
    "frame": "pandas",
    "convert": "Dicts and back",
    "validation": "Validation",
    "snapshot_diff": "Comparing snapshots",
    "errors": "Errors and warnings",
    "normalization": "Name matching",
    "testing": "Testing against other data",
}
API_SKIP = {"cli"}  # documented on the command-line page
VERSION_NAMES = ("__version__", "DATA_VERSION", "SNAPSHOT_DATE")  # described in api.md


def _public(name: str) -> Any:
    """``gnlc.<name>``."""
    return getattr(gnlc, name)


def _source_order(module: types.ModuleType) -> List[str]:
    """The names of ``module.__all__`` in the order the module defines them."""
    import inspect

    source = inspect.getsource(module)
    names = list(getattr(module, "__all__", ()))

    def position(name: str) -> int:
        m = re.search(rf"^(?:(?:async )?def |class )?{re.escape(name)}\b", source, re.M)
        return m.start() if m else len(source)

    return sorted(names, key=position)


@generator("api")
def api(_: str) -> str:
    import importlib
    import pkgutil

    top_level = {name: _public(name) for name in gnlc.__all__}
    names = [m.name for m in pkgutil.iter_modules(gnlc.__path__)]
    public = [n for n in names if not n.startswith("_") and n not in API_SKIP]
    order = [n for n in API_SECTIONS if n in public] + sorted(set(public) - set(API_SECTIONS))
    placed = set(VERSION_NAMES)
    parts = []
    for short in order:
        module = importlib.import_module(f"gnlc.{short}")
        title = API_SECTIONS.get(short) or (module.__doc__ or short).strip().splitlines()[0]
        heading = f"## {title.rstrip('.')} {{#gnlc.{short}}}"  # the id is the module's path
        parts += [heading, "", f"::: gnlc.{short}", "    options:"]
        parts += ["        members: false", "        show_root_heading: false"]
        parts += ["        show_root_toc_entry: false", ""]
        for name in _source_order(module):
            exported = name in top_level and top_level[name] is getattr(module, name)
            if exported:
                placed.add(name)
            # A function named like its module (gnlc.validate) is shown under the module's path.
            short_path = exported and name != short
            parts += [f"::: gnlc.{name}" if short_path else f"::: gnlc.{short}.{name}", ""]
    unplaced = sorted(set(gnlc.__all__) - placed)
    if unplaced:
        raise GenError(f"public names in no module's __all__: {unplaced}")
    return "\n".join(parts).rstrip()
