"""When two event mentions describe the same real-world event (the rule of :mod:`eventpipe.merge`).

Two mentions are compatible when all of these hold:

1. Both are mergeable: an ACLED ``event_type``, a country, a date and a modality that reports
   the event (``asserted``, ``alleged``, ``denied`` or ``historical``; a denial or a background
   reference joins the event it is about). Hypothetical, planned and negated mentions, and
   verbal CAMEO events, are events of their own.
2. Compatible event types (:data:`COMPATIBLE_TYPES`): the political-violence types with each
   other, Riots with them and with Protests; Strategic developments only with themselves. The
   merged event takes the highest type (:data:`TYPE_RANK`).
3. Same ``iso3``; dates equal or one day apart; when either date is coarser than a day
   (``time_precision`` 2 or 3) the two must fall in the same month. One day apart is reporting
   noise only when the tactic agrees: two mentions of one event type whose sub-event types
   differ (an air strike one day, a missile strike the next) are two events.
4. Same place: same ``admin1`` (by ``admin1_code`` when both have one, else by name; when
   neither has one, the same location name) and the same ``location`` or coordinates within
   :data:`MAX_DISTANCE_KM` (25 km); a mention without a location (region-level report) matches any
   location of its admin1.
5. Compatible actors: for each side, the same actor, or either side unnamed (NULL, inferred,
   or a generic label such as "Unidentified Armed Group (X)", "Civilians (X)", "Rioters (X)"),
   or two state forces of the same country ("Police Forces of X" and "Military Forces of X"
   are one side). For Battles the two sides may be swapped.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import pandas as pd

Row = dict[str, Any]

MERGEABLE_MODALITIES = frozenset({"asserted", "alleged", "denied", "historical"})
#: Modalities whose figures count and that may link two stored events into one.
CREDIBLE_MODALITIES = frozenset({"asserted", "alleged"})
MAX_DISTANCE_KM = 25.0
_VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")
COMPATIBLE_TYPES: dict[str, frozenset[str]] = {
    **{t: frozenset({*_VIOLENT, "Riots"}) for t in _VIOLENT},
    "Riots": frozenset({*_VIOLENT, "Riots", "Protests"}),
    "Protests": frozenset({"Riots", "Protests"}),
    "Strategic developments": frozenset({"Strategic developments"}),
}
#: ACLED's hierarchy: the higher type wins when the mentions of one event disagree.
TYPE_RANK: dict[str, int] = {
    "Battles": 6,
    "Explosions/Remote violence": 5,
    "Violence against civilians": 4,
    "Riots": 3,
    "Protests": 2,
    "Strategic developments": 1,
}
_GENERIC_ACTOR = re.compile(
    r"^(unidentified|unknown|civilians|rioters|protesters|rebel group|militia|"
    r"armed group|gunmen)\b", re.IGNORECASE)
_STATE_FORCES = re.compile(r"^(military|police|security|armed) forces of (?P<country>.+)$",
                           re.IGNORECASE)


def missing(value: Any) -> bool:
    if value is None:
        return True
    kind = type(value)  # exact types first: the merge asks this millions of times a night
    if kind is str or kind is int or kind is bool or kind is dt.date or kind is pd.Timestamp:
        return False  # (NaT is not a Timestamp)
    if kind is float:
        return value != value
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_date(value: Any) -> dt.date | None:
    kind = type(value)
    if kind is dt.date:
        return value  # type: ignore[no-any-return]
    if kind is pd.Timestamp or kind is dt.datetime:
        return value.date()  # type: ignore[no-any-return]
    if missing(value):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def sort_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Earliest first: publication date (unknown last), article id, char start, mention id."""
    pub = as_date(row.get("published"))
    return (pub is None, pub or dt.date.min, str(row["article_id"]), int(row["char_start"]),
            str(row["mention_id"]))


def is_mergeable(row: Mapping[str, Any]) -> bool:
    return (
        row.get("event_type") in COMPATIBLE_TYPES
        and row.get("modality") in MERGEABLE_MODALITIES
        and bool(row.get("iso3"))
        and as_date(row.get("event_date")) is not None
    )


def is_coarse(row: Mapping[str, Any]) -> bool:
    prec: Any = row.get("time_precision")
    return not missing(prec) and int(prec) > 1


def norm(value: Any) -> str | None:
    if type(value) is str:
        return _norm_text(value)
    if missing(value):
        return None
    text = str(value).strip().casefold()
    return text or None


@functools.lru_cache(maxsize=65536)
def _norm_text(value: str) -> str | None:
    return value.strip().casefold() or None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def dates_ok(a: Row, b: Row) -> bool:
    da, db = as_date(a["event_date"]), as_date(b["event_date"])
    if da is None or db is None:
        return False
    if is_coarse(a) or is_coarse(b):
        return (da.year, da.month) == (db.year, db.month)
    gap = abs((da - db).days)
    if gap == 1 and a["event_type"] == b["event_type"] and \
            other_tactic(a.get("sub_event_type"), b.get("sub_event_type")):
        return False  # a drone strike one day and a missile strike the next are two events
    return gap <= 1


def other_tactic(x: Any, y: Any) -> bool:
    """Two named sub-event types of one event type that differ (another weapon or tactic)."""
    return type(x) is str and type(y) is str and bool(x) and bool(y) and x != y


def place_ok(a: Row, b: Row) -> bool:
    ca, cb = norm(a.get("admin1_code")), norm(b.get("admin1_code"))
    na, nb = norm(a.get("admin1")), norm(b.get("admin1"))
    la, lb = norm(a.get("location")), norm(b.get("location"))
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
    raw: tuple[Any, ...] = (a.get("latitude"), a.get("longitude"),
                            b.get("latitude"), b.get("longitude"))
    coords = [float(c) for c in raw if not missing(c)]
    if len(coords) != 4:
        return False
    return haversine_km(*coords) <= MAX_DISTANCE_KM


def actor_side(name: Any, inferred: Any = False) -> str | None:
    """A comparable side of an actor: None when unnamed (NULL, inferred or generic),
    ``state:<country>`` for state forces, else the casefolded name."""
    if type(name) is str and (inferred is None or type(inferred) is bool):
        return _actor_side(name, inferred)
    return _actor_side.__wrapped__(name, inferred)


@functools.lru_cache(maxsize=65536)
def _actor_side(name: Any, inferred: Any) -> str | None:
    text = norm(name)
    if text is None or (not missing(inferred) and bool(inferred)):
        return None
    if _GENERIC_ACTOR.match(text):
        return None
    state = _STATE_FORCES.match(text)
    if state:
        return "state:" + state.group("country").strip()
    return text


def _side_ok(x: str | None, y: str | None) -> bool:
    return x is None or y is None or x == y


def actors_ok(a: Row, b: Row) -> bool:
    a1, a2 = actor_side(a.get("actor1"), a.get("actor1_inferred")), actor_side(a.get("actor2"))
    b1, b2 = actor_side(b.get("actor1"), b.get("actor1_inferred")), actor_side(b.get("actor2"))
    if _side_ok(a1, b1) and _side_ok(a2, b2):
        return True
    battles = a.get("event_type") == "Battles" or b.get("event_type") == "Battles"
    return battles and _side_ok(a1, b2) and _side_ok(a2, b1)


def types_ok(a: Row, b: Row) -> bool:
    return b["event_type"] in COMPATIBLE_TYPES.get(a["event_type"], frozenset())


def compatible(a: Row, b: Row) -> bool:
    """True when mentions ``a`` and ``b`` may describe the same event (module docstring)."""
    return (
        is_mergeable(a)
        and is_mergeable(b)
        and a["iso3"] == b["iso3"]
        and types_ok(a, b)
        and dates_ok(a, b)
        and place_ok(a, b)
        and actors_ok(a, b)
    )


#: The figures :func:`affinity` compares (:func:`figures_affinity`); :func:`compatible` reads none.
FIGURE_COLUMNS = ("killed_best", "wounded_best")


def affinity(a: Row, b: Row) -> int:
    """How alike two compatible mentions are; the best-matching event wins a mention."""
    return base_affinity(a, b) + figures_affinity(a, tuple(b.get(c) for c in FIGURE_COLUMNS))


def base_affinity(a: Row, b: Row) -> int:
    """The part of :func:`affinity` that does not read the figures: same day, same location,
    same sub-event type."""
    score = 0
    if as_date(a["event_date"]) == as_date(b["event_date"]):
        score += 2
    if norm(a.get("location")) is not None and norm(a.get("location")) == norm(b.get("location")):
        score += 2
    if a.get("sub_event_type") and a.get("sub_event_type") == b.get("sub_event_type"):
        score += 1
    return score


def figures_affinity(a: Row, figures: tuple[Any, ...]) -> int:
    """The figures' part of :func:`affinity`: +1 per figure both report alike, -1 per figure
    both report differently (``figures``: the other mention's values of FIGURE_COLUMNS)."""
    score = 0
    for col, other in zip(FIGURE_COLUMNS, figures, strict=True):
        if not missing(a.get(col)) and not missing(other):
            score += 1 if int(a[col]) == int(other) else -1
    return score


class HasMembers(Protocol):
    members: list[Row]


def place_keys(row: Row) -> list[str]:
    """Blocking keys of a mention's place: two mentions that :func:`place_ok` accepts share one."""
    code, name = norm(row.get("admin1_code")), norm(row.get("admin1"))
    keys = [f"c:{code}" if code else "", f"n:{name}" if name else ""]
    if not (code or name):
        keys.append(f"l:{norm(row.get('location'))}")
    return [k for k in keys if k]


class BlockIndex:
    """Blocking index of clusters by each member's (iso3, admin1, day) and (iso3, admin1,
    month): a mention is compared only with the clusters of its own place and neighbouring
    days, never all pairs."""

    def __init__(self) -> None:
        self.by_day: dict[tuple[Any, ...], dict[int, Any]] = defaultdict(dict)
        self.by_month: dict[tuple[Any, ...], dict[int, Any]] = defaultdict(dict)
        self.coarse_by_month: dict[tuple[Any, ...], dict[int, Any]] = defaultdict(dict)

    def _entries(self, row: Row) -> list[tuple[dict[tuple[Any, ...], dict[int, Any]],
                                               tuple[Any, ...]]]:
        if not is_mergeable(row):
            return []
        d = as_date(row["event_date"])
        assert d is not None
        out: list[tuple[dict[tuple[Any, ...], dict[int, Any]], tuple[Any, ...]]] = []
        for key in place_keys(row):
            out.append((self.by_month, (row["iso3"], key, d.year, d.month)))
            if is_coarse(row):
                out.append((self.coarse_by_month, (row["iso3"], key, d.year, d.month)))
            else:
                out.append((self.by_day, (row["iso3"], key, d)))
        return out

    def add(self, cluster: HasMembers, row: Row) -> None:
        for table, key in self._entries(row):
            table[key][id(cluster)] = cluster

    def remove(self, cluster: HasMembers) -> None:
        for row in cluster.members:
            for table, key in self._entries(row):
                table[key].pop(id(cluster), None)

    def candidates(self, row: Row) -> list[Any]:
        d = as_date(row["event_date"])
        assert d is not None
        found: dict[int, Any] = {}
        for key in place_keys(row):
            month = (row["iso3"], key, d.year, d.month)
            if is_coarse(row):
                found.update(self.by_month.get(month, {}))
                continue
            found.update(self.coarse_by_month.get(month, {}))
            for delta in (-1, 0, 1):
                found.update(self.by_day.get((row["iso3"], key, d + dt.timedelta(days=delta)),
                                             {}))
        return list(found.values())


def blocking_keys(rows: Iterable[Row]) -> set[tuple[str, int, int]]:
    """(iso3, year, month) of mergeable rows, with the neighbouring months of dates that sit on a
    month edge, so a caller can fetch every candidate event from the database."""
    keys: set[tuple[str, int, int]] = set()
    for row in rows:
        if not is_mergeable(row):
            continue
        d = as_date(row["event_date"])
        assert d is not None
        for delta in (-1, 0, 1):
            x = d + dt.timedelta(days=delta)
            keys.add((row["iso3"], x.year, x.month))
    return keys
