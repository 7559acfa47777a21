"""Extracts of the events table (CSV or Parquet) with the codebook beside each.

The query is built with SQLAlchemy Core from the declared ``events`` table (bound parameters,
never string-built SQL), compiled for DuckDB with positional ``?`` parameters and executed on
a DuckDB connection. Files are written to a temporary name in the target directory and renamed,
so a reader never sees half a file.

``as_of`` rebuilds the events as they stood at that time (UTC; a bare date means the end of
that day) by replaying ``event_changes`` committed before it (created rows, updated fields,
retired events). A database without recorded changes falls back to the mentions loaded up to
that time, each summarised into the event it was assigned to. CSV cells of text columns that
start with ``= + - @``, a tab or a carriage return get a leading apostrophe (formula-safe);
numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb
import pandas as pd
import sqlalchemy as sa

from eventpipe.merge import frame_to_rows, sort_key, summarise
from eventpipe.merge_changes import replay_changes
from eventpipe.schema import Schema, conform_frame, get_schema

log = logging.getLogger(__name__)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
Format = Literal["csv", "parquet"]


class ExportError(RuntimeError):
    """An extract could not be written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    codebook_path: Path


def build_query(
    schema: Schema,
    *,
    country: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    event_type: str | Sequence[str] | None = None,
    source: str = "events",
) -> sa.Select[Any]:
    """SELECT of the extract columns of ``events`` (or of the relation ``source`` with the same
    columns) with the filters as bound parameters."""
    events: Any = schema.metadata().tables["events"]
    if source != "events":
        events = sa.table(source, *(sa.column(c.name, c.type) for c in events.columns))
    cols = [events.c[name] for name in schema.csv_columns("events")]
    query = sa.select(*cols)
    if country:
        value = country.strip()
        query = query.where(
            sa.or_(events.c.iso3 == value.upper(), sa.func.lower(events.c.country) == value.lower())
        )
    if since is not None:
        query = query.where(events.c.event_date >= _as_date(since))
    if until is not None:
        query = query.where(events.c.event_date <= _as_date(until))
    if event_type:
        types = [event_type] if isinstance(event_type, str) else list(event_type)
        query = query.where(events.c.event_type.in_(types))
    return query.order_by(
        events.c.event_date.asc().nulls_last(), events.c.iso3, events.c.event_id
    )


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _as_of_bound(as_of: dt.datetime | dt.date | str) -> dt.datetime:
    """Exclusive upper bound on ``ingested_at`` (naive UTC)."""
    if isinstance(as_of, str):
        text = as_of.strip()
        try:
            as_of = (dt.date.fromisoformat(text) if len(text) == 10
                     else dt.datetime.fromisoformat(text))
        except ValueError as exc:
            raise ValueError(f"--as-of must be a date (YYYY-MM-DD) or an ISO timestamp, "
                             f"got {as_of!r}") from exc
    if isinstance(as_of, dt.datetime):
        if as_of.tzinfo is not None:
            as_of = as_of.astimezone(dt.UTC).replace(tzinfo=None)
        return as_of + dt.timedelta(microseconds=1)
    return dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())


def _has_changes(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        row = con.execute("SELECT count(*) FROM event_changes").fetchone()
    except duckdb.CatalogException:  # a database from before the table existed
        return False
    return bool(row and row[0])


def events_as_of(
    con: duckdb.DuckDBPyConnection, as_of: dt.datetime | dt.date | str, schema: Schema
) -> pd.DataFrame:
    """The events table as it stood at ``as_of`` (see the module docstring)."""
    before = _as_of_bound(as_of)
    if _has_changes(con):
        changes = frame_to_rows(con.execute(
            "SELECT * FROM event_changes WHERE changed_at < ?", [before]).df())
        rows = list(replay_changes(changes).values())
        return conform_frame(pd.DataFrame(rows, columns=list(schema.table("events").names)),
                             "events", schema=schema)
    df = con.execute(
        "SELECT m.*, a.published, a.syndication_group, a.source AS article_source "
        "FROM event_mentions m LEFT JOIN articles a ON a.article_id = m.article_id "
        "WHERE m.ingested_at < ?",
        [before],
    ).df()
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in frame_to_rows(df):
        groups.setdefault(str(row["event_id"]), []).append(row)
    columns = schema.table("events").names
    rows = []
    for eid, members in groups.items():
        members.sort(key=sort_key)
        anchor = next((m for m in members if m["mention_id"] == eid), members[0])
        event = summarise(eid, anchor, members, columns)
        last = max(members, key=lambda m: m["ingested_at"])
        event["ingested_at"], event["run_id"] = last["ingested_at"], last["run_id"]
        rows.append(event)
    return conform_frame(pd.DataFrame(rows), "events", schema=schema)


def compile_query(query: sa.Select[Any]) -> tuple[str, list[Any]]:
    """SQL text with ``?`` placeholders and the parameters in order."""
    from duckdb_engine import Dialect

    compiled = query.compile(
        dialect=Dialect(paramstyle="qmark"), compile_kwargs={"render_postcompile": True}
    )
    params = compiled.params
    order = compiled.positiontup or []
    return str(compiled), [params[name] for name in order]


def formula_safe(df: pd.DataFrame, text_columns: Sequence[str]) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would read as a formula with an apostrophe."""
    out = df.copy()
    for col in text_columns:
        series = out[col]
        mask = series.notna() & series.astype("string").str.startswith(FORMULA_PREFIXES)
        if bool(mask.any()):
            out[col] = series.where(~mask, "'" + series.astype("string"))
    return out


def _atomic_write(path: Path, write: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def codebook_path_for(out_path: Path) -> Path:
    return out_path.with_name(f"{out_path.stem}.codebook.md")


def _codebook_text(schema: Schema, filters: dict[str, Any], rows: int, fmt: str) -> str:
    used = ", ".join(f"{k}={v}" for k, v in filters.items() if v is not None) or "none"
    header = (
        f"# Extract: events ({fmt})\n\n"
        f"Rows: {rows}. Filters: {used}.\n"
        f"Columns: {', '.join(schema.csv_columns('events'))}.\n"
        "Text cells that begin with = + - @, a tab or a carriage return carry a leading "
        "apostrophe in CSV extracts (spreadsheet formula protection).\n\n"
    )
    return header + schema.render_codebook(["events"])


def _query(
    con: duckdb.DuckDBPyConnection,
    sch: Schema,
    as_of: dt.datetime | dt.date | str | None,
    country: str | None,
    since: dt.date | str | None,
    until: dt.date | str | None,
    event_type: str | Sequence[str] | None,
) -> pd.DataFrame:
    source = "events"
    if as_of is not None:
        source = "_eventpipe_events_as_of"
        con.register(source, events_as_of(con, as_of, sch))
    try:
        sql, params = compile_query(
            build_query(sch, country=country, since=since, until=until, event_type=event_type,
                        source=source)
        )
        return con.execute(sql, params).df()
    finally:
        if as_of is not None:
            con.unregister(source)


_CHUNK_VECTORS = 5  # DuckDB vectors of 2,048 rows per CSV chunk (~10,000 events)


def _csv_chunks(con: duckdb.DuckDBPyConnection, sch: Schema, as_of: Any, country: str | None,
                since: Any, until: Any, event_type: Any) -> Iterator[pd.DataFrame]:
    """The selected events in chunks, the first one even when empty (it carries the header)."""
    if as_of is not None:  # the as-of view is a data frame already
        yield _query(con, sch, as_of, country, since, until, event_type)
        return
    sql, params = compile_query(build_query(sch, country=country, since=since, until=until,
                                            event_type=event_type, source="events"))
    cur = con.execute(sql, params)
    df = cur.fetch_df_chunk(_CHUNK_VECTORS)
    yield df
    while len(df):
        df = cur.fetch_df_chunk(_CHUNK_VECTORS)
        if len(df):
            yield df


def export_events(
    con_or_db_path: duckdb.DuckDBPyConnection | str | Path,
    out_path: str | Path,
    *,
    country: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    event_type: str | Sequence[str] | None = None,
    fmt: Format = "csv",
    as_of: dt.datetime | dt.date | str | None = None,
    schema: Schema | None = None,
) -> ExportResult:
    """Write the filtered events to ``out_path`` (+ ``<stem>.codebook.md`` beside it)."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
    sch = schema or get_schema()
    out = Path(out_path)
    from eventpipe.store import connect, limit_reader_memory

    if isinstance(con_or_db_path, str | Path):
        con = connect(con_or_db_path, read_only=True)
        limit_reader_memory(con)  # the whole table is read and sorted
    else:
        con = con_or_db_path
    columns = list(sch.csv_columns("events"))
    n_rows = 0
    try:
        if fmt == "csv":
            text_cols = [c.name for c in sch.table("events").columns
                         if c.type == "varchar" and c.name in columns]

            def write_csv(path: Path) -> None:
                # chunk by chunk: memory stays flat however many events the database holds
                nonlocal n_rows
                with path.open("w", encoding="utf-8", newline="") as fh:
                    for i, df in enumerate(_csv_chunks(con, sch, as_of, country, since, until,
                                                       event_type)):
                        safe = formula_safe(conform_frame(df, "events", schema=sch)[columns],
                                            text_cols)
                        safe.to_csv(fh, index=False, header=i == 0, date_format="%Y-%m-%d")
                        n_rows += len(safe)

            _atomic_write(out, write_csv)
        else:
            df = conform_frame(_query(con, sch, as_of, country, since, until, event_type),
                               "events", schema=sch)[columns]
            n_rows = len(df)
            _atomic_write(out, lambda p: df.to_parquet(p, index=False, engine="pyarrow"))
    finally:
        if con is not con_or_db_path:
            con.close()
    cb = codebook_path_for(out)
    filters = {"country": country, "since": since, "until": until, "event_type": event_type,
               "as_of": as_of}
    text = _codebook_text(sch, filters, n_rows, fmt)
    _atomic_write(cb, lambda p: p.write_text(text, encoding="utf-8"))
    log.info("exported %d events to %s", n_rows, out)
    return ExportResult(out, n_rows, cb)


PARQUET_DATASET = "events"


def export_parquet_partitions(
    db_path: str | Path, parquet_dir: str | Path, *, schema: Schema | None = None
) -> Path:
    """Write the events as Parquet files partitioned by event month (Hive layout
    ``year=YYYY/month=M/``; undated events under ``year=__HIVE_DEFAULT_PARTITION__``) and
    publish them atomically: the files go to a new version directory, then the symbolic link
    ``<parquet_dir>/events`` is switched to it with one rename. A reader that resolved the old
    link keeps reading the previous version, which is kept until the next export. Returns the
    link."""
    from eventpipe.store import connect, limit_reader_memory

    sch = schema or get_schema()
    root = Path(parquet_dir)
    versions = root / ".versions"
    versions.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=f"{PARQUET_DATASET}-", dir=versions))
    cols = ", ".join(f'"{c}"' for c in sch.csv_columns("events"))
    con = connect(db_path, read_only=True)
    try:
        limit_reader_memory(con)
        con.execute(
            f"COPY (SELECT {cols}, year(event_date) AS year, month(event_date) AS month "
            "FROM events ORDER BY event_date, event_id) "
            f"TO '{_sql_str(target / 'data')}' (FORMAT parquet, PARTITION_BY (year, month), "
            "OVERWRITE_OR_IGNORE)"
        )
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    finally:
        con.close()
    link = root / PARQUET_DATASET
    if link.exists() and not link.is_symlink():
        raise ExportError(f"{link} exists and is not the symbolic link this export manages")
    previous = link.resolve() if link.is_symlink() else None
    tmp_link = root / f".{PARQUET_DATASET}.{target.name}.link"
    tmp_link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(target / "data", root), tmp_link)
    os.replace(tmp_link, link)
    keep = {target.resolve(), previous.parent if previous else None}
    for old in versions.iterdir():
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)
    log.info("parquet partitions of events -> %s", target)
    return link


def _sql_str(path: Path) -> str:
    return str(path).replace("'", "''")
