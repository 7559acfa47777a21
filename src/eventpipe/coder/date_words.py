"""Words in a date's place that tell no date: "may" and "march" as verbs ("this may be the
work of rebels"), and a date inside a name ("the April 19 Movement", "1 May Avenue")."""

from __future__ import annotations

import re


def is_may_march_verb(orig: str, m: re.Match[str]) -> bool:
    """'may'/'march' as verbs: accept only a capitalised month word."""
    word = (m.group("mon") or m.group("mon2") or m.group("mon3") or m.group("mon4") or "")
    if word.lower().rstrip(".") not in {"may", "march", "mar"}:
        return False
    start = m.start("mon") if m.group("mon") else m.start("mon2") if m.group("mon2") else (
        m.start("mon3") if m.group("mon3") else m.start("mon4"))
    if _MODAL_AFTER.match(orig, start + len(word)):
        return True  # "THIS MAY BE THE WORK OF REBELS": a verb, also in upper-case text
    return not orig[start].isupper()


# A date that is part of a name: in quotes ('the "12 October" Revolutionary Command'), before a
# movement word ("the April 19 Movement") or a street's ("1 May Avenue"), not the day of anything.
_NAME_QUOTE_BEFORE = re.compile(r"[\"“]\s*$")
_NAME_AFTER = re.compile(r"(?:\s*[\"”])|\s+(?:Movement|Front|Legion|Brigades?|Commandos?|"
                         r"Command|Avenue|Street|Square|Boulevard|Bridge|Stadium)\b",
                         re.IGNORECASE)


def group_name(text: str, m: re.Match[str]) -> bool:
    after = _NAME_AFTER.match(text, m.end())
    if after is None:
        return False
    return not after.group().strip().startswith(("\"", "”")) or bool(
        _NAME_QUOTE_BEFORE.search(text, max(0, m.start() - 3), m.start()))


# words after "may" the verb ("may have been", "may be", "may not")
_MODAL_AFTER = re.compile(r"\s+(?:have|be|not|also|well|still|never|soon|only|even|yet|"
                          r"already|become|cause|lead|help|take|make|need|face|prove|"
                          r"remain|result|answer|seek|try|continue|affect|include)\b",
                          re.IGNORECASE)
