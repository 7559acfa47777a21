""""The same database" of DESIGN.md, as a value tests can compare."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from eventpipe.schema import get_schema

COMPARED_TABLES = ("articles", "manifest", "event_mentions", "events", "quarantine")


def per_run_columns() -> set[str]:
    """Columns the schema declares as differing between two runs over the same input."""
    return {c.name for t in get_schema().tables.values() for c in t.columns if c.per_run}


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Contents of the compared tables without per-run columns, sorted."""
    skip = per_run_columns()
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in COMPARED_TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in skip]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()
