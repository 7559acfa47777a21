"""Extracts: filters as bound parameters, declared column order, formula-safe CSV, codebook."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from eventpipe import export, store
from eventpipe.schema import csv_columns, get_schema
from test_store import article, run_data
from test_validate import make_other_row, make_row

TEXT_B = "=HYPERLINK(\"x\") Police detained -12 protesters in Tbilisi on Monday."


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "events.duckdb"
    art_b = article("art-b", TEXT_B, published=dt.date(2024, 6, 4), source="+Outlet")
    row_b = make_row(
        article_id="art-b", char_start=0, char_end=len(TEXT_B), evidence_text=TEXT_B,
        notes=TEXT_B, event_type="Strategic developments", sub_event_type="Arrests",
        disorder_type="Strategic developments", iso3="GEO", country="Georgia", admin1="Tbilisi",
        admin1_code="GE-TB", location="Tbilisi", latitude=41.7, longitude=-44.8,
        event_date=dt.date(2024, 6, 3), killed_low=None, killed_best=None, killed_high=None,
        wounded_low=None, wounded_best=None, wounded_high=None, fatalities=0,
        source="+Outlet", actor1="-Police", goldstein=-5.0,
    )
    with store.open_store(path) as con:
        store.load_run(con, run_data("r1", [make_row(), make_other_row()], [article()]))
        store.load_run(con, run_data("r2", [row_b], [art_b]))
    return path


def test_csv_has_declared_columns_and_all_rows(db: Path, tmp_path: Path) -> None:
    res = export.export_events(db, tmp_path / "x" / "events.csv")
    assert res.rows == 3 and res.path.exists()
    with res.path.open(newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == csv_columns("events")
    assert res.codebook_path == tmp_path / "x" / "events.codebook.md"
    book = res.codebook_path.read_text(encoding="utf-8")
    assert "Rows: 3" in book and "`killed_best`" in book
    assert not list((tmp_path / "x").glob("*.tmp"))


def test_formula_safe_text_only(db: Path, tmp_path: Path) -> None:
    res = export.export_events(db, tmp_path / "geo.csv", country="Georgia")
    df = pd.read_csv(res.path, dtype=str, keep_default_na=False)
    assert len(df) == 1
    row = df.iloc[0]
    assert row["notes"].startswith("'=HYPERLINK")
    assert row["evidence_text"].startswith("'=")
    assert row["source"] == "'+Outlet" and row["actor1"] == "'-Police"
    assert row["longitude"] == "-44.8" and row["goldstein"] == "-5.0"


@pytest.mark.parametrize(
    ("kwargs", "rows"),
    [
        ({"country": "GEO"}, 1),
        ({"country": "geo"}, 1),
        ({"country": "armenia"}, 2),
        ({"country": "Nowhere'; DROP TABLE events; --"}, 0),
        ({"since": "2024-05-01"}, 1),
        ({"until": dt.date(2024, 5, 1)}, 2),
        ({"event_type": "Strategic developments"}, 1),
        ({"event_type": ["Strategic developments", "Explosions/Remote violence"]}, 3),
        ({"country": "ARM", "since": "2024-04-30", "until": "2024-04-30"}, 2),
    ],
)
def test_filters(db: Path, tmp_path: Path, kwargs: dict, rows: int) -> None:
    assert export.export_events(db, tmp_path / "f.csv", **kwargs).rows == rows


def test_query_uses_bound_parameters() -> None:
    sql, params = export.compile_query(
        export.build_query(get_schema(), country="x' OR 1=1 --", since="2024-01-01",
                           event_type=["Riots", "Protests"])
    )
    assert "1=1" not in sql and "Riots" not in sql and sql.count("?") == len(params)
    assert params == ["X' OR 1=1 --", "x' or 1=1 --", dt.date(2024, 1, 1), "Riots", "Protests"]


def test_parquet_round_trip_with_connection(db: Path, tmp_path: Path) -> None:
    con = store.connect(db, read_only=True)
    try:
        res = export.export_events(con, tmp_path / "e.parquet", fmt="parquet")
    finally:
        con.close()
    df = pd.read_parquet(res.path)
    assert list(df.columns) == list(csv_columns("events")) and len(df) == 3
    assert df["notes"].str.startswith("=").any()  # Parquet is not a spreadsheet: untouched
    assert (tmp_path / "e.codebook.md").exists()


def test_bad_arguments(db: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export.export_events(db, tmp_path / "a.csv", fmt="xlsx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        export.export_events(db, tmp_path / "a.csv", since="May 2024")
    with pytest.raises(ValueError):
        export.export_events(db, tmp_path / "a.csv", as_of="last week")


def _two_loads(tmp_path: Path) -> tuple[Path, dt.datetime]:
    """A database where a second article joined the first one's event in a later load; returns
    it with the time of the first load."""
    from test_merge import _second_article

    path = tmp_path / "asof.duckdb"
    art2, row2 = _second_article()
    with store.open_store(path) as con:
        store.load_run(con, run_data("r1", [make_row()], [article()]))
        [(t1,)] = con.execute("SELECT max(ingested_at) FROM event_mentions").fetchall()
        store.load_run(con, run_data("r2", [row2], [art2]))
    return path, t1


def test_as_of_rebuilds_events_as_they_stood(tmp_path: Path) -> None:
    path, t1 = _two_loads(tmp_path)
    now = export.export_events(path, tmp_path / "now.csv")
    then = export.export_events(path, tmp_path / "then.csv", as_of=t1)
    late = export.export_events(path, tmp_path / "late.csv",
                                as_of=dt.datetime.now(dt.UTC).isoformat())
    before = export.export_events(path, tmp_path / "before.csv", as_of="2000-01-01")
    read = {k: pd.read_csv(r.path) for k, r in
            {"now": now, "then": then, "late": late, "before": before}.items()}
    assert read["now"].loc[0, "num_mentions"] == 2 and read["then"].loc[0, "num_mentions"] == 1
    assert read["then"].loc[0, "event_id"] == read["now"].loc[0, "event_id"]
    assert read["then"].loc[0, "source"] == "Wire"
    pd.testing.assert_frame_equal(read["late"], read["now"])
    assert before.rows == 0
    assert "as_of=" in then.codebook_path.read_text(encoding="utf-8")


def test_cli_as_of_takes_a_timestamp_within_the_day(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eventpipe.cli import main

    path, t1 = _two_loads(tmp_path)
    runner = CliRunner()
    outs = {}
    for name, value in {"instant": t1.isoformat(), "utc": t1.isoformat() + "+00:00",
                        "day": t1.date().isoformat()}.items():
        out = tmp_path / f"{name}.csv"
        result = runner.invoke(main, ["export", "--db", str(path), "-o", str(out),
                                      "--as-of", value])
        assert result.exit_code == 0, result.output
        outs[name] = pd.read_csv(out)
    assert outs["instant"].loc[0, "num_mentions"] == 1
    assert outs["utc"].loc[0, "num_mentions"] == 1
    assert outs["day"].loc[0, "num_mentions"] == 2  # both loads happened that day
