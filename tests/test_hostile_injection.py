"""Injection: every extract filter is a bound parameter or a validated value, so SQL in a
filter finds nothing and changes nothing; date filters are refused by click before any query;
identifiers and paths given by users never become SQL text."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from eventpipe import export
from eventpipe.cli import main
from eventpipe.schema import get_schema

PAYLOADS = [
    "x' OR '1'='1",
    "'; DROP TABLE events; --",
    "ARM' UNION SELECT * FROM articles --",
    "ARM\" OR \"1\"=\"1",
    "%",
    "_",
    "ARM' --",
    "Battles') OR ('a'='a",
    "1; ATTACH '/tmp/evil.duckdb' AS evil",
    "\\'; COPY events TO '/tmp/leak.csv'; --",
]
TABLES = ("articles", "manifest", "event_mentions", "events", "quarantine", "runs")


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def _export(db: Path, out: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["export", "--db", str(db), "-o", str(out), *args])


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("option", ["--country", "--event-type"])
def test_text_filters_find_nothing_and_change_nothing(sample_run: dict[str, Any],
                                                      tmp_path: Path, option: str,
                                                      payload: str) -> None:
    db = sample_run["wd"]["db"]
    before = _counts(db)
    out = tmp_path / "inj.csv"
    result = _export(db, out, option, payload)
    assert result.exit_code == 0, result.output
    assert _rows(out) == []
    assert _counts(db) == before
    assert not Path("/tmp/leak.csv").exists() and not Path("/tmp/evil.duckdb").exists()


@pytest.mark.parametrize("payload", PAYLOADS + ["2024-01-01' OR '1'='1", "2024-13-01",
                                                "2024-01-01; DROP TABLE events"])
@pytest.mark.parametrize("option", ["--since", "--until", "--as-of"])
def test_date_filters_are_validated_by_click(sample_run: dict[str, Any], tmp_path: Path,
                                             option: str, payload: str) -> None:
    db = sample_run["wd"]["db"]
    before = _counts(db)
    out = tmp_path / "inj.csv"
    result = _export(db, out, option, payload)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output
    assert not out.exists()
    assert _counts(db) == before


def test_every_filter_is_a_bound_parameter() -> None:
    schema = get_schema()
    payload = "x' OR '1'='1"
    query = export.build_query(schema, country=payload, event_type=[payload, "Battles"],
                               since=dt.date(2024, 1, 1), until=dt.date(2024, 12, 31))
    sql, params = export.compile_query(query)
    assert payload not in sql and "2024" not in sql
    assert payload in params and payload.upper() in params and payload.lower() in params
    assert dt.date(2024, 1, 1) in params and dt.date(2024, 12, 31) in params
    assert sql.count("?") == len(params)


@pytest.mark.parametrize("kwargs", [{"since": "2024-01-01' OR '1'='1"},
                                    {"until": "'; DROP TABLE events; --"},
                                    {"as_of": "2024-01-01' OR '1'='1"}])
def test_library_refuses_dates_that_are_not_dates(sample_run: dict[str, Any], tmp_path: Path,
                                                  kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        export.export_events(sample_run["wd"]["db"], tmp_path / "x.csv", **kwargs)
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("payload", PAYLOADS[:3])
def test_show_with_an_injected_event_id_finds_nothing(sample_run: dict[str, Any],
                                                      payload: str) -> None:
    db = sample_run["wd"]["db"]
    before = _counts(db)
    result = CliRunner().invoke(main, ["show", payload, "--db", str(db)])
    assert result.exit_code == 1 and "no event with id" in result.output
    assert _counts(db) == before


def test_paths_with_quotes_are_only_paths(sample_run: dict[str, Any], tmp_path: Path) -> None:
    odd = tmp_path / "o'neil; DROP TABLE events; --"
    odd.mkdir()
    db = odd / "ev'ents.duckdb"
    shutil.copy(sample_run["wd"]["db"], db)
    out = odd / "out'; --.csv"
    result = _export(db, out)
    assert result.exit_code == 0, result.output
    assert len(_rows(out)) == _counts(db)["events"] > 0
