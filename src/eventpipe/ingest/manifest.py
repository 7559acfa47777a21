"""Manifest rows: one per raw file (item_key None) and one per item inside a container."""

from __future__ import annotations

import hashlib
import json
from typing import Any

INGESTED = "ingested"
DUPLICATE = "duplicate"
REJECTED = "rejected"
CONTAINER = "container"
OUTCOMES = (INGESTED, DUPLICATE, REJECTED, CONTAINER)


def manifest_id(raw_path: str, item_key: str | None, file_hash: str) -> str:
    """SHA-256 of (raw_path, item_key, file_hash), unambiguously joined."""
    key = json.dumps([raw_path, item_key, file_hash], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def manifest_row(
    raw_path: str,
    item_key: str | None,
    file_hash: str,
    outcome: str,
    *,
    reason: str | None = None,
    content_hash: str | None = None,
    article_id: str | None = None,
) -> dict[str, Any]:
    """A row for the `manifest` table, all columns but run_id and seen_at."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown manifest outcome {outcome!r}")
    return {
        "manifest_id": manifest_id(raw_path, item_key, file_hash),
        "raw_path": raw_path,
        "item_key": item_key,
        "file_hash": file_hash,
        "content_hash": content_hash,
        "outcome": outcome,
        "reason": reason,
        "article_id": article_id,
    }
