"""The run's member rows of stored events (eventpipe.merge_members): what it hands the merge
equals what the database holds, it stays within its bound, and a write by anyone else empties
it."""

from __future__ import annotations

import datetime as dt
import operator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventpipe import merge_cache, merge_members, store
from eventpipe.merge import frame_to_rows
from eventpipe.merge_members import (
    ANCHOR_WEIGHT,
    DATE_COLUMNS,
    SLIM_NAMES,
    MemberCache,
    MemberRow,
)
from eventpipe.merge_rules import as_date
from test_merge_cache import _load, nights  # noqa: F401 - the fixture

__all__ = ["nights"]


def _stored_members(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, Any]:
    """mention_id -> full member row, read the way loads read them before the cache."""
    df = con.execute(
        "SELECT m.*, a.published, a.syndication_group, a.source AS article_source "
        "FROM event_mentions m LEFT JOIN articles a ON a.article_id = m.article_id "
        "WHERE m.event_id IN (SELECT unnest(?))", [event_ids]).df()
    return {str(r["mention_id"]): r for r in frame_to_rows(df)}


def _check_rows(rows: list[dict[str, Any]], stored: dict[str, Any]) -> None:
    assert sorted(str(r["mention_id"]) for r in rows) == sorted(stored)
    for row in rows:
        full = stored[str(row["mention_id"])]
        if row["mention_id"] == row["event_id"]:
            assert row == full  # the anchor: every column
        else:
            assert isinstance(row, MemberRow)  # held as read, not copied into a dict
            row = dict(row)
            expected = {k: full[k] for k in SLIM_NAMES}
            for k in DATE_COLUMNS:  # held as dates: the merge reads them only as dates
                assert as_date(row[k]) == as_date(expected.pop(k))
                held = row.pop(k)
                assert held is None or type(held) is dt.date
            assert row == expected
            assert [type(row[k]) for k in row] == [type(expected[k]) for k in row]


@pytest.fixture(autouse=True)
def _hold_every_event(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's events are small: hold them all (the threshold is tested below)."""
    monkeypatch.setattr(merge_members, "HOLD_MIN_MEMBERS", 1)


def test_held_members_equal_the_stored_rows(tmp_path: Path, nights: list[Any]) -> None:
    db = tmp_path / "events.duckdb"
    merge_cache.cache().reset()
    _load(db, nights, fresh=False)  # three loads: members added and moved after each commit
    members = merge_cache.cache().members
    held = list(members.events)
    assert held and members.rows > 0, "the loads did not use the member cache"
    grown = [e for e in held if len(members.events[e]) > 1]
    assert grown, "no held event has more than one member"
    with store.open_store(db) as con:
        stored = _stored_members(con, held)
        assert sum(len(members.events[e]) for e in held) == len(stored)
        _check_rows(members.members(con, held), stored)
        # a fresh cache reads the same rows from the database
        _check_rows(MemberCache().members(con, held), stored)


def test_member_cache_stays_within_its_bound(tmp_path: Path, nights: list[Any],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "events.duckdb"
    merge_cache.cache().reset()
    _load(db, nights, fresh=False)
    with store.open_store(db) as con:
        events = [r[0] for r in con.execute(
            "SELECT event_id FROM events ORDER BY num_mentions DESC, event_id").fetchall()]
        stored = _stored_members(con, events)
        small = MemberCache(max_rows=40)
        rows = small.members(con, events)
        _check_rows(rows, stored)  # everything asked for, even beyond the bound
        assert 0 < small.rows <= 40 and len(small) < len(events)
        assert small.rows == sum(len(r) + ANCHOR_WEIGHT for r in small.events.values())
        kept = list(small.events)
        _check_rows(small.members(con, kept), _stored_members(con, kept))
        monkeypatch.setattr(merge_members, "HOLD_MIN_MEMBERS", 2)
        picky = MemberCache()
        _check_rows(picky.members(con, events), stored)
        assert picky.events and all(len(r) >= 2 for r in picky.events.values())
        assert len(picky) < len({str(m["event_id"]) for m in stored.values()})


def test_member_cache_empties_when_someone_else_wrote(tmp_path: Path,
                                                      nights: list[Any]) -> None:
    db = tmp_path / "events.duckdb"
    merge_cache.cache().reset()
    _load(db, nights[:2], fresh=False)
    cache = merge_cache.cache()
    assert len(cache.members)
    with store.open_store(db) as con:
        cache.check(con)
        assert len(cache.members), "nothing changed: the members stay"
        con.execute("UPDATE event_mentions SET claimant = 'someone else' WHERE mention_id = "
                    "(SELECT min(mention_id) FROM event_mentions)")
        store.start_run(con, "someone-else")
        cache.check(con)
        assert not len(cache.members) and cache.members.rows == 0


def test_member_row_reads_like_the_dict_it_replaces() -> None:
    values = tuple(f"v{i}" for i in range(len(SLIM_NAMES)))
    row = MemberRow(values)
    as_dict = dict(zip(SLIM_NAMES, values, strict=True))
    assert dict(row) == as_dict and {**row} == as_dict
    for key, value in as_dict.items():
        assert row[key] == value and row.get(key) == value and key in row
    assert row.get("no_such_column") is None and row.get("no_such_column", 5) == 5
    assert "no_such_column" not in row and "v0" not in row  # names, not values, as a dict
    with pytest.raises(KeyError):
        row["no_such_column"]
    assert row[0] == "v0" and row[1:3] == values[1:3]  # and by position, as a tuple
    rule = operator.itemgetter("event_type", "iso3", "event_date")
    assert rule(row) == rule(as_dict)
