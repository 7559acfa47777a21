"""Hostile input, end to end: one real nightly run over a raw directory that holds every kind of
bad file next to a few good articles. The run completes, each bad item is rejected (manifest)
or quarantined (validation) with a reason a person can act on, every good article is loaded,
and nothing outside the data directory is read or written.

Small hostile files live in tests/fixtures/hostile/; large or path-dependent ones (a 100 MB text
file, deeply nested JSON, an XXE feed naming a file outside raw, symlinks, odd file names) are
generated here in a temporary directory.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
SECRET = "SENTINEL-SECRET-7f3a91"
HUNDRED_MB = 100 * 1024 * 1024
MAX_EVENTS = 10
LEAKS = ("STYLE-LEAK", "SCRIPT-LEAK", "ONLOAD-LEAK", "IFRAME-LEAK", "IMG-LEAK", "TEMPLATE-LEAK",
         "INLINE-SCRIPT-LEAK", "NOSCRIPT-LEAK", "attacker.invalid/frame")
PLACES = ("Mogadishu", "Kismayo", "Baidoa", "Kano", "Maiduguri", "Goma", "Bunia", "Kandahar",
          "Herat", "Kharkiv", "Sumy", "Taiz", "Aden", "Bamako", "Mopti", "Gao", "Timbuktu",
          "Kidal", "Beni", "Kabul")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# (raw_path, item_key or "", outcome, phrase the reason must contain)
REJECTED = [
    ("empty.txt", "", "rejected", "empty file (0 bytes)"),
    ("whitespace_only.txt", "", "rejected", "empty file (whitespace only)"),
    ("binary.txt", "", "rejected", "binary data: NUL byte"),
    ("invalid_utf8.txt", "", "rejected", "not UTF-8 text: invalid byte 0xff"),
    ("latin1.txt", "", "rejected", "save it as UTF-8"),
    ("mixed_encodings.txt", "", "rejected", "not UTF-8 text: invalid byte 0xe8"),
    ("malformed_middle.jsonl", "line 2", "rejected", "invalid JSON"),
    ("wrong_types.jsonl", "line 1", "rejected", "text must be a non-empty string"),
    ("wrong_types.jsonl", "line 2", "rejected", "published must be an ISO date"),
    ("wrong_types.jsonl", "line 3", "rejected", "title must be a string"),
    ("wrong_types.jsonl", "line 4", "rejected", "id must be a string or an integer"),
    ("wrong_types.jsonl", "line 5", "rejected", "no 'text' field"),
    ("wrong_types.jsonl", "line 6", "rejected", "text must be a non-empty string"),
    ("dates_out_of_range.jsonl", "line 1", "rejected", "published 0025-01-01 is outside"),
    ("dates_out_of_range.jsonl", "line 2", "rejected", "published 2999-12-31 is outside"),
    ("marker_0025.txt", "", "rejected", "published 0025-01-01 is outside the allowed range"),
    ("billion_laughs.atom", "", "rejected", "nothing was expanded"),
    ("xxe.rss", "", "rejected", "nothing was expanded"),
    ("deeply_nested.json", "", "rejected", "nested too deeply"),
    ("oversize.jsonl", "line 1", "rejected", "over the limit of 1,000,000 bytes"),
    ("huge_100mb.txt", "", "rejected", "over the limit"),
    ("leak.txt", "", "rejected", "symbolic link resolves outside the raw directory"),
    ("sub/leak_dir", "", "rejected", "outside the raw directory"),
    ("notes.pdf", "", "rejected", "unknown file type '.pdf'"),
]
# articles that must be ingested and coded into at least one loaded mention
GOOD = ["good-mogadishu", "good-kismayo", "good-nairobi", "good-bamako", "formula-evidence",
        "formula-plus", "formula-minus", "markup-evidence", "jl-good-1", "jl-good-2"]
GOOD_FILES = ["utf16_bom.txt", "page_with_scripts.html", "report..final.txt",
              "with space.txt", "caf\u00e9 \u0441\u0432\u043e\u0434\u043a\u0430.txt",
              "new\nline.txt"]


def _write_generated(raw: Path, outside: Path) -> None:
    """The hostile files that are large or depend on the temporary paths."""
    with open(raw / "huge_100mb.txt", "wb") as fh:  # real bytes, not a sparse file
        block = b"date 2024-05-08\n" + b"Gunmen attacked a village near Gao. " * 29_000
        written = 0
        while written < HUNDRED_MB:
            part = block[: HUNDRED_MB - written]
            fh.write(part)
            written += len(part)
    (raw / "deeply_nested.json").write_bytes(b'{"text": ' + b"[" * 200_000 + b"]" * 200_000
                                             + b"}")
    (raw / "xxe.rss").write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{outside}">]>\n'
        '<rss version="2.0"><channel><title>T</title><item><guid>xxe-1</guid>'
        "<description>Leak: &secret;</description></item></channel></rss>\n", encoding="utf-8")
    big = "Residents described the market. " * 33_000  # ~1.06 MB, over the 1 MB default
    (raw / "oversize.jsonl").write_text(
        json.dumps({"id": "too-big", "text": big, "published": "2024-05-08"}) + "\n",
        encoding="utf-8")
    many = " ".join(f"Separately, gunmen killed {i + 2} civilians in {place} on {DAYS[i % 7]}."
                    for i, place in enumerate(PLACES))
    (raw / "many_events.json").write_text(json.dumps(
        {"id": "many-events", "text": many, "published": "2024-05-08", "source": "Roundup"}),
        encoding="utf-8")
    (raw / "leak.txt").symlink_to(outside)
    (raw / "sub").mkdir()
    (raw / "sub" / "leak_dir").symlink_to(outside.parent)
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    names = {"report..final.txt": "Gunmen killed two guards in Kandahar on Monday.",
             "with space.txt": "Militants shelled a base near Taiz on Sunday, killing a soldier.",
             "caf\u00e9 \u0441\u0432\u043e\u0434\u043a\u0430.txt":
                 "Protesters rallied in Kabul on Friday against fuel prices.",
             "new\nline.txt": "A drone strike killed four fighters near Kidal on Saturday."}
    for name, text in names.items():
        (raw / name).write_text(f"date 2024-05-08\n{text}\n", encoding="utf-8")


def _listing(root: Path) -> dict[str, tuple[str, int, float]]:
    """Every path under root (links not followed): kind, size and mtime."""
    out: dict[str, tuple[str, int, float]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            st = p.lstat()
            kind = "link" if p.is_symlink() else "dir" if p.is_dir() else "file"
            size = 0 if kind == "dir" else st.st_size
            out[p.relative_to(root).as_posix()] = (kind, size, st.st_mtime)
    return out


def _atime_is_recorded(probe: Path) -> bool:
    """Whether this file system records reads in atime (relatime updates an atime older
    than the mtime)."""
    probe.write_text("probe", encoding="utf-8")
    st = probe.stat()
    os.utime(probe, (st.st_mtime - 3600, st.st_mtime))
    before = probe.stat().st_atime
    probe.read_text(encoding="utf-8")
    recorded = probe.stat().st_atime != before
    probe.unlink()
    return recorded


@pytest.fixture(scope="module")
def hostile_run(prefect_api_url: str, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[dict[str, Any]]:
    from eventpipe.cli import load_nightly_flow

    base = tmp_path_factory.mktemp("hostile")
    raw, curated = base / "data" / "raw", base / "data" / "curated"
    shutil.copytree(FIXTURES, raw)
    outside = base / "outside" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text(f"date 2024-05-08\n{SECRET} Gunmen killed nine people in Aden.\n",
                       encoding="utf-8")
    _write_generated(raw, outside)
    cwd = base / "cwd"
    cwd.mkdir()
    atime_works = _atime_is_recorded(base / "outside" / "probe")
    st = outside.stat()
    os.utime(outside, (st.st_mtime - 3600, st.st_mtime))  # any read would now move the atime
    sentinel_before = outside.stat()
    before = _listing(base)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        mp.setenv("EVENTPIPE_MAX_EVENTS_PER_ARTICLE", str(MAX_EVENTS))
        for var in ("EVENTPIPE_RAW_DIR", "EVENTPIPE_DB", "EVENTPIPE_CURATED_DIR",
                    "EVENTPIPE_MAX_ARTICLE_BYTES", "EVENTPIPE_CRASH_AT", "EVENTPIPE_PAUSE_AT"):
            mp.delenv(var, raising=False)
        summary = load_nightly_flow()(raw_dir=str(raw), db=str(curated / "events.duckdb"),
                                      curated_dir=str(curated))
    after = _listing(base)
    sentinel_after = outside.stat()
    (raw / "huge_100mb.txt").unlink()  # 100 MB is not kept for the other tests' sake
    yield {"base": base, "raw": raw, "curated": curated, "db": curated / "events.duckdb",
           "summary": summary, "outside": outside, "sentinel_before": sentinel_before,
           "sentinel_after": sentinel_after, "atime_works": atime_works, "before": before,
           "after": after}


def _query(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _manifest(db: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    rows = _query(db, "SELECT raw_path, coalesce(item_key, ''), outcome, reason FROM manifest")
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def test_run_completes_and_every_file_has_an_outcome(hostile_run: dict[str, Any]) -> None:
    s = hostile_run["summary"]
    assert Path(s["extract_path"]).is_file()
    assert s["items_rejected"] >= len(REJECTED)
    assert s["mentions_loaded"] + s["rows_quarantined"] == s["events_coded"]
    assert _query(hostile_run["db"], "SELECT status FROM runs") == [("succeeded",)]
    files = {k[0] for k in _manifest(hostile_run["db"]) if k[1] == ""}
    expected = {k.removeprefix("data/raw/") for k, v in hostile_run["before"].items()
                if k.startswith("data/raw/") and v[0] != "dir"}
    assert files == expected


@pytest.mark.parametrize("raw_path, key, outcome, phrase", REJECTED,
                         ids=[f"{r[0]}:{r[1]}" for r in REJECTED])
def test_hostile_item_rejected_with_a_reason(hostile_run: dict[str, Any], raw_path: str,
                                             key: str, outcome: str, phrase: str) -> None:
    got_outcome, reason = _manifest(hostile_run["db"])[(raw_path, key)]
    assert got_outcome == outcome
    assert reason and phrase in reason


def test_every_good_article_is_loaded(hostile_run: dict[str, Any]) -> None:
    db = hostile_run["db"]
    loaded = {r[0]: r[1] for r in _query(
        db, "SELECT a.article_id, count(m.mention_id) FROM articles a "
            "LEFT JOIN event_mentions m USING (article_id) GROUP BY 1")}
    for article_id in GOOD:
        assert loaded.get(article_id, 0) >= 1, article_id
    by_file = {r[0]: r[1] for r in _query(
        db, "SELECT a.raw_path, count(m.mention_id) FROM articles a "
            "LEFT JOIN event_mentions m USING (article_id) GROUP BY 1")}
    for name in GOOD_FILES:
        assert by_file.get(name, 0) >= 1, name
    manifest = _manifest(db)
    assert manifest[("malformed_middle.jsonl", "line 1")][0] == "ingested"
    assert manifest[("malformed_middle.jsonl", "line 3")][0] == "ingested"
    n_events = _query(db, "SELECT count(*) FROM events")[0][0]
    assert n_events >= len(GOOD) + len(GOOD_FILES)


def test_html_scripts_styles_and_iframes_never_reach_the_text(hostile_run: dict[str, Any]
                                                              ) -> None:
    [(text,)] = _query(hostile_run["db"],
                       "SELECT text FROM articles WHERE raw_path = 'page_with_scripts.html'")
    assert "Russian shelling killed two civilians in Sumy" in text
    for leak in LEAKS:
        assert leak not in text


def test_too_many_events_is_a_quarantine_with_the_limit(hostile_run: dict[str, Any]) -> None:
    db = hostile_run["db"]
    assert _query(db, "SELECT count(*) FROM articles WHERE article_id = 'many-events'"
                  ) == [(1,)]
    assert _query(db, "SELECT count(*) FROM event_mentions WHERE article_id = 'many-events'"
                  ) == [(0,)], "quarantined whole, not truncated"
    rows = _query(db, "SELECT failed_expectations, record FROM quarantine")
    mine = [r[0] for r in rows if json.loads(r[1]).get("article_id") == "many-events"]
    assert len(mine) > MAX_EVENTS
    assert all(f"expect_article_events_to_be_at_most({MAX_EVENTS})" in f for f in mine)


def test_nothing_outside_the_data_directory_is_read_or_written(hostile_run: dict[str, Any]
                                                               ) -> None:
    outside: Path = hostile_run["outside"]
    before, after = hostile_run["before"], hostile_run["after"]
    assert outside.read_text(encoding="utf-8").startswith("date 2024-05-08\n" + SECRET)
    if hostile_run["atime_works"]:
        assert hostile_run["sentinel_after"].st_atime == hostile_run["sentinel_before"].st_atime
    # the raw directory is untouched
    raw_before = {k: v for k, v in before.items() if k.startswith("data/raw")}
    assert raw_before and {k: v for k, v in after.items() if k.startswith("data/raw")
                           } == raw_before
    changed = {k for k in set(before) | set(after)
               if before.get(k) != after.get(k) and not k.startswith("data/raw/")}
    assert changed and all(k == "data/curated" or k.startswith("data/curated/")
                           or k == "data" for k in changed), sorted(changed)
    assert not any((hostile_run["base"] / "cwd").iterdir()), "nothing written to the cwd"
    for path in hostile_run["curated"].rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    manifest_paths = [k[0] for k in _manifest(hostile_run["db"])]
    assert not any(p.startswith("../") or p.startswith("/") for p in manifest_paths)


def test_formula_cells_neutralised_numbers_kept(hostile_run: dict[str, Any]) -> None:
    with open(hostile_run["summary"]["extract_path"], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        for col in ("source", "notes", "evidence_text", "actor1", "actor2", "location"):
            value = row.get(col) or ""
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (col, value)
    sources = {r["source"] for r in rows}
    assert "'=HYPERLINK(\"http://attacker.invalid\",\"click\")" in sources
    assert {"'@SUM(1+1)", "'+61 Wire", "'-Desk"} <= sources
    bamako = [r for r in rows if r["location"] == "Bamako"]
    assert bamako and all(float(r["longitude"]) < 0 for r in bamako)
    assert any(float(r["goldstein"]) < 0 for r in rows if r["goldstein"])


def test_show_prints_markup_and_control_characters_inert(hostile_run: dict[str, Any]) -> None:
    from eventpipe.cli import main

    db = hostile_run["db"]
    [(event_id,)] = _query(db, "SELECT DISTINCT event_id FROM event_mentions "
                               "WHERE article_id = 'markup-evidence'")
    result = CliRunner().invoke(main, ["show", event_id, "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "<script>alert('x')</script>" in out, "markup is shown as text, not dropped"
    assert "\x1b" not in out, "terminal escape sequences are shown escaped, never raw"
    assert "\\x1b[2J" in out
    assert all(ch in "\n" or ch.isprintable() for ch in out)
