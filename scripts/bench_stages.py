"""Resident size of the flow process stage by stage: run the real nightly flow in this process
(Prefect, coder workers, export) on a raw directory, with the resident size sampled every 20 ms,
and print for every call of a stage of ``eventpipe.pipeline`` (ingest, code, validate, load,
finish, export; ``code`` runs in a task thread beside validate and load) its start and end
times, the resident size at its start and end and the highest sampled during it.

    python scripts/bench_stages.py RAW_DIR CURATED_DIR [--json OUT]

Generate a corpus first (``scripts/gen_corpus.py 100000 RAW_DIR``). Environment variables of
the writer (``EVENTPIPE_DUCKDB_MEMORY``, ``EVENTPIPE_CACHE_MB``) apply as in a real run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = ("ingest_stage", "code_articles", "validate_stage", "load_stage", "finish_stage",
          "export_stage")


def rss_bytes() -> int:
    """This process's resident size."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * 4096


class Sampler:
    """Samples the resident size every ``interval`` seconds in a daemon thread."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), rss_bytes()))
            self._stop.wait(self.interval)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self, t0: float, t1: float) -> int:
        return max((r for t, r in self.samples if t0 <= t <= t1), default=0)


def instrument(module: Any, names: tuple[str, ...], calls: list[dict[str, Any]]) -> None:
    """Wrap ``module``'s functions ``names``: each call appends its times and sizes."""
    for name in names:
        real: Callable[..., Any] = getattr(module, name)

        def wrapper(*args: Any, _real: Callable[..., Any] = real, _name: str = name,
                    **kwargs: Any) -> Any:
            t0, r0 = time.monotonic(), rss_bytes()
            try:
                return _real(*args, **kwargs)
            finally:
                calls.append({"stage": _name, "t0": t0, "t1": time.monotonic(), "rss0": r0,
                              "rss1": rss_bytes()})

        setattr(module, name, wrapper)


def run(raw: Path, curated: Path) -> dict[str, Any]:
    from eventpipe import pipeline
    from eventpipe.cli import load_nightly_flow

    calls: list[dict[str, Any]] = []
    instrument(pipeline, STAGES, calls)
    with Sampler() as sampler:
        start = time.monotonic()
        summary = load_nightly_flow()(raw_dir=str(raw), db=str(curated / "events.duckdb"),
                                      curated_dir=str(curated))
    mb = 2**20
    rows = [{"stage": c["stage"].removesuffix("_stage").removesuffix("_articles"),
             "t0": round(c["t0"] - start, 1), "t1": round(c["t1"] - start, 1),
             "rss0_mb": c["rss0"] // mb, "rss1_mb": c["rss1"] // mb,
             "peak_mb": sampler.peak(c["t0"], c["t1"]) // mb} for c in calls]
    peak_t, peak = max(sampler.samples, key=lambda s: s[1])
    return {"summary": summary, "stages": rows, "peak_mb": peak // mb,
            "peak_at_s": round(peak_t - start, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", type=Path)
    parser.add_argument("curated", type=Path)
    parser.add_argument("--json", type=Path, default=None, help="Write the result here too.")
    args = parser.parse_args()
    for key, value in (("PREFECT_LOGGING_LEVEL", "WARNING"),
                       ("PREFECT_SERVER_ANALYTICS_ENABLED", "false"), ("DO_NOT_TRACK", "1")):
        os.environ.setdefault(key, value)
    logging.basicConfig(level=logging.WARNING)
    result = run(args.raw, args.curated)
    for row in result["stages"]:
        print(f"{row['stage']:9s} {row['t0']:8.1f} {row['t1']:8.1f} s  start {row['rss0_mb']:5d}"
              f"  end {row['rss1_mb']:5d}  peak {row['peak_mb']:5d} MB")
    print(f"peak {result['peak_mb']} MB at {result['peak_at_s']} s; "
          f"flow {result['summary']['wall_seconds']} s")
    if args.json:
        args.json.write_text(json.dumps(result, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
