"""Mentions of one real-world event, across articles, become one event.

The rule (which mentions are compatible) is in :mod:`eventpipe.merge_rules`, the figures of a
merged event in :mod:`eventpipe.merge_figures`, the record of changes in
:mod:`eventpipe.merge_changes`.

New mentions are taken in publication order (:func:`sort_key`). Each is compared with the
members of the events found through blocking keys (country and day, country and month), never
with the whole table, and joins the compatible event it matches best (:func:`affinity`: same
day, same location, same sub-event type, same figures; ties go to the earliest event), unless
that event already holds a mention of the same article (the coder told those apart).
Otherwise it opens a new event whose ``event_id`` is its own ``mention_id``. Event ids are
frozen: later mentions attach to existing events without changing their id. When a credible
(asserted or alleged) mention matches a second event closely as well (affinity of at least
:data:`BRIDGE_MIN_AFFINITY`), the two events are one: the later one (by its earliest mention)
is retired into the earlier, its mentions move over and the change is recorded. Feeding batches
in publication order gives the same events and ids as one batch, because every mention sees
the same events when its turn comes.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from eventpipe import merge_figures as _figures
from eventpipe import merge_rules as _rules
from eventpipe import syndication as _syndication
from eventpipe.merge_figures import summarise
from eventpipe.merge_probe import Probe, kind_probe, probe_of
from eventpipe.merge_rules import (
    CREDIBLE_MODALITIES,
    FIGURE_COLUMNS,
    BlockIndex,
    Row,
    blocking_keys,
    compatible,
    figures_affinity,
    is_mergeable,
    sort_key,
)
from eventpipe.named_row import NamedRow

_changes_doc = """Every change to ``events`` is recorded in ``event_changes``: ``created`` (the
whole row), ``updated`` (one row per changed field, old and new value), ``merged`` and ``retired``
(when two events are found to be one, the later id is retired into the earlier one and its
mentions move). Events are never deleted silently. ``eventpipe export --as-of`` replays these
changes up to the given time, so an extract made then can be reproduced exactly."""

__doc__ = "\n\n".join(  # the codebook prints this: the whole rule, in one place
    [
        (__doc__ or "").strip(),
        "### Which mentions are one event\n\n" + (_rules.__doc__ or "").split("\n", 2)[2].strip(),
        "### Figures of a merged event (this replaces any older rule above)\n\n"
        + (_figures.__doc__ or "").split("\n", 2)[2].strip(),
        "### Independent sources\n\n" + (_syndication.__doc__ or "").split("\n", 2)[2].strip(),
        "### History of events\n\n" + (_changes_doc or "").strip(),
    ]
)

__all__ = ["BRIDGE_MIN_AFFINITY", "MergeResult", "blocking_keys", "compatible", "frame_to_rows",
           "merge_mentions", "sort_key", "summarise"]

#: Affinity a mention needs with a second event to show that the two events are one.
BRIDGE_MIN_AFFINITY = 5
#: Columns of each member row the merge reads besides the event fields.
ARTICLE_COLUMNS = ("published", "syndication_group", "article_source")


@dataclass
class MergeResult:
    """``assignments``: mention_id -> event_id of the new mentions; ``reassigned``: stored
    mentions that moved to another event; ``events``: one row per new or changed event (event
    columns without per-run values); ``retired``: retired event id -> the event it became."""

    assignments: dict[str, str]
    events: list[Row]
    new_event_ids: set[str] = field(default_factory=set)
    updated_event_ids: set[str] = field(default_factory=set)
    retired: dict[str, str] = field(default_factory=dict)
    reassigned: dict[str, str] = field(default_factory=dict)
    #: event id -> mention ids that changed it in this merge (new or moved members).
    triggers: dict[str, list[str]] = field(default_factory=dict)


def frame_to_rows(df: pd.DataFrame | None) -> list[Row]:
    """Records with ``None`` for every missing value (NA, NaN, NaT)."""
    if df is None or df.empty:
        return []
    obj = df.astype(object).where(df.notna(), None)
    return obj.to_dict("records")  # type: ignore[return-value]


#: Every column of a member that :func:`compatible` and :func:`base_affinity` read: members that
#: agree on all of them are compatible alike and differ in affinity only by their figures, so a
#: cluster is checked once per distinct combination (with the set of its members' figures).
_RULE_COLUMNS = ("event_type", "modality", "iso3", "event_date", "time_precision", "admin1_code",
                 "admin1", "location", "latitude", "longitude", "actor1", "actor1_inferred",
                 "actor2", "sub_event_type")


_rule_values = operator.itemgetter(*_RULE_COLUMNS)
_figure_values = operator.itemgetter(*FIGURE_COLUMNS)
#: type of a held row (:class:`~eventpipe.named_row.NamedRow`) -> getters of its rule values,
#: figures and article id by position (a row read by name is ~10 times slower than a dict)
_BY_POSITION: dict[type, tuple[Any, Any, int]] = {}


def _positions(kind: type[NamedRow]) -> tuple[Any, Any, int]:
    slot = {name: i for i, name in enumerate(kind.names)}
    found = _BY_POSITION[kind] = (operator.itemgetter(*(slot[c] for c in _RULE_COLUMNS)),
                                  operator.itemgetter(*(slot[c] for c in FIGURE_COLUMNS)),
                                  slot["article_id"])
    return found


@dataclass(eq=False)
class _Cluster:
    event_id: str
    anchor: Row
    members: list[Row]
    stored: bool = False
    changed: bool = False
    #: one member per distinct combination of the rule columns with the figures seen with it,
    #: and the members' articles
    kinds: dict[tuple[object, ...], tuple[Row, set[tuple[object, ...]]]] = field(
        default_factory=dict)
    #: the :class:`~eventpipe.merge_probe.Probe` of each kind, made when first compared
    probes: dict[int, Probe | None] = field(default_factory=dict)
    articles: set[object] = field(default_factory=set)

    def __post_init__(self) -> None:
        for m in self.members:
            self._note(m)

    def _note(self, m: Row) -> None:
        if isinstance(m, NamedRow):  # a held row: its values by position
            rule, figures, article = (_BY_POSITION.get(type(m))
                                      or _positions(type(m)))
            values = tuple(m)
            key, figs, article_id = rule(values), figures(values), values[article]
        else:
            try:
                key, figs = _rule_values(m), _figure_values(m)
            except KeyError:  # a partial row (library callers): missing columns are None
                key = tuple(m.get(c) for c in _RULE_COLUMNS)
                figs = tuple(m.get(c) for c in FIGURE_COLUMNS)
            article_id = m["article_id"]
        kind = self.kinds.get(key)
        if kind is None:
            kind = self.kinds[key] = (m, set())
        kind[1].add(figs)
        self.articles.add(article_id)

    def probe(self, key: tuple[object, ...], kind: tuple[Row, Any]) -> Probe | None:
        p = self.probes.get(id(kind), self.probes)
        if p is self.probes:
            p = self.probes[id(kind)] = kind_probe(key, kind[0])
        return p  # type: ignore[return-value]

    def append(self, m: Row) -> None:
        self.members.append(m)
        self._note(m)


class _Merger:
    def __init__(self) -> None:
        self.clusters: dict[str, _Cluster] = {}
        self.index = BlockIndex()
        self.retired: dict[str, str] = {}
        self._keys: dict[int, tuple[Any, ...]] = {}  # id(row) -> sort_key(row), rows held

    def key(self, row: Row) -> tuple[Any, ...]:
        """:func:`sort_key` of a row of this merge, computed once."""
        k = self._keys.get(id(row))
        if k is None:
            k = self._keys[id(row)] = sort_key(row)
        return k

    def add_stored(self, event_id: str, members: list[Row]) -> None:
        """A stored event; ``members`` in :func:`sort_key` order."""
        anchor = next((m for m in members if m["mention_id"] == event_id), members[0])
        cl = _Cluster(event_id, anchor, members, stored=True)
        self.clusters[event_id] = cl
        for m, _ in cl.kinds.values():  # members of one kind have the same index entries
            self.index.add(cl, m)

    def _scored(self, row: Row) -> list[tuple[int, _Cluster]]:
        """Candidate clusters with the best affinity of a compatible member (``row`` is
        mergeable): :func:`compatible` and :func:`base_affinity` through probes."""
        probe = probe_of(row)
        out = []
        for cl in self.index.candidates(row):
            if row["article_id"] in cl.articles:
                continue  # the coder already told the events of one article apart
            scores = [probe.base_affinity(p) + max(figures_affinity(row, f) for f in kind[1])
                      for key, kind in cl.kinds.items()
                      if (p := cl.probe(key, kind)) is not None and probe.compatible(p)]
            if scores:
                out.append((max(scores), cl))
        out.sort(key=lambda sc: (-sc[0], self.key(sc[1].anchor)))
        return out

    def _absorb(self, keep: _Cluster, gone: _Cluster) -> _Cluster:
        if self.key(gone.anchor) < self.key(keep.anchor):
            keep, gone = gone, keep
        self.index.remove(gone)
        for m in gone.members:
            keep.append(m)
            self.index.add(keep, m)
        keep.changed = True
        del self.clusters[gone.event_id]
        if gone.stored:
            self.retired[gone.event_id] = keep.event_id
        return keep

    def add_new(self, row: Row) -> None:
        target: _Cluster | None = None
        if is_mergeable(row):
            scored = self._scored(row)
            if scored:
                target = scored[0][1]
                if row.get("modality") in CREDIBLE_MODALITIES:
                    for score, other in scored[1:]:
                        if score >= BRIDGE_MIN_AFFINITY and other.event_id in self.clusters:
                            target = self._absorb(target, other)
        if target is None:
            target = _Cluster(str(row["mention_id"]), row, [])
            self.clusters[target.event_id] = target
        target.append(row)
        target.changed = True
        self.index.add(target, row)


def _final(retired: dict[str, str], eid: str) -> str:
    while eid in retired:
        eid = retired[eid]
    return eid


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
    members of the events in :func:`blocking_keys`. Returns the assignments, the rows of every
    event that is new or changed and the events retired into others.
    """
    cols = list(event_columns)
    merger = _Merger()
    by_event: dict[str, list[Row]] = defaultdict(list)
    for m in existing:
        by_event[str(m["event_id"])].append(m)
    for members in by_event.values():
        members.sort(key=merger.key)
    for eid, members in sorted(by_event.items(), key=lambda kv: merger.key(kv[1][0])):
        merger.add_stored(eid, members)
    new_ids_in = set()
    for m in sorted(new, key=merger.key):
        new_ids_in.add(str(m["mention_id"]))
        merger.add_new(m)
    result = MergeResult({}, [])
    result.retired = {eid: _final(merger.retired, eid) for eid in merger.retired}
    for cl in merger.clusters.values():
        if not cl.changed:
            continue
        triggers = []
        for m in cl.members:
            mid = str(m["mention_id"])
            if mid in new_ids_in:
                result.assignments[mid] = cl.event_id
                triggers.append(mid)
            elif str(m["event_id"]) != cl.event_id:
                result.reassigned[mid] = cl.event_id
                triggers.append(mid)
        result.triggers[cl.event_id] = sorted(triggers)
        result.events.append(summarise(cl.event_id, cl.anchor, cl.members, cols,
                                       key=merger.key))
        (result.updated_event_ids if cl.stored else result.new_event_ids).add(cl.event_id)
    return result
