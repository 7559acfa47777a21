"""Ingestion: raw files (.txt, .json, .jsonl, .html, RSS/Atom) -> `articles` and `manifest` rows.

Pure library code: it reads files under the raw directory and returns rows; no database,
no orchestration. Usage::

    from eventpipe.ingest import scan_raw_dir, ingest_files
    paths = scan_raw_dir(raw_dir)
    batch = ingest_files(raw_dir, paths, seen_file_hashes=..., seen_content_hashes=...)
    batch.articles, batch.manifest, batch.stats.as_dict()

`iter_ingest` is the streaming form (batches of rows) for large nights.
"""

from __future__ import annotations

from .manifest import manifest_id
from .model import ARTICLE_COLUMNS, MANIFEST_COLUMNS, IngestBatch, IngestLimits, IngestStats
from .normalise import content_hash, normalise_text
from .paths import scan_raw_dir
from .runner import SUPPORTED_EXTENSIONS, ingest_files, iter_ingest

__all__ = [
    "ARTICLE_COLUMNS",
    "MANIFEST_COLUMNS",
    "SUPPORTED_EXTENSIONS",
    "IngestBatch",
    "IngestLimits",
    "IngestStats",
    "content_hash",
    "ingest_files",
    "iter_ingest",
    "manifest_id",
    "normalise_text",
    "scan_raw_dir",
]
