"""The member rows of stored events a merge reads, kept in the writer's process between loads.

Before each merge a load reads every member of the stored events its new mentions may join
(:func:`eventpipe.store_mentions.load_mentions`). The big events of a night (a hot spot's
event collects hundreds of mentions) are met by every batch again, so reading them, and
converting them to Python rows, grew with the night. :class:`MemberCache` reads each event's
members once and afterwards only what loads add to them:

- every member is read with the columns the merge reads of a member (:data:`MEMBER_COLUMNS`),
  and the event's anchor (the member whose ``mention_id`` is the ``event_id``, whose fields the
  event row copies) with all its columns; values are converted as a pandas frame converts them
  (:func:`eventpipe.merge.frame_to_rows`), so the merge sees the same values as before (the
  dates of members other than the anchor are held as dates: the merge reads them only as
  dates);
- the rows are held as :class:`MemberRow` (a tuple read by name like the dict it stands for)
  and handed to the merge as held, each event's anchor too: nothing is copied per load (the
  merge only reads them; at 100k articles a load meets ~80,000 held members);
- after a load commits, the members it added to or moved into a held event are read back by id
  (the same query), events it retired are dropped; events whose anchor is not among their
  members, and events of fewer than :data:`HOLD_MIN_MEMBERS` members, are not held.

The rows held are bounded by bytes: the ``members`` share of the writer's cache budget
(:mod:`eventpipe.cache_budget`), at :data:`ROW_BYTES` per row (rows as tuples, strings
interned; an anchor counts as :data:`ANCHOR_WEIGHT` rows); the events used longest ago go
first. It is owned by
:class:`eventpipe.merge_cache.BlockCache`, so a write by anyone else, a rollback or another
database file empties it.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb
import pandas as pd

from eventpipe.cache_budget import cache_bytes
from eventpipe.merge_rules import Row
from eventpipe.named_row import NamedRow

#: Columns of ``event_mentions`` the merge reads of a member that is not its event's anchor
#: (:mod:`eventpipe.merge`, :mod:`eventpipe.merge_rules`, :mod:`eventpipe.merge_figures`).
MEMBER_COLUMNS = (
    "mention_id", "event_id", "article_id", "char_start", "event_date", "time_precision",
    "disorder_type", "event_type", "sub_event_type", "actor1", "actor1_inferred", "actor2",
    "iso3", "admin1", "admin1_code", "location", "latitude", "longitude",
    "killed_low", "killed_best", "killed_high", "wounded_low", "wounded_best", "wounded_high",
    "fatalities", "claimant", "source", "modality", "verified")
#: Columns of the member's article, under the names the merge reads.
ARTICLE_SELECT = "a.published, a.syndication_group, a.source AS article_source"
SLIM_NAMES = (*MEMBER_COLUMNS, "published", "syndication_group", "article_source")
#: Columns the merge reads of a (non-anchor) member only through ``merge_rules.as_date``: held
#: as dates, which give the same dates and hash faster than pandas Timestamps.
DATE_COLUMNS = ("event_date", "published")
_DATE_INDEXES = tuple(SLIM_NAMES.index(c) for c in DATE_COLUMNS)


class MemberRow(NamedRow):
    """A held member row (:data:`SLIM_NAMES`), read by name like the dict the merge reads. The
    cache hands out the rows it holds, so a merge that meets a held event does not copy its
    members into dicts (a 100k night's loads meet tens of thousands of held members each)."""

    __slots__ = ()
    names = SLIM_NAMES


#: Bytes a held member row takes (measured with tracemalloc on a 40k-article night: 581 per
#: row, anchors counted as :data:`ANCHOR_WEIGHT` rows; an anchor, held with all its columns,
#: takes about as much memory as that many rows).
ROW_BYTES = 600
ANCHOR_WEIGHT = 8
#: Events with fewer members are read from the database each time (cheap; most events of a
#: night stay that small, and holding their anchors would cost more than reading them).
HOLD_MIN_MEMBERS = 3


def _rows(df: pd.DataFrame) -> list[tuple[Any, ...]]:
    """Rows of a frame as tuples, each value as :func:`eventpipe.merge.frame_to_rows` gives it
    (missing -> None, dates as Timestamps, nullable integers as ints)."""
    if df.empty:
        return []
    obj = df.astype(object).where(df.notna(), None)
    return list(obj.itertuples(index=False, name=None))


def read_members(con: duckdb.DuckDBPyConnection, key: str, values: Iterable[str],
                 columns: str) -> pd.DataFrame:
    """Member rows (``columns`` of ``event_mentions m`` and the article columns) whose ``key``
    (``event_id`` or ``mention_id``) is in ``values``."""
    con.register("_eventpipe_members", pd.DataFrame({"k": sorted(set(values))}, dtype=object))
    try:
        return con.execute(
            f"SELECT {columns}, {ARTICLE_SELECT} FROM event_mentions m "
            f"SEMI JOIN _eventpipe_members k ON m.{key} = k.k "
            "LEFT JOIN articles a ON a.article_id = m.article_id").df()
    finally:
        con.unregister("_eventpipe_members")


_SLIM_SELECT = ", ".join(f"m.{c}" for c in MEMBER_COLUMNS)


class MemberCache:
    """Members of stored events, slim, with each event's full anchor (module docstring)."""

    def __init__(self, max_rows: int | None = None) -> None:
        #: rows held at most (an anchor counts as :data:`ANCHOR_WEIGHT`); by default what the
        #: ``members`` share of the cache budget holds
        self.max_rows = (cache_bytes("members") // ROW_BYTES) if max_rows is None else max_rows
        self.events: OrderedDict[str, list[MemberRow]] = OrderedDict()
        self.anchors: dict[str, Row] = {}
        self.rows = 0
        self._pending: tuple[set[str], set[str]] | None = None

    def __len__(self) -> int:
        return len(self.events)

    @staticmethod
    def _intern(rows: list[tuple[Any, ...]]) -> list[MemberRow]:
        """Rows with their repeated strings shared (the first column, the mention id, is
        unique) and their dates as ``datetime.date`` (:data:`DATE_COLUMNS`)."""
        out = []
        for row in rows:
            values = [row[0], *(sys.intern(v) if type(v) is str else v for v in row[1:])]
            for i in _DATE_INDEXES:
                if type(values[i]) is pd.Timestamp:
                    values[i] = values[i].date()
            out.append(MemberRow(values))
        return out

    def _hold(self, event_id: str, rows: list[MemberRow], anchor: Row) -> None:
        self.events[event_id] = rows
        self.anchors[event_id] = anchor
        self.rows += len(rows) + ANCHOR_WEIGHT

    def _drop(self, event_id: str) -> None:
        rows = self.events.pop(event_id, None)
        if rows is not None:
            self.rows -= len(rows) + ANCHOR_WEIGHT
            self.anchors.pop(event_id, None)

    def _trim(self) -> None:
        while self.rows > self.max_rows and self.events:
            self._drop(next(iter(self.events)))

    def members(self, con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[Row]:
        """Every member row of the given stored events (anchors with all their columns)."""
        out: list[Row] = []
        todo = []
        for eid in event_ids:
            rows = self.events.get(eid)
            if rows is None:
                todo.append(eid)
                continue
            self.events.move_to_end(eid)
            out += self._dicts(eid, rows, self.anchors[eid])
        if todo:
            out += self._read(con, todo)
        self._trim()
        return out

    @staticmethod
    def _dicts(event_id: str, rows: list[MemberRow], anchor: Row) -> list[Row]:
        """The rows as held (the anchor with all its columns), not copied: the merge only
        reads them."""
        return [anchor if row[0] == event_id else row for row in rows]  # type: ignore[misc]

    def _read(self, con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[Row]:
        by_event: dict[str, list[MemberRow]] = {}
        for row in self._intern(_rows(read_members(con, "event_id", event_ids,
                                                   _SLIM_SELECT))):
            by_event.setdefault(str(row[1]), []).append(row)
        anchors = {str(r["mention_id"]): r for r in _full_rows(
            read_members(con, "mention_id", [e for e in by_event if any(
                row[0] == e for row in by_event[e])], "m.*"))}
        out: list[Row] = []
        for eid, rows in by_event.items():
            anchor = anchors.get(eid)
            if anchor is None:  # no member is the event's own mention: never held
                out += rows  # type: ignore[arg-type]
                continue
            if len(rows) >= HOLD_MIN_MEMBERS:
                self._hold(eid, rows, anchor)
            out += self._dicts(eid, rows, anchor)
        return out

    def stage(self, added: Mapping[str, str], moved: Mapping[str, str],
              retired: Iterable[str]) -> None:
        """What a load wrote, applied on :meth:`commit`: mention -> event of its new and moved
        mentions, and the events it retired."""
        held = set(self.events)
        ids = {m for m, e in (*added.items(), *moved.items()) if e in held}
        self._pending = (ids, set(retired))

    def commit(self, con: duckdb.DuckDBPyConnection) -> None:
        """The load committed: drop the retired events, read back the members added to held
        events."""
        if self._pending is None:
            return
        ids, retired = self._pending
        self._pending = None
        for eid in retired:
            self._drop(eid)
        if not ids:
            return
        for row in self._intern(_rows(read_members(con, "mention_id", ids, _SLIM_SELECT))):
            rows = self.events.get(str(row[1]))
            if rows is not None:
                rows.append(row)
                self.rows += 1
        self._trim()


def _full_rows(df: pd.DataFrame) -> list[Row]:
    if df.empty:
        return []
    obj = df.astype(object).where(df.notna(), None)
    return obj.to_dict("records")  # type: ignore[return-value]


__all__ = ["ANCHOR_WEIGHT", "HOLD_MIN_MEMBERS", "MEMBER_COLUMNS", "ROW_BYTES", "MemberCache",
           "MemberRow", "read_members"]
