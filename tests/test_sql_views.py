"""The views of sql/: they bind against the declared tables, keep their promised columns and
carry ACLED's and GDELT's conventions."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from eventpipe import store
from eventpipe.schema import get_schema
from test_store import article, run_data
from test_validate import make_other_row, make_row

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]
GDELT_REQUIRED = [
    "GlobalEventID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor2Code",
    "Actor2Name", "Actor2CountryCode", "EventCode", "EventBaseCode", "EventRootCode",
    "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_Lat", "ActionGeo_Long",
    "SOURCEURL",
]
VIEWS = {
    "10_stg_events.sql": "stg_events",
    "20_mart_events_country_month.sql": "mart_events_country_month",
    "30_acled_events.sql": "acled_events",
    "40_gdelt_events.sql": "gdelt_events",
}


def columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]


@pytest.fixture
def empty_db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = store.connect(tmp_path / "v.duckdb")
    store.ensure_schema(con)
    yield con
    con.close()


def test_every_sql_file_creates_a_view_that_binds(empty_db: duckdb.DuckDBPyConnection) -> None:
    files = {p.name for p in store.sql_files()}
    assert set(VIEWS) <= files
    for fname, view in VIEWS.items():
        assert columns(empty_db, view), fname
        assert empty_db.execute(f"SELECT count(*) FROM {view}").fetchone() == (0,)


def test_acled_view_has_acleds_31_columns_in_order(empty_db: duckdb.DuckDBPyConnection) -> None:
    assert columns(empty_db, "acled_events") == ACLED_COLUMNS


def test_gdelt_view_has_the_gdelt_columns(empty_db: duckdb.DuckDBPyConnection) -> None:
    cols = columns(empty_db, "gdelt_events")
    assert [c for c in GDELT_REQUIRED if c not in cols] == []


def test_staging_view_exposes_every_declared_event_column(
    empty_db: duckdb.DuckDBPyConnection,
) -> None:
    stg = set(columns(empty_db, "stg_events"))
    missing = [c for c in get_schema().table("events").names if c not in stg]
    assert missing == [], f"add {missing} to sql/10_stg_events.sql"


def test_a_reference_to_an_undeclared_column_fails(tmp_path: Path) -> None:
    sql_dir = tmp_path / "sql"
    shutil.copytree(store.SQL_DIR, sql_dir)
    (sql_dir / "50_drift.sql").write_text(
        "CREATE OR REPLACE VIEW drift AS SELECT e.event_id, e.no_such_column FROM events e;\n"
    )
    con = store.connect(tmp_path / "d.duckdb")
    try:
        with pytest.raises(store.StoreError, match="50_drift.sql"):
            store.ensure_schema(con, sql_dir=sql_dir)
    finally:
        con.close()


def test_views_over_loaded_events(tmp_path: Path) -> None:
    protest = make_other_row(
        modality="asserted", event_type="Protests", sub_event_type="Peaceful protest",
        disorder_type="Demonstrations", actor1="Protesters (Armenia)", inter1=6, actor2=None,
        inter2=0, interaction=60, actor1_code="ARMOPP", actor2_code=None, cameo_code="141",
        killed_low=None, killed_best=None, killed_high=None, wounded_low=None,
        wounded_best=None, wounded_high=None, fatalities=0, location="Yerevan",
        admin1="Yerevan", admin1_code="AM-ER", latitude=40.18, longitude=44.51,
    )
    verbal = make_other_row(event_type=None, sub_event_type=None, disorder_type=None,
                            cameo_code="023", modality="asserted", claimant="Ministry",
                            char_end=make_other_row()["char_end"] - 1,
                            evidence_text=make_other_row()["evidence_text"][:-1])
    with store.open_store(tmp_path / "l.duckdb") as con:
        store.load_run(con, run_data("r1", [make_row(), protest, verbal], [article()]))
        acled = con.execute(
            "SELECT inter1, inter2, interaction, iso, year, fatalities FROM acled_events "
            "ORDER BY interaction").fetchall()
        assert acled == [
            ("Protesters", None, "Protesters only", 51, 2024, 0),
            ("External/Other forces", "State forces", "State forces-External/Other forces", 51,
             2024, 2),
        ]
        gdelt = con.execute(
            "SELECT SQLDATE, EventCode, EventRootCode, Actor1CountryCode, Actor2CountryCode, "
            "QuadClass, SOURCEURL FROM gdelt_events WHERE EventCode = '195'").fetchall()
        assert gdelt == [(20240430, "195", "19", "AZE", "ARM", 4, "https://example.org/art-1")]
        assert con.execute("SELECT count(*) FROM gdelt_events").fetchone() == (3,)
        mart = con.execute(
            "SELECT iso3, month, event_type, events, fatalities FROM mart_events_country_month "
            "ORDER BY event_type").fetchall()
        assert [(r[0], str(r[1]), r[2], r[3], r[4]) for r in mart] == [
            ("ARM", "2024-04-01", "Explosions/Remote violence", 1, 2),
            ("ARM", "2024-04-01", "Protests", 1, 0),
        ]
        assert con.execute(
            "SELECT count(*) FROM stg_events WHERE is_verbal").fetchone() == (1,)
