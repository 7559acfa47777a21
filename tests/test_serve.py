"""A real Prefect server on loopback, the served nightly deployment, and a triggered run.

Runs outside the session-wide test harness: its own ``prefect server start`` on a free port
with its own temporary PREFECT_HOME (DESIGN.md, Tests).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventpipe.serving import local_server

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def api(url: str, path: str, body: dict[str, Any] | None = None, attempts: int = 6) -> Any:
    """One API call; 503 is retried with backoff as Prefect's own client does.

    The server answers 503 when its SQLite database is busy (another process, here the
    serve loop, holds the write lock) and expects the client to try again.
    """
    data = None if body is None else json.dumps(body).encode()
    for attempt in range(attempts):
        req = urllib.request.Request(url + path, data=data, method="POST" if body is not None
                                     else "GET", headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            if exc.code != 503 or attempt == attempts - 1:
                raise
            time.sleep(0.5 * 2 ** attempt)
    raise AssertionError("unreachable")


def wait_for(predicate: Any, timeout_s: float, what: str) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")


def test_served_deployment_runs_on_a_real_server(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "prefect-home"
    home.mkdir()
    monkeypatch.setenv("PREFECT_HOME", str(home))
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "data" / "raw", raw)
    db = tmp_path / "curated" / "events.duckdb"
    port = free_port()
    with local_server(port, log_path=tmp_path / "server.log") as url:
        env = dict(os.environ, PREFECT_API_URL=url, PREFECT_HOME=str(home))
        serve = subprocess.Popen(
            [sys.executable, "-m", "eventpipe.cli", "serve", "--raw-dir", str(raw), "--db",
             str(db), "--curated-dir", str(tmp_path / "curated"), "--cron", "0 2 * * *"],
            env=env, stdout=open(tmp_path / "serve.log", "wb"), stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            deployment = wait_for(
                lambda: next(iter(api(url, "/deployments/filter", {}) or []), None), 90,
                "the served deployment")
            assert deployment["name"] == "nightly"
            schedules = deployment.get("schedules") or []
            assert any(s["schedule"].get("cron") == "0 2 * * *" for s in schedules)
            run = api(url, f"/deployments/{deployment['id']}/create_flow_run", {})

            def finished() -> Any:
                state = api(url, f"/flow_runs/{run['id']}")["state"]
                return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED") else None

            state = wait_for(finished, 300, "the triggered flow run")
            log = (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
            assert state["type"] == "COMPLETED", log
        finally:
            os.killpg(serve.pid, signal.SIGTERM)
            serve.wait(timeout=30)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    con.close()
