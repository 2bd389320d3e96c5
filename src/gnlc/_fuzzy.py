"""Fuzzy matching of names: a trigram index, built on first use per snapshot.

Scores are the Dice coefficient of the trigrams of two normalised names.
Candidates come from an inverted index, so a query touches only the names
that share a trigram with it rather than scanning every name.

>>> index = Trigrams([("hamburg", "Hamburg", 1), ("hambantota", "Hambantota", 2)])
>>> [(name, round(score, 2)) for name, score, _ in index.best("hamburgh", 5)]
[('Hamburg', 0.82)]
"""

from __future__ import annotations

from typing import Any, Callable, Dict, FrozenSet, List, Tuple

from . import _store

__all__ = ["Trigrams", "index"]

Entry = Tuple[str, str, Any]  # (normalised key, name to show, the record)


class Trigrams:
    """An inverted trigram index over (key, display name, item) entries."""

    __slots__ = ("entries", "postings", "sizes")

    def __init__(self, entries: List[Entry]) -> None:
        self.entries = entries
        self.postings: Dict[str, List[int]] = {}
        self.sizes: List[int] = []
        for i, (key, _, _) in enumerate(entries):
            grams = _grams(key)
            self.sizes.append(len(grams))
            for g in grams:
                self.postings.setdefault(g, []).append(i)

    def scores(self, norm: str) -> Dict[int, float]:
        grams = _grams(norm)
        hits: Dict[int, int] = {}
        for g in grams:
            for i in self.postings.get(g, ()):
                hits[i] = hits.get(i, 0) + 1
        n = len(grams)
        return {i: 2.0 * h / (n + self.sizes[i]) for i, h in hits.items()}

    def best(self, norm: str, limit: int, floor: float = 0.4) -> List[Tuple[str, float, Any]]:
        """The best *limit* distinct items: (display name, score, item).

        Items scoring under *floor*, or far below the best, are left out: a
        suggestion that shares two trigrams with the query helps nobody.
        """
        seen: Dict[int, Tuple[str, float, Any]] = {}
        for i, score in self.scores(norm).items():
            if score < floor:
                continue
            key, display, item = self.entries[i]
            if key == norm:
                score = 1.0
            prev = seen.get(id(item))
            if prev is None or score > prev[1]:
                seen[id(item)] = (display, score, item)
        ranked = sorted(seen.values(), key=lambda t: (-t[1], t[0]))
        if ranked:
            cut = ranked[0][1] - 0.3
            ranked = [t for t in ranked if t[1] >= cut]
        return ranked[:limit]


def _grams(key: str) -> FrozenSet[str]:
    padded = f"  {key} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


# The indexes of the current snapshot, by name.
_indexes: _store.PerSnapshot[Dict[str, Trigrams]] = _store.PerSnapshot(dict)


def index(name: str, entries: Callable[[], List[Entry]]) -> Trigrams:
    """The index called *name* of the current snapshot, built from *entries()*
    on first use."""
    built = _indexes.current  # before the snapshot (see _store.PerSnapshot)
    found = built.get(name)
    if found is None:
        found = built[name] = Trigrams([e for e in entries() if e[0]])
    return found
