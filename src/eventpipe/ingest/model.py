"""Value types of the ingestion stage: limits, the batch it returns, read-time items, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Columns of the rows this stage produces (schemas/tables.yaml minus the per-run columns,
# which the caller fills in).
ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id", "input_id", "content_hash", "title", "text", "published", "source", "url",
    "raw_path", "item_key", "syndication_group",
)
MANIFEST_COLUMNS: tuple[str, ...] = (
    "manifest_id", "raw_path", "item_key", "file_hash", "content_hash", "outcome", "reason",
    "article_id",
)


@dataclass(frozen=True)
class IngestLimits:
    """Size limits. Containers (.jsonl, .json lists, feeds) are read item by item, so only
    `max_file_bytes` (None = no limit) bounds them; one-article files are bounded by the
    article limit before they are read."""

    max_article_bytes: int = 1_000_000
    max_file_bytes: int | None = None


@dataclass
class IngestStats:
    """Counters of one batch (or one whole call). `items_rejected` counts whole files
    rejected as well as items rejected inside containers, as the `runs` table does."""

    files_seen: int = 0
    files_skipped: int = 0
    items_ingested: int = 0
    items_duplicate: int = 0
    items_rejected: int = 0

    def add(self, other: IngestStats) -> None:
        self.files_seen += other.files_seen
        self.files_skipped += other.files_skipped
        self.items_ingested += other.items_ingested
        self.items_duplicate += other.items_duplicate
        self.items_rejected += other.items_rejected

    def as_dict(self) -> dict[str, int]:
        return {
            "files_seen": self.files_seen,
            "files_skipped": self.files_skipped,
            "items_ingested": self.items_ingested,
            "items_duplicate": self.items_duplicate,
            "items_rejected": self.items_rejected,
        }


@dataclass
class IngestBatch:
    """Rows for `articles` (all columns but run_id, ingested_at) and `manifest` (all columns
    but run_id, seen_at), with the counters of the same rows."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    manifest: list[dict[str, Any]] = field(default_factory=list)
    stats: IngestStats = field(default_factory=IngestStats)

    @property
    def file_hashes(self) -> set[str]:
        """Hashes of the files this batch has a file-level manifest row for."""
        return {row["file_hash"] for row in self.manifest if row["item_key"] is None}

    @property
    def content_hashes(self) -> set[str]:
        """Hashes of the texts ingested in this batch."""
        return {row["content_hash"] for row in self.articles}

    def extend(self, other: IngestBatch) -> None:
        self.articles.extend(other.articles)
        self.manifest.extend(other.manifest)
        self.stats.add(other.stats)


class IngestError(Exception):
    """Base of the ingestion errors; `reason` is the human-readable text for the manifest."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FileRejected(IngestError):
    """The file as a whole cannot be read (or stops being readable part-way)."""


class ItemRejected(IngestError):
    """One item (one article) is rejected; the rest of its file goes on."""


@dataclass
class RawItem:
    """What a reader found: one article's fields before normalisation, or a rejection.

    `key` is the manifest item_key ("line 7", "item 3"), None for one-article files.
    `published` is already parsed; the allowed date range is checked by the caller."""

    key: str | None
    text: str | None = None
    input_id: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
