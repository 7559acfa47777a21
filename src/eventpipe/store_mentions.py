"""The mentions part of a load (called by :func:`eventpipe.store.load_run` inside its
transaction): new mentions are merged (:mod:`eventpipe.merge`) with the stored events they may
join, then mentions, events, retirements and ``event_changes`` rows are written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from eventpipe.merge import frame_to_rows, merge_mentions
from eventpipe.merge_cache import BlockCache
from eventpipe.merge_changes import change_rows
from eventpipe.merge_store import apply_retirements
from eventpipe.schema import Schema, conform_frame
from eventpipe.store_base import Con, LoadCounts, RunData, _insert, lookup_rows
from eventpipe.store_invariants import InvariantScope


def _candidate_members(con: Con, new_rows: list[dict[str, Any]], cache: BlockCache
                       ) -> list[dict[str, Any]]:
    """Every member (with its article's columns) of the stored events the new rows may join
    (found through the run's blocking index, :mod:`eventpipe.merge_cache`; the rows come from
    its :class:`~eventpipe.merge_members.MemberCache`)."""
    event_ids = cache.candidates(con, new_rows)
    if not event_ids:
        return []
    return cache.members.members(con, event_ids)


def load_mentions(con: Con, run: RunData, sch: Schema, now: dt.datetime, c: LoadCounts,
                  cache: BlockCache | None = None) -> InvariantScope:
    """Merge and write the run's new mentions; ``cache``: the run's blocking index (a fresh
    one when None), told on success which events this load wrote (:meth:`BlockCache.stage`)."""
    cache = cache if cache is not None else BlockCache()
    none = InvariantScope((), ())
    if run.mentions is None or len(run.mentions) == 0:
        return none
    mentions = conform_frame(pd.DataFrame(run.mentions), "event_mentions", schema=sch)
    mentions = mentions.drop_duplicates("mention_id", ignore_index=True)
    ids_ = mentions["mention_id"].dropna().tolist()
    seen = {r[0] for r in lookup_rows(con, "event_mentions", "mention_id", ids_, "t.mention_id")}
    mentions = mentions[~mentions["mention_id"].isin(seen)].reset_index(drop=True)
    if mentions.empty:
        return none
    info = {
        r[0]: {"published": r[1], "syndication_group": r[2], "article_source": r[3]}
        for r in lookup_rows(con, "articles", "article_id", mentions["article_id"].tolist(),
                         "t.article_id, t.published, t.syndication_group, t.source")
    }
    new_rows = frame_to_rows(mentions)
    for row in new_rows:
        row.update(info.get(row["article_id"], {}))
    existing = _candidate_members(con, new_rows, cache)
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
    written = tuple(sorted(result.new_event_ids | result.updated_event_ids | set(result.retired)
                           | set(result.retired.values())))
    cache.stage(({**row, "event_id": result.assignments.get(str(row["mention_id"]))}
                 for row in new_rows), result.retired)
    cache.members.stage(result.assignments, result.reassigned, result.retired)
    return InvariantScope(
        written,
        tuple(sorted(set(mentions["mention_id"].dropna().astype(str)) | set(result.reassigned))))
