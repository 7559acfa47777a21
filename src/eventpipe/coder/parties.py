"""Actors a sentence names that are no party to its act: sources and the like.

The source of a report (", police said", "according to the army") tells the act; police who
investigate it or tally the dead come after it.

"Gunmen shot dead seven villagers they accused of collaborating with the army": the army is
not a party to the killing; it is the side the victims were accused of helping. The same holds
for "suspected army informants" and "killed for supporting the PDF". And in "the blast killed
the attacker and five civilians" the attacker is the bomber, told again among the dead, not a
victim of the bombing. Such an actor is dropped from the roles of the act.
"""

from __future__ import annotations

import re

from .actors import Actor
from .counts_rules import SERVING_NOUNS

# "accused of collaborating with the", "suspected of spying for", "for supporting the"
_TIE_BEFORE = re.compile(
    r"\b(?:accus\w*|suspect\w*|for|of|over)\s+(?:\w+\s+){0,2}?(?:allegedly\s+|being\s+|having\s+)?"
    r"(?:collaborat\w*|cooperat\w*|collud\w*|work(?:ing|ed)|spy(?:ing)?|inform(?:ing|ed)|"
    r"sid(?:ing|ed)|support(?:ing|ed)?|aid(?:ing|ed)|help(?:ing|ed)|sympathi[sz]\w*|"
    r"links?|ties)\s+(?:with\s+|for\s+|to\s+|on\s+)?(?:the\s+)?$")
# "suspected army informants", "alleged police collaborators"
_TIE_AFTER = re.compile(rf"\s+(?:{SERVING_NOUNS}|spy|sympathi[sz]ers?|supporters?)\b")


# "the blast killed the attacker", "the explosion also killed the suicide bomber"
_OWN_BLAST = re.compile(r"\b(?:blast|explosion|bomb|device|vest|detonation)s?\s+(?:\w+\s+){0,2}?"
                        r"(?:killed|claimed the li(?:fe|ves) of)\s+(?:the\s+)?(?:suicide\s+)?$")
_BOMBER = re.compile(r"(?:suicide\s+)?(?:attacker|bomber|assailant|perpetrator)")


def not_party(low: str, a: Actor) -> bool:
    """Whether ``a`` is named only as the side the victims were accused of serving, or is the
    bomber told among the blast's dead."""
    if not a.named and not a.state and _BOMBER.fullmatch(low, a.start, a.end) and \
            _OWN_BLAST.search(low, max(0, a.start - 60), a.start):
        return True
    if _TIE_AFTER.match(low, a.end) and not a.named:
        return True
    if a.state and _CAME_AFTER.match(low, a.end):
        return True  # "soldiers arrived after the shooting had stopped": no side of it
    return bool(_TIE_BEFORE.search(low, max(0, a.start - 70), a.start))


# forces that came only once the act was over ("Soldiers and National Guard troops arrived
# after the shooting had stopped")
_CAME_AFTER = re.compile(r"(?:(?:\s+and)?(?:\s+[\w'’-]+){1,4}?)?\s+(?:only\s+|later\s+)?"
                         r"(?:arrived|came|rushed\s+in|were\s+(?:deployed|sent|dispatched))\s+"
                         r"(?:(?:only|shortly|soon|long|hours|minutes)\s+)?(?:after|once)\s+"
                         r"(?:the\s+)?(?:shooting|fighting|attack|clash(?:es)?|gunfire|violence|"
                         r"gunmen|attackers|assailants)\b")


_SOURCE_AFTER = re.compile(r"(?:['’]s?)?(?:\s+(?:spokesm[ae]n|spokeswoman|spokesperson|officials?|"
                           r"sources?|commanders?|chiefs?|media wing|statement))?"
                           r"(?:\s+in\s+[\w ]{2,30}?)?\s+(?:said|says|say|told|reported|stated|"
                           r"added|confirmed|announced)\b")
_SOURCE_BEFORE = re.compile(r"(?:,|\baccording to|\bsaid)\s+(?:(?:the|a|an|its|their)\s+)?"
                            r"(?:[\w'’]+\s+){0,2}$")


_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+(?:(?:the|a|an|its|their)\s+)?"
                               r"(?:[\w'’-]+\s+){0,3}$|"
                               # "according to a member of a local X group"
                               r"\baccording\s+to\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                               r"(?:members?|spokesm[ae]n|spokeswoman|commanders?|officials?|"
                               r"leaders?|fighters?|sources?)\s+(?:of|from|in|with)\s+"
                               r"(?:(?:the|a|an|its|their)\s+)?(?:[\w'’-]+\s+){0,2}$")
_SPEAKER_AFTER = re.compile(r"(?:['’]s?)?(?:\s+(?:spokesm[ae]n|spokeswoman|spokesperson|officials?|"
                            r"sources?|investigators?|detectives?|reports?|department))?"
                            r"(?:\s+(?:later|also|then|subsequently|initially|first|earlier|originally))?"
                            r"\s+(?:said|says|say|told|reported|stated|announced|confirmed|believe[sd]?|"
                            r"allege[sd]?|suspect(?:s|ed)?|think|thought)\b")
_SPEAKER_START = re.compile(r"(?:[.;:\n\"“\]–—|]\s*|\s-\s+|\b(?:and|but|that)\s+)(?:the\s+|a\s+)?"
                            r"(?:[\w'’-]+\s+){0,3}$")
_SENT_OPENING = re.compile(r"(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}$")


# "the Arakan Army announced that it had captured ...": the speaker tells its own act
_SELF_ACTS = (r"killed|captured|destroyed|repulsed|repelled|seized|recaptured|retaken|attacked|"
              r"bombed|struck|ambushed|shot\s+down|neutrali[sz]ed|eliminated|found|dismantled|"
              r"defused|recovered")
_SELF_REPORT = re.compile(r"(?:\s+that)?\s+(?:it|they|its\s+(?:fighters|forces|troops|men|units)|"
                          r"their\s+(?:fighters|forces|troops|men))\s+(?:(?:had|have|has|was|were|"
                          rf"would|will)\s+(?:(?P<act>{_SELF_ACTS})\b)?|(?P<act2>{_SELF_ACTS})\b)")


def _tells_own_act(low: str, a: Actor, end: int) -> bool:
    """A group telling its own act; a state force only its own fighting (police who "say they
    have arrested" a suspect are the source of the shooting they report)."""
    m = _SELF_REPORT.match(low, end) if a.armed else None
    return m is not None and (not a.state or (m.group("act") or m.group("act2")) is not None)


# "witnesses told police that ...", "fishermen told reporters": whom the source told
_ADDRESSEE_BEFORE = re.compile(r"\b(?:told|tell|tells|telling|informed)\s+(?:the\s+|a\s+)?"
                               r"(?:local\s+)?$")
# "victims were found by officers investigating a call about gunfire": police on the case
_INVESTIGATING = re.compile(r"\s+(?:in\s+[a-z]+(?:\s+[a-z]+)?\s+)?(?:who\s+)?"
                            r"(?:(?:were|are|is|was|have|had|has)\s+)?(?:investigating|probing|"
                            r"searching\s+for|looking\s+for|identified|named|released\s+the|"
                            r"tallied|counted)\b")


def is_source(low: str, a: Actor, sent_start: int = 0) -> bool:
    """An actor named as the speaker: ", police said", "Police say the man ...", "according
    to the police, ..." (not one that tells its own act), or police who investigate the act."""
    if a.role == "COP" and _INVESTIGATING.match(low, a.end):
        return True
    if _ADDRESSEE_BEFORE.search(low, max(0, a.start - 30), a.start):
        return True
    if _ACCORDING_BEFORE.search(low, max(0, a.start - 40), a.start):
        return True
    src = _SOURCE_AFTER.match(low, a.end)
    if src and _SOURCE_BEFORE.search(low, max(0, a.start - 40), a.start):
        return not _tells_own_act(low, a, src.end())
    spk = _SPEAKER_AFTER.match(low, a.end)
    if spk is None or _tells_own_act(low, a, spk.end()):
        return False
    head = low[max(sent_start, a.start - 40):a.start]
    return bool(_SPEAKER_START.search(head) or (a.start - 40 <= sent_start
                                                and _SENT_OPENING.fullmatch(head)))
