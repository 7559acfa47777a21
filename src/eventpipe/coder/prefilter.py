"""Skip regular expressions that cannot match a text, and find matches from literal starts.

``TextIndex`` answers "could this pattern match this text?" for many patterns over one text:
a pattern runs only when one of its needles (regex_literals.derive_needles) may occur in the
text, judged from the text's pieces (prefilter_scope.text_grams). ``TextIndex.finditer`` gives
exactly what ``rx.finditer(text)`` gives, but tries the pattern only where one of its leading
literals (regex_literals.derive_leads) occurs instead of at every position. Both fall back to
running the pattern as before when the pattern yields no literals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from .prefilter_rx import Prefiltered, prefilter_attributes, prefilter_module, prefiltered
from .prefilter_scope import Grams, NeedleSet, enter, matches_from, needle_set, text_grams
from .regex_literals import derive_leads, derive_needles


class Plan(NamedTuple):
    """Literals of a pattern, ready to look for (prefilter_scope.NeedleSet)."""

    needles: tuple[str, ...]  # all the literals
    found: NeedleSet


_PLANS: dict[tuple[int, bool], tuple[re.Pattern[str], Plan | None]] = {}
_LEADS: dict[tuple[int, bool], tuple[re.Pattern[str], Plan | None]] = {}
_MAX_CACHED = 100_000
T = TypeVar("T")


def _make_plan(ns: tuple[str, ...] | None, folded: bool) -> Plan | None:
    if ns is None or (folded and not all(n.isascii() for n in ns)):
        return None
    # an ASCII needle in a text is its lower-case form in the text lower-cased letter by
    # letter (sentences.lower_same_length); other letters may change with their context
    needles = tuple(dict.fromkeys(n.lower() if folded else n for n in ns))
    return Plan(needles, needle_set(needles))


def _cached_plan(cache: dict[tuple[int, bool], tuple[re.Pattern[str], Plan | None]],
                 derive: Callable[[re.Pattern[str]], Any], rx: re.Pattern[str],
                 folded: bool) -> Plan | None:
    key = (id(rx), folded)
    hit = cache.get(key)
    if hit is not None and hit[0] is rx:
        return hit[1]
    plan = _make_plan(derive(rx), folded)
    if len(cache) < _MAX_CACHED:
        cache[key] = (rx, plan)
    return plan


def needle_plan(rx: re.Pattern[str], folded: bool = False) -> Plan | None:
    """The needles of ``rx`` with their pieces, derived once per pattern."""
    return _cached_plan(_PLANS, derive_needles, rx, folded)


def lead_plan(rx: re.Pattern[str], folded: bool = False) -> Plan | None:
    """The leading literals of ``rx`` with their pieces, derived once."""
    return _cached_plan(_LEADS, derive_leads, rx, folded)


_NEEDLE_RES: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def _needle_regex(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """One pattern finding any needle of ``rx`` (case as written), derived once."""
    hit = _NEEDLE_RES.get(id(rx))
    if hit is not None and hit[0] is rx:
        return hit[1]
    ns = derive_needles(rx)
    got = None if ns is None else re.compile(
        "|".join(re.escape(n) for n in sorted(ns, key=len, reverse=True)))
    if len(_NEEDLE_RES) < _MAX_CACHED:
        _NEEDLE_RES[id(rx)] = (rx, got)
    return got


def may_match(rx: re.Pattern[str], text: str) -> bool:
    """False only when ``rx`` cannot match anywhere in ``text``."""
    plan = needle_plan(rx)
    return plan is None or any(map(text.__contains__, plan.needles))


class Entry(NamedTuple, Generic[T]):
    """One item of a list of patterned items, with its pattern's literals derived."""

    pos: int  # position in the list
    item: T
    rx: re.Pattern[str]
    needles: tuple[str, ...] | None  # None: always try
    plan: Plan | None
    leads: Plan | None


_WITH_NEEDLES: dict[int, tuple[object, list[Any]]] = {}


def with_needles(items: Sequence[T], pattern_of: Callable[[T], re.Pattern[str]]
                 ) -> list[Entry[T]]:
    """An ``Entry`` of each item, derived once per list."""
    got = _WITH_NEEDLES.get(id(items))
    if got is not None and got[0] is items and len(got[1]) == len(items):
        return got[1]  # the lexicon's lists are built once and not changed afterwards
    out: list[Entry[T]] = []
    for pos, it in enumerate(items):
        rx = pattern_of(it)
        plan = needle_plan(rx)
        out.append(Entry(pos, it, rx, None if plan is None else plan.needles, plan,
                         lead_plan(rx)))
    if len(_WITH_NEEDLES) < _MAX_CACHED:
        _WITH_NEEDLES[id(items)] = (items, out)
    return out


class ListPlan(NamedTuple):
    """The needles of every entry of a list, filed together, so that one look at a text tells
    which entries may match it and which of their needles occur (``TextIndex.select``)."""

    entries: list[Entry[Any]]
    firsts: frozenset[int]  # the filing pieces of all the long needles
    by_first: dict[int, tuple[tuple[Grams, str, int], ...]]  # piece -> (pieces, needle, pos)
    short: tuple[tuple[str, int], ...]  # (needle, pos) of the short needles


_LIST_PLANS: dict[int, tuple[object, ListPlan]] = {}


def list_plan(items: Sequence[T], pattern_of: Callable[[T], re.Pattern[str]]) -> ListPlan:
    """The ``ListPlan`` of ``with_needles(items)``, derived once per list."""
    got = _LIST_PLANS.get(id(items))
    if got is not None and got[0] is items and len(got[1].entries) == len(items):
        return got[1]
    entries = with_needles(items, pattern_of)
    by: dict[int, list[tuple[Grams, str, int]]] = {}
    short: list[tuple[str, int]] = []
    for e in entries:
        if e.plan is None:
            continue
        found = e.plan.found
        for r, filed in found.by_first.items():
            by.setdefault(r, []).extend((g, n, e.pos) for g, n in filed)
        short.extend((n, e.pos) for n in found.short)
    plan = ListPlan(entries, frozenset(by), {k: tuple(v) for k, v in by.items()}, tuple(short))
    if len(_LIST_PLANS) < _MAX_CACHED:
        _LIST_PLANS[id(items)] = (items, plan)
    return plan


class TextIndex:
    """The pieces of one text, to tell many patterns cheaply that they cannot
    match it. ``may_match`` never says False for a pattern that matches."""

    __slots__ = ("text", "grams", "_memo", "_lists", "_here", "_scope")

    def __init__(self, text: str, parts: Iterable[tuple[int, int]] = ()) -> None:
        self.text = text
        self.grams = text_grams(text)
        # the article being coded (prefilter_scope), with the parts (spans) its rules will
        # pass to patterns, such as its sentences
        self._scope = enter(text, self.grams, frozenset(text[a:b] for a, b in parts))
        self._memo: dict[tuple[int, bool], tuple[re.Pattern[str], bool]] = {}
        self._lists: dict[int, tuple[object, list[Any]]] = {}
        self._here: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}

    def select(self, items: Sequence[T], pattern_of: Callable[[T], re.Pattern[str]]
               ) -> list[Entry[T]]:
        """``with_needles(items)`` without the items whose pattern cannot match this text,
        each with only the needles that may occur in this text (a part of the text holds no
        other); computed once per list for this text."""
        got = self._lists.get(id(items))
        if got is not None and got[0] is items:
            return got[1]
        plan = list_plan(items, pattern_of)
        grams, contains = self.grams, self._scope.contains
        here: dict[int, list[str]] = {}  # entry position -> its needles in this text
        by = plan.by_first
        for r in plan.firsts.intersection(grams):
            for g, n, pos in by[r]:
                if g <= grams:
                    here.setdefault(pos, []).append(n)
        for n, pos in plan.short:
            if contains(n):
                here.setdefault(pos, []).append(n)
        keep = [e if e.plan is None else e._replace(needles=tuple(here[e.pos]))
                for e in plan.entries if e.plan is None or e.pos in here]
        self._lists[id(items)] = (items, keep)
        return keep

    def needles_here(self, rx: re.Pattern[str]) -> tuple[str, ...] | None:
        """The needles of ``rx`` that may occur in this text (None: ``rx`` has none, it may
        match anywhere): ``may_match(rx, part)`` for a part of this text is
        ``any(map(part.__contains__, needles_here(rx)))``."""
        got = self._here.get(id(rx))
        if got is not None and got[0] is rx:
            return got[1]
        plan = needle_plan(rx)
        here = None if plan is None else self._present(plan)
        self._here[id(rx)] = (rx, here)
        return here

    def _present(self, plan: Plan) -> tuple[str, ...]:
        found = plan.found
        return (*found.long_in(self.grams), *filter(self._scope.contains, found.short))

    def matches(self, entry: Entry[Any]) -> Iterator[re.Match[str]]:
        """Exactly ``entry.rx.finditer(self.text)`` for a selected entry."""
        if entry.leads is None:
            return entry.rx.finditer(self.text)
        return matches_from(entry.rx, self.text, self._starts(entry.leads))

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
        found = plan.found
        return found.any_long_in(self.grams) or any(map(self._scope.contains, found.short))

    def _starts(self, plan: Plan) -> list[int]:
        """Where one of the leads occurs in this text, in order."""
        text, found = self.text, plan.found
        if not found.short and found.firsts.isdisjoint(self.grams):
            return []
        starts: set[int] = set()
        for lead in (*found.long_in(self.grams), *filter(self._scope.contains, found.short)):
            i = text.find(lead)
            while i >= 0:
                starts.add(i)
                i = text.find(lead, i + 1)
        return sorted(starts)

    def finditer(self, rx: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Exactly ``rx.finditer(self.text)``, trying ``rx`` only where a match can start."""
        if not self.may_match(rx):
            return iter(())
        plan = lead_plan(rx)
        if plan is None:
            return rx.finditer(self.text)
        return matches_from(rx, self.text, self._starts(plan))

    def search_source(self, rx: re.Pattern[str], source: str) -> re.Match[str] | None:
        """Exactly ``rx.search(source)``, where this index is of ``source`` lower-cased letter
        by letter; ``rx`` is tried only where a match can start."""
        if not self.may_match(rx, folded=True):
            return None
        plan = lead_plan(rx, folded=True)
        if plan is None:
            exact = _needle_regex(rx)  # its needles as written: one quick scan of the source
            if exact is not None and exact.search(source) is None:
                return None
            return rx.search(source)
        for s in self._starts(plan):
            m = rx.match(source, s)
            if m is not None:
                return m
        return None


__all__ = ["Entry", "ListPlan", "Plan", "Prefiltered", "TextIndex", "lead_plan", "list_plan",
           "matches_from", "may_match", "needle_plan", "prefilter_attributes", "prefilter_module",
           "prefiltered", "with_needles"]
