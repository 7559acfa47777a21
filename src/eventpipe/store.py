"""DuckDB storage: connect (one writer, many readers), create the schema and views, load one
run in one transaction.

DuckDB lets one process write or several read a file, not both. :func:`connect` retries with
backoff while another process holds the file, then raises :class:`StoreLockedError` naming
the path and the lock holder. Writers hold the file only for their transaction
(:func:`open_store` closes it on exit); readers pass ``read_only=True`` and close soon.
:func:`load_run` writes articles, manifest, mentions and quarantine rows, merges the new
mentions into events (:mod:`eventpipe.merge`), checks the events invariants and writes the
``runs`` row between one ``BEGIN`` and ``COMMIT``; any error rolls everything back. Rows are
written set-wise from registered dataframes (``INSERT … ON CONFLICT DO NOTHING``; ``INSERT OR
REPLACE`` for events), never row by row.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from eventpipe import ids, merge_cache
from eventpipe.faults import crash_point
from eventpipe.merge import frame_to_rows
from eventpipe.merge_store import assign_syndication
from eventpipe.schema import Schema, SchemaError, conform_frame, get_schema
from eventpipe.store_base import (
    Con,
    EventInvariantError,
    LoadCounts,
    Rows,
    RunData,
    StoreError,
    StoreLockedError,
    _fill,
    _insert,
    utcnow,
)
from eventpipe.store_invariants import _SCOPE, InvariantScope, check_invariants
from eventpipe.store_mentions import load_mentions

__all__ = ["Con", "EventInvariantError", "InvariantScope", "LoadCounts", "Rows", "RunData",
           "StoreError", "StoreLockedError", "check_invariants", "connect", "ensure_schema",
           "finish_run", "known_articles", "known_hashes", "load_run", "open_store", "sql_files",
           "start_run", "tables_ready", "utcnow"]

log = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
RUN_STATUSES = ("running", "succeeded", "failed")


def _check_status(status: str) -> None:
    if status not in RUN_STATUSES:
        raise ValueError(f"status must be one of {RUN_STATUSES}, not {status!r}")


def connect(
    db_path: str | Path, read_only: bool = False, *, timeout_s: float = 30.0
) -> duckdb.DuckDBPyConnection:
    """Open the database, retrying with backoff while another process holds its lock; a
    writer's connection caps DuckDB's memory (:func:`limit_memory`)."""
    path = Path(db_path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + max(0.0, timeout_s)
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            if not read_only:
                try:
                    limit_memory(con, path)
                except StoreError:
                    con.close()
                    raise
            return con
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise StoreError(f"cannot open {path}: {exc}") from exc
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                mode = "read" if read_only else "write"
                raise StoreLockedError(
                    f"cannot open {path} to {mode}: another process holds its lock after "
                    f"{timeout_s:g}s of retries ({exc}). Close other connections (readers: "
                    "use read-only connections and close them, or query the extracts)."
                ) from exc
            log.info("database %s is locked; retrying in %.2fs", path, min(delay, remaining))
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 2.0)


def sql_files(sql_dir: Path | None = None) -> list[Path]:
    return sorted((sql_dir or SQL_DIR).glob("*.sql"))


def ensure_schema(
    con: duckdb.DuckDBPyConnection, *, schema: Schema | None = None, sql_dir: Path | None = None
) -> None:
    """Create missing tables from the declaration, add declared nullable columns an older
    database lacks, then (re)create the views of ``sql/``. Raises :class:`StoreError` on any
    other difference between the database and the declaration."""
    sch = schema or get_schema()
    for stmt in sch.ddl():
        con.execute(stmt)
    for name in sch.tables:
        rows = con.execute(f"DESCRIBE {name}").fetchall()
        try:
            stmts = sch.migration(name, [(r[0], r[1], r[2] == "YES") for r in rows])
        except SchemaError as exc:
            raise StoreError(str(exc)) from exc
        for stmt in stmts:
            log.warning("schema migration: %s", stmt)
            con.execute(stmt)
    for path in sql_files(sql_dir):
        try:
            con.execute(path.read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            raise StoreError(f"{path.name}: {exc}") from exc


def tables_ready(con: duckdb.DuckDBPyConnection, *, schema: Schema | None = None) -> bool:
    """True when every declared table exists with every declared column (one catalog query):
    a writer that ran :func:`ensure_schema` earlier in the run need not run it again."""
    sch = schema or get_schema()
    found: dict[str, set[str]] = {}
    for table, column in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main'").fetchall():
        found.setdefault(table, set()).add(column)
    return all(set(sch.table(name).names) <= found.get(name, set()) for name in sch.tables)


#: DuckDB's own working set of the writer (its default is 80 % of the RAM): the night's load
#: statements keep their pages; a cap makes it spill to disk instead. At 100k articles the flow's
#: peak RSS fell from 1,723 to 1,400 MB with 300 MB, at the same speed; a load into the 100k
#: database still peaked ~370 MB above its start with 300 MB (table pages ~115 MB, primary-key
#: indexes ~70 MB at its commit), ~250 MB with 150 MB (docs/benchmarks.md, "Memory round 2").
#: A 10k night's database (~55 MB) stays under either cap.
DEFAULT_DUCKDB_MEMORY = "150MB"
#: The primary-key indexes a load reads cannot spill (with a 100 MB cap the 100k flow failed
#: with DuckDB's out-of-memory error at ~50k articles; they take ~14 % of the database file):
#: by default the cap grows to this share of the file's size when that is more.
DEFAULT_MEMORY_FILE_SHARE = 0.3
_MEMORY = re.compile(r"^\d+(?:\.\d+)?\s*(?:KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


def default_memory(file_bytes: int) -> str:
    """The default cap for a database file of ``file_bytes``: :data:`DEFAULT_DUCKDB_MEMORY` or
    :data:`DEFAULT_MEMORY_FILE_SHARE` of the file, whichever is more."""
    base = int(DEFAULT_DUCKDB_MEMORY.removesuffix("MB"))
    return f"{max(base, -(-int(file_bytes * DEFAULT_MEMORY_FILE_SHARE) // 2**20))}MB"


def limit_memory(con: duckdb.DuckDBPyConnection, db_path: str | Path | None = None) -> None:
    """Cap DuckDB's memory on a writer connection (``EVENTPIPE_DUCKDB_MEMORY``, default
    :func:`default_memory` of the database file ``db_path``; ``0`` or ``none`` leaves DuckDB's
    default)."""
    size = 0
    if db_path is not None:
        try:
            size = Path(db_path).stat().st_size
        except OSError:
            size = 0
    value = os.environ.get("EVENTPIPE_DUCKDB_MEMORY", default_memory(size)).strip()
    if value.lower() in ("", "0", "none"):
        return
    if not _MEMORY.match(value):
        raise StoreError(f"EVENTPIPE_DUCKDB_MEMORY={value!r}: expected a size such as 300MB "
                         "or 2GB, or 0 for DuckDB's default")
    con.execute(f"SET memory_limit = '{value}'")


def limit_reader_memory(con: duckdb.DuckDBPyConnection) -> None:
    """The same cap on a connection that reads the whole events table (the exports); it spills
    to a folder under the system's temporary directory (the database's own may be read-only)."""
    spill = Path(tempfile.gettempdir()) / "eventpipe-duckdb"
    spill.mkdir(parents=True, exist_ok=True)
    con.execute("SET temp_directory = '{}'".format(str(spill).replace("'", "''")))
    limit_memory(con)


@contextmanager
def open_store(
    db_path: str | Path, read_only: bool = False, *, timeout_s: float = 30.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``connect`` (+ ``ensure_schema`` for writers), closed on exit."""
    con = connect(db_path, read_only, timeout_s=timeout_s)
    try:
        if not read_only:
            ensure_schema(con)
        yield con
    finally:
        con.close()


def known_articles(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """content_hash -> article_id of every stored article."""
    return dict(con.execute("SELECT content_hash, article_id FROM articles").fetchall())


def known_hashes(con: duckdb.DuckDBPyConnection) -> tuple[set[str], set[str]]:
    """(file hashes in the manifest, content hashes of stored articles)."""
    files = {r[0] for r in con.execute("SELECT DISTINCT file_hash FROM manifest").fetchall()}
    texts = {r[0] for r in con.execute("SELECT content_hash FROM articles").fetchall()}
    return files, texts


def _write_run_row(con: Con, run: RunData, sch: Schema, now: dt.datetime, c: LoadCounts) -> None:
    given: dict[str, Any] = {**run.stats, **(run.run_row or {})}
    found = con.execute(
        "SELECT started_at, coder_version FROM runs WHERE run_id = ?", [run.run_id]
    ).fetchall()
    prev = found[0] if found else None
    started = run.started_at or given.get("started_at") or (prev[0] if prev else None) or now
    if started.tzinfo is not None:
        started = started.astimezone(dt.UTC).replace(tzinfo=None)
    declared = set(sch.table("runs").names)
    row = {k: v for k, v in given.items() if k in declared}
    row.update(
        run_id=run.run_id,
        started_at=started,
        finished_at=now,
        status=given.get("status", run.status),
        coder_version=run.coder_version or given.get("coder_version") or (prev and prev[1]),
        rows_quarantined=given.get("rows_quarantined", c.quarantine_inserted),
        mentions_loaded=c.mentions_inserted,
        events_loaded=c.events_written,
        wall_seconds=max(0.0, (now - started).total_seconds()),
    )
    frame = conform_frame(pd.DataFrame([row]), "runs", schema=sch)
    _insert(con, "runs", frame, sch, replace=True)


def load_run(
    con: duckdb.DuckDBPyConnection, run: RunData, *, schema: Schema | None = None
) -> LoadCounts:
    """Load one run in one transaction (see the module docstring); returns what was written."""
    _check_status(run.status)
    sch = schema or get_schema()
    now = utcnow()
    counts = LoadCounts()
    cache = merge_cache.cache()
    cache.check(con)
    con.begin()
    try:
        if run.articles is not None:
            arts = conform_frame(pd.DataFrame(run.articles), "articles", schema=sch)
            _fill(arts, "ingested_at", now)
            _fill(arts, "run_id", run.run_id)
            assign_syndication(con, arts, cache.syndication)
            counts.articles_inserted = _insert(con, "articles", arts, sch)
        if run.manifest is not None:
            man = conform_frame(pd.DataFrame(run.manifest), "manifest", schema=sch)
            man["manifest_id"] = [
                r["manifest_id"] or ids.manifest_id(r["raw_path"], r["item_key"], r["file_hash"])
                for r in frame_to_rows(man)
            ]
            _fill(man, "seen_at", now)
            _fill(man, "run_id", run.run_id)
            counts.manifest_inserted = _insert(con, "manifest", man, sch)
        scope = load_mentions(con, run, sch, now, counts, cache)
        crash_point("during_load")  # crash-safety tests: dies here when asked, mid-transaction
        if run.quarantine is not None:
            qua = conform_frame(pd.DataFrame(run.quarantine), "quarantine", schema=sch)
            _fill(qua, "quarantined_at", now)
            _fill(qua, "run_id", run.run_id)
            counts.quarantine_inserted = _insert(con, "quarantine", qua, sch)
        token = _SCOPE.set(scope)
        try:
            check_invariants(con)
        finally:
            _SCOPE.reset(token)
        _write_run_row(con, run, sch, now, counts)
        con.commit()
    except BaseException:
        cache.reset()
        con.rollback()
        raise
    cache.commit(con)
    log.info("run %s loaded: %s", run.run_id, counts)
    return counts


def start_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    coder_version: str | None = None,
    started_at: dt.datetime | None = None,
    schema: Schema | None = None,
) -> None:
    """Record a run as ``running`` (its own short transaction)."""
    sch = schema or get_schema()
    row = {"run_id": run_id, "started_at": started_at or utcnow(), "status": "running",
           "coder_version": coder_version}
    _insert(con, "runs", conform_frame(pd.DataFrame([row]), "runs", schema=sch), sch)


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    status: str,
    **counts: Any,
) -> None:
    """Set a run's status, ``finished_at``, ``wall_seconds`` and any declared count columns."""
    _check_status(status)
    allowed = set(get_schema().table("runs").names) - {"run_id", "started_at", "status"}
    unknown = set(counts) - allowed
    if unknown:
        raise ValueError(f"runs has no columns {sorted(unknown)}")
    now = utcnow()
    sets = ["status = ?", "finished_at = ?",
            "wall_seconds = greatest(0, epoch(CAST(? AS TIMESTAMP)) - epoch(started_at))"]
    sets += [f'"{key}" = ?' for key in counts]
    params = [status, now, now, *counts.values(), run_id]
    row = con.execute(f"UPDATE runs SET {', '.join(sets)} WHERE run_id = ?", params).fetchone()
    if not row or not row[0]:
        raise StoreError(f"no run {run_id!r} to finish")
