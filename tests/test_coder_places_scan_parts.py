"""The place scan's vectorised helpers answer exactly like the per-line and per-token rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventpipe.coder.places_rules import caps_flags, line_is_caps, name_starts, tokenize
from eventpipe.coder.places_text import LEADING_ARTICLES, TOKEN_RE

PIECES = st.sampled_from(["MOGADISHU", "Mogadishu", "police", "SAID", "al", "El", "\n", "\n\n",
                          " ", ", ", "-", "U.S.", "ÉTAT", "état", "İZMIR", "\u2019", "12", "ab",
                          "THE ARMY KILLED", "x", "\u2014", "_", "\u0663", "\u00b2"])


def _tokens(text: str) -> tuple[list[tuple[int, int]], list[str], list[str]]:
    found = list(TOKEN_RE.finditer(text))
    raw = [m.group(0) for m in found]
    return [m.span() for m in found], raw, [t.lower() for t in raw]


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_caps_flags_and_name_starts_follow_the_rules(parts: list[str]) -> None:
    text = "".join(parts)
    spans, raw, words = _tokens(text)
    caps = caps_flags(text, spans)
    assert caps == [line_is_caps(text, s) for s, _e in spans]
    assert name_starts(raw, words, caps) == [
        i for i, t in enumerate(raw) if t[0].isupper() or caps[i] or words[i] in LEADING_ARTICLES]


def test_a_capitals_line_among_mixed_lines() -> None:
    text = "Police said on Monday.\nGUNMEN KILLED TWO IN MOGADISHU\nal Shabaab denied it."
    spans, raw, words = _tokens(text)
    caps = caps_flags(text, spans)
    assert [raw[i] for i, c in enumerate(caps) if c] == ["GUNMEN", "KILLED", "TWO", "IN",
                                                         "MOGADISHU"]
    assert [raw[i] for i in name_starts(raw, words, caps)] == [
        "Police", "Monday", "GUNMEN", "KILLED", "TWO", "IN", "MOGADISHU", "al", "Shabaab"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=40))
def test_tokenize_gives_the_spans_and_texts_of_the_token_pattern(parts: list[str]) -> None:
    text = "".join(parts)
    spans, raw, _words = _tokens(text)
    assert tokenize(text) == (spans, raw)
