"""The ``eventpipe`` command: one subcommand per stage. ``sys.exit`` happens only here."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from eventpipe.settings import Settings, SettingsError

if TYPE_CHECKING:
    from eventpipe.export import Format as ExportFormat

log = logging.getLogger("eventpipe")

REPO_ROOT = Path(__file__).resolve().parents[2]
#: seconds ``eventpipe run`` lets Prefect's temporary server take to start (unless set)
EPHEMERAL_TIMEOUT_ENV = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
EPHEMERAL_TIMEOUT_S = 120


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("eventpipe").setLevel(logging.DEBUG if verbose else logging.INFO)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def load_nightly_flow() -> Any:
    """Import ``flows/nightly.py`` (it lives beside the package, not inside it)."""
    import importlib.util

    path = Path(os.environ.get("EVENTPIPE_FLOWS_DIR", REPO_ROOT / "flows")) / "nightly.py"
    if not path.exists():
        _fail(f"flow file {path} not found (set EVENTPIPE_FLOWS_DIR)")
    spec = importlib.util.spec_from_file_location("eventpipe_flows_nightly", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    # Served runs execute in a child process that receives the flow pickled; the flow file is
    # not an installed module, so it travels by value rather than by import path.
    import cloudpickle

    cloudpickle.register_pickle_by_value(module)
    return module.nightly


def prefect_defaults(env: Any) -> None:
    """Prefect settings ``eventpipe run`` changes unless the user set them: Prefect gives its
    temporary server 20 s to answer, which a loaded machine can exceed."""
    env.setdefault(EPHEMERAL_TIMEOUT_ENV, str(EPHEMERAL_TIMEOUT_S))


def _settings(**overrides: Any) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except SettingsError as exc:
        _fail(str(exc), 2)
        raise  # unreachable


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
def main(verbose: bool) -> None:
    """eventpipe: news articles to ACLED/CAMEO-style events in DuckDB."""
    _setup_logging(verbose)


path_options = [
    click.option("--raw-dir", type=click.Path(path_type=Path), default=None,
                 help="Raw landing directory [env EVENTPIPE_RAW_DIR; default data/raw]."),
    click.option("--db", type=click.Path(path_type=Path), default=None,
                 help="DuckDB file [env EVENTPIPE_DB; default data/curated/events.duckdb]."),
    click.option("--curated-dir", type=click.Path(path_type=Path), default=None,
                 help="Curated output dir [env EVENTPIPE_CURATED_DIR; default data/curated]."),
]


def with_paths(fn: Any) -> Any:
    for option in reversed(path_options):
        fn = option(fn)
    return fn


@main.command()
@with_paths
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Coder processes [env EVENTPIPE_WORKERS; default: number of CPUs; "
                   "1 for tiny runs].")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Manifest rows per batch [env EVENTPIPE_BATCH_SIZE; default 2000].")
@click.option("--task-runner", type=click.Choice(["default", "dask"]), default=None,
              help="Where coding tasks run [env EVENTPIPE_TASK_RUNNER; default: threads + "
                   "a local process pool]. dask: a Dask cluster (--dask-address) or a local one.")
@click.option("--dask-address", default=None,
              help="Dask scheduler, e.g. tcp://10.0.0.5:8786 [env EVENTPIPE_DASK_ADDRESS; "
                   "default: start a local cluster of --workers processes].")
def run(raw_dir: Path | None, db: Path | None, curated_dir: Path | None, workers: int | None,
        batch_size: int | None, task_runner: str | None, dask_address: str | None) -> None:
    """Run the nightly flow once, now, without a server (Prefect's ephemeral mode)."""
    from eventpipe.pipeline import RunSummary
    from eventpipe.runlock import RunLockedError
    from eventpipe.store import StoreLockedError

    settings = _settings(raw_dir=raw_dir, db_path=db, curated_dir=curated_dir, workers=workers,
                         batch_size=batch_size, task_runner=task_runner,
                         dask_address=dask_address)
    if settings.dask_address and settings.task_runner != "dask":
        _fail("--dask-address needs --task-runner dask", 2)
    prefect_defaults(os.environ)
    load_nightly_flow()
    nightly = sys.modules["eventpipe_flows_nightly"].nightly_with_runner(settings)
    try:
        result = nightly(raw_dir=str(settings.raw_dir), db=str(settings.db_path),
                         curated_dir=str(settings.curated_dir), workers=settings.workers,
                         batch_size=settings.batch_size)
    except (RunLockedError, StoreLockedError, FileNotFoundError) as exc:
        _fail(str(exc))
        return
    summary = RunSummary(**result)
    click.echo(summary.render())
    click.echo(f"  database         {settings.db_path}")


@main.command()
@with_paths
@click.option("--cron", default=None, help="Cron schedule [EVENTPIPE_SCHEDULE_CRON; 0 2 * * *].")
@click.option("--timezone", default=None, help="Schedule time zone [default UTC].")
@click.option("--port", default=4200, show_default=True,
              help="Port of the Prefect server started on loopback when PREFECT_API_URL is unset.")
@click.option("--name", default="nightly", show_default=True, help="Deployment name.")
def serve(raw_dir: Path | None, db: Path | None, curated_dir: Path | None, cron: str | None,
          timezone: str | None, port: int, name: str) -> None:
    """Serve the nightly flow on a cron schedule against a Prefect server."""
    from eventpipe.serving import serve_nightly

    settings = _settings(raw_dir=raw_dir, db_path=db, curated_dir=curated_dir,
                         schedule_cron=cron, schedule_timezone=timezone)
    serve_nightly(settings, load_nightly_flow, port=port, name=name)


@main.command()
@click.argument("input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output_path", required=True, type=click.Path(path_type=Path),
              help="Output JSON Lines file, one event per line.")
@click.option("--include-verbal", is_flag=True,
              help="Also write verbal CAMEO events (accuse, deny, meet...) without an ACLED type.")
@click.option("--progress/--no-progress", default=None,
              help="Progress on stderr (default: when stderr is a terminal).")
def extract(input_path: Path, output_path: Path, include_verbal: bool,
            progress: bool | None) -> None:
    """Code a JSON Lines file of articles (id, text, published, ...) into events."""
    import time

    from eventpipe.coder import load_resources
    from eventpipe.extract import extract_jsonl

    show = sys.stderr.isatty() if progress is None else progress
    t0 = time.perf_counter()
    resources = load_resources()  # once, before the first article
    t1 = time.perf_counter()

    def report(done: int) -> None:
        if done % 500 == 0:
            rate = done / max(time.perf_counter() - t1, 1e-9)
            click.echo(f"\r{done} articles coded ({rate:.0f}/s)", err=True, nl=False)

    stats = extract_jsonl(input_path, output_path, include_verbal=include_verbal,
                          progress=report if show else None, resources=resources)
    if show:
        click.echo("", err=True)
    t2 = time.perf_counter()
    # seconds: the whole command after start-up; coding_seconds: reading, coding and writing
    # the articles, with the resources (dictionaries, gazetteer, matchers) already built
    summary: dict[str, Any] = {
        **stats, "seconds": round(t2 - t0, 2), "resources_seconds": round(t1 - t0, 2),
        "coding_seconds": round(t2 - t1, 2),
        "articles_per_second": round(stats["articles"] / max(t2 - t1, 1e-9), 1)}
    click.echo(json.dumps(summary, default=str), err=True)


class DateOrTimestamp(click.ParamType):
    """A calendar date (YYYY-MM-DD) or an ISO 8601 timestamp, returned as a date or datetime."""

    name = "DATE|TIMESTAMP"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date | datetime:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD) or an ISO timestamp "
                      "(YYYY-MM-DDTHH:MM:SS[+HH:MM])", param, ctx)


@main.command()
@click.option("--db", type=click.Path(path_type=Path), default=None, help="DuckDB file.")
@click.option("-o", "--output", "output_path", required=True, type=click.Path(path_type=Path))
@click.option("--country", default=None, help="Country name or ISO3 code.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="First event date (inclusive), YYYY-MM-DD.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Last event date (inclusive), YYYY-MM-DD.")
@click.option("--event-type", default=None, help="ACLED event type, e.g. Battles.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv",
              show_default=True)
@click.option("--as-of", type=DateOrTimestamp(), default=None,
              help="Reproduce the events as they stood then: YYYY-MM-DD means the end of that "
                   "day (UTC); an ISO timestamp (e.g. a run's finished_at, 2026-11-20T02:14:05, "
                   "optionally with an offset) means that instant.")
def export(db: Path | None, output_path: Path, country: str | None, since: Any, until: Any,
           event_type: str | None, fmt: str, as_of: Any) -> None:
    """Write an extract of the events table (CSV or Parquet) with its codebook."""
    from eventpipe.export import export_events

    settings = _settings(db_path=db)
    if not settings.db_path.exists():
        _fail(f"database {settings.db_path} does not exist; run `eventpipe run` first")

    def as_date(value: Any) -> date | None:
        return value.date() if value is not None else None

    try:
        result = export_events(settings.db_path, output_path, country=country,
                               since=as_date(since), until=as_date(until),
                               event_type=event_type, fmt=cast("ExportFormat", fmt),
                               as_of=as_of)
    except ValueError as exc:
        _fail(str(exc), 2)
        return
    click.echo(f"{result.rows} events -> {result.path} (codebook {result.codebook_path})")


@main.command()
@click.argument("event_id")
@click.option("--db", type=click.Path(path_type=Path), default=None, help="DuckDB file.")
def show(event_id: str, db: Path | None) -> None:
    """Print an event and every claim behind it with claimant, outlet and evidence."""
    from eventpipe.report import render_event

    settings = _settings(db_path=db)
    try:
        click.echo(render_event(settings.db_path, event_id))
    except KeyError as exc:
        _fail(str(exc.args[0]) if exc.args else f"no event {event_id}")


if __name__ == "__main__":
    main()
