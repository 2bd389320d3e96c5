"""gnlc.match: reconciling a user's list of names, in Python, pandas and at the shell."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import gnlc
from gnlc import _lookup
from gnlc.reconcile import DEFAULT_THRESHOLD, KINDS
from tests.test_cli import rows, run


def test_one_result_per_name_in_order() -> None:
    names = ["Liège", "Atlantis", "Cork", "Cork", "Hamburgh"]
    found = gnlc.match(names)
    assert isinstance(found, gnlc.results.Matches) and len(found) == len(names)
    assert [m.query for m in found] == names
    assert [m.city and m.city.id for m in found] == [
        "be-liege",
        None,
        "ie-cork",
        "ie-cork",
        "de-hamburg",
    ]
    assert found.summary() == {"matched": 4, "ambiguous": 0, "unmatched": 1}


@pytest.mark.parametrize(
    ("name", "kind", "city_id"),
    [
        ("vn-cao-lanh", "id", "vn-cao-lanh"),
        ("CAO LANH", "name", "vn-cao-lanh"),
        ("Pékin", "alias", "cn-beijing"),
        ("北京", "other-language name", "cn-beijing"),
        ("City of Cork", "name", "ie-cork"),
        ("Gelsenkirchn", "fuzzy", "de-gelsenkirchen"),
        ("Gelsenkrichen", "fuzzy", "de-gelsenkirchen"),
    ],
)
def test_kinds(name: str, kind: str, city_id: str) -> None:
    (m,) = gnlc.match([name])
    assert (m.kind, m.city.id if m.city else None) == (kind, city_id)
    assert m.outcome == "matched" and 0 < m.score <= 1
    assert (m.score == 1.0) == (kind != "fuzzy")
    assert kind in KINDS


def test_kinds_come_from_the_key_origins() -> None:
    origins = [o for o, _ in _lookup.KEY_ORIGINS]
    assert ("id", *dict.fromkeys(origins), _lookup.OTHER_ORIGIN, "fuzzy") == KINDS
    index = _lookup.key_index()
    assert set(index) == set(gnlc._store.get().city_keys)
    for hits in index.values():
        # Every key of the data today comes from a name, an alias or a shortened name.
        assert all(origin in origins for _, origin, _ in hits)
    # the shortened form of "Seo-gu (Busan)" and of "Seo-gu (Gwangju)"
    assert [hit[1:] for hit in index["seo gu"]] == [
        ("name", "Seo-gu (Busan)"),
        ("name", "Seo-gu (Gwangju)"),
    ]


def test_a_new_key_origin_shows_up_as_a_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    # Another source of keys (GeoNames' alternate names, say) is one row of KEY_ORIGINS.
    extra = (("alternate name", lambda c: ["Leeside"] if c.id == "ie-cork" else []),)
    monkeypatch.setattr(_lookup, "KEY_ORIGINS", _lookup.KEY_ORIGINS + extra)
    store = gnlc._store.get()
    monkeypatch.setitem(store.city_keys, "leeside", (gnlc.city("Cork"),))
    monkeypatch.setattr(_lookup._indexes.current, "keys", None)  # rebuilt with the new row
    try:
        (m,) = gnlc.match(["Leeside"])
        assert (m.city.id, m.kind, m.matched) == ("ie-cork", "alternate name", "Leeside")
    finally:
        monkeypatch.undo()
        _lookup._indexes.current.keys = None


def test_countries_narrow() -> None:
    found = gnlc.match(["Cork", "Cork", "Cork"], countries=["Ireland", "FR", None])
    assert [m.outcome for m in found] == ["matched", "unmatched", "matched"]
    with pytest.raises(gnlc.NotFoundError):
        gnlc.match(["Cork"], countries=["Atlantis"])
    with pytest.raises(ValueError, match="2 names but 1 countries"):
        gnlc.match(["Cork", "Bonn"], countries=["IE"])


def test_fuzzy_ties_are_ambiguous(monkeypatch: pytest.MonkeyPatch) -> None:
    # No two members share a key today; a typo one edit from two of them ties.
    names = {c.id: gnlc._lookup.normalize(c.name) for c in gnlc.cities()}
    pairs = [(a, b) for a in names for b in names if a < b and len(names[a]) == len(names[b])]
    for a, b in pairs:
        x, y = names[a], names[b]
        diff = [i for i in range(len(x)) if x[i] != y[i]]
        if len(diff) == 2 and len(x) > 6:
            probe = x[: diff[0]] + y[diff[0]] + x[diff[0] + 1 :]  # one edit from each
            (m,) = gnlc.match([probe])
            if m.outcome == "ambiguous":
                assert {c.id for c in m.candidates} >= {a, b} and m.city is None
                return
    pytest.skip("no two member names two letters apart")


@pytest.mark.parametrize("missing", [None, float("nan"), "", "   "])
def test_missing_names_are_unmatched(missing: Any) -> None:
    (m,) = gnlc.match([missing])
    assert m.outcome == "unmatched" and m.city is None and m.score == 0.0


@pytest.mark.parametrize("bad", [42, b"Cork", ["Cork"], object()])
def test_non_text_names_raise(bad: Any) -> None:
    with pytest.raises(TypeError, match=r"names\[0\]"):
        gnlc.match([bad])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"names": "Cork"}, TypeError),
        ({"names": ["Cork"], "threshold": "high"}, TypeError),
        ({"names": ["Cork"], "threshold": 0}, ValueError),
        ({"names": ["Cork"], "threshold": 1.5}, ValueError),
        ({"names": ["Cork"], "countries": "IE"}, TypeError),
    ],
)
def test_bad_arguments(kwargs: Any, error: type) -> None:
    names = kwargs.pop("names")
    with pytest.raises(error):
        gnlc.match(names, **kwargs)


def test_threshold_trades_recall_for_precision() -> None:
    assert gnlc.match(["Crok"])[0].outcome == "unmatched"  # 0.75 < the default
    assert gnlc.match(["Crok"], threshold=0.7)[0].city.id == "ie-cork"
    assert DEFAULT_THRESHOLD >= 0.8


def test_long_and_hostile_names_do_not_hang() -> None:
    found = gnlc.match(["x" * 100_000, "\x00\u202e", "Cork" * 70])
    assert [m.outcome for m in found] == ["unmatched"] * 3


def test_matches_table() -> None:
    pd = pytest.importorskip("pandas")
    frame = gnlc.match(["Cork", "Atlantis"]).to_pandas()
    assert list(frame.columns) == list(gnlc.fields.MATCHES.names)
    assert frame["score"].dtype == "float64"
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype)
    assert frame["id"].tolist()[0] == "ie-cork" and frame["id"].isna().tolist()[1]


def test_add_matches() -> None:
    pd = pytest.importorskip("pandas")
    from gnlc.frame import add_matches

    df = pd.DataFrame({"town": ["Cork", None, "Liege"], "land": ["IE", "IE", "XK"]})
    with pytest.raises(gnlc.NotFoundError):
        add_matches(df, "town", country_column="land")
    df["land"] = ["IE", "IE", "Belgium"]
    out = add_matches(df, "town", country_column="land")
    assert list(out.columns[:2]) == ["town", "land"]
    assert out["gnlc_id"].tolist()[::2] == ["ie-cork", "be-liege"]
    assert out["gnlc_outcome"].tolist() == ["matched", "unmatched", "matched"]
    assert math.isclose(out["gnlc_score"].sum(), 2.0)
    with pytest.raises(ValueError, match="its columns are 'town', 'land'"):
        add_matches(df, "city")


def test_cli_match(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("id,city,country\n1,Cork,IE\n2,Hamburgh,\n3,Atlantis,\n", encoding="utf-8")
    done = run("match", str(path), "--column", "city", "--country-column", "country")
    assert done.returncode == 0, done.stderr
    got = rows(done)
    assert [r["gnlc_id"] for r in got] == ["ie-cork", "de-hamburg", ""]
    assert [r["gnlc_kind"] for r in got] == ["name", "fuzzy", ""]
    assert list(got[0])[:3] == ["id", "city", "country"]
    assert done.stderr.decode() == ""  # piped; on a terminal, the summary (test_cli_conventions)


def test_cli_match_without_the_column(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("id,town\n1,Cork\n", encoding="utf-8")
    done = run("match", str(path), "--column", "city")
    assert done.returncode == 2
    assert b"no column 'city'; its columns are 'id', 'town'" in done.stderr
    assert b"Traceback" not in done.stderr
    missing = run("match", str(tmp_path / "nope.csv"), "--column", "city")
    assert missing.returncode == 2 and b"Traceback" not in missing.stderr  # an I/O error
