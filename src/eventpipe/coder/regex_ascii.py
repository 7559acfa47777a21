"""ASCII twins of compiled patterns: the same pattern compiled with ``re.ASCII``.

On a text whose characters are all ASCII, and none of them the separators 0x1c-0x1f, a twin
finds exactly the matches (spans and groups) of its pattern, while the engine tests ``\\w``,
``\\b``, ``\\s`` and case-insensitive letters against ASCII tables instead of looking each
character up in the Unicode database. Why the matches are the same on such a text:

- ``\\d``: the only ASCII decimal digits are 0-9. ``\\w``: the ASCII letters and digits and
  ``_`` in both modes. ``\\b`` is defined by ``\\w``. ``\\s``: Unicode adds 0x1c-0x1f to the
  ASCII white space (``str.isspace``), which ``plain_ascii`` keeps out.
- Case ignored: an ASCII character of the text matches an ASCII character of the pattern in
  both modes when their ASCII lower-case forms agree (Unicode's extra equivalents of i, k
  and s are not ASCII). A non-ASCII character of the pattern (a literal or a class range)
  never matches an ASCII character of the text in ASCII mode; in Unicode mode only the four
  characters of ``_ASCII_CASE_PARTNERS`` do, so a pattern that may hold one of them has no
  twin (tests/test_regex_ascii.py checks that set against every code point).

Patterns with the locale flag, inline ASCII/Unicode/locale flags or anything the parser does
not know get no twin; they run as they are.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]  # noqa: N812
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from .regex_literals import subtrees

# non-ASCII characters that match an ASCII letter with re.IGNORECASE (Unicode mode):
# İ (lower case i), ı (upper case I), ſ (long s), K (Kelvin sign)
_ASCII_CASE_PARTNERS = frozenset({0x130, 0x131, 0x17F, 0x212A})
_MODE_FLAGS = re.ASCII | re.UNICODE | re.LOCALE
_SEPARATORS = re.compile("[\x1c-\x1f]")


def plain_ascii(text: str) -> bool:
    """Is every character of ``text`` ASCII and none a separator 0x1c-0x1f (where a twin
    finds what its pattern finds)?"""
    return text.isascii() and _SEPARATORS.search(text) is None


def _safe(items: Any) -> bool:
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            if av in _ASCII_CASE_PARTNERS:
                return False
        elif op is C.RANGE:
            lo, hi = av
            if any(lo <= c <= hi for c in _ASCII_CASE_PARTNERS):
                return False
        elif op is C.IN:
            if not _safe(av):
                return False
        elif op is C.SUBPATTERN and (av[1] | av[2]) & _MODE_FLAGS:
            return False  # inline ASCII, Unicode or locale flags
        else:
            nested = subtrees(op, av)
            if nested is None:
                if op not in (C.AT, C.ANY, C.CATEGORY, C.NEGATE, C.GROUPREF):
                    return False  # conditionals, anything new
            elif not all(_safe(sub) for sub in nested):
                return False
    return True


_TWINS: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}
_MAX_TWINS = 100_000


def ascii_twin(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """``rx`` compiled with re.ASCII (None when ``rx`` may match differently on a
    ``plain_ascii`` text, or is ASCII already); derived once per pattern."""
    hit = _TWINS.get(id(rx))
    if hit is not None and hit[0] is rx:
        return hit[1]
    twin = _make_twin(rx)
    if len(_TWINS) < _MAX_TWINS:
        _TWINS[id(rx)] = (rx, twin)
    return twin


def _make_twin(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    if not isinstance(rx, re.Pattern) or not isinstance(rx.pattern, str) or \
            rx.flags & (re.ASCII | re.LOCALE):
        return None
    try:
        tree = _parser.parse(rx.pattern, rx.flags)
        if tree.state.flags & (re.ASCII | re.LOCALE) or not _safe(tree.data):
            return None
        return re.compile(rx.pattern, (rx.flags & ~re.UNICODE) | re.ASCII)
    except (re.error, RecursionError, TypeError, ValueError, OverflowError):
        return None


def for_text(rx: re.Pattern[str], plain: bool) -> re.Pattern[str]:
    """The twin of ``rx`` when the text is ``plain`` (plain_ascii) and ``rx`` has one."""
    if plain:
        twin = ascii_twin(rx)
        if twin is not None:
            return twin
    return rx


__all__ = ["ascii_twin", "for_text", "plain_ascii"]
