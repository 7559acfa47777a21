"""The stages of one run as plain functions; ``flows/nightly.py`` wraps each in a Prefect task.

ingest -> code -> validate -> load (+ merge, one transaction) -> export. Each function takes what
the previous one returned; none of them knows about Prefect.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from eventpipe import ids, store
from eventpipe.coder import CODER_VERSION, Article, code_article, load_resources
from eventpipe.export import export_events
from eventpipe.ingest import IngestBatch, IngestLimits, ingest_files, scan_raw_dir
from eventpipe.settings import Settings
from eventpipe.validate import validate_mentions

log = logging.getLogger(__name__)

OVER_LIMIT = "max_events_per_article"


@dataclass
class RunSummary:
    """What one run did; printed by the CLI and stored in the ``runs`` table."""

    run_id: str
    coder_version: str = CODER_VERSION
    files_seen: int = 0
    files_skipped: int = 0
    items_ingested: int = 0
    items_duplicate: int = 0
    items_rejected: int = 0
    events_coded: int = 0
    rows_quarantined: int = 0
    mentions_loaded: int = 0
    events_loaded: int = 0
    wall_seconds: float = 0.0
    extract_path: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def render(self) -> str:
        lines = [
            f"eventpipe run {self.run_id} (coder {self.coder_version})",
            f"  files seen       {self.files_seen:>7}  (already processed: {self.files_skipped})",
            f"  items ingested   {self.items_ingested:>7}",
            f"  items duplicate  {self.items_duplicate:>7}",
            f"  items rejected   {self.items_rejected:>7}",
            f"  events coded     {self.events_coded:>7}",
            f"  rows quarantined {self.rows_quarantined:>7}",
            f"  mentions loaded  {self.mentions_loaded:>7}",
            f"  events loaded    {self.events_loaded:>7}",
            f"  wall time        {self.wall_seconds:>7.2f} s",
        ]
        if self.extract_path:
            lines.append(f"  extract          {self.extract_path}")
        return "\n".join(lines)

    def as_row(self, started_at: datetime, status: str) -> dict[str, Any]:
        row = {k: v for k, v in asdict(self).items() if k not in ("extract_path", "stage_seconds")}
        row.update(started_at=started_at, finished_at=datetime.now(UTC).replace(tzinfo=None),
                   status=status)
        return row


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def ingest_stage(settings: Settings) -> IngestBatch:
    """Read every raw file not processed before; return article and manifest rows."""
    with store.connect(settings.db_path, read_only=False, timeout_s=settings.lock_timeout_s) as con:
        store.ensure_schema(con)
        seen_files, seen_content = store.known_hashes(con)
    raw_dir = settings.raw_dir
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory {raw_dir} does not exist")
    paths = scan_raw_dir(raw_dir)
    limits = IngestLimits(max_article_bytes=settings.max_article_bytes)
    return ingest_files(raw_dir, paths, seen_file_hashes=seen_files,
                        seen_content_hashes=seen_content, limits=limits)


def _article_of(row: dict[str, Any]) -> Article:
    published = row.get("published")
    if isinstance(published, datetime):
        published = published.date()
    return Article(article_id=row["article_id"], text=row["text"],
                   published=published if isinstance(published, date) else None,
                   source=row.get("source"), title=row.get("title"), url=row.get("url"))


def code_articles(articles: Iterable[dict[str, Any]], max_events_per_article: int,
                  resources: Any = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Code each article once; return (mention rows, over-limit rows for quarantine)."""
    res = resources if resources is not None else load_resources()
    mentions: list[dict[str, Any]] = []
    over_limit: list[dict[str, Any]] = []
    for row in articles:
        records = code_article(_article_of(row), res)
        for rec in records:
            rec["mention_id"] = ids.mention_id(row["content_hash"], rec)
            rec["event_id"] = None
        if len(records) > max_events_per_article:
            log.warning("article %s produced %d events (limit %d): quarantined",
                        row["article_id"], len(records), max_events_per_article)
            for rec in records:
                rec["_over_limit"] = f"{OVER_LIMIT}({max_events_per_article}): {len(records)}"
            over_limit.extend(records)
        else:
            mentions.extend(records)
    return mentions, over_limit


def validate_stage(mentions: list[dict[str, Any]], over_limit: list[dict[str, Any]],
                   articles: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the generated GX suite; return (rows to load, quarantine rows)."""
    texts = {a["article_id"]: a["text"] for a in articles}
    result = validate_mentions(pd.DataFrame(mentions), texts)
    quarantine = result.quarantine
    if over_limit:
        extra = ids.quarantine_rows(over_limit, reason_key="_over_limit")
        quarantine = pd.concat([quarantine, extra], ignore_index=True)
    return result.valid, quarantine


def load_stage(settings: Settings, run_id: str, batch: IngestBatch, valid: pd.DataFrame,
               quarantine: pd.DataFrame, summary: RunSummary, started_at: datetime) -> RunSummary:
    """Write the whole run in one transaction (articles, manifest, mentions, events, runs)."""
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        store.ensure_schema(con)
        counts = store.load_run(con, store.RunData(
            run_id=run_id, articles=batch.articles, manifest=batch.manifest,
            mentions=valid, quarantine=quarantine,
            run_row=summary.as_row(started_at, "succeeded")))
    summary.mentions_loaded = counts.mentions_inserted
    summary.events_loaded = counts.events_written
    return summary


def export_stage(settings: Settings, run_day: date) -> str:
    """Write the daily extract (all events known on ``run_day``) with its codebook."""
    settings.extracts_dir.mkdir(parents=True, exist_ok=True)
    out = settings.extracts_dir / f"events_{run_day.isoformat()}.csv"
    result = export_events(settings.db_path, out, fmt="csv")
    return str(result.path)


def fill_ingest_counts(summary: RunSummary, batch: IngestBatch) -> None:
    stats = batch.stats
    summary.files_seen = stats.files_seen
    summary.files_skipped = stats.files_skipped
    summary.items_ingested = stats.items_ingested
    summary.items_duplicate = stats.items_duplicate
    summary.items_rejected = stats.items_rejected


class Timer:
    """Collects wall time per stage into a summary."""

    def __init__(self, summary: RunSummary) -> None:
        self.summary = summary
        self.t0 = time.perf_counter()

    def lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.summary.stage_seconds[stage] = round(now - since, 3)
        return now


def relative_to_cwd(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
