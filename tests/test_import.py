"""`import gnlc` stays cheap: no heavy module, no data, until a query."""

from __future__ import annotations

import subprocess
import sys
import threading

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
    # The first query loads the snapshot with json, but never cattrs, pycountry,
    # pandas, importlib.metadata or hashlib (the bundled file is checked by CRC-32).
    assert out.splitlines() == ["", "", "True", "json"]


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
