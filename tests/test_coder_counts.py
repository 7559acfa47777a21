"""Casualty counts from sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventpipe.coder.counts import CountMatcher, find_counts
from eventpipe.coder.counts_share import shared
from eventpipe.coder.lexicon import load_lexicon


@pytest.fixture(scope="module")
def cm() -> CountMatcher:
    return CountMatcher(load_lexicon())


def _total(counts, kind):
    return [(c.low, c.best, c.high) for c in counts if c.kind == kind]


def test_digits_and_words(cm):
    counts = find_counts("four soldiers were killed and another wounded in the attack.", cm)
    assert _total(counts, "killed") == [(4, 4, 4)]
    assert _total(counts, "wounded") == [(1, 1, 1)]


def test_compound_number_word(cm):
    counts = find_counts("twenty-one people were killed when the bus was hit.", cm)
    assert _total(counts, "killed") == [(21, 21, 21)]


def test_at_least_has_no_upper_bound(cm):
    counts = find_counts("at least 12 villagers were killed overnight.", cm)
    assert _total(counts, "killed") == [(12, 12, None)]


def test_range(cm):
    counts = find_counts("between 12 and 15 fighters were killed.", cm)
    assert _total(counts, "killed") == [(12, 13, 15)]


def test_around_rule(cm):
    counts = find_counts("the fighting led to the loss of around 300 servicemen.", cm)
    assert _total(counts, "killed") == [(270, 300, 330)]


def test_vague_words_use_acled_figures(cm):
    counts = find_counts("dozens of people were injured in the blast.", cm)
    assert _total(counts, "wounded") == [(12, 12, None)]


def test_coordinated_groups_are_added(cm):
    counts = find_counts("two soldiers and three civilians were killed in the raid.", cm)
    assert [c.best for c in counts if c.kind == "killed"] == [5]


def test_object_position(cm):
    counts = find_counts("the explosion killed seven people and wounded 11 others.", cm)
    assert _total(counts, "killed") == [(7, 7, 7)]
    assert _total(counts, "wounded") == [(11, 11, 11)]


def test_years_are_not_counts(cm):
    assert not [c for c in find_counts("in 2019 killed was the word.", cm) if c.best == 2019]


def test_explicit_zero(cm):
    counts = find_counts("no one was injured in the fire.", cm)
    assert [c.best for c in counts if c.kind == "wounded"] == [0]


@pytest.mark.parametrize(("total", "n", "share"), [
    ((9, 9, 9), 3, (3, 3, 3)),        # even split
    ((7, 7, 7), 2, (3, 4, 4)),        # best to the nearest person, low down, high up
    ((12, 12, None), 4, (3, 3, None)),   # "at least 12": no upper bound
    ((None, None, None), 3, (None, None, None)),  # no toll told: still none
    ((0, 0, 0), 3, (0, 0, 0)),        # a reported zero stays zero
    ((5, 5, 5), 1, (5, 5, 5)),        # an incident's own toll
])
def test_shared_toll_split(total: tuple, n: int, share: tuple) -> None:
    assert shared(total, n) == share


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500), st.integers(1, 12))
def test_shared_toll_keeps_low_best_high_order(a: int, b: int, c: int, n: int) -> None:
    lo, best, hi = sorted((a, b, c))
    s_lo, s_best, s_hi = shared((lo, best, hi), n)
    assert s_best is not None and 0 <= s_lo <= s_best <= s_hi
