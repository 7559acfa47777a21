"""Compare two eventpipe databases table by table, without the per-run columns.

"The same database" of DESIGN.md, extended to every declared table: ``articles``,
``manifest``, ``event_mentions``, ``events``, ``event_changes``, ``quarantine`` and ``runs``
are compared as multisets of rows (``EXCEPT ALL`` both ways) over their columns minus those
that differ between two runs over the same input (the schema's ``per_run`` columns, run ids
and the timestamps of changes and runs). Exit status 0 when every table is equal.

    python scripts/compare_db.py A.duckdb B.duckdb [--show 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from eventpipe.schema import get_schema

#: Columns that differ between two runs over the same input besides the ``per_run`` ones.
RUN_COLUMNS = frozenset({"run_id", "changed_at", "started_at", "finished_at", "wall_seconds"})


def compared_columns(table: str) -> list[str]:
    cols = get_schema().table(table).columns
    return [c.name for c in cols if not c.per_run and c.name not in RUN_COLUMNS]


def compare(a: Path, b: Path, show: int = 5) -> dict[str, tuple[int, int, int, int]]:
    """table -> (rows in a, rows in b, rows only in a, rows only in b); prints samples."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
    out = {}
    try:
        for table in get_schema().tables:
            cols = ", ".join(f'"{c}"' for c in compared_columns(table))
            n_a = con.execute(f"SELECT count(*) FROM a.{table}").fetchall()[0][0]
            n_b = con.execute(f"SELECT count(*) FROM b.{table}").fetchall()[0][0]
            only = []
            for x, y in (("a", "b"), ("b", "a")):
                sql = f"SELECT {cols} FROM {x}.{table} EXCEPT ALL SELECT {cols} FROM {y}.{table}"
                n = con.execute(f"SELECT count(*) FROM ({sql})").fetchall()[0][0]
                only.append(n)
                if n and show:
                    for row in con.execute(f"{sql} LIMIT {int(show)}").fetchall():
                        print(f"  only in {x}.{table}: {row!r}"[:400])
            out[table] = (n_a, n_b, only[0], only[1])
    finally:
        con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--show", type=int, default=5, help="Sample rows shown per difference.")
    args = parser.parse_args()
    result = compare(args.a, args.b, args.show)
    same = True
    for table, (n_a, n_b, only_a, only_b) in result.items():
        ok = only_a == 0 and only_b == 0
        same &= ok
        print(f"{table:16} {n_a:>9,} {n_b:>9,}  only in a: {only_a:>7,}  only in b: {only_b:>7,}"
              f"  {'identical' if ok else 'DIFFERENT'}")
    print("databases identical" if same else "databases DIFFER")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
