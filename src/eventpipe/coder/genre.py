"""The genre of an article, from its own labels: opinion and speech genres.

Editorials, commentaries, columns, speeches, statements and communiques talk about
violence far more often than they report it ("the bombings must stop", "militias have attacked
our supporters"). Wire services and newspapers label them: a bracketed tag after the dateline
("-- [EDITORIAL]", "[COMMENTARY]", "[SPEECH]"), a kicker at the head of the text or the title
("OPINION:", "Editorial:", "Op-Ed"). In such an article an incident needs a concrete anchor of its
own - a casualty figure or a calendar day - to be coded.
"""

from __future__ import annotations

import re

_TAG = (r"editorial|commentary|column|op-?ed|opinion|speech|statement|communiqu[eé]|"
        r"letter to the editor")
# "-- [EDITORIAL] [TEXT] ...", "[INTERVIEW WITH ...]" right after the dateline
_BRACKET = re.compile(r"(?:--|—|–)\s*(?:\[[^\]]{0,80}\]\s*)?\[\s*(?:station\s+)?(?:" + _TAG +
                      r")\b", re.IGNORECASE)
# "OPINION: ...", "Editorial | ...", "Op-Ed: ..." as a kicker
_KICKER = re.compile(r"^\s*(?:" + _TAG + r")\s*[:|\-—–]", re.IGNORECASE)
_HEAD = 400


def opinion_genre(text: str, title: str | None = None) -> bool:
    """The article labels itself as opinion, speech, statement or communique."""
    head = text[:_HEAD]
    if _BRACKET.search(head) or _KICKER.match(head):
        return True
    return bool(title and _KICKER.match(title))


# Communiques and statements of armed forces and armed groups report their own actions: a
# relative day of their own ("this morning", "today") dates an incident there, as in news.
_REPORTING = re.compile(r"(?:--|—|–)\s*(?:\[[^\]]{0,80}\]\s*)?\[\s*(?:communiqu[eé]|statement)\b",
                        re.IGNORECASE)


def reporting_genre(text: str) -> bool:
    """The article is a communique or a statement (an opinion genre that reports actions)."""
    return bool(_REPORTING.search(text[:_HEAD]))
