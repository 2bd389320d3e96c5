"""The shared rules: one declaration each, used alike by the build and the runtime."""

from __future__ import annotations

import typing

import pytest

import gnlc
from gnlc import _rules


def test_states_come_from_the_literal_and_each_has_a_meaning() -> None:
    assert _rules.STATES == typing.get_args(_rules.State) == gnlc.STATES
    assert tuple(_rules.STATE_MEANINGS) == _rules.STATES
    assert typing.get_type_hints(gnlc.Status)["state"] == _rules.State


def test_who_counts() -> None:
    assert [s for s in gnlc.STATES if _rules.is_member(s)] == list(_rules.MEMBER_STATES)
    assert [s for s in gnlc.STATES if _rules.is_admitted(s)] == list(_rules.ADMITTED_STATES)
    assert not _rules.is_member("left") and _rules.is_admitted("left")
    assert not _rules.is_admitted("withdrawn")
    assert set(_rules.SOURCED_STATES) < set(gnlc.STATES)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("https://uil.unesco.org/x", True),
        ("http://a.b", True),
        ("ftp://a.b/x", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("https://[::1", False),
        ("uil.unesco.org/x", False),
        (None, False),
    ],
)
def test_the_source_url_rule(text: object, ok: bool) -> None:
    assert _rules.is_source_url(text) is ok


def test_every_city_id_follows_the_rule() -> None:
    assert all(_rules.is_city_id(c.id) for c in gnlc.cities(status="any"))
    assert not _rules.is_city_id("VN-cao-lanh") and not _rules.is_city_id("vn")


def test_the_founding_cohort_is_a_cohort() -> None:
    founding = gnlc.cohort(_rules.FOUNDING_COHORT)
    assert (founding.start, founding.end) == (_rules.FOUNDING_START, _rules.FOUNDING_END)
    assert _rules.UNKNOWN_COHORT not in {k.id for k in gnlc.cohorts()}
