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
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from .regex_literals import derive_leads, derive_needles

Grams = frozenset[tuple[str, str, str]]
Plan = tuple[tuple[Grams | None, str], ...]
_PLANS: dict[tuple[int, bool], tuple[re.Pattern[str], Plan | None]] = {}
_LEADS: dict[int, tuple[re.Pattern[str], Plan | None]] = {}
_MAX_CACHED = 100_000
T = TypeVar("T")


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

    __slots__ = ("text", "grams", "_memo", "_lists")

    def __init__(self, text: str) -> None:
        self.text = text
        self.grams = set(zip(text, text[1:], text[2:], strict=False))
        self._memo: dict[tuple[int, bool], tuple[re.Pattern[str], bool]] = {}
        self._lists: dict[int, tuple[object, list[bool]]] = {}

    def active(self, items: Sequence[T], pattern_of: Callable[[T], re.Pattern[str]]
               ) -> list[bool]:
        """``may_match`` of each item's pattern, computed once per list for this text."""
        got = self._lists.get(id(items))
        if got is not None and got[0] is items:
            return got[1]
        flags = [self.may_match(pattern_of(it)) for it in items]
        self._lists[id(items)] = (items, flags)
        return flags

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


class Prefiltered:
    """A compiled pattern that first looks for its needles in the whole string it is given:
    the same answers as the pattern, without scanning strings it cannot match."""

    __slots__ = ("rx", "_needles")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        plan = needle_plan(rx)
        self._needles = None if plan is None else tuple(n for _g, n in plan)

    def _absent(self, string: str, pos: int, endpos: int) -> bool:
        ns = self._needles
        return (ns is not None and pos == 0 and endpos >= len(string)
                and not any(n in string for n in ns))

    def finditer(self, string: str, pos: int = 0,
                 endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if self._absent(string, pos, endpos):
            return iter(())
        return self.rx.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self._absent(string, pos, endpos):
            return []
        return self.rx.findall(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._absent(string, pos, endpos):
            return None
        return self.rx.search(string, pos, endpos)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rx, name)


def prefilter_attributes(obj: object) -> None:
    """Replace every compiled pattern among ``obj``'s attributes by its ``Prefiltered`` form
    (patterns without needles stay as they are)."""
    for name, value in list(vars(obj).items()):
        if isinstance(value, re.Pattern) and needle_plan(value) is not None:
            setattr(obj, name, Prefiltered(value))
