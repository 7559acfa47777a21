"""Sentence-level count rules that need the story around a figure, beside ``counts``.

* "Four people were shot, one fatally" / "two were shot, one of whom died": the fatal part is
  a killed count; the caller splits the rest of the shot count into wounded.
* Cumulative figures ("the war has claimed more than 70,000 lives", "1,300 policemen have been
  killed in the last three years", "during October 120 civilians were killed") describe a
  period, never one incident's toll.
* So do figures over a date range ("from 1 November to 31 January"), plural victims "since 2
  January", tallies of acts "since the governor took office", thousands with no day of their
  own, and hundreds who "have been killed" with none.
"""

from __future__ import annotations

import re
from typing import Any

from .counts import TOTAL, Count
from .counts_rules import number
from .number_context import _MONTHS

_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10}
_FATAL_PART = re.compile(
    r"\b(?:shot|wounded|struck|hit|hitting)\b[^.;]{0,60}?,\s*(?:and\s+)?"
    r"(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:of\s+(?:them|whom)\s+)?(?:(?:was|were)\s+)?"
    r"(?:fatally|(?:later\s+)?died|killed)\b")
_CUMULATIVE = re.compile(
    r"\b(?:(?:over|in|during|for|throughout)\s+(?:the\s+|a\s+)?(?:last\s+|past\s+)?"
    r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|several|many)[- ]"
    r"(?:years?|months?|decades?)\b|since\s+(?:(?:19|20)\d\d|the\s+(?:start|beginning))|"
    r"so\s+far\s+this|to\s+date|(?:has|have)\s+(?:already\s+)?(?:claimed|cost)\b|"
    r"(?:the|this|a)\s+(?:civil\s+)?war\b[^.;]{0,40}?\b(?:has|have|had|which)\b|"
    r"has\s+lasted|in\s+recent\s+years|for\s+(?:many\s+|several\s+|some\s+)?(?:years|decades)\b|"
    r"over\s+the\s+(?:years|decades)\b|every\s+year|each\s+year|a\s+year\b(?!-)|"
    r"(?:during|throughout)\s+(?:the\s+month\s+of\s+)?(?:january|february|march|april|may|june|"
    r"july|august|september|october|november|december)\b|"
    r"since\s+the\s+(?:\w+\s+)?(?:offensive|campaign|war|conflict|fighting|uprising)\s+"
    r"(?:began|started|broke\s+out))")


def fatal_part(low: str, counts: list[Count], offset: int) -> list[Count]:
    """Killed counts of "shot, one fatally" clauses when the sentence has none."""
    if any(c.kind == "killed" and c.best > 0 for c in counts):
        return []
    out = []
    for m in _FATAL_PART.finditer(low):
        word = m.group("n")
        n = int(word) if word.isdigit() else _NUM[word]
        out.append(Count("killed", n, n, n, "civilian", offset + m.start("n"),
                         offset + m.end(), False))
    return out


def cumulative(low: str) -> bool:
    """The sentence reports a total over a period (a statistic), not one incident's toll."""
    return _CUMULATIVE.search(low) is not None


_MONTH = _MONTHS + r"[a-z]*\.?"
_DAY_MONTH = rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)"
# "from 1 November to 31 January", "between Jan. 1 and Dec. 31 last year": a period
_DATE_RANGE = re.compile(rf"\bfrom\s+{_DAY_MONTH}(?:,?\s+\d{{4}})?\s+(?:to|until|through)\s+"
                         rf"{_DAY_MONTH}|\bbetween\s+{_DAY_MONTH}(?:,?\s+\d{{4}})?\s+and\s+"
                         rf"{_DAY_MONTH}")
# "740 peasants have been kidnapped since 2 January", "200 died in clashes since 2 May": a total
# since a day, not one incident
_SINCE_DAY = re.compile(r"\b(?:ha(?:s|ve) (?:been )?\w+ (?:[\w,]+ ){0,6}?|(?:in|during) (?:the )?"
                        r"(?:clashes|fighting|combat|attacks|operations|hostilities) )since "
                        r"(?:\d{1,2} )?"
                        r"(?:january|february|march|april|may|june|july|august|september|"
                        r"october|november|december)\b")
_PERFECT_PLURAL = re.compile(r"\bhave\s+(?:\w+\s+)?been\s+(?:killed|murdered|massacred|kidnapped|"
                             r"abducted|disappeared|tortured|executed|wounded|injured)\b")


_PERFECT_TOLL = re.compile(r"\b(?:has|have)\s+(?:so far\s+|now\s+)?(?:left|killed|claimed|cost|"
                           r"inflicted|caused)\b")


def _big_toll(s_low: str, counts: list[Count], d: Any) -> bool:
    """A country's or a war's toll, not an incident's: thousands with no day of their own, or
    hundreds who "have been killed" with none."""
    big = max((c.best for c in counts if not c.explicit_zero), default=0)
    if big >= 1000 and _PERFECT_TOLL.search(s_low):
        return True  # "a push launched 12 days ago has so far left 1,200 dead"
    if d is not None and d.value is not None and d.precision == 1:
        return False
    return big >= 1000 or (big >= 100 and _PERFECT_PLURAL.search(s_low) is not None)


# "there have been 6 murders, 11 cases of torture ... since the governor took office": a tally
# of acts over a period, from whatever day it is counted
_TALLY = re.compile(r"\bthere\s+(?:have|has|had)\s+been\s+(?:at\s+least\s+|more\s+than\s+|"
                    r"over\s+|some\s+)?(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|"
                    r"dozens|scores|hundreds)\s+(?:[a-z]+\s+)?(?:murders|killings|assassinations|"
                    r"attacks|bombings|kidnappings|abductions|massacres|disappearances|cases)\b"
                    r"[^.;]*?\bsince\b")


def period_total(s_low: str, counts: list[Count], d: Any) -> bool:
    """The sentence gives a total over a period or a war, not one incident's toll."""
    if _big_toll(s_low, counts, d) or _TALLY.search(s_low):
        return True
    if _PERFECT_TOLL.search(s_low) and re.search(r"\bsince\b", s_low):
        return True  # "attacks which have left 163 victims since the summit on 31 May"
    since = _SINCE_DAY.search(s_low)
    if since is not None and since.group().startswith("have"):
        return True  # plural victims since a day
    return (_DATE_RANGE.search(s_low) is not None or since is not None) and \
        any(c.best > 1 for c in counts)


# "four Afghan Local Police (ALP) officers": an acronym in brackets inside a counted group
_BRACKET_ACRONYM = re.compile(r"\s\([a-z][a-z0-9.-]{1,7}\)(?=\s[a-z])")
_COUNTED_BEFORE = re.compile(r"\b(?:\d{1,4}|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                             r"twelve|several|dozens)\s+(?:[a-z'’-]+\s+){0,3}?[a-z'’-]+$")
_ONE_BEFORE = re.compile(r"\b(?:killed|killing|murdered|executed|assassinated|shot\s+dead)\s+"
                         r"(?:an?|one)\s+(?:[a-z'’-]+\s+){0,3}?[a-z'’-]+$")


def without_acronyms(s_low: str, single: bool = False) -> str:
    """``s_low`` with such acronyms blanked (offsets kept), so the group reads as counted (with
    ``single``, the object of a killing: "shot dead a Border Police (BP) sergeant")."""
    if "(" not in s_low:
        return s_low
    before = _ONE_BEFORE if single else _COUNTED_BEFORE
    return _BRACKET_ACRONYM.sub(
        lambda m: " " * len(m.group()) if before.search(
            s_low, max(0, m.start() - 50), m.start()) else m.group(), s_low)


# "protested against the killing of a youth by police", "rioted after police shot two men",
# "angered by the killing of a teenager": the deaths are the demonstration's reason, not its toll
_REASON_CLAUSE = re.compile(
    r"\b(?:against|over|after|following|protesting|denouncing|condemning|demanding justice for|"
    r"in protest (?:at|of|against|over)|to (?:protest|denounce|condemn)|angry (?:at|over|about)|"
    r"(?:angered|outraged|incensed|enraged|infuriated) (?:by|at|over))\s+(?:[\w'’-]+\s+){0,6}?"
    r"(?:killings?|murders?|deaths?|shooting|killed|shot|assassination|lynching)\b[^,;.]*")


def reason_counts(s_low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` without those inside a demonstration's reason clause."""
    spans = [(offset + m.start(), offset + m.end()) for m in _REASON_CLAUSE.finditer(s_low)]
    if not spans:
        return counts
    return [c for c in counts if not any(s <= c.start < e for s, e in spans)]


# a side's claim of its own kills ("the militants said in a statement that they had killed 30
# soldiers", "a claim the army denied"): not a figure to prefer over an independent report
_OWN_CLAIM = re.compile(
    r"\b(?:said|says|claimed|claims|claiming|statement|boasted)\b[^.;]{0,80}?\b(?:they|it|its "
    r"(?:fighters|forces|men|militants))\s+(?:had\s+|have\s+)?(?:killed|shot dead|wounded)\b|"
    r"\ba claim (?:that )?(?:was )?(?:the )?(?:\w+ )?(?:rejected|denied|dismissed|disputed)\b")


# "officials said he had died of his injuries": one of the hurt told before has died since
_DIED_OF_WOUNDS = re.compile(r"\b(?:died|succumbed)\s+(?:of|to|from)\s+(?:his|her|their)\s+"
                             r"(?:injuries|wounds)\b|\b(?:had|has|have)\s+since\s+died\b")


# "two of the wounded had since died": the hurt told before, named as such
# ("one of them later died at a hospital", "two of the victims have since died")
_OF_THE_HURT_DIED = re.compile(r"\b(?P<n>one|two|three|four|five|six|\d{1,2})\s+of\s+(?:them|the\s+"
                               r"(?:wounded|injured|(?:[\w-]+\s+)?victims))\s+(?:(?:had|have|has)\s+)?"
                               r"(?:since\s+|later\s+|also\s+)?(?:died|succumbed)\b")


def died_of_wounds(mentions: list[Any], low: str) -> int:
    """How many of the hurt a later sentence of the incident says have died since: "two of the
    wounded had since died" always, other words only when the incident told no dead before."""
    hurt = [m for m in mentions if any(c.kind == "wounded" and c.best > 0 for c in m.counts)]
    if not hurt:
        return 0
    first = min(m.sent.index for m in hurt)
    named = [_OF_THE_HURT_DIED.search(low, m.sent.start, m.sent.end) for m in mentions
             if m.sent.index > first]
    if any(named):
        return sum(1 if x.group("n") == "one" else number(x.group("n"))
                   for x in {x.start(): x for x in named if x is not None}.values())
    if any(c.kind == "killed" and c.best > 0 for m in mentions if m.sent.index <= first
           for c in m.counts):
        return 0  # "one dead, three others injured ... Doe died from his injuries": told
    return sum(c.best for m in mentions if m.sent.index > first and not any(
        c.kind == "wounded" for c in m.counts) and _DIED_OF_WOUNDS.search(
            low, m.sent.start, m.sent.end) for c in m.counts if c.kind == "killed")


def less_died(own: tuple[Any, Any, Any], died: int) -> tuple[Any, Any, Any]:
    """The hurt figure less those who died of their wounds since (never below zero)."""
    if not died or own[1] is None or own[1] <= died:
        return own
    return tuple(None if v is None else max(0, v - died) for v in own)  # type: ignore[return-value]


def claimed_kills(mentions: list[Any], low: str) -> set[int]:
    """ids of the mentions whose figures are a side's claim of its own kills, when another
    mention of the incident gives figures of its own (ACLED takes the conservative report)."""
    claimed = {id(m) for m in mentions if m.counts and _OWN_CLAIM.search(
        low, m.sent.start, m.sent.end)}
    if claimed and any(m.counts and id(m) not in claimed for m in mentions):
        return claimed
    return set()


_TOLL_BEFORE = re.compile(r"\btoll\s+(?:\w+\s+){0,3}?(?:stands|stood|rose|risen|climbed|is|was)\s+"
                          r"(?:at|to)\s+$")


def raised_toll(mentions: list[Any], kind: str, best: int, low: str = "") -> Count | None:
    """A toll above ``best`` told in an aftermath sentence joined to the incident ("two of the
    wounded had since died, bringing the number of dead to four", "the toll now stands at 11
    dead"): the incident's last figure."""
    tolls = [c for m in mentions if m.extra.get("absorbed") for c in m.counts
             if c.kind == kind and c.best > best and (c.group == TOTAL or _TOLL_BEFORE.search(
                 low, max(m.sent.start, c.start - 40), c.start))]
    return max(tolls, key=lambda c: c.best, default=None)


# "At least 430 civilians were killed in those attacks": the acts a statistic just counted
_THOSE_ACTS = re.compile(r"\b(?:in|during|by|from) (?:those|these|such) (?:[\w-]+ )?(?:attacks|"
                         r"strikes|raids|bombings|incidents|clashes|operations|killings)\b")


def statistic(s_low: str, ctx: Any, index: int, rx: re.Pattern[str]) -> bool:
    """The sentence gives a statistic, or counts the victims of the acts the sentence before
    it gave as one."""
    if rx.search(s_low):
        return True
    if index == 0 or not _THOSE_ACTS.search(s_low):
        return False
    prev = ctx.sentences[index - 1]
    return rx.search(ctx.low[prev.start:prev.end]) is not None
