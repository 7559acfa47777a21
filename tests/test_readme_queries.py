"""The SQL examples in README.md run against a database the real flow produced."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_queries() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    statements = [s.strip() for block in blocks for s in block.split(";")]
    return [s for s in statements if s and not all(
        line.strip().startswith("--") for line in s.splitlines())]


def test_readme_has_example_queries() -> None:
    assert len(readme_queries()) >= 4


def test_readme_queries_run(sample_run: dict[str, Any]) -> None:
    con = duckdb.connect(str(sample_run["wd"]["db"]), read_only=True)
    try:
        results = [con.execute(q).fetchall() for q in readme_queries()]
    finally:
        con.close()
    assert results[0], "the monthly mart has rows for the sample corpus"
    assert results[1], "events with a death toll trace back to claims"
