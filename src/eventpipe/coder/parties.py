"""Actors a sentence names only as what its victims were said to serve.

"Gunmen shot dead seven villagers they accused of collaborating with the army": the army is
not a party to the killing; it is the side the victims were accused of helping. The same holds
for "suspected army informants" and "killed for supporting the PDF". Such an actor is dropped
from the roles of the act (it neither initiates it nor suffers it).
"""

from __future__ import annotations

import re

from .actors import Actor

# "accused of collaborating with the", "suspected of spying for", "for supporting the"
_TIE_BEFORE = re.compile(
    r"\b(?:accus\w*|suspect\w*|for|of|over)\s+(?:\w+\s+){0,2}?(?:allegedly\s+|being\s+|having\s+)?"
    r"(?:collaborat\w*|cooperat\w*|collud\w*|work(?:ing|ed)|spy(?:ing)?|inform(?:ing|ed)|"
    r"sid(?:ing|ed)|support(?:ing|ed)?|aid(?:ing|ed)|help(?:ing|ed)|sympathi[sz]\w*|"
    r"links?|ties)\s+(?:with\s+|for\s+|to\s+|on\s+)?(?:the\s+)?$")
# "suspected army informants", "alleged police collaborators"
_TIE_AFTER = re.compile(r"\s+(?:informants?|informers?|collaborators?|spies|spy|sympathi[sz]ers?|"
                        r"supporters?)\b")


def tie_only(low: str, a: Actor) -> bool:
    """Whether ``a`` is named only as the side the victims were accused of serving."""
    if _TIE_AFTER.match(low, a.end) and not a.named:
        return True
    return bool(_TIE_BEFORE.search(low, max(0, a.start - 70), a.start))
