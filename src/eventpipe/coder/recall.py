"""Recall clauses: "<time> after ..." and "came as ..." name another incident than the
sentence's own."""

from __future__ import annotations

import re
from typing import Any

from .framing import back_reference

# "<time> after ...": what follows recalls an earlier incident (its toll and weapon are not
# this one's)
_AFTER_CLAUSE = re.compile(r"\b(?:(?:a|one|two|three|four|five|six|seven|several|a\s+few|\d+)\s+"
                           r"(?:days?|weeks?|months?|years?)|(?:a\s+)?(?:day|week|month|year))"
                           r"\s+after\b|(?<=came )(?:as|amid)\b|(?<=comes )(?:as|amid)\b")
_CAME = re.compile(r"\b(?:came|comes|happened|occurred)\s+(?:just\s+|only\s+)?$")


def recalled(low: str, sent: Any, hits: list[Any], dates: list[Any]) -> tuple[list[Any], int]:
    """(the sentence's hits, where its background part starts). "A grenade killed two ..., a
    month after a similar attack killed 15": when the sentence reports an attack of its own
    first, the "<time> after" clause recalls an earlier incident ("died on Saturday, a week after
    he was shot" is the same incident's aftermath). "The killing came two days after a bomb
    exploded in X on Sunday": the story's incident named again, and the sentence tells X."""
    s_low = low[sent.start:sent.end]
    recall = _AFTER_CLAUSE.search(s_low)
    if recall is None:
        return hits, sent.end
    own = [h for h in hits if h.start < sent.start + recall.start()]
    came = _CAME.search(s_low, 0, recall.start()) is not None
    if came and own and all(back_reference(low, h, sent.start) for h in own) and \
            recall.group(0) != "as" and any(d.start >= sent.start + recall.end() for d in dates):
        return [h for h in hits if h not in own], sent.end
    if any(h.trigger.kind == "violent" for h in own) or came:
        return own, sent.start + recall.start()
    return hits, sent.end
