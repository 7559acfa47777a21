"""Crash safety: the pipeline process is killed (SIGKILL) at every stage boundary and rerun; the
database then equals that of one clean run ("the same database" of DESIGN.md: equal articles,
manifest, event_mentions, events and quarantine, per-run columns aside), with no duplicates,
no missing rows and a consistent manifest.

The crashed runs are real `eventpipe run` subprocesses, one per crash point, started together
(each on its own copy of the sample corpus); the reruns use the nightly flow in this process
(same code path, no second interpreter start-up), and the clean snapshot is the session's
``sample_run``, shared by every case.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dbsnapshot import COMPARED_TABLES, snapshot
from eventpipe.faults import CRASH_POINTS

REPO = Path(__file__).resolve().parents[1]
SAMPLE_RAW = REPO / "data" / "raw"
KEYS = {"articles": "article_id", "manifest": "manifest_id", "event_mentions": "mention_id",
        "events": "event_id", "quarantine": "quarantine_id"}


def consistency_problems(db: Path, raw: Path) -> list[str]:
    """Duplicates, orphans and files without an outcome; empty when the database is sound."""
    con = duckdb.connect(str(db), read_only=True)
    problems: list[str] = []
    try:
        for table, key in KEYS.items():
            dup = con.execute(f"SELECT count(*) - count(DISTINCT {key}) FROM {table}").fetchone()
            if dup[0]:
                problems.append(f"{table}: {dup[0]} duplicate {key}")
        checks = {
            "ingested manifest rows without their article":
                "SELECT count(*) FROM manifest m WHERE m.outcome = 'ingested' AND NOT EXISTS "
                "(SELECT 1 FROM articles a WHERE a.article_id = m.article_id)",
            "articles without an ingested manifest row":
                "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM manifest m "
                "WHERE m.article_id = a.article_id AND m.outcome = 'ingested')",
            "mentions without their article":
                "SELECT count(*) FROM event_mentions m WHERE NOT EXISTS "
                "(SELECT 1 FROM articles a WHERE a.article_id = m.article_id)",
            "mentions without their event":
                "SELECT count(*) FROM event_mentions m WHERE NOT EXISTS "
                "(SELECT 1 FROM events e WHERE e.event_id = m.event_id)",
            "events without a mention":
                "SELECT count(*) FROM events e WHERE NOT EXISTS "
                "(SELECT 1 FROM event_mentions m WHERE m.event_id = e.event_id)",
        }
        for what, sql in checks.items():
            n = con.execute(sql).fetchone()[0]
            if n:
                problems.append(f"{n} {what}")
        files = {r[0] for r in con.execute(
            "SELECT raw_path FROM manifest WHERE item_key IS NULL").fetchall()}
    finally:
        con.close()
    expected = {p.relative_to(raw).as_posix() for p in raw.rglob("*")
                if p.is_file() and p.name != "README.md" and not p.name.startswith(".")}
    if files != expected:
        problems.append(f"files without exactly one outcome: {sorted(files ^ expected)}")
    return problems


def cli_env(api_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("EVENTPIPE_") or k == "EVENTPIPE_FLOWS_DIR"}
    env["PREFECT_API_URL"] = api_url
    env.update(extra)
    return env


def cli_run_cmd(wd: dict[str, Path]) -> list[str]:
    return [sys.executable, "-m", "eventpipe.cli", "run", "--raw-dir", str(wd["raw"]),
            "--db", str(wd["db"]), "--curated-dir", str(wd["curated"])]


def run_in_process(wd: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                   **env: str) -> dict[str, Any]:
    from eventpipe.cli import load_nightly_flow

    for var in [k for k in os.environ if k.startswith("EVENTPIPE_")]:
        if var != "EVENTPIPE_FLOWS_DIR":
            monkeypatch.delenv(var)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return load_nightly_flow()(raw_dir=str(wd["raw"]), db=str(wd["db"]),
                               curated_dir=str(wd["curated"]))


def new_workdir(base: Path) -> dict[str, Path]:
    raw = base / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    return {"raw": raw, "curated": base / "curated", "db": base / "curated" / "events.duckdb"}


# (crash point, EVENTPIPE_BATCH_SIZE or None for the default): every stage boundary of a
# one-batch run, plus a crash between the batches of a run loaded in several transactions
CASES = [(point, None) for point in CRASH_POINTS] + [("after_batch_2", "5")]


def case_id(point: str, batch: str | None) -> str:
    return point if batch is None else f"{point}-batch{batch}"


@pytest.fixture(scope="module")
def crashed(prefect_api_url: str, tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, tuple[dict[str, Path], int, str]]:
    """One `eventpipe run` killed at each case's crash point, all started at once:
    case id -> (workdir, return code, stderr)."""
    procs = {}
    for point, batch in CASES:
        key = case_id(point, batch)
        wd = new_workdir(tmp_path_factory.mktemp(f"crash-{key}"))
        env = {"EVENTPIPE_CRASH_AT": point} | ({"EVENTPIPE_BATCH_SIZE": batch} if batch else {})
        procs[key] = (wd, subprocess.Popen(
            cli_run_cmd(wd), env=cli_env(prefect_api_url, **env),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    out = {}
    for key, (wd, proc) in procs.items():
        _, err = proc.communicate(timeout=900)
        out[key] = (wd, proc.returncode, err)
    return out


@pytest.fixture(scope="module")
def clean_snapshots(sample_run: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
                    ) -> dict[str | None, dict[str, list[tuple[Any, ...]]]]:
    """One clean run per batch size, shared by every crash case (the default-size one is the
    session's ``sample_run``)."""
    out: dict[str | None, dict[str, list[tuple[Any, ...]]]] = {
        None: snapshot(sample_run["wd"]["db"])}
    with pytest.MonkeyPatch.context() as mp:
        for batch in {b for _, b in CASES if b}:
            wd = new_workdir(tmp_path_factory.mktemp(f"clean-batch{batch}"))
            run_in_process(wd, mp, EVENTPIPE_BATCH_SIZE=batch)
            out[batch] = snapshot(wd["db"])
    return out


def test_every_stage_boundary_is_covered() -> None:
    assert set(CRASH_POINTS) == {"after_ingest", "after_code", "after_validate", "during_load",
                                 "after_load"}


def _table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in (*COMPARED_TABLES, "runs")}
    finally:
        con.close()


@pytest.mark.parametrize("crash_at, batch", CASES, ids=[case_id(*c) for c in CASES])
def test_sigkill_then_rerun_equals_one_clean_run(
    prefect_api_url: str, monkeypatch: pytest.MonkeyPatch,
    crashed: dict[str, tuple[dict[str, Path], int, str]],
    clean_snapshots: dict[str | None, dict[str, list[tuple[Any, ...]]]], crash_at: str,
    batch: str | None,
) -> None:
    wd, returncode, stderr = crashed[case_id(crash_at, batch)]
    clean = clean_snapshots[batch]
    assert returncode == -9, stderr[-3000:]
    after_crash = _table_counts(wd["db"])
    crashed_state = snapshot(wd["db"])
    if crash_at == "after_load":  # everything had committed before the kill (articles and
        # manifest compared: they do not depend on the coder, which this run imported anew)
        assert {t: crashed_state[t] for t in ("articles", "manifest")} == {
            t: clean[t] for t in ("articles", "manifest")}
    elif crash_at.startswith("after_batch_"):  # whole batches committed, the rest not
        assert 0 < after_crash["manifest"] < len(clean["manifest"])
    else:  # nothing of the crashed run is visible
        assert set(after_crash.values()) == {0}
    # the killed process left its lock file behind; the kernel released the lock itself, so
    # the rerun gets it at once (a zero lock timeout would refuse a held lock)
    env = {"EVENTPIPE_LOCK_TIMEOUT": "0"} | ({"EVENTPIPE_BATCH_SIZE": batch} if batch else {})
    rerun = run_in_process(wd, monkeypatch, **env)
    if crash_at == "after_load":
        assert snapshot(wd["db"]) == crashed_state  # the rerun found nothing to do
    else:
        assert snapshot(wd["db"]) == clean
    assert consistency_problems(wd["db"], wd["raw"]) == []
    con = duckdb.connect(str(wd["db"]), read_only=True)
    runs = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
    n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    assert runs.pop(rerun["run_id"]) == "succeeded"
    assert "running" not in runs.values(), "no run is left looking unfinished"
    if crash_at == "after_load":
        assert list(runs.values()) == ["succeeded"] and rerun["items_ingested"] == 0
    elif after_crash["runs"] == 0:
        assert runs == {} and rerun["items_ingested"] > 0
    with open(rerun["extract_path"], encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == n_events
    leftovers = [p for p in wd["curated"].rglob("*") if p.is_file() and (
        p.name.endswith(".tmp") or p.suffix == ".pkl")]
    assert leftovers == [], "no temporary export or staging files are left behind"
