"""DuckDB store: one run one transaction, idempotent reruns, the writer lock."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from eventpipe import ids, store
from eventpipe.validate import validate_mentions
from test_validate import ARTICLE_ID, PUBLISHED, TEXT, make_other_row, make_row

PER_RUN = {"ingested_at", "run_id", "seen_at", "quarantined_at"}


def article(article_id: str = ARTICLE_ID, text: str = TEXT, **kw: Any) -> dict[str, Any]:
    row = dict(article_id=article_id, input_id=article_id, content_hash=ids.content_hash(text),
               title="Shelling", text=text, published=PUBLISHED, source="Wire",
               url=f"https://example.org/{article_id}", raw_path=f"{article_id}.json")
    row.update(kw)
    return row


def run_data(run_id: str, rows: list[dict[str, Any]], articles: list[dict[str, Any]]):
    texts = {a["article_id"]: a["text"] for a in articles}
    pubs = {a["article_id"]: a["published"] for a in articles}
    res = validate_mentions(pd.DataFrame(rows), texts, published=pubs)
    manifest = pd.DataFrame(
        [{"raw_path": a["raw_path"], "file_hash": "f" * 64, "content_hash": a["content_hash"],
          "outcome": "ingested", "article_id": a["article_id"]} for a in articles]
    )
    return store.RunData(run_id=run_id, articles=pd.DataFrame(articles), manifest=manifest,
                         mentions=res.valid, quarantine=res.quarantine, coder_version="test-1",
                         stats={"files_seen": len(articles), "events_coded": len(rows)})


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in ("articles", "manifest", "event_mentions", "events", "quarantine"):
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in PER_RUN]
        out[table] = con.execute(
            f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL"
        ).fetchall()
    return out


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "curated" / "events.duckdb"


def test_load_run_writes_everything_and_rerun_inserts_nothing(db: Path) -> None:
    rows = [make_row(), make_other_row(), make_row(latitude=200.0, coder_version="x")]
    with store.open_store(db) as con:
        counts = store.load_run(con, run_data("r1", rows, [article()]))
        got = (counts.articles_inserted, counts.manifest_inserted, counts.mentions_inserted,
               counts.quarantine_inserted)
        assert got == (1, 1, 2, 1)
        assert counts.events_new == 2 and counts.events_updated == 0
        first = snapshot(con)
        counts2 = store.load_run(con, run_data("r2", rows, [article()]))
        again = (counts2.articles_inserted, counts2.mentions_inserted,
                 counts2.quarantine_inserted, counts2.events_written)
        assert again == (0, 0, 0, 0)
        assert snapshot(con) == first
        runs = con.execute(
            "SELECT run_id, status, mentions_loaded, files_seen FROM runs ORDER BY run_id"
        ).fetchall()
        assert runs == [("r1", "succeeded", 2, 1), ("r2", "succeeded", 0, 1)]
        # every mention points at an event; a single mention's event id is its own id
        pairs = con.execute("SELECT mention_id, event_id FROM event_mentions").fetchall()
        assert all(m == e for m, e in pairs)


def test_failed_load_rolls_back_everything(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with store.open_store(db) as con:
        def broken(*args: Any, **kwargs: Any) -> None:
            raise store.EventInvariantError("boom")

        monkeypatch.setattr(store, "check_invariants", broken)
        with pytest.raises(store.EventInvariantError):
            store.load_run(con, run_data("r1", [make_row()], [article()]))
        for table in ("articles", "manifest", "event_mentions", "events", "runs"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        monkeypatch.undo()
        assert store.load_run(con, run_data("r1", [make_row()], [article()])).mentions_inserted == 1


def test_invariant_check_catches_a_wrong_event(db: Path) -> None:
    with store.open_store(db) as con:
        store.load_run(con, run_data("r1", [make_row()], [article()]))
        con.execute("UPDATE events SET num_mentions = 3")
        with pytest.raises(store.EventInvariantError, match="num_mentions"):
            store.check_invariants(con)
        con.execute("UPDATE events SET num_mentions = 1")
        con.execute("UPDATE event_mentions SET event_id = 'nope'")
        with pytest.raises(store.EventInvariantError, match="event is missing"):
            store.check_invariants(con)


def test_rows_as_dicts_and_a_run_row(db: Path) -> None:
    data = run_data("r1", [make_row()], [article()])
    data.articles = [article()]
    data.manifest = data.manifest.to_dict("records")
    data.mentions = data.mentions.to_dict("records")
    data.stats = {}
    data.coder_version = None
    data.run_row = {"started_at": dt.datetime(2024, 1, 1), "status": "succeeded",
                    "coder_version": "test-1", "files_seen": 7, "extract_path": "ignored"}
    with store.open_store(db) as con:
        counts = store.load_run(con, data)
        assert counts.articles_inserted == 1 and counts.events_written == 1
        row = con.execute("SELECT started_at, coder_version, files_seen, mentions_loaded, "
                          "events_loaded FROM runs").fetchone()
        assert row == (dt.datetime(2024, 1, 1), "test-1", 7, 1, 1)
        assert store.known_articles(con) == {ids.content_hash(TEXT): ARTICLE_ID}


def test_known_hashes(db: Path) -> None:
    with store.open_store(db) as con:
        assert store.known_hashes(con) == (set(), set())
        store.load_run(con, run_data("r1", [make_row()], [article()]))
        files, texts = store.known_hashes(con)
        assert files == {"f" * 64} and texts == {ids.content_hash(TEXT)}


def test_start_and_finish_run(db: Path) -> None:
    with store.open_store(db) as con:
        store.start_run(con, "r9", coder_version="test-1",
                        started_at=dt.datetime(2024, 1, 1, 12, 0, 0))
        assert con.execute("SELECT status, finished_at FROM runs").fetchone() == ("running", None)
        store.finish_run(con, "r9", "failed", items_rejected=2)
        status, finished, rejected, wall = con.execute(
            "SELECT status, finished_at, items_rejected, wall_seconds FROM runs").fetchone()
        assert (status, rejected) == ("failed", 2) and finished is not None and wall > 0
        with pytest.raises(ValueError):
            store.finish_run(con, "r9", "exploded")
        with pytest.raises(store.StoreError):
            store.finish_run(con, "missing", "failed")


def test_writer_waits_then_names_the_lock(db: Path) -> None:
    with store.open_store(db):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
         " sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(store.StoreLockedError, match=str(db.name)):
            store.connect(db, timeout_s=0.3)
        with pytest.raises(store.StoreLockedError, match="read"):
            store.connect(db, read_only=True, timeout_s=0.1)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    con = store.connect(db, timeout_s=5)  # free again
    con.close()


def test_reader_is_read_only(db: Path) -> None:
    with store.open_store(db) as con:
        store.load_run(con, run_data("r1", [make_row()], [article()]))
    with store.open_store(db, read_only=True) as ro:
        assert ro.execute("SELECT count(*) FROM acled_events").fetchone() == (1,)
        with pytest.raises(duckdb.Error):
            ro.execute("DELETE FROM events")


def test_older_database_gains_new_nullable_columns_and_bad_drift_is_refused(db: Path) -> None:
    con = store.connect(db)
    con.execute("CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP NOT NULL, "
                "status VARCHAR NOT NULL)")
    store.ensure_schema(con)
    cols = [r[0] for r in con.execute("DESCRIBE runs").fetchall()]
    assert "wall_seconds" in cols and "events_coded" in cols
    con.execute("CREATE OR REPLACE TABLE quarantine (quarantine_id INTEGER PRIMARY KEY)")
    with pytest.raises(store.StoreError, match="quarantine.quarantine_id is INTEGER"):
        store.ensure_schema(con)
    con.close()


def test_schema_is_created_once_and_views_applied(db: Path) -> None:
    con = store.connect(db)
    store.ensure_schema(con)
    store.ensure_schema(con)  # idempotent
    views = {r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"stg_events", "mart_events_country_month", "acled_events", "gdelt_events"} <= views
    con.close()


CRASH = """
import os, sys
sys.path.insert(0, sys.argv[2])
from test_store import article, run_data
from test_validate import make_row, make_other_row
from eventpipe import store
con = store.connect(sys.argv[1])
store.ensure_schema(con)
store.check_invariants = lambda con: os._exit(3)  # dies after the writes, before COMMIT
store.load_run(con, run_data("crashed", [make_row(), make_other_row()], [article()]))
"""


def test_crash_mid_load_leaves_nothing_and_rerun_completes(db: Path) -> None:
    db.parent.mkdir(parents=True)
    proc = subprocess.run([sys.executable, "-c", CRASH, str(db), str(Path(__file__).parent)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    with store.open_store(db) as con:
        for table in ("articles", "manifest", "event_mentions", "events", "runs"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        counts = store.load_run(con, run_data("rerun", [make_row(), make_other_row()],
                                              [article()]))
        assert counts.mentions_inserted == 2 and counts.events_new == 2


def test_writer_connection_caps_duckdb_memory(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def limit(value: str | None) -> str:
        if value is None:
            monkeypatch.delenv("EVENTPIPE_DUCKDB_MEMORY", raising=False)
        else:
            monkeypatch.setenv("EVENTPIPE_DUCKDB_MEMORY", value)
        with store.open_store(tmp_path / "m.duckdb") as con:
            return str(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])

    default, bigger, unset = limit(None), limit("2GB"), limit("0")
    assert default != bigger != unset and default != unset
    # the default cap is below the ~300 MB a load into a 100k-article night's database takes
    assert default.endswith("MiB") and float(default.split()[0]) <= 150
    monkeypatch.setenv("EVENTPIPE_DUCKDB_MEMORY", "lots")
    with pytest.raises(store.StoreError, match="EVENTPIPE_DUCKDB_MEMORY"):
        with store.open_store(tmp_path / "m.duckdb"):
            pass


def test_load_under_a_small_duckdb_cap_writes_the_same_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer's cap only makes DuckDB spill: the rows written are those of an uncapped
    writer."""
    def load(name: str, cap: str) -> dict[str, list[tuple[Any, ...]]]:
        monkeypatch.setenv("EVENTPIPE_DUCKDB_MEMORY", cap)
        with store.open_store(tmp_path / name) as con:
            store.load_run(con, run_data("r1", [make_row(), make_other_row()], [article()]))
            return {t: sorted(map(repr, con.execute(
                f"SELECT * EXCLUDE (run_id, ingested_at) FROM {t}").fetchall()))
                for t in ("event_mentions", "events")}

    small, uncapped = load("small.duckdb", "32MB"), load("free.duckdb", "0")
    assert small["event_mentions"] and small == uncapped


def test_default_duckdb_cap_grows_with_the_database_file() -> None:
    """The primary-key indexes cannot spill: a big database gets a bigger default cap."""
    assert store.default_memory(0) == store.default_memory(50 * 2**20) == "150MB"
    assert store.default_memory(500 * 2**20) == "150MB"
    assert store.default_memory(2 * 2**30) == "615MB"
