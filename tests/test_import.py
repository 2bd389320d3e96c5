"""`import gnlc` stays cheap: no heavy module, no data, until a query."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Dict

import pytest

import gnlc
from gnlc import _snapshot, _store
from gnlc.testing import unloaded

HEAVY = ("cattrs", "pycountry", "pandas", "importlib.metadata", "json", "hashlib")
# Public names load on first use: not even attrs or the records at import.
LAZY = ("attrs", "gnlc.model", "gnlc.query", "gnlc._store")


def test_import_leaves_heavy_modules_out() -> None:
    code = (
        "import sys, gnlc\n"
        f"print(','.join(m for m in {HEAVY + LAZY!r} if m in sys.modules))\n"
        "gnlc.City\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
        "import gnlc._store\n"
        "print(gnlc._store.current() is None)\n"
        "gnlc.cities()\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    # The first query loads the snapshot, but imports none of them: not cattrs,
    # pycountry, pandas or importlib.metadata; not hashlib (the bundled file is
    # checked by CRC-32), nor json (CPython's C scanner parses the file).
    assert out.splitlines() == ["", "", "True", ""]


def test_lazy_attributes() -> None:
    code = "import sys, gnlc; gnlc.to_dict; print('cattrs' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "True"
    assert "to_dict" in dir(gnlc)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        gnlc.no_such_thing  # type: ignore[attr-defined]  # noqa: B018


def test_public_api_is_exported() -> None:
    for name in gnlc.__all__:
        assert getattr(gnlc, name) is not None


def test_sixteen_threads_share_one_load(monkeypatch: pytest.MonkeyPatch) -> None:
    loads = []
    real = _store._load_bundled

    def counting() -> _snapshot.Snapshot:
        loads.append(1)
        return real()

    monkeypatch.setattr(_store, "_load_bundled", counting)
    with unloaded():
        barrier = threading.Barrier(16)
        got: list[object] = []

        def worker() -> None:
            barrier.wait()
            got.append(_store.get())
            gnlc.cities(region="Africa")

        threads = [threading.Thread(target=worker) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(loads) == 1
        assert len(got) == 16 and all(s is got[0] for s in got)


def _type_checking_names() -> Dict[str, str]:
    """The names the TYPE_CHECKING block of gnlc/__init__.py imports, and from where."""
    tree = ast.parse(Path(gnlc.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
    )
    found: Dict[str, str] = {}
    for node in ast.walk(block):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                # `from .x import y as y` re-exports y explicitly for type checkers.
                assert alias.asname == alias.name, f"{alias.name} is not re-exported as itself"
                found[alias.name] = node.module or alias.name
    return found


def test_public_names_are_listed_once_and_agree() -> None:
    # __all__ and the lazy table come from gnlc._PUBLIC; the block for type checkers
    # must name the same things from the same modules.
    declared = dict(gnlc._PUBLIC)
    checked = _type_checking_names()
    submodules = {name: name for name in gnlc.SUBMODULES}
    assert checked == {**declared, **submodules}
    versions = ["DATA_VERSION", "SNAPSHOT_DATE", "__version__"]
    assert sorted(gnlc.__all__) == sorted([*versions, *declared])
    assert len(gnlc.__all__) == len(set(gnlc.__all__))
    for name, module in declared.items():
        assert getattr(importlib.import_module(f"gnlc.{module}"), name) is getattr(gnlc, name)


def test_every_public_submodule_is_an_attribute_without_heavy_imports() -> None:
    # gnlc.export.COLUMNS and gnlc.frame.read_csv, shown in the README, work after a
    # plain `import gnlc`; reaching a module imports it, and nothing heavy comes with
    # the ones that do not need it.
    code = (
        "import sys, gnlc\n"
        "print(gnlc.export.COLUMNS[0], callable(gnlc.frame.read_csv), gnlc.fields.CITIES.name)\n"
        "print(','.join(m for m in ('cattrs', 'pycountry', 'pandas') if m in sys.modules))\n"
        "print(sorted(set(gnlc.SUBMODULES) - set(dir(gnlc))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["id True cities", "", "[]"]
    for name in gnlc.SUBMODULES:
        assert getattr(gnlc, name) is importlib.import_module(f"gnlc.{name}")
    public = {m.name for m in pkgutil.iter_modules(gnlc.__path__) if not m.name.startswith("_")}
    assert public == set(gnlc.SUBMODULES)
