"""The article being coded, to skip sentence patterns whose literals the whole article lacks.

Many patterns run on every sentence of an article (or on windows of it). A pattern none of
whose needles occurs anywhere in the article cannot match any part of it, so one look at the
article per pattern replaces one look per sentence. ``Scope`` holds the text of the latest
``prefilter.TextIndex`` (the article lower-cased, as the coder builds one per article) and,
per pattern, the needles that occur in it. A string is treated as a part of that text only
after ``in`` has said so (the last string checked either way is remembered, so a sentence
passed to many patterns is checked once); any other string is looked at in full, as before.
The answers never depend on which article the scope holds.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable

# A text's pieces: every four consecutive bytes of its UTF-8 form, read as one unsigned
# integer (a string inside a text has its UTF-8 bytes inside the text's). Read for the whole
# text at once (memoryview casts), not character by character.
Grams = frozenset[int]
_WIDTH = 4
assert memoryview(b"\0" * _WIDTH).cast("I").itemsize == _WIDTH


def gram_set(s: str) -> Grams | None:
    """The pieces of a needle (None when it is shorter than one piece)."""
    b = s.encode("utf-8", "surrogatepass")
    if len(b) < _WIDTH:
        return None
    return frozenset(int.from_bytes(b[i:i + _WIDTH], sys.byteorder)
                     for i in range(len(b) - _WIDTH + 1))


def text_grams(text: str) -> set[int]:
    """The pieces of a text."""
    b = text.encode("utf-8", "surrogatepass")
    out: set[int] = set()
    for k in range(_WIDTH):
        whole = (len(b) - k) // _WIDTH * _WIDTH
        if whole > 0:
            out.update(memoryview(b[k:k + whole]).cast("I").tolist())
    return out


def needle_grams(needles: tuple[str, ...]) -> tuple[tuple[Grams | None, str], ...]:
    """Each needle with its pieces (None when shorter than one piece)."""
    return tuple((gram_set(n), n) for n in needles)


class Scope:
    """One text, the needles of each pattern asked about that occur in it, and the last strings
    found to be (or not to be) part of it."""

    __slots__ = ("text", "grams", "present", "found", "part", "outside")

    def __init__(self, text: str, grams: set[int] | Grams) -> None:
        self.text = text
        self.grams = grams  # the pieces of ``text`` (text_grams)
        self.present: dict[Hashable, tuple[str, ...]] = {}
        self.found: dict[str, bool] = {}  # needle -> occurs in ``text`` (patterns share many)
        self.part: str | None = None  # the last string found in ``text``
        self.outside: str | None = None  # the last string not found in it

    def holds(self, string: str) -> bool:
        """Is ``string`` part of this text?"""
        if string is self.part:
            return True
        if string is self.outside:
            return False
        if string in self.text:
            self.part = string
            return True
        self.outside = string
        return False

    def needles_in(self, key: Hashable,
                   items: tuple[tuple[Grams | None, str], ...]) -> tuple[str, ...]:
        """The needles of ``items`` (``needle_grams``) that occur in this text, once per key."""
        got = self.present.get(key)
        if got is None:
            text, grams, found = self.text, self.grams, self.found
            out = []
            for g, n in items:
                hit = found.get(n)
                if hit is None:
                    hit = found[n] = (g is None or g <= grams) and n in text
                if hit:
                    out.append(n)
            got = self.present[key] = tuple(out)
        return got


_CURRENT = [Scope("", frozenset())]


def current() -> Scope:
    return _CURRENT[0]


def enter(text: str, grams: set[int] | Grams) -> None:
    """Make ``text`` (with its pieces, text_grams) the current scope."""
    _CURRENT[0] = Scope(text, grams)
