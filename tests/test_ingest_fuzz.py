"""Property: whatever bytes land in the raw directory, ingestion returns rows, never raises,
and every file ends with exactly one file-level manifest row."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventpipe.ingest import IngestLimits, ingest_files

EXTENSIONS = [".txt", ".json", ".jsonl", ".html", ".rss"]
PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"date 2024-01-01\n",
    b"[",
    b'{"text": "',
    b'{"id": 1, "text": "a"}\n{',
    b"<html><body><article><p>",
    b"<?xml version='1.0'?><rss><channel><title>T</title><item><description>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='xhtml'>",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "text", "published", "title", "source", "url", "x"]), inner,
        max_size=6,
    ),
    max_leaves=12,
)

file_contents = st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=400)).map(
    lambda parts: parts[0] + parts[1]
)


def check(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp)
        for name, content in files.items():
            (raw / name).write_bytes(content)
        batch = ingest_files(
            raw, [raw / n for n in files], today=date(2025, 1, 1),
            limits=IngestLimits(max_article_bytes=2000),
        )
    file_rows = [r["raw_path"] for r in batch.manifest if r["item_key"] is None]
    assert sorted(file_rows) == sorted(files)
    for row in batch.manifest:
        assert row["outcome"] in ("ingested", "duplicate", "rejected", "container")
        assert "internal error" not in (row["reason"] or "")
        if row["outcome"] == "rejected":
            assert row["reason"]
    for article in batch.articles:
        article["text"].encode("utf-8")  # storable text: no lone surrogates
        assert article["text"] and "\x00" not in article["text"]
    stats = batch.stats
    assert stats.files_seen == len(files) and stats.files_skipped == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(
    st.tuples(st.sampled_from(EXTENSIONS), st.integers(0, 3)).map(lambda t: f"f{t[1]}{t[0]}"),
    file_contents, min_size=1, max_size=5,
))
def test_arbitrary_bytes_never_raise(files: dict[str, bytes]) -> None:
    check(files)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(json_values, min_size=1, max_size=6))
def test_arbitrary_json_records_never_raise(values: list) -> None:
    lines = "\n".join(json.dumps(v) for v in values).encode()
    check({"r.jsonl": lines, "r.json": json.dumps(values).encode()})
