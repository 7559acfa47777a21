"""The stages of one run as plain functions; ``flows/nightly.py`` wraps each in a Prefect task.

ingest -> code -> validate -> load (+ merge, one transaction) -> export. Each function takes what
the previous one returned; none of them knows about Prefect.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from eventpipe import ids, store
from eventpipe.coder import CODER_VERSION, Article, code_article, load_resources
from eventpipe.export import export_events
from eventpipe.ingest import IngestBatch, IngestLimits, ingest_files, scan_raw_dir
from eventpipe.settings import Settings
from eventpipe.validate import validate_mentions

log = logging.getLogger(__name__)

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


def code_articles(articles: Iterable[dict[str, Any]], resources: Any = None
                  ) -> list[dict[str, Any]]:
    """Code each article once (resources built once per call) into mention rows with ids."""
    res = resources if resources is not None else load_resources()
    mentions: list[dict[str, Any]] = []
    for row in articles:
        for rec in code_article(_article_of(row), res):
            rec["mention_id"] = ids.mention_id(row["content_hash"], rec)
            rec["event_id"] = None
            mentions.append(rec)
    return mentions


def validate_stage(mentions: list[dict[str, Any]], articles: list[dict[str, Any]],
                   max_events_per_article: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the generated GX suite; return (rows to load, quarantine rows)."""
    result = validate_mentions(
        pd.DataFrame(mentions),
        {a["article_id"]: a["text"] for a in articles},
        published={a["article_id"]: a.get("published") for a in articles},
        content_hashes={a["article_id"]: a["content_hash"] for a in articles},
        max_events_per_article=max_events_per_article)
    return result.valid, result.quarantine


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
