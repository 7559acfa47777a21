"""Victims the grammar counts one by one, put together for a sentence's counts: a pair ("the
mayor and his bodyguard"), a single victim, a person with a group ("the governor and two of
his guards"), one more person "also killed", a single wounded."""

from __future__ import annotations

import re

from .counts import Count
from .counts_single import (
    first_kill,
    pair_of_victims,
    person_and_group,
    single_victim,
    single_wounded,
)

# "the minister was assassinated in an attack in which two of his guards were also killed"
_ALSO_DIED = re.compile(r"\b(?:were|have\s+been|had\s+been)\s+also\s+(?:killed|murdered|"
                        r"shot\s+dead|slain)\b|\balso\s+(?:died|perished|lost\s+their\s+lives)\b")


def also_killed(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with one person killed earlier in the sentence added to a counted group
    that was "also killed"."""
    killed = [c for c in counts if c.kind == "killed" and not c.explicit_zero]
    if len(killed) != 1 or "also" not in low:
        return counts
    c = killed[0]
    if not _ALSO_DIED.search(low, c.start - offset, c.end - offset + 20):
        return counts
    first = first_kill(low[:c.start - offset])
    if first is None:
        return counts
    n = c.best + 1
    return [x for x in counts if x is not c] + [
        Count("killed", n, n, n, c.group, offset + first[0], c.end, False)]


def single_people(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with the people the grammar counts one by one: pairs, single victims, a
    person with a group, one more "also killed", a single wounded."""
    counts = pair_of_victims(low, counts, offset)
    counts = person_and_group(low, counts + single_victim(low, counts, offset), offset)
    counts = also_killed(low, counts, offset)
    return counts + single_wounded(low, counts, offset)
