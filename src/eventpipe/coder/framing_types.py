"""Sentence-level revisions of an action word's type by what else the sentence says: territory
taken "without a fight", a mob acting out a grievance, unarmed sides brawling with sticks."""

from __future__ import annotations

import re
from typing import Any

# rioters who act out a grievance ("rioters angered by the fall of Goma", "in protest over the
# killing of a driver", "protesting the arrest of ..."): ACLED's violent demonstration, not mob
# violence (which a lynching stays)
_GRIEVANCE = re.compile(r"\b(?:angered|outraged|incensed|enraged|infuriated)\s+(?:by|at|over)\b|"
                        r"\bangry\s+(?:at|over|about)\b|\bin\s+(?:protest|anger|outrage)\s+"
                        r"(?:at|over|against|of)\b|\bprotesting\b|\bto\s+protest\b|"
                        r"\bdemanding\b")


def grievance_riot(sub: str | None, a2: Any, counts: list[Any], s_low: str) -> bool:
    """Mob violence that is a violent demonstration: a grievance is told and no civilian was
    hurt."""
    if sub != "Mob violence" or _GRIEVANCE.search(s_low) is None:
        return False
    if a2 is not None and a2.inter == 7 and any(c.best > 0 for c in counts):
        return False
    return not any(c.best > 0 and c.group == "civilian" for c in counts)  # a lynching


# "took control of the town without a fight": territory changing hands without battle
_TERRITORY = ("Non-state actor overtakes territory", "Government regains territory")
_NO_FIGHT = re.compile(r"\bwithout (?:a |any )?(?:fight|fighting|battle|resistance|a shot|"
                       r"(?:a )?single shot|bloodshed|clashes)\b")


def transfer_without_fight(sub: str | None, s_low: str) -> bool:
    """Territory taken or retaken "without a fight": a non-violent transfer."""
    return sub in _TERRITORY and _NO_FIGHT.search(s_low) is not None


# a fight with sticks, stones, bricks or blades (no firearm) between unarmed sides
_CRUDE_ARMS = re.compile(r"\b(?:sticks|clubs|batons|bricks|stones|rocks|machetes|knives|"
                         r"iron rods|bamboo|fists|bottles)\b")
_FIREARMS = re.compile(r"\b(?:gun\w*|shot|shots|shooting|fire[ds]?|firing|rifles?|pistols?|"
                       r"bullets?|grenades?|bombs?)\b")


# officers who answer the call, not a side that fought: "911 calls reporting gunfire sent
# officers to the area", "deputies responded to reports of shots fired"
_RESPONDERS = re.compile(r"\b(?:sent|dispatched|called|summoned|brought|drew)\s+(?:\w+\s+){0,2}?"
                         r"(?:officers|police|deputies|troopers)\b|\b(?:officers|police|deputies|"
                         r"troopers)\s+(?:were\s+)?(?:called|dispatched|sent|responded|responding|"
                         r"arrived)\b")
def responders_only(a1: Any, a2: Any, counts: list[Any], s_low: str) -> bool:
    """The state force of the sentence only answered the call (no one of it hurt)."""
    return a1 is None and a2 is not None and a2.state and _RESPONDERS.search(s_low) is not None \
        and not any(c.group in ("police", "military") and c.best > 0 for c in counts)


# the police arrest demonstrators at the protest: "police detained 41 people as they blocked
# streets to protest", "officers arrested dozens of marchers"
_DETAINED = re.compile(r"\b(?:police|officers|security forces|riot police|authorities|troops)\s+"
                       r"(?:\w+\s+){0,2}?(?:detained|arrested|rounded up|hauled away)\s+"
                       r"(?:at least\s+|more than\s+|some\s+|about\s+)?(?:\d+|dozens|scores|"
                       r"hundreds|several|many|two|three|four|five|six|seven|eight|nine|ten)\b")


def retype(etype: str | None, sub: str | None, a1: Any, a2: Any, counts: list[Any],
           s_low: str) -> tuple[str | None, str | None]:
    """The sentence's type, revised by what the sentence says besides the action word: taken
    "without a fight"; a mob with a grievance; rival supporters, students or villagers who
    "fought with sticks, bricks and machetes" (mob violence, not an armed clash)."""
    if transfer_without_fight(sub, s_low):
        return "Strategic developments", "Non-violent transfer of territory"
    if grievance_riot(sub, a2, counts, s_low):
        return etype, "Violent demonstration"
    if sub == "Peaceful protest" and _DETAINED.search(s_low):
        return etype, "Protest with intervention"  # "police detained 41 people as they marched"
    if sub == "Armed clash" and not any(a is not None and a.armed for a in (a1, a2)) and \
            _CRUDE_ARMS.search(s_low) and not _FIREARMS.search(s_low):
        return "Riots", "Mob violence"
    return etype, sub
