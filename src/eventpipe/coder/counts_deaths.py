"""One death told by a noun phrase rather than a verb with a counted subject: a body found
("the body of the kidnapped mayor was found", "the victim's body was discovered"), a death noun
of news reports ("an accidental shooting death", "the fatal shooting of a teenager", "claimed the
life of a retiree"). Used by ``counts_single.first_kill``.
"""

from __future__ import annotations

import re

# "the body of the kidnapped mayor was found": one person dead
_BODY_FOUND = re.compile(r"\b(?:the|his|her|a) (?:bullet-riddled |mutilated |decapitated )?body "
                         r"of (?P<obj>[^,.;:()\"]{3,60}?),? (?:was|has been|had been) "
                         r"(?:found|discovered|recovered|dumped|left)\b")

# "the victim's body was discovered two days later": one person dead
_POSSESSED_BODY = re.compile(r"\b(?:the|a|his|her)\s+(?P<obj>(?:[a-z-]+\s+)?[a-z-]+)(?:'s|’s)\s+"
                             r"(?:bullet-riddled |mutilated |decapitated )?body"
                             r"(?:,[^,.;:()]{1,40},)? (?:was|has been|had been) "
                             r"(?:found|discovered|recovered|dumped|left)\b")

# "deputies are investigating an accidental shooting death": one death, its victim unnamed (not
# "the shooting death of two brothers", nor "a shooting death case")
SHOOTING_DEATH = re.compile(r"\b(?:a|an)\s+(?:(?:accidental|apparent|possible|suspected|"
                            r"early-morning|late-night|weekend)\s+)?(?:shooting|stabbing)\s+"
                            r"death\b(?!s)(?!\s+(?:of|case|cases|investigation|probe|trial|"
                            r"charges?)\b)")

# "the fatal shooting of an unarmed 15-year-old", "claimed the life of a 70-year-old man": the
# one victim after "of" (read as the object of a killing verb)
DEATH_OF = re.compile(r"\b(?:fatal\s+(?:shooting|stabbing)|(?:shooting|stabbing)\s+death|"
                      r"(?:claimed|took|ended)\s+the\s+life)\s+of\s+(?:the\s+|a\s+|an\s+)?"
                      r"(?P<obj>[a-z0-9][^,.;:()\"]{0,60})")


def body_found(low: str) -> re.Match[str] | None:
    """A body found, with the phrase that names whose (group ``obj``)."""
    return _BODY_FOUND.search(low) or _POSSESSED_BODY.search(low)
