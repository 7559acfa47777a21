"""Shingles prepared by the coder workers: the same values the writer computes, taken once,
keyed by the exact text, and a bounded number held."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventpipe import syndication_prep
from eventpipe.syndication import minhash, shingles

TEXTS = ["Gunmen attacked a police post in the north on Tuesday, officials said.",
         "Gunmen attacked a police post in the north on Tuesday, officials said ",
         "Protesters marched to the ministry on Friday demanding the release of detainees.",
         "short", ""]


def test_prepared_values_equal_the_writers() -> None:
    syndication_prep.forget()
    syndication_prep.remember(syndication_prep.prepare(t) for t in TEXTS)
    for text in TEXTS:
        sh = shingles(text)
        arr, signature = syndication_prep.take(text)  # type: ignore[misc]
        assert arr.tolist() == sorted(sh) and signature == minhash(sh)
        assert syndication_prep.take(text) is None, "an entry is taken once"
    assert syndication_prep.take("never prepared") is None


def test_only_the_exact_text_matches() -> None:
    syndication_prep.forget()
    syndication_prep.remember([syndication_prep.prepare(TEXTS[0])])
    assert syndication_prep.take(TEXTS[0].upper()) is None
    assert syndication_prep.take(TEXTS[0] + " ") is None
    assert syndication_prep.take(TEXTS[0]) is not None


def test_held_entries_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    syndication_prep.forget()
    monkeypatch.setattr(syndication_prep, "MAX_PREPARED", 3)
    texts = [f"article number {i} about a clash near the border" for i in range(5)]
    syndication_prep.remember(syndication_prep.prepare(t) for t in texts)
    assert syndication_prep.held() == 3
    assert syndication_prep.take(texts[0]) is None and syndication_prep.take(texts[1]) is None
    assert all(syndication_prep.take(t) is not None for t in texts[2:])


def test_sorted_jaccard_equals_the_sets() -> None:
    import random

    from eventpipe.syndication import jaccard, jaccard_sorted, shingle_array

    rng = random.Random(7)
    pairs = [(set(), set()), (set(), {1}), ({5}, {5}), ({1, 2, 3}, {3, 4})]
    for _ in range(300):
        base = {rng.getrandbits(64) for _ in range(rng.randint(0, 60))}
        a = {x for x in base if rng.random() < 0.8} | {rng.getrandbits(64) for _ in range(3)}
        b = {x for x in base if rng.random() < 0.8}
        pairs.append((a, b))
    for a, b in pairs:
        assert jaccard_sorted(shingle_array(a), shingle_array(b)) == jaccard(a, b)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cdÉé\n_1-")), max_size=80))
def test_the_array_of_a_text_is_its_shingle_set_sorted(text: str) -> None:
    from eventpipe.syndication import minhash_array, shingle_array, shingle_array_of

    sh = shingles(text)
    arr = shingle_array_of(text)
    assert arr.dtype == shingle_array(sh).dtype
    assert arr.tolist() == sorted(sh)
    assert minhash_array(arr) == minhash(sh)
