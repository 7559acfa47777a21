"""The nightly flow on a two-worker local Dask cluster gives the events of the default runner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from eventpipe.cli import load_nightly_flow
from eventpipe.settings import Settings
from test_flow import snapshot

pytest.importorskip("prefect_dask")


def test_dask_runner_matches_default_runner(prefect_api_url: str, workdir: dict[str, Path],
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    load_nightly_flow()
    flows = sys.modules["eventpipe_flows_nightly"]
    monkeypatch.setattr(flows, "DASK_CHUNK", 4)  # several coding tasks, spread over both workers
    assert type(flows.nightly_with_runner(Settings(task_runner="dask", workers=2)).task_runner
                ).__name__ == "DaskTaskRunner"
    # Two Dask workers in this process: they run the coder modules this process imported, so
    # the comparison holds while the coder's source changes on disk during the session.
    from prefect_dask import DaskTaskRunner

    dask_flow = flows.nightly.with_options(task_runner=DaskTaskRunner(cluster_kwargs={
        "n_workers": 2, "threads_per_worker": 1, "processes": False}))
    on_dask = dask_flow(raw_dir=str(workdir["raw"]), db=str(workdir["db"]),
                        curated_dir=str(workdir["curated"]), batch_size=10)
    default = tmp_path / "default"
    on_threads = flows.nightly(raw_dir=str(workdir["raw"]), db=str(default / "events.duckdb"),
                               curated_dir=str(default), batch_size=10, workers=1)
    assert on_dask["events_coded"] == on_threads["events_coded"] > 0
    assert snapshot(workdir["db"]) == snapshot(default / "events.duckdb")
    parts = list((workdir["curated"] / "parquet" / "events").rglob("*.parquet"))
    assert parts and all(p.parent.name.startswith("month=") for p in parts)
