"""The public API on articles written for these tests, and properties on arbitrary text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventpipe.coder import CODER_VERSION, Article, code_article

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "event_fields.yaml"



def _code(res, text, published=date(2024, 5, 8), source="Test Wire"):
    return code_article(Article("t1", text, published, source), res)


def test_keys_are_the_schema_fields(res):
    fields = [f["name"] for f in yaml.safe_load(SCHEMA.read_text())["fields"]]
    recs = _code(res, "Gunmen killed three civilians in Mogadishu on Monday.")
    assert recs and all(list(r) == fields for r in recs)
    assert recs[0]["coder_version"] == CODER_VERSION
    assert recs[0]["source"] == "Test Wire"


def test_violence_against_civilians_roles_and_counts(res):
    rec, = _code(res, "Gunmen killed three civilians in Mogadishu on Monday.")
    assert rec["event_type"] == "Violence against civilians"
    assert rec["inter2"] == 7 and rec["interaction"] == 10 * rec["inter1"] + 7
    assert rec["killed_best"] == 3 and rec["fatalities"] == 3
    assert rec["event_date"] == date(2024, 5, 6)
    assert rec["iso3"] == "SOM"


def test_wounded_only_keeps_killed_null(res):
    rec, = _code(res, "A roadside bomb wounded two soldiers near Kismayo on Sunday.")
    assert rec["event_type"] == "Explosions/Remote violence"
    assert rec["killed_best"] is None and rec["fatalities"] == 0 and rec["wounded_best"] == 2


def test_same_event_mentioned_twice_is_merged(res):
    text = ("Four policemen were killed in an ambush near Kandahar on Tuesday, officials said. "
            "The four policemen were on patrol when the attack began.")
    recs = [r for r in _code(res, text) if r["event_type"]]
    assert len(recs) == 1 and recs[0]["killed_best"] == 4


def test_unverified_and_claimant(res):
    text = ("Rebels shelled an army post near Goma, killing two soldiers, according to the "
            "army spokesman. The claim could not be independently verified.")
    rec = next(r for r in _code(res, text) if r["event_type"])
    assert rec["verified"] is False
    # ACLED-style claimant: the army's spokesman speaks for the country's military forces
    assert rec["claimant"] == "Military Forces of Democratic Republic of Congo"


def test_evidence_offsets(res):
    text = "Protesters marched in Nairobi on Friday against new taxes. Police watched."
    for rec in _code(res, text):
        assert text[rec["char_start"]:rec["char_end"]] == rec["evidence_text"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_never_raises_and_keeps_invariants(res, text):
    for rec in code_article(Article("h", text, date(2020, 1, 1)), res):
        assert text[rec["char_start"]:rec["char_end"]] == rec["evidence_text"]
        for kind in ("killed", "wounded"):
            lo, best, hi = (rec[f"{kind}_{k}"] for k in ("low", "best", "high"))
            for v in (lo, best, hi):
                assert v is None or v >= 0
            if lo is not None and best is not None:
                assert lo <= best
            if hi is not None and best is not None:
                assert best <= hi
        assert rec["fatalities"] >= 0


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Four", "soldiers", "were", "killed", "at least", "12", "in",
                                 "Mogadishu", "on Tuesday", "and", "another", "wounded",
                                 "dozens", "shelling", ".", "near", "Sotk", "to", "15"]),
                max_size=30))
def test_event_like_text_never_raises(res, words):
    text = " ".join(words)
    for rec in code_article(Article("h", text, None), res):
        assert text[rec["char_start"]:rec["char_end"]] == rec["evidence_text"]
        assert rec["fatalities"] >= 0
