"""Each raw format parses to the expected article rows."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from eventpipe.ingest import (
    ARTICLE_COLUMNS,
    MANIFEST_COLUMNS,
    IngestBatch,
    content_hash,
    ingest_files,
    normalise_text,
    scan_raw_dir,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
TABLES = Path(__file__).resolve().parents[1] / "schemas" / "tables.yaml"
TODAY = date(2025, 1, 1)


def run(raw: Path, *names: str) -> IngestBatch:
    return ingest_files(raw, [raw / n for n in names], today=TODAY)


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(FIXTURES, target)
    return target


def by_key(batch: IngestBatch) -> dict[tuple[str, str | None], dict]:
    return {(r["raw_path"], r["item_key"]): r for r in batch.manifest}


def test_row_columns_match_schema(raw: Path) -> None:
    spec = yaml.safe_load(TABLES.read_text())
    tables = {t["name"]: t for t in spec["tables"]}

    def own_columns(name: str) -> list[str]:
        cols = tables[name]["columns"]
        return [c["name"] for c in cols if "name" in c and not c.get("per_run")]

    assert list(ARTICLE_COLUMNS) == own_columns("articles")
    assert list(MANIFEST_COLUMNS) == own_columns("manifest")
    batch = ingest_files(raw, scan_raw_dir(raw), today=TODAY)
    assert batch.articles and batch.manifest
    assert all(list(a) == list(ARTICLE_COLUMNS) for a in batch.articles)
    assert all(list(m) == list(MANIFEST_COLUMNS) for m in batch.manifest)


def test_txt_date_marker_is_stripped_and_parsed(raw: Path) -> None:
    batch = run(raw, "marker.txt")
    [article] = batch.articles
    assert article["published"] == date(2024, 5, 2)
    assert article["text"].startswith("Gunmen attacked a police checkpoint")
    assert "date 2024" not in article["text"]
    assert "\n\nTwo officers were wounded" in article["text"]
    assert article["item_key"] is None and article["raw_path"] == "marker.txt"
    assert article["input_id"] is None
    assert article["article_id"] == "h" + article["content_hash"][:16]
    [row] = batch.manifest
    assert (row["outcome"], row["item_key"], row["article_id"]) == (
        "ingested", None, article["article_id"]
    )


def test_txt_without_marker_has_no_published(raw: Path) -> None:
    [article] = run(raw, "no_marker.txt").articles
    assert article["published"] is None
    assert article["text"].startswith("Hundreds of farmers marched")


@pytest.mark.parametrize(
    "content, published, text",
    [
        (b"\xef\xbb\xbf  date 2023-11-15 In a recent incident", date(2023, 11, 15),
         "In a recent incident"),
        (b"\n\n   Date: 2022-01-31\r\nRebels seized the town.\r\n", date(2022, 1, 31),
         "Rebels seized the town."),
        (b"date 2021-06-01T08:00:00Z\nText.", date(2021, 6, 1), "Text."),
        (b"Dated 2021-06-01 text stays", None, "Dated 2021-06-01 text stays"),
        (b"date night was quiet.", None, "date night was quiet."),
    ],
)
def test_txt_marker_variants(tmp_path: Path, content: bytes, published, text) -> None:
    (tmp_path / "a.txt").write_bytes(content)
    [article] = run(tmp_path, "a.txt").articles
    assert (article["published"], article["text"]) == (published, text)


def test_txt_invalid_marker_date_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("date 2023-02-30\nSome text.")
    [row] = run(tmp_path, "a.txt").manifest
    assert row["outcome"] == "rejected"
    assert "2023-02-30" in row["reason"] and "not a valid calendar date" in row["reason"]


def test_jsonl_malformed_line_in_the_middle(raw: Path) -> None:
    batch = run(raw, "records.jsonl")
    rows = by_key(batch)
    assert rows[("records.jsonl", "line 1")]["outcome"] == "ingested"
    bad = rows[("records.jsonl", "line 2")]
    assert bad["outcome"] == "rejected" and bad["reason"].startswith("invalid JSON")
    assert rows[("records.jsonl", "line 3")]["outcome"] == "ingested"
    assert rows[("records.jsonl", None)]["outcome"] == "container"
    first, third = batch.articles
    assert first["article_id"] == first["input_id"] == "wire-001"
    assert first["title"] == "Overnight shelling" and first["source"] == "Example Wire"
    assert first["url"] == "https://news.example/wire-001"
    assert first["published"] == date(2024, 4, 10) and first["item_key"] == "line 1"
    assert third["published"] == date(2024, 4, 11)  # the date as written, not UTC
    assert third["title"] is None and third["item_key"] == "line 3"
    assert batch.stats.as_dict() == {
        "files_seen": 1, "files_skipped": 0, "items_ingested": 2,
        "items_duplicate": 0, "items_rejected": 1,
    }


def test_json_list_and_single_object(raw: Path) -> None:
    batch = run(raw, "records.json", "single.json")
    lst = [a for a in batch.articles if a["raw_path"] == "records.json"]
    assert [a["item_key"] for a in lst] == ["item 1", "item 2"]
    assert lst[0]["article_id"] == "41" and lst[0]["input_id"] == "41"
    assert lst[0]["source"] == "Example Daily"
    assert lst[1]["article_id"].startswith("h") and lst[1]["published"] is None
    [single] = [a for a in batch.articles if a["raw_path"] == "single.json"]
    assert single["item_key"] is None and single["article_id"] == "single-1"
    assert single["title"] == "Market blast" and single["published"] == date(2024, 7, 19)
    rows = by_key(batch)
    assert rows[("records.json", None)]["outcome"] == "container"
    assert rows[("single.json", None)]["outcome"] == "ingested"


@pytest.mark.parametrize(
    "record, reason",
    [
        ({"id": "a"}, "no 'text' field"),
        ({"text": 12}, "text must be a non-empty string"),
        ({"text": "   "}, "text is empty"),
        ({"text": "Fine text.", "published": 20240101}, "published must be an ISO date"),
        ({"text": "Fine text.", "published": "last Tuesday"}, "is not an ISO date"),
        ({"text": "Fine text.", "title": ["x"]}, "title must be a string"),
        ({"text": "Fine text.", "id": {"a": 1}}, "id must be a string or an integer"),
    ],
)
def test_json_field_types_rejected_with_reason(tmp_path: Path, record, reason) -> None:
    import json

    (tmp_path / "r.jsonl").write_text(json.dumps(record) + "\n")
    rows = by_key(run(tmp_path, "r.jsonl"))
    assert rows[("r.jsonl", "line 1")]["outcome"] == "rejected"
    assert reason in rows[("r.jsonl", "line 1")]["reason"]
    assert rows[("r.jsonl", None)]["outcome"] == "container"


def test_html_keeps_only_article_paragraphs(raw: Path) -> None:
    [article] = run(raw, "page.html").articles
    assert article["text"] == (
        "Two border guards were killed when their patrol came under fire near the northern "
        "crossing on Wednesday, the interior ministry said.\n\n"
        "The ministry blamed an armed group operating from across the frontier.\n\n"
        "Officials said an investigation\nhad been opened."
    )
    assert article["title"] == "Border clash leaves two dead"
    assert article["published"] == date(2024, 3, 14)
    assert article["source"] == "Example Times"
    assert article["url"] == "https://times.example/border-clash"


def test_html_time_element_and_title_fallback(tmp_path: Path) -> None:
    (tmp_path / "p.htm").write_text(
        "<html><head><title> Quiet  night </title></head><body>"
        "<div><time datetime='2023-09-09'>9 Sept</time><p>Para one.</p>"
        "<div>Loose text<p>Para two.</p></div></div></body></html>"
    )
    [article] = run(tmp_path, "p.htm").articles
    assert article["title"] == "Quiet night"
    assert article["published"] == date(2023, 9, 9)
    assert article["text"] == "9 Sept\n\nPara one.\n\nLoose text\n\nPara two."


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(
        '<meta charset="windows-1252"><p>Caf\u00e9 owners protested.</p>'.encode("cp1252")
    )
    [article] = run(tmp_path, "p.html").articles
    assert article["text"] == "Caf\u00e9 owners protested."


def test_rss_items(raw: Path) -> None:
    batch = run(raw, "feed.rss")
    first, second = batch.articles
    assert first["article_id"] == first["input_id"] == "herald-7781"
    assert first["text"] == (
        "Police fired tear gas at stone-throwing youths in the old city.\n\n"
        "At least ten people were arrested."
    )
    assert first["published"] == date(2024, 3, 5)  # RFC 822, the date as written
    assert first["source"] == "Example Herald" and first["title"] == "Clashes in the old city"
    assert first["url"] == "https://herald.example/clashes" and first["item_key"] == "item 1"
    assert second["text"] == "Negotiators met again in the capital & agreed to continue."
    assert second["url"] is None and second["published"] == date(2024, 3, 6)
    assert by_key(batch)[("feed.rss", None)]["outcome"] == "container"


def test_atom_entries(raw: Path) -> None:
    first, second = run(raw, "feed.atom").articles
    assert first["article_id"] == "urn:example:monitor:entry-1"
    assert first["text"] == (
        "Heavy rain flooded low-lying villages in the delta.\n\nAid groups set up shelters."
    )
    assert first["published"] == date(2024, 8, 1)  # published wins over updated
    assert first["url"] == "https://monitor.example/floods"
    assert first["source"] == "Example Monitor"
    assert second["text"] == "Several thousand people rallied in the main square <peacefully>."
    assert second["published"] == date(2024, 8, 2)  # only updated given
    assert second["url"] == "https://monitor.example/rally"


def test_rss_unparseable_date_is_noted_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "f.xml").write_text(
        "<rss><channel><title>T</title><item><description>Some text.</description>"
        "<pubDate>around noon</pubDate></item></channel></rss>"
    )
    batch = run(tmp_path, "f.xml")
    [article] = batch.articles
    assert article["published"] is None
    assert "not understood" in by_key(batch)[("f.xml", "item 1")]["reason"]


def test_xml_that_is_not_a_feed_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "f.xml").write_text("<catalog><book>x</book></catalog>")
    [row] = run(tmp_path, "f.xml").manifest
    assert row["outcome"] == "rejected" and "root element is <catalog>" in row["reason"]


def test_normalise_text_and_hash() -> None:
    raw = "\n\n  First line   \r\nSecond\u00a0line\t\r\rThird\u2028e\u0301   \n\n"
    text = normalise_text(raw)
    assert text == "  First line\nSecond\u00a0line\n\nThird\n\u00e9"
    assert content_hash("A  b\nC") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")
    assert len(content_hash("x")) == 64
