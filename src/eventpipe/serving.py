"""Serve the nightly flow on a schedule against a real Prefect server.

When ``PREFECT_API_URL`` is unset, a Prefect server is started on loopback for the lifetime of
the command (Prefect's ephemeral mode never fires schedules, so a server is needed).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventpipe.settings import Settings

log = logging.getLogger(__name__)


class ServerStartError(RuntimeError):
    """The Prefect server did not become healthy."""


def wait_healthy(api_url: str, timeout_s: float = 90.0) -> None:
    """Poll ``{api_url}/health`` until it answers 200."""
    deadline = time.monotonic() + timeout_s
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = exc
        time.sleep(0.5)
    raise ServerStartError(
        f"Prefect server at {api_url} not healthy after {timeout_s:.0f}s: {last}")


def prefect_executable() -> str:
    here = Path(sys.executable).parent / "prefect"
    return str(here) if here.exists() else (shutil.which("prefect") or "prefect")


@contextmanager
def local_server(port: int, log_path: Path | None = None) -> Iterator[str]:
    """Start ``prefect server start`` on 127.0.0.1:port; yield its API URL; stop it after."""
    api_url = f"http://127.0.0.1:{port}/api"
    env = dict(os.environ)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    env.pop("PREFECT_API_URL", None)
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        [prefect_executable(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        log.info("starting Prefect server on %s (pid %d)", api_url, proc.pid)
        wait_healthy(api_url)
        yield api_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        if log_path and out is not subprocess.DEVNULL:
            out.close()  # type: ignore[union-attr]


def serve_nightly(settings: Settings, load_flow: Callable[[], Any], *, port: int = 4200,
                  name: str = "nightly") -> None:
    """Serve the nightly deployment with the configured cron schedule (blocks)."""
    from prefect.schedules import Cron

    parameters = {"raw_dir": str(settings.raw_dir.resolve()),
                  "db": str(settings.db_path.resolve()),
                  "curated_dir": str(settings.curated_dir.resolve())}

    def _serve() -> None:
        flow = load_flow()
        log.info("serving %s with schedule %r (%s)", name, settings.schedule_cron,
                 settings.schedule_timezone)
        flow.serve(name=name, schedule=Cron(settings.schedule_cron,
                                            timezone=settings.schedule_timezone),
                   parameters=parameters, print_starting_message=True)

    if os.environ.get("PREFECT_API_URL"):
        _serve()
        return
    with local_server(port) as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: api_url}):
            _serve()
