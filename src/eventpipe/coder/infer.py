"""Actors and countries the text implies but does not state: the perpetrator of an article's
dyad, the country its actors point to."""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

from .actors import Actor
from .mentions import ArticleContext
from .parties import is_source


def infer_actor1(ctx: ArticleContext, a2: Actor | None, res: Any,
                 non_state: bool = False) -> Actor | None:
    """Perpetrator from the article's dyad: the other armed party named in the article (none in
    US local news: its police answer the call, its shootings have no dyad; with ``non_state``,
    for a planted bomb, no state force: the police who arrest suspects did not plant it)."""
    if ctx.chooser.us_news:
        return None
    cands: Counter[tuple[str, str | None]] = Counter()
    proto: dict[tuple[str, str | None], Actor] = {}
    starts = [s.start for s in ctx.sentences]
    for a in ctx.all_actors:
        if not a.armed or a.weak or (non_state and a.state):
            continue
        sent_start = starts[max(0, bisect.bisect_right(starts, a.start) - 1)] if starts else 0
        if is_source(ctx.low, a, sent_start):
            continue  # ", police said": who reports it, not who did it
        if a2 is not None and (a.key() == a2.key() or (a.state and a2.state
                                                         and a.iso3 == a2.iso3)):
            continue
        if a.state and a.iso3 is None and (a2 is None or a2.state):
            continue  # ("the junta", "its troops" face civilians: the event country's forces)
        if not a.named and not a.state:
            continue
        cands[a.key()] += 1
        proto.setdefault(a.key(), a)
    if a2 is not None and a2.state and a2.iso3 and not non_state:
        for iso, n in ctx.chooser.iso_votes.items():
            if iso != a2.iso3 and n >= 2:
                key = ("Military Forces of {country}", iso)
                cands[key] += int(n)
                proto.setdefault(key, Actor(-1, -1, key[0], 1, "MIL", iso, True, False,
                                            state=True))
    if not cands:
        return None
    top = cands.most_common(2)
    if len(top) > 1 and top[0][1] == top[1][1]:
        return None
    return proto[top[0][0]]


def implied_country(ctx: ArticleContext, res: Any) -> str | None:
    """The country most often implied by the article's actors ("Afghan forces", "Somali")."""
    votes: dict[str, int] = {}
    for a in ctx.all_actors:
        if a.iso3:
            votes[a.iso3] = votes.get(a.iso3, 0) + 1
    return max(votes, key=lambda k: votes[k]) if votes else None
