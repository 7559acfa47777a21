"""Literal prefilters for regular expressions, derived from the patterns themselves.

``needles(rx)`` reads a compiled pattern's syntax tree and returns strings of which every match
must contain at least one (or ``None`` when no such set can be derived: then the pattern always
runs). A text holding none of them cannot match, so the pattern need not be run on it: skipping
it changes no result. Nothing is maintained by hand, so a new pattern or dictionary entry gets
its prefilter automatically, or none.

``TextIndex`` answers "could this pattern match this text?" cheaply for many patterns over one
text: it checks the needles' three-letter pieces against the text's word pieces (a necessary
condition), then the needles themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as C  # noqa: N812
from re import _parser
from typing import Any

_MAX_SET = 64  # largest exact string set tracked for one node
_MIN_NEEDLE = 2  # needle sets with a shorter string are not worth checking
_MAX_NEEDLES = 64
_GOOD_LEN = 6

Info = tuple[frozenset[str] | None, frozenset[str] | None]  # (exact strings, required needles)
_NONE: Info = (None, None)
_EMPTY: Info = (frozenset({""}), None)


def _score(s: frozenset[str]) -> tuple[int, int, int]:
    # beyond a few letters a needle is selective enough: then fewer needles are cheaper
    shortest = min(len(x) for x in s)
    return (min(_GOOD_LEN, shortest), -len(s), shortest)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    a = a if a and "" not in a else None
    b = b if b and "" not in b else None
    if a is None:
        return b
    if b is None:
        return a
    return a if _score(a) >= _score(b) else b


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _MAX_SET:
        return None
    return frozenset(x + y for x in a for y in b)


def _charset(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < 16:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None  # NEGATE, CATEGORY, large ranges
    return frozenset(chars) if chars else None


def _seq(items: Iterable[tuple[Any, Any]]) -> Info:
    """A sequence: the exact product while it stays small; needles from its best part."""
    exact: frozenset[str] | None = frozenset({""})
    run: frozenset[str] | None = frozenset({""})  # product of the current run of exact parts
    best: frozenset[str] | None = None
    for node in items:
        ex, rq = _node(node)
        best = _better(best, rq)
        if ex is None:
            best = _better(best, run)
            run = frozenset({""})
            exact = None
            continue
        exact = _product(exact, ex) if exact is not None else None
        nxt = _product(run, ex) if run is not None else None
        if nxt is None:  # too many strings: start again
            nxt = ex
        run = nxt
        best = _better(best, run)
    best = _better(best, run)
    if exact is not None:
        return exact, _better(best, exact)
    return None, best


def _alt(branches: list[Info]) -> Info:
    exact: frozenset[str] | None = frozenset()
    req: frozenset[str] | None = frozenset()
    for ex, rq in branches:
        if exact is not None and ex is not None and len(exact) + len(ex) <= _MAX_SET:
            exact = exact | ex
        else:
            exact = None
        need = _better(rq, ex)
        req = None if need is None or req is None else req | need
    return exact, req


def _node(node: tuple[Any, Any]) -> Info:
    op, av = node
    if op is C.LITERAL:
        return frozenset({chr(av)}), None
    if op is C.IN:
        cs = _charset(av)
        return (cs, None) if cs is not None else _NONE
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return _EMPTY  # zero width: the match holds whatever the rest needs
    if op is C.BRANCH:
        return _alt([_seq(b) for b in av[1]])
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & (re.IGNORECASE | re.LOCALE):
            return _NONE
        return _seq(sub)
    if op is C.ATOMIC_GROUP:
        return _seq(av)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        ex, rq = _seq(sub)
        if hi == 0:
            return _EMPTY
        if lo == 0:
            if hi == 1 and ex is not None and len(ex) < _MAX_SET:
                return ex | {""}, None
            return _NONE
        need = _better(rq, ex)
        if lo == hi == 1:
            return ex, need
        return None, need
    return _NONE  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, anything new


def derive_needles(pattern: str | re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings of which every match of ``pattern`` contains one; None when none can be told."""
    src, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) \
        else (pattern, 0)
    if not isinstance(src, str) or flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        tree = _parser.parse(src, flags)
    except (re.error, RecursionError, TypeError, ValueError):
        return None
    if tree.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    _ex, req = _seq(tree.data)
    if not req or min(len(x) for x in req) < _MIN_NEEDLE or len(req) > _MAX_NEEDLES:
        return None
    # a needle holding another needle adds nothing: the shorter one is present whenever it is
    kept = sorted(req, key=len)
    out: list[str] = []
    for n in kept:
        if not any(k in n for k in out):
            out.append(n)
    return tuple(out)


_CACHE: dict[re.Pattern[str], tuple[str, ...] | None] = {}


def needles(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """``derive_needles`` of a compiled pattern, derived once per pattern."""
    try:
        return _CACHE[rx]
    except KeyError:
        pass
    got = derive_needles(rx)
    if len(_CACHE) < 100_000:
        _CACHE[rx] = got
    return got


def may_match(rx: re.Pattern[str], text: str) -> bool:
    """False only when ``rx`` cannot match anywhere in ``text``."""
    ns = needles(rx)
    return ns is None or any(n in text for n in ns)


Plan = tuple[tuple[frozenset[tuple[str, str, str]] | None, str], ...]
_PLANS: dict[tuple[re.Pattern[str], bool], Plan | None] = {}


def _grams(s: str) -> frozenset[tuple[str, str, str]] | None:
    return frozenset(zip(s, s[1:], s[2:], strict=False)) if len(s) >= 3 else None


def _plan(rx: re.Pattern[str], folded: bool) -> Plan | None:
    key = (rx, folded)
    try:
        return _PLANS[key]
    except KeyError:
        pass
    ns = needles(rx)
    plan: Plan | None = None
    if ns is not None and (not folded or all(n.isascii() for n in ns)):
        # an ASCII needle in a text is its lower-case form in the text lower-cased letter by
        # letter (sentences.lower_same_length); other letters may change in context
        plan = tuple((_grams(n), n) for n in (n.lower() if folded else n for n in ns))
    if len(_PLANS) < 100_000:
        _PLANS[key] = plan
    return plan


class TextIndex:
    """The three-letter pieces of one text, to tell many patterns cheaply that they cannot
    match it. ``may_match`` never says False for a pattern that matches."""

    __slots__ = ("text", "grams", "_memo")

    def __init__(self, text: str) -> None:
        self.text = text
        self.grams = set(zip(text, text[1:], text[2:], strict=False))
        self._memo: dict[tuple[re.Pattern[str], bool], bool] = {}

    def may_match(self, rx: re.Pattern[str], folded: bool = False) -> bool:
        """Could ``rx`` match this text (``folded``: could it match the text this one is the
        letter-by-letter lower-case form of)?"""
        key = (rx, folded)
        got = self._memo.get(key)
        if got is None:
            got = self._check(_plan(rx, folded))
            self._memo[key] = got
        return got

    def _check(self, plan: Plan | None) -> bool:
        if plan is None:
            return True
        grams, text = self.grams, self.text
        for g, n in plan:
            if (g <= grams) if g is not None else (n in text):
                return True
        return False
