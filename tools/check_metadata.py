"""Check a built wheel's METADATA: what a user sees on the package's PyPI page.

``python -m tools.check_metadata dist/gnlc-*.whl`` (the ``build`` session runs
it) fails unless the METADATA carries every Project-URL, the classifiers for
the topic, the operating system, typing and each supported Python, the
keywords, and a README description without a relative link (which would break
on PyPI). :func:`problems` is what tests/test_metadata.py checks too.
"""

from __future__ import annotations

import email.parser
import re
import sys
import zipfile
from typing import List

URL_LABELS = ("Homepage", "Documentation", "Source", "Changelog", "Issues")
PYTHONS = ("3.9", "3.10", "3.11", "3.12", "3.13")
CLASSIFIERS = (
    "Operating System :: OS Independent",
    "Topic :: Education",
    "Topic :: Scientific/Engineering :: GIS",
    "Typing :: Typed",
    *(f"Programming Language :: Python :: {v}" for v in PYTHONS),
)
# A Markdown link or image whose target has no scheme and is not an anchor.
_RELATIVE = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)")


def relative_links(markdown: str) -> List[str]:
    """The relative link targets in *markdown* (``[docs](docs/index.md)``)."""
    return _RELATIVE.findall(markdown)


def problems(metadata: str) -> List[str]:
    """What the core metadata text *metadata* lacks, in words (empty: nothing)."""
    msg = email.parser.Parser().parsestr(metadata)
    out = []
    urls = dict(
        (part.strip() for part in value.split(",", 1)) for value in msg.get_all("Project-URL", [])
    )
    for label in URL_LABELS:
        if not urls.get(label, "").startswith("https://"):
            out.append(f"no Project-URL {label}")
    classifiers = set(msg.get_all("Classifier", []))
    out += [f"no classifier {c!r}" for c in CLASSIFIERS if c not in classifiers]
    if len((msg.get("Keywords") or "").split(",")) < 3:
        out.append("fewer than three keywords")
    if msg.get("Description-Content-Type", "").split(";")[0] != "text/markdown":
        out.append("the description is not Markdown")
    body = msg.get_payload()
    description = body if isinstance(body, str) else ""
    if "pip install gnlc" not in description:
        out.append("the description does not show `pip install gnlc`")
    out += [f"relative link in the description: {t}" for t in relative_links(description)]
    return out


def wheel_metadata(path: str) -> str:
    with zipfile.ZipFile(path) as zf:
        [name] = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return zf.read(name).decode("utf-8")


def main(argv: List[str]) -> int:
    found = problems(wheel_metadata(argv[0]))
    for p in found:
        print(f"{argv[0]}: {p}", file=sys.stderr)
    if not found:
        print(f"{argv[0]}: METADATA has every Project-URL, classifier and keyword")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
