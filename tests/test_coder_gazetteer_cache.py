"""The gazetteer's remembered lookups never make one article's places depend on another's.

A name found through its consonant skeleton ("Galgaduud") offers only the country and admin1
rows of the name it resembles; found as written, it offers all its rows. Whichever is asked
first, each must get its own candidates.
"""

from __future__ import annotations

from eventpipe.coder.places import Gazetteer


def test_fuzzy_and_exact_candidates_do_not_share_a_cache_entry() -> None:
    gaz = Gazetteer.load()
    scanner = gaz._scanner
    index = gaz._data.index
    pairs = [(key, big) for entries in scanner._skeletons.values() for key, big in entries
             if 0 < len(big) < len(index[key])]
    assert pairs, "no name with both big and small places"
    key, big = pairs[0]
    full = index[key]
    subset_first = scanner._candidates(key, None, big)
    full_after = scanner._candidates(key, None, full)
    assert len(subset_first) < len(full_after)
    assert scanner._candidates(key, None, big) == subset_first
    assert {p.kind for p in subset_first} <= {"country", "admin1"}


def test_fuzzy_lookups_are_remembered_as_computed() -> None:
    scanner = Gazetteer.load()._scanner
    word = "galgaduud"
    first = scanner._fuzzy(word)
    assert scanner._fuzzy(word) == first == scanner._fuzzy_uncached(word)
