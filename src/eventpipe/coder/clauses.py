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

from .mention_dates import statement_date
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
    if len(kept) >= 2:
        locs = [ctx.chooser.choose(s, e) for s, e in kept]
        if all(loc is not None and not any(other is None or loc.same_place(other)
                                           for other in locs[i + 1:])
               for i, loc in enumerate(locs)):
            return [Sentence(sent.index, s, e) for s, e in kept]
    return _day_parts(ctx, sent, hits, starts, ends)


def _day_parts(ctx: Any, sent: Sentence, hits: list[Any], starts: list[int],
               ends: list[int]) -> list[Sentence]:
    """The clauses of a sentence that tell acts on different days ("militants killed three
    villagers late on Tuesday, and two officers died in a roadside bombing the next day"):
    each with an attack of its own and a day of its own that differs from the one before."""
    kept: list[tuple[int, int]] = []
    days: list[Any] = []
    dates = ctx.dates_by_sent.get(sent.index, [])
    for s, e in zip(starts, ends, strict=True):
        day = _own_day(ctx, hits, dates, s, e, not kept)
        if kept and (day is None or days[-1] is None):
            kept[-1] = (kept[-1][0], e)
            days[-1] = days[-1] or day
        else:
            kept.append((s, e))
            days.append(day)
    if len(kept) < 2 or any(d is None for d in days) or any(
            not b.step and a.value == b.value for a, b in zip(days, days[1:], strict=False)):
        return [sent]
    return [Sentence(sent.index, s, e) for s, e in kept]


def _own_day(ctx: Any, hits: list[Any], dates: list[Any], s: int, e: int, first: bool) -> Any:
    """The day a clause tells its own attack on, or None; after the first clause a death
    alone is no new act ("..., and two more died of their wounds on Tuesday")."""
    kinds = _ACTION_KINDS if first else ("violent",)
    if e - s < _MIN_PART or not any(s <= h.start < e and h.trigger.kind in kinds for h in hits):
        return None
    return next((d for d in dates
                 if s <= d.start < e and (d.value is not None and d.precision == 1 or d.step)
                 and not d.historical and not statement_date(ctx.low, d, True)), None)


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


def in_parentheses(low: str, h: Any, sent_start: int) -> bool:
    """An action word inside brackets ("gunmen (believed to be X, after earlier raids) shot"): an
    aside, not the sentence's act."""
    i = low.rfind("(", sent_start, h.start)
    return i != -1 and low.find(")", i, h.start) == -1
