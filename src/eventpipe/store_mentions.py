"""The mentions part of a load (called by :func:`eventpipe.store.load_run` inside its
transaction): new mentions are merged (:mod:`eventpipe.merge`) with the stored events they may
join, then mentions, events, retirements and ``event_changes`` rows are written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from eventpipe.merge import blocking_keys, frame_to_rows, merge_mentions
from eventpipe.merge_changes import change_rows
from eventpipe.merge_rules import BlockIndex, is_mergeable
from eventpipe.merge_store import apply_retirements
from eventpipe.schema import Schema, conform_frame
from eventpipe.store_base import Con, LoadCounts, RunData, _insert, _lookup
from eventpipe.store_invariants import InvariantScope

_SLIM = ("mention_id", "event_id", "iso3", "event_date", "time_precision", "admin1_code",
         "admin1", "location", "event_type", "modality")


class _Holder:
    """Stands for one stored event in a :class:`BlockIndex` built from slim member rows."""

    __slots__ = ("event_id", "members")

    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        self.members: list[dict[str, Any]] = []


def _candidate_events(con: Con, new_rows: list[dict[str, Any]]) -> list[str]:
    """Ids of the stored events a new mention can be compared with: exactly the events the
    merge's :class:`BlockIndex` would offer (same place key, neighbouring day or month). Reads
    only the blocking columns of the members of the (country, month) blocks, by date range."""
    keys = blocking_keys(new_rows)
    if not keys:
        return []
    ranges = []
    for iso3, y, m in sorted(keys):
        lo = dt.date(y, m, 1)
        ranges.append((iso3, lo, (lo + dt.timedelta(days=32)).replace(day=1)))
    con.register("_eventpipe_blocks", pd.DataFrame(ranges, columns=["iso3", "lo", "hi"]))
    try:
        slim = con.execute(
            f"SELECT {', '.join('x.' + c for c in _SLIM)} FROM event_mentions x "
            "JOIN _eventpipe_blocks k ON x.iso3 = k.iso3 "
            "AND x.event_date >= k.lo AND x.event_date < k.hi").fetchall()
    finally:
        con.unregister("_eventpipe_blocks")
    index = BlockIndex()
    holders: dict[str, _Holder] = {}
    for values in slim:
        row = dict(zip(_SLIM, values, strict=True))
        eid = str(row["event_id"])
        holder = holders.get(eid)
        if holder is None:
            holder = holders[eid] = _Holder(eid)
        holder.members.append(row)
        index.add(holder, row)
    found: set[str] = set()
    for row in new_rows:
        if is_mergeable(row):
            found.update(h.event_id for h in index.candidates(row))
    return sorted(found)


def _candidate_members(con: Con, new_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every member (with its article's columns) of the stored events the new rows may join."""
    event_ids = _candidate_events(con, new_rows)
    if not event_ids:
        return []
    con.register("_eventpipe_events", pd.DataFrame({"k": event_ids}))
    try:
        df = con.execute(
            """
            SELECT m.*, a.published, a.syndication_group, a.source AS article_source
            FROM event_mentions m SEMI JOIN _eventpipe_events k ON m.event_id = k.k
            LEFT JOIN articles a ON a.article_id = m.article_id
            """
        ).df()
    finally:
        con.unregister("_eventpipe_events")
    return frame_to_rows(df)


def load_mentions(con: Con, run: RunData, sch: Schema, now: dt.datetime, c: LoadCounts
                   ) -> InvariantScope:
    none = InvariantScope((), ())
    if run.mentions is None or len(run.mentions) == 0:
        return none
    mentions = conform_frame(pd.DataFrame(run.mentions), "event_mentions", schema=sch)
    mentions = mentions.drop_duplicates("mention_id", ignore_index=True)
    ids_ = mentions["mention_id"].dropna().tolist()
    seen = {r[0] for r in _lookup(con, "event_mentions", "mention_id", ids_, "t.mention_id")}
    mentions = mentions[~mentions["mention_id"].isin(seen)].reset_index(drop=True)
    if mentions.empty:
        return none
    info = {
        r[0]: {"published": r[1], "syndication_group": r[2], "article_source": r[3]}
        for r in _lookup(con, "articles", "article_id", mentions["article_id"].tolist(),
                         "t.article_id, t.published, t.syndication_group, t.source")
    }
    new_rows = frame_to_rows(mentions)
    for row in new_rows:
        row.update(info.get(row["article_id"], {}))
    existing = _candidate_members(con, new_rows)
    result = merge_mentions(new_rows, existing, event_columns=sch.table("events").names)
    mentions["event_id"] = mentions["mention_id"].map(result.assignments).astype("string")
    mentions = mentions.assign(ingested_at=now, run_id=run.run_id)
    c.mentions_inserted = _insert(con, "event_mentions", mentions, sch)
    touched = sorted(result.updated_event_ids | set(result.retired))
    old_events = {str(r["event_id"]): r for r in frame_to_rows(con.execute(
        "SELECT * FROM events WHERE event_id IN (SELECT unnest(?))", [touched]).df())}
    changes = change_rows(old_events, result, sch.table("events").names)
    events = pd.DataFrame(result.events).assign(ingested_at=now, run_id=run.run_id)
    events = conform_frame(events, "events", schema=sch)
    _insert(con, "events", events, sch, replace=True)
    apply_retirements(con, result.retired, result.reassigned)
    if changes:
        frame = pd.DataFrame(changes).assign(changed_at=now, run_id=run.run_id)
        _insert(con, "event_changes", conform_frame(frame, "event_changes", schema=sch), sch)
    c.events_new, c.events_updated = len(result.new_event_ids), len(result.updated_event_ids)
    return InvariantScope(
        tuple(sorted(result.new_event_ids | result.updated_event_ids | set(result.retired)
                     | set(result.retired.values()))),
        tuple(sorted(set(mentions["mention_id"].dropna().astype(str)) | set(result.reassigned))))
