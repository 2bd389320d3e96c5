"""The package page a user sees first: the METADATA that hatchling builds
(of the installed, editable wheel here; `nox -s build` checks the real wheel
with the same function) and the README it carries."""

from __future__ import annotations

import importlib.metadata

import pytest
from conftest import ROOT

from tools import check_metadata


def test_installed_metadata_has_urls_classifiers_and_keywords() -> None:
    try:
        text = importlib.metadata.distribution("gnlc").read_text("METADATA")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("gnlc is not installed")
    assert text is not None
    assert check_metadata.problems(text) == []


def test_readme_links_are_absolute() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert check_metadata.relative_links(readme) == []
    assert check_metadata.relative_links("[a](docs/index.md) [b](https://x.org) [c](#x)") == [
        "docs/index.md"
    ]


def test_readme_shows_pip_install_and_the_checkout_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install gnlc" in readme
    assert "python3 -m pip install -q nox && python3 -m nox" in readme  # what .ci/run runs
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m pip install -q nox && python3 -m nox" in ci


def test_the_checker_finds_what_is_missing() -> None:
    found = check_metadata.problems("Metadata-Version: 2.4\nName: gnlc\n\nbody [x](y.md)\n")
    assert "no Project-URL Homepage" in found
    assert "relative link in the description: y.md" in found
