"""Shared pieces of the DuckDB store: its errors, the set-wise insert and key lookup used by
:mod:`eventpipe.store` and the modules a load calls (:mod:`eventpipe.store_mentions`,
:mod:`eventpipe.store_invariants`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import duckdb
import pandas as pd

from eventpipe.schema import DUCKDB_TYPES, Schema

Con: TypeAlias = duckdb.DuckDBPyConnection
Rows: TypeAlias = pd.DataFrame | Sequence[Mapping[str, Any]]


class StoreError(RuntimeError):
    """A storage operation failed."""


class StoreLockedError(StoreError):
    """Another process holds the database file."""


class EventInvariantError(StoreError):
    """The events table would break an invariant; the transaction was rolled back."""


@dataclass
class RunData:
    """Everything one run loads: frames or lists of row dicts (missing columns become NULL;
    per-run columns are filled here). ``stats``/``run_row``: values for the ``runs`` row;
    ``mentions_loaded``, ``events_loaded``, ``finished_at``, ``wall_seconds`` are computed."""

    run_id: str
    articles: Rows | None = None
    manifest: Rows | None = None
    mentions: Rows | None = None  # validated rows (validate_mentions(...).valid)
    quarantine: Rows | None = None
    coder_version: str | None = None
    started_at: dt.datetime | None = None
    status: str = "succeeded"
    stats: Mapping[str, Any] = field(default_factory=dict)
    run_row: Mapping[str, Any] | None = None


@dataclass
class LoadCounts:
    """Rows written by one load (0 for rows that were already stored)."""

    articles_inserted: int = 0
    manifest_inserted: int = 0
    mentions_inserted: int = 0
    quarantine_inserted: int = 0
    events_new: int = 0
    events_updated: int = 0

    @property
    def events_written(self) -> int:
        """Events inserted or updated (the ``runs.events_loaded`` figure)."""
        return self.events_new + self.events_updated


def utcnow() -> dt.datetime:
    """Naive UTC now, microsecond precision (DuckDB TIMESTAMP)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)



def _insert(con: Con, table: str, df: pd.DataFrame, sch: Schema, *, replace: bool = False) -> int:
    """Set-wise insert of a conformed frame; returns the number of rows written. ``replace``:
    rows with the same primary key are replaced (deleted, then inserted: DuckDB's ``INSERT OR
    REPLACE`` costs ~50 times more for a batch of a few thousand conflicting rows)."""
    if df.empty:
        return 0
    tbl = sch.table(table)
    df = df.drop_duplicates(list(tbl.primary_key), keep="first")
    name = f"_eventpipe_{table}"
    con.register(name, df)
    try:
        cols = ", ".join(f'"{c.name}"' for c in tbl.columns)
        casts = ", ".join(f'CAST("{c.name}" AS {DUCKDB_TYPES[c.type]})' for c in tbl.columns)
        if replace:
            types = {c.name: DUCKDB_TYPES[c.type] for c in tbl.columns}
            on = " AND ".join(f'{table}."{k}" = CAST(k."{k}" AS {types[k]})'
                              for k in tbl.primary_key)
            con.execute(f"DELETE FROM {table} USING {name} k WHERE {on}")
        tail = "" if replace else " ON CONFLICT DO NOTHING"
        row = con.execute(f"INSERT INTO {table} ({cols}) SELECT {casts} FROM {name}{tail}"
                          ).fetchone()
    finally:
        con.unregister(name)
    return int(row[0]) if row else 0


def _fill(df: pd.DataFrame, column: str, value: Any) -> None:
    if column in df.columns:
        df[column] = df[column].where(df[column].notna(), value)


def lookup_rows(
    con: duckdb.DuckDBPyConnection, table: str, key: str, values: list[str], columns: str
) -> list[tuple[Any, ...]]:
    """``SELECT columns FROM table`` for the rows whose ``key`` is in ``values`` (set-wise)."""
    if not values:
        return []
    con.register("_eventpipe_keys", pd.DataFrame({"k": sorted(set(values))}))
    try:
        return con.execute(
            f"SELECT {columns} FROM {table} t SEMI JOIN _eventpipe_keys k ON t.{key} = k.k"
        ).fetchall()
    finally:
        con.unregister("_eventpipe_keys")
