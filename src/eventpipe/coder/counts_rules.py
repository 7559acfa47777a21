"""Patterns of the casualty counter for perpetrators, named victims and active verbs.

Split from ``counts`` to keep each module small; ``counts.find_counts`` is their only user.
"""

from __future__ import annotations

import re
from typing import Any

from .number_context import year_like

_AGE_WORD = re.compile(r"\b(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)-years?-old\b")  # "a ten-year-old"
_PLURAL_PEOPLE = re.compile(r"\b(?:men|women|people|persons|children)\b")  # "both men were shot"
_DEGREE_BEFORE = re.compile(r"\b(?:so|too|how)\s+$")
# words that end the words between a number and its harm word ("two soldiers were killed")
_STOP_MID = (r"and|or|but|who|which|that|after|when|while|in|on|at|by|to|from|with|as|"
             r"were|was|are|is|had|have|has|been|killed|wounded|injured|dead|died|shot|"
             r"including|than|the|least|more\s+than|about|for|during|into|threats?|toward|towards|"
             r"against|near|outside|inside|through|behind")
_MID_WORD = rf"(?!(?:{_STOP_MID})\b)[a-z][a-z'’\-]*"

PERP = r"bomber|assailant|attacker|perpetrator|gunm[ae]n|shooter|hijacker|suspect"
# "... and the assailant were killed", "the bomber was also killed": one perpetrator; read as
# "one" (same length, so offsets hold) and counted like any other group.
THE_PERP = re.compile(
    rf"(?<=\band )the(?= (?:lone |suicide |male |female )?(?:{PERP})\b(?!s))|"
    rf"(?:(?<=killed )|(?<=killing ))the(?= (?:lone |suicide |male |female )?(?:{PERP})\b(?!s))|"
    rf"\bthe(?= (?:lone |suicide |male |female )?(?:{PERP}),? (?:was|had been|has been) "
    r"(?:also |later |reportedly |eventually )?(?:killed|dead|slain|shot dead|shot and killed))")


# "two of the attackers were also killed": read as "two attackers" (same length, so offsets hold)
_OF_THE = re.compile(r" of (?:the|these|those|their|its) (?=[a-z])")
# "of one family", "from the same village": a home, no figure ("four members of family")
_ONE_HOME = re.compile(r"(?:(?<= of )|(?<= from ))(?:one|the same|the|a single)(?= (?:family|"
                       r"household|clan|village|town|tribe|community)\b)")
_NUMBER_END = re.compile(r"\b(?:\d{1,3}|twelve|eleven|ten|nine|eight|seven|six|five|four|three|"
                         r"two)$")


# a breakdown of a listed group, between dashes or commas, before "and" the next group: "six
# priests -- five foreigners and one local -- and two cooks", "six priests, five of whom were
# foreigners, and two cooks" (blanked: the list reads "six priests and two cooks")
_BREAKDOWN = re.compile(r"\s--\s[^-]{1,60}?\s--(?=\s+and\s)|,\s+\w+\s+(?:of\s+(?:whom|them)|"
                        r"among\s+them)\b[^,.;]{0,50},(?=\s+and\s)")


def without_part_of(low: str) -> str:
    """``low`` with "N of the <group>" written "N <group>" and a listed group's breakdown blanked
    (spaces keep the offsets)."""
    if " -- " in low or "of whom" in low or "of them" in low or "among them" in low:
        low = _BREAKDOWN.sub(lambda m: " " * len(m.group()), low)
    if " of " not in low:
        return low
    out = _ONE_HOME.sub(lambda m: " " * len(m.group()), low)  # "four members of one family"
    for m in _OF_THE.finditer(low):
        if _NUMBER_END.search(low, max(0, m.start() - 7), m.start()):
            out = out[:m.start()] + " " * (m.end() - m.start() - 1) + out[m.end() - 1:]
    return out


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
    r"murdered|slain|beheaded|executed|pronounced dead|found dead|(?:found )?(?:shot|stabbed|"
    r"beaten) to death)|(?:later\s+)?died)\b")
# One victim named by a death noun or by age alone: "the shooting death of a teenager",
# "accused of killing a 19-year-old", "charged with murdering 34-year-old John Doe".
ONE_DEATH = re.compile(
    r"\b(?:shooting|stabbing|beating) death of\b|"
    r"\b(?:killing|killed|murdering|murdered|gunning down|gunned down|fatally shooting|"
    r"fatally shot|shot and killed)\s+(?:an?\s+)?\d{1,3}[- ]years?[- ]old\b", re.IGNORECASE)
NAME_AND_BEFORE = re.compile(r"(?<![\w,] )\b([A-Z][\w'’-]+)\s+and\s+$")
NOT_NAME = frozenset({"The", "A", "An", "He", "She", "It", "They", "This", "That", "One", "No",
                       "Nobody", "None", "Everyone", "Someone", "Who", "Which"})


def named_before(text: str, low: str, start: int, person_and_re: re.Pattern[str]) -> int | None:
    """Where a named person (or a person word) coordinated before a counted group starts
    ("Juan Perez and two others were killed"), else None."""
    named = NAME_AND_BEFORE.search(text, max(0, start - 40), start)
    if named is not None and named.group(1) in NOT_NAME:
        named = None
    named = named or person_and_re.search(low, max(0, start - 40), start)
    return None if named is None else named.start()


# "accidentally shot himself", "shot herself in the leg": a wound, not a suicide
_SELF_ACCIDENT_BEFORE = re.compile(r"\b(?:accidentally|accidently|unintentionally|"
                                   r"inadvertently)\s+$")
_SELF_LIMB_AFTER = re.compile(r"\s+in (?:the|his|her) (?:[a-z]+ )?(?:leg|hand|foot|"
                              r"finger|arm|thigh|knee|shoulder|ankle|wrist|hip|stomach|"
                              r"abdomen|side|buttocks?|groin)\b")


def self_wound(low: str, start: int, end: int) -> bool:
    """``low[start:end]`` ("shot himself") is an accidental or non-fatal self-shooting."""
    if not low[start:end].startswith("shot"):
        return False
    return bool(_SELF_ACCIDENT_BEFORE.search(low, max(0, start - 20), start)
                or _SELF_LIMB_AFTER.match(low, end))


_BODIES_OF = re.compile(r"bodies\s+of\s+")


def toll_group(low: str, m: re.Match[str]) -> str | None:
    """The class of fighters or forces a toll's dead are named as ("the bodies of four rebels"),
    else None: the toll counts everyone ("3 fatalities", "the death toll rose to 9")."""
    if _BODIES_OF.match(low, m.start()):
        group = _group(" ".join(low[m.end():m.end() + 40].split()[:2]))
        if group != "civilian":
            return group
    return None


# one person, by role, trade or kin: the head of a singular victim phrase
_PERSON = (r"(?:man|woman|boy|girl|child|baby|infant|toddler|teen|teenager|person|soldier|"
           r"serviceman|jawan|officer|policeman|civilian|student|resident|villager|driver|farmer|guard|"
           r"worker|journalist|suspect|gunman|militant|victim|motorist|pedestrian|bystander|"
           r"passer-?by|onlooker|commuter|shopper|tourist|cyclist|interpreter|passenger|relative|"
           r"employee|teacher|elder|trader|shopkeeper|youth|juvenile|male|female|adult|deputy|"
           r"trooper|member|fighter|insurgent|rebel|guerrilla|terrorist|assailant|attacker|leader|"
           r"official|commander|peasant|businessman|cleric|mother|father|son|daughter|brother|"
           r"sister|wife|husband|girlfriend|boyfriend|neighbor|neighbour|homeowner|customer|clerk|"
           r"bomber|hostage|bodyguard|chief|elder|imam|councilor|councillor|prosecutor|judge|"
           r"doctor|nurse|herder|herdsman|shepherd|miner|fisherman|pilgrim|worshipper|vendor|"
           r"merchant|ruler|emir|priest|pastor|headman|chairman|politician|lawmaker|mayor|"
           r"governor|uncle|aunt|cousin|nephew|niece|grandmother|grandfather|grandson|"
           r"granddaughter|stepfather|stepson|guest|mourner|diner|patron|spectator|reveller|"
           r"reveler|attendee|laborer|labourer|carabinero|gendarme|constable|patient|"
           r"companion|colleague|aide|watchman)")
# titles and trades that name one person ("the magistrate", "engineer Juan Perez")
_TITLES = (r"professor|priest|minister|president|senator|congressman|congresswoman|deputy|"
           r"candidate|activist|unionist|lawyer|attorney|magistrate|councilman|banker|"
           r"industrialist|rancher|landowner|diplomat|ambassador|consul|editor|reporter|"
           r"photographer|director|manager|secretary|leader|businesswoman|archbishop|bishop|"
           r"nun|missionary|physician|engineer|economist|professional|trade unionist|owner|"
           r"watchman|janitor|caretaker|chauffeur|bodyguard|escort|sentry|captain|blogger|"
           r"tapper|lecturer|headmaster|principal|scholar|poet|writer|artist|singer|musician|"
           r"athlete|footballer|sheikh|monk|contractor|mechanic|tailor|barber|butcher|baker|"
           r"porter|labou?rer|cook|waiter|seller|dealer|informant|informer|volunteer|"
           r"vaccinator|midwife|pharmacist|surgeon|accountant|cashier|ranger|warden|jailer|"
           r"mukhtar|chieftain|notable|dignitary|tribesman|clansman|kinsman|cameraman|salesman|"
           r"spokes(?:wo)?man|militiaman|craftsman|tradesman|boatman|ferryman|doorman|"
           r"policewoman|fire(?:man|fighter)|assembly(?:wo)?man|thief|robber|burglar|"
           r"kidnapper|rapist|criminal|pickpocket|smuggler|trafficker|gangster|witch|sorcerer|"
           r"presenter|broadcaster|announcer|commentator|correspondent|columnist|publisher|"
           r"administrator|commissioner|councilman|legislator|senator|husband|wife|colonel|"
           r"major|lieutenant|sergeant|corporal|prosecutor|general|inspector|detective|"
           r"constable|mr|mrs|ms|dr|"
           r"(?:brother|sister|son|daughter|father|mother)-in-law")


# counted things that are no victims ("30 rounds were fired and two men were hurt")
_NOT_PEOPLE = re.compile(r"\b(?:shots?|rounds?|bullets?|casings?|times|hours?|minutes?|days?|"
                         r"cars?|vehicles?|houses?|homes?|buildings?|guns?|weapons?|rifles?|"
                         r"pistols?|miles?|feet|blocks?|kilomet\w+|dollars?)\b")
_PARTITIVE = re.compile(r"\s+of\s+(?:whom|them|those)\b")
Value = tuple[int | None, int, int | None]


def add_values(a: Value, b: Value) -> Value:
    """Two (low, best, high) counts added; an unknown bound stays unknown."""
    return (None if a[0] is None or b[0] is None else a[0] + b[0], a[1] + b[1],
            None if a[2] is None or b[2] is None else a[2] + b[2])


# "killed 19 people including the two bombers and injured 22": the number is the object of the
# verb before it, not the subject of the one after it
OBJECT_OF_BEFORE = re.compile(r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bare )(?<!\bis )"
                              r"\b(?:killed|killing|kills|wounded|wounding|injured|injuring)\s+"
                              r"(?:(?:at least|some|about|around|nearly|more than|over)\s+)?$")
# "among them four children", "including two police officers": part of a group told before;
# "three men were shot, among at least 11 people shot across the city": a tally that holds the
# group told before ("a boy was among three people shot" names the group itself)
SUBSET_BEFORE = re.compile(r"(?:including|among them|among whom|of whom|of them|among the dead|"
                           r"among those|among the|,\s*among)\W*(?:\w+\W+){0,2}$")


# "five died, among them a guard and a vendor, and 31 were wounded": the vendor is one of the
# five, not one of the wounded
_NAMED_AMONG = re.compile(r"(?:including|among them|among whom|of whom|of them|among the dead|"
                          r"among those|among the)\W*(?:[\w'’-]+\W+){0,6}$")
_OF_THE_BEFORE = re.compile(r"\bof\s+(?:the|those|these)\s+$")


# "a villager who helped bury the dead": the dead named as people, not a predicate
_NOUN_DEAD = re.compile(r"\b(?:bur(?:y|ied|ying)|mourn\w*|identif\w*|collect\w*|honou?r\w*)\s+"
                        r"the\s+dead$")


def not_all_dead(low: str, start: int, mid_end: int, end: int) -> bool:
    """The group a "<N> <people> ... died/dead" match names did not die: only a part of it did
    (a group named after "of the" that "had/have died": "two of the five victims had died"), or
    "the dead" are the object of its act ("a villager who helped bury the dead")."""
    if _NOUN_DEAD.search(low, start, end):
        return True
    blanked = re.search(r"\w\s{4,}$", low[max(0, start - 16):start])  # without_part_of's
    return (blanked or _OF_THE_BEFORE.search(low, max(0, start - 12), start)) is not None and \
        re.search(r"\bha(?:d|ve|s)\s+(?:\w+ly\s+|also\s+)?died", low[mid_end:end]) is not None


def subset_before(text: str, start: int) -> bool:
    """A part of a group told before ("of the three victims, two died")."""
    return bool(SUBSET_BEFORE.search(text[max(0, start - 40):start]))


def groups_before(cm: Any, low: str, m: re.Match[str], val: Value,
                  taken: list[tuple[int, int]]) -> tuple[Value, int]:
    """A counted subject's value and start with the coordinated groups before it added ("one
    civilian and six assailants were killed"). Not a partitive: "nine teachers, four of whom
    were killed" is four; "six priests, five of them Spanish, were killed" is six."""
    start, mid = m.start(), m.group("mid") or ""
    head = low[:start]
    if _PARTITIVE.match(mid):
        pm = cm.coord_re.search(head, max(0, len(head) - 80))
        pv = cm.value(pm) if pm and "," in low[m.end("mid"):m.end()] else None
        return (pv, pm.start()) if pm and pv else (val, start)
    while True:
        pm = cm.coord_re.search(head, max(0, len(head) - 80))
        if not pm or year_like(pm) or any(pm.start() < te and ts < start for ts, te in taken) \
                or _NAMED_AMONG.search(low, max(0, pm.start() - 70), pm.start()) \
                or _OF_THE_BEFORE.search(low, max(0, pm.start() - 12), pm.start()) \
                or _TOLL_TO_BEFORE.search(low, max(0, pm.start() - 12), pm.start()):
            break  # "killed, among them four children, and 30 others were injured": 30;
            # "of the three victims, two died": two
        pv = cm.value(pm)
        if pv is None or (pm.group("single") and not re.search(_PERSON, pm.group(0))) \
                or _NOT_PEOPLE.search(pm.group(0)):
            break  # "30 rounds were fired and two men were hurt": two
        val = add_values(val, pv)
        start = pm.start()
        head = low[:start]
    return val, start


# "the death toll had risen to nine, and 14 others were hurt": a toll, not a group of the list
_TOLL_TO_BEFORE = re.compile(r"\b(?:to|at|reached)\s+$")
_PEOPLE_WORDS = re.compile(rf"\b(?:(?:{_PERSON})s?|people|persons|civilians|villagers|residents|"
                           r"passengers|others|children|women|men)\b")


def counted_people_words(words: str, group: str) -> bool:
    """The words after a number name people: a class of fighters, police or soldiers, or
    people words ("two civilians", "three aid workers"), not things ("two vehicles")."""
    if _NOT_PEOPLE.search(words):
        return False
    return group != "civilian" or _PEOPLE_WORDS.search(words) is not None


# "his wife suffered shrapnel wounds", "a woman with him was grazed in the arm": one hurt
_ORDINAL_ONE = frozenset({"second", "third", "fourth", "fifth", "sixth"})
_ONE_HURT = re.compile(rf"(?<![\w-])(?:a|an|the|one|his|her|their)\s+(?:[\w'’-]+\s+){{0,2}}?"
                       rf"(?P<who>{_PERSON}|{_TITLES})\b(?:[^.;]{{0,40}}?\b(?:(?:was|were)\s+"
                       rf"grazed|(?:was|were)\s+(?:struck|hit)\s+by\s+(?:a\s+)?(?:stray\s+)?"
                       rf"(?:bullet|round|gunfire)|"
                       rf"suffered\s+(?:[a-z-]+\s+){{0,2}}?(?:wounds?|injuries|injury))|"
                       # "his wife, Erin, was wounded": a name or an age between commas
                       rf"\s*,\s*[\w'’.-]+(?:\s+[\w'’.-]+){{0,2}}\s*,\s+(?:was|had\s+been)\s+"
                       rf"(?:[a-z]+ly\s+)?(?:wounded|injured|hurt))\b")


CLASS_WORDS = {
    "military": r"soldiers?|troops|servicem[ae]n|servicewom[ae]n|marines?|paratroopers?|"
                r"sna|army|military|guards?|commandos?|officers?|personnel|security forces|"
                r"rangers|gendarmes?|legionnaires?|guardsm[ae]n|jawans?",
    "police": r"police(?:m[ae]n)?|policewom[ae]n|cops?|deput(?:y|ies)|troopers?|constables?|"
              r"carabineros?",
    "armed": r"militants?|assailants?|attackers?|insurgents?|rebels?|guerrillas?|terrorists?|"
             r"fighters|subversives?|gunm[ae]n|shooters?|suspects?|extremists?|"
             r"militiam[ae]n|militias?|bombers?|perpetrators?|robbers?|bandits?|jihadists?|maoists?|"
             r"combatants?",
}
_CLASS_RES = {k: re.compile(r"\b(?:" + v + r")\b") for k, v in CLASS_WORDS.items()}


# "two suspected police informants": people said to serve the police, not the police
SERVING_NOUNS = r"informants?|informers?|collaborators?|spies"
# "(listed) in stable condition": a hurt person's state in hospital reports
IN_CONDITION = r"(?:listed\s+)?in\s+(?:critical|serious|stable|fair|good|grave)\s+condition"
_SERVING = re.compile(rf"^\W*(?:[\w-]+\s+){{0,2}}?(?:{SERVING_NOUNS})\b")


def _group(words: str) -> str:
    if _SERVING.match(words):
        return "civilian"
    for name, rx in _CLASS_RES.items():
        if rx.search(words):
            return name
    return "civilian"


_AND_WOUNDED = re.compile(r"\s+and\s+(?:wounded|injured)\b")
# "a man was shot (in his home) and later died at a hospital", "was shot in Dayton, Ohio, on
# Saturday and was pronounced dead at a hospital": shot, then dead
AND_DIED = re.compile(r"(?:,?\s+(?!and\b)[\w'’:.-]+){0,14}?,?\s+and\s+(?:later\s+|"
                      r"subsequently\s+|eventually\s+|then\s+)?(?:died|succumbed|"
                      r"(?:was|were)\s+(?:later\s+)?(?:pronounced|declared)\s+dead)\b")


_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}


def number(word: str) -> int:
    """The value of a counted group's number: digits or a word of ``_WORDS``."""
    return int(word) if word.isdigit() else _WORDS[word]


# a participle clause after a counted plural ("five men heading to a party were shot"); not a
# preposition that ends in -ing ("three people including a child": the including rule's)
PARTICIPLE = (r"(?!(?:including|during|according|regarding|following|concerning|excluding|"
             r"notwithstanding|pending)\b)[a-z]{2,}ing\b")
# what may stand between a counted subject and its verb: an age ("a boy, 3, was shot", "two
# men, 25 and 30, were killed"), a comma, a "who" clause ("two villagers who tried to resist
# were shot") or a participle clause after a plural
SUBJECT_TAIL = (r"(?:\s+(?:from|on|of)\s+(?:both|all|either|the\s+two)\s+sides)?"  # both sides
                r"(?:\s+(?:accused|suspected|wanted|charged)\s+(?:of|for|with)(?:\s+(?!(?:one|two|three|"
                r"four|five|six|seven|eight|nine|ten|several|dozens)\b)[a-z'’-]+){1,10}?)?"
                r"(?:\s*,\s*\d{1,2}(?:\s+and\s+\d{1,2})?(?=\s*,))?(?:\s*,)?"
                r"(?:(?:\s+who|(?:(?<=[a-z]s)|(?<=men))\s+" + PARTICIPLE +
                r")(?:\s+[a-z'’-]+){0,5}?)?")
# a killing verb in the infinitive: "a threat to kill 20 judges", "tried to kill two"
INFINITIVE = re.compile(r"\bto\s+(?:kill|murder|massacre|execute|wound|injure|shoot)$")


# "killing both", "wounding both of them": the two people just named
_BOTH_OF_THEM = re.compile(r"(?:\s+of\s+them)?\s*(?:[,.;]|$|and\b)")


def single_object_person(low: str, m: re.Match[str], omid: str) -> bool:
    """A lone "a", "one" or "both" after a harm verb counts a person only when one is named
    ("killing a policeman", "wounding a 17-year-old") or "both" ends the phrase ("killing both")."""
    if re.match(rf"\s+(?:(?:[\w-]+\s+){{0,2}}?{_PERSON}|\w+-y)", omid):
        return True
    return m.group("single") == "both" and _BOTH_OF_THEM.match(low, m.end("single")) is not None
