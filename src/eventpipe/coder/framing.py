"""How a sentence frames its action words: "sharply attacked the minister" is a verbal attack
(CAMEO criticism), not violence.

A reference to a known incident ("charged with murder", "the case of the murdered nuns") is still
coded: wire coders code it, and cross-article merging folds it into the incident's first report.
"""

from __future__ import annotations

import re
from typing import Any

# "harshly attacked the president": words, not arms
_VERBAL_ATTACK_BEFORE = re.compile(r"\b(?:harshly|sharply|bitterly|strongly|verbally|publicly|"
                                   r"fiercely|vehemently|openly|roundly)\s+$")


def verbal_attack(low: str, hit: Any, sent_start: int) -> bool:
    """An "attacked" that is criticism ("sharply attacked the minister")."""
    return hit.trigger.id == "attack" and \
        _VERBAL_ATTACK_BEFORE.search(low, max(sent_start, hit.start - 20), hit.start) is not None


__all__ = ["verbal_attack"]
