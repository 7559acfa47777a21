"""The ``event_changes`` record: every change a merge makes to ``events``, and its replay.

One load writes, per event it touches: ``created`` (the whole new row as JSON), ``updated``
(one row per field whose value changed, old and new JSON-encoded), ``merged`` (on the surviving
event, ``old_value`` = the retired id) and ``retired`` (on the retired event, ``new_value`` = the
surviving id; the retired row leaves ``events``, its mentions move to the survivor). Replaying
the changes committed up to a time rebuilds the events table as it stood then
(:func:`replay_changes`), which is what ``export --as-of`` does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from eventpipe import ids
from eventpipe.merge import MergeResult
from eventpipe.merge_rules import Row, missing

#: Event columns that are not diffed (the key and the per-run columns).
UNTRACKED = frozenset({"event_id", "ingested_at", "run_id"})


def _plain(value: Any) -> Any:
    if missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


_EXACT = (str, int, bool)


def _same_text(a: Any, b: Any) -> bool:
    """True only when ``encode(a) == encode(b)`` for sure, without encoding: both missing, or
    equal values of one plain type whose JSON text follows from the value (strings, integers,
    booleans). False means: encode and compare."""
    if a is None and b is None:
        return True
    kind = type(a)
    return kind is type(b) and kind in _EXACT and a == b


def encode(value: Any) -> str | None:
    """JSON text of one value (NULL stays NULL); dates as ISO text."""
    plain = _plain(value)
    return None if plain is None else json.dumps(plain, ensure_ascii=False)


def _reason(mention_ids: list[str]) -> str:
    shown = ", ".join(mention_ids[:5]) + (" …" if len(mention_ids) > 5 else "")
    return f"mentions added or moved: {shown}" if mention_ids else "recomputed"


def _row(event_id: str, kind: str, field: str | None, old: str | None, new: str | None,
         reason: str, salt: str) -> Row:
    return {"change_id": ids.hash_parts(event_id, kind, field, old, new, salt),
            "event_id": event_id, "change_kind": kind, "field": field,
            "old_value": old, "new_value": new, "reason": reason}


def change_rows(
    old_events: Mapping[str, Mapping[str, Any]], result: MergeResult, columns: Iterable[str]
) -> list[Row]:
    """Changes of one merge: ``old_events`` are the stored rows of the events it touched (the
    updated and the retired ones). ``run_id``/``changed_at`` are left for the caller."""
    tracked = [c for c in columns if c not in UNTRACKED]
    out: list[Row] = []
    for event in result.events:
        eid = str(event["event_id"])
        triggers = result.triggers.get(eid, [])
        salt = ids.hash_parts(*triggers)
        reason = _reason(triggers)
        old = old_events.get(eid)
        if old is None:
            whole = json.dumps({c: _plain(event.get(c)) for c in tracked}, ensure_ascii=False,
                               sort_keys=True)
            out.append(_row(eid, "created", None, None, whole, reason, salt))
            continue
        for col in tracked:
            a, b = old.get(col), event.get(col)
            if _same_text(a, b):
                continue
            before, after = encode(a), encode(b)
            if before != after:
                out.append(_row(eid, "updated", col, before, after, reason, salt))
    for gone, survivor in sorted(result.retired.items()):
        why = f"found to be one event with {survivor}; " + _reason(result.triggers.get(survivor,
                                                                                       []))
        salt = ids.hash_parts(*result.triggers.get(survivor, []))
        out.append(_row(survivor, "merged", None, encode(gone), encode(survivor), why, salt))
        out.append(_row(gone, "retired", None, encode(gone), encode(survivor), why, salt))
    return out


def replay_changes(changes: Iterable[Mapping[str, Any]]) -> dict[str, Row]:
    """Event rows rebuilt from changes (in commit order): created rows, updated fields, retired
    events removed. ``ingested_at``/``run_id`` are those of each event's last change."""
    events: dict[str, Row] = {}
    ordered = sorted(changes, key=lambda c: (c["changed_at"], c["change_kind"] != "created"))
    for ch in ordered:
        eid, kind = str(ch["event_id"]), ch["change_kind"]
        if kind == "created":
            events[eid] = {"event_id": eid, **json.loads(ch["new_value"])}
        elif kind == "updated" and eid in events:
            value = ch["new_value"]
            events[eid][str(ch["field"])] = None if value is None else json.loads(value)
        elif kind == "retired":
            events.pop(eid, None)
            continue
        if eid in events:
            events[eid]["ingested_at"], events[eid]["run_id"] = ch["changed_at"], ch["run_id"]
    return events
