"""The nightly Prefect flow: ingest -> code -> validate -> load (+ merge) -> export.

Each task is a thin wrapper over one function of ``eventpipe.pipeline``; the flow holds the
run lock so that two runs never write the same database at once. Only I/O tasks retry.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task

from eventpipe import pipeline
from eventpipe.faults import crash_point
from eventpipe.runlock import run_lock
from eventpipe.settings import Settings


@task(name="ingest", retries=2, retry_delay_seconds=5)
def ingest(settings: Settings) -> Any:
    return pipeline.ingest_stage(settings)


@task(name="code")
def code(articles: list[dict[str, Any]], settings: Settings) -> Any:
    return pipeline.code_articles(articles)


@task(name="validate")
def validate(mentions: list[dict[str, Any]], articles: list[dict[str, Any]],
             settings: Settings) -> Any:
    return pipeline.validate_stage(mentions, articles, settings.max_events_per_article)


@task(name="load", retries=2, retry_delay_seconds=10)
def load(settings: Settings, run_id: str, batch: Any, valid: Any, quarantine: Any,
         summary: pipeline.RunSummary, started_at: datetime) -> pipeline.RunSummary:
    return pipeline.load_stage(settings, run_id, batch, valid, quarantine, summary, started_at)


@task(name="export", retries=2, retry_delay_seconds=5)
def export(settings: Settings, run_day: Any) -> str:
    return pipeline.export_stage(settings, run_day)


@flow(name="eventpipe-nightly", log_prints=False)
def nightly(raw_dir: str | None = None, db: str | None = None,
            curated_dir: str | None = None) -> dict[str, Any]:
    """One nightly run over the raw directory; returns the run summary as a dict."""
    settings = Settings.from_env(raw_dir=raw_dir, db_path=db, curated_dir=curated_dir)
    logger = get_run_logger()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    summary = pipeline.RunSummary(run_id=pipeline.new_run_id())
    t0 = time.perf_counter()
    with run_lock(settings.db_path, timeout_s=settings.lock_timeout_s):
        t = time.perf_counter()
        batch = ingest(settings)
        pipeline.fill_ingest_counts(summary, batch)
        summary.stage_seconds["ingest"] = round(time.perf_counter() - t, 3)
        crash_point("after_ingest")
        t = time.perf_counter()
        mentions = code(batch.articles, settings)
        summary.events_coded = len(mentions)
        summary.stage_seconds["code"] = round(time.perf_counter() - t, 3)
        crash_point("after_code")
        t = time.perf_counter()
        valid, quarantine = validate(mentions, batch.articles, settings)
        summary.rows_quarantined = len(quarantine)
        summary.stage_seconds["validate"] = round(time.perf_counter() - t, 3)
        crash_point("after_validate")
        t = time.perf_counter()
        summary.wall_seconds = round(time.perf_counter() - t0, 3)
        summary = load(settings, summary.run_id, batch, valid, quarantine, summary, started_at)
        summary.stage_seconds["load"] = round(time.perf_counter() - t, 3)
        crash_point("after_load")
        t = time.perf_counter()
        summary.extract_path = export(settings, started_at.date())
        summary.stage_seconds["export"] = round(time.perf_counter() - t, 3)
    summary.wall_seconds = round(time.perf_counter() - t0, 3)
    logger.info("run summary\n%s", summary.render())
    return {**summary.__dict__}
