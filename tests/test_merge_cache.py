"""The run's in-process merge state (blocking index, syndication buckets): loads that use it
write what loads without it write, and it never answers for a database someone else changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest

from dbsnapshot import snapshot
from eventpipe import merge_cache, pipeline, store
from eventpipe.syndication_index import SyndicationIndex
from test_merge_corpus import _articles


@pytest.fixture(scope="module")
def nights() -> list[tuple[list[dict[str, Any]], Any, Any]]:
    out = []
    for n in (1, 2, 3):
        articles = _articles(f"night{n}.jsonl")
        valid, quarantine = pipeline.validate_stage(pipeline.code_articles(articles),
                                                    articles, 50)
        out.append((articles, valid, quarantine))
    return out


def _load(db: Path, nights: list[Any], *, fresh: bool) -> None:
    for n, (articles, valid, quarantine) in enumerate(nights, 1):
        if fresh:
            merge_cache.cache().reset()
        with store.open_store(db) as con:
            store.load_run(con, store.RunData(run_id=f"night-{n}", articles=articles,
                                              mentions=valid, quarantine=quarantine))


def _changes(db: Path) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(con.execute("SELECT event_id, change_kind, field, old_value, new_value "
                                  "FROM event_changes").fetchall(), key=repr)
    finally:
        con.close()


def test_cached_state_writes_what_fresh_state_writes(tmp_path: Path, nights: list[Any]) -> None:
    cached, fresh = tmp_path / "cached.duckdb", tmp_path / "fresh.duckdb"
    merge_cache.cache().reset()
    _load(cached, nights, fresh=False)
    assert merge_cache.cache().blocks, "the cache was not used across the loads"
    _load(fresh, nights, fresh=True)
    assert snapshot(cached) == snapshot(fresh)
    assert _changes(cached) == _changes(fresh)


def test_cache_starts_over_when_someone_else_wrote(tmp_path: Path, nights: list[Any]) -> None:
    db = tmp_path / "events.duckdb"
    merge_cache.cache().reset()
    _load(db, nights[:1], fresh=False)
    cache = merge_cache.cache()
    assert cache.blocks and len(cache.syndication)
    with store.open_store(db) as con:
        cache.check(con)
        assert cache.blocks, "nothing changed: the cache stays"
        store.start_run(con, "someone-else")
        cache.check(con)
        assert not cache.blocks and not len(cache.syndication)


def test_failed_load_empties_the_cache(tmp_path: Path, nights: list[Any],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "events.duckdb"
    merge_cache.cache().reset()
    _load(db, nights[:1], fresh=False)

    def broken(con: Any) -> None:
        raise store.EventInvariantError("boom")

    monkeypatch.setattr(store, "check_invariants", broken)
    articles, valid, quarantine = nights[1]
    with store.open_store(db) as con, pytest.raises(store.EventInvariantError):
        store.load_run(con, store.RunData(run_id="night-2", articles=articles, mentions=valid,
                                          quarantine=quarantine))
    assert not merge_cache.cache().blocks


def test_bucket_heads_do_not_depend_on_the_order_docs_arrive() -> None:
    rng = np.random.default_rng(3)
    dates = [dt.date(2024, 6, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 9, 40)]
    docs = [(f"a{i:03d}", dates[i], f"a{i:03d}") for i in range(40)]
    keys = rng.integers(0, 12, size=(40, 4)).astype(np.uint64)  # many shared buckets

    def heads(order: list[int]) -> dict[int, str]:
        index = SyndicationIndex()
        for chunk in (order[:15], order[15:]):
            first = index._append_docs([docs[i] for i in chunk])
            index._merge_keys(keys[chunk], np.arange(first, first + len(chunk)))
        return {int(k): index.ids[int(o)] for k, o in zip(index.keys, index.owner, strict=True)}

    forward = heads(list(range(40)))
    assert forward == heads(list(reversed(range(40))))
    assert forward == heads([int(i) for i in rng.permutation(40)])
    for k, aid in forward.items():
        holders = [i for i in range(40) if k in keys[i].tolist()]
        assert aid == min((docs[i][1], docs[i][0]) for i in holders)[1]
