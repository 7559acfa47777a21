"""Skip regular expressions that cannot match a text, and find matches from literal starts.

``TextIndex`` answers "could this pattern match this text?" for many patterns over one text:
a pattern runs only when one of its needles (regex_literals.derive_needles) may occur in the
text, judged from the text's three-letter pieces. ``TextIndex.finditer`` gives exactly what
``rx.finditer(text)`` gives, but tries the pattern only where one of its leading literals
(regex_literals.derive_leads) occurs instead of at every position. Both fall back to running
the pattern as before when the pattern yields no literals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .regex_literals import derive_leads, derive_needles

Grams = frozenset[tuple[str, str, str]]
Plan = tuple[tuple[Grams | None, str], ...]
_PLANS: dict[tuple[int, bool], tuple[re.Pattern[str], Plan | None]] = {}
_LEADS: dict[int, tuple[re.Pattern[str], Plan | None]] = {}
_MAX_CACHED = 100_000


def _grams(s: str) -> Grams | None:
    return frozenset(zip(s, s[1:], s[2:], strict=False)) if len(s) >= 3 else None


def _make_plan(ns: tuple[str, ...] | None, folded: bool) -> Plan | None:
    if ns is None or (folded and not all(n.isascii() for n in ns)):
        return None
    # an ASCII needle in a text is its lower-case form in the text lower-cased letter by
    # letter (sentences.lower_same_length); other letters may change with their context
    return tuple((_grams(n), n) for n in (n.lower() if folded else n for n in ns))


def needle_plan(rx: re.Pattern[str], folded: bool = False) -> Plan | None:
    """The needles of ``rx`` with their three-letter pieces, derived once per pattern."""
    key = (id(rx), folded)
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is rx:
        return hit[1]
    plan = _make_plan(derive_needles(rx), folded)
    if len(_PLANS) < _MAX_CACHED:
        _PLANS[key] = (rx, plan)
    return plan


def lead_plan(rx: re.Pattern[str]) -> Plan | None:
    """The leading literals of ``rx`` with their three-letter pieces, derived once."""
    hit = _LEADS.get(id(rx))
    if hit is not None and hit[0] is rx:
        return hit[1]
    plan = _make_plan(derive_leads(rx), False)
    if len(_LEADS) < _MAX_CACHED:
        _LEADS[id(rx)] = (rx, plan)
    return plan


def may_match(rx: re.Pattern[str], text: str) -> bool:
    """False only when ``rx`` cannot match anywhere in ``text``."""
    plan = needle_plan(rx)
    return plan is None or any(n in text for _g, n in plan)


class TextIndex:
    """The three-letter pieces of one text, to tell many patterns cheaply that they cannot
    match it. ``may_match`` never says False for a pattern that matches."""

    __slots__ = ("text", "grams", "_memo")

    def __init__(self, text: str) -> None:
        self.text = text
        self.grams = set(zip(text, text[1:], text[2:], strict=False))
        self._memo: dict[tuple[int, bool], tuple[re.Pattern[str], bool]] = {}

    def may_match(self, rx: re.Pattern[str], folded: bool = False) -> bool:
        """Could ``rx`` match this text (``folded``: could it match the text this one is the
        letter-by-letter lower-case form of)?"""
        key = (id(rx), folded)
        got = self._memo.get(key)
        if got is not None and got[0] is rx:
            return got[1]
        ok = self._any(needle_plan(rx, folded))
        self._memo[key] = (rx, ok)
        return ok

    def _any(self, plan: Plan | None) -> bool:
        if plan is None:
            return True
        grams, text = self.grams, self.text
        for g, n in plan:
            if (g <= grams) if g is not None else (n in text):
                return True
        return False

    def finditer(self, rx: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Exactly ``rx.finditer(self.text)``, trying ``rx`` only where a match can start."""
        text = self.text
        if not self.may_match(rx):
            return iter(())
        plan = lead_plan(rx)
        if plan is None:
            return rx.finditer(text)
        grams = self.grams
        starts: set[int] = set()
        for g, lead in plan:
            if g is not None and not g <= grams:
                continue
            i = text.find(lead)
            while i >= 0:
                starts.add(i)
                i = text.find(lead, i + 1)
        return _matches_from(rx, text, sorted(starts))


def _matches_from(rx: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    # Every match starts with a non-empty lead, so the leftmost match at or after ``pos`` is
    # the first start there where the pattern matches; matches are never empty.
    pos = 0
    for s in starts:
        if s < pos:
            continue
        m = rx.match(text, s)
        if m is not None:
            yield m
            pos = m.end()
