"""Deaths the usual count patterns miss: a part of a group the sentence does not count ("one
of the attackers was killed", "a policeman and one of the gunmen were killed in the exchange of
fire"), fighters a communique says were "neutralised", a toll told the other way round
("bringing to two the number of dead"), a group added by "as were" ("14 rebels were killed,
as were two soldiers"), and a killing told of a definite group without a figure ("the union
organisers were killed in ...": harm, with the figure left NULL).

The usual count patterns read a number and its noun ("two soldiers were killed"); a partitive
("one of the attackers") has no number of its own group, and a group coordinated before it
("a policeman and ...") is cut off from its verb. Each part is a distinct group: the
attackers are not the police. Only when the sentence counts no dead of its own, and only
with the verb right after the group ("one of the gunmen opened fire and a woman was killed"
is not the gunman's death).
"""

from __future__ import annotations

import re

from .counts import TOTAL, Count, _group
from .counts_rules import _PERSON, _WORDS, number

_K = r"(?P<k>one|two|three|four|five)"
_NUM0 = r"(?P<n0>\d{1,2}|a|an|one|" + "|".join(_WORDS) + r")"
_NOUN = r"(?:(?:" + _PERSON + r")s?|[a-z]*m[ae]n|people|police|troops|personnel)"
_PARTITIVE_KILLED = re.compile(
    r"(?:(?<![\w-])" + _NUM0 + r"\s+(?P<w0>(?:[a-z-]+\s+){0,2}?" + _NOUN + r")\s+and\s+)?"
    r"(?<![\w-])" + _K + r"\s+of\s+(?:the|those|these|their)\s+(?P<w>(?:[a-z-]+\s+){0,2}?"
    + _NOUN + r")\s+(?:was|were)\s+(?:also\s+)?(?:killed|shot\s+dead)\b")


def _value(word: str) -> int:
    return 1 if word in ("a", "an", "one") else number(word)


def partitive_killed(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with the dead of "one of the attackers was killed" (and of a group
    coordinated before it) when the sentence counts no dead."""
    if " of " not in low or any(c.kind == "killed" for c in counts):
        return counts
    m = _PARTITIVE_KILLED.search(low)
    if m is None:
        return counts
    out = list(counts)
    if m.group("n0"):
        n0 = _value(m.group("n0"))
        out.append(Count("killed", n0, n0, n0, _group(m.group("w0")), offset + m.start(),
                         offset + m.start("k"), False))
    k = _value(m.group("k"))
    out.append(Count("killed", k, k, k, _group(m.group("w")), offset + m.start("k"),
                     offset + m.end(), False))
    return out


# "troops \"neutralised\" 10 assailants": killed, in the words of army communiques (people only,
# not "neutralised six IEDs")
_NEUTRALISED = re.compile(
    r"\bneutrali[sz](?:ed|ing)[\"”]?\s+(?:[\"“]\s*)?(?:(?:at least|about|around|some|nearly|more "
    r"than|over)\s+)?(?P<n>\d{1,4}|" + "|".join(_WORDS) + r")\s+(?:[a-z-]+\s+)?(?P<w>assailants|"
    r"attackers|terrorists|militants|jihadists|insurgents|rebels|fighters|bandits|gunmen|"
    r"extremists|criminals|suspects|elements)\b")


def neutralised(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with the fighters "neutralised" when no count covers them."""
    m = _NEUTRALISED.search(low)
    if m is None or any(c.start < offset + m.end() and offset + m.start() < c.end
                        for c in counts):
        return counts
    n = _value(m.group("n"))
    return counts + [Count("killed", n, n, n, "armed", offset + m.start(), offset + m.end(),
                           False)]


# "..., bringing to two the number of dead in the attack": a toll, its figure first
_TOLL_FIRST = re.compile(
    r"\b(?:bringing|raising|brings|raises|brought|raised)\s+to\s+(?P<n>\d{1,4}|one|"
    + "|".join(_WORDS) + r")\s+the\s+(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|"
    r"fatalities|victims|people\s+killed))\b")


def toll_first(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with a toll whose figure comes before it ("bringing to two the number of
    dead"), a count of everyone."""
    m = _TOLL_FIRST.search(low)
    if m is None:
        return counts
    n = _value(m.group("n"))
    return counts + [Count("killed", n, n, n, TOTAL, offset + m.start(), offset + m.end(),
                           False)]


# "14 terrorists were killed, as were two soldiers": another group of the same fate
_AS_WERE = re.compile(
    r"\b(?P<kind>killed|wounded|injured|dead)\s*,?\s+as\s+were\s+(?P<n>\d{1,4}|one|"
    + "|".join(_WORDS) + r")\s+(?P<w>(?:[a-z-]+\s+)?" + _NOUN + r")\b")


def as_were(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with the group "as were N <people>" adds to the figure before it."""
    m = _AS_WERE.search(low)
    if m is None or any(c.start <= offset + m.start("n") < c.end for c in counts):
        return counts
    n = _value(m.group("n"))
    kind = "wounded" if m.group("kind") in ("wounded", "injured") else "killed"
    return counts + [Count(kind, n, n, n, _group(m.group("w")), offset + m.start("n"),
                           offset + m.end(), False)]


def more_deaths(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with the deaths of this module's patterns."""
    counts = as_were(low, partitive_killed(low, counts, offset), offset)
    return toll_first(low, neutralised(low, counts, offset), offset)


# "the union organisers were killed in Soyapango": a killing told without a figure
_THE_VICTIMS_KILLED = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,3}?(?:[a-z]{3,}s|[a-z]*men|people|children)\s+(?:were|had\s+been|"
    r"have\s+been)\s+(?:\w+ly\s+)?(?:killed|murdered|massacred|executed|shot\s+dead|"
    r"assassinated)\b")


def victims_killed(low: str) -> bool:
    """A group named by its definite article was killed: harm, though no figure is given."""
    return _THE_VICTIMS_KILLED.search(low) is not None
