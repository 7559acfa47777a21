"""Action triggers: find them, pick the sentence's main action, assign roles and refine the
ACLED type from who did what to whom."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import Actor
from .counts import TOTAL, Count
from .lexicon import Lexicon, Trigger
from .parties import is_source, not_party
from .prefilter import TextIndex

# "were shot", "was fatally shot", "had been reportedly killed"; not "are investigating a"
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|got|get)\s+"
                      r"(?:(?:\w+ly|also|all|both|each|later|then|being|been|just|not|never|"
                      r"reportedly|allegedly|apparently)\s+){0,2}$")
_PROGRESSIVE = re.compile(r"[a-z]+ing\b")
_BY = re.compile(r"^\W*(?:\w+\W+){0,6}?by\s+(?:the\s+|a\s+|an\s+|suspected\s+|some\s+)*"
                 r"(?:(?:group|gang|band|number|squad|unit|team|crowd|mob|column|party|cell)\s+"
                 r"of\s+(?:the\s+|suspected\s+)*)?"  # "raped by a group of armed bandits"
                 r"(?:(?!(?:from|near|in|at|of|on|with|outside|inside|after|during)\b)"
                 r"[a-z'’-]+\s+)?$")  # "an attack by suspected Islamist militants"
_CLAUSE_BREAK = re.compile(r"[;:]|\b(?:while|whereas|meanwhile|but)\b")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    trigger: Trigger


# a crowd told before ("the crowd" of a protest), not one first met at the shooting
_KNOWN_CROWD = re.compile(r"\bthe\b|protest|demonstrat")


def find_hits(low: str, lex: Lexicon, index: TextIndex | None = None) -> list[Hit]:
    """Every trigger match in the lower-cased text, overlapping matches of lower rank dropped.
    ``index`` (of ``low``) skips the triggers that cannot match."""
    index = index if index is not None else TextIndex(low)
    hits = [Hit(m.start(), m.end(), e.item) for e in index.select(lex.triggers, _regex)
            for m in index.matches(e)]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), -h.trigger.rank))
    out: list[Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            prev = out[-1]
            # keep both when they are different kinds ("gunmen" shooting vs casualty words)
            if h.trigger.rank > prev.trigger.rank and h.end - h.start >= prev.end - prev.start:
                out[-1] = h
            continue
        out.append(h)
    return out


def _regex(t: Trigger) -> re.Pattern[str]:
    return t.regex


# between a trigger and its object: a new clause ("... the shooting after police arrived")
_OBJECT_BREAK = re.compile(r"[;:,(]|\b(?:after|before|when|while|as|because|until|since|"
                           r"but|who|which|where|said|says|told|then|later)\b")

# "... after two days of fighting with JNIM": the opponent of a fight, whatever the clause
_OPPONENT_BEFORE = re.compile(r"\b(?:with|against|overrunning|overran|routing|defeating|ousting|"
                              r"driving\s+out)\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,2}$")


# "SNA and AU forces", "Al Shabaab and government troops": coordinated subjects
# ("the Sudanese Armed Forces (SAF) and RSF": a short name in brackets may follow the first)
# A force acting with another's support or in concert with it ("US forces, in coordination
# with Somali army commandos,", "Malian soldiers supported by Russian paramilitaries") leads.
_COORDINATED = re.compile(r"\s*(?:\([^()]{1,100}\))?\s*\)?\s*(?:(?:,|and|,\s*and)\s*|,?\s*"
                          r"(?:(?:in\s+)?(?:coordination|cooperation|collaboration|conjunction|"
                          r"concert|partnership)\s+with|(?:together|jointly)\s+with|"
                          r"along(?:side|\s+with)|(?:backed|supported|assisted|aided|"
                          r"accompanied|reinforced|joined)\s+by|with\s+(?:the\s+)?(?:support|"
                          r"backing|help|assistance)\s+(?:of|from))\s+)"
                          r"(?:the\s+)?(?:[a-z'’-]+\s+){0,3}(?:\([a-z0-9 .'’-]{1,12}\)\s*|\(\s*)?")
_DURING_OPERATION = re.compile(r"\s+(?:during|in)\s+(?:a|an|the)\s+(?:joint\s+)?$")
# "by" right after the act or its weapon's participle ("a bomb planted by militants")
_BY_AFTER = re.compile(r"\s*(?:(?:reportedly|allegedly|apparently)\s+)?(?:(?:planted|placed|laid|"
                       r"set|detonated|fired|launched|thrown|hurled|dropped|carried|driven|"
                       r"triggered|remotely detonated|operated|flown|claimed|fire|shells|rounds|"
                       r"strikes?|raids?)\s+){0,2}(?:by\b|(?<=fired )from\b|(?<=launched )from\b)")
# ("artillery fire by the RSF", "artillery shells fired by", "a drone operated by the army",
# "a mine reportedly planted by", "shells fired from M23 positions")
_PRONOUN_OBJECT = re.compile(r"\b(?:him|her|them)\b")
_FROM_SIDE = re.compile(r"\bfrom\s+(?:the\s+)?$")
_INNER_BY = re.compile(r"\bby\s+(?:the\s+)?$")
_FROM_AFTER = re.compile(r"^\W*(?:[\w-]+\W+){0,3}?(?:fired|launched)\s+from\s+(?:the\s+)?$")
_REPELLED_BEFORE = re.compile(r"\b(?:repell?(?:ed|ing)|repuls(?:ed|ing)|fought off|fighting off|"
                              r"beat back|beating back|held off|pushed back|foiled|thwarted)\s+"
                              r"(?:an?\s+|the\s+|their\s+)?(?:[\w-]+\s+){0,2}$")
# "(an army patrol vehicle) struck an", "(troops) stepped on a": the device's victims
_STRUCK_DEVICE = re.compile(r"\s+(?:[\w'’-]+\s+){0,3}?(?:struck|hit|hits|strikes|ran\s+over|"
                            r"drove\s+over|rolled\s+over|stepped\s+on)\s+(?:an?\s+|the\s+)?"
                            r"(?:[\w-]+\s+){0,2}?"
                            r"(?:ieds?|(?:land\s?)?mines?|explosive\s+devices?|road\s?side\s+bombs?|"
                            r"improvised\s+explosive)\b")
# the act's word names its doer ("a suicide bomber"), and the group he comes from follows
_AGENT_NOUN = re.compile(r"(?:bombers?|attackers?|gunm[ae]n|snipers?|shooters?)$")
_MEMBER_OF = re.compile(r"\s+(?:from|of|belonging\s+to|linked\s+to|affiliated\s+with|loyal\s+to)"
                        r"\s+(?:the\s+)?(?:[\w-]+\s+)?")
# acts two sides do together: a clash, an agreement ("the army and the rebels agreed to a truce")
_AGREED = re.compile(r"reached|agreed|agree|ceasefire|truce|reconcil|peace")


def _mutual(hit: Hit, low: str) -> bool:
    return hit.trigger.id == "clash" or (hit.trigger.id == "surrender" and
                                         _AGREED.match(low, hit.start) is not None)


_TARGETING = re.compile(r"\b(?:targeting|targetting|targeted(?: at)?|aimed at|hitting|striking)\s+"
                        r"(?:[\w'’-]+\s+){0,3}$")


def assign_roles(actors: list[Actor], hit: Hit, low: str, sent_start: int,
                 victims: list[Actor] | None = None) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) around the main trigger, in active or passive voice. ``victims`` are
    the subjects of casualty clauses ("four soldiers were killed"): never the initiator."""
    victims = [v for v in victims or [] if not not_party(low, v)]
    vic_ids = {id(v) for v in victims}
    # the source of the report ("..., police said", "according to the army") is no participant
    actors = [a for a in actors if not (is_source(low, a, sent_start) or not_party(low, a))]
    # an actor that begins before the trigger and ends inside it is its subject ("Russian
    # drones" in "russian drones struck")
    # ("air force planes bombed" begins with its subject)
    before = [a for a in actors if (a.end <= hit.start or a.start < hit.start < a.end <= hit.end
                                    or a.start == hit.start < a.end < hit.end)
              and id(a) not in vic_ids]
    after = [a for a in actors if a.start >= hit.end and id(a) not in vic_ids]
    head = low[sent_start:hit.start]
    passive = (bool(_PASSIVE.search(head)) and not _PROGRESSIVE.match(low, hit.start)) or \
        bool(_BY_AFTER.match(low, hit.end))  # ("it was joining": no passive)
    a1: Actor | None = None
    a2: Actor | None = None
    if passive:
        for a in after:
            if _BY.match(low[hit.end:a.start] + " ") or _BY.match(low[hit.end:a.start]) or (
                    a.state and _DURING_OPERATION.match(low, hit.end, a.start)) or \
                    _FROM_AFTER.match(low[hit.end:a.start]):
                a1 = a  # "killed by X", "killed during a police operation"
                break
        # the passive subject: the nearest actor before in the same clause ("Police inspect
        # the scene where four kids were shot": the kids); else a victim of the sentence
        if before and not _OBJECT_BREAK.search(low, before[-1].end, hit.start):
            a2 = before[-1]
        if a2 is None:  # "an IED planted by X exploded, targeting Y"
            a2 = next((a for a in after if a is not a1 and _TARGETING.search(
                low, max(hit.end, a.start - 40), a.start)), None)
    else:
        armed_before = [a for a in before if a.armed]
        pool = armed_before or before
        if len(pool) > 1 and _PARTICIPLE_OBJECT.search(low, max(sent_start, pool[-1].start - 30),
                                                       pool[-1].start) and \
                not _RELATIVE_AFTER.match(low, pool[-1].end):
            pool = pool[:-1]  # "troops pursuing the attackers clashed with ...": the troops
        if pool:
            a1 = pool[-1]
            # coordinated subjects ("SNA and AU forces attacked"): the first of them
            for a in reversed(pool[:-1]):
                if _COORDINATED.fullmatch(low, a.end, a1.start):
                    a1 = a
            if len(pool) > 1 and _PRONOUN_OBJECT.search(low, hit.start, hit.end):
                a1, a2 = pool[-2], pool[-1]  # "a mob beat a man and set him on fire"
        for a in after:
            if _OBJECT_BREAK.search(low, hit.end, a.start) and not _OPPONENT_BEFORE.search(
                    low, max(hit.end, a.start - 30), a.start):
                break  # a later clause's actor is no object of this action
            if a1 is None or a.key() != a1.key():
                a2 = a
                break
        if a1 is None and a2 is not None and _AGENT_NOUN.search(low, hit.start, hit.end) and \
                _MEMBER_OF.fullmatch(low, hit.end, a2.start):
            a1 = a2  # "a suicide bomber from Al Shabaab blew himself up": his group
            a2 = None
        if a2 is None and a1 is not None and pool and pool[-1] is not a1 and \
                _mutual(hit, low) and pool[-1].key() != a1.key():
            a2 = pool[-1]  # "troops and rebels clashed": each side is the other's opponent
        elif a2 is None and hit.trigger.id == "clash" and len({a.key() for a in pool}) > 1:
            # "X tried to advance on Y positions, leading to clashes": X against Y
            a1 = pool[0]
            a2 = next(a for a in reversed(pool) if a.key() != a1.key())
    if a1 is not None and hit.start < a1.end + 40 and _STRUCK_DEVICE.match(low, a1.end):
        a2 = a1  # "an army truck hit a landmine": the army's men are its victims
        a1 = None
    rep = None if passive else _REPELLED_BEFORE.search(low, max(sent_start, hit.start - 40),
                                                        hit.start)
    subject = [] if rep is None else [a for a in before if a.end <= rep.start()]
    if rep is not None and subject:
        # "soldiers repelled an attack (by militants)": the subject defends, the agent attacks
        # ("troops repulsed an Al Shabaab attack": the group named before the act attacks)
        by = next((a for a in after if _BY.match(low[hit.end:a.start] + " ")), None)
        named = next((a for a in before if a.start >= rep.end()), None)
        a1, a2 = by or named, subject[-1]
    if a1 is None:  # "a drone operated by the Malian army struck ...": the agent inside the act
        a1 = next((a for a in actors if hit.start < a.start and a.end <= hit.end and
                   _INNER_BY.search(low, hit.start, a.start)), None)
        a2 = None if a1 is not None and a2 is not None and a2.key() == a1.key() else a2
    if hit.trigger.id in ("overtake", "regain"):
        # "retook the town from the RSF": the side it was taken from; "rebels seized an army
        # base": the side named in what was taken lost it
        lost = next((a for a in actors if a.start >= hit.end and a is not a1 and
                     _FROM_SIDE.search(low, max(hit.end, a.start - 60), a.start)), None)
        a2 = lost or a2 or next((a for a in actors if hit.start < a.start and a.end <= hit.end
                                 and a is not a1 and not _INNER_BY.search(low, hit.start,
                                                                          a.start)), None)
    if a2 is None and victims:
        a2 = next((v for v in victims if a1 is None or v.key() != a1.key()), None)
    if a1 is not None and a2 is not None and a1.key() == a2.key() and a1.state:
        a1 = None
    if a1 is not None and not a1.named:
        # "gunmen of an unnamed militia (probably X)": the group the text takes them to be
        a1 = next((a for a in actors if a.named and _LIKELY_GAP.fullmatch(low, a1.end, a.start)),
                  a1)
    return a1, a2


def sentence_roles(actors: list[Actor], first: Hit, main: Hit, low: str, sent_start: int,
                   victims: list[Actor]) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) of a sentence around its first action word, unless its main act is a
    fight "between X and Y"."""
    sides = between_sides(low, main, actors) if main.trigger.id == "clash" else None
    return sides or assign_roles(actors, first, low, sent_start, victims)


_BETWEEN = re.compile(r"(?:(?:\s+(?:on|in|at|near|late|early)\b[^,;.]{0,30}?)?\s+between)?\s+")
_APPOSED = re.compile(r"\s*(?:group|movement|organi[sz]ation|front|army)?\s*[,(]?\s*")


def between_sides(low: str, hit: Hit, after: list[Actor]) -> tuple[Actor, Actor] | None:
    """The two sides of "fighting (on Sunday) between X and Y", when the text names both
    ("troops found six bodies after fighting between X and Y": X and Y, not the troops)."""
    m = _BETWEEN.match(low, hit.end)
    if m is None or not low[hit.start:m.end()].rstrip().endswith("between"):
        return None
    # one actor per side ("the National Liberation Army (ELN)" names one side twice), and a
    # group's name rather than the generic words before it ("the rebel group X": X)
    sides: list[Actor] = []
    for a in after:
        if a.start >= m.end() and a.start - m.end() < 90 and \
                all(a.key() != b.key() for b in sides) and \
                not any(b.named and b.start >= a.end and _APPOSED.fullmatch(low, a.end, b.start)
                        for b in after if not a.named):
            sides.append(a)
    if len(sides) < 2 or \
            not re.fullmatch(r"[^;.]*?\s(?:and|&)\s+(?:[\w'’-]+\s+){0,5}",
                             low[sides[0].end:sides[1].start]):
        return None
    return sides[0], sides[1]


_PARTICIPLE_OBJECT = re.compile(r"\b(?:pursuing|chasing|hunting|tracking|searching for|looking for|"
                                r"escorting|guarding|protecting)\s+(?:the\s+|a\s+|an\s+)?$")
_RELATIVE_AFTER = re.compile(r"\s*,?\s*(?:who|that|which)\b")  # "hunting the gunmen who shot"
_LIKELY_GAP = re.compile(r"\s*[(,]\s*(?:most\s+)?(?:likely|probably|possibly|believed to be|"
                         r"suspected to be|thought to be)\s+(?:the\s+)?")


def describes_actor(h: Hit, actors: list[Actor], low: str) -> bool:
    """A hyphenated action word right before an actor describes it ("stone-throwing
    protesters"): no action of its own."""
    return "-" in low[h.start:h.end] and any(0 <= a.start - h.end <= 1 for a in actors)


def find_initiator(actors: list[Actor], first: Hit, violent: list[Hit], victims: list[Actor],
                   low: str, sent_start: int, a2: Actor | None
                   ) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) when the clause of ``first`` names no initiator, from the sentence's
    other clauses: "five soldiers were killed when militants attacked a base" (the attack's
    subject), "gunmen tried to storm a police station; one officer was shot" (an armed group
    before the victim's clause), "Gunmen tried to storm ..." (the trigger is its own noun)."""
    if _FRONTED_ACT.fullmatch(low, sent_start, first.start):
        # "In a separate attack on Monday, suspected gunmen killed ...": the main clause's subject
        subj = next((a for a in actors if a.armed and a not in victims and _FRONTED_GAP.fullmatch(
            low, first.end, a.start)), None)
        if subj is not None:
            return subj, a2
    if first.trigger.kind == "casualty":
        # an actor noun that is itself a trigger ("gunmen") is no action of its own
        # nor one that describes the actor after it ("stone-throwing protesters clashed")
        later = min((h for h in violent if h.start > first.start and not any(
            a.start == h.start and h.end <= a.end for a in actors)
            and not describes_actor(h, actors, low)), key=lambda h: h.start, default=None)
        if later is not None:
            b1, b2 = assign_roles(actors, later, low, sent_start, victims)
            if b1 is not None and (a2 is None or b1.key() != a2.key()):
                return b1, a2 or b2
            if b1 is not None and b1 is a2 and b1.armed:
                return b1, b2  # "the death toll from an attack by militants": the attack's agent

    def armed_group(a: Actor) -> bool:
        return a.armed and not a.state and not a.weak and a not in victims

    if a2 is not None:
        subj = next((a for a in actors if a.end <= first.start and armed_group(a)
                     and a.key() != a2.key()
                     and any(a.start <= h.start < first.start for h in violent)), None)
        if subj is not None:
            return subj, a2
    own = next((a for a in actors if a.start <= first.start and first.end <= a.end
                and armed_group(a)), None)
    return own, a2


# the act named in a phrase fronted before the main clause ("In a separate attack on Monday, ...")
_FRONTED_ACT = re.compile(r"\s*(?:in|during)\s+(?:a|an|the|another)\s+(?:[\w-]+\s+){0,2}")
_FRONTED_GAP = re.compile(r"[^,.;]{0,40},\s*(?:(?:suspected|unidentified|armed|alleged)\s+)?")
_FIREARM = frozenset({"shooting"})


_ARSON = re.compile(r"torched|set (?:on )?fire|set ablaze|burned down|burnt down|arson")


def refine_type(hit: Hit, a1: Actor | None, a2: Actor | None, counts: list[Count],
                word: str = "") -> tuple[str | None, str | None]:
    """Target-typed triggers become Battles against armed targets, VAC against civilians;
    ``word`` is the trigger as written."""
    t = hit.trigger
    if t.kind == "violent" and t.event_type != "Protests" and a1 is not None and \
            not a1.armed and a1.inter == 7 and a1.collective and a2 is not None and a2.state \
            and t.id not in _FIREARM:
        return "Riots", "Violent demonstration"  # youths setting fire, stoning the police
    if _ARSON.fullmatch(word) and a2 is None and a1 is not None and not a1.armed and \
            a1.inter in (5, 7) and a1.collective:
        return "Riots", "Mob violence"  # angry residents set fire to an office
    if _ARSON.fullmatch(word) and not any(c.best > 0 for c in counts) and \
            (a2 is None or a2.inter != 7):
        # houses torched, a polling station set on fire, no one hurt: property destruction
        return "Strategic developments", "Looting/property destruction"
    if t.id == "clash" and word.startswith("ambush") and a2 is not None and a2.inter == 7 and \
            not any(c.group in ("military", "police", "armed") and c.best > 0 for c in counts):
        return "Violence against civilians", "Attack"  # an ambush on a bus of civilians
    if t.id == "protest_force" and "crowd" in word and (
            (a1 is not None and a1.armed and not a1.state) or
            (a1 is None and not _KNOWN_CROWD.search(word))):
        # a gunman firing into a crowd; "shooting into a crowd outside a school": a crowd
        # first met there (not "the crowd" of a protest), no state force shooting
        return "Violence against civilians", "Attack"
    if t.event_type == "Battles" and t.sub_event_type == "Armed clash" and any(
            a is not None and a.inter in (5, 6) for a in (a1, a2)):
        # demonstrators or rioters clashing with police: a violent demonstration (ACLED)
        return "Riots", "Violent demonstration"
    if t.id == "mob" and a2 is not None and a2.armed and not a2.weak and \
            (a1 is None or a1.armed):
        return "Battles", "Armed clash"  # vigilantes attacking a rebel camp: a battle
    if not t.target_typed:
        return t.event_type, t.sub_event_type
    armed_victims = any(c.group in ("military", "police", "armed") and c.best > 0
                        for c in counts if c.kind in ("killed", "wounded", "shot"))
    civ_victims = any(c.group in ("civilian", TOTAL) and c.best > 0 for c in counts)
    if a1 is not None and not a1.armed and (a1.inter == 5 or (
            a1.inter == 7 and a1.collective and t.id not in _FIREARM)):
        # residents, a crowd or a mob attacking someone: ACLED's rioters, mob violence (one
        # man or woman with a gun is no mob)
        return "Riots", "Mob violence"
    if a2 is not None:
        if a2.inter == 7:
            return "Violence against civilians", "Attack"
        if a2.armed and not a2.weak:
            if a1 is None or a1.armed:
                return "Battles", "Armed clash"
        if a2.weak and a1 is not None and a1.state:
            return "Battles", "Armed clash"
    if armed_victims and not civ_victims and (a1 is None or a1.armed):
        return "Battles", "Armed clash"
    if a1 is not None and a1.inter == 5:
        return "Riots", "Mob violence"
    return "Violence against civilians", "Attack"
