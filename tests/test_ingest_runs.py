"""Duplicates, reruns, ids, manifest ids and the streaming form."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from eventpipe.ingest import IngestBatch, ingest_files, iter_ingest, manifest_id, scan_raw_dir

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
TODAY = date(2025, 1, 1)
TEXT_A = "Security forces dispersed a sit-in outside the parliament building on Sunday."
TEXT_B = "An explosion damaged a railway bridge north of the capital early on Friday."


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(FIXTURES, target)
    return target


def ingest(raw: Path, **kw) -> IngestBatch:
    return ingest_files(raw, scan_raw_dir(raw), today=TODAY, **kw)


def test_duplicate_text_across_files(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text(f"date 2024-01-01\n{TEXT_A}")
    (tmp_path / "2.jsonl").write_text(
        json.dumps({"id": "w9", "text": TEXT_A.upper().replace(" ", "  ")}) + "\n"
    )
    batch = ingest(tmp_path)
    [article] = batch.articles
    rows = {(r["raw_path"], r["item_key"]): r for r in batch.manifest}
    dup = rows[("2.jsonl", "line 1")]
    assert dup["outcome"] == "duplicate"
    assert dup["article_id"] == article["article_id"]
    assert article["article_id"] in dup["reason"] and "earlier in this run" in dup["reason"]
    assert dup["content_hash"] == article["content_hash"]
    assert batch.stats.items_duplicate == 1 and batch.stats.items_ingested == 1


def test_rerun_with_returned_file_hashes_adds_nothing(raw: Path) -> None:
    first = ingest(raw)
    assert first.stats.files_seen == len(scan_raw_dir(raw)) > 0
    second = ingest(raw, seen_file_hashes=first.file_hashes)
    assert second.articles == [] and second.manifest == []
    assert second.stats.files_skipped == second.stats.files_seen == first.stats.files_seen


def test_same_items_in_a_new_file_are_duplicates_of_earlier_runs(raw: Path) -> None:
    first = ingest(raw)
    (raw / "tomorrow.rss").write_bytes((raw / "feed.rss").read_bytes().replace(
        b"<title>Example Herald</title>", b"<title>Example Herald (mirror)</title>"
    ))
    seen = {a["content_hash"]: a["article_id"] for a in first.articles}
    second = ingest(raw, seen_file_hashes=first.file_hashes, seen_content_hashes=seen)
    assert second.articles == []
    items = [r for r in second.manifest if r["item_key"]]
    assert [r["outcome"] for r in items] == ["duplicate", "duplicate"]
    assert "'herald-7781', ingested by an earlier run" in items[0]["reason"]
    plain = ingest(raw, seen_file_hashes=first.file_hashes, seen_content_hashes=set(seen))
    assert plain.manifest[0]["reason"] == "same text as an article ingested by an earlier run"


def test_colliding_ids_get_a_hash_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": " dup-1 ", "text": TEXT_A}) + "\n"
        + json.dumps({"id": "dup-1", "text": TEXT_B}) + "\n"
    )
    batch = ingest(tmp_path)
    first, second = batch.articles
    assert first["article_id"] == "dup-1" and first["input_id"] == "dup-1"
    assert second["article_id"] == "dup-1~" + second["content_hash"][:12]
    assert second["input_id"] == "dup-1"
    row = [r for r in batch.manifest if r["item_key"] == "line 2"][0]
    assert row["outcome"] == "ingested" and "already belongs to a different text" in row["reason"]
    again = ingest(tmp_path, seen_article_ids={"dup-1"},
                   seen_content_hashes={first["content_hash"]})
    [article] = again.articles
    assert article["article_id"] == "dup-1~" + article["content_hash"][:12]


def test_long_ids_are_cut_to_200_characters(tmp_path: Path) -> None:
    long_id = "x" * 500
    (tmp_path / "a.json").write_text(json.dumps({"id": long_id, "text": TEXT_A}))
    [article] = ingest(tmp_path).articles
    assert len(article["article_id"]) == 200 and article["article_id"].startswith("x" * 150)
    assert article["input_id"] == long_id


def test_manifest_ids_unique_and_stable(raw: Path) -> None:
    a, b = ingest(raw), ingest(raw)
    ids = [r["manifest_id"] for r in a.manifest]
    assert len(ids) == len(set(ids))
    assert ids == [r["manifest_id"] for r in b.manifest]
    assert a.articles == b.articles
    row = a.manifest[0]
    assert row["manifest_id"] == manifest_id(row["raw_path"], row["item_key"], row["file_hash"])


def test_one_file_row_per_file(raw: Path) -> None:
    batch = ingest(raw)
    files = [r["raw_path"] for r in batch.manifest if r["item_key"] is None]
    assert sorted(files) == sorted(p.name for p in scan_raw_dir(raw))
    containers = {r["raw_path"] for r in batch.manifest if r["outcome"] == "container"}
    assert containers == {"feed.atom", "feed.rss", "records.json", "records.jsonl"}


@pytest.mark.parametrize("batch_size", [1, 2, 5])
def test_streaming_batches_match_one_batch(raw: Path, batch_size: int) -> None:
    whole = ingest(raw)
    batches = list(iter_ingest(raw, scan_raw_dir(raw), batch_size=batch_size, today=TODAY))
    assert all(len(b.manifest) <= batch_size for b in batches)
    merged = IngestBatch()
    for b in batches:
        merged.extend(b)
        ids = {a["article_id"] for a in b.articles}
        assert ids <= {r["article_id"] for r in b.manifest}  # article with its manifest row
    assert merged.articles == whole.articles
    assert merged.manifest == whole.manifest
    assert merged.stats == whole.stats


def test_syndication_group_left_to_merge(raw: Path) -> None:
    assert all(a["syndication_group"] is None for a in ingest(raw).articles)
