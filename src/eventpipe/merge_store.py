"""Merge-side writes of a load (called by :func:`eventpipe.store.load_run` inside its
transaction): syndication groups of new articles, retired events and moved mentions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from eventpipe.merge import frame_to_rows
from eventpipe.syndication import WINDOW_DAYS, assign_groups


def apply_retirements(
    con: duckdb.DuckDBPyConnection, retired: Mapping[str, str], moved: Mapping[str, str]
) -> None:
    """Move stored mentions to their new event and drop the retired event rows (their
    retirement is recorded in ``event_changes``)."""
    if moved:
        con.register("_eventpipe_moved", pd.DataFrame(
            {"mention_id": list(moved), "event_id": list(moved.values())}))
        try:
            con.execute("UPDATE event_mentions SET event_id = k.event_id FROM _eventpipe_moved k "
                        "WHERE event_mentions.mention_id = k.mention_id")
        finally:
            con.unregister("_eventpipe_moved")
    if retired:
        con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?))", [sorted(retired)])


def assign_syndication(con: duckdb.DuckDBPyConnection, arts: pd.DataFrame) -> None:
    """Fill ``syndication_group`` of the new articles (:mod:`eventpipe.syndication`), comparing
    them with each other and with the stored articles published within the window."""
    if arts.empty or "syndication_group" not in arts.columns:
        return
    stored_ids = {r[0] for r in con.execute(
        "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))",
        [arts["article_id"].dropna().astype(str).tolist()]).fetchall()}
    new = [r for r in frame_to_rows(arts[["article_id", "text", "published"]])
           if r["article_id"] not in stored_ids]
    if not new:
        return
    dates = [pd.Timestamp(r["published"]).date() for r in new if r["published"] is not None]
    stored: list[dict[str, Any]] = []
    if dates:
        lo = min(dates) - dt.timedelta(days=WINDOW_DAYS)
        hi = max(dates) + dt.timedelta(days=WINDOW_DAYS)
        stored = frame_to_rows(con.execute(
            "SELECT article_id, text, published, syndication_group FROM articles "
            "WHERE published BETWEEN ? AND ?", [lo, hi]).df())
    groups = assign_groups(new, stored)
    mapped = arts["article_id"].map(groups)
    arts["syndication_group"] = arts["syndication_group"].where(
        arts["syndication_group"].notna(), mapped).astype("string")
