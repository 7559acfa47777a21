"""Patterns of the casualty counter for perpetrators, named victims and active verbs.

Split from ``counts`` to keep each module small; ``counts.find_counts`` is their only user.
"""

from __future__ import annotations

import re

PERP = r"bomber|assailant|attacker|perpetrator|gunm[ae]n|shooter|hijacker|suspect"
# "... and the assailant were killed", "the bomber was also killed": one perpetrator; read as
# "one" (same length, so offsets hold) and counted like any other group.
THE_PERP = re.compile(
    rf"(?<=\band )the(?= (?:lone |suicide |male |female )?(?:{PERP})\b(?!s))|"
    rf"(?:(?<=killed )|(?<=killing ))the(?= (?:lone |suicide |male |female )?(?:{PERP})\b(?!s))|"
    rf"\bthe(?= (?:lone |suicide |male |female )?(?:{PERP}),? (?:was|had been|has been) "
    r"(?:also |later |reportedly |eventually )?(?:killed|dead|slain|shot dead|shot and killed))")
INCLUDING_SELF = re.compile(r"\bincluding (?:him|her|them)sel(?:f|ves)\b")
AND_KIN = re.compile(r"\s+and\s+(?:his|her|their)\s+(?:\w+\s+)?(?:son|daughter|wife|husband|"
                      r"brother|sister|father|mother|bodyguard|driver|guard|child|nephew|"
                      r"cousin|relative)\b")
AUX_WORD = re.compile(r"\b(?:was|were|are|is|been|being|got|get)\b")
ACTIVE_KINDS = frozenset({"killed", "murdered", "massacred", "assassinated", "executed",
                           "beheaded", "lynched", "gunned down", "shot dead", "wounded",
                           "injured", "shot", "shot and killed", "shot to death",
                          "stabbed to death", "beaten to death", "hacked to death"})

# A named person killed: "shot and killed Ahmad Khan, a tribal elder", "Khan, a teacher, was
# killed" (read on the original case; one victim).
NAMED_OBJECT = re.compile(
    r"\b(?:shot and killed|killed|assassinated|murdered|beheaded|shot dead|executed)\s+"
    r"(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+(?=,|\s+(?:in|at|on|near|and|while|as)\b|\.)")
NAMED_SUBJECT = re.compile(
    r"\b[A-Z][\w'’-]+(?:,[^,.;]{3,80},|,)?\s+(?:(?:was|had been|has been)\s+"
    r"(?:also\s+|later\s+|reportedly\s+)?(?:shot and killed|killed|shot dead|assassinated|"
    r"murdered|slain|beheaded|executed|pronounced dead|found dead)|(?:later\s+)?died)\b")
# One victim named by a death noun or by age alone: "the shooting death of a teenager",
# "accused of killing a 19-year-old", "charged with murdering 34-year-old John Doe".
ONE_DEATH = re.compile(
    r"\b(?:shooting|stabbing|beating) death of\b|"
    r"\b(?:killing|killed|murdering|murdered|gunning down|gunned down|fatally shooting|"
    r"fatally shot|shot and killed)\s+(?:an?\s+)?\d{1,3}[- ]years?[- ]old\b", re.IGNORECASE)
NAME_AND_BEFORE = re.compile(r"(?<![\w,] )\b([A-Z][\w'’-]+)\s+and\s+$")
NAMED_AND = re.compile(
    r"\b([A-Z][\w'’-]+)\s+and\s+(?:(?:his|her)\s+(?:\w+\s+)?\w+|(?P<rest>.{3,60}?))\s+"
    r"were\s+(?:also\s+|both\s+)?(?:killed|shot dead|shot and killed|executed|beheaded)\b")
NOT_NAME = frozenset({"The", "A", "An", "He", "She", "It", "They", "This", "That", "One", "No",
                       "Nobody", "None", "Everyone", "Someone", "Who", "Which"})
