"""The validation gate end to end through the store: coded rows that break each expectation of
the generated suite are written to the ``quarantine`` table with the name of the failed
expectation, in the same transaction that loads the valid rows (tests/test_validate.py checks
the gate alone)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventpipe import store
from test_store import article, run_data
from test_validate import ARTICLE_ID, BROKEN, make_other_row, make_row

EXTRA = [  # beyond test_validate.BROKEN: values a hostile article could make the coder emit
    ({"killed_low": 10**20, "killed_best": 10**20, "killed_high": 10**20, "fatalities": 10**20},
     "expect_column_values_to_be_of_type(killed_best)"),
    ({"wounded_best": -3}, "expect_column_values_to_be_between(wounded_best)"),
    ({"char_end": 10_000}, "expect_column_values_to_be_in_set(check_evidence_slices_text)"),
    ({"evidence_text": "<script>alert(1)</script>"},
     "expect_column_values_to_be_in_set(check_evidence_slices_text)"),
]
CASES = BROKEN + EXTRA


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("gate") / "events.duckdb"
    rows = [make_other_row()]
    rows += [make_row(coder_version=f"broken-{i}", **o) for i, (o, _) in enumerate(CASES)]
    data = run_data("r1", rows, [article()])
    with store.open_store(db) as con:
        first = store.load_run(con, data)
        second = store.load_run(con, run_data("r2", rows, [article()]))
    return {"db": db, "first": first, "second": second}


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("case", range(len(CASES)), ids=[e for _, e in CASES])
def test_broken_row_lands_in_quarantine_with_the_expectation(loaded: dict[str, Any],
                                                             case: int) -> None:
    quarantined = {json.loads(rec)["coder_version"]: failed for rec, failed in _rows(
        loaded["db"], "SELECT record, failed_expectations FROM quarantine")}
    failed = quarantined[f"broken-{case}"]
    assert CASES[case][1] in failed.split("; ")


def test_valid_rows_load_and_broken_rows_do_not(loaded: dict[str, Any]) -> None:
    db = loaded["db"]
    assert _rows(db, "SELECT modality, article_id FROM event_mentions") == [
        ("denied", ARTICLE_ID)]
    assert _rows(db, "SELECT count(*) FROM events") == [(1,)]
    assert _rows(db, "SELECT count(*) FROM quarantine") == [(len(CASES),)]
    assert _rows(db, "SELECT count(*) FROM event_mentions WHERE coder_version LIKE 'broken-%'"
                 ) == [(0,)]
    assert loaded["first"].quarantine_inserted == len(CASES)
    assert loaded["second"].quarantine_inserted == 0 and loaded["second"].mentions_inserted == 0
