"""Hostile and broken input: every file ends rejected with a reason, nothing outside the
raw directory is read, nothing is expanded, nothing crashes."""

from __future__ import annotations

import json
import logging
import os
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from eventpipe.ingest import IngestBatch, IngestLimits, ingest_files, scan_raw_dir
from eventpipe.ingest import runner as ingest_runner

TODAY = date(2025, 1, 1)
TEXT = "Militia fighters ambushed an army convoy on the coastal road, killing three soldiers."


def run(raw: Path, *names: str, **kw) -> IngestBatch:
    return ingest_files(raw, [raw / n for n in names], today=TODAY, **kw)


def only_row(raw: Path, name: str, content: bytes, **kw) -> dict:
    (raw / name).write_bytes(content)
    batch = run(raw, name, **kw)
    [row] = batch.manifest
    assert not batch.articles
    return row


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file (0 bytes)"),
        ("blank.txt", b"  \n\t\r\n  ", "empty file (whitespace only)"),
        ("blank.jsonl", b"\n\n   \n", "empty file (whitespace only)"),
        ("bom-blank.txt", b"\xef\xbb\xbf \n", "empty file (whitespace only)"),
        ("marker-only.txt", b"date 2024-01-01\n\n", "no text after the date marker"),
        ("binary.txt", b"GIF89a\x01\x00\x00\x00\xff", "binary data: NUL byte at offset 7"),
        ("binary.jsonl", b'{"text": "x"}\n\x00\x01\x02', "binary data: NUL byte at offset 14"),
        ("bad.txt", b"Troops moved \xff into the town.",
         "not UTF-8 text: invalid byte 0xff at offset 13"),
        ("latin1.txt", "Caf\u00e9 owners protested in Montr\u00e9al.".encode("latin-1"),
         "not UTF-8 text: invalid byte 0xe9 at offset 3"),
        ("cut.txt", "Caf\u00e9".encode()[:-1], "not UTF-8 text: incomplete character at offset 3"),
        ("utf16-nobom.txt", "Plain text".encode("utf-16-le"), "without a byte-order mark"),
        ("notes.pdf", b"%PDF-1.4", "unknown file type '.pdf'"),
        ("noext", b"text", "unknown file type (no extension)"),
        ("control.txt", bytes(range(1, 9)) * 20, "binary data: 160 control characters"),
        ("deep.json", b"[" * 100_000, "nested too deeply"),
        ("deep-obj.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "nested too deeply"),
        ("scalar.json", b'"just a string"', "not a JSON object or list of objects"),
        ("trailing.json", b'{"text": "A text."} {"text": "B"}', "extra data after"),
        ("empty-list.json", b"[ ]", "contains no items"),
        ("empty-feed.rss", b"<rss><channel><title>T</title></channel></rss>",
         "contains no items"),
        ("broken.rss", b"<rss><channel><item><title>x</title>", "not well-formed XML"),
        ("entity.rss", b"<rss><channel><item><description>&nbsp;</description></item>"
         b"</channel></rss>", "undefined entity"),
    ],
)
def test_unreadable_files_rejected_with_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    row = only_row(tmp_path, name, content)
    assert row["outcome"] == "rejected" and row["item_key"] is None
    assert reason in row["reason"]
    assert len(row["file_hash"]) == 64


def test_utf16_and_utf8_bom_accepted(tmp_path: Path) -> None:
    text = "date 2024-02-02\nCaf\u00e9 owners protested."
    (tmp_path / "a.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "b.jsonl").write_bytes(
        (json.dumps({"id": "u1", "text": "Rebels \u00e9 shelled the port."}) + "\n").encode(
            "utf-16"
        )
    )
    (tmp_path / "c.json").write_bytes(
        b"\xef\xbb\xbf" + json.dumps([{"text": "Strike at the mine."}]).encode()
    )
    (tmp_path / "d.rss").write_bytes(
        "<rss><channel><item><description>Flood in the valley \u00e9.</description></item>"
        "</channel></rss>".encode("utf-16")
    )
    batch = run(tmp_path, "a.txt", "b.jsonl", "c.json", "d.rss")
    texts = [a["text"] for a in batch.articles]
    assert texts == [
        "Caf\u00e9 owners protested.", "Rebels \u00e9 shelled the port.", "Strike at the mine.",
        "Flood in the valley \u00e9.",
    ]
    assert batch.articles[0]["published"] == date(2024, 2, 2)


def test_invalid_utf8_line_in_jsonl_rejects_only_that_line(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"{TEXT} Number {i}."}).encode() for i in range(3)]
    lines[1] = b'{"text": "bad \xff byte"}'
    (tmp_path / "r.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    batch = run(tmp_path, "r.jsonl")
    outcomes = {r["item_key"]: (r["outcome"], r["reason"]) for r in batch.manifest}
    assert outcomes["line 2"] == (
        "rejected", "not UTF-8 text: invalid byte 0xff at offset 14 of the line"
    )
    assert outcomes["line 1"][0] == outcomes["line 3"][0] == "ingested"


def test_deep_json_line_rejects_only_that_line(tmp_path: Path) -> None:
    deep = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    good = json.dumps({"text": TEXT}).encode()
    (tmp_path / "r.jsonl").write_bytes(deep + b"\n" + good + b"\n")
    batch = run(tmp_path, "r.jsonl")
    outcomes = {r["item_key"]: (r["outcome"], r["reason"]) for r in batch.manifest}
    assert outcomes["line 1"] == ("rejected", "JSON nested too deeply")
    assert outcomes["line 2"][0] == "ingested"


def test_deeply_nested_html_rejected_quickly(tmp_path: Path) -> None:
    row = only_row(tmp_path, "deep.html", b"<html><body>" + b"<li><dt>" * 20_000 + b"x")
    assert row["outcome"] == "rejected" and "nested too deeply" in row["reason"]


def test_sloppy_html_with_unclosed_tags_accepted(tmp_path: Path) -> None:
    page = "<ul>" + "<li>Item <b>bold</b> <p>para" * 2000 + "</ul>" + "<p>end of story" * 2000
    (tmp_path / "p.html").write_text(page)
    [article] = run(tmp_path, "p.html").articles
    assert article["text"].endswith("end of story")


XXE_FEED = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://%s">]>
<rss version="2.0"><channel><title>T</title>
<item><guid>x</guid><description>Leak: &secret;</description></item></channel></rss>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><id>e1</id><content>&lol9;</content></entry></feed>"""


def test_xxe_feed_rejected_without_expansion(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("TOP-SECRET-VALUE")
    raw = tmp_path / "raw"
    raw.mkdir()
    row = only_row(raw, "x.rss", XXE_FEED % str(outside).encode())
    assert row["outcome"] == "rejected"
    assert "DOCTYPE" in row["reason"] and "nothing was expanded" in row["reason"]
    assert "TOP-SECRET" not in json.dumps(row)


def test_billion_laughs_rejected_without_expansion(tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        row = only_row(tmp_path, "b.atom", BILLION_LAUGHS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert row["outcome"] == "rejected" and "DOCTYPE" in row["reason"]
    assert peak < 20_000_000


def test_symlink_outside_raw_dir_rejected_and_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("date 2024-01-01\nSECRET TEXT THAT MUST NOT BE INGESTED")
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "sub" / "link.txt").symlink_to(outside)
    (raw / "dirlink").symlink_to(tmp_path)
    (raw / "inside.txt").write_text(TEXT)
    (raw / "alias.txt").symlink_to(raw / "inside.txt")
    opened: list[Path] = []
    real_open = ingest_runner.open_regular

    def spy(path: Path):
        opened.append(Path(path))
        return real_open(path)

    monkeypatch.setattr(ingest_runner, "open_regular", spy)
    paths = scan_raw_dir(raw)
    assert [p.relative_to(raw).as_posix() for p in paths] == [
        "alias.txt", "dirlink", "inside.txt", "sub/link.txt"
    ]
    batch = ingest_files(raw, paths, today=TODAY)
    rows = {r["raw_path"]: r for r in batch.manifest}
    assert rows["sub/link.txt"]["outcome"] == "rejected"
    assert "resolves outside the raw directory" in rows["sub/link.txt"]["reason"]
    assert rows["dirlink"]["outcome"] == "rejected"
    assert "outside the raw directory" in rows["dirlink"]["reason"]
    assert rows["inside.txt"]["outcome"] == "duplicate"  # same text as alias.txt, read first
    assert rows["alias.txt"]["outcome"] == "ingested"
    assert all(p.resolve().is_relative_to(raw.resolve()) for p in opened)
    assert "SECRET" not in json.dumps([batch.articles, batch.manifest], default=str)


def test_paths_outside_raw_dir_are_not_read(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "elsewhere.txt").write_text(TEXT)
    (tmp_path / "other.txt").write_text(TEXT)
    batch = ingest_files(
        raw, [raw / ".." / "elsewhere.txt", tmp_path / "other.txt", Path("../other.txt")],
        today=TODAY,
    )
    assert not batch.articles
    assert [r["raw_path"] for r in batch.manifest] == ["../elsewhere.txt", "../other.txt"]
    assert [r["outcome"] for r in batch.manifest] == ["rejected", "rejected"]
    assert batch.stats.files_seen == 3 and batch.stats.files_skipped == 1  # same path twice
    assert all("outside the raw directory" in r["reason"] for r in batch.manifest)


def test_fifo_and_directory_symlink_inside_rejected(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "d").mkdir()
    (tmp_path / "dlink.txt").symlink_to(tmp_path / "d")
    batch = run(tmp_path, "pipe.txt", "dlink.txt")
    reasons = {r["raw_path"]: r["reason"] for r in batch.manifest}
    assert reasons["pipe.txt"] == "not a regular file (a named pipe); not read"
    assert reasons["dlink.txt"] == "symbolic link to a directory; not followed"


def test_symlink_loop_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    batch = ingest_files(tmp_path, scan_raw_dir(tmp_path), today=TODAY)
    assert [r["outcome"] for r in batch.manifest] == ["rejected", "rejected"]
    assert all("cannot resolve" in r["reason"] for r in batch.manifest)


def test_relative_raw_dir_with_scanned_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data" / "raw" / "sub").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "sub" / "a.txt").write_text(TEXT)
    monkeypatch.chdir(tmp_path)
    raw = Path("data/raw")
    by_scan = ingest_files(raw, scan_raw_dir(raw), today=TODAY)
    by_name = ingest_files(raw, [Path("sub/a.txt")], today=TODAY)
    assert [r["raw_path"] for r in by_scan.manifest] == ["sub/a.txt"]
    assert by_scan.manifest == by_name.manifest
    assert by_scan.articles[0]["text"] == TEXT


def test_awkward_file_names(tmp_path: Path) -> None:
    names = ["with space.txt", "caf\u00e9 \u0441\u043e\u0431.txt", "new\nline.txt", "a..b.txt"]
    for i, name in enumerate(names):
        (tmp_path / name).write_text(f"{TEXT} Variant {i}.")
    os.mkdir(os.path.join(os.fsencode(tmp_path), b"bad\xffdir"))
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xffdir", b"x\xfe.txt"), "w") as fh:
        fh.write(TEXT + " Bytes.")
    batch = ingest_files(tmp_path, scan_raw_dir(tmp_path), today=TODAY)
    got = sorted(r["raw_path"] for r in batch.manifest)
    assert got == sorted(names + ["bad\\xffdir/x\\xfe.txt"])
    assert all(r["outcome"] == "ingested" for r in batch.manifest)
    for row in batch.manifest:  # every text column is valid UTF-8
        row["raw_path"].encode("utf-8")


def test_scan_ignores_readme_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("about")
    (tmp_path / ".hidden.txt").write_text(TEXT)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(TEXT)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(TEXT)
    (tmp_path / "b" / "README.md").write_text("about")
    (tmp_path / "a.jsonl").write_text("{}")
    (tmp_path / "z.pdf").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in scan_raw_dir(tmp_path)] == [
        "a.jsonl", "b/2.txt", "z.pdf"
    ]


@pytest.mark.parametrize("published", ["0025-01-01", "2999-12-31", "1899-12-31"])
def test_out_of_range_dates_rejected(tmp_path: Path, published: str) -> None:
    (tmp_path / "r.jsonl").write_text(json.dumps({"text": TEXT, "published": published}))
    (tmp_path / "m.txt").write_text(f"date {published}\n{TEXT} Again.")
    batch = run(tmp_path, "r.jsonl", "m.txt")
    rows = {(r["raw_path"], r["item_key"]): r for r in batch.manifest}
    for key in [("r.jsonl", "line 1"), ("m.txt", None)]:
        assert rows[key]["outcome"] == "rejected"
        assert rows[key]["reason"] == (
            f"published {published} is outside the allowed range 1900-01-01 to 2025-01-02"
        )
    assert not batch.articles


def test_tomorrow_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text(f"date 2025-01-02\n{TEXT}")
    [article] = run(tmp_path, "m.txt").articles
    assert article["published"] == date(2025, 1, 2)


def test_article_over_limit_rejected_with_size(tmp_path: Path) -> None:
    limits = IngestLimits(max_article_bytes=100)
    (tmp_path / "r.jsonl").write_text(
        json.dumps({"text": "x" * 150}) + "\n" + json.dumps({"text": TEXT[:90]}) + "\n"
    )
    (tmp_path / "a.txt").write_text("y" * 150)
    batch = run(tmp_path, "r.jsonl", "a.txt", limits=limits)
    rows = {(r["raw_path"], r["item_key"]): r for r in batch.manifest}
    assert rows[("r.jsonl", "line 1")]["reason"] == (
        "article text is 150 bytes (UTF-8), over the limit of 100 bytes"
    )
    assert rows[("r.jsonl", "line 2")]["outcome"] == "ingested"
    assert rows[("a.txt", None)]["reason"] == (
        "article text is 150 bytes (UTF-8), over the limit of 100 bytes"
    )


def test_huge_txt_rejected_by_size_without_loading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.write(b"A" * 1000)
        fh.truncate(50_000_000)  # sparse: 50 MB on the size, not on the disk
    tracemalloc.start()
    try:
        batch = run(tmp_path, "big.txt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [row] = batch.manifest
    assert row["outcome"] == "rejected"
    assert row["reason"].startswith("file is 50,000,000 bytes, over the limit of")
    assert peak < 10_000_000


def test_large_container_of_small_items_is_fine(tmp_path: Path) -> None:
    limits = IngestLimits(max_article_bytes=300)
    with open(tmp_path / "many.jsonl", "w") as fh:
        for i in range(3000):
            fh.write(json.dumps({"id": f"n{i}", "text": f"{TEXT} Report {i}."}) + "\n")
    with open(tmp_path / "many.json", "w") as fh:
        json.dump([{"text": f"{TEXT} List entry {i}."} for i in range(3000)], fh)
    assert (tmp_path / "many.jsonl").stat().st_size > 100 * limits.max_article_bytes
    batch = run(tmp_path, "many.jsonl", "many.json", limits=limits)
    assert batch.stats.items_ingested == 6000
    assert batch.stats.items_rejected == 0


def test_oversized_container_items_are_skipped_or_stop_the_file(tmp_path: Path) -> None:
    limits = IngestLimits(max_article_bytes=100)
    long_line = json.dumps({"text": "z" * 80_000})
    (tmp_path / "r.jsonl").write_text(f"{long_line}\n{json.dumps({'text': TEXT[:80]})}\n")
    huge = json.dumps({"text": "z" * 300_000})
    (tmp_path / "r.json").write_text(
        f"[{json.dumps({'text': 'Short.'})}, {long_line}, {huge}, {json.dumps({'text': 'L.'})}]"
    )
    batch = run(tmp_path, "r.jsonl", "r.json", limits=limits)
    rows = {(r["raw_path"], r["item_key"]): r for r in batch.manifest}
    assert rows[("r.jsonl", "line 1")]["reason"] == "line is over 66,136 characters"
    assert rows[("r.jsonl", "line 2")]["outcome"] == "ingested"
    assert rows[("r.json", "item 1")]["outcome"] == "ingested"
    # read within about twice the item bound: rejected on its own, reading goes on
    assert rows[("r.json", "item 2")]["reason"].startswith("article text is 80,000 bytes")
    # far beyond it: a list cannot be resynchronised, so reading stops there
    assert rows[("r.json", None)]["outcome"] == "container"
    assert rows[("r.json", None)]["reason"] == (
        "reading stopped after item 2: item 3 is over 66,136 characters or not valid JSON"
    )


def test_max_file_bytes_bounds_containers(tmp_path: Path) -> None:
    (tmp_path / "r.jsonl").write_text(json.dumps({"text": TEXT}) + "\n")
    row = only_row(tmp_path, "r.jsonl", (tmp_path / "r.jsonl").read_bytes(),
                   limits=IngestLimits(max_file_bytes=10))
    assert "max_file_bytes" in row["reason"]


def test_truncated_json_list_keeps_items_read_before(tmp_path: Path) -> None:
    good = json.dumps({"text": TEXT})
    (tmp_path / "t.json").write_text(f"[{good}, {{\"text\": ")
    batch = run(tmp_path, "t.json")
    rows = {r["item_key"]: r for r in batch.manifest}
    assert rows["item 1"]["outcome"] == "ingested"
    assert rows[None]["outcome"] == "container"
    assert rows[None]["reason"].startswith("reading stopped after item 1: invalid JSON in item 2")


def test_rejections_are_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "e.txt").write_bytes(b"")
    with caplog.at_level(logging.INFO, logger="eventpipe.ingest"):
        run(tmp_path, "e.txt")
    assert any("e.txt" in m and "empty file" in m for m in caplog.messages)
