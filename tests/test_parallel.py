"""Coding across processes gives what a serial run gives; batched runs resume after a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventpipe import parallel, pipeline, syndication_prep
from eventpipe.ingest import ingest_files, scan_raw_dir
from eventpipe.settings import Settings, SettingsError
from eventpipe.syndication import minhash, shingles
from test_flow import snapshot

REPO = Path(__file__).resolve().parents[1]
SAMPLE_RAW = REPO / "data" / "raw"


@pytest.fixture(scope="module")
def sample_articles() -> list[dict[str, Any]]:
    return ingest_files(SAMPLE_RAW, scan_raw_dir(SAMPLE_RAW)).articles


def test_parallel_coding_equals_serial(sample_articles: list[dict[str, Any]],
                                       coder_resources: Any,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Forked workers inherit this process's coder modules and resources, so the comparison
    # holds even while the coder's source changes on disk during the test session.
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ARTICLES", 0)
    monkeypatch.setattr(parallel, "_RESOURCES", coder_resources)
    monkeypatch.setenv("EVENTPIPE_START_METHOD", "fork")
    serial = parallel.code_serial(sample_articles, coder_resources)
    syndication_prep.forget()
    try:
        together = parallel.code_rows(sample_articles, workers=2, chunk_size=3)
    finally:
        parallel.shutdown()
    assert serial, "the sample corpus codes into events"
    assert together == serial
    assert len({m["mention_id"] for m in together}) == len(together)
    # the workers also prepared every article's shingles and signature for the writer
    for text in {str(article["text"]) for article in sample_articles}:
        sh = shingles(text)
        arr, signature = syndication_prep.take(text)  # type: ignore[misc]
        assert arr.tolist() == sorted(sh) and signature == minhash(sh)
    assert syndication_prep.held() == 0


def test_tiny_batches_stay_in_process(sample_articles: list[dict[str, Any]],
                                      coder_resources: Any,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_RESOURCES", coder_resources)
    rows = parallel.code_rows(sample_articles[:3], workers=8)
    assert parallel._POOL is None
    assert rows == parallel.code_serial(sample_articles[:3], coder_resources)


def test_settings_workers_and_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTPIPE_WORKERS", "3")
    monkeypatch.setenv("EVENTPIPE_BATCH_SIZE", "17")
    s = Settings.from_env()
    assert (s.workers, s.batch_size, s.task_runner) == (3, 17, "default")
    assert Settings.from_env(workers=1).workers == 1
    monkeypatch.delenv("EVENTPIPE_WORKERS")
    assert Settings.from_env().workers >= 1
    with pytest.raises(SettingsError):
        Settings.from_env(task_runner="spark")


def test_ingest_stage_writes_bounded_batches(tmp_path: Path) -> None:
    settings = Settings(raw_dir=SAMPLE_RAW, db_path=tmp_path / "c" / "e.duckdb",
                        curated_dir=tmp_path / "c", batch_size=4)
    plan = pipeline.ingest_stage(settings, "run-x")
    batches = [pipeline.read_batch(p) for p in plan.batch_paths]
    assert len(batches) > 2
    assert all(len(manifest) <= 4 for _, manifest in batches)
    whole = ingest_files(SAMPLE_RAW, scan_raw_dir(SAMPLE_RAW))
    assert [a for arts, _ in batches for a in arts] == whole.articles
    assert [m for _, man in batches for m in man] == whole.manifest
    assert plan.articles == len(whole.articles) == plan.stats["items_ingested"]


def _cli(raw: Path, curated: Path, api_url: str, crash_at: str | None = None,
         *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PREFECT_API_URL=api_url, EVENTPIPE_BATCH_SIZE="5")
    env.pop("EVENTPIPE_CRASH_AT", None)
    if crash_at:
        env["EVENTPIPE_CRASH_AT"] = crash_at
    cmd = [sys.executable, "-m", "eventpipe.cli", "run", "--raw-dir", str(raw), "--db",
           str(curated / "events.duckdb"), "--curated-dir", str(curated), *extra]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)


def test_crash_between_batches_then_rerun_equals_clean_run(
        prefect_api_url: str, workdir: dict[str, Path], tmp_path: Path) -> None:
    """Batches of 5 manifest rows commit one by one; a crash after the second leaves two
    committed batches and a 'running' run; the rerun resumes and ends with a clean run's
    database (same batch size)."""
    raw, curated = workdir["raw"], workdir["curated"]
    crashed = _cli(raw, curated, prefect_api_url, "after_batch_2")
    assert crashed.returncode == -9, crashed.stderr[-2000:]
    con = duckdb.connect(str(workdir["db"]), read_only=True)
    partial = con.execute("SELECT count(*) FROM manifest").fetchone()[0]
    status = con.execute("SELECT status FROM runs").fetchall()
    con.close()
    assert partial == 10 and status == [("running",)]
    rerun = _cli(raw, curated, prefect_api_url, None, "--workers", "1")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "resumed" in rerun.stdout
    clean = tmp_path / "clean"
    assert _cli(raw, clean, prefect_api_url).returncode == 0
    assert snapshot(workdir["db"]) == snapshot(clean / "events.duckdb")
    con = duckdb.connect(str(workdir["db"]), read_only=True)
    statuses = sorted(r[0] for r in con.execute("SELECT status FROM runs").fetchall())
    con.close()
    assert statuses == ["failed", "succeeded"]
    assert not (curated / pipeline.STAGING).exists() or not any(
        (curated / pipeline.STAGING).iterdir())


def test_coder_workers_do_not_import_the_writer_libraries() -> None:
    # a coder worker imports eventpipe.parallel (and the coder); pandas, DuckDB or SQLAlchemy
    # there would cost each worker ~120 MB it never uses
    code = ("import sys, eventpipe.parallel, eventpipe.coder; "
            "print(sorted(m for m in ('pandas', 'duckdb', 'sqlalchemy', 'pyarrow', 'yaml') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert out.stdout.strip() == "[]"


def _niceness(_: int) -> int:
    return os.nice(0)


def test_workers_can_run_at_a_lower_priority_than_the_writer(monkeypatch: pytest.MonkeyPatch,
                                                             coder_resources: Any) -> None:
    # the writer is the night's critical path: coder workers can yield the CPU to it
    monkeypatch.setattr(parallel, "_RESOURCES", coder_resources)
    monkeypatch.setenv("EVENTPIPE_START_METHOD", "fork")
    monkeypatch.setenv("EVENTPIPE_WORKER_NICE", "3")
    parent = os.nice(0)
    try:
        seen = set(parallel._pool(2).map(_niceness, range(4)))
    finally:
        parallel.shutdown()
    assert seen == {min(parent + 3, 19)}
    monkeypatch.setenv("EVENTPIPE_WORKER_NICE", "x")
    assert parallel.worker_nice() == parallel.WORKER_NICE
    monkeypatch.setenv("EVENTPIPE_WORKER_NICE", "-4")  # raising a priority is not ours to do
    assert parallel.worker_nice() == 0
    monkeypatch.delenv("EVENTPIPE_WORKER_NICE")
    assert parallel.worker_nice() == parallel.WORKER_NICE
