"""Per-batch cost of the flow process: validate, load and merge of every batch, in order.

Codes a generated corpus once (cached under the work directory, keyed by the coder version),
then replays the flow's per-batch steps (``validate_stage``, ``load_stage``) on a fresh
database in one process, without Prefect, and prints one line per batch: validate, load and
merge seconds, and the process's peak RSS so far. Growth of the load with the batch index is
what this is for; ``--profile K`` writes a pyinstrument profile of batch K.

    python scripts/bench_batches.py 20000 [--spread night|year] [--work DIR] [--profile 9]
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
log = logging.getLogger("bench_batches")


def _coded(n: int, spread: str, work: Path) -> tuple[list[Path], Path]:
    """Batch files (articles, manifest, mentions) of the corpus, coded once and cached."""
    from eventpipe import parallel, pipeline
    from eventpipe.coder import CODER_VERSION
    from eventpipe.settings import Settings

    sys.path.insert(0, str(REPO / "scripts"))
    from gen_corpus import generate

    root = work / f"n{n}-{spread}"
    cache = root / f"coded-{CODER_VERSION}"
    done = cache / "done.json"
    if done.exists():
        return [cache / name for name in json.loads(done.read_text())], root
    raw = root / "raw"
    if not raw.exists():
        generate(n, raw, spread=spread)
    cache.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env(raw_dir=str(raw), db_path=str(root / "ingest.duckdb"),
                                 curated_dir=str(root / "ingest-curated"))
    plan = pipeline.ingest_stage(settings, "ingest")
    names = []
    try:
        for i, path in enumerate(plan.batch_paths):
            articles, manifest = pipeline.read_batch(path)
            t = time.perf_counter()
            mentions = pipeline.code_articles(articles, workers=settings.workers)
            log.info("coded batch %d (%d articles) in %.1f s", i + 1, len(articles),
                     time.perf_counter() - t)
            name = f"batch-{i + 1:04d}.pkl"
            with (cache / name).open("wb") as fh:
                pickle.dump((articles, manifest, mentions), fh, pickle.HIGHEST_PROTOCOL)
            names.append(name)
    finally:
        parallel.shutdown()
    done.write_text(json.dumps(names))
    return [cache / name for name in names], root


def replay(paths: list[Path], db: Path, profile: int | None, out: Path) -> list[dict[str, Any]]:
    from eventpipe import pipeline, store, store_mentions
    from eventpipe.settings import Settings

    merge_s = [0.0, 0.0]
    real_merge = store_mentions.merge_mentions

    def timed_merge(*args: Any, **kwargs: Any) -> Any:
        t, c = time.perf_counter(), time.process_time()
        try:
            return real_merge(*args, **kwargs)
        finally:
            merge_s[0] += time.perf_counter() - t
            merge_s[1] += time.process_time() - c

    store_mentions.merge_mentions = timed_merge  # type: ignore[assignment]
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    settings = Settings.from_env(raw_dir=str(db.parent), db_path=str(db),
                                 curated_dir=str(db.parent))
    with store.open_store(db):
        pass
    summary = pipeline.RunSummary(run_id=pipeline.new_run_id())
    started = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for i, path in enumerate(paths, 1):
        with path.open("rb") as fh:
            articles, manifest, mentions = pickle.load(fh)  # noqa: S301 - written above
        prof = None
        if profile == i:
            from pyinstrument import Profiler

            prof = Profiler(interval=0.002)
            prof.start()
        cpu0 = time.process_time()
        t = time.perf_counter()
        valid, quarantine = pipeline.validate_stage(mentions, articles, 50)
        t_val = time.perf_counter() - t
        cpu_val = time.process_time() - cpu0
        merge_s[0] = merge_s[1] = 0.0
        t = time.perf_counter()
        counts = pipeline.load_stage(settings, summary.run_id, articles, manifest, valid,
                                     quarantine, summary, started)
        t_load = time.perf_counter() - t
        cpu = time.process_time() - cpu0
        if prof is not None:
            prof.stop()
            (out / f"profile-batch{i}.txt").write_text(prof.output_text(unicode=False,
                                                                        show_all=False))
            prof.last_session.save(str(out / f"profile-batch{i}.pyisession"))
        pipeline.add_load_counts(summary, counts)
        row = {"batch": i, "validate": round(t_val, 2), "load": round(t_load - merge_s[0], 2),
               "merge": round(merge_s[0], 2), "cpu": round(cpu, 2),
               "cpu_validate": round(cpu_val, 2), "cpu_merge": round(merge_s[1], 2),
               "cpu_load_other": round(cpu - cpu_val - merge_s[1], 2),
               "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
               "rss_now_mb": psutil.Process().memory_info().rss // 2**20}
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("--spread", choices=["night", "year"], default="night")
    parser.add_argument("--work", type=Path, default=Path("/tmp/eventpipe-bench-batches"))
    parser.add_argument("--profile", type=int, default=None, help="Profile this batch (1-based).")
    parser.add_argument("--db", type=Path, default=None,
                        help="Database to write (default: replay.duckdb beside the corpus).")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    paths, root = _coded(args.n, args.spread, args.work)
    rows = replay(paths, args.db or root / "replay.duckdb", args.profile, root)
    tot = {k: round(sum(r[k] for r in rows), 1)
           for k in ("validate", "load", "merge", "cpu", "cpu_validate", "cpu_merge",
                     "cpu_load_other")}
    print(json.dumps({"total": tot, "peak_rss_mb": rows[-1]["rss_mb"] if rows else 0}))


if __name__ == "__main__":
    main()
