"""Literals every match of a regular expression must hold, read from the pattern itself.

``derive_needles`` reads a pattern's syntax tree and returns strings of which every text the
pattern matches in contains at least one (in the match, or where a lookaround looks);
``derive_leads`` returns strings of which every match starts with one.
Either is ``None`` when no such set can be told (then the pattern always runs, as before).
Nothing is maintained by hand: a new pattern or dictionary entry gets its literals, or none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as C  # type: ignore[attr-defined]  # noqa: N812
from re import _parser  # type: ignore[attr-defined]
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
    if op is C.ASSERT:
        # zero width in the match, but what a lookahead or lookbehind sees is in the text
        ex, rq = _seq(av[1])
        return frozenset({""}), _better(rq, ex)
    if op in (C.AT, C.ASSERT_NOT):
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


def _tree(pattern: str | re.Pattern[str], fold: bool = False) -> Any:
    src, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) \
        else (pattern, 0)
    if not isinstance(src, str) or flags & re.LOCALE or (flags & re.IGNORECASE and not fold):
        return None
    try:
        tree = _parser.parse(src, flags)
    except (re.error, RecursionError, TypeError, ValueError, OverflowError):
        return None
    if tree.state.flags & re.LOCALE or (tree.state.flags & re.IGNORECASE and not fold):
        return None
    return _fold(tree.data) if fold else tree.data


_UNKNOWN = (C.ANY, None)


def _fold_char(code: int) -> int | None:
    ch = chr(code)
    return ord(ch.lower()) if ch.isascii() else None


def _fold_set(items: Any) -> Any:
    out: list[tuple[Any, int]] = []
    for op, av in items:
        if op is C.LITERAL and _fold_char(av) is not None:
            out.append((C.LITERAL, _fold_char(av)))  # type: ignore[arg-type]
        elif op is C.RANGE and av[1] < 128 and av[1] - av[0] < 16:
            out.extend((C.LITERAL, ord(chr(c).lower())) for c in range(av[0], av[1] + 1))
        else:
            return None
    return out


def _fold(items: Any) -> list[Any]:
    """The tree as it would match an ASCII text lower-cased, case ignored: literals lower-cased,
    anything else that may depend on case made unknown."""
    out: list[Any] = []
    for op, av in items:
        if op is C.LITERAL:
            code = _fold_char(av)
            out.append(_UNKNOWN if code is None else (op, code))
        elif op is C.IN:
            folded = _fold_set(av)
            out.append(_UNKNOWN if folded is None else (op, folded))
        elif op is C.BRANCH:
            out.append((op, (av[0], [_fold(b) for b in av[1]])))
        elif op is C.SUBPATTERN:
            group, add_flags, del_flags, sub = av
            out.append(_UNKNOWN if add_flags & re.LOCALE else
                       (op, (group, 0, del_flags, _fold(sub))))
        elif op is C.ATOMIC_GROUP:
            out.append((op, _fold(av)))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            out.append((op, (av[0], av[1], _fold(av[2]))))
        elif op is C.ASSERT:
            out.append((op, (av[0], _fold(av[1]))))
        elif op in (C.AT, C.ASSERT_NOT):
            out.append((C.AT, C.AT_BEGINNING))  # zero width: what it looks at does not matter
        else:
            out.append(_UNKNOWN)
    return out


# derived once per pattern: (source, flags, fold, which) -> literals (a pure function of those)
_DERIVED: dict[tuple[Any, int, bool, str], tuple[str, ...] | None] = {}
_MAX_DERIVED = 20_000


def _remembered(pattern: str | re.Pattern[str], fold: bool, which: str,
                derive: Any) -> tuple[str, ...] | None:
    key = ((pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern)
           else (pattern, 0)) + (fold, which)
    try:
        return _DERIVED[key]
    except KeyError:
        pass
    except TypeError:  # a source that is no string
        return derive()  # type: ignore[no-any-return]
    got: tuple[str, ...] | None = derive()
    if len(_DERIVED) < _MAX_DERIVED:
        _DERIVED[key] = got
    return got


def derived() -> dict[tuple[str, int, bool, str], tuple[str, ...] | None]:
    """What has been derived so far, for patterns written as strings (literal_cache)."""
    return {k: v for k, v in _DERIVED.items() if isinstance(k[0], str)}


def remember(entries: dict[tuple[str, int, bool, str], tuple[str, ...] | None]) -> None:
    """Take literals derived earlier (by ``derived``, in another process) as derived."""
    room = _MAX_DERIVED - len(_DERIVED)
    for key, got in entries.items():
        if room <= 0:
            break
        if key not in _DERIVED:
            _DERIVED[key] = got
            room -= 1


def derive_needles(pattern: str | re.Pattern[str], fold: bool = False
                   ) -> tuple[str, ...] | None:
    """Strings of which every text ``pattern`` matches in contains one (in the match or where
    a lookahead or lookbehind looks); None when none can be told.
    ``fold``: lower-case strings, for looking into an ASCII text lower-cased (the only use
    allowed for them: on other texts case-insensitive matching goes beyond ASCII)."""
    return _remembered(pattern, fold, "needles", lambda: _derive_needles(pattern, fold))


def _derive_needles(pattern: str | re.Pattern[str], fold: bool) -> tuple[str, ...] | None:
    tree = _tree(pattern, fold)
    if tree is None:
        return None
    _ex, req = _seq(tree)
    if not req or min(len(x) for x in req) < _MIN_NEEDLE or len(req) > _MAX_NEEDLES:
        return None
    # a needle holding another needle adds nothing: the shorter one is present whenever it is
    kept = sorted(req, key=len)
    out: list[str] = []
    for n in kept:
        if not any(k in n for k in out):
            out.append(n)
    return tuple(out)


def _lead(items: Any) -> frozenset[str] | None:
    """Strings of which every match of the sequence starts with one ("" among them: none)."""
    acc: frozenset[str] = frozenset({""})
    for node in items:
        op = node[0]
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width: the match starts with what follows
        ex, _rq = _node(node)
        if ex is not None:
            nxt = _product(acc, ex)
            if nxt is None:
                break
            acc = nxt
            if min(len(x) for x in acc) >= _GOOD_LEN:
                break  # long enough to find the starts; longer only adds strings
            continue
        sub: frozenset[str] | None = None
        if op is C.BRANCH:
            subs = [_lead(b) for b in node[1][1]]
            sub = None if None in subs else frozenset(x for s in subs if s for x in s)
        elif op is C.SUBPATTERN and not node[1][1] & (re.IGNORECASE | re.LOCALE):
            sub = _lead(node[1][3])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and node[1][0] >= 1:
            sub = _lead(node[1][2])
        if sub is not None:
            nxt = _product(acc, sub)
            if nxt is not None:
                acc = nxt
        break
    return None if "" in acc else acc


def derive_leads(pattern: str | re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings of which every match of ``pattern`` starts with one; None when none can be told."""
    return _remembered(pattern, False, "leads", lambda: _derive_leads(pattern))


def _derive_leads(pattern: str | re.Pattern[str]) -> tuple[str, ...] | None:
    tree = _tree(pattern)
    if tree is None:
        return None
    got = _lead(tree)
    if not got or len(got) > _MAX_NEEDLES:
        return None
    # a lead that starts with another lead adds no start position
    out: list[str] = []
    for n in sorted(got, key=len):
        if not any(n.startswith(k) for k in out):
            out.append(n)
    return tuple(sorted(out))


def _ascii_caseless(code: int) -> bool:
    """An ASCII character that lower-casing leaves as it is."""
    ch = chr(code)
    return ch.isascii() and not ch.isupper()


def subtrees(op: Any, av: Any) -> list[Any] | None:
    """The item lists nested in a node of a parsed pattern (a branch, group, repeat,
    lookaround or atomic group); None for any other node."""
    if op is C.BRANCH:
        return list(av[1])
    if op is C.SUBPATTERN:
        return [av[3]]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        return [av[2]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]
    if op is C.ATOMIC_GROUP:
        return [av]
    return None


def _lower_safe(items: Any) -> bool:
    """No part of the tree could match differently on a lower-cased ASCII text without
    IGNORECASE than on the text itself with it."""
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            if not _ascii_caseless(av):
                return False
        elif op is C.IN:
            for iop, iav in av:
                if iop in (C.LITERAL, C.NOT_LITERAL):
                    if not _ascii_caseless(iav):
                        return False
                elif iop is C.RANGE:
                    lo, hi = iav
                    if hi >= 128 or any(chr(c).isupper() for c in range(lo, hi + 1)):
                        return False
                elif iop not in (C.NEGATE, C.CATEGORY):
                    return False
        elif op is C.SUBPATTERN and (av[1] or av[2]):
            return False  # inline flags
        else:
            nested = subtrees(op, av)
            if nested is None:
                if op not in (C.AT, C.ANY, C.CATEGORY):
                    return False  # back references, conditionals, anything new
            elif not all(_lower_safe(sub) for sub in nested):
                return False
    return True


def lowercase_variant(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """For a case-insensitive pattern written in lower case: the same pattern without
    IGNORECASE, which finds the same spans in ``text.lower()`` as ``rx`` in ``text`` for an
    ASCII ``text`` (the groups' text is then lower-cased); None when that cannot be told."""
    if not rx.flags & re.IGNORECASE or rx.flags & re.LOCALE:
        return None
    try:
        tree = _parser.parse(rx.pattern, rx.flags)
    except (re.error, RecursionError, TypeError, ValueError, OverflowError):
        return None
    if not _lower_safe(tree.data):
        return None
    return re.compile(rx.pattern, rx.flags & ~re.IGNORECASE)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def lower_is_safe(text: str) -> bool:
    """Whether ``lowercase_variant`` patterns may be run on ``text.lower()``: the text is ASCII
    but for characters without case that are no letters or digits (curly quotes, dashes,
    no-break spaces), which lower-casing keeps and no ASCII letter matches, case ignored."""
    if text.isascii():
        return True
    for run in _NON_ASCII.findall(text):
        for ch in run:
            if ch.isalnum() or ch.lower() != ch or ch.upper() != ch:
                return False
    return True
