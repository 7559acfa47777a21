"""The run's merge blocking state, kept in the writer's process between the batches of a run.

Before each merge a load must know which stored events a new mention can meet: the events the
merge's :class:`~eventpipe.merge_rules.BlockIndex` offers (same place key, neighbouring day or
month). Building that index from the database reads every stored mention of the new mentions'
(country, month) blocks, and a night's batches meet the same blocks again and again, so the read
grew with every batch. :class:`BlockCache` keeps the index between loads instead: a block is read
from the database the first time a load meets it; after each commit the load's new mentions are
added to their events and the entries of the events it retired move to the events they became.

Only the blocking columns of mergeable mentions are held, and one entry per event for each
distinct combination of them (the mentions of one event mostly share place, day and type), at
most :data:`MAX_ROWS` entries: beyond that the cache starts over (the next loads read their
blocks again). The cache is tied to one database file and to its state after the last commit
this process made (:func:`fingerprint`): a write by anyone else, a rollback or a different file
empties it, so it never answers from stale rows. It changes what is read, never the result:
the candidates are exactly those of an index built from the blocks' stored rows.

The cache also owns the run's syndication buckets (:class:`SyndicationIndex`) and the member
rows of the stored events met (:class:`MemberCache`), under the same rules.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd

from eventpipe.merge_members import MemberCache
from eventpipe.merge_rules import (
    BlockIndex,
    Row,
    as_date,
    blocking_keys,
    is_mergeable,
    missing,
)
from eventpipe.named_row import NamedRow
from eventpipe.syndication_index import SyndicationIndex, forget_heads

log = logging.getLogger(__name__)

#: Blocking columns of a mention (what :class:`BlockIndex` and :func:`is_mergeable` read).
SLIM = ("iso3", "event_date", "time_precision", "admin1_code", "admin1", "location",
        "event_type", "modality")
#: Distinct (event, blocking values) entries held at most.
MAX_ROWS = 400_000

Block = tuple[str, int, int]


class BlockRow(NamedRow):
    """The blocking columns (:data:`SLIM`) of a held mention, read by name like a dict: a
    held entry is one tuple, which is also its own key in :attr:`_Holder.seen`."""

    __slots__ = ()
    names = SLIM


class _Holder:
    """Stands for one stored event in the index: its distinct blocking rows."""

    __slots__ = ("event_id", "members", "seen")

    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        self.members: list[BlockRow] = []
        self.seen: set[BlockRow] = set()


def fingerprint(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The database file and a summary of what is stored (row counts and the latest write
    times of the tables a load writes): equal before and after a load only if nobody wrote."""
    path = next(iter(con.execute("SELECT path FROM duckdb_databases() "
                                 "WHERE database_name = current_database()").fetchall()), None)
    file = str(path[0]) if path and path[0] else ""
    if not file or file == ":memory:":
        return ()  # an in-memory database: nothing to tie the cache to
    try:
        st = os.stat(file)
        ident: tuple[Any, ...] = (file, st.st_dev, st.st_ino)
    except OSError:
        ident = (file,)
    row = con.execute(
        "SELECT (SELECT count(*) FROM event_mentions), (SELECT max(ingested_at) FROM "
        "event_mentions), (SELECT count(*) FROM events), (SELECT count(*) FROM event_changes), "
        "(SELECT max(changed_at) FROM event_changes), (SELECT count(*) FROM runs), "
        "(SELECT max(finished_at) FROM runs)").fetchall()[0]
    return (*ident, *(row or ()))


class BlockCache:
    """Blocking index of the stored events of the blocks met so far (module docstring)."""

    def __init__(self) -> None:
        self.token: tuple[Any, ...] | None = None
        self.blocks: set[Block] = set()
        self.index = BlockIndex()
        self.holders: dict[str, _Holder] = {}
        self.rows = 0
        self._pending: list[tuple[Any, ...]] | None = None
        self._retired: dict[str, str] = {}
        self._strings: dict[str, str] = {}
        #: the LSH buckets of the stored articles (:mod:`eventpipe.syndication_index`)
        self.syndication = SyndicationIndex()
        #: the member rows of the stored events met (:mod:`eventpipe.merge_members`)
        self.members = MemberCache()

    def reset(self) -> None:
        """Forget everything, the syndication heads' shingles too (they are keyed by id)."""
        self.__init__()  # type: ignore[misc]
        forget_heads()

    def check(self, con: duckdb.DuckDBPyConnection) -> None:
        """Start a load: empty the cache unless the database is as this process left it."""
        if not self.token or fingerprint(con) != self.token:
            if self.token is not None:
                log.info("merge cache: the database changed since the last load; starting over")
            self.reset()

    def _add(self, values: Iterable[tuple[Any, ...]]) -> None:
        strings = self._strings
        for event_id, *slim in values:
            row: Row = {k: (strings.setdefault(v, sys.intern(v)) if isinstance(v, str) else v)
                        for k, v in zip(SLIM, slim, strict=True)}
            row["event_date"] = as_date(row["event_date"])  # one type, wherever it came from
            if not missing(row["time_precision"]):
                row["time_precision"] = int(row["time_precision"])
            if not is_mergeable(row):
                continue
            eid = str(event_id)
            holder = self.holders.get(eid)
            if holder is None:
                holder = self.holders[eid] = _Holder(eid)
            held = BlockRow(row.values())
            if held in holder.seen:
                continue
            holder.seen.add(held)
            holder.members.append(held)
            self.index.add(holder, held)  # type: ignore[arg-type]
            self.rows += 1

    def _drop(self, event_id: str) -> None:
        holder = self.holders.pop(event_id, None)
        if holder is not None:
            self.index.remove(holder)  # type: ignore[arg-type]
            self.rows -= len(holder.members)

    def _load_blocks(self, con: duckdb.DuckDBPyConnection, blocks: list[Block]) -> None:
        ranges = []
        for iso3, y, m in blocks:
            lo = dt.date(y, m, 1)
            ranges.append((iso3, lo, (lo + dt.timedelta(days=32)).replace(day=1)))
        con.register("_eventpipe_blocks", pd.DataFrame(ranges, columns=["iso3", "lo", "hi"]))
        try:
            rows = con.execute(
                f"SELECT x.event_id, {', '.join('x.' + c for c in SLIM)} FROM event_mentions x "
                "JOIN _eventpipe_blocks k ON x.iso3 = k.iso3 "
                "AND x.event_date >= k.lo AND x.event_date < k.hi").fetchall()
        finally:
            con.unregister("_eventpipe_blocks")
        self.blocks.update(blocks)
        # rows of these blocks already held (re-read events of a load) are not added twice
        self._add(rows)

    def candidates(self, con: duckdb.DuckDBPyConnection, new_rows: list[Row]) -> list[str]:
        """Ids of the stored events a new mention can be compared with: exactly the events an
        index built from the stored rows of the new mentions' blocks would offer."""
        keys = blocking_keys(new_rows)
        missing = sorted(keys - self.blocks)
        if missing:
            self._load_blocks(con, missing)
        found: set[str] = set()
        for row in new_rows:
            if is_mergeable(row):
                found.update(h.event_id for h in self.index.candidates(row))
        return sorted(found)

    def stage(self, new_rows: Iterable[Row], retired: dict[str, str]) -> None:
        """What a load wrote, applied on :meth:`commit`: its new mentions (with their
        ``event_id``) and the events it retired into others (whose mentions moved)."""
        self._pending = [(r["event_id"], *(r.get(c) for c in SLIM)) for r in new_rows]
        self._retired = dict(retired)

    def commit(self, con: duckdb.DuckDBPyConnection) -> None:
        """The load committed: apply what :meth:`stage` noted and remember the state."""
        if not self.syndication.commit(con):
            log.info("merge cache: %d articles indexed; starting over", len(self.syndication))
            self.reset()
            return
        self.members.commit(con)
        if self._pending is None:  # the load wrote no mentions
            self.token = fingerprint(con)
            return
        moved: list[tuple[Any, ...]] = []
        for gone, survivor in self._retired.items():
            holder = self.holders.get(gone)
            if holder is not None:
                moved += [(survivor, *row) for row in holder.members]
                self._drop(gone)
        blocks = self.blocks
        self._add(moved)
        self._add(r for r in self._pending
                  if (d := as_date(r[2])) is not None and (r[1], d.year, d.month) in blocks)
        self._pending, self._retired = None, {}
        if self.rows > MAX_ROWS:
            log.info("merge cache: %d entries (over %d); starting over", self.rows, MAX_ROWS)
            self.reset()
            return
        self.token = fingerprint(con)


_CACHE = BlockCache()


def cache() -> BlockCache:
    """The process's cache (one writer per process: the flow loads batches one at a time)."""
    return _CACHE


__all__ = ["MAX_ROWS", "SLIM", "BlockCache", "cache", "fingerprint"]
