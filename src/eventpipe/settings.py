"""Settings: one object, built at an entry point (CLI, flow) and passed down.

Every path is settable by argument or by environment variable (prefix ``EVENTPIPE_``); the
pipeline writes nowhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from eventpipe.cache_budget import CacheBudgetError, budget_mb

ENV_PREFIX = "EVENTPIPE_"


class SettingsError(ValueError):
    """A setting has a value the pipeline cannot use."""


def _env(name: str, default: str) -> str:
    return os.environ.get(ENV_PREFIX + name, default)


def _env_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{ENV_PREFIX}{name} must be an integer, got {raw!r}") from exc
    if value <= 0:
        raise SettingsError(f"{ENV_PREFIX}{name} must be positive, got {value}")
    return value


def _env_float(name: str, default: float) -> float:
    raw = _env(name, str(default))
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{ENV_PREFIX}{name} must be a number, got {raw!r}") from exc
    if not value >= 0 or value == float("inf"):
        raise SettingsError(f"{ENV_PREFIX}{name} must be a finite number >= 0, got {raw!r}")
    return value


def cpu_count() -> int:
    """CPUs this process may run on (the default number of coder workers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


TASK_RUNNERS = ("default", "dask")


@dataclass(frozen=True)
class Settings:
    """Where the pipeline reads and writes, and its limits."""

    raw_dir: Path = field(default_factory=lambda: Path("data/raw"))
    db_path: Path = field(default_factory=lambda: Path("data/curated/events.duckdb"))
    curated_dir: Path = field(default_factory=lambda: Path("data/curated"))
    max_article_bytes: int = 1_000_000
    max_events_per_article: int = 50
    batch_size: int = 2000
    workers: int = field(default_factory=cpu_count)
    task_runner: str = "default"  # "default" (threads + coder process pool) or "dask"
    dask_address: str | None = None  # scheduler address; None: a local Dask cluster
    schedule_cron: str = "0 2 * * *"
    schedule_timezone: str = "UTC"
    lock_timeout_s: float = 30.0

    @property
    def extracts_dir(self) -> Path:
        return self.curated_dir / "extracts"

    @property
    def parquet_dir(self) -> Path:
        return self.curated_dir / "parquet"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``EVENTPIPE_*`` variables; explicit non-None overrides win."""
        base = cls(
            raw_dir=Path(_env("RAW_DIR", "data/raw")),
            db_path=Path(_env("DB", "data/curated/events.duckdb")),
            curated_dir=Path(_env("CURATED_DIR", "data/curated")),
            max_article_bytes=_env_int("MAX_ARTICLE_BYTES", 1_000_000),
            max_events_per_article=_env_int("MAX_EVENTS_PER_ARTICLE", 50),
            batch_size=_env_int("BATCH_SIZE", 2000),
            workers=_env_int("WORKERS", cpu_count()),
            task_runner=_env("TASK_RUNNER", "default"),
            dask_address=_env("DASK_ADDRESS", "") or None,
            schedule_cron=_env("SCHEDULE_CRON", "0 2 * * *"),
            schedule_timezone=_env("SCHEDULE_TIMEZONE", "UTC"),
            lock_timeout_s=_env_float("LOCK_TIMEOUT", 30.0),
        )
        clean = {k: v for k, v in overrides.items() if v is not None}
        for key in ("raw_dir", "db_path", "curated_dir"):
            if key in clean:
                clean[key] = Path(str(clean[key]))
        settings = replace(base, **clean)  # type: ignore[arg-type]
        if settings.task_runner not in TASK_RUNNERS:
            raise SettingsError(f"task runner must be one of {TASK_RUNNERS}, "
                                f"got {settings.task_runner!r}")
        if int(settings.workers) < 1 or int(settings.batch_size) < 1:
            raise SettingsError("workers and batch_size must be positive")
        try:  # read where the caches are made; checked here so a bad value fails the run early
            budget_mb()
        except CacheBudgetError as exc:
            raise SettingsError(str(exc)) from exc
        return settings
