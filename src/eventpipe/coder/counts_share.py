"""A toll shared by several related incidents, one of which the record is.

A report of one incident among several ("... one of three coordinated raids on posts around
the town") may give only the toll of them all ("Nine officers died across the three raids",
"... in the ensuing clashes"). Event data split such a toll evenly over the incidents (ACLED
notes "fatalities split across 2 events"; GTD gives each related attack its share), so each
record keeps its share: the total over their number, rounded to the nearest whole person
(low down, high up), and its notes say so. A toll the text gives for this incident alone ("in
this attack") is its own.
"""

from __future__ import annotations

import re
from typing import Any

from .counts_rules import _WORDS, number

_INCIDENTS = (r"(?:attacks|assaults|raids|ambushes|bombings|blasts|explosions|incidents|events|"
              r"abductions|kidnappings|strikes|shootings|clashes)")
# "one of (at least) three coordinated raids"
_ONE_OF = re.compile(r"\bone of (?:at least |the )?(?P<n>" + "|".join(_WORDS) + r"|\d{1,2}) "
                     r"(?:(?:related|coordinated|similar|simultaneous|separate|connected|linked|"
                     rf"consecutive|near-simultaneous)\s+)*{_INCIDENTS}\b")
# a toll over all of them: "across the three events", "in both attacks", "in the attacks",
# "in the ensuing clashes", "in total"
_OVER_ALL = re.compile(r"\bacross\b|\bin (?:both|all|these|the)(?: (?:two|three|four|five|six|"
                       r"seven|eight|nine|ten|\d{1,2}|related|coordinated|ensuing|subsequent|"
                       r"separate))* " + _INCIDENTS + r"\b|\bin total\b|\bcombined\b")
_OWN = re.compile(r"\b(?:this|that|the first|the second|the latter|the former) (?:attack|"
                  r"assault|raid|ambush|bombing|blast|explosion|incident|event)\b")


def share_of(ev: Any, low: str) -> int:
    """The number of related incidents whose shared toll the event's counts give (1: its own)."""
    one = _ONE_OF.search(low)
    if one is None:
        return 1
    n = number(one.group("n"))
    for m in ev.mentions:
        if not m.counts or m.sent.end <= one.start():
            continue  # a toll told before "one of ..." is this incident's own
        if _OVER_ALL.search(low, m.sent.start, m.sent.end) and \
                not _OWN.search(low, m.sent.start, m.sent.end):
            return n
    return 1


def shared(low_best_high: tuple[Any, Any, Any], n: int) -> tuple[Any, Any, Any]:
    """One incident's share of a toll over ``n`` incidents (low down, best nearest, high up)."""
    lo, best, hi = low_best_high
    if n <= 1 or not best:
        return lo, best, hi
    return (None if lo is None else lo // n, (2 * best + n) // (2 * n),
            None if hi is None else -(-hi // n))


def share_note(n: int) -> str:
    """What the record's notes say of a shared toll (empty for an incident's own)."""
    return f" [casualties: this incident's share of a toll over {n} related incidents]" \
        if n > 1 else ""
