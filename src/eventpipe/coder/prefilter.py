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
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import ModuleType
from typing import Any, Generic, NamedTuple, TypeVar

from .prefilter_scope import _CURRENT, NeedleSet, Scope, enter, needle_set, text_grams
from .regex_literals import derive_leads, derive_needles, lower_is_safe


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


class TextIndex:
    """The pieces of one text, to tell many patterns cheaply that they cannot
    match it. ``may_match`` never says False for a pattern that matches."""

    __slots__ = ("text", "grams", "_memo", "_lists", "_here")

    def __init__(self, text: str) -> None:
        self.text = text
        self.grams = text_grams(text)
        enter(text, self.grams)  # the article being coded (prefilter_scope)
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
        keep = [e if e.plan is None else e._replace(needles=self._present(e.plan))
                for e in with_needles(items, pattern_of) if self._any(e.plan)]
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
        return (*found.long_in(self.grams), *filter(self.text.__contains__, found.short))

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
        return found.any_long_in(self.grams) or any(map(self.text.__contains__, found.short))

    def _starts(self, plan: Plan) -> list[int]:
        """Where one of the leads occurs in this text, in order."""
        text, found = self.text, plan.found
        if not found.short and found.firsts.isdisjoint(self.grams):
            return []
        starts: set[int] = set()
        for lead in (*found.long_in(self.grams), *found.short):
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


def matches_from(rx: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """Exactly ``rx.finditer(text)`` when ``starts`` (ascending) holds every place where a
    match of ``rx`` may start and ``rx`` never matches the empty string."""
    # The leftmost match at or after ``pos`` is the first start there where the pattern
    # matches (every match starts at one of them).
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
    the same answers as the pattern, without scanning strings it cannot match. A pattern that
    ignores case is checked this way on strings whose letters are all ASCII
    (regex_literals.lower_is_safe). For a string that is part of the
    current article (prefilter_scope), only the needles that occur in the article are looked
    for (none: no match); those are remembered for the latest article (by its serial)."""

    __slots__ = ("rx", "_needles", "_fold", "_plain", "_items", "_at", "_here", "match",
                 "fullmatch")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.match = rx.match  # anchored: nothing to skip
        self.fullmatch = rx.fullmatch
        self._fold = bool(rx.flags & re.IGNORECASE)
        self._needles = derive_needles(rx, fold=self._fold)
        self._plain = not self._fold and self._needles is not None
        self._items = None if self._needles is None else needle_set(self._needles)
        self._at = -1  # serial of the scope ``_here`` was found for
        self._here: tuple[str, ...] = ()

    def _in_scope(self, scope: Scope) -> tuple[str, ...]:
        """The needles of this pattern that occur in the scope's text."""
        if self._at != scope.serial:
            self._here = scope.needles_in(self, self._items)  # type: ignore[arg-type]
            self._at = scope.serial
        return self._here

    def _skip(self, string: str) -> bool:
        """No match in the whole of ``string`` (a pattern with needles, case as written)."""
        scope = _CURRENT[0]
        if string is scope.part or (string is not scope.outside and scope.holds(string)):
            ns = self._here if self._at == scope.serial else self._in_scope(scope)
            return not ns or not any(map(string.__contains__, ns))
        return not any(map(string.__contains__, self._needles))  # type: ignore[arg-type]

    def _absent(self, string: str, pos: int, endpos: int) -> bool:
        ns = self._needles
        if ns is None or pos != 0 or endpos < len(string):
            return False
        if not self._fold:
            return self._skip(string)
        scope = _CURRENT[0]
        if string is scope.fold_src:  # the same string as the last time (many patterns)
            low, part = scope.fold_low, scope.fold_part
            if low is None:
                return False
        else:
            scope.fold_src, scope.fold_low = string, None
            if not string.isascii() and not lower_is_safe(string):
                return False  # a letter beyond ASCII: case-insensitive matching may go further
            # a part of the (lower-cased) article is lower-case
            low = string if scope.holds(string) else string.lower()
            part = scope.holds(low)
            scope.fold_low, scope.fold_part = low, part
        if part:
            ns = self._in_scope(scope)
        return not any(map(low.__contains__, ns))

    def finditer(self, string: str, pos: int = 0,
                 endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if self._plain and pos == 0 and endpos >= len(string):
            scope = _CURRENT[0]  # the common case of _absent, inline (_skip)
            if string is scope.part or (string is not scope.outside and scope.holds(string)):
                ns = self._here if self._at == scope.serial else self._in_scope(scope)
                if not ns or not any(map(string.__contains__, ns)):
                    return iter(())
            elif not any(map(string.__contains__, self._needles)):  # type: ignore[arg-type]
                return iter(())
        elif self._fold and self._absent(string, pos, endpos):
            return iter(())
        return self.rx.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self._absent(string, pos, endpos):
            return []
        return self.rx.findall(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._plain and pos == 0 and endpos >= len(string):
            scope = _CURRENT[0]  # the common case of _absent, inline (_skip)
            if string is scope.part or (string is not scope.outside and scope.holds(string)):
                ns = self._here if self._at == scope.serial else self._in_scope(scope)
                if not ns or not any(map(string.__contains__, ns)):
                    return None
            elif not any(map(string.__contains__, self._needles)):  # type: ignore[arg-type]
                return None
        elif self._fold and self._absent(string, pos, endpos):
            return None
        return self.rx.search(string, pos, endpos)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        if self._absent(string, 0, len(string)):
            return string  # no match: re.sub gives the string back unchanged
        return self.rx.sub(repl, string, count)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rx, name)


def prefiltered(rx: Any) -> Any:
    """``Prefiltered(rx)`` for a compiled pattern with needles; anything else unchanged."""
    if isinstance(rx, re.Pattern) and derive_needles(
            rx, fold=bool(rx.flags & re.IGNORECASE)) is not None:
        return Prefiltered(rx)
    return rx


def prefilter_module(module: ModuleType) -> None:
    """``prefilter_attributes`` of a module: the compiled patterns its functions look up by
    name (its own and those it imported) are replaced in its namespace. Idempotent."""
    prefilter_attributes(module, [name for name, value in vars(module).items()
                                  if isinstance(value, re.Pattern)])


def prefilter_attributes(obj: object, names: Iterable[str] | None = None) -> None:
    """Replace every compiled pattern among ``obj``'s attributes (or those ``names``), and in
    its dictionaries of patterns, by its ``Prefiltered`` form (patterns without needles stay
    as they are)."""
    attrs = vars(obj)
    for name in list(attrs if names is None else names):
        value = attrs.get(name)
        if isinstance(value, re.Pattern):
            setattr(obj, name, prefiltered(value))
        elif isinstance(value, dict) and value and all(
                isinstance(v, re.Pattern) for v in value.values()):
            setattr(obj, name, {k: prefiltered(v) for k, v in value.items()})
