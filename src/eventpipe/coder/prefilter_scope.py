"""The article being coded, to skip sentence patterns whose literals the whole article lacks.

Many patterns run on every sentence of an article (or on windows of it). A pattern none of
whose needles occurs anywhere in the article cannot match any part of it, so one look at the
article per pattern replaces one look per sentence. ``Scope`` holds the text of the latest
``prefilter.TextIndex`` (the article lower-cased, as the coder builds one per article) and,
per pattern, the needles that occur in it. A string is treated as a part of that text only
after ``in`` (or the set of its sentences) has said so (the last string checked either way is
remembered, so a sentence passed to many patterns is checked once); any other string is looked
at in full, as before.
The answers never depend on which article the scope holds.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from typing import NamedTuple

import numpy as np

# A text's pieces: every four consecutive bytes of its UTF-8 form, read as one unsigned
# integer (a string inside a text has its UTF-8 bytes inside the text's) and filed into one of
# 65,536 buckets by a multiplicative hash. A needle's pieces are all among a text's when the
# needle occurs in it; the buckets only add rare false alarms, which the pattern then settles.
# A text's pieces are read all at once (numpy), not character by character.
Grams = frozenset[int]
_WIDTH = 4
_MIX = 0x9E3779B1  # Fibonacci hashing: the upper 16 of the 32 bits of piece * _MIX
_NP_MIX = np.uint32(_MIX)


def _bucket(piece: int) -> int:
    return ((piece * _MIX) & 0xFFFFFFFF) >> 16


def _pieces(s: str) -> list[int] | None:
    """The pieces of a string, before filing (None when it is shorter than one piece)."""
    b = s.encode("utf-8", "surrogatepass")
    if len(b) < _WIDTH:
        return None
    return [int.from_bytes(b[i:i + _WIDTH], "little") for i in range(len(b) - _WIDTH + 1)]


def gram_set(s: str) -> Grams | None:
    """The pieces of a needle, filed (None when it is shorter than one piece)."""
    pieces = _pieces(s)
    return None if pieces is None else frozenset(map(_bucket, pieces))


def text_grams(text: str) -> set[int]:
    """The pieces of a text, filed."""
    b = text.encode("utf-8", "surrogatepass")
    n = len(b)
    if n < _WIDTH:
        return set()
    # the pieces starting at k, k + 4, ... are the little-endian words of the bytes from k
    v = np.concatenate([np.frombuffer(b, dtype="<u4", offset=k, count=(n - k) // _WIDTH)
                        for k in range(_WIDTH)])
    v *= _NP_MIX  # modulo 2**32, as _bucket
    v >>= 16
    # each bucket once: sorted, then the first of each run (cheaper than a flag per bucket)
    v.sort()
    first = np.empty(len(v), dtype=np.bool_)
    first[0] = True
    np.not_equal(v[1:], v[:-1], out=first[1:])
    return set(v[first].tolist())


# How common each byte is in English text (letter frequencies in per mille, the space as
# the most common character): a needle is filed under its rarest-looking piece, so that the
# pieces of a text rule most needles out in one set operation.
_LETTERS = dict(zip("etaoinshrdlcumwfgypbvkjxqz", (127, 91, 82, 75, 70, 67, 63, 61, 60, 43, 40,
                                                  28, 28, 24, 24, 22, 20, 20, 19, 15, 10, 8, 2,
                                                  2, 1, 1), strict=True))
_COMMON = dict.fromkeys(range(256), 5)
_COMMON.update({ord(c): f for c, f in _LETTERS.items()})
_COMMON.update({ord(c.upper()): max(1, f // 8) for c, f in _LETTERS.items()})
_COMMON[ord(" ")] = 180


def _commonness(piece: int) -> tuple[int, int]:
    b = piece.to_bytes(_WIDTH, "little")
    return (sum(_COMMON[x] for x in b), piece)


class NeedleSet(NamedTuple):
    """Needles ready to be looked for in a text's pieces: the long ones (a piece or longer)
    filed by one of their pieces, the short ones kept apart."""

    needles: tuple[str, ...]  # all, in order
    firsts: frozenset[int]  # the piece each long needle is filed under
    by_first: dict[int, tuple[tuple[Grams, str], ...]]  # piece -> (pieces, needle) filed there
    short: tuple[str, ...]  # needles shorter than a piece

    def long_in(self, grams: set[int] | Grams) -> list[str]:
        """The long needles all of whose pieces are among ``grams``, in no particular order
        (one set intersection rules out the needles whose filing piece is absent)."""
        hit = self.firsts.intersection(grams)
        if not hit:
            return []
        by = self.by_first
        return [n for r in hit for g, n in by[r] if g <= grams]

    def any_long_in(self, grams: set[int] | Grams) -> bool:
        """Are all the pieces of some long needle among ``grams``?"""
        hit = self.firsts.intersection(grams)
        if hit:
            by = self.by_first
            for r in hit:
                for g, _n in by[r]:
                    if g <= grams:
                        return True
        return False


def needle_set(needles: tuple[str, ...]) -> NeedleSet:
    by: dict[int, list[tuple[Grams, str]]] = {}
    short = []
    for n in needles:
        pieces = _pieces(n)
        if pieces is None:
            short.append(n)
        else:
            rarest = _bucket(min(pieces, key=_commonness))
            by.setdefault(rarest, []).append((frozenset(map(_bucket, pieces)), n))
    return NeedleSet(needles, frozenset(by), {k: tuple(v) for k, v in by.items()}, tuple(short))


class Scope:
    """One text, the needles of each pattern asked about that occur in it, and the last strings
    found to be (or not to be) part of it."""

    __slots__ = ("text", "grams", "present", "found", "part", "outside", "serial", "fold_src",
                 "fold_low", "fold_part", "parts", "_no_caps")

    def __init__(self, text: str, grams: set[int] | Grams, serial: int = 0,
                 parts: frozenset[str] = frozenset()) -> None:
        self.serial = serial  # tells scopes apart without keeping a reference to them
        self.text = text
        # parts of ``text`` known in advance (its sentences): found by hash, not by a search
        self.parts = parts
        self.grams = grams  # the pieces of ``text`` (text_grams)
        self.present: dict[Hashable, tuple[str, ...]] = {}
        self.found: dict[str, bool] = {}  # needle -> occurs in ``text`` (patterns share many)
        self.part: str | None = None  # the last string found in ``text``
        self.outside: str | None = None  # the last string not found in it
        # the last string a case-insensitive pattern was asked about: its lower-case form
        # (None: not ASCII enough to tell) and whether that is part of ``text``
        self.fold_src: str | None = None
        self.fold_low: str | None = None
        self.fold_part = False
        self._no_caps: bool | None = None  # _caps_free(), when first asked

    def contains(self, needle: str) -> bool:
        """``needle in text``, remembered per needle (patterns share many)."""
        hit = self.found.get(needle)
        if hit is None:
            hit = self.found[needle] = needle in self.text
        return hit

    def holds(self, string: str) -> bool:
        """Is ``string`` known to be part of this text? One of its parts given in advance (a
        sentence) or a longer string found in it; a short string is not looked for (its
        patterns look for all their needles in it, which costs less than searching the text),
        nor one with a capital A-Z when the text has none (a sentence as written, beside the
        text lower-cased). A pattern finds the same either way."""
        if string is self.part:
            return True
        if string is self.outside:
            return False
        if string in self.parts or (len(string) > _LOOKED_UP and not (
                self._caps_free() and _CAPITAL.search(string)) and string in self.text):
            self.part = string
            return True
        self.outside = string
        return False

    def _caps_free(self) -> bool:
        """Has this text no capital A-Z?"""
        free = self._no_caps
        if free is None:
            free = self._no_caps = _CAPITAL.search(self.text) is None
        return free

    def needles_in(self, key: Hashable, needles: NeedleSet) -> tuple[str, ...]:
        """The needles of ``needles`` that occur in this text, once per key."""
        got = self.present.get(key)
        if got is None:
            text, found = self.text, self.found
            out = []
            for n in needles.long_in(self.grams):
                hit = found.get(n)
                if hit is None:
                    hit = found[n] = n in text
                if hit:
                    out.append(n)
            out.extend(filter(self.contains, needles.short))
            got = self.present[key] = tuple(out)
        return got


# strings up to this long are not looked for in the text (Scope.holds)
_LOOKED_UP = 100
_CAPITAL = re.compile("[A-Z]")
_CURRENT = [Scope("", frozenset())]
_SERIAL = [0]


def current() -> Scope:
    return _CURRENT[0]


def enter(text: str, grams: set[int] | Grams, parts: frozenset[str] = frozenset()) -> Scope:
    """Make ``text`` (with its pieces, text_grams, and some of its parts) the current scope."""
    _SERIAL[0] += 1
    scope = _CURRENT[0] = Scope(text, grams, _SERIAL[0], parts)
    return scope


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


def holds_any(string: str, needles: tuple[str, ...]) -> bool:
    """``any(map(string.__contains__, needles))`` as a loop: for the few needles a pattern
    has, cheaper than the map and its bound method."""
    for n in needles:
        if n in string:
            return True
    return False


def lead_starts(string: str, leads: tuple[str, ...]) -> list[int]:
    """Every place of ``string`` where one of ``leads`` occurs, in order."""
    starts: set[int] = set()
    for lead in leads:
        i = string.find(lead)
        while i >= 0:
            starts.add(i)
            i = string.find(lead, i + 1)
    return sorted(starts)
