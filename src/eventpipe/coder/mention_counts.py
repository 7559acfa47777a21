"""The casualty counts one sentence (or clause) reports, with offsets into the article's text."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .counts import Count, find_counts
from .counts_news import long_subject, news_wounded, shooting_size
from .counts_people import single_people
from .counts_story import fatal_part, without_acronyms

# "eight other people were wounded in separate shootings around the city", "one dead and three
# wounded in three separate shootings": the victims of several incidents, no toll of one of them
_SEPARATE_ACTS = re.compile(r"\bin\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|several|"
                            r"multiple|\d+)\s+)?separate\s+(?:[\w'’-]+\s+){0,2}?(?:incidents|"
                            r"attacks|shootings|stabbings|bombings|clashes|assaults|raids)\b")

def sentence_counts(low: str, text: str, start: int, end: int, bg_start: int,
                    rules: Any) -> list[Count]:
    """Counts of the sentence ``low[start:end]`` (``text``: the article) told before
    ``bg_start``, where a background clause opens."""
    s_low = low[start:end]
    counts = [replace(c, start=c.start + start, end=c.end + start)
              for c in find_counts(without_acronyms(s_low), rules, text[start:end])]
    counts = [c for c in counts if c.start < bg_start]
    counts += fatal_part(s_low, counts, start)
    counts += news_wounded(s_low, counts, start)
    counts = long_subject(s_low, counts, start)
    counts += shooting_size(s_low, counts, start)
    counts = single_people(without_acronyms(s_low, single=True), counts, start, low)
    if "separate" in s_low and _SEPARATE_ACTS.search(s_low):
        return [c for c in counts if c.explicit_zero]
    return counts


__all__ = ["sentence_counts"]
