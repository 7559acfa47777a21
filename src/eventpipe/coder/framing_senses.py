"""Senses of an action word that report no act, and a captured place read as territory taken.

Split from ``framing`` to keep each module small: names that recall victims ("the Committee of
Relatives of Kidnapped Persons"), drug enforcement ("raided a cocaine laboratory"), crimes named
by the law ("a murder trial", "charged with murder"), victims named by an earlier act ("the
murdered union leaders"), officials on a visit, and forces that "captured" a town.
"""

from __future__ import annotations

import re
from typing import Any

from .actions import Hit


def text_before(low: str, pattern: re.Pattern[str], start: int, sent_start: int,
                width: int) -> bool:
    """``pattern`` ends right before ``start``, within ``width`` characters of the sentence."""
    return pattern.search(low, max(sent_start, start - width), start) is not None


# "the Committee of Relatives of Kidnapped Persons", "families of murdered journalists": a name
# or a group of people that recalls victims, no act
_KIN_OF_BEFORE = re.compile(r"\b(?:committees?|associations?|federations?|foundations?|movements?|"
                            r"unions?|councils?|coalitions?|networks?|organi[sz]ations?|"
                            r"societ(?:y|ies)|alliances?|mothers|fathers|relatives|families|"
                            r"widows|orphans|friends)\s+(?:and\s+[\w-]+\s+)?of\s+(?:the\s+)?"
                            r"(?:[\w'-]+,?\s+){0,6}?$")
_VICTIMS_AFTER = re.compile(r"(?:\s+and\s+[\w-]+)?\s+(?:people|persons|journalists|students|"
                            r"workers|peasants|priests|leaders|children|sons|daughters|activists|"
                            r"prisoners|soldiers|policemen|officers|women|men|teachers|unionists|"
                            r"detainees|victims|relatives|comrades)\b")
# drug enforcement: "police raided a cocaine laboratory", "confiscated 40 kilograms of heroin"
_DRUG = r"(?:cocaine|heroin|marijuana|cannabis|drugs?|narcotics?|coca|opium|hashish|crack|" \
    r"methamphetamine|contraband)"
_DRUG_SITE_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:(?:" + _DRUG + r"[\w-]*\s+(?:[\w-]+\s+)?"
                              r"(?:labs?|laborator(?:y|ies)|plantations?|fields?|crops?|"
                              r"warehouses?|farms?|stash(?:es)?|dens?|houses?))|labs?|"
                              r"laborator(?:y|ies))\b")
_DRUG_AFTER = re.compile(r"\s+(?:[\w.,-]+\s+){0,5}?" + _DRUG + r"\b")
_DRUG_BEFORE = re.compile(r"\b" + _DRUG + r"\b[^.;]{0,50}$")


# "a murder trial", "the kidnapping case", "charged with murder": the crime named by the law,
# no report of the act
_ACT_NOUNS = frozenset({"murder", "murders", "killing", "killings", "kidnapping", "kidnappings",
                        "assassination", "assassinations", "massacre", "massacres", "homicide",
                        "homicides", "abduction", "abductions", "bombing", "bombings",
                        "shooting", "shootings", "attack", "attacks", "assault", "arson"})
_LEGAL_AFTER = re.compile(r"\s+(?:cases?|charges?|trials?|convictions?|defendants?|"
                          r"prosecutions?|indictments?|warrants?|statutes?|laws?|rates?|"
                          r"inquir(?:y|ies)|probes?|investigations?|investigators?)\b")
_CHARGED_WITH_BEFORE = re.compile(r"\b(?:charged with|accused of|convicted of|indicted for|"
                                  r"indicted on|tried for|sentenced for|wanted for|"
                                  r"arrested for|jailed for|acquitted of|guilty of|"
                                  r"charges?\s+of|counts?\s+of)\s+"
                                  r"(?:[\w-]+(?:,\s*|\s+and\s+|\s+or\s+)){0,3}"  # "of arson and"
                                  r"(?:(?:first|second|third)[- ]degree\s+|attempted\s+|"
                                  r"aggravated\s+)?$")
# ... when the crime word ends the charge ("charged with murder and robbery", "with murder.")
_CHARGE_END = re.compile(r"\s*(?:[,.;:)]|$)|\s+(?:and|or|in connection|after|for|over|but|by|"
                         r"at|before|charges?|counts?)\b")


# "demanded the prosecution of the authors of the bombing": justice sought for a known crime,
# no report of it
_JUSTICE_BEFORE = re.compile(r"\b(?:trial|punish\w*|prosecut\w*|justice|sentenc\w*|try|tried|"
                             r"arrest\w*|captur\w*|identif\w*|impunity)\b[^.;]{0,50}?\b"
                             r"(?:masterminds?|perpetrators?|(?:intellectual |material )?authors?|"
                             r"instigators?|culprits?|killers|those responsible)\s+(?:of|for)\s+"
                             r"(?:the\s+|this\s+|that\s+)?$")

# "no other officers were implicated in the murder of the priests, the prosecutor said": who took
# part in a known crime, asked in a case, is no report of it
# "the people responsible for the archbishop's murder", "those responsible for the killing":
# the authors of a known crime, named for justice or blame
_AUTHORS_BEFORE = re.compile(r"\b(?:those|people|persons|men|individuals|ones|authors|perpetrators)"
                             r" responsible for (?:the |this |that )?(?:[\w'’.-]+['’]s )?"
                             r"(?:[\w-]+ ){0,2}$")
_IMPLICATED_BEFORE = re.compile(r"\b(?:implicated|involved|complicity|participation|participat\w+|"
                                r"(?:tak(?:e|es|ing)|took) part|(?:a |any )?role)\s+in\s+"
                                r"(?:the\s+)?$")
_JUSTICE_WORD = re.compile(r"\b(?:trials?|prosecut\w*|courts?|judges?|evidence|case|"
                           r"punish\w*|summon\w*|indict\w*|testif\w*|testimony|hearings?)\b")


# "the UN special rapporteur on torture", "the committee against enforced disappearances", "a
# unit against kidnapping": an office or a law named after a crime, no act
_MANDATE_BEFORE = re.compile(r"\b(?:rapporteurs?|committees?|commissions?|conventions?|"
                             r"working\s+groups?|units?|squads?|laws?|bills?|treat(?:y|ies)|"
                             r"protocols?|offices?|task\s+forces?|campaigns?|days?)\s+"
                             r"(?:on|against)\s+(?:the\s+)?(?:prevention\s+of\s+)?"
                             r"(?:enforced\s+)?$")
_MANDATE_NOUNS = frozenset({"torture", "kidnapping", "kidnappings", "abduction", "abductions",
                            "disappearances", "killings", "executions", "terrorism"})


def legal_sense(low: str, hit: Hit, sent_start: int) -> bool:
    word = low[hit.start:hit.end]
    if word in _MANDATE_NOUNS and text_before(low, _MANDATE_BEFORE, hit.start, sent_start, 60):
        return True
    if word not in _ACT_NOUNS:
        return False
    if _LEGAL_AFTER.match(low, hit.end):
        return True
    if text_before(low, _JUSTICE_BEFORE, hit.start, sent_start, 120) or \
            text_before(low, _AUTHORS_BEFORE, hit.start, sent_start, 90):
        return True
    if text_before(low, _IMPLICATED_BEFORE, hit.start, sent_start, 30):
        end = low.find(".", hit.end)
        return _JUSTICE_WORD.search(low, sent_start, end if end > 0 else len(low)) is not None
    return _CHARGE_END.match(low, hit.end) is not None and \
        text_before(low, _CHARGED_WITH_BEFORE, hit.start, sent_start, 40)


# "questions about the murdered union leaders", "to honour assassinated mayor Ruiz": a victim
# named by what was done to them earlier, no report of the act
_ATTRIBUTIVE_BEFORE = re.compile(r"\b(?:the|of|honou?r(?:ed|ing|s)?|late|recently|previously)\s+$")
_VICTIM_TITLE_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?(?:priests?|senators?|journalists?|"
                                 r"reporters?|leaders?|candidates?|mayors?|judges?|ministers?|"
                                 r"archbishop|bishop|monsignor|msgr|activists?|unionists?|"
                                 r"politicians?|lawmakers?|officials?|attorney general)\b")


# "the search for the abducted people was continuing": captives named by what was done to them
_CAPTIVES_AFTER = re.compile(r"\s+(?:people|persons|students|pupils|schoolchildren|children|girls|"
                             r"boys|women|men|villagers|workers|passengers|travell?ers|farmers)\b")


def victim_named_by_act(low: str, hit: Hit, sent_start: int) -> bool:
    word = low[hit.start:hit.end]
    if word in ("abducted", "kidnapped") and _CAPTIVES_AFTER.match(low, hit.end) and \
            low.endswith("the ", 0, hit.start):
        return True
    return word in ("murdered", "assassinated", "slain", "kidnapped", "executed") and \
        _VICTIM_TITLE_AFTER.match(low, hit.end) is not None and \
        text_before(low, _ATTRIBUTIVE_BEFORE, hit.start, sent_start, 20)


def kin_of_victims(low: str, hit: Hit, sent_start: int) -> bool:
    word = low[hit.start:hit.end]
    return word.endswith("ed") and _VICTIMS_AFTER.match(low, hit.end) is not None and \
        text_before(low, _KIN_OF_BEFORE, hit.start, sent_start, 90)


def drug_enforcement(low: str, hit: Hit, sent_start: int) -> bool:
    word = low[hit.start:hit.end]
    if hit.trigger.id == "attack" and word.startswith("raid"):
        return _DRUG_SITE_AFTER.match(low, hit.end) is not None
    if hit.trigger.id == "looting" and word.startswith("confiscat"):
        return _DRUG_AFTER.match(low, hit.end) is not None or \
            text_before(low, _DRUG_BEFORE, hit.start, sent_start, 60)
    return False


# "the foreign minister of Ecuador arrived in Lima": a visit, not a movement of forces
VISITOR_BEFORE = re.compile(r"\b(?:ministers?|presidents?|prime minister|premier|delegations?|"
                             r"ambassadors?|envoys?|secretary(?:-general)?|chancellor|king|queen|"
                             r"pope|prince|princess|governor|mayor|senators?|lawmakers|"
                             r"parliamentarians|diplomats|dignitaries|officials)\b"
                             r"(?:(?!troops|soldiers|forces|fighters|militants|militia|police|"
                             r"guards?|army|rebels|guerrillas)[^.;])*$")


def captured_places(low: str, hits: list[Hit], place_starts: list[int], lex: Any) -> list[Hit]:
    """``hits`` with a place "captured" read as territory taken ("Russian forces captured
    Velyka Novosilka"), not an arrest."""
    overtake = lex.trigger("overtake")
    if overtake is None:
        return hits
    return [Hit(h.start, h.end, overtake) if h.trigger.id == "arrest" and
            low.startswith("captured ", h.start) and h.end + 1 in place_starts and
            _FIGHTERS_BEFORE.search(low, max(0, h.start - 80), h.start) is not None else h
            for h in hits]


_FIGHTERS_BEFORE = re.compile(r"\b(?:forces|troops|fighters|militants|rebels|army|militias?|"
                              r"insurgents|soldiers|guerrillas|jihadists|units)\b[^.;]*$")


# "a march against a police shooting turned violent": the act a protest is about, not an act
# of the protest ("protested over the killing of a student")
_PROTEST_ABOUT_BEFORE = re.compile(
    r"\b(?:march(?:es|ed)?|protest(?:s|ed)?|rall(?:y|ies|ied)|demonstrat(?:ion|ions|ed)|"
    r"vigils?)\s+(?:against|over|protesting|denouncing|condemning)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w'’-]+\s+){0,3}$")


# "activists protesting the abductions of critics marched", "residents rallied to denounce a
# spate of kidnappings": acts in general a protest told in the sentence is held against (one
# act, "to protest the attack perpetrated today", may be the report's incident)
PROTEST_PURPOSE_BEFORE = re.compile(
    r"\b(?:protesting|denouncing|condemning|decrying|to\s+(?:protest|denounce|condemn|decry)|"
    r"in\s+protest\s+(?:at|of|against|over))\s+(?:against\s+)?(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w'’-]+\s+){0,3}$")


def protest_frame(low: str, main: Hit, sent_start: int) -> int:
    """Where "to protest the ..." opens before an act that is no protest, else ``sent_start``."""
    if main.trigger.event_type == "Protests":
        return sent_start
    m = PROTEST_PURPOSE_BEFORE.search(low, max(sent_start, main.start - 80), main.start)
    return sent_start if m is None else m.start()


def protest_reason(low: str, hit: Hit, hits: list[Hit]) -> bool:
    """The act is what a protest is about; ``hits`` are the sentence's acts."""
    start = max(0, hit.start - 80)
    if _PROTEST_ABOUT_BEFORE.search(low, start, hit.start):
        return True
    purpose = PROTEST_PURPOSE_BEFORE.search(low, start, hit.start)
    return purpose is not None and GENERIC_NOUN.search(low, hit.start, hit.end) is not None and \
        any(h.trigger.event_type == "Protests" and not purpose.start() <= h.start < hit.start
            for h in hits)


# "the two captives were freed on 3 June": a later day told as done, not a plan
_TOLD_DONE = re.compile(r"\b(?:was|were|had\s+been)\s+(?:\w+ly\s+)?(?!(?:planned|scheduled|"
                        r"expected|slated|called|organi[sz]ed)\b)(?:[a-z]+ed|shot|hit|found|beaten|"
                        r"taken|slain|held|thrown|blown|stolen|burnt|freed)\b(?!\s+to\b)")


def told_done(s_low: str) -> bool:
    return _TOLD_DONE.search(s_low) is not None


# A demand or reproach about violence in general, right before a plural act noun
_RHETORIC_BEFORE = re.compile(
    r"\b(?:stop|halt|end|cease|ceased|condemn\w*|denounc\w*|repudiat\w*|deplor\w*|reject\w*|"
    r"protest\w*|investigat\w*|punish\w*|pursue|prevent\w*|abandon|practices? (?:like|of|such as)|"
    r"cause of|authors of|responsible for|climate of|increase in|responsibility for|blam\w*|"
    r"charg\w*|reports? of|intensif\w*|stepp?(?:ed|ing|s)? up|k(?:ept|eep|eeps|eeping) up|"
    r"escalat\w*|ramp(?:ed|ing|s)? up|(?:wave|spate|rash|surge|string) of|accus\w*|"
    r"reduc\w*|(?:decline|drop|fall|rise) in|to (?:carry out|commit|stage|mount))"
    r"\b[^.;]{0,60}$")  # also a trend ("intensified air raids")
# ... or given as the cause of something else ("a state of emergency because of terrorist attacks")
_CAUSE_BEFORE = re.compile(r"\b(?:due to|because of|in view of|owing to)\b[^.;]{0,60}$")
_OF_THE_AFTER = re.compile(r"\s+of\s+the\b")
GENERIC_NOUN = re.compile(r"(?:attacks|bombings|kidnappings|abductions|murders|killings|homicides|"
                           r"massacres|explosions|clashes|assassinations|shootings|ambushes|executions|"
                           r"disappearances|raids|bombardment|"
                           r"violence|terrorism|actions|crimes)$")


def generic_act(low: str, hit: Hit) -> bool:
    """The act word is a plural or mass noun ("attacks", "violence"): acts in general."""
    return GENERIC_NOUN.search(low, hit.start, hit.end) is not None


def generic_rhetoric(low: str, hit: Hit, sent_start: int, alone: bool) -> bool:
    """Acts in general, demanded, reproached or, as the sentence's only act (``alone``), given
    as a cause ("halt the air raids", "punish those responsible for abductions", "closed
    because of terrorist attacks"; not "fighters blamed due to earlier attacks tossed a
    grenade")."""
    if not generic_act(low, hit) or _OF_THE_AFTER.match(low, hit.end):
        return False
    start = max(sent_start, hit.start - 80)
    return _RHETORIC_BEFORE.search(low, start, hit.start) is not None or \
        (alone and _CAUSE_BEFORE.search(low, start, hit.start) is not None)


# "..., rejecting the group's claim that it had killed 20": what follows is the other side's
# figure, which the speaker disputes; it is neither this report's toll nor its modality
DISPUTED_CLAIM = re.compile(r",\s*(?:while\s+)?(?:rejecting|denying|dismissing|disputing|"
                           r"contradicting|refuting)\s+(?:[\w'’]+\s+){0,3}?"
                           r"(?:claims?|reports?|assertions?|figures?)\s+(?:that|of)\b")


# "she criticised the army over a drone strike that killed dozens in December", "he cited the
# raids on villages last year": an older incident named as the reason for words
_REASON_BEFORE = re.compile(r"\b(?:criticis\w*|criticiz\w*|condemn\w*|denounc\w*|cited|citing|"
                            r"recalls|recalled|recalling|referred to|referring to|mentioned|"
                            r"faulted|blamed|lists|listed|listing|among them)\b[^.;]{0,60}$")
# "a ceremony to mark the third anniversary of the murder of ...", "to mark three years since
# ...", "to mark the day the village was attacked": the act is the one remembered
_REMEMBERED_BEFORE = re.compile(r"\b(?:anniversary|commemoration|remembrance|memory) of "
                                r"(?:the |a |an |his |her |their |its )?(?:[\w'-]+ ){0,3}$|"
                                r"\b(?:years|months) since\b[^.;]{0,150}$|"
                                # "gathered to mark the day the village was attacked"
                                r"\b(?:mark|marked|marking|remember|remembered|remembering|"
                                r"commemorate|commemorated|commemorating) the (?:day|night|date|"
                                r"morning|evening) (?:when |that )?(?:[\w'-]+ ){0,6}$")


def old_reason(low: str, hit: Hit, sent_start: int, date: Any, published: Any) -> bool:
    """An incident remembered on its anniversary, or named as the reason for criticism or cited
    as an example and dated to an earlier month than the report's (or a day more than a week
    before it): a reference, not news of it."""
    if _REMEMBERED_BEFORE.search(low, max(sent_start, hit.start - 180), hit.start):
        return True
    if date is None or date.value is None or date.precision not in (1, 3) or published is None:
        return False
    if date.precision == 1:
        if (published - date.value).days <= 7:
            return False
    elif (date.value.year, date.value.month) >= (published.year, published.month):
        return False
    return _REASON_BEFORE.search(low, max(sent_start, hit.start - 70), hit.start) is not None


# "fearing a general protest", "for fear of riots", "residents fear further attacks": an act
# feared, not done ("feared dead" is a toll: not an act word)
_FEARED_BEFORE = re.compile(r"\b(?:fears?|feared|fearing|afraid)(?:\s+of)?\s+(?:(?:a|an|the|more|"
                            r"further|new|fresh|renewed|possible|general|generali[sz]ed|wider|"
                            r"mass|another|retaliatory|reprisal|wave|spate|outbreak|repeat|"
                            r"resurgence|of)\s+){0,3}$")


# "the neighbours called him a ticking time bomb": a person or a situation, not a device
# (and other figures of speech);
# "a cache of rifles and mortar rounds", "a shipment of missiles": weapons held, not used;
# "arrested four men in connection with last week's bombing": an earlier act the arrest refers to
_IDIOM_BEFORE = re.compile(r"\bticking\s+(?:time\s+)?$|\b(?:caches?|stockpiles?|arsenals?|hoards?|"
                           r"shipments?|consignments?|depots?) of (?:[\w-]+,? ){0,5}?$|"
                           # "nobody wants to fire the first shot"; "massacres, defined as the
                           # killing of three or more people": a figure of speech, a definition
                           r"\b(?:fire|fires|fired|firing)\s+the\s+first\s+$|"
                           r"\bdefined\s+(?:[\w ]{1,30}?\s+)?as\s+(?:the\s+|an?\s+)?$")
_REFERRED_BEFORE = re.compile(
    r"\b(?:arrest\w*|detain\w*|charg\w*|held|question\w*|wanted|sought|convicted|sentenced|"
    r"indicted|apprehended|jailed|custody)\b[^.;]{0,80}?\bin connection with (?:the |a |an )?"
    r"(?:last (?:week|month|year|weekend)['’]s|(?:19|20)\d\d|earlier|previous) "
    r"(?:[\w'’-]+ ){0,3}?$")


# "summer shootings down", "homicides rose 12 percent": a trend of acts in general
_TREND_AFTER = re.compile(r"\s+(?:(?:are|were|is|was|have|has)\s+)?(?:down|up|rose|fell|dropped|"
                          r"climbed|declined|increased|decreased|surged|jumped|soared|plunged)\b")


# sounds heard: "strong explosions were heard in the north of the city", "heard gunfire"
_SOUNDS = frozenset({"explosion", "explosions", "blast", "blasts", "gunfire", "gunshots",
                     "detonations", "shots"})
_HEARD_AFTER = re.compile(r"(?:\s+and\s+(?:[\w-]+\s+){0,3}?(?:gunfire|shooting|shots|"
                          r"explosions))?\s+(?:(?:could|can|were|was|are|is|be|been|being)\s+)+"
                          r"(?:\w+ly\s+)?heard\b")
_HEARD_BEFORE = re.compile(r"\bheard\s+(?:(?:the|a|an|some|several|loud|strong|heavy|"
                           r"powerful|sporadic|what\s+sounded\s+like)\s+)*$")


def no_act(low: str, hit: Any, sent_start: int) -> bool:
    """The act word is what someone fears, part of an idiom, a weapon held in a cache, an
    earlier act an arrest is "in connection with" or acts in general told as a trend: no act
    of the sentence."""
    before = max(sent_start, hit.start - 50)
    if _TREND_AFTER.match(low, hit.end) and GENERIC_NOUN.search(low, hit.start, hit.end):
        return True
    if low[hit.start:hit.end] in _SOUNDS and (_HEARD_AFTER.match(low, hit.end) or
                                              _HEARD_BEFORE.search(low, before, hit.start)):
        return True  # "loud explosions were heard", "residents heard gunfire": a sound
    # reported, not yet an act (the act, if any, is told by the sentences that say what it was)
    return _FEARED_BEFORE.search(low, before, hit.start) is not None or \
        _IDIOM_BEFORE.search(low, before, hit.start) is not None or \
        _REFERRED_BEFORE.search(low, max(sent_start, hit.start - 150), hit.start) is not None


__all__ = ["DISPUTED_CLAIM", "VISITOR_BEFORE", "captured_places", "drug_enforcement",
           "generic_act", "generic_rhetoric", "kin_of_victims", "legal_sense", "no_act",
           "old_reason", "protest_frame", "protest_reason", "text_before", "told_done",
           "victim_named_by_act"]
