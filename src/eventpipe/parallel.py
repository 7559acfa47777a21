"""Coding across processes: coder resources built once per worker, results in input order.

:func:`code_rows` codes article rows (dicts of the ``articles`` table) into mention rows with
their ``mention_id``. With ``workers == 1`` (or a batch too small to be worth a process
hand-off, unless the pool is already running) it codes in this process with resources cached
per process; otherwise it uses a persistent process pool whose initializer calls
:func:`eventpipe.coder.load_resources` once per worker. Chunks are mapped in order and
concatenated, so the output is identical to a serial run. Call :func:`shutdown` when a run
ends (the flow does). The workers also compute the articles' syndication shingles and MinHash
signatures, which the writer then need not compute (:mod:`eventpipe.syndication_prep`).

The pool uses the ``forkserver`` start method on Linux: the flow process has threads (Prefect's
event loop and API client), and forking a threaded process can deadlock the child. Workers are
forked from a clean server process instead; set ``EVENTPIPE_START_METHOD=fork`` to fork directly.

``EVENTPIPE_WORKER_NICE=N`` runs the workers N niceness steps below the flow process (default
0: the same priority). The single writer (validation, merge, load) is the night's critical path
and coding runs a batch ahead of it, so on contended cores a lower worker priority lets the
writer run at full speed: the 100k night took 447 s with 10 steps against 521 s without, but the
flow process's peak was ~30 MB higher (docs/benchmarks.md), so it is not the default.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from typing import Any

from eventpipe import ids, syndication_prep
from eventpipe.coder import Article, code_article, load_resources

log = logging.getLogger(__name__)

#: Below this many articles a batch is coded in-process (a hand-off costs more than it saves).
MIN_PARALLEL_ARTICLES = 64
#: Articles per task sent to a worker: small enough to balance, large enough to amortise IPC.
CHUNK_ARTICLES = 50

_RESOURCES: Any = None
_POOL: ProcessPoolExecutor | None = None
_POOL_WORKERS = 0
_POOL_LOCK = threading.Lock()
#: Niceness steps added to each worker process unless ``EVENTPIPE_WORKER_NICE`` says otherwise.
WORKER_NICE = 0


def default_workers() -> int:
    """CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def resources() -> Any:
    """The coder resources of this process, built on first use."""
    global _RESOURCES
    if _RESOURCES is None:
        _RESOURCES = load_resources()
    return _RESOURCES


def worker_nice() -> int:
    """Niceness steps for coder workers: ``EVENTPIPE_WORKER_NICE`` or :data:`WORKER_NICE`."""
    raw = os.environ.get("EVENTPIPE_WORKER_NICE", "").strip()
    try:
        return max(0, int(raw)) if raw else WORKER_NICE
    except ValueError:
        log.warning("EVENTPIPE_WORKER_NICE=%r is not an integer; using %d", raw, WORKER_NICE)
        return WORKER_NICE


def _init_worker(nice: int = 0) -> None:
    if nice and hasattr(os, "nice"):
        try:
            os.nice(nice)
        except OSError as exc:  # not permitted here: keep the parent's priority
            log.warning("could not lower the coder worker's priority: %s", exc)
    resources()


def article_of(row: dict[str, Any]) -> Article:
    published = row.get("published")
    if isinstance(published, datetime):
        published = published.date()
    return Article(article_id=row["article_id"], text=row["text"],
                   published=published if isinstance(published, date) else None,
                   source=row.get("source"), title=row.get("title"), url=row.get("url"))


def code_serial(rows: Iterable[dict[str, Any]], res: Any = None) -> list[dict[str, Any]]:
    """Mention rows of ``rows`` coded in this process (the reference for parallel runs)."""
    res = res if res is not None else resources()
    mentions: list[dict[str, Any]] = []
    for row in rows:
        for rec in code_article(article_of(row), res):
            rec["mention_id"] = ids.mention_id(row["content_hash"], rec)
            rec["event_id"] = None
            mentions.append(rec)
    return mentions


_ARTICLE_FIELDS = ("article_id", "content_hash", "text", "published", "source", "title", "url")


def _code_chunk(rows: list[dict[str, Any]]
                ) -> tuple[list[dict[str, Any]], list[syndication_prep.Prepared]]:
    """Mention rows of a chunk, and its articles' shingles and signatures for the writer."""
    return code_serial(rows), [syndication_prep.prepare(str(r.get("text"))) for r in rows]


def _pool(workers: int) -> ProcessPoolExecutor:
    global _POOL, _POOL_WORKERS
    with _POOL_LOCK:
        if _POOL is not None and _POOL_WORKERS != workers:
            _POOL.shutdown(wait=True)
            _POOL = None
        if _POOL is None:
            method = os.environ.get("EVENTPIPE_START_METHOD") or (
                "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
            log.info("starting %d coder worker processes (%s)", workers, method)
            _POOL = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context(method),
                                        initializer=_init_worker,
                                        initargs=(worker_nice(),))
            _POOL_WORKERS = workers
        return _POOL


def shutdown() -> None:
    """Stop the worker pool, if one was started."""
    global _POOL, _POOL_WORKERS
    with _POOL_LOCK:
        if _POOL is not None:
            _POOL.shutdown(wait=True, cancel_futures=True)
            _POOL = None
            _POOL_WORKERS = 0


def chunks(rows: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(rows[i:i + size]) for i in range(0, len(rows), size)]


def code_rows(rows: Sequence[dict[str, Any]], workers: int = 1,
              chunk_size: int = CHUNK_ARTICLES) -> list[dict[str, Any]]:
    """Mention rows (with ``mention_id``) of the article rows, coded on ``workers`` processes;
    the same rows, in the same order, as :func:`code_serial`."""
    if not rows:
        return []
    if workers <= 1 or (len(rows) < MIN_PARALLEL_ARTICLES and _POOL_WORKERS != workers):
        return code_serial(rows)  # a small batch: no pool (a running pool takes it, so the
        # flow process never loads the coder resources just for a night's last few articles)
    slim = [{k: row.get(k) for k in _ARTICLE_FIELDS} for row in rows]
    mentions: list[dict[str, Any]] = []
    for part, prepared in _pool(workers).map(_code_chunk, chunks(slim, chunk_size)):
        mentions.extend(part)
        syndication_prep.remember(prepared)
    return mentions
