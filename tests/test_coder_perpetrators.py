"""Casualty counting of perpetrators, named victims, ranges and subsets (texts written here)."""

from __future__ import annotations

import pytest

from eventpipe.coder.counts import CountMatcher, find_counts
from eventpipe.coder.lexicon import load_lexicon


@pytest.fixture(scope="module")
def cm() -> CountMatcher:
    return CountMatcher(load_lexicon())


def _killed(cm: CountMatcher, text: str) -> int:
    return sum(c.best for c in find_counts(text.lower(), cm, text) if c.kind == "killed")


@pytest.mark.parametrize(("text", "killed"), [
    ("In addition to the bomber, nine people were killed in the explosion.", 10),
    ("In addition to the two assailants, three guards were killed.", 5),
    ("In addition to the attacker's death, four soldiers were wounded.", 1),
    ("At least three policemen and the attacker were killed in the raid.", 4),
    ("The gunman was also killed after a short exchange of fire.", 1),
    ("Security forces shot and killed the assailant near the gate.", 1),
    ("Troops killed a suicide bomber before he reached the checkpoint.", 1),
])
def test_perpetrators_are_counted(cm: CountMatcher, text: str, killed: int) -> None:
    assert _killed(cm, text) == killed


def test_active_subject_is_not_a_victim(cm: CountMatcher) -> None:
    assert _killed(cm, "Three gunmen killed two farmers at the market.") == 2


def test_including_list_is_a_subset(cm: CountMatcher) -> None:
    text = ("Five people, including a driver, two guards and a teacher, were killed in the "
            "ambush.")
    assert _killed(cm, text) == 5


def test_named_victims(cm: CountMatcher) -> None:
    assert _killed(cm, "Gunmen shot and killed Daud Rahimi, a school teacher, in the town.") == 1
    assert _killed(cm, "Rahimi and his brother were killed in the attack.") == 2
    assert _killed(cm, "Rahimi and two of his guards were killed outside the mosque.") == 3
    assert _killed(cm, "The elder, Jalil Omar, was killed in the blast.") == 1


def test_range_with_and_and_half_a_dozen(cm: CountMatcher) -> None:
    counts = find_counts("between six and eight villagers were killed.", cm)
    assert [(c.low, c.best, c.high) for c in counts if c.kind == "killed"] == [(6, 7, 8)]
    counts = find_counts("half a dozen guards were wounded.", cm)
    assert [c.best for c in counts if c.kind == "wounded"] == [6]
    counts = find_counts("one hundred and five people were killed.", cm)
    assert [c.best for c in counts if c.kind == "killed"] == [105]


def test_qualified_object_keeps_open_bound(cm: CountMatcher) -> None:
    counts = find_counts("the blast wounded at least 17 people.", cm)
    assert [(c.low, c.best, c.high) for c in counts if c.kind == "wounded"] == [(17, 17, None)]


def test_long_death_toll_phrase(cm: CountMatcher) -> None:
    text = "the death toll from friday's attack on the market in the town rose to 19."
    assert [c.best for c in find_counts(text, cm) if c.kind == "killed"] == [19]


def test_beaten_to_death_and_both(cm: CountMatcher) -> None:
    assert _killed(cm, "A crowd beat a man to death near the bus station.") == 1
    assert _killed(cm, "Both hostages were executed two days later.") == 2
