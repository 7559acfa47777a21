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
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pandas as pd

from eventpipe import ids
from eventpipe.faults import crash_point
from eventpipe.merge import blocking_keys, frame_to_rows, merge_mentions
from eventpipe.merge_changes import change_rows
from eventpipe.merge_rules import BlockIndex, is_mergeable
from eventpipe.merge_store import apply_retirements, assign_syndication
from eventpipe.schema import DUCKDB_TYPES, Schema, SchemaError, conform_frame, get_schema

log = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
RUN_STATUSES = ("running", "succeeded", "failed")


class StoreError(RuntimeError):
    """A storage operation failed."""


class StoreLockedError(StoreError):
    """Another process holds the database file."""


class EventInvariantError(StoreError):
    """The events table would break an invariant; the transaction was rolled back."""


Con: TypeAlias = duckdb.DuckDBPyConnection
Rows: TypeAlias = pd.DataFrame | Sequence[Mapping[str, Any]]


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


def _check_status(status: str) -> None:
    if status not in RUN_STATUSES:
        raise ValueError(f"status must be one of {RUN_STATUSES}, not {status!r}")


def utcnow() -> dt.datetime:
    """Naive UTC now, microsecond precision (DuckDB TIMESTAMP)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def connect(
    db_path: str | Path, read_only: bool = False, *, timeout_s: float = 30.0
) -> duckdb.DuckDBPyConnection:
    """Open the database, retrying with backoff while another process holds its lock."""
    path = Path(db_path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + max(0.0, timeout_s)
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
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


def _insert(con: Con, table: str, df: pd.DataFrame, sch: Schema, *, replace: bool = False) -> int:
    """Set-wise insert of a conformed frame; returns the number of rows written."""
    if df.empty:
        return 0
    tbl = sch.table(table)
    df = df.drop_duplicates(list(tbl.primary_key), keep="first")
    name = f"_eventpipe_{table}"
    con.register(name, df)
    try:
        cols = ", ".join(f'"{c.name}"' for c in tbl.columns)
        casts = ", ".join(f'CAST("{c.name}" AS {DUCKDB_TYPES[c.type]})' for c in tbl.columns)
        verb = "INSERT OR REPLACE INTO" if replace else "INSERT INTO"
        tail = "" if replace else " ON CONFLICT DO NOTHING"
        row = con.execute(f"{verb} {table} ({cols}) SELECT {casts} FROM {name}{tail}").fetchone()
    finally:
        con.unregister(name)
    return int(row[0]) if row else 0


def _fill(df: pd.DataFrame, column: str, value: Any) -> None:
    if column in df.columns:
        df[column] = df[column].where(df[column].notna(), value)


def _lookup(
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


@dataclass(frozen=True)
class InvariantScope:
    """What one load wrote: events inserted, updated or retired, mentions inserted or moved.
    The invariants can only break on these rows when they held before the load."""

    event_ids: tuple[str, ...]
    mention_ids: tuple[str, ...]


#: Scope of the load in progress (set by :func:`load_run` around its call of
#: :func:`check_invariants`, whose signature stays ``check_invariants(con)``).
_SCOPE: ContextVar[InvariantScope | None] = ContextVar("eventpipe_invariant_scope", default=None)


def check_invariants(con: duckdb.DuckDBPyConnection, scope: InvariantScope | None = None) -> None:
    """Raise :class:`EventInvariantError` unless every mention has a stored event, event ids are
    unique and ``num_mentions`` equals the mentions behind each event. With a ``scope`` (or
    inside :func:`load_run`) only the rows the load touched are checked, by key; without one,
    the whole tables."""
    scope = scope if scope is not None else _SCOPE.get()
    if scope is None:
        checks = {
            "mentions without event_id":
                "SELECT count(*) FROM event_mentions WHERE event_id IS NULL",
            "mentions whose event is missing": (
                "SELECT count(*) FROM event_mentions m ANTI JOIN events e "
                "ON e.event_id = m.event_id"),
            "duplicate event ids": "SELECT count(*) - count(DISTINCT event_id) FROM events",
            "events whose num_mentions is wrong": """
                SELECT count(*) FROM events e
                LEFT JOIN (SELECT event_id, count(*) AS n FROM event_mentions GROUP BY event_id) c
                  ON c.event_id = e.event_id
                WHERE c.n IS DISTINCT FROM e.num_mentions""",
        }
        found = {what: (con.execute(sql).fetchone() or (0,))[0] for what, sql in checks.items()}
    else:
        found = _scoped_checks(con, scope)
    problems = [f"{n} {what}" for what, n in found.items() if n]
    if problems:
        raise EventInvariantError("events invariants broken: " + "; ".join(problems))


def _scoped_checks(con: Con, scope: InvariantScope) -> dict[str, int]:
    con.register("_eventpipe_scope_e", pd.DataFrame({"k": list(scope.event_ids)}, dtype=object))
    con.register("_eventpipe_scope_m", pd.DataFrame({"k": list(scope.mention_ids)}, dtype=object))
    try:
        touched = """(SELECT m.* FROM event_mentions m SEMI JOIN _eventpipe_scope_m k
                        ON m.mention_id = k.k
                      UNION ALL
                      SELECT m.* FROM event_mentions m SEMI JOIN _eventpipe_scope_e k
                        ON m.event_id = k.k)"""
        row = con.execute(f"""
            SELECT
              (SELECT count(*) FROM {touched} t WHERE t.event_id IS NULL),
              (SELECT count(*) FROM {touched} t ANTI JOIN events e ON e.event_id = t.event_id),
              (SELECT count(*) - count(DISTINCT e.event_id) FROM events e
                 SEMI JOIN _eventpipe_scope_e k ON e.event_id = k.k),
              (SELECT count(*) FROM events e SEMI JOIN _eventpipe_scope_e k ON e.event_id = k.k
                 LEFT JOIN (SELECT m.event_id, count(*) AS n FROM event_mentions m
                            SEMI JOIN _eventpipe_scope_e k ON m.event_id = k.k
                            GROUP BY m.event_id) c ON c.event_id = e.event_id
                 WHERE c.n IS DISTINCT FROM e.num_mentions)
            """).fetchall()[0]
    finally:
        con.unregister("_eventpipe_scope_e")
        con.unregister("_eventpipe_scope_m")
    names = ("mentions without event_id", "mentions whose event is missing",
             "duplicate event ids", "events whose num_mentions is wrong")
    return dict(zip(names, (int(x) for x in row), strict=True))


def _load_mentions(con: Con, run: RunData, sch: Schema, now: dt.datetime, c: LoadCounts
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
    con.begin()
    try:
        if run.articles is not None:
            arts = conform_frame(pd.DataFrame(run.articles), "articles", schema=sch)
            _fill(arts, "ingested_at", now)
            _fill(arts, "run_id", run.run_id)
            assign_syndication(con, arts)
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
        scope = _load_mentions(con, run, sch, now, counts)
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
        con.rollback()
        raise
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
