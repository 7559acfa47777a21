"""Shared fixtures. Prefect runs against one session-wide test harness with a temporary home."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="eventpipe-prefect-home-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)
# the gazetteer's on-disk copy: one per test session, not the user's cache
_CACHE_DIR = tempfile.mkdtemp(prefix="eventpipe-cache-")
os.environ["EVENTPIPE_CACHE_DIR"] = _CACHE_DIR

REPO = Path(__file__).resolve().parents[1]
SAMPLE_RAW = REPO / "data" / "raw"


def pytest_report_header() -> str:
    """Which coder the tests run: compiled (`make install`) or the pure sources, and why."""
    import eventpipe.coder as coder

    return f"eventpipe coder: {coder.BUILD}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The same at the end, where `pytest -q` shows it too (a stale build runs the sources)."""
    import eventpipe.coder as coder

    terminalreporter.write_line(f"eventpipe coder: {coder.BUILD}")


@pytest.fixture(scope="session")
def prefect_api_url() -> Iterator[str]:
    """One Prefect test server for the whole session; yields its API URL."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield str(PREFECT_API_URL.value())


@pytest.fixture(scope="session")
def coder_resources() -> Any:
    from eventpipe.coder import load_resources

    return load_resources()


@pytest.fixture()
def workdir(tmp_path: Path) -> dict[str, Path]:
    """A private copy of the sample corpus plus curated/db paths inside tmp_path."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    curated = tmp_path / "curated"
    return {"raw": raw, "curated": curated, "db": curated / "events.duckdb"}


@pytest.fixture(scope="session", autouse=True)
def _cleanup_prefect_home() -> Iterator[None]:
    yield
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def sample_run(prefect_api_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One clean nightly run over the sample corpus, shared by read-only tests."""
    from eventpipe.cli import load_nightly_flow

    base = tmp_path_factory.mktemp("sample-run")
    wd = {"raw": base / "raw", "curated": base / "curated",
          "db": base / "curated" / "events.duckdb"}
    shutil.copytree(SAMPLE_RAW, wd["raw"])
    summary = load_nightly_flow()(raw_dir=str(wd["raw"]), db=str(wd["db"]),
                                  curated_dir=str(wd["curated"]))
    return {"wd": wd, "summary": summary}


@pytest.fixture(scope="session")
def res(coder_resources: Any) -> Any:
    """The coder's resources under the short name the coder tests use (built once a session)."""
    return coder_resources
