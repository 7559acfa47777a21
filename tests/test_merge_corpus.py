"""The merge corpus through the real stages (ingest, code, validate, load + merge) and DuckDB:
expected clusters and figures, three nights equal to one batch, as-of export of night 1."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
import yaml

from eventpipe import ids, pipeline, store
from eventpipe.export import export_events

CORPUS = Path(__file__).parent / "fixtures" / "merge_corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected_clusters.yaml").read_text(encoding="utf-8"))
CLUSTERS = {c["id"]: c for c in EXPECTED["clusters"]}
FIGURES = ("killed_low", "killed_high", "fatalities", "wounded_best", "disputed")

def _articles(name: str) -> list[dict[str, Any]]:
    out = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        out.append(dict(article_id=rec["id"], input_id=rec["id"], text=rec["text"],
                        content_hash=ids.content_hash(rec["text"]), title=rec["title"],
                        published=dt.date.fromisoformat(rec["published"]),
                        source=rec["source"], url=rec["url"], raw_path=name,
                        item_key=str(len(out) + 1)))
    return out


def _night(db: Path, n: int | None) -> None:
    names = [f"night{n}.jsonl"] if n else ["night1.jsonl", "night2.jsonl", "night3.jsonl"]
    articles = [a for name in names for a in _articles(name)]
    mentions = pipeline.code_articles(articles)
    valid, quarantine = pipeline.validate_stage(mentions, articles, 50)
    with store.open_store(db) as con:
        store.load_run(con, store.RunData(run_id=f"night-{n or 'all'}", articles=articles,
                                          mentions=valid, quarantine=quarantine))


@pytest.fixture(scope="module")
def dbs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("merge_corpus")
    nightly, once = root / "nightly.duckdb", root / "once.duckdb"
    _night(nightly, 1)
    night1_csv = root / "night1.csv"
    export_events(nightly, night1_csv)
    con = duckdb.connect(str(nightly), read_only=True)
    night1_at = con.execute("SELECT max(changed_at) FROM event_changes").fetchone()[0]
    con.close()
    _night(nightly, 2)
    _night(nightly, 3)
    _night(once, None)
    return {"nightly": nightly, "once": once, "night1_csv": night1_csv,
            "night1_at": night1_at, "root": root}


def _main_events(db: Path) -> dict[str, str]:
    """article_id -> event of its main mention (the first reported one in the article)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT article_id, arg_min(event_id, char_start) FROM event_mentions "
            "WHERE modality IN ('asserted', 'alleged', 'denied') GROUP BY article_id").fetchall()
    finally:
        con.close()
    return dict(rows)


def _event(db: Path, event_id: str) -> dict[str, Any]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        df = con.execute("SELECT * FROM events WHERE event_id = ?", [event_id]).df()
    finally:
        con.close()
    return df.astype(object).where(df.notna(), None).to_dict("records")[0]


@pytest.mark.parametrize("cluster_id", list(CLUSTERS))
def test_cluster_members(dbs: dict[str, Any], cluster_id: str) -> None:
    main = _main_events(dbs["nightly"])
    cluster = CLUSTERS[cluster_id]
    own = {main[a] for a in cluster["articles"]}
    assert len(own) == 1, f"{cluster_id}: articles split over {len(own)} events"
    others = {main[a] for c in CLUSTERS.values() if c["id"] != cluster_id for a in c["articles"]}
    assert not own & others, f"{cluster_id} merged with a look-alike"


@pytest.mark.parametrize("cluster_id", list(CLUSTERS))
def test_cluster_figures(dbs: dict[str, Any], cluster_id: str) -> None:
    cluster = CLUSTERS[cluster_id]
    main = _main_events(dbs["nightly"])
    ev = _event(dbs["nightly"], main[cluster["articles"][0]])
    got = {"killed_low": ev["killed_low"], "killed_high": ev["killed_high"],
           "fatalities": ev["fatalities"], "wounded_best": ev["wounded_best"],
           "disputed": bool(ev["fatalities_disputed"])}
    want = {k: cluster.get(k) for k in FIGURES if k in cluster}
    assert {k: got[k] for k in want} == want
    assert (ev["event_type"], ev["iso3"]) == (cluster["event_type"], cluster["iso3"])
    assert ev["num_articles"] >= len(cluster["articles"])


def test_wire_copies_are_one_source(dbs: dict[str, Any]) -> None:
    con = duckdb.connect(str(dbs["nightly"]), read_only=True)
    groups = dict(con.execute("SELECT article_id, syndication_group FROM articles").fetchall())
    con.close()
    assert groups["mc-kharkiv-b"] == groups["mc-kharkiv-a"] == "mc-kharkiv-a"
    others = {g for a, g in groups.items() if a not in ("mc-kharkiv-a", "mc-kharkiv-b")}
    assert len(others) == len(groups) - 2 and "mc-kharkiv-a" not in others


def _tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    out = {}
    for table in ("events", "event_mentions"):
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()
                if r[0] not in ("ingested_at", "run_id")]
        out[table] = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL").fetchall()
    out["syndication"] = con.execute(
        "SELECT article_id, syndication_group FROM articles ORDER BY ALL").fetchall()
    con.close()
    return out


def test_three_nights_equal_one_batch(dbs: dict[str, Any]) -> None:
    assert _tables(dbs["nightly"]) == _tables(dbs["once"])


def test_as_of_export_of_night_one_equals_night_one_export(dbs: dict[str, Any]) -> None:
    out = dbs["root"] / "asof.csv"
    export_events(dbs["nightly"], out, as_of=dbs["night1_at"])
    before = pd.read_csv(dbs["night1_csv"], dtype=str, keep_default_na=False)
    again = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(before) > 0
    pd.testing.assert_frame_equal(before, again)
    now = dbs["root"] / "now.csv"
    assert export_events(dbs["nightly"], now).rows != len(before)


def test_changes_record_every_update(dbs: dict[str, Any]) -> None:
    con = duckdb.connect(str(dbs["nightly"]), read_only=True)
    kinds = dict(con.execute(
        "SELECT change_kind, count(*) FROM event_changes GROUP BY ALL").fetchall())
    created = con.execute("SELECT count(*) FROM event_changes WHERE change_kind = 'created'"
                          ).fetchone()[0]
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    retired = kinds.get("retired", 0)
    con.close()
    assert kinds.get("updated", 0) > 0
    assert created == events + retired
