"""An incident's count of killed or wounded from the counts of its mentions.

Each victim group is counted once, with the largest figure any mention gives it, and distinct
groups are added ("two police officers and four villagers died" = 6). A toll that counts every
group at once stands for them when it is at least their sum; a group another sentence restates
under another name with the same figure is counted once. A figure given as an early report
("initial reports said one person had died; later ...") gives way to the incident's other
figures, and a side's claim of more dead in a group than the report gives is left aside.
"""

from __future__ import annotations

import re

from .counts import TOTAL, Count
from .mentions import Mention

# "initial reports said ...", "an early report put the toll at ...", "the army had said ...": a
# figure given way to
_EARLY_REPORT = re.compile(r"\b(?:initial(?:ly)?|early|earlier|first|preliminary|original(?:ly)?)"
                           r"\s+(?:[\w'’-]+\s+){0,4}?(?:reports?|reported|figures?|tolls?|"
                           r"said|put|gave)\b[^;.]*$|"
                           # "the army had said six soldiers died": what it said before
                           r"\bhad\s+(?:earlier\s+|first\s+)?(?:said|reported|put|given|"
                           r"announced)\b[^;.]*$")


def _early_figures(mentions: list[Mention], kind: str, low: str) -> set[int]:
    """ids of the counts of ``kind`` an early report gave, when the incident has others."""
    early = {id(c) for m in mentions for c in m.counts if c.kind == kind and low and
             _EARLY_REPORT.search(low, max(m.sent.start, c.start - 90), c.start)}
    rest = [c for m in mentions for c in m.counts if c.kind == kind and id(c) not in early]
    return early if rest else set()


_SELF = re.compile(r"\b(?:him|her)self\b")
_ACCIDENT = re.compile(r"\baccident(?:al|ally)?\b")


def _accidental_self(mentions: list[Mention], kind: str, low: str) -> set[int]:
    """ids of the shooter's own counts in an accident told beside the victim's count of one (a
    boy dead "when his father's rifle went off ... he shot himself ... an accident"): one
    person, not a victim and a shooter."""
    if not low or not any(_ACCIDENT.search(low, m.sent.start, m.sent.end) for m in mentions):
        return set()
    selfs = {id(c) for m in mentions for c in m.counts
             if c.kind == kind and c.group == "armed" and _SELF.search(low, c.start, c.end)}
    victims = [c for m in mentions for c in m.counts
               if c.kind == kind and id(c) not in selfs and c.group != "armed" and c.best == 1]
    return selfs if victims else set()


# "..., while local sources put the toll at 9", "..., but the group said that 14 had died":
# another source's figure for the same dead
_RIVAL_BEFORE = re.compile(r"\b(?:while|but|whereas|although|though)\s+(?:[\w'’()-]+\s+){0,6}?"
                           r"(?:put|puts|placed|gave|said|says|claimed|claims|reported|estimated|"
                           r"counted)\s+(?:that\s+)?(?:[\w'’-]+\s+){0,4}?$|"
                           r"\b(?:put|puts|placed|places|estimated|estimates)\s+(?:the|their|its)\s+$")


def _in_order(mentions: list[Mention], kind: str) -> list[Count]:
    """The incident's counts of ``kind`` in text order."""
    return sorted((c for m in mentions for c in m.counts if c.kind == kind),
                  key=lambda c: c.start)


def _told_before(rx: re.Pattern[str], low: str, c: Count) -> bool:
    """``rx`` matches what the count's sentence says right before it (at most 90 characters)."""
    return bool(low) and rx.search(
        low, max(0, c.start - 90, low.rfind(".", 0, c.start) + 1), c.start) is not None


def _rivals(mentions: list[Mention], kind: str, low: str) -> list[Count]:
    """Counts that give another source's figure for dead or wounded already counted before
    them: alternatives, not more victims."""
    return [c for c in _in_order(mentions, kind)[1:] if _told_before(_RIVAL_BEFORE, low, c)]


# "the group claimed that 25 soldiers had died", "claimed to have killed 30 policemen",
# "asserting in a statement that dozens of soldiers had been killed": a side's claim
_CLAIMED_BEFORE = re.compile(r"\b(?:claim|boast|assert|insist)(?:ed|ing|s)?\s+(?:(?:in|on|through|"
                             r"via)\s+(?:[\w'’-]+\s+){0,4}?)?(?:that|to\s+have)\s+"
                             r"(?:[\w'’-]+\s+){0,4}?$")
_FORCES = frozenset({"military", "police"})


def _inflated_claims(mentions: list[Mention], kind: str, low: str) -> set[int]:
    """ids of the counts a side claims for a group the report has already given a smaller
    figure for ("one soldier was killed ... the PKK claimed that 25 soldiers had died")."""
    counts = _in_order(mentions, kind)
    return {id(c) for i, c in enumerate(counts) if i and _told_before(_CLAIMED_BEFORE, low, c)
            and any((o.group == c.group or {o.group, c.group} <= _FORCES) and o.best < c.best
                    for o in counts[:i])}


def _lowest(val: tuple[int | None, int | None, int | None],
            rival: Count) -> tuple[int | None, int | None, int | None]:
    """Two sources' figures: the lower is the best (ACLED's conservative figure), the range
    spans both."""
    lo, best, hi = val
    if best is None:
        return rival.low, rival.best, rival.high
    lows = None if lo is None or rival.low is None else min(lo, rival.low)
    highs = None if hi is None or rival.high is None else max(hi, rival.high)
    return lows, min(best, rival.best), highs


def combine_counts(mentions: list[Mention], kind: str, low: str = "") -> tuple[
        int | None, int | None, int | None]:
    """Each victim group counted once (largest report), distinct groups added; another
    source's figure for the same victims lowers the best figure to the lower of the two."""
    early = _early_figures(mentions, kind, low)  # a figure given way to is no rival
    rivals = [c for c in _rivals(mentions, kind, low) if id(c) not in early]
    val = _combine(mentions, kind, low, {id(c) for c in rivals})
    for r in rivals:
        val = _lowest(val, r)
    return val


def _combine(mentions: list[Mention], kind: str, low: str, rivals: set[int]) -> tuple[
        int | None, int | None, int | None]:
    per_group: dict[str, Count] = {}
    sent_of: dict[str, int] = {}
    early = _early_figures(mentions, kind, low) | _accidental_self(mentions, kind, low) | \
        rivals | _inflated_claims(mentions, kind, low)
    for m in mentions:
        sent_groups: dict[str, list[Count]] = {}
        for c in m.counts:
            # "two militants were also killed": others than those before
            if c.kind == kind and id(c) not in early:
                key = c.group + (f" {m.sent.index}" if c.also and (
                    c.group == "armed" or kind == "killed") else "")
                sent_groups.setdefault(key, []).append(c)
        for g, cs in sent_groups.items():
            lo = None if any(c.low is None for c in cs) else sum(c.low or 0 for c in cs)
            hi = None if any(c.high is None for c in cs) else sum(c.high or 0 for c in cs)
            total = Count(kind, lo, sum(c.best for c in cs), hi, cs[0].group, cs[0].start,
                          cs[-1].end, all(c.explicit_zero for c in cs))
            prev = per_group.get(g)
            if prev is None or total.best > prev.best:
                per_group[g], sent_of[g] = total, m.sent.index
    if not per_group:
        return None, None, None
    toll = per_group.pop(TOTAL) if TOTAL in per_group else None
    groups = _restated([(c, sent_of[g]) for g, c in per_group.items()])
    best = sum(c.best for c in groups)
    lo = None if any(c.low is None for c in groups) else sum(c.low or 0 for c in groups)
    hi = None if any(c.high is None for c in groups) else sum(c.high or 0 for c in groups)
    if toll is not None and (not groups or toll.best >= best):
        return toll.low, toll.best, toll.high  # a toll counts every group at once
    return lo, best, hi


def _restated(groups: list[tuple[Count, int]]) -> list[Count]:
    """Groups (with their sentence) without one that another sentence restates under another
    name with the same figure ("26 fighters were killed ... 16 rebels and 10 soldiers died":
    26, not 52)."""
    out: list[tuple[Count, int]] = []
    for c, sent in groups:
        if c.best >= 3 and any(o.best == c.best and o_sent != sent for o, o_sent in out):
            continue
        out.append((c, sent))
    return [c for c, _ in out]
