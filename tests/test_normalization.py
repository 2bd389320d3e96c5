from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from gnlc.normalization import normalize, slug


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Cao Lãnh", "cao lanh"),
        ("Liège", "LIEGE"),
        ("Sønderborg", "Sonderborg"),
        ("İzmir", "izmir"),
        ("Chișinău", "Chisinau"),
        ("Sa Đéc", "Sa Dec"),
        ("N’Zérékoré", "N'Zerekore"),
        ("Derry City & Strabane", "Derry City and Strabane"),
        ("Seodaemun-Gu", "seodaemun gu"),
        ("  Bogotá\t", "bogota"),
        ("Bakı", "baki"),
    ],
)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Niger", "Nigeria"), ("Seo-gu", "Nam-gu"), ("Guinea", "Guinea-Bissau")]
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)


def test_punctuation_only_is_empty() -> None:
    assert normalize(" -–'’. ") == ""


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_normalized_text_has_no_outer_or_double_spaces(text: str) -> None:
    key = normalize(text)
    assert key == key.strip()
    assert "  " not in key


@given(st.text())
def test_slug_is_ascii_lowercase_words(text: str) -> None:
    s = slug(text)
    assert s == "" or all(part.isalnum() and part.isascii() for part in s.split("-"))
    assert s == s.lower()


def test_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="expected a str"):
        normalize(42)  # type: ignore[arg-type]
