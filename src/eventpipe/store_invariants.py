"""The ``events`` invariants checked before a load commits: every mention has a stored event,
event ids are unique, ``num_mentions`` equals the mentions behind each event. A load checks only
the rows it touched (:class:`InvariantScope`); without a scope the whole tables are checked."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

import duckdb
import pandas as pd

from eventpipe.store_base import Con, EventInvariantError


@dataclass(frozen=True)
class InvariantScope:
    """What one load wrote: events inserted, updated or retired, mentions inserted or moved.
    The invariants can only break on these rows when they held before the load."""

    event_ids: tuple[str, ...]
    mention_ids: tuple[str, ...]


#: Scope of the load in progress (set by :func:`eventpipe.store.load_run` around its call of
#: :func:`check_invariants`, whose signature stays ``check_invariants(con)``).
_SCOPE: ContextVar[InvariantScope | None] = ContextVar("eventpipe_invariant_scope", default=None)


def check_invariants(con: duckdb.DuckDBPyConnection, scope: InvariantScope | None = None) -> None:
    """Raise :class:`EventInvariantError` unless every mention has a stored event, event ids are
    unique and ``num_mentions`` equals the mentions behind each event. With a ``scope`` (or
    inside :func:`eventpipe.store.load_run`) only the rows the load touched are checked, by
    key; without one, the whole tables."""
    scope = scope if scope is not None else _SCOPE.get()
    if scope is None:
        checks = {
            "mentions without event_id":
                "SELECT count(*) FROM event_mentions WHERE event_id IS NULL",
            "mentions whose event is missing": (
                "SELECT count(*) FROM event_mentions m ANTI JOIN events e "
                "ON e.event_id = m.event_id"),
            "duplicate event ids": "SELECT count(*) - count(DISTINCT event_id) FROM events",
            "events whose num_mentions is wrong": """
                SELECT count(*) FROM events e
                LEFT JOIN (SELECT event_id, count(*) AS n FROM event_mentions GROUP BY event_id) c
                  ON c.event_id = e.event_id
                WHERE c.n IS DISTINCT FROM e.num_mentions""",
        }
        found = {what: (con.execute(sql).fetchone() or (0,))[0] for what, sql in checks.items()}
    else:
        found = _scoped_checks(con, scope)
    problems = [f"{n} {what}" for what, n in found.items() if n]
    if problems:
        raise EventInvariantError("events invariants broken: " + "; ".join(problems))


def _scoped_checks(con: Con, scope: InvariantScope) -> dict[str, int]:
    con.register("_eventpipe_scope_e", pd.DataFrame({"k": list(scope.event_ids)}, dtype=object))
    con.register("_eventpipe_scope_m", pd.DataFrame({"k": list(scope.mention_ids)}, dtype=object))
    try:
        touched = """(SELECT m.* FROM event_mentions m SEMI JOIN _eventpipe_scope_m k
                        ON m.mention_id = k.k
                      UNION ALL
                      SELECT m.* FROM event_mentions m SEMI JOIN _eventpipe_scope_e k
                        ON m.event_id = k.k)"""
        row = con.execute(f"""
            SELECT
              (SELECT count(*) FROM {touched} t WHERE t.event_id IS NULL),
              (SELECT count(*) FROM {touched} t ANTI JOIN events e ON e.event_id = t.event_id),
              (SELECT count(*) - count(DISTINCT e.event_id) FROM events e
                 SEMI JOIN _eventpipe_scope_e k ON e.event_id = k.k),
              (SELECT count(*) FROM events e SEMI JOIN _eventpipe_scope_e k ON e.event_id = k.k
                 LEFT JOIN (SELECT m.event_id, count(*) AS n FROM event_mentions m
                            SEMI JOIN _eventpipe_scope_e k ON m.event_id = k.k
                            GROUP BY m.event_id) c ON c.event_id = e.event_id
                 WHERE c.n IS DISTINCT FROM e.num_mentions)
            """).fetchall()[0]
    finally:
        con.unregister("_eventpipe_scope_e")
        con.unregister("_eventpipe_scope_m")
    names = ("mentions without event_id", "mentions whose event is missing",
             "duplicate event ids", "events whose num_mentions is wrong")
    return dict(zip(names, (int(x) for x in row), strict=True))
