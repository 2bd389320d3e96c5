"""gnlc's docstrings as Markdown for the API reference (mkdocstrings).

The docstrings are written for Python's ``help()`` and Sphinx-style readers
(``:func:`city``` roles, ``>>>`` examples); :func:`docstring_to_markdown`
turns them into Markdown, and :class:`DocstringMarkdown`, a griffe extension
that ``mkdocs.yml`` loads by path, applies it to every object and gives each
record field the meaning that :data:`gnlc.fields.MEANINGS` declares.
"""

from __future__ import annotations

import contextlib
import re
import textwrap
from typing import Any, Callable, Dict, List, Optional

from gnlc.fields import MEANINGS as _BY_CLASS

__all__ = ["docstring_to_markdown"]

# The meanings by class name, as griffe names the record classes.
MEANINGS: Dict[str, Any] = {cls.__name__: fields for cls, fields in _BY_CLASS.items()}

_ROLE = re.compile(
    r":(?:py:)?(func|meth|class|exc|attr|data|const|mod|obj):`(~?)([^`<]+?)\s*(?:<([^>`]+)>)?`"
)


def docstring_to_markdown(text: str, resolve: Callable[[str], Optional[str]]) -> str:
    """Turn a Sphinx-flavoured docstring into Markdown for mkdocstrings.

    Roles become cross-references where *resolve* finds the target (else
    code), ``>>>`` examples become ``pycon`` blocks (without their doctest
    directives), and ``::`` literal blocks become fenced blocks.

    >>> print(docstring_to_markdown(
    ...     "See :func:`~gnlc.city`.\\n\\n>>> 1 + 1  # doctest: +SKIP\\n2\\n",
    ...     lambda t: t))
    See [`city()`][gnlc.city].
    <BLANKLINE>
    ```pycon
    >>> 1 + 1
    2
    ```
    """

    def role(m: re.Match[str]) -> str:
        kind, tilde, title, target = m.group(1), m.group(2), m.group(3).strip(), m.group(4)
        target = (target or title).strip().lstrip("~")
        if not m.group(4) and tilde:
            title = title.lstrip("~").rsplit(".", 1)[-1]
        if kind in ("func", "meth") and not title.endswith(")"):
            title += "()"
        found = resolve(target)
        return f"[`{title}`][{found}]" if found else f"`{title}`"

    lines = text.splitlines()
    out: List[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith(">>>"):
            out.append(f"{indent}```pycon")
            while i < len(lines) and lines[i].strip():
                out.append(re.sub(r"\s*# doctest:.*$", "", lines[i]))
                i += 1
            out.append(f"{indent}```")
            continue
        if stripped.endswith("::") and i + 1 < len(lines) and not lines[i + 1].strip():
            block_at = i + 2
            body: List[str] = []
            while block_at < len(lines) and (
                not lines[block_at].strip() or lines[block_at].startswith(indent + " ")
            ):
                body.append(lines[block_at])
                block_at += 1
            while body and not body[-1].strip():
                body.pop()
            if body:
                head = stripped[:-1] if not stripped.endswith(" ::") else stripped[:-3]
                out += [_ROLE.sub(role, indent + head), "", f"{indent}```text"]
                out += [
                    indent + b[len(indent) :] for b in textwrap.dedent("\n".join(body)).splitlines()
                ]
                out += [f"{indent}```", ""]
                i = block_at
                continue
        out.append(_ROLE.sub(role, line))
        i += 1
    return "\n".join(out)


try:  # griffe is there when mkdocstrings is: at docs build time only
    import griffe
except ImportError:  # pragma: no cover - the test suite runs without it
    griffe = None

if griffe is not None:

    class DocstringMarkdown(griffe.Extension):  # type: ignore[misc, name-defined]
        """Render gnlc's Sphinx-style docstrings as Markdown (see docstring_to_markdown)."""

        def on_package(self, *, pkg: Any, **kwargs: Any) -> None:
            public: Dict[str, str] = {}
            for name, member in pkg.members.items():
                if member.is_alias and not name.startswith("_"):
                    with contextlib.suppress(Exception):
                        public[member.target_path] = f"{pkg.path}.{name}"

            def exists(path: str) -> bool:
                try:
                    pkg.modules_collection[path]
                except Exception:
                    return False
                return True

            def convert(obj: Any) -> None:
                def resolve(target: str) -> Optional[str]:
                    head, _, rest = target.partition(".")
                    if head == pkg.path:
                        full = target
                    else:
                        try:
                            full = obj.resolve(head) + (f".{rest}" if rest else "")
                        except Exception:
                            return None
                    if not full.startswith(pkg.path + ".") or not exists(full):
                        return None
                    parts = full.split(".")
                    if any(p.startswith("_") for p in parts[1:]):
                        return None  # private: not in the reference
                    for n in range(len(parts), 1, -1):
                        prefix = ".".join(parts[:n])
                        if prefix in public:
                            return ".".join([public[prefix], *parts[n:]])
                    return full

                if obj.docstring is not None:
                    obj.docstring.value = docstring_to_markdown(obj.docstring.value, resolve)
                elif obj.is_attribute and obj.parent is not None:
                    meaning = MEANINGS.get(obj.parent.name, {}).get(obj.name)
                    if meaning and obj.parent.path == f"{pkg.path}.model.{obj.parent.name}":
                        obj.docstring = griffe.Docstring(meaning, parent=obj)
                for member in obj.members.values():
                    if not member.is_alias:
                        convert(member)

            convert(pkg)
