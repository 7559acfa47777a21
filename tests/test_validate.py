"""The GX gate: each broken rule sends its row to quarantine under the expectation's name."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd
import pytest

from eventpipe import ids
from eventpipe.schema import get_schema
from eventpipe.validate import validate_mentions

ARTICLE_ID = "art-1"
TEXT = (
    "YEREVAN, May 4 (Wire) - Two soldiers were killed and five wounded when artillery shelled "
    "positions near Sotk on Tuesday, the defence ministry said. Officials in Baku denied it."
)
SENTENCE = TEXT[: TEXT.index(" Officials")]
PUBLISHED = dt.date(2024, 5, 4)
TEXTS = {ARTICLE_ID: TEXT}


def make_row(**overrides: Any) -> dict[str, Any]:
    """A valid coded row (every event field); ``overrides`` replace fields."""
    row: dict[str, Any] = {name: None for name in get_schema().event_field_names()}
    row.update(
        event_date=dt.date(2024, 4, 30),
        time_precision=1,
        disorder_type="Political violence",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Azerbaijan",
        inter1=8,
        actor1_code="AZEMIL",
        actor1_inferred=False,
        actor2="Military Forces of Armenia",
        inter2=1,
        actor2_code="ARMMIL",
        interaction=18,
        iso3="ARM",
        country="Armenia",
        admin1="Gegharkunik",
        admin1_code="AM-GR",
        location="Sotk",
        latitude=40.2,
        longitude=45.9,
        geo_precision=1,
        cameo_code="195",
        quad_class=4,
        goldstein=-10.0,
        killed_low=2,
        killed_best=2,
        killed_high=2,
        wounded_low=5,
        wounded_best=5,
        wounded_high=5,
        fatalities=2,
        claimant="Ministry of Defence of Armenia",
        source="Wire",
        modality="asserted",
        verified=None,
        notes=SENTENCE,
        article_id=ARTICLE_ID,
        sentence_index=0,
        char_start=0,
        char_end=len(SENTENCE),
        evidence_text=SENTENCE,
        coder_version="test-1",
        confidence=0.8,
    )
    row.update(overrides)
    return row


SECOND = TEXT[TEXT.index("Officials") :]


def make_other_row(**overrides: Any) -> dict[str, Any]:
    """A second valid row, coded from the article's second sentence (a denial)."""
    start = TEXT.index(SECOND)
    base = dict(
        modality="denied", claimant="Ministry of Defence of Azerbaijan", char_start=start,
        char_end=start + len(SECOND), evidence_text=SECOND, sentence_index=1, notes=SECOND,
    )
    base.update(overrides)
    return make_row(**base)


def run(rows: list[dict[str, Any]], **kwargs: Any):
    return validate_mentions(
        pd.DataFrame(rows), TEXTS, published={ARTICLE_ID: PUBLISHED}, **kwargs
    )


def test_valid_row_passes_and_gets_an_id() -> None:
    res = run([make_row()])
    assert len(res.valid) == 1 and res.quarantine.empty
    mid = res.valid.loc[0, "mention_id"]
    assert isinstance(mid, str) and len(mid) == ids.ID_LENGTH
    assert list(res.valid.columns) == list(get_schema().table("event_mentions").names)
    # deterministic: the same row gets the same id again
    assert run([make_row()]).valid.loc[0, "mention_id"] == mid


PAIR = "expect_column_pair_values_a_to_be_greater_than_b"
BROKEN = [
    ({"event_type": "Skirmish"}, "expect_column_values_to_be_in_set(event_type)"),
    ({"modality": "rumoured"}, "expect_column_values_to_be_in_set(modality)"),
    ({"killed_low": -1}, "expect_column_values_to_be_between(killed_low)"),
    ({"iso3": "Arm"}, "expect_column_values_to_match_regex(iso3)"),
    ({"iso3": "ARME"}, "expect_column_values_to_match_regex(iso3)"),
    ({"latitude": 200.0}, "expect_column_values_to_be_between(latitude)"),
    ({"longitude": -181.0}, "expect_column_values_to_be_between(longitude)"),
    ({"confidence": 1.5}, "expect_column_values_to_be_between(confidence)"),
    ({"cameo_code": "19a"}, "expect_column_values_to_match_regex(cameo_code)"),
    ({"killed_best": 9}, f"{PAIR}(killed_high,killed_best)"),
    ({"killed_best": 1}, f"{PAIR}(killed_best,killed_low)"),
    ({"wounded_low": 7, "wounded_best": 6, "wounded_high": None},
     "expect_column_pair_values_a_to_be_greater_than_b(wounded_best,wounded_low)"),
    ({"char_start": 5}, "expect_column_values_to_be_in_set(check_evidence_slices_text)"),
    ({"article_id": "unknown-article"},
     "expect_column_values_to_be_in_set(check_evidence_slices_text)"),
    ({"char_end": 0, "char_start": 0, "evidence_text": ""},
     "expect_column_pair_values_a_to_be_greater_than_b(char_end,char_start)"),
    ({"fatalities": None}, "expect_column_values_to_not_be_null(fatalities)"),
    ({"modality": None}, "expect_column_values_to_not_be_null(modality)"),
    ({"event_date": dt.date(1899, 12, 31)},
     "expect_column_values_to_be_in_set(check_event_date_plausible)"),
    ({"event_date": dt.date(2024, 5, 6)},
     "expect_column_values_to_be_in_set(check_event_date_plausible)"),
    ({"sub_event_type": "Armed clash"},
     "expect_column_values_to_be_in_set(check_sub_event_type_matches_event_type)"),
    ({"inter1": 9}, "expect_column_values_to_be_between(inter1)"),
    ({"admin1_code": "Gegharkunik"}, "expect_column_values_to_match_regex(admin1_code)"),
]


@pytest.fixture(scope="module")
def broken_result():
    """One validation over a valid row and every broken row (distinct coder versions keep
    their mention ids distinct)."""
    rows = [make_other_row()]
    rows += [make_row(coder_version=f"broken-{i}", **o) for i, (o, _) in enumerate(BROKEN)]
    return run(rows)


@pytest.mark.parametrize("case", range(len(BROKEN)), ids=[e for _, e in BROKEN])
def test_broken_row_is_quarantined_with_the_failed_expectation(broken_result, case: int) -> None:
    override, expectation = BROKEN[case]
    res = broken_result
    assert len(res.valid) == 1 and res.valid.loc[0, "modality"] == "denied"
    records = [json.loads(r) for r in res.quarantine["record"]]
    [pos] = [i for i, r in enumerate(records) if r["coder_version"] == f"broken-{case}"]
    q = res.quarantine.iloc[pos]
    assert expectation in q["failed_expectations"].split("; ")
    assert records[pos]["article_id"] == override.get("article_id", ARTICLE_ID)
    assert not any(k.startswith("check_") for k in records[pos])
    assert len(q["quarantine_id"]) == ids.ID_LENGTH
    assert q["mention_id"] == records[pos]["mention_id"]


def test_every_broken_row_is_quarantined(broken_result) -> None:
    assert len(broken_result.quarantine) == len(BROKEN)
    assert broken_result.quarantine["quarantine_id"].is_unique


def test_valid_row_kept_when_others_fail_and_failures_are_listed() -> None:
    bad = make_row(event_type="Skirmish", latitude=200.0)
    res = run([make_row(), bad, make_row(char_start=1, char_end=2, evidence_text="X")])
    assert len(res.valid) == 1
    failed = set(res.quarantine["failed_expectations"].str.split("; ").explode())
    assert "expect_column_values_to_be_in_set(event_type)" in failed
    assert "expect_column_values_to_be_between(latitude)" in failed
    assert res.stats["quarantined"] == 2 and res.stats["valid"] == 1


def test_planned_event_may_lie_ahead_but_not_past_a_year() -> None:
    ok = make_row(modality="planned", event_date=dt.date(2025, 1, 1), cameo_code="0212")
    late = make_row(modality="planned", event_date=dt.date(2025, 12, 1), char_start=1,
                    char_end=len(SENTENCE), evidence_text=SENTENCE[1:])
    res = run([ok, late])
    assert len(res.valid) == 1 and res.valid.loc[0, "event_date"] == dt.date(2025, 1, 1)
    assert "check_event_date_plausible" in res.quarantine.iloc[0]["failed_expectations"]


def test_identical_duplicate_rows_collapse_into_one() -> None:
    res = run([make_row(), make_row()])
    assert len(res.valid) == 1 and res.quarantine.empty
    assert res.stats["duplicates_dropped"] == 1


def test_two_events_from_one_sentence_have_different_ids() -> None:
    other = make_row(event_type="Battles", sub_event_type="Armed clash", cameo_code="190")
    res = run([make_row(), other])
    assert len(res.valid) == 2 and res.valid["mention_id"].nunique() == 2


def test_empty_input() -> None:
    res = run([])
    assert res.valid.empty and res.quarantine.empty
    assert list(res.quarantine.columns) == list(get_schema().table("quarantine").names)


def test_values_of_the_wrong_type_are_quarantined_not_fatal() -> None:
    res = run([make_other_row(), make_row(killed_low="two", event_date="yesterday")])
    assert len(res.valid) == 1
    failed = res.quarantine.iloc[0]["failed_expectations"].split("; ")
    assert "expect_column_values_to_be_of_type(killed_low)" in failed
    assert "expect_column_values_to_be_of_type(event_date)" in failed


def test_article_over_the_event_limit_is_quarantined_whole() -> None:
    rows = [make_row(coder_version=f"v{i}") for i in range(3)]
    res = run(rows, max_events_per_article=2)
    assert res.valid.empty and len(res.quarantine) == 3
    assert set(res.quarantine["failed_expectations"]) == {
        "expect_article_events_to_be_at_most(2)"}
    assert len(run(rows, max_events_per_article=3).valid) == 3


def test_concurrent_batches_get_their_own_results() -> None:
    from concurrent.futures import ThreadPoolExecutor

    batches = [[make_row(), make_other_row(latitude=200.0)], [make_other_row()]] * 3
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(run, batches))
    assert [(len(r.valid), len(r.quarantine)) for r in results] == [(1, 1), (1, 0)] * 3
