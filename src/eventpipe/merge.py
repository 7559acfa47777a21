"""Mentions of one real-world event, across articles, become one event.

Two mentions are the same event when all of these hold:

1. Both have an ACLED `event_type` and modality `asserted` or `alleged`; any other mention
   (verbal CAMEO events, denied, negated, hypothetical, planned, historical) is an event of
   its own.
2. Their event types are in one family: {Battles, Explosions/Remote violence, Violence against
   civilians}, {Riots, Protests} or {Strategic developments}. The merged event takes the
   highest type of its mentions (Battles > Explosions/Remote violence > Violence against
   civilians; Riots > Protests), with the sub-event type of the earliest mention of that type.
3. Same `iso3`, and dates equal or one day apart; when either date is coarser than a day
   (`time_precision` 2 or 3) they must fall in the same month. Mentions without a date or
   country never merge.
4. Same `admin1` (by `admin1_code` when both have one, else by name; when neither has an
   admin1, by the same location name), and the same `location` or coordinates within 25 km;
   a mention without a location (region-level report) matches any location in its admin1.
5. Compatible actors: each side equal (case-insensitive) or unnamed on one side (NULL, or
   `actor1_inferred`); for Battles the two sides may be swapped.

A new mention is compared with the first mention (the anchor) of each candidate event found
through blocking keys (country and day, country and month), never with the whole table, and
joins the earliest compatible event (by its anchor's publication date, article id, char
start). Otherwise it opens a new event whose `event_id` is its own `mention_id`. Event ids are
frozen: later mentions attach to existing events without changing their id, and feeding
batches in publication order gives the same ids as one batch.

The event row takes the anchor's fields, the highest event type, and figures over all its
claims (see "Fatalities of merged events"); `num_mentions`, `num_articles`, `num_sources`
(distinct syndication groups, an article without one counting as its own group), `source`
(the outlets, sorted and "; "-joined) and `first_reported_at` (earliest publication date).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

MERGEABLE_MODALITIES = frozenset({"asserted", "alleged"})
MAX_DISTANCE_KM = 25.0
TYPE_FAMILY: dict[str, str] = {
    "Battles": "political_violence",
    "Explosions/Remote violence": "political_violence",
    "Violence against civilians": "political_violence",
    "Riots": "demonstrations",
    "Protests": "demonstrations",
    "Strategic developments": "strategic_developments",
}
TYPE_RANK: dict[str, int] = {
    "Battles": 3,
    "Explosions/Remote violence": 2,
    "Violence against civilians": 1,
    "Riots": 2,
    "Protests": 1,
    "Strategic developments": 1,
}
#: Columns of each member row the merge reads besides the event fields.
ARTICLE_COLUMNS = ("published", "syndication_group", "article_source")

Row = dict[str, Any]


@dataclass
class MergeResult:
    """``assignments``: mention_id -> event_id for the new mentions; ``events``: one row per
    new or changed event (event columns without per-run values)."""

    assignments: dict[str, str]
    events: list[Row]
    new_event_ids: set[str] = field(default_factory=set)
    updated_event_ids: set[str] = field(default_factory=set)


def frame_to_rows(df: pd.DataFrame | None) -> list[Row]:
    """Records with ``None`` for every missing value (NA, NaN, NaT)."""
    if df is None or df.empty:
        return []
    obj = df.astype(object)
    return [
        {k: (None if _missing(v) else v) for k, v in rec.items()}
        for rec in obj.to_dict("records")
    ]


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def sort_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Earliest first: publication date (unknown last), article id, char start, mention id."""
    pub = _date(row.get("published"))
    return (pub is None, pub or dt.date.min, str(row["article_id"]), int(row["char_start"]),
            str(row["mention_id"]))


def is_mergeable(row: Mapping[str, Any]) -> bool:
    return (
        row.get("event_type") in TYPE_FAMILY
        and row.get("modality") in MERGEABLE_MODALITIES
        and bool(row.get("iso3"))
        and _date(row.get("event_date")) is not None
    )


def _coarse(row: Mapping[str, Any]) -> bool:
    prec = row.get("time_precision")
    return prec is not None and int(prec) > 1


def _norm(value: Any) -> str | None:
    return str(value).strip().casefold() if value is not None and str(value).strip() else None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _dates_ok(a: Row, b: Row) -> bool:
    da, db = _date(a["event_date"]), _date(b["event_date"])
    assert da is not None and db is not None
    if _coarse(a) or _coarse(b):
        return (da.year, da.month) == (db.year, db.month)
    return abs((da - db).days) <= 1


def _place_ok(a: Row, b: Row) -> bool:
    ca, cb = _norm(a.get("admin1_code")), _norm(b.get("admin1_code"))
    na, nb = _norm(a.get("admin1")), _norm(b.get("admin1"))
    la, lb = _norm(a.get("location")), _norm(b.get("location"))
    if ca and cb:
        same_admin1 = ca == cb
    elif na and nb:
        same_admin1 = na == nb
    elif not (ca or cb or na or nb):
        return la is not None and la == lb
    else:
        return False
    if not same_admin1:
        return False
    if la is None or lb is None or la == lb:
        return True
    raw = (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude"))
    coords = [float(c) for c in raw if c is not None]
    if len(coords) != 4:
        return False
    return haversine_km(*coords) <= MAX_DISTANCE_KM


def _side_ok(x: Any, y: Any) -> bool:
    nx, ny = _norm(x), _norm(y)
    return nx is None or ny is None or nx == ny


def _actors_ok(a: Row, b: Row) -> bool:
    a1 = None if a.get("actor1_inferred") else a.get("actor1")
    b1 = None if b.get("actor1_inferred") else b.get("actor1")
    if _side_ok(a1, b1) and _side_ok(a.get("actor2"), b.get("actor2")):
        return True
    battles = a.get("event_type") == "Battles" or b.get("event_type") == "Battles"
    return battles and _side_ok(a1, b.get("actor2")) and _side_ok(a.get("actor2"), b1)


def compatible(a: Row, b: Row) -> bool:
    """True when mentions ``a`` and ``b`` describe the same event (rules in the docstring)."""
    return (
        is_mergeable(a)
        and is_mergeable(b)
        and TYPE_FAMILY[a["event_type"]] == TYPE_FAMILY[b["event_type"]]
        and a["iso3"] == b["iso3"]
        and _dates_ok(a, b)
        and _place_ok(a, b)
        and _actors_ok(a, b)
    )


@dataclass
class _Cluster:
    event_id: str
    anchor: Row
    members: list[Row]
    changed: bool = False


class _Index:
    """Blocking index of event anchors: (iso3, day) for day-precise anchors, (iso3, month)
    for all."""

    def __init__(self) -> None:
        self.by_day: dict[tuple[str, dt.date], list[_Cluster]] = defaultdict(list)
        self.by_month: dict[tuple[str, int, int], list[_Cluster]] = defaultdict(list)

    def add(self, cl: _Cluster) -> None:
        a = cl.anchor
        if not is_mergeable(a):
            return
        d = _date(a["event_date"])
        assert d is not None
        self.by_month[(a["iso3"], d.year, d.month)].append(cl)
        if not _coarse(a):
            self.by_day[(a["iso3"], d)].append(cl)

    def candidates(self, row: Row) -> list[_Cluster]:
        d = _date(row["event_date"])
        assert d is not None
        month = self.by_month.get((row["iso3"], d.year, d.month), [])
        if _coarse(row):
            return list(month)
        out = [cl for cl in month if _coarse(cl.anchor)]
        for delta in (-1, 0, 1):
            out.extend(self.by_day.get((row["iso3"], d + dt.timedelta(days=delta)), []))
        return out


def blocking_keys(rows: Iterable[Row]) -> set[tuple[str, int, int]]:
    """(iso3, year, month) of mergeable rows, with the neighbouring months of dates that sit on a
    month edge, so a caller can fetch every candidate event from the database."""
    keys: set[tuple[str, int, int]] = set()
    for row in rows:
        if not is_mergeable(row):
            continue
        d = _date(row["event_date"])
        assert d is not None
        for delta in (-1, 0, 1):
            x = d + dt.timedelta(days=delta)
            keys.add((row["iso3"], x.year, x.month))
    return keys


def _median_low(values: list[int]) -> int | None:
    return int(statistics.median_low(values)) if values else None


def _figures(members: list[Row], prefix: str) -> tuple[int | None, int | None, int | None]:
    lows = [int(m[f"{prefix}_low"]) for m in members if m.get(f"{prefix}_low") is not None]
    bests = [int(m[f"{prefix}_best"]) for m in members if m.get(f"{prefix}_best") is not None]
    highs = [int(m[f"{prefix}_high"]) for m in members if m.get(f"{prefix}_high") is not None]
    low = min(lows) if lows else None
    best = _median_low(bests)
    high = max(highs) if highs else None
    if high is not None and best is not None:
        high = max(high, best)
    if low is not None and best is not None:
        low = min(low, best)
    return low, best, high


def summarise(event_id: str, anchor: Row, members: list[Row], event_columns: Iterable[str]) -> Row:
    """The event row of one cluster (per-run columns left None)."""
    members = sorted(members, key=sort_key)
    row: Row = {c: anchor.get(c) for c in event_columns}
    row["event_id"] = event_id
    typed = [m for m in members if m.get("event_type") in TYPE_RANK]
    if typed:
        top = max(TYPE_RANK[m["event_type"]] for m in typed)
        lead = next(m for m in typed if TYPE_RANK[m["event_type"]] == top)
        for col in ("event_type", "sub_event_type", "disorder_type"):
            row[col] = lead.get(col)
    for prefix in ("killed", "wounded"):
        low, best, high = _figures(members, prefix)
        row[f"{prefix}_low"], row[f"{prefix}_best"], row[f"{prefix}_high"] = low, best, high
    reported = [
        int(m["fatalities"]) for m in members
        if m.get("fatalities") is not None
        and (m.get("killed_low") is not None or m.get("killed_best") is not None)
    ]
    row["fatalities"] = min(reported) if reported else 0
    triples = {
        (m.get("killed_low"), m.get("killed_best"), m.get("killed_high"))
        for m in members
        if any(m.get(f"killed_{k}") is not None for k in ("low", "best", "high"))
    }
    row["fatalities_disputed"] = len(triples) > 1 or any(
        m.get("modality") == "denied" for m in members
    )
    modalities = {m.get("modality") for m in members}
    if "asserted" in modalities:
        row["modality"] = "asserted"
    verified = {m.get("verified") for m in members} - {None}
    row["verified"] = True if True in verified else (False if verified else None)
    row["num_mentions"] = len(members)
    row["num_articles"] = len({m["article_id"] for m in members})
    row["num_sources"] = len({m.get("syndication_group") or m["article_id"] for m in members})
    outlets = {m.get("source") or m.get("article_source") for m in members} - {None, ""}
    row["source"] = "; ".join(sorted(str(o) for o in outlets)) or None
    pubs = [p for p in (_date(m.get("published")) for m in members) if p is not None]
    row["first_reported_at"] = min(pubs) if pubs else None
    return row


def merge_mentions(
    new: Iterable[Row],
    existing: Iterable[Row] = (),
    *,
    event_columns: Iterable[str],
) -> MergeResult:
    """Assign every new mention to an event.

    ``new``: validated mention rows (event fields, ``mention_id`` and the article columns
    ``published``, ``syndication_group``, ``article_source``). ``existing``: every member
    mention (same columns plus ``event_id``) of the stored events that may match, e.g. all
    events in :func:`blocking_keys`. Returns the assignments and the rows of every event that
    is new or gained members.
    """
    cols = list(event_columns)
    clusters: dict[str, _Cluster] = {}
    by_event: dict[str, list[Row]] = defaultdict(list)
    for m in existing:
        by_event[str(m["event_id"])].append(m)
    index = _Index()
    for eid, members in sorted(by_event.items(), key=lambda kv: min(map(sort_key, kv[1]))):
        members.sort(key=sort_key)
        anchor = next((m for m in members if m["mention_id"] == eid), members[0])
        cl = _Cluster(eid, anchor, members)
        clusters[eid] = cl
        index.add(cl)
    assignments: dict[str, str] = {}
    new_ids: set[str] = set()
    for m in sorted(new, key=sort_key):
        target: _Cluster | None = None
        if is_mergeable(m):
            cands = [c for c in index.candidates(m) if compatible(m, c.anchor)]
            if cands:
                target = min(cands, key=lambda c: sort_key(c.anchor))
        if target is None:
            target = _Cluster(str(m["mention_id"]), m, [])
            clusters[target.event_id] = target
            index.add(target)
            new_ids.add(target.event_id)
        target.members.append(m)
        target.changed = True
        assignments[str(m["mention_id"])] = target.event_id
    events = [
        summarise(cl.event_id, cl.anchor, cl.members, cols)
        for cl in clusters.values()
        if cl.changed
    ]
    updated = {cl.event_id for cl in clusters.values() if cl.changed} - new_ids
    return MergeResult(assignments, events, new_ids, updated)
