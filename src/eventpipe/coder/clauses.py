"""Clauses of one sentence that report incidents in different places.

ACLED's atomicity: one event is one set of actors in one place on one day. A sentence such as
"a roadside bomb killed two civilians near X, and gunmen abducted a chief near Y" reports two
events; coding it as one would put both tolls in one place. A sentence is cut at a clause
boundary (a semicolon, ", and", ", while", "and, in a separate attack") only when every part
has an action of its own and a place of its own, and the places differ.
"""

from __future__ import annotations

import re
from typing import Any

from .sentences import Sentence

_BOUNDARY = re.compile(r";\s+|,\s+(?:and|while|whereas)\s+(?:,\s*)?|\s+and,\s+")
_ACTION_KINDS = frozenset({"violent", "casualty"})
_MIN_PART = 12  # characters: "and Y" alone is a list, not a clause


def clause_parts(ctx: Any, sent: Sentence) -> list[Sentence]:
    """The sentence itself, or its clauses when they report incidents in different places."""
    hits = ctx.hits_by_sent.get(sent.index)
    if not hits or len(hits) < 2:
        return [sent]
    cuts = [(m.start(), m.end()) for m in _BOUNDARY.finditer(ctx.low, sent.start, sent.end)]
    if not cuts:
        return [sent]
    starts = [sent.start] + [b for _a, b in cuts]
    ends = [a for a, _b in cuts] + [sent.end]
    kept: list[tuple[int, int]] = []
    for s, e in zip(starts, ends, strict=True):
        # a clause without an action and a place of its own joins the one before; an opening
        # clause without them joins the next
        if kept and (not _has_own(ctx, hits, s, e) or not _has_own(ctx, hits, *kept[-1])):
            kept[-1] = (kept[-1][0], e)
        else:
            kept.append((s, e))
    if len(kept) < 2:
        return [sent]
    locs = [ctx.chooser.choose(s, e) for s, e in kept]
    for i, loc in enumerate(locs):
        if loc is None or any(other is None or loc.same_place(other) for other in locs[i + 1:]):
            return [sent]
    return [Sentence(sent.index, s, e) for s, e in kept]


def _has_own(ctx: Any, hits: list[Any], s: int, e: int) -> bool:
    return e - s >= _MIN_PART and any(
        s <= h.start < e and h.trigger.kind in _ACTION_KINDS for h in hits) and \
        ctx.chooser.specific_in_span(s, e)


def part_hits(ctx: Any, sent: Sentence) -> list[Any]:
    hits = ctx.hits_by_sent.get(sent.index, [])
    if ctx.sentences[sent.index] is sent:
        return hits
    return [h for h in hits if sent.start <= h.start < sent.end]


def part_dates(ctx: Any, sent: Sentence) -> list[Any]:
    """The dates of a clause; a clause without one takes the sentence's dates before it
    ("On Sunday, a bomb killed two near X, and gunmen abducted a chief near Y")."""
    dates = ctx.dates_by_sent.get(sent.index, [])
    if ctx.sentences[sent.index] is sent:
        return dates
    own = [d for d in dates if sent.start <= d.start < sent.end]
    return own or [d for d in dates if d.start < sent.start]
