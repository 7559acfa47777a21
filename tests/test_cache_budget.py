"""The writer's caches stay within their byte budget (eventpipe.cache_budget), and a tiny
budget writes exactly what the default one writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dbsnapshot import snapshot
from eventpipe import cache_budget, merge_cache, merge_probe, syndication_index
from eventpipe.cache_budget import CacheBudgetError, cache_bytes
from eventpipe.merge_members import ROW_BYTES, MemberCache
from eventpipe.syndication_index import HEAD_OVERHEAD, forget_heads, heads_bytes, remember_head
from test_merge_cache import _changes, _load, nights  # noqa: F401 - the fixture

__all__ = ["nights"]


def test_budget_is_shared_out_in_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTPIPE_CACHE_MB", raising=False)
    assert cache_budget.budget_mb() == cache_budget.DEFAULT_CACHE_MB
    monkeypatch.setenv("EVENTPIPE_CACHE_MB", "10")
    assert cache_bytes("members") == int(10 * cache_budget.SHARES["members"] * 2**20)
    assert MemberCache().max_rows == cache_bytes("members") // ROW_BYTES
    assert merge_probe.max_kinds() == cache_bytes("probes") // merge_probe.KIND_BYTES
    for bad in ("lots", "-1", "nan"):
        monkeypatch.setenv("EVENTPIPE_CACHE_MB", bad)
        with pytest.raises(CacheBudgetError):
            cache_budget.budget_mb()


def test_heads_stay_within_their_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTPIPE_CACHE_MB", "0.05")  # ~18 KB of heads
    limit = cache_bytes("heads")
    forget_heads()
    try:
        for i in range(40):
            remember_head(f"a{i}", np.arange(i * 1000, i * 1000 + 100, dtype=np.uint64))  # 800 B
            assert heads_bytes() <= limit
        held = list(syndication_index._HEADS)
        assert held == [f"a{i}" for i in range(40 - len(held), 40)]  # the latest ones
        assert heads_bytes() == sum(a.nbytes + HEAD_OVERHEAD
                                    for a in syndication_index._HEADS.values())
        # held again: counted once, now the latest
        remember_head(held[0], np.arange(3, dtype=np.uint64))
        assert list(syndication_index._HEADS)[-1] == held[0]
        assert heads_bytes() == sum(a.nbytes + HEAD_OVERHEAD
                                    for a in syndication_index._HEADS.values())
    finally:
        forget_heads()


def test_a_tiny_budget_writes_what_the_default_writes(tmp_path: Path, nights: list[Any],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    default, tiny = tmp_path / "default.duckdb", tmp_path / "tiny.duckdb"
    monkeypatch.delenv("EVENTPIPE_CACHE_MB", raising=False)
    merge_cache.cache().reset()
    _load(default, nights, fresh=False)
    monkeypatch.setenv("EVENTPIPE_CACHE_MB", "0.02")
    merge_probe._KINDS.clear()
    merge_cache.cache().reset()  # its member cache takes the tiny bound
    _load(tiny, nights, fresh=False)
    assert merge_cache.cache().members.rows <= merge_cache.cache().members.max_rows
    assert len(merge_probe._KINDS) <= max(1, merge_probe.max_kinds())
    assert heads_bytes() <= max(cache_bytes("heads"), 0)
    assert snapshot(tiny) == snapshot(default)
    assert _changes(tiny) == _changes(default)
    monkeypatch.delenv("EVENTPIPE_CACHE_MB")
    merge_cache.cache().reset()  # later tests get the default bound again


def test_a_bad_budget_fails_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventpipe.settings import Settings, SettingsError

    monkeypatch.setenv("EVENTPIPE_CACHE_MB", "a lot")
    with pytest.raises(SettingsError, match="EVENTPIPE_CACHE_MB"):
        Settings.from_env()
