"""Integration: the real nightly Prefect flow over the sample corpus into a real DuckDB file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb

from dbsnapshot import snapshot

REPO = Path(__file__).resolve().parents[1]


def run_flow(workdir: dict[str, Path]) -> dict[str, Any]:
    from eventpipe.cli import load_nightly_flow

    nightly = load_nightly_flow()
    return nightly(raw_dir=str(workdir["raw"]), db=str(workdir["db"]),
                   curated_dir=str(workdir["curated"]))


def run_cli(workdir: dict[str, Path], api_url: str, crash_at: str | None = None
            ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PREFECT_API_URL=api_url)
    env.pop("EVENTPIPE_CRASH_AT", None)
    if crash_at:
        env["EVENTPIPE_CRASH_AT"] = crash_at
    cmd = [sys.executable, "-m", "eventpipe.cli", "run", "--raw-dir", str(workdir["raw"]),
           "--db", str(workdir["db"]), "--curated-dir", str(workdir["curated"])]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)


def test_run_summary_counts(sample_run: dict[str, Any]) -> None:
    s = sample_run["summary"]
    assert s["files_seen"] >= 10
    assert s["items_ingested"] >= 25
    assert s["events_coded"] > 0
    assert s["mentions_loaded"] + s["rows_quarantined"] == s["events_coded"]
    assert s["events_loaded"] > 0
    assert Path(s["extract_path"]).exists()


def test_every_raw_file_has_an_outcome(sample_run: dict[str, Any]) -> None:
    wd = sample_run["wd"]
    files = {p.relative_to(wd["raw"]).as_posix() for p in wd["raw"].rglob("*")
             if p.is_file() and p.name != "README.md" and not p.name.startswith(".")}
    con = duckdb.connect(str(wd["db"]), read_only=True)
    rows = con.execute("SELECT raw_path, outcome, reason FROM manifest WHERE item_key IS NULL"
                       ).fetchall()
    con.close()
    assert {r[0] for r in rows} == files
    assert all(r[1] in ("ingested", "duplicate", "rejected", "container") for r in rows)
    assert all(r[2] for r in rows if r[1] == "rejected")


def test_seed_article_events(sample_run: dict[str, Any]) -> None:
    wd = sample_run["wd"]
    con = duckdb.connect(str(wd["db"]), read_only=True)
    text = con.execute("SELECT text FROM articles WHERE raw_path = 'seed_article.txt'"
                       ).fetchone()[0]
    rows = con.execute(
        "SELECT e.iso3, e.admin1, e.fatalities, e.killed_best, e.wounded_best, e.claimant, "
        "m.char_start, m.char_end, m.evidence_text FROM events e "
        "JOIN event_mentions m ON m.event_id = e.event_id "
        "JOIN articles a ON a.article_id = m.article_id "
        "WHERE a.raw_path = 'seed_article.txt' AND strftime(e.event_date, '%Y-%m') = '2023-11' "
        "AND e.event_type IS NOT NULL AND e.modality IN ('asserted', 'alleged') "
        "ORDER BY e.fatalities DESC").fetchall()
    con.close()
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        ("ARM", "Gegharkunik", 4, 4, 1), ("AZE", "Kalbajar", 0, None, 3)]
    for r in rows:
        assert r[5], "every seed event names its claimant"
        assert text[r[6]:r[7]] == r[8]


def test_sql_views_answer(sample_run: dict[str, Any]) -> None:
    con = duckdb.connect(str(sample_run["wd"]["db"]), read_only=True)
    n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert con.execute("SELECT count(*) FROM stg_events").fetchone()[0] == n_events
    assert con.execute("SELECT sum(events) FROM mart_events_country_month").fetchone()[0] == \
        con.execute("SELECT count(*) FROM events WHERE event_type IS NOT NULL AND event_date "
                    "IS NOT NULL AND modality IN ('asserted', 'alleged')").fetchone()[0]
    acled_cols = [r[0] for r in con.execute("DESCRIBE acled_events").fetchall()]
    assert len(acled_cols) == 31 and acled_cols[:3] == ["event_id_cnty", "event_date", "year"]
    assert con.execute("SELECT count(*) FROM gdelt_events").fetchone()[0] > 0
    con.close()


def test_rerun_adds_nothing(prefect_api_url: str, workdir: dict[str, Path]) -> None:
    first = run_flow(workdir)
    before = snapshot(workdir["db"])
    second = run_flow(workdir)
    assert second["items_ingested"] == 0 and second["files_skipped"] == first["files_seen"]
    assert snapshot(workdir["db"]) == before
    con = duckdb.connect(str(workdir["db"]), read_only=True)
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    con.close()


def test_bad_files_rejected_rest_loads(prefect_api_url: str, workdir: dict[str, Path]) -> None:
    raw = workdir["raw"]
    good = {"id": "bad-batch-good", "text": "Police said two men were shot dead in Kano on "
            "Monday.", "published": "2024-05-07", "title": None, "source": "Test Wire",
            "url": None}
    (raw / "mixed.jsonl").write_text(json.dumps(good) + "\n{not json at all\n", encoding="utf-8")
    (raw / "empty.txt").write_text("", encoding="utf-8")
    (raw / "blob.txt").write_bytes(bytes(range(256)) * 4)
    run_flow(workdir)
    con = duckdb.connect(str(workdir["db"]), read_only=True)
    outcomes = dict(((r[0], r[1]), (r[2], r[3])) for r in con.execute(
        "SELECT raw_path, coalesce(item_key, ''), outcome, reason FROM manifest").fetchall())
    good_loaded = con.execute("SELECT count(*) FROM articles WHERE article_id = 'bad-batch-good'"
                              ).fetchone()[0]
    con.close()
    assert outcomes[("empty.txt", "")][0] == "rejected" and outcomes[("empty.txt", "")][1]
    assert outcomes[("blob.txt", "")][0] == "rejected" and outcomes[("blob.txt", "")][1]
    bad_lines = [v for (path, key), v in outcomes.items() if path == "mixed.jsonl" and key]
    assert sorted(v[0] for v in bad_lines) == ["ingested", "rejected"]
    assert all(v[1] for v in bad_lines if v[0] == "rejected")
    assert good_loaded == 1
