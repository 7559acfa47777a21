"""How a sentence frames its action words.

Some action words are not acts of violence or protest in their context:
- words, not arms: "sharply attacked the minister", "protested to the ambassador over his
  remarks", "issued a note of protest" are verbal (CAMEO disapproval);
- threats: "threatened on Tuesday to strike" reports a threat (CAMEO 13), not the strike;
- other senses: "the population explosion", "demonstrated that the group ...", "rally behind the
  government", "the kidnapping business", "a warrant for the arrest of ...", "the talks blew up",
  "held hostage to its donors" report no act;
- demands, acts given up and requests: "called on both sides to end their air raids" reports no
  act, "stopped attacking convoys" is negated, "sought the arrest of" is hypothetical.

A reference to a known incident told as a new act ("the murder of X was condemned") is still
coded: wire coders code it, and cross-article merging folds it into the incident's first report.
Crimes named by the law ("a murder trial", "charged with murder"), victims named by what was done
to them ("the murdered nuns"), names that recall victims and drug enforcement are not acts
(framing_senses).
"""

from __future__ import annotations

import re
from typing import Any

from .actions import Hit
from .framing_senses import (
    VISITOR_BEFORE,
    captured_places,
    drug_enforcement,
    kin_of_victims,
    legal_sense,
    protest_reason,
    told_done,
    victim_named_by_act,
)
from .framing_senses import text_before as _before

# "harshly attacked the president": words, not arms
_VERBAL_ATTACK_BEFORE = re.compile(r"\b(?:harshly|sharply|bitterly|strongly|verbally|publicly|"
                                   r"fiercely|vehemently|openly|roundly)\s+$")
# a diplomatic protest: to an official or government, over statements, or a note of protest
_OFFICIAL = (r"(?:ambassadors?|embass(?:y|ies)|envoys?|charge d'affaires|governments?|ministers?|"
             r"ministr(?:y|ies)|foreign office|state department|authorities|secretary|"
             r"secretary-general|president|united nations|council|consul(?:ate)?)")
_VERBAL_PROTEST_AFTER = re.compile(
    r"(?:ed|s)?\s+(?:(?:formally|strongly|officially)\s+)?(?:to|with)\s+(?:the\s+)?"
    r"(?:[\w'-]+\s+){0,3}?" + _OFFICIAL + r"\b|"
    r"(?:ed|s)?\s+(?:over|against|about)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?"
    r"(?:[\w'-]+\s+){0,2}?(?:statements?|remarks?|comments?|words|declarations?|decisions?|"
    r"resolutions?|reports?)\b|"
    r"(?:ed|s)?\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:[\w'-]+\s+){0,2}?"
    r"(?:statements?|remarks?|comments?|declarations?)\b|"
    # "protested to Peru over the incursion": to a state, over what it did
    r"(?:ed|s)?\s+to\s+(?!(?:demand|call|press|urge|ask|denounce|oppose|reject)\b)"
    r"(?:[a-z'-]+\s+){1,2}(?:over|about|regarding|concerning)\b")
# "summoned the Russian ambassador on Monday to protest ...": a diplomatic protest
_SUMMONED_TO = re.compile(r"\b(?:summon\w*|call(?:ed|s)? in|convok\w*)\s+(?:[\w'-]+\s+){0,4}?"
                          r"(?:ambassadors?|envoys?|charge d'affaires|diplomats?)\b[^.;]{0,50}?"
                          r"\bto\s+$")
_VERBAL_PROTEST_BEFORE = re.compile(r"\b(?:notes?|letters?|messages?|complaints?|cables?)\s+"
                                    r"(?:of|to)\s+$|\b(?:diplomatic|formal|official)\s+$|"
                                    # a government protesting ("the foreign ministry strongly
                                    # protested the incursion"), not "anti-government protests"
                                    r"(?<![\w-])(?:government|ministry|foreign minister|"
                                    r"chancellery|foreign office|embassy|cabinet|"
                                    r"state department)\s+(?:(?:has|have|had)\s+)?"
                                    r"(?:(?:strongly|formally|officially|vigorously|firmly|"
                                    r"energetically|sharply)\s+)?$")
# Deaths with a natural or accidental cause and no attack word are no political violence.
_NON_POLITICAL = re.compile(
    r"\b(?:floods?|flooding|storms?|cyclones?|hurricanes?|typhoons?|earthquakes?|landslides?|"
    r"mudslides?|heat ?waves?|cold (?:wave|snap)|drought|blaze|(?<!on )fire (?:at|in|broke)|"
    r"crash(?:ed)?|collision|accidents?|plunged|capsized|collapsed|drown(?:ed|ing)|electrocuted|"
    r"diseases?|cholera|outbreak|lightning|stampede|avalanche|overdose|overturned|"
    r"derail(?:ed|ment)|rolled over|veered off|gas (?:cylinder|leak|tanker)|boiler|"
    r"no foul play)\b")


def non_political(s_low: str) -> bool:
    """The sentence tells of a disaster or an accident ("a bus overturned near Multan")."""
    return _NON_POLITICAL.search(s_low) is not None


# other senses of an action word
_OTHER_SENSE_BEFORE = re.compile(r"\b(?:population|demographic|price|data|information|"
                                 r"knowledge|urban|social)\s+$|"
                                 r"\bwarrants?\s+(?:for|of)\s+(?:the\s+|his\s+|her\s+|their\s+)?$|"
                                 r"\borders?\s+for\s+(?:the\s+|his\s+|her\s+|their\s+)?$")
_OTHER_SENSE_AFTER = re.compile(
    r"\s+(?:business|industry|rings?|gangs?|rackets?|networks?)\b|"  # "kidnapping business"
    # "handling kidnapping and extortion cases", "kidnapping suspects"
    r"\s+(?:and\s+(?:[\w-]+\s+){1,2}?)?(?:cases?|charges?|suspects?|trials?)\b|"
    r"\s+(?:that|how|its|their|his|her)\b|"  # "demonstrated that ..."
    r"\s+(?:themselves|behind|around|round|support)\b")  # "rally behind the government"
# "the crisis which had exploded": an abstract subject
_ABSTRACT_EXPLODED = re.compile(r"\b(?:crisis|scandal|anger|tensions?|situation|debate|"
                                r"controversy|dispute|population|prices?|market|issue|talks|"
                                r"negotiations?|deal|agreement|coalition|alliance|relationship|"
                                r"row|argument|plan|story|conflict|violence|unrest|fury|outrage|"
                                r"discontent|feud)\s+"
                                r"(?:(?:which|that)\s+)?(?:(?:had|has|have)\s+)?(?:finally\s+)?$")
_WEAPON_KIND_AFTER = re.compile(r"\s+(?:drones?|helicopters?|aircraft|planes?|jets?|boats?|"
                                r"submarines?|dogs?|craft|vehicles?)\b")
# "after the attack", "following the deadly blast": the incident the story already told
_BACK_REFERENCE = re.compile(r"\b(?:(?:after|since|following|in the wake of)|(?:responsibility|"
                             r"involvement|role|blame)\s+(?:for|in))\s+the\s+"
                             r"(?:(?:deadly|latest|recent|weekend|morning|night)\s+)?$")
# "no evidence linking the kidnapping to the bombing": incidents told before, compared
_LINK_BEFORE = re.compile(r"\b(?:linking|connecting|tying|links?\s+between|connection\s+between)\s+"
                          r"the\s+(?:[\w'’-]+\s+){0,3}$|\b(?:linking|connecting|tying|linked|"
                          r"connected|tied)\b[^.;]{0,60}?\b(?:to|with|and)\s+the\s+"
                          r"(?:[\w'’-]+\s+){0,3}$")
# "The bombing came as ...": the story's incident, set against other news
_CAME_AFTER = re.compile(r"\s+(?:came|comes)\s+(?:as|amid|just|only|(?:(?:a|an|one|two|three|"
                         r"four|five|six|several|\d+)\s+)?(?:days?|hours?|weeks?))\b")
_BACK_NOUNS = frozenset({"attack", "attacks", "assault", "raid", "ambush", "bombing", "shooting",
                         "explosion", "explosions", "blast", "blasts", "killing", "murder",
                         "massacre", "kidnapping", "abduction"})
_THREAT_AFTER = re.compile(r"\s+(?:threats?|scares?|hoax(?:es)?|warnings?|alerts?|sirens?|"
                           r"shelters?|drills?)\b")
_TEMPER_AFTER = re.compile(r"\s+(?:at|over|on social media|online)\b")
_OTHER_SENSE_WORDS = {"exploded": "ied", "blew up": "ied", "explosion": "ied", "explosions": "ied",
                      "hostage": "abduct", "hostages": "abduct",
                      "demonstrated": "protest", "demonstrates": "protest",
                      "demonstrating": "protest", "rally": "protest", "rallied": "protest",
                      "kidnapping": "abduct", "arrest": "arrest", "blast": "ied"}
# "concrete blast walls", "blast-proof doors": protection against a blast, no blast
_BLAST_GEAR = re.compile(r"[\s-]+(?:walls?|doors?|radius|proof|resistant|barriers?|film|shields?|"
                         r"screens?|mats?)\b")


# "council members clashed on Tuesday over how to spend the money": a quarrel of officials
_QUARREL_BEFORE = re.compile(r"\b(?:council\w*|(?:council|board) members|lawmakers|legislators|"
                             r"senators|deputies|parliamentarians|ministers|candidates|"
                             r"politicians|delegates|commissioners|negotiators)\b[^.;,]{0,25}$")


def verbal_attack(low: str, hit: Hit, sent_start: int) -> bool:
    """An "attacked" that is criticism ("sharply attacked the minister"), or officials who
    "clashed" over a question."""
    if hit.trigger.id == "clash" and low.startswith("clash", hit.start):
        return _before(low, _QUARREL_BEFORE, hit.start, sent_start, 60)
    return hit.trigger.id == "attack" and \
        _before(low, _VERBAL_ATTACK_BEFORE, hit.start, sent_start, 20)


def verbal_protest(low: str, hit: Hit, sent_start: int) -> bool:
    """A diplomatic protest ("protested to the ambassador", "a note of protest")."""
    if hit.trigger.id != "protest" or not low.startswith("protest", hit.start):
        return False
    return _VERBAL_PROTEST_AFTER.match(low, hit.start + len("protest")) is not None or \
        _before(low, _VERBAL_PROTEST_BEFORE, hit.start, sent_start, 30) or \
        _before(low, _SUMMONED_TO, hit.start, sent_start, 120)


def back_reference(low: str, hit: Hit, sent_start: int) -> bool:
    """The action word names the story's incident again ("residents fled after the attack",
    "was rushed to hospital after the shooting"): an aftermath sentence, not a new act."""
    if low[hit.start:hit.end] not in _BACK_NOUNS or low.startswith(" of ", hit.end):
        return False
    return _BACK_REFERENCE.search(low, max(sent_start, hit.start - 30), hit.start) is not None \
        or (_CAME_AFTER.match(low, hit.end) is not None and low.startswith("the ", hit.start - 4)) \
        or _LINK_BEFORE.search(low, max(sent_start, hit.start - 90), hit.start) is not None


def other_sense(low: str, hit: Hit, sent_start: int) -> bool:
    """The word is used in a sense that reports no act ("population explosion")."""
    word = low[hit.start:hit.end]
    if kin_of_victims(low, hit, sent_start) or drug_enforcement(low, hit, sent_start) or \
            legal_sense(low, hit, sent_start) or victim_named_by_act(low, hit, sent_start):
        return True
    if word == "attack" and _WEAPON_KIND_AFTER.match(low, hit.end):
        return True  # "attack drones", "attack helicopters": a kind of weapon, not an act
    if hit.trigger.id in ("ied", "air") and _THREAT_AFTER.match(low, hit.end):
        return True  # "bomb threats against the station", "air raid alerts": no act
    if _OTHER_SENSE_WORDS.get(word) != hit.trigger.id:
        return False
    if word == "exploded":
        return _before(low, _ABSTRACT_EXPLODED, hit.start, sent_start, 50)
    if word in ("hostage", "hostages"):  # "a party held hostage to its donors"
        return low.startswith(" to ", hit.end)
    if word == "blew up":  # "the talks blew up", "he blew up at reporters": a temper, a failure
        return _before(low, _ABSTRACT_EXPLODED, hit.start, sent_start, 50) or \
            _TEMPER_AFTER.match(low, hit.end) is not None
    if word == "blast":
        return _BLAST_GEAR.match(low, hit.end) is not None
    if word in ("explosion", "explosions", "arrest"):
        return _before(low, _OTHER_SENSE_BEFORE, hit.start, sent_start, 40)
    return _OTHER_SENSE_AFTER.match(low, hit.end) is not None


def reframe(low: str, hits: list[Hit], sent_start: int, lex: Any) -> list[Hit]:
    """The sentence's hits with verbal attacks and protests recast as disapproval and the
    words used in another sense dropped."""
    accuse = lex.trigger("accuse")
    meet = lex.trigger("meet")
    out = []
    for h in hits:
        if other_sense(low, h, sent_start):
            continue
        if meet is not None and h.trigger.id == "recruit" and low.startswith("arrived", h.start) \
                and _before(low, VISITOR_BEFORE, h.start, sent_start, 120):
            h = Hit(h.start, h.end, meet)  # an official's visit
        if accuse is not None and (verbal_attack(low, h, sent_start)
                                   or verbal_protest(low, h, sent_start)):
            h = Hit(h.start, h.end, accuse)
        out.append(h)
    return out


# sport, screen and markets: "launched wave after wave of attacks in the second half", "the film
# bombed at the box office" - with no one hurt, the action words are figures of speech
_FIGURATIVE = re.compile(
    r"\b(?:box[- ]office|goalkeeper|(?:late|early|two|three|an? own) goals?|"
    r"half-?time|world cup|cup final|tournament|midfield\w*|album|stock market|"
    r"season opener|opening weekend|scoreline|equali[sz]er|penalty (?:kick|shoot-?out|spot)|"
    r"\d+(?:st|nd|rd|th) minute|on penalties|shoot-?outs? all (?:week|season))\b")


_FIGURATIVE_KEYS = ("office", "goal", "half", "cup", "tournament", "midfield", "album",
                    "stock", "season", "weekend", "score", "equali", "penalt", "minute", "all week")


_BLAST_WORDS = frozenset({"exploded", "explosion", "explosions", "blast", "blasts", "explodes"})


def accidental_blast(low: str, violent: list[Hit], actors: list[Any]) -> bool:
    """An accident's blast ("a cooking gas cylinder exploded", with no armed actor named): its
    only violent words are blast words."""
    return bool(violent) and not any(a.armed for a in actors) and all(
        low[h.start:h.end] in _BLAST_WORDS for h in violent)


def figurative(s_low: str) -> bool:
    """The sentence is about sport, entertainment or markets."""
    for key in _FIGURATIVE_KEYS:  # a plain look first: the pattern is rarely needed
        if key in s_low:
            return bool(_FIGURATIVE.search(s_low))
    return False


# "called on both sides to end their air raids on villages", "must halt attacks on aid
# workers": a demand that an act end, not a report of one
_DEMAND_BEFORE = re.compile(r"\b(?:stop|halt|end|put an end to|cease|prevent)\s+(?:the\s+|its\s+|"
                            r"their\s+|all\s+|any\s+|further\s+)?(?:[\w-]+\s+){0,2}$")
# "the militia, which stopped attacking convoys in March": an act given up
_CEASED_BEFORE = re.compile(r"\b(?:ceased|stopped|halted|suspended|renounced|abandoned|gave up|"
                            r"has given up|no longer)\s+$")
# "prosecutors sought the arrest of three officers", "urged the hurling of fire bombs": asked
# for, not done
_REQUEST_BEFORE = re.compile(r"\b(?:request(?:s|ed|ing)?|ask(?:s|ed|ing)? for|sought|seeks?|"
                             r"seeking|demand(?:s|ed|ing)?|urg(?:e|es|ed|ing))\s+(?:the\s+|an?\s+|"
                             r"his\s+|her\s+|their\s+)?(?:[\w-]+\s+of\s+(?:the\s+)?[\w-]+\s+)?$")


def demanded_stop(low: str, first: Hit, sent_start: int) -> bool:
    return _before(low, _DEMAND_BEFORE, first.start, sent_start, 60)


def given_up(low: str, first: Hit, sent_start: int) -> bool:
    return _before(low, _CEASED_BEFORE, first.start, sent_start, 20)


def requested(low: str, first: Hit, sent_start: int) -> bool:
    return _before(low, _REQUEST_BEFORE, first.start, sent_start, 60)


_THREAT_GAP = re.compile(r"(?:\s+(?:on|last|this|late|early)\s+\w+)?\s+to\s+(?:\w+\s+)?$")


def threat_of(verbal: list[Hit], first: Hit, low: str) -> Hit | None:
    """A threat whose object is the act ("threatened to attack", "threatened on Tuesday to
    strike"): the act is only threatened."""
    for h in verbal:
        if h.trigger.id == "threaten" and low.startswith(("threat", "vow"), h.start) and \
                h.end <= first.start and _THREAT_GAP.fullmatch(low, h.end, first.start):
            return h
    return None


__all__ = [
    "MODAL_AFTER",
    "MODAL_BEFORE",
    "NEGATION_BEFORE",
    "accidental_blast",
    "back_reference",
    "captured_places",
    "demanded_stop",
    "figurative",
    "given_up",
    "in_period_clause",
    "non_political",
    "other_sense",
    "protest_reason",
    "reframe",
    "requested",
    "threat_of",
    "told_done",
    "verbal_attack",
    "verbal_protest",
]


# the act is planned or possible: "plans to attack", "in order to carry out air raids"
MODAL_BEFORE = re.compile(
    r"\b(?:will|would|could|might|may(?!\s+\d)(?<!\d\smay)|must|should|shall|going to|plans? to|"
    r"planned to|intends? to|intended to|threat(?:en|ens|ened)? to|tr(?:y|ies) to|attempts? to|"
    r"(?:has |have )?(?:sworn|swore|vowed|vows|pledged) to|"
    r"continue (?:with|to)|wants? to|capable of|risk of|possibility of|threat of|"
    r"call(?:s|ed|ing)? for|chances? (?:of|to)|for carrying out|how to|"
    r"in order to(?: proceed with| carry out| go ahead with)?)\s+"
    r"(?:\w+\s+){0,2}$")
# "no shot will ever be fired there": the act is in the future or conditional
MODAL_AFTER = re.compile(r"\s+(?:will|would|could|might|shall|may)\s+(?:not\s+|ever\s+|never\s+)?"
                         r"be\s+(?:fired|carried out|launched|staged|committed|unleashed|used)\b")
NEGATION_BEFORE = re.compile(r"\b(?:no|not|never|without|nor|neither)\s+(?:\w+\s+){0,2}$")


# the simple present passive: "journalists are kidnapped", "he is often threatened"
_HABITUAL = re.compile(r"\b(?:are|is)\s+(?:(?:even|often|routinely|still|regularly|frequently|"
                       r"constantly|usually|sometimes|now|also|systematically)\s+){0,2}$")
_PARTICIPLE = re.compile(r"(?:ed|en|shot|hit|held)$")


def habitual(low: str, first: Hit, sent_start: int) -> bool:
    """The act is told in the simple present passive: what happens as a rule."""
    return bool(_PARTICIPLE.search(low, first.start, first.end)) and bool(
        _HABITUAL.search(low, max(sent_start, first.start - 40), first.start))


_PERIOD = re.compile(r"\b(?:during|over|in|for|throughout)\s+(?:the\s+)?(?:last|past)\s+"
                     r"(?:\d{1,2}|[a-z]+)\s+(?:years|decades)\b|\bfor\s+(?:many\s+|several\s+|"
                     r"two\s+|\d{1,2}\s+)?(?:years|decades|months|weeks)\b|\bsince\s+(?:19|20)\d\d\b")


_PERFECT_BEFORE = re.compile(r"\b(?:has|have|had)\s+(?:been\s+(?:under\s+|(?:on|at)\s+the\s+"
                             r"(?:front\s*lines?|cent(?:re|er)|heart)\s+of\s+|the\s+scene\s+of\s+)?)?"
                             r"(?:[a-z]+ly\s+)?$")  # "has been on the front line of fighting"


def in_period_clause(low: str, hit: Hit, sent_start: int) -> bool:
    """The act sits in a clause that spans a period ("the rifles, with which the movement has
    fought for two decades, ..."): a history, not an incident."""
    if _PERFECT_BEFORE.search(low, max(sent_start, hit.start - 60), hit.start) is None:
        return False  # told as what has gone on ("has fought"), not as "violence is rising"
    start = max(low.rfind(",", sent_start, hit.start), low.rfind(";", sent_start, hit.start),
                sent_start)
    ends = [i for i in (low.find(",", hit.end), low.find(";", hit.end),
                        low.find(". ", hit.end)) if i >= 0]
    return _PERIOD.search(low, start, min(ends, default=len(low))) is not None


# "a man suspected of child abduction", "two men accused of kidnapping a girl": a crime someone
# is said to have done, not the sentence's own act, when the sentence has another
_ACCUSED = re.compile(r"\b(?:suspected|accused|convicted|charged|wanted|arrested|jailed) "
                      r"(?:(?:him|her|them|in \w+|on \w+|last \w+) ){0,2}(?:of|for|with|over) "
                      r"(?:(?:having )?(?:participated|taken part|been involved) in )?(?:the )?"
                      r"(?:[\w-]+ ){0,2}$")  # ("a jury convicted him in October of murder")


def without_accusations(violent: list[Hit], hits: list[Hit], low: str,
                        sent_start: int) -> list[Hit]:
    """``violent`` without acts named as accusations, when the sentence has another act (a
    violent one, or a strategic one such as the arrest)."""
    accused = [h for h in violent if _ACCUSED.search(low, max(sent_start, h.start - 40),
                                                     h.start)]
    if not accused:
        return violent
    if len(accused) < len(violent) or any(h.trigger.kind == "strategic" for h in hits):
        return [h for h in violent if h not in accused]
    return violent


WEAPON_TRIGGERS = frozenset({"ied", "shelling", "grenade", "air"})
# A weapon named only as a thing ("an expert in explosives", "their planes and their bombs")
_WEAPON_NOUN = re.compile(r"(?:car |parcel |letter |road ?side )?bombs?|explosives?|rockets?|"
                          r"missiles?|(?:hand )?grenades?|mortars?|dynamite|(?:land ?)?mines?|"
                          r"warplanes?|aircraft|helicopters?|(?:helicopter )?gunships?|"
                          r"fighter jets?|artillery|howitzers?|projectiles?|ieds?|petards?|"
                          r"molotov cocktails?|incendiary devices?|sticks of dynamite")


_USE_MORE = re.compile(r"\b(?:fire|used?|using|plac\w*|plant\w*|target\w*|blow\w*|blown|"
                       r"downed|lobbed|hurl\w*|throw\w*|explosions?)\b")


def weapon_named_only(low: str, violent: list[Hit], s_low: str, story: dict[str, Any]) -> bool:
    """Every action trigger of the sentence is a weapon noun and it says nothing of their
    use."""
    use = story.get("weapon_use")
    return use is not None and bool(violent) and all(
        h.trigger.id in WEAPON_TRIGGERS and _WEAPON_NOUN.fullmatch(low, h.start, h.end)
        for h in violent) and use.search(s_low) is None and _USE_MORE.search(s_low) is None


def inventory(s_low: str, lex: Any) -> bool:
    story = lex.story_res
    inv, use = story.get("weapons_inventory"), story.get("weapon_use")
    return inv is not None and use is not None and inv.search(s_low) is not None and \
        use.search(s_low) is None
