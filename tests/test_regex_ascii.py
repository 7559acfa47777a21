"""ASCII twins (coder.regex_ascii): same matches as their pattern on plain ASCII text."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventpipe.coder import claims
from eventpipe.coder.prefilter_scope import _bucket, _pieces, text_grams
from eventpipe.coder.regex_ascii import _ASCII_CASE_PARTNERS, ascii_twin, plain_ascii

_ALL = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)


def test_the_case_partners_are_every_non_ascii_character_that_matches_an_ascii_letter() -> None:
    # a text character beyond ASCII that an ASCII letter of a pattern matches, case ignored
    found = {ord(m.group()) for m in re.finditer("[A-Za-z]", _ALL, re.IGNORECASE)}
    assert found == set(_ASCII_CASE_PARTNERS)
    # and the other way round: a pattern character beyond ASCII that matches ASCII text; only
    # characters whose case forms hold an ASCII letter can (checked, case ignored, one by one)
    letters = "".join(map(chr, range(128)))
    maybe = {c for c in map(ord, _ALL)
             if any(ch.isascii() for ch in chr(c).lower() + chr(c).upper() + chr(c).casefold())}
    matching = {c for c in maybe | set(_ASCII_CASE_PARTNERS)
                if re.search(re.escape(chr(c)), letters, re.IGNORECASE)}
    assert matching == set(_ASCII_CASE_PARTNERS)


@pytest.mark.parametrize("pattern", ["ſ", "\u212a", "[\u0100-\u0200]x", "(?a:\\w)x", "(?u:\\w)x"])
def test_no_twin_where_matches_could_differ(pattern: str) -> None:
    assert ascii_twin(re.compile(pattern, re.IGNORECASE)) is None


def test_plain_ascii_keeps_out_other_characters_and_the_separators() -> None:
    assert plain_ascii("Police said 12 people died.\n")
    assert not plain_ascii("caf\u00e9")
    assert not plain_ascii("a\x1cb")  # a Unicode white space, not an ASCII one
    assert not plain_ascii("quote \u201cx\u201d")


_PATTERNS = [*claims._SUBJECT_RES,
             re.compile(r"(?<![\w-])(?:said|told|added)\b\s*(?P<w>\w+)?", re.IGNORECASE),
             re.compile(r"\b\d{1,3}\s+[a-z]+\b(?:\s+\w+){0,2}"),
             re.compile(r"[^\W\d]+\s*[,;]\s*\S+", re.IGNORECASE)]
_ALPHABET = "aAiIkKsSzZ09 \t\n,;:\"()-'._xwasWereSaidTHE"


def _same(rx: re.Pattern[str], twin: re.Pattern[str], text: str) -> None:
    a = [(m.span(), m.groups()) for m in rx.finditer(text)]
    b = [(m.span(), m.groups()) for m in twin.finditer(text)]
    assert a == b, (rx.pattern, text)
    assert rx.split(text) == twin.split(text)
    assert rx.sub("#", text) == twin.sub("#", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_twins_find_what_their_patterns_find_on_plain_ascii(text: str) -> None:
    assert plain_ascii(text)
    for rx in _PATTERNS:
        twin = ascii_twin(rx)
        assert twin is not None
        _same(rx, twin, text)


def test_twins_on_words_of_news() -> None:
    rng = random.Random(3)
    words = ["Police", "said", "the", "ARMY", "told", "reporters", "were", "killed", "and",
             "who", "Ministry", "of", "Defence", ",", ";", "(", ")", "\"", "12", "Kabul"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 25)))
        for rx in _PATTERNS:
            _same(rx, ascii_twin(rx) or rx, text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_text_grams_are_the_buckets_of_every_piece(text: str) -> None:
    pieces = _pieces(text)
    assert text_grams(text) == (set() if pieces is None else set(map(_bucket, pieces)))
