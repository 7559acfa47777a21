"""The stages of one run as plain functions; ``flows/nightly.py`` wraps each in a Prefect task.

ingest -> (per batch: code -> validate -> load + merge) -> finish -> export. None of them knows
about Prefect.

Streaming: :func:`ingest_stage` reads the raw files once and writes batches of at most
``Settings.batch_size`` manifest rows (with their articles) to a staging directory of the run;
the flow then codes, validates and loads one batch at a time, so memory does not grow with the
night's size.

Transactions: each batch is loaded by :func:`eventpipe.store.load_run` in one transaction
(its articles, manifest rows, mentions, quarantine rows, merged events and the ``runs`` row,
status ``running``); :func:`finish_stage` marks the run ``succeeded``. A crash leaves whole
batches committed and nothing of the others. The rerun resumes (see :func:`resume_state`):
files whose file-level manifest row is stored are skipped, rows the unfinished run already
stored are dropped before batching (so the remaining batches have the same boundaries as in
one clean run), and duplicates of its articles keep the reason "ingested earlier in this run".
All ids are deterministic and every insert is ``ON CONFLICT DO NOTHING``, so the rerun leaves
the database a clean run would have written.
"""

from __future__ import annotations

import logging
import pickle
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from eventpipe import store
from eventpipe.coder import CODER_VERSION
from eventpipe.export import export_events, export_parquet_partitions
from eventpipe.ingest import IngestBatch, IngestLimits, IngestStats, iter_ingest, scan_raw_dir
from eventpipe.parallel import code_rows, code_serial
from eventpipe.settings import Settings
from eventpipe.validate import validate_mentions

log = logging.getLogger(__name__)

STAGING = ".staging"
_COUNTERS = {"ingested": "items_ingested", "duplicate": "items_duplicate",
             "rejected": "items_rejected"}


@dataclass
class RunSummary:
    """What one run did; printed by the CLI and stored in the ``runs`` table."""

    run_id: str
    coder_version: str = CODER_VERSION
    files_seen: int = 0
    files_skipped: int = 0
    items_ingested: int = 0
    items_duplicate: int = 0
    items_rejected: int = 0
    events_coded: int = 0
    rows_quarantined: int = 0
    mentions_loaded: int = 0
    events_loaded: int = 0
    wall_seconds: float = 0.0
    batches: int = 0
    workers: int = 1
    resumed_runs: list[str] = field(default_factory=list)
    extract_path: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def render(self) -> str:
        lines = [
            f"eventpipe run {self.run_id} (coder {self.coder_version})",
            f"  files seen       {self.files_seen:>7}  (already processed: {self.files_skipped})",
            f"  items ingested   {self.items_ingested:>7}",
            f"  items duplicate  {self.items_duplicate:>7}",
            f"  items rejected   {self.items_rejected:>7}",
            f"  events coded     {self.events_coded:>7}",
            f"  rows quarantined {self.rows_quarantined:>7}",
            f"  mentions loaded  {self.mentions_loaded:>7}",
            f"  events loaded    {self.events_loaded:>7}",
            f"  batches          {self.batches:>7}  (coder workers: {self.workers})",
            f"  wall time        {self.wall_seconds:>7.2f} s",
        ]
        if self.stage_seconds:
            lines.append("  stages (s)       " + ", ".join(
                f"{k} {v:.2f}" for k, v in self.stage_seconds.items()))
        if self.resumed_runs:
            lines.append(f"  resumed          {', '.join(self.resumed_runs)}")
        if self.extract_path:
            lines.append(f"  extract          {self.extract_path}")
        return "\n".join(lines)

    def as_row(self, started_at: datetime, status: str) -> dict[str, Any]:
        skip = ("extract_path", "stage_seconds", "batches", "workers", "resumed_runs")
        row = {k: v for k, v in asdict(self).items() if k not in skip}
        row.update(started_at=started_at, finished_at=datetime.now(UTC).replace(tzinfo=None),
                   status=status)
        return row

    def add_time(self, stage: str, seconds: float) -> None:
        self.stage_seconds[stage] = round(self.stage_seconds.get(stage, 0.0) + seconds, 3)


@dataclass
class IngestPlan:
    """What :func:`ingest_stage` wrote: the batch files (in order) and the run's counters."""

    staging_dir: str
    batch_paths: list[str]
    stats: dict[str, int]
    articles: int
    resumed_runs: list[str]


@dataclass
class ResumeState:
    """What the database knows before a run (see the module docstring)."""

    file_hashes: set[str]
    content: dict[str, str]  # content_hash -> article_id
    article_ids: set[str]
    resumed_runs: list[str]
    resumed_manifest_ids: set[str]
    resumed_article_ids: set[str]


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _column(con: store.Con, sql: str, params: list[Any] | None = None) -> list[Any]:
    return [r[0] for r in con.execute(sql, params or []).fetchall()]


def resume_state(con: store.Con) -> ResumeState:
    """Files fully processed (a file-level manifest row exists), stored texts and ids, and what
    unfinished runs (status ``running``: they crashed, since the caller holds the run lock)
    already committed."""
    content = dict(con.execute("SELECT content_hash, article_id FROM articles").fetchall())
    runs = sorted(_column(con, "SELECT run_id FROM runs WHERE status = 'running'"))
    man: set[str] = set()
    arts: set[str] = set()
    if runs:
        man = set(_column(con, "SELECT manifest_id FROM manifest WHERE list_contains(?, run_id)",
                          [runs]))
        arts = set(_column(con, "SELECT article_id FROM articles WHERE list_contains(?, run_id)",
                           [runs]))
    return ResumeState(
        file_hashes=set(_column(
            con, "SELECT DISTINCT file_hash FROM manifest WHERE item_key IS NULL")),
        content=content, article_ids=set(content.values()), resumed_runs=runs,
        resumed_manifest_ids=man, resumed_article_ids=arts)


def _new_rows(batches: Iterator[IngestBatch], state: ResumeState, stats: IngestStats
              ) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(manifest row, its article row or None) not yet stored by an unfinished run; adds
    every batch's counters to ``stats`` minus the rows dropped."""
    this_run = ", ingested earlier in this run"
    for batch in batches:
        stats.add(batch.stats)
        articles = {a["article_id"]: a for a in batch.articles}
        for row in batch.manifest:
            if row["manifest_id"] in state.resumed_manifest_ids:
                counter = _COUNTERS.get(row["outcome"])
                if counter:
                    setattr(stats, counter, getattr(stats, counter) - 1)
                continue
            if row["outcome"] == "duplicate" and row.get("article_id") in \
                    state.resumed_article_ids:
                row["reason"] = f"same text as article {row['article_id']!r}{this_run}"
            article = articles.get(row["article_id"]) if row["outcome"] == "ingested" else None
            yield row, article


def ingest_stage(settings: Settings, run_id: str) -> IngestPlan:
    """Read every raw file not processed before into batch files under the staging directory."""
    with store.connect(settings.db_path, read_only=False, timeout_s=settings.lock_timeout_s) as con:
        store.ensure_schema(con)
        state = resume_state(con)
    raw_dir = settings.raw_dir
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory {raw_dir} does not exist")
    root = settings.curated_dir / STAGING
    shutil.rmtree(root, ignore_errors=True)  # batches of crashed runs: the run lock is ours
    staging = root / run_id
    staging.mkdir(parents=True)
    stats = IngestStats()
    stream = iter_ingest(raw_dir, scan_raw_dir(raw_dir), seen_file_hashes=state.file_hashes,
                         seen_content_hashes=state.content, seen_article_ids=state.article_ids,
                         limits=IngestLimits(max_article_bytes=settings.max_article_bytes),
                         batch_size=1)
    paths: list[str] = []
    n_articles = 0
    manifest: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []

    def flush() -> None:
        path = staging / f"batch-{len(paths) + 1:06d}.pkl"
        with path.open("wb") as fh:
            pickle.dump((articles, manifest), fh, protocol=pickle.HIGHEST_PROTOCOL)
        paths.append(str(path))

    for row, article in _new_rows(stream, state, stats):
        manifest.append(row)
        if article is not None:
            articles.append(article)
            n_articles += 1
        if len(manifest) >= settings.batch_size:
            flush()
            manifest, articles = [], []
    if manifest:
        flush()
    return IngestPlan(str(staging), paths, stats.as_dict(), n_articles, state.resumed_runs)


def read_batch(path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(article rows, manifest rows) of one staged batch."""
    with open(path, "rb") as fh:
        articles, manifest = pickle.load(fh)  # noqa: S301 - written by ingest_stage of this run
    return articles, manifest


def code_articles(articles: list[dict[str, Any]], resources: Any = None, workers: int = 1
                  ) -> list[dict[str, Any]]:
    """Mention rows with ids of the articles, coded on ``workers`` processes (identical rows,
    in the same order, whatever the number of workers)."""
    if resources is not None:
        return code_serial(articles, resources)
    return code_rows(articles, workers)


def validate_stage(mentions: list[dict[str, Any]], articles: list[dict[str, Any]],
                   max_events_per_article: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the generated GX suite; return (rows to load, quarantine rows)."""
    result = validate_mentions(
        pd.DataFrame(mentions),
        {a["article_id"]: a["text"] for a in articles},
        published={a["article_id"]: a.get("published") for a in articles},
        content_hashes={a["article_id"]: a["content_hash"] for a in articles},
        max_events_per_article=max_events_per_article)
    return result.valid, result.quarantine


def load_stage(settings: Settings, run_id: str, articles: list[dict[str, Any]],
               manifest: list[dict[str, Any]], valid: pd.DataFrame, quarantine: pd.DataFrame,
               summary: RunSummary, started_at: datetime) -> store.LoadCounts:
    """Write one batch in one transaction (articles, manifest, mentions merged into events,
    quarantine, the ``runs`` row with status ``running``)."""
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        if not store.tables_ready(con):  # ingest_stage ran ensure_schema for this run
            store.ensure_schema(con)
        return store.load_run(con, store.RunData(
            run_id=run_id, articles=articles, manifest=manifest, mentions=valid,
            quarantine=quarantine, status="running",
            run_row=summary.as_row(started_at, "running")))


def finish_stage(settings: Settings, summary: RunSummary) -> None:
    """Mark the run ``succeeded`` with its totals; runs it resumed become ``failed``."""
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        con.begin()
        try:
            for run_id in summary.resumed_runs:
                store.finish_run(con, run_id, "failed")
            store.finish_run(
                con, summary.run_id, "succeeded", files_seen=summary.files_seen,
                files_skipped=summary.files_skipped, items_ingested=summary.items_ingested,
                items_duplicate=summary.items_duplicate, items_rejected=summary.items_rejected,
                events_coded=summary.events_coded, rows_quarantined=summary.rows_quarantined,
                mentions_loaded=summary.mentions_loaded, events_loaded=summary.events_loaded)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    shutil.rmtree(settings.curated_dir / STAGING / summary.run_id, ignore_errors=True)


def export_stage(settings: Settings, run_day: date) -> str:
    """Write the daily extract (all events known on ``run_day``) with its codebook, and the
    Parquet partitions by event month under ``Settings.parquet_dir``."""
    settings.extracts_dir.mkdir(parents=True, exist_ok=True)
    out = settings.extracts_dir / f"events_{run_day.isoformat()}.csv"
    result = export_events(settings.db_path, out, fmt="csv")
    export_parquet_partitions(settings.db_path, settings.parquet_dir)
    return str(result.path)


def fill_ingest_counts(summary: RunSummary, plan: IngestPlan) -> None:
    for key, value in plan.stats.items():
        setattr(summary, key, value)
    summary.resumed_runs = list(plan.resumed_runs)


def add_load_counts(summary: RunSummary, counts: store.LoadCounts) -> None:
    summary.mentions_loaded += counts.mentions_inserted
    summary.events_loaded += counts.events_written


def staging_path(settings: Settings, run_id: str) -> Path:
    return settings.curated_dir / STAGING / run_id
