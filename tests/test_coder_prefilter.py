"""The coder's regex prefilters (coder/regex_literals.py, coder/prefilter.py) change no result.

For every pattern the coder runs through them (action triggers, actor entries, state forces,
cue patterns, count patterns, the module-level patterns of the sentence rule modules, US
local-news cues) and for hand-written tricky patterns, the
prefiltered scan must return exactly the matches of the plain scan: on the golden texts, on
those texts in capitals, and on generated text assembled from the patterns' own literals (so
that matches do occur) with random glue, upper-case letters and non-ASCII letters.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventpipe.coder import counts as counts_module
from eventpipe.coder.counts import CountMatcher
from eventpipe.coder.lexicon import load_lexicon
from eventpipe.coder.news_region import _US_CUES
from eventpipe.coder.prefilter import Prefiltered, TextIndex, may_match
from eventpipe.coder.regex_literals import derive_leads, derive_needles, lower_is_safe
from eventpipe.coder.resources import SENTENCE_RULE_MODULES
from eventpipe.coder.sentences import lower_same_length

CASES = Path(__file__).resolve().parent / "golden" / "coder_cases.yaml"
GOLDEN_TEXTS = [str(c["text"]) for c in yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]]

TRICKY = [
    r"(?<![\w-])(?:shell(?:ed|ing|s)|mortars?(?: shells?)?|[ae]x)(?![\w])",
    r"(?:hand )?grenades?", r"a{0}b?c*(?:de|fg)", r"(?:ab|a)(?:c|bc)d", r"x(?=yz)yz|q\w+r",
    r"(?:fire|police) (?:d|D)epartment\b", r"(?i)Sheriff's office", r"(?i:kill)ed|WOUND",
    r"(a)b\1", r"(?:(?:were|was)\s+){0,3}(?:killed|shot)", r"[A-C]{2}x|\d+ dead",
    r"(?:19|20)\d\d-\d\d", r"^\s*[A-Z]+, (?:AL|AK)\b", r"(?>ab|a)c", r"é(?:t|x)é|ſtop",
    r"(?:left|leaving)\s+(?:\w+\s+){0,2}dead", r"no(?: one| body)? (?:was )?hurt",
    r"(?<=and )the(?= (?:lone )?gunm[ae]n)", r"(?<!x)abc(?=de|fg)", r"\bthe(?=\s+\w+\s+said)",
]
GLUE = st.sampled_from([" ", "  ", ", ", ". ", "-", "\n", "x", "A", "é", "ſ", "K", "İ", "'s ",
                        "1", "19", " the ", "\u2019", ""])


def _lexicon_patterns() -> list[re.Pattern[str]]:
    lex = load_lexicon()
    cm = CountMatcher(lex)
    pats: list[Any] = [t.regex for t in lex.triggers]
    pats += [rx for _e, rx in lex.actor_entries]
    pats += [lex.military_re, lex.police_re, lex.claim_verbs_re, lex.unverified_re,
             lex.verified_re, *lex.modality_res.values(), *lex.story_res.values()]
    # dir, not vars: a compiled CountMatcher has no __dict__
    pats += [v for v in (getattr(cm, n) for n in dir(cm)) if isinstance(v, re.Pattern)]
    pats += [v for v in vars(counts_module).values() if isinstance(v, re.Pattern)]
    pats += [v for m in SENTENCE_RULE_MODULES for v in vars(m).values()
             if isinstance(v, re.Pattern) and not v.flags & re.IGNORECASE]
    pats += list(_US_CUES)
    pats += [re.compile(p) for p in TRICKY]
    return [p for p in pats if isinstance(p, re.Pattern)]


PATTERNS = _lexicon_patterns()
WORDS = sorted({w for p in PATTERNS for w in (derive_needles(p) or ()) + (derive_leads(p) or ())}
               | {w for p in TRICKY for w in re.findall(r"[A-Za-z']{2,}", p)}
               | {"killed", "three", "soldiers", "were", "police said", "Somali army"})


def _spans(it: Any) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in it]


SOURCE_PATTERNS = [*_US_CUES, *(re.compile(p) for p in TRICKY),
                   *(v for m in SENTENCE_RULE_MODULES for v in vars(m).values()
                     if isinstance(v, re.Pattern) and v.flags & re.IGNORECASE)]
WRAPPED = {id(rx): Prefiltered(rx) for rx in [*PATTERNS, *SOURCE_PATTERNS]}


def _same(got: re.Match[str] | None, want: re.Match[str] | None) -> bool:
    return (got and got.span()) == (want and want.span())


def _check(text: str) -> None:
    low = lower_same_length(text)
    index = TextIndex(low)
    for rx in PATTERNS:
        plain = _spans(rx.finditer(low))
        assert _spans(index.finditer(rx)) == plain, rx.pattern
        if plain:
            assert index.may_match(rx) and may_match(rx, low), rx.pattern
        assert _spans(WRAPPED[id(rx)].finditer(low)) == plain, rx.pattern
        assert WRAPPED[id(rx)].sub("#", low) == rx.sub("#", low), rx.pattern
    for rx in SOURCE_PATTERNS:  # patterns run on the text as written
        assert _same(index.search_source(rx, text), rx.search(text)), rx.pattern
        assert _same(WRAPPED[id(rx)].search(text), rx.search(text)), rx.pattern
        assert _spans(WRAPPED[id(rx)].finditer(text)) == _spans(rx.finditer(text)), rx.pattern


def test_golden_texts_match_alike() -> None:
    for text in GOLDEN_TEXTS:
        _check(text)


def test_golden_texts_in_capitals_match_alike() -> None:
    for text in GOLDEN_TEXTS[::4]:
        _check(text.upper())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(WORDS), GLUE, st.booleans()), min_size=1,
                max_size=25))
def test_generated_texts_match_alike(parts: list[tuple[str, str, bool]]) -> None:
    text = "".join((w.upper() if up else w) + g for w, g, up in parts)
    _check(text)


def _parts(low: str) -> list[str]:
    cuts = sorted({0, len(low), *(m.end() for m in re.finditer(r"[.;\n]", low))})
    return [low[a:b] for a, b in zip(cuts, cuts[1:], strict=False)] + [low[3:40], ""]


def _wrapped_alike(strings: list[str]) -> None:
    for s in strings:
        for rx in PATTERNS:
            w = WRAPPED[id(rx)]
            assert _spans(w.finditer(s)) == _spans(rx.finditer(s)), (rx.pattern, s)
            assert _same(w.search(s), rx.search(s)), (rx.pattern, s)
            assert w.findall(s) == rx.findall(s), (rx.pattern, s)
            assert w.sub("#", s) == rx.sub("#", s), (rx.pattern, s)


def test_parts_of_the_article_and_other_strings_match_alike() -> None:
    """The article-level skip (prefilter_scope): the parts of the article an index was built
    for, each passed to many patterns, and strings from elsewhere (another article, the text
    as written, a part changed after it was cut) all get the plain pattern's answers."""
    texts = GOLDEN_TEXTS[:12]
    for text, other in zip(texts, texts[1:] + texts[:1], strict=True):
        low = lower_same_length(text)
        TextIndex(low)  # the current article
        parts = _parts(low)
        _wrapped_alike(parts + parts[:3])  # the same objects again: remembered as parts
        _wrapped_alike(_parts(lower_same_length(other)) + [text, text.upper(), low + " x",
                                                            low.replace(" ", "  ")])


@pytest.mark.parametrize("pattern", TRICKY)
def test_needles_are_in_every_text_matched(pattern: str) -> None:
    needles = derive_needles(pattern)
    leads = derive_leads(pattern)
    rx = re.compile(pattern)
    samples = ["shelled", "mortar shells", "ax", "hand grenade", "bcd", "fgh", "acd", "abcd",
               "xyz", "qar", "police Department", "Sheriff's office", "KILLed", "WOUND", "aba",
               "were killed", "was was shot", "ABx", "12 dead", "2019-05", "  MOGADISHU, AL",
               "abc", "été", "ſtop", "left two dead", "nobody hurt", "no one was hurt",
               "killed and the gunman", "and the lone gunmen", "abcde", "xabcfg",
               "the man said", "The the x said"]
    for s in samples:
        for m in rx.finditer(s):
            if needles is not None:  # in the text, if not in the match (lookarounds)
                assert any(n in s for n in needles), (pattern, s)
            if leads is not None:
                assert any(m.group(0).startswith(n) for n in leads), (pattern, s)


def test_case_insensitive_patterns_get_no_case_sensitive_needles() -> None:
    assert derive_needles(re.compile("killed", re.IGNORECASE)) is None
    assert derive_needles(re.compile("(?i)killed")) is None
    assert derive_needles(re.compile("KILLED", re.IGNORECASE), fold=True) == ("killed",)
    assert derive_leads(re.compile("killed", re.IGNORECASE)) is None


def test_a_pattern_without_literals_always_runs() -> None:
    assert derive_needles(r"\d+") is None
    assert derive_needles(r"\w+y") is None  # one letter is not worth a look
    index = TextIndex("42 people")
    assert index.may_match(re.compile(r"\d+"))
    assert [m.group(0) for m in index.finditer(re.compile(r"\d+"))] == ["42"]


def _date_groups(m: re.Match[str]) -> tuple[tuple[int, int], dict[str, str | None]]:
    return m.span(), {k: v.lower() if v else v for k, v in m.groupdict().items()}


def _dates_alike(text: str) -> None:
    from eventpipe.coder.dates import _DATE_RE, _DATE_RE_LOWER, _date_matches

    assert _DATE_RE_LOWER is not None
    assert lower_is_safe(text)
    want = [_date_groups(m) for m in _DATE_RE.finditer(text)]
    assert [_date_groups(m) for m in _DATE_RE_LOWER.finditer(text.lower())] == want
    # tried only where a match may start (dates._DATE_STARTS)
    assert [_date_groups(m) for m in _date_matches(text)] == want


def test_date_pattern_on_lower_case_text_finds_the_same() -> None:
    for text in GOLDEN_TEXTS:
        if lower_is_safe(text):
            _dates_alike(text)
            _dates_alike(text.upper())
    assert lower_is_safe("\u201cOn Monday\u201d \u2014 2\u00a0May")
    assert not lower_is_safe("Caf\u00e9 on Monday")
    assert not lower_is_safe("\u017fince Monday")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(
    ["on", "Monday", "MAY", "may", "5", "12th", "of", "March", "last", "year", "2019-05-04",
     "3/4/21", "two", "days", "ago", "Last Week", "in", "1998", "Sept.", "overnight", "'99",
     "earlier this", "June", "TONIGHT", "since", "Friday's", "-", "x", "the", "previous day",
     "day before", "an", "weeks", "later", "during", "2004", "early", "late", "today",
     "this morning", "past", "weekend", "next", "sunday", "dec", "of the", "a", "10"]),
    st.sampled_from([" ", ", ", ". ", "-", "\n", "", "\u2019", " \u2014 ", "\u00a0", "  ",
                     " \n "])),
    min_size=1, max_size=12))
def test_date_pattern_on_generated_text_finds_the_same(parts: list[tuple[str, str]]) -> None:
    _dates_alike("".join(w + g for w, g in parts))


def test_lowercase_variant_refuses_what_case_could_change() -> None:
    from eventpipe.coder.regex_literals import lowercase_variant

    assert lowercase_variant(re.compile("[A-Z]x", re.IGNORECASE)) is None
    assert lowercase_variant(re.compile("Monday", re.IGNORECASE)) is None
    assert lowercase_variant(re.compile("\u017ftop", re.IGNORECASE)) is None  # long s ~ s
    assert lowercase_variant(re.compile(r"(a)\1", re.IGNORECASE)) is None
    assert lowercase_variant(re.compile("a(?-i:b)", re.IGNORECASE)) is None
    assert lowercase_variant(re.compile("monday")) is None  # not case-insensitive at all
    assert lowercase_variant(re.compile(r"(?<![\w-])monday\b", re.IGNORECASE)) is not None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=127),
                                  st.characters(min_codepoint=128, max_codepoint=0x2FFF)),
               max_size=60))
def test_letters_and_capitals_count_like_str_methods(sample: str) -> None:
    from eventpipe.coder.news_region import _letters_and_capitals

    assert _letters_and_capitals(sample) == (sum(map(str.isalpha, sample)),
                                             sum(map(str.isupper, sample)))


_POSSESSIVE_TEXTS = [
    "the mayor's assassination shocked the town",
    "officers said the union leader’s murder was planned",
    "the killing of the reporter's brother's murder inquiry",  # a possessive before the noun
    "a b c d e f g's killing",  # more words than the pattern's possessor takes
    "villagers’ slaying of a thief",
    "no killing here, 12 people's murders",
    "the\u00a0senator's\u00a0killing",  # a non-breaking space is whitespace too
    "murder rates rose; the judge's murder trial opened",
    "",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "judge's", "mayors'", "x’", "murder", "killing",
                                 "slaying", "assassination", ",", ".", "7", "-", "  ", "\n",
                                 "a-b", "rates"]), max_size=14))
def test_possessive_kills_are_the_pattern_s_matches(words: list[str]) -> None:
    from eventpipe.coder.counts_single import _POSSESSIVE_KILL, _possessive_kills

    for text in [" ".join(words), "".join(words), *_POSSESSIVE_TEXTS]:
        assert [m.span() for m in _possessive_kills(text)] == \
            [m.span() for m in _POSSESSIVE_KILL.finditer(text)], text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=127),
                                  st.sampled_from("é’—İſ\u00a0😀\ud800")), max_size=40))
def test_every_part_of_a_text_has_its_pieces_in_the_text(text: str) -> None:
    from eventpipe.coder.prefilter_scope import gram_set, text_grams

    pieces = text_grams(text)
    for i in range(len(text)):
        for j in range(i + 1, min(len(text), i + 12) + 1):
            got = gram_set(text[i:j])
            assert got is None or got <= pieces, (text, text[i:j])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from("abkpt -"), st.sampled_from("é’😀\ud800")),
               max_size=30),
       st.lists(st.text(alphabet=st.sampled_from("abkpt -é’😀\ud800"), min_size=1, max_size=4),
                max_size=12))
def test_scope_says_a_needle_is_in_the_text_exactly_when_it_is(text: str,
                                                               needles: list[str]) -> None:
    from eventpipe.coder.prefilter_scope import Scope, text_grams

    scope = Scope(text, text_grams(text))
    for needle in needles + [text[i:i + k] for i in range(len(text)) for k in (2, 3)]:
        assert scope.contains(needle) == (needle in text), (text, needle)
        assert scope.contains(needle) == (needle in text), (text, needle)  # remembered
