"""Concurrency: two runs at once (the second waits for the lock, or refuses it after
``EVENTPIPE_LOCK_TIMEOUT``), and readers during a run only ever see committed states and
complete extract files.

The first run is paused at a known point with ``EVENTPIPE_PAUSE_AT`` (eventpipe.faults), so
the overlap is certain rather than left to timing.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from eventpipe.runlock import lock_path_for
from test_reliability_crash import (
    cli_env,
    cli_run_cmd,
    consistency_problems,
    new_workdir,
    run_in_process,
    snapshot,
)

WAIT_S = 300.0


def wait_until(check: Callable[[], bool], proc: subprocess.Popen[str], what: str) -> None:
    """Poll ``check`` until it holds; fail with the process's output if it exits first."""
    import time

    deadline = time.monotonic() + WAIT_S
    while not check():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"process exited ({proc.returncode}) before {what}: {err[-3000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def holds_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (Linux /proc)."""
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        links = [fd.readlink() for fd in fd_dir.iterdir()]
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False
    except OSError:
        return False
    return any(link == path for link in links)


class Run(subprocess.Popen[str]):
    """`eventpipe run` in the background; output goes to unnamed temporary files (a pipe
    nobody reads while the test polls could fill up and stall the run)."""

    def __init__(self, wd: dict[str, Path], api_url: str, **env: str) -> None:
        self._out, self._err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
        super().__init__(cli_run_cmd(wd), env=cli_env(api_url, **env), text=True,
                         stdout=self._out, stderr=self._err)

    def communicate(self, input: Any = None, timeout: float | None = None
                    ) -> tuple[str, str]:
        self.wait(timeout=timeout)
        texts = []
        for fh in (self._out, self._err):
            fh.seek(0)
            texts.append(fh.read())
            fh.close()
        return texts[0], texts[1]


def start_run(wd: dict[str, Path], api_url: str, **env: str) -> Run:
    return Run(wd, api_url, **env)


def summary_figure(stdout: str, label: str) -> int:
    m = re.search(rf"{label}\s+(\d+)", stdout)
    assert m, stdout
    return int(m.group(1))


def start_two(wd: dict[str, Path], api_url: str, pause: Path, timeout: str
              ) -> tuple[subprocess.Popen[str], subprocess.Popen[str]]:
    """Two runs on one database, started at the same moment, each told to pause after ingest
    (the pause holds the run lock). Returns (winner, loser): the one that got the lock and
    paused, and the other one."""
    env = {"EVENTPIPE_PAUSE_AT": "after_ingest", "EVENTPIPE_PAUSE_FILE": str(pause),
           "EVENTPIPE_LOCK_TIMEOUT": timeout}
    runs = [start_run(wd, api_url, **env), start_run(wd, api_url, **env)]
    reached = Path(f"{pause}.after_ingest.reached")
    import time

    deadline = time.monotonic() + WAIT_S
    while not reached.exists():
        if time.monotonic() > deadline or all(p.poll() is not None for p in runs):
            for p in runs:
                p.kill()
            pytest.fail("neither run reached the pause: "
                        + " | ".join(p.communicate()[1][-1500:] for p in runs))
        time.sleep(0.05)
    pid = int(reached.read_text(encoding="utf-8").split()[1])
    winner = next(p for p in runs if p.pid == pid)
    loser = next(p for p in runs if p.pid != pid)
    return winner, loser


def test_second_run_waits_for_the_lock_then_succeeds(prefect_api_url: str, tmp_path: Path
                                                     ) -> None:
    wd = new_workdir(tmp_path)
    lock = lock_path_for(wd["db"]).resolve()
    pause = tmp_path / "pause"
    winner, loser = start_two(wd, prefect_api_url, pause, "300")
    wait_until(lambda: holds_open(loser.pid, lock), loser, "the second run to reach the lock")
    assert loser.poll() is None and winner.poll() is None  # one holds the lock, one waits
    Path(f"{pause}.after_ingest").touch()
    out1, err1 = winner.communicate(timeout=WAIT_S)
    out2, err2 = loser.communicate(timeout=WAIT_S)
    assert winner.returncode == 0, err1[-3000:]
    assert loser.returncode == 0, err2[-3000:]
    assert summary_figure(out1, "items ingested") > 0
    # it waited: by the time it held the lock, everything had been ingested by the first run
    assert summary_figure(out2, "items ingested") == 0
    assert summary_figure(out2, "already processed:") == summary_figure(out2, "files seen")
    assert summary_figure(out2, "mentions loaded") == summary_figure(out2, "events loaded") == 0
    assert consistency_problems(wd["db"], wd["raw"]) == []  # no duplicates, nothing missing
    con = duckdb.connect(str(wd["db"]), read_only=True)
    assert con.execute("SELECT count(*) FROM runs WHERE status = 'succeeded'").fetchone() == (2,)
    con.close()


def test_second_run_refuses_after_the_lock_timeout(prefect_api_url: str, tmp_path: Path
                                                   ) -> None:
    wd = new_workdir(tmp_path)
    pause = tmp_path / "pause"
    winner, loser = start_two(wd, prefect_api_url, pause, "1")
    try:
        out2, err2 = loser.communicate(timeout=WAIT_S)
    finally:
        Path(f"{pause}.after_ingest").touch()
    out1, err1 = winner.communicate(timeout=WAIT_S)
    assert winner.returncode == 0, err1[-3000:]
    assert loser.returncode == 1, err2[-3000:]
    assert "error: another eventpipe run holds" in err2
    assert str(lock_path_for(wd["db"])) in err2 and f"pid {winner.pid}" in err2
    assert "waited 1s" in err2
    assert "items ingested" not in out2
    assert consistency_problems(wd["db"], wd["raw"]) == []
    con = duckdb.connect(str(wd["db"]), read_only=True)
    assert con.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    con.close()


def test_lock_timeout_setting_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventpipe.settings import Settings, SettingsError

    monkeypatch.setenv("EVENTPIPE_LOCK_TIMEOUT", "2.5")
    assert Settings.from_env().lock_timeout_s == 2.5
    for bad in ("soon", "-1", "nan", "inf"):
        monkeypatch.setenv("EVENTPIPE_LOCK_TIMEOUT", bad)
        with pytest.raises(SettingsError, match="EVENTPIPE_LOCK_TIMEOUT"):
            Settings.from_env()


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def test_readers_during_a_run_see_only_committed_states_and_whole_files(
    prefect_api_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wd = new_workdir(tmp_path / "wd")
    later = tmp_path / "later"
    later.mkdir()
    for path in sorted(wd["raw"].glob("*.jsonl")) + sorted(wd["raw"].glob("*.rss")):
        shutil.move(path, later / path.name)
    first = run_in_process(wd, monkeypatch)
    extract = Path(first["extract_path"])
    before_db, before_csv = snapshot(wd["db"]), _digest(extract)
    for path in later.iterdir():
        shutil.move(path, wd["raw"] / path.name)

    seen_db: list[dict[str, Any]] = []
    seen_csv: set[str | None] = set()
    seen_parquet: set[int] = set()
    dataset = wd["curated"] / "parquet" / "events"  # a link switched to each new version

    def observe() -> None:
        seen_csv.add(_digest(extract))
        if dataset.exists():
            version = dataset.resolve()  # resolve once, then read that one version
            seen_parquet.add(duckdb.connect().execute(
                "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                [str(version / "**" / "*.parquet")]).fetchone()[0])
        try:
            seen_db.append(snapshot(wd["db"]))
        except duckdb.IOException as exc:  # the writer holds the file: refused, never partial
            assert "lock" in str(exc).lower()

    pause = tmp_path / "pause"
    proc = start_run(wd, prefect_api_url, EVENTPIPE_PAUSE_AT="after_validate,during_load",
                     EVENTPIPE_PAUSE_FILE=str(pause))
    wait_until(lambda: (observe(), Path(f"{pause}.after_validate.reached").exists())[1], proc,
               "pause after validate")
    assert snapshot(wd["db"]) == before_db  # coded and validated, nothing visible yet
    Path(f"{pause}.after_validate").touch()
    wait_until(lambda: (observe(), Path(f"{pause}.during_load.reached").exists())[1], proc,
               "pause inside the load transaction")
    with pytest.raises(duckdb.IOException, match="(?i)lock"):
        duckdb.connect(str(wd["db"]), read_only=True)  # mid-transaction: no reader gets in
    assert _digest(extract) == before_csv
    Path(f"{pause}.during_load").touch()
    while proc.poll() is None:
        observe()
    out, err = proc.communicate()
    assert proc.returncode == 0, err[-3000:]
    after_db, after_csv = snapshot(wd["db"]), _digest(extract)
    assert after_db != before_db and after_csv != before_csv
    assert seen_db and all(s in (before_db, after_db) for s in seen_db)
    assert seen_csv <= {before_csv, after_csv}
    assert seen_parquet <= {len(before_db["events"]), len(after_db["events"])}
    assert consistency_problems(wd["db"], wd["raw"]) == []


def test_parquet_and_csv_readers_never_see_half_a_file(sample_run: dict[str, Any],
                                                       tmp_path: Path) -> None:
    from eventpipe.export import export_events

    db = sample_run["wd"]["db"]
    pq_out, csv_out = tmp_path / "events.parquet", tmp_path / "events.csv"
    n = export_events(db, pq_out, fmt="parquet").rows
    export_events(db, csv_out, fmt="csv")
    csv_bytes = csv_out.read_bytes()
    stop = threading.Event()
    errors: list[BaseException] = []

    def rewrite() -> None:
        try:
            for _ in range(15):
                export_events(db, pq_out, fmt="parquet")
                export_events(db, csv_out, fmt="csv")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            stop.set()

    writer = threading.Thread(target=rewrite)
    writer.start()
    reads = 0
    while not stop.is_set() or reads == 0:
        assert pq.read_table(pq_out).num_rows == n
        assert csv_out.read_bytes() == csv_bytes
        reads += 1
    writer.join()
    assert not errors, errors
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "events.codebook.md", "events.csv", "events.parquet"]
