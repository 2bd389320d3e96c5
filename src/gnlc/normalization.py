"""The one name normaliser, shared by the data build and the runtime indexes.

Every key that the build writes into the snapshot and every query that the
runtime looks up goes through :func:`normalize`, so the two can never drift.

>>> normalize("Cao Lãnh")
'cao lanh'
>>> normalize("  'S-Hertogenbosch ")
's hertogenbosch'
>>> normalize("Derry City & Strabane")
'derry city and strabane'
>>> slug("Seo-gu (Gwangju)")
'seo-gu-gwangju'
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalize", "slug"]

# Letters that NFKD leaves whole although readers treat them as a base letter
# plus a mark; without this "Sønderborg" would not match "Sonderborg".
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "&": " and ",
    }
)


class _Words(dict):  # type: ignore[type-arg]
    """The translation table of a decomposed text: a combining mark goes, any
    punctuation, symbol, separator or control becomes a space (it splits
    words), anything else stays. Filled from ``unicodedata.category`` on first
    sight of a character, so ``str.translate`` does the per-character work."""

    __slots__ = ()

    LIMIT = 50_000  # distinct characters remembered; hostile text cannot grow it further

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        cat = unicodedata.category(ch)[0]
        found = "" if cat == "M" else " " if cat in "PSZC" else ch
        if len(self) < self.LIMIT:
            self[code] = found
        return found


_WORDS = _Words()

# ASCII text needs no decomposition: letters are lowered, digits stay, and
# everything else (punctuation, symbols, spaces, controls) splits words.
_ASCII = {
    i: (" and " if chr(i) == "&" else chr(i).lower() if chr(i).isalnum() else " ")
    for i in range(128)
}


def _once(text: str) -> str:
    if text.isascii():
        return " ".join(text.translate(_ASCII).split())
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return " ".join(text.translate(_WORDS).casefold().split())


def normalize(text: str) -> str:
    """Return the lookup key of *text*.

    NFKD-decompose, drop accents and other combining marks, casefold, turn
    punctuation and symbols into spaces, and collapse whitespace. The result
    is idempotent: ``normalize(normalize(s)) == normalize(s)``.

    >>> normalize("LIÈGE")
    'liege'
    >>> normalize("N’Zérékoré") == normalize("N'Zerekore")
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}")
    result = _once(text)
    # A few compatibility characters need a second pass (for example a
    # casefold that yields a decomposable letter); stop at the fixed point.
    for _ in range(3):
        again = _once(result)
        if again == result:
            break
        result = again
    return result


def slug(text: str) -> str:
    """Return the ASCII slug of *text* used in city ids.

    >>> slug("Jabotão dos Guararapes")
    'jabotao-dos-guararapes'
    >>> slug("서울")
    ''
    """
    words = normalize(text).split()
    parts = ["".join(c for c in w if c.isascii() and c.isalnum()) for w in words]
    return "-".join(p for p in parts if p)
