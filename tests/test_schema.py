"""Drift: every projection of schemas/ agrees with the declaration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from eventpipe import schema as schema_mod
from eventpipe.schema import DUCKDB_TYPES, SchemaError, conform_frame, get_schema, load_schema
from eventpipe.schema_gx import CHECK_COLUMNS, expectation_label

ROOT = Path(__file__).resolve().parents[1]
SCH = get_schema()
REGEN = "regenerate with: .venv/bin/python scripts/gen_codebook.py"


def test_ddl_in_duckdb_equals_the_declaration() -> None:
    con = duckdb.connect()
    for stmt in SCH.ddl():
        con.execute(stmt)
    for name, tbl in SCH.tables.items():
        got = [(r[0], r[1], r[2] == "YES") for r in con.execute(f"DESCRIBE {name}").fetchall()]
        want = [
            (c.name, DUCKDB_TYPES[c.type], c.nullable and c.name not in tbl.primary_key)
            for c in tbl.columns
        ]
        assert got == want, name
        pk = con.execute(
            "SELECT constraint_column_names FROM duckdb_constraints() "
            "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'", [name]).fetchone()
        assert pk is not None and tuple(pk[0]) == tbl.primary_key
    con.close()


def test_dtypes_cover_every_column_and_round_trip_through_duckdb() -> None:
    con = duckdb.connect()
    for stmt in SCH.ddl():
        con.execute(stmt)
    for name, tbl in SCH.tables.items():
        dtypes = SCH.dtypes(name)
        assert list(dtypes) == list(tbl.names)
        frame = schema_mod.empty_frame(name)
        assert {c: str(t) for c, t in frame.dtypes.items()} == {
            c: str(pd.Series(dtype=t).dtype) for c, t in dtypes.items()
        }
    # one row of every type goes in and comes back equal
    values = {"varchar": "x", "integer": 3, "double": -1.5, "boolean": True,
              "date": dt.date(2024, 2, 29), "timestamp": dt.datetime(2024, 1, 2, 3, 4, 5, 6)}
    tbl = SCH.table("events")
    row = conform_frame(pd.DataFrame([{c.name: values[c.type] for c in tbl.columns}]), "events")
    con.register("row", row)
    con.execute("INSERT INTO events SELECT * FROM row")
    back = conform_frame(con.execute("SELECT * FROM events").df(), "events")
    pd.testing.assert_frame_equal(back, row)
    con.close()


def _suite_labels(table: str) -> set[str]:
    suite = SCH.gx_suite(table)
    return {expectation_label(e.expectation_type, e.configuration.kwargs)
            for e in suite.expectations}


@pytest.mark.parametrize("table", list(SCH.tables))
def test_gx_suite_covers_every_declared_rule(table: str) -> None:
    labels = _suite_labels(table)
    tbl = SCH.table(table)
    want = set()
    for c in tbl.columns:
        if not c.nullable:
            want.add(f"expect_column_values_to_not_be_null({c.name})")
        if c.allowed is not None:
            want.add(f"expect_column_values_to_be_in_set({c.name})")
        if c.min is not None or c.max is not None:
            want.add(f"expect_column_values_to_be_between({c.name})")
        if c.pattern is not None:
            want.add(f"expect_column_values_to_match_regex({c.name})")
    want.add(f"expect_column_values_to_be_unique({tbl.primary_key[0]})")
    assert want - labels == set()
    if any(c.event_field for c in tbl.columns):
        for check in CHECK_COLUMNS:
            assert f"expect_column_values_to_be_in_set({check})" in labels
        assert "expect_column_pair_values_a_to_be_greater_than_b(killed_high,killed_best)" in labels


def test_gx_suite_regex_is_a_full_match() -> None:
    suite = SCH.gx_suite("event_mentions")
    regexes = {e.configuration.kwargs["column"]: e.configuration.kwargs["regex"]
               for e in suite.expectations if e.expectation_type.endswith("match_regex")}
    assert regexes["iso3"] == "^(?:[A-Z]{3})$"


def test_csv_columns_follow_the_declaration() -> None:
    for name, tbl in SCH.tables.items():
        assert SCH.csv_columns(name) == tuple(c.name for c in tbl.columns if c.csv)


def test_codebook_is_current() -> None:
    from eventpipe.codebook import render_ref_countries_sql

    path = ROOT / "docs" / "codebook.md"
    assert path.read_text(encoding="utf-8") == SCH.render_codebook(), REGEN
    ref = ROOT / "sql" / "05_ref_countries.sql"
    assert ref.read_text(encoding="utf-8") == render_ref_countries_sql(), REGEN


def test_codebook_documents_every_column_and_the_rules() -> None:
    book = SCH.render_codebook()
    for name, col in schema_mod.iter_columns(SCH):
        assert f"`{col.name}`" in book, (name, col.name)
    for words in ("## Ids", "NULL is not 0", "## Merge rule", "`hypothetical`",
                  "Violence against civilians", "25 km"):
        assert words in book


def test_event_fields_declared_once_and_identical_in_both_tables() -> None:
    raw = yaml.safe_load((ROOT / "schemas" / "event_fields.yaml").read_text(encoding="utf-8"))
    names = [f["name"] for f in raw["fields"]]
    assert len(names) == len(set(names))
    assert SCH.event_field_names() == tuple(names)
    for table in ("event_mentions", "events"):
        tbl = SCH.table(table)
        fields = [c for c in tbl.columns if c.event_field]
        assert tuple(c.name for c in fields) == SCH.event_field_names()
        assert fields == list(SCH.event_fields)


def test_an_event_field_redeclared_by_hand_is_refused(tmp_path: Path) -> None:
    for name in ("event_fields.yaml", "tables.yaml"):
        (tmp_path / name).write_text((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    tables = tmp_path / "tables.yaml"
    tables.write_text(tables.read_text(encoding="utf-8").replace(
        "      - include: event_fields\n",
        "      - include: event_fields\n      - {name: fatalities, type: integer}\n", 1))
    with pytest.raises(SchemaError, match="declared twice.*fatalities"):
        load_schema(tmp_path)


def test_per_run_columns_are_marked() -> None:
    per_run = {(t, c.name) for t, c in schema_mod.iter_columns(SCH) if c.per_run}
    assert ("events", "run_id") in per_run and ("articles", "ingested_at") in per_run
    assert all(c in ("run_id", "ingested_at", "seen_at", "quarantined_at") for _, c in per_run)


def test_schema_dir_from_env_and_bad_declarations(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "event_fields.yaml").write_text("fields:\n  - {name: a, type: integer}\n")
    (tmp_path / "tables.yaml").write_text(
        "tables:\n  - name: t\n    primary_key: [k]\n    columns:\n"
        "      - {name: k, type: varchar}\n      - include: event_fields\n")
    monkeypatch.setenv(schema_mod.SCHEMA_DIR_ENV, str(tmp_path))
    sch = load_schema()
    assert sch.table("t").names == ("k", "a") and sch.source_dir == tmp_path
    (tmp_path / "tables.yaml").write_text(
        "tables:\n  - name: t\n    columns:\n      - {name: k, type: text}\n")
    with pytest.raises(SchemaError, match="unknown type"):
        load_schema(tmp_path)
    (tmp_path / "tables.yaml").write_text(
        "tables:\n  - name: t\n    primary_key: [z]\n    columns:\n      - {name: k, type: date}\n")
    with pytest.raises(SchemaError, match="primary key"):
        load_schema(tmp_path)
    with pytest.raises(SchemaError, match="not found"):
        load_schema(tmp_path / "missing")


def test_metadata_matches_tables() -> None:
    md = SCH.metadata()
    for name, tbl in SCH.tables.items():
        t = md.tables[name]
        assert [c.name for c in t.columns] == list(tbl.names)
        assert tuple(c.name for c in t.primary_key.columns) == tbl.primary_key
