"""The merge rule's per-mention values, computed once per mention instead of once per pair.

:func:`eventpipe.merge_rules.compatible` and :func:`~eventpipe.merge_rules.base_affinity`
normalise both mentions' columns on every call (dates, casefolded places, actor sides), and a
batch compares each new mention with every distinct kind of member of the events it may join:
the big events of a night are compared thousands of times. A :class:`Probe` holds those values
of one mergeable mention; :meth:`Probe.compatible` and :meth:`Probe.base_affinity` give exactly
what the two functions give for the mentions (tests compare them on generated pairs).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventpipe.cache_budget import cache_bytes
from eventpipe.merge_rules import (
    COMPATIBLE_TYPES,
    MAX_DISTANCE_KM,
    Row,
    actor_side,
    as_date,
    haversine_km,
    is_coarse,
    is_mergeable,
    missing,
    norm,
    other_tactic,
)

_NONE: frozenset[str] = frozenset()


def _coord(value: Any) -> float | None:
    return None if missing(value) else float(value)


class Probe:
    """The values of one mergeable mention that the rule reads (module docstring)."""

    __slots__ = ("a1", "a2", "battles", "code", "coarse", "date", "iso3", "lat", "location",
                 "lon", "month", "name", "partners", "sub_event_type", "type")

    def __init__(self, row: Row) -> None:
        self.iso3: Any = row["iso3"]
        self.type: Any = row["event_type"]
        self.partners = COMPATIBLE_TYPES.get(self.type, _NONE)
        date = as_date(row["event_date"])
        assert date is not None  # mergeable
        self.date: dt.date = date
        self.month = (date.year, date.month)
        self.coarse = is_coarse(row)
        self.code = norm(row.get("admin1_code"))
        self.name = norm(row.get("admin1"))
        self.location = norm(row.get("location"))
        self.lat, self.lon = _coord(row.get("latitude")), _coord(row.get("longitude"))
        self.a1 = actor_side(row.get("actor1"), row.get("actor1_inferred"))
        self.a2 = actor_side(row.get("actor2"))
        self.battles = self.type == "Battles"
        self.sub_event_type = row.get("sub_event_type")

    def _place(self, b: Probe) -> bool:
        ca, cb, na, nb = self.code, b.code, self.name, b.name
        if ca and cb:
            same_admin1 = ca == cb
        elif na and nb:
            same_admin1 = na == nb
        elif not (ca or cb or na or nb):
            return self.location is not None and self.location == b.location
        else:
            return False
        if not same_admin1:
            return False
        la, lb = self.location, b.location
        if la is None or lb is None or la == lb:
            return True
        if self.lat is None or self.lon is None or b.lat is None or b.lon is None:
            return False
        return haversine_km(self.lat, self.lon, b.lat, b.lon) <= MAX_DISTANCE_KM

    def compatible(self, b: Probe) -> bool:
        """``compatible(a, b)`` of the two mergeable mentions."""
        if self.iso3 != b.iso3 or b.type not in self.partners:
            return False
        if self.coarse or b.coarse:
            if self.month != b.month:
                return False
        else:
            gap = abs((self.date - b.date).days)
            if gap > 1 or (gap == 1 and self.type == b.type
                           and other_tactic(self.sub_event_type, b.sub_event_type)):
                return False
        if not self._place(b):
            return False
        a1, a2, b1, b2 = self.a1, self.a2, b.a1, b.a2
        if (a1 is None or b1 is None or a1 == b1) and (a2 is None or b2 is None or a2 == b2):
            return True
        return ((self.battles or b.battles) and (a1 is None or b2 is None or a1 == b2)
                and (a2 is None or b1 is None or a2 == b1))

    def base_affinity(self, b: Probe) -> int:
        """``base_affinity(a, b)`` of the two mentions."""
        score = 2 if self.date == b.date else 0
        if self.location is not None and self.location == b.location:
            score += 2
        if self.sub_event_type and self.sub_event_type == b.sub_event_type:
            score += 1
        return score


def probe_of(row: Row) -> Probe:
    """The :class:`Probe` of a mergeable mention."""
    return Probe(row)


#: Probes of kinds of members by their rule values (a pure function of them: nothing to
#: invalidate), within the ``probes`` share of the writer's cache budget
#: (:mod:`eventpipe.cache_budget`) at :data:`KIND_BYTES` each (then it starts over). None: not
#: mergeable.
_KINDS: dict[tuple[Any, ...], Probe | None] = {}
#: Bytes a remembered kind takes (its key of 14 values and the probe; measured with
#: tracemalloc on a 40k-article night: 460-730 depending on what the rows share).
KIND_BYTES = 700
_limit = 0  # max_kinds() when the memo last started filling


def max_kinds() -> int:
    """Kinds remembered at most."""
    return cache_bytes("probes") // KIND_BYTES


def kind_probe(key: tuple[Any, ...], row: Row) -> Probe | None:
    """The :class:`Probe` of ``row`` (None when it is not mergeable), remembered by ``key``:
    the values of every column the probe reads, in a fixed order."""
    global _limit
    probe = _KINDS.get(key, _KINDS)
    if probe is _KINDS:
        # the budget is read when the memo starts filling, not on every miss (an environment
        # look-up per new kind was 3 % of a late 100k-night load)
        if not _KINDS:
            _limit = max_kinds()
        elif len(_KINDS) >= _limit:
            _KINDS.clear()
            _limit = max_kinds()
        probe = _KINDS[key] = Probe(row) if is_mergeable(row) else None
    return probe  # type: ignore[return-value]


__all__ = ["KIND_BYTES", "Probe", "kind_probe", "max_kinds", "probe_of"]
