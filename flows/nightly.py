"""The nightly Prefect flow: ingest -> per batch (code -> validate -> load + merge) -> export.

Each task is a thin wrapper over one function of ``eventpipe.pipeline``; the flow holds the
run lock so that two runs never write the same database at once. Only I/O tasks retry.

Coding is the only distributed stage: ``code`` tasks are *submitted* to the flow's task runner
(threads driving the coder process pool by default; Dask workers with
:func:`nightly_with_runner`), and the next batch codes while this one is validated and loaded.
Validation and loading are *called* in the flow's own process: the DuckDB writer stays single.
Batch-sized arguments are passed ``quote``-d: Prefect then neither walks them looking for
futures nor copies them (for 2,000 articles and their mentions that walk cost seconds a batch).
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.utilities.annotations import quote

from eventpipe import parallel, pipeline
from eventpipe.faults import crash_point
from eventpipe.runlock import run_lock
from eventpipe.settings import Settings

#: Articles per Dask task (a Dask worker codes its chunk serially with its cached resources).
DASK_CHUNK = 200


@task(name="ingest", retries=2, retry_delay_seconds=5)
def ingest(settings: Settings, run_id: str) -> Any:
    return pipeline.ingest_stage(settings, run_id)


@task(name="code", cache_policy=NO_CACHE)
def code(articles: list[dict[str, Any]], workers: int) -> Any:
    # Returned inside a tuple: Prefect remembers every item of a list a task returns for the
    # rest of the flow run (FlowRunContext.run_results, keyed by id), one entry per mention
    # (~4,000 a batch, ~200,000 in a 100k night); of a tuple it remembers only the list.
    return (pipeline.code_articles(articles, workers=workers),)


@task(name="validate", cache_policy=NO_CACHE)
def validate(mentions: list[dict[str, Any]], articles: list[dict[str, Any]],
             settings: Settings) -> Any:
    return pipeline.validate_stage(mentions, articles, settings.max_events_per_article)


@task(name="load", retries=2, retry_delay_seconds=10, cache_policy=NO_CACHE)
def load(settings: Settings, run_id: str, articles: Any, manifest: Any, valid: Any,
         quarantine: Any, summary: pipeline.RunSummary, started_at: datetime) -> Any:
    return pipeline.load_stage(settings, run_id, articles, manifest, valid, quarantine, summary,
                               started_at)


@task(name="finish", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def finish(settings: Settings, summary: pipeline.RunSummary) -> None:
    pipeline.finish_stage(settings, summary)


@task(name="export", retries=2, retry_delay_seconds=5)
def export(settings: Settings, run_day: Any) -> str:
    return pipeline.export_stage(settings, run_day)


def _on_dask() -> bool:
    ctx = FlowRunContext.get()
    return ctx is not None and type(ctx.task_runner).__name__ == "DaskTaskRunner"


def _submit_code(articles: list[dict[str, Any]], workers: int, dask: bool) -> list[Any]:
    if not articles:
        return []
    if dask:
        # not quote-d: a Dask worker would receive the annotation itself, not the list
        return [code.submit(part, 1) for part in parallel.chunks(articles, DASK_CHUNK)]
    return [code.submit(quote(articles), workers)]


@flow(name="eventpipe-nightly", log_prints=False)
def nightly(raw_dir: str | None = None, db: str | None = None, curated_dir: str | None = None,
            workers: int | None = None, batch_size: int | None = None) -> dict[str, Any]:
    """One nightly run over the raw directory; returns the run summary as a dict."""
    settings = Settings.from_env(raw_dir=raw_dir, db_path=db, curated_dir=curated_dir,
                                 workers=workers, batch_size=batch_size)
    logger = get_run_logger()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    summary = pipeline.RunSummary(run_id=pipeline.new_run_id())
    dask = _on_dask()
    t0 = time.perf_counter()
    try:
        with run_lock(settings.db_path, timeout_s=settings.lock_timeout_s):
            t = time.perf_counter()
            plan = ingest(settings, summary.run_id)
            pipeline.fill_ingest_counts(summary, plan)
            summary.add_time("ingest", time.perf_counter() - t)
            summary.batches = len(plan.batch_paths)
            n_workers = 1 if plan.articles < parallel.MIN_PARALLEL_ARTICLES else settings.workers
            summary.workers = n_workers
            crash_point("after_ingest")
            ahead = None
            for i, path in enumerate(plan.batch_paths or [None]):
                if ahead is None:
                    ahead = pipeline.read_batch(path) if path else ([], [])
                    ahead = (*ahead, _submit_code(ahead[0], n_workers, dask))
                articles, manifest, futures = ahead
                t = time.perf_counter()
                mentions = [m for f in futures for m in f.result()[0]]
                summary.add_time("code", time.perf_counter() - t)
                summary.events_coded += len(mentions)
                ahead = None
                if i + 1 < len(plan.batch_paths):  # code the next batch while this one loads
                    nxt = pipeline.read_batch(plan.batch_paths[i + 1])
                    ahead = (*nxt, _submit_code(nxt[0], n_workers, dask))
                crash_point("after_code")
                t = time.perf_counter()
                valid, quarantine = validate(quote(mentions), quote(articles), settings)
                summary.rows_quarantined += len(quarantine)
                summary.add_time("validate", time.perf_counter() - t)
                crash_point("after_validate")
                t = time.perf_counter()
                counts = load(settings, summary.run_id, quote(articles), quote(manifest),
                              quote(valid), quote(quarantine), summary, started_at)
                pipeline.add_load_counts(summary, counts)
                summary.add_time("load", time.perf_counter() - t)
                # the batch is written: hold none of it while the next one is read and coded
                del articles, manifest, futures, mentions, valid, quarantine, counts
                crash_point(f"after_batch_{i + 1}")
            t = time.perf_counter()
            finish(settings, summary)
            summary.add_time("load", time.perf_counter() - t)
            crash_point("after_load")
            t = time.perf_counter()
            summary.extract_path = export(settings, started_at.date())
            summary.add_time("export", time.perf_counter() - t)
    finally:
        if not dask:
            parallel.shutdown()
    summary.wall_seconds = round(time.perf_counter() - t0, 3)
    logger.info("run summary\n%s", summary.render())
    return {**summary.__dict__}


def nightly_with_runner(settings: Settings) -> Any:
    """The flow with the task runner ``settings`` asks for: Prefect's default, or a
    ``DaskTaskRunner`` on the cluster at ``settings.dask_address`` (a local cluster of
    ``settings.workers`` single-threaded worker processes when no address is given)."""
    if settings.task_runner != "dask":
        return nightly
    import cloudpickle
    from prefect_dask import DaskTaskRunner

    # This file is loaded by path, so Dask workers cannot import it: ship its tasks by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    if settings.dask_address:
        runner = DaskTaskRunner(address=settings.dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": settings.workers,
                                                "threads_per_worker": 1, "processes": True})
    return nightly.with_options(task_runner=runner)
