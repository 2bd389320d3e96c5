"""Developer tasks. `nox` alone runs the CI set: tests, lint, typecheck."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
CONSTRAINTS = ("-c", "constraints.txt")  # pins pycountry, so the snapshot build is reproducible


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (and every doctest) on this Python."""
    session.install("-e", ".[test]", *CONSTRAINTS)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHONS)
def tests_matrix(session: nox.Session) -> None:
    """Run the test suite on every supported Python (pyenv provides them)."""
    session.install(".[test]", *CONSTRAINTS)
    session.run("pytest", "-q", "-p", "no:cacheprovider", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: style and common bugs."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", "src", "tests", "tools", "noxfile.py")
    session.run("ruff", "format", "--check", "src/gnlc")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("mypy>=1.10", "-e", ".", *CONSTRAINTS)
    session.run("mypy", "--strict", "src/gnlc")


@nox.session
def build_data(session: nox.Session) -> None:
    """Compile data/ into src/gnlc/data/snapshot.json (pass --check to only compare)."""
    session.install("attrs", "pycountry", *CONSTRAINTS)
    session.run("python", "tools/build_snapshot.py", *session.posargs)
