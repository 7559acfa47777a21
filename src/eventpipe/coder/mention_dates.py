"""Which of a sentence's dates is the event's: not the day of a statement, of a step of the
case, of the aftermath or of the report's dateline, and the day of the attack rather than of a
later death ("died Sunday after being shot Saturday night")."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from .actions import Hit
from .dates import BYLINE, DateMention

# the day of a statement or of a step of the case ("police said Tuesday", "was arrested
# Friday", "was charged on Monday"), not of the event
_STATEMENT_BEFORE = re.compile(r"\b(?:said|says|told\s+(?:\w+\s+){0,3}?|announced|"
                               r"(?:(?:said|announced|stated|added|claimed)\s+)?in\s+(?:a|an|its|their)\s+"
                               r"(?:\w+\s+)?(?:statement|communiqu[eé]|release|post|video|message|"
                               r"briefing)\s+|"
                               r"(?<!was )(?<!were )(?<!been )reported|"
                               r"confirmed|stated|added|denied|denies|admitted|acknowledged|"
                               r"insisted|given|issued|published|"
                               # "the death toll rose to seven on Monday"
                               r"(?:rose|risen|climbed|jumped|increased|reached)\s+to\s+[\w,]+|"
                               # "initial reports on Wednesday put the toll at 11"
                               r"(?:initial|early|first|preliminary|official|police|media|"
                               r"local)\s+(?:reports?|figures|tally|statements?)|"
                               r"(?<!was )(?<!were )(?<!been )released)"
                               r"\s*(?:on\s+|early\s+|late\s+)?$")
_CASE_STEP_BEFORE = re.compile(r"\b(?:arrested|charged|arraigned|booked|indicted|sentenced|"
                               r"apprehended|surrendered|identified|jailed|taken into custody)"
                               r"\s*(?:on\s+|early\s+|late\s+)?$")
# "as of Friday night, police had logged 40 shootings": the day a tally is made up to
_CUTOFF_BEFORE = re.compile(r"\b(?:by|as of|through|up to)\s+(?:late\s+|early\s+|mid-?)?$")
# "a vigil was held on Friday for ...": the day of the aftermath, not of the incident
_AFTERMATH_BEFORE = re.compile(r"\b(?:funerals?|vigils?|burials?|memorials?|services?|wakes?|"
                               r"mass)\s+(?:\w+\s+){0,2}?(?:was|were|is|are)\s+(?:being\s+)?"
                               r"held\s*(?:on\s+|early\s+|late\s+)?$")
# "On Wednesday, Zamfara police spokesman Ibrahim Dauda said ...": the speaker's day
_SPEAKER_AFTER = re.compile(r",\s+(?:(?!(?:killed|killing|attacked|attacking|stormed|opened|fired|"
                            r"shot|exploded|clashed|ambushed|abducted|kidnapped|seized|raided|"
                            r"struck|burned|bombed|shelled|wounded|injured|died|were|was)\b)"
                            r"[\w'’.-]+\s+){1,7}?(?:said|says|told|announced|confirmed)\b")
_FRONTED = re.compile(r"(?:^|(?<=[a-z0-9]{3})[.!?]\s+|\n\s*)(?:(?:late|early)\s+)?(?:on\s+)?$")
_STATEMENT_AFTER = re.compile(r"^\s*(?:morning|afternoon|evening|night)?\s*(?:,\s*)?"
                              r"(?:said|told|announced|confirmed|released|published|issued)\b")
# "... today condemned the murder of ...": the day of a statement or reaction, written before
# its verb, is not the day of the incident the statement is about (it is a verbal event's own)
_REACTION_AFTER = re.compile(r"^\s*(?:morning|afternoon|evening|night)?\s*(?:,\s*)?"
                              r"(?:reported|stated|condemned|"
                              r"denounced|deplored|repudiated|accused|charged|denied|blamed|"
                              r"disclosed|revealed|claimed|urged|demanded|called for|expressed|"
                              r"issued|protested|rejected|warned)\b")

# "CITY, 2 JUN 97 (WIRE SERVICE) --": the day the report was filed, not an event's day
_DATELINE_DATE_AFTER = re.compile(r"^\s*(?:\([^)]{1,40}\)\s*)?(?:--|—|–|-(?=\s))")
_UNTIL_BEFORE = re.compile(r"\b(?:until|till)\s+$")
_DIED_BEFORE = re.compile(r"\b(?:died|succumbed|passed\s+away)(?:\s+(?:of|from|to)\s+"
                          r"(?:his|her|their)\s+(?:injuries|wounds))?\s+(?:on\s+|early\s+|late\s+)?$")
# "died Sunday after being shot Saturday night": the day of the attack
_ATTACK_BEFORE = re.compile(r"\bafter\s+(?:being|(?:he|she|they)\s+(?:was|were|had\s+been))\s+"
                            r"(?:shot|wounded|stabbed|attacked|beaten|hit)\b[^.;]{0,40}$")


def _death_before(low: str, d: DateMention) -> re.Match[str] | None:
    return _DIED_BEFORE.search(low, max(0, d.start - 50), d.start)


def death_day(low: str, d: DateMention) -> bool:
    """The day someone died of wounds ("died of his injuries on Thursday"), not an attack's."""
    return _death_before(low, d) is not None


def dateline_date(low: str, d: DateMention) -> bool:
    """The day in the dateline ("CITY, 2 JUN 97 (WIRE) --", "CITY, June 2 (Wire) -")."""
    return d.start < 80 and _DATELINE_DATE_AFTER.match(low[d.end:d.end + 50]) is not None


def statement_date(low: str, d: DateMention, violent: bool = False) -> bool:
    """"police said Tuesday": the day of the statement, not of the event; for a violent
    event, "was arrested Friday" is the day of the arrest."""
    if dateline_date(low, d):
        return True
    if violent and _REACTION_AFTER.match(low[d.end:d.end + 30]):
        return True
    if violent and (_CASE_STEP_BEFORE.search(low[max(0, d.start - 40):d.start])
                    or _AFTERMATH_BEFORE.search(low[max(0, d.start - 50):d.start])
                    or _CUTOFF_BEFORE.search(low, max(0, d.start - 20), d.start)):
        return True
    return bool(_STATEMENT_BEFORE.search(low[max(0, d.start - 40):d.start])
                or _STATEMENT_AFTER.match(low[d.end:d.end + 30])
                or (_FRONTED.search(low, max(0, d.start - 20), d.start) is not None
                    and _SPEAKER_AFTER.match(low, d.end) is not None)
                or BYLINE.search(low[max(0, d.start - 30):d.start]))  # "Posted: Monday, ..."


def _counted_from(low: str, d: DateMention, anchor: int) -> bool:
    """"two days after he was shot": the act is what the days are counted from, not what
    happened on the day counted to."""
    if low.endswith("after", 0, d.end) and low.startswith(" the ", d.end) and anchor < d.start:
        return True  # "died Monday, five days after the shooting": the death's day
    return low.endswith("after", 0, d.end) and anchor >= d.end and \
        not any(c in low[d.end:anchor] for c in ",;:")


_WEEKDAY_NAME = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day")


def ahead(d: DateMention, low: str, published: date | None) -> DateMention:
    """A weekday of a plan is the coming one, not the last ("plan to march on Friday")."""
    if published is None or d.value is None or d.value >= published or not d.relative or \
            d.precision != 1 or not _WEEKDAY_NAME.search(low, d.start, d.end) or \
            re.search(r"\blast\b", low[d.start:d.end]):
        return d
    return replace(d, value=d.value + timedelta(days=7), future=True)


def after_previous(dates: list[DateMention | None]) -> list[DateMention | None]:
    """"Two days later, a second bomb exploded": a day counted from the event told before it
    (the nearest earlier one with a day); unknown when none has."""
    out: list[DateMention | None] = []
    prev: DateMention | None = None
    for d in dates:
        if d is not None and d.step:
            base = prev.value if prev is not None and prev.value is not None else None
            d = replace(d, value=base + timedelta(days=d.step) if base else None,
                        historical=bool(prev and prev.historical), future=False)
        if d is not None and d.value is not None and d.precision <= 2:
            prev = d
        out.append(d)
    return out


_CLAUSE_MARK = re.compile(r"[,;:]")
# "an officer wounded in a roadside bomb attack died ...": the attack told before the death
_IN_ACT = re.compile(r"\b(?:in|by)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:attack|bombing|blast|"
                     r"explosion|ambush|shooting|raid|strike)\b")
_AFTER_ACT = re.compile(r"[^.;]{0,60}?\b(?:days?|weeks?)\s+after\s+(?:the|being|he\s+was|"
                        r"she\s+was)\b")


def pick_date(dates: list[DateMention], anchor: int, low: str = "",
               violent: bool = False) -> DateMention | None:
    # "two days after he was shot": no day of the act (the day counted to is another's)
    usable = [d for d in dates if (d.value is not None or d.historical or d.step)
              and not (d.step and _counted_from(low, d, anchor))]
    if low:  # "fighting that went on until August 1": the end of a span is no act's day
        usable = [d for d in usable if not statement_date(low, d, violent)
                  and not _UNTIL_BEFORE.search(low, max(0, d.start - 12), d.start)]
    if not usable:
        return None
    died = _death_before(low, usable[0]) if low and len(usable) == 1 else None
    if died is not None and (_AFTER_ACT.match(low, usable[0].end) or (
            anchor < died.start() and _IN_ACT.search(low, anchor, died.start()))):
        # "Tate died Monday, five days after the shooting", "an officer wounded in a bomb
        # attack died of his injuries on Thursday": not the day of the attack
        return None
    if low and len(usable) > 1:
        attack = [d for d in usable if d.value is not None and
                  _ATTACK_BEFORE.search(low, max(0, d.start - 60), d.start)]
        if attack:
            return attack[0]
        # "a woman hurt on Friday night died Sunday": the day of the death is not the attack's
        death = [d for d in usable if _DIED_BEFORE.search(low, max(0, d.start - 30), d.start)]
        if death and len(death) < len(usable):
            usable = [d for d in usable if d not in death]
        # "killed there during the 1994 genocide", "for the 2022 shooting death": a past year
        # in the act's own clause dates it, whatever day the sentence reports
        # ("a bombing that killed 19 people at the market seven years ago" too)
        past = [d for d in usable if d.historical and (d.value is None or d.precision == 3)
                and abs(d.start - anchor) <= (40 if d.value is None else 80)
                and not _CLAUSE_MARK.search(
                    low, min(d.end, anchor), max(d.start, anchor))]
        if past:
            return past[0]
    return min(usable, key=lambda d: (d.value is None, abs(d.start - anchor)))


# "a militia leader accused of ordering the killing of 27 villagers ... in 2021 told the court on
# Monday": the act a charge names happened when the sentence says it did, not on the hearing's day
_CHARGE_BEFORE = re.compile(r"\b(?:accused of|charged with|convicted of|indicted for|on trial for|"
                            r"tried for|sentenced for|acquitted of|guilty of)\s+(?:(?:ordering|"
                            r"planning|organi[sz]ing|carrying out|taking part in|"
                            r"participating in)\s+)?(?:the\s+)?$")


def charged_act_date(dates: list[DateMention], low: str, act_start: int,
                     sent_start: int) -> DateMention | None:
    """The past time a charged act is told at, after it in its sentence, or None."""
    if not _CHARGE_BEFORE.search(low, max(sent_start, act_start - 60), act_start):
        return None
    return next((d for d in dates if d.start > act_start and d.historical), None)


def act_date(dates: list[DateMention], low: str, first_start: int, main: Hit, sent_start: int,
             frame: int, violent: bool) -> DateMention | None:
    """The day of a sentence's act. ``frame``: where the act's own words open, after the
    sentence's start for an act a protest is held against ("called a strike for Friday to
    protest the bombing of an office on Wednesday": the bombing's day is not the strike's)."""
    # "Man killed in Old Town shooting; same block saw triple shooting in May": a day told
    # after a semicolon that follows the act is another clause's
    dates = [d for d in dates if d.start < first_start or ";" not in low[first_start:d.start]]
    if frame > sent_start:  # a day told after the act, else the nearest that is not ahead
        own = [d for d in dates if not d.future]
        return next((d for d in own if d.start > main.end and d.value is not None), None) or \
            pick_date(own, main.start, low, violent)
    return charged_act_date(dates, low, first_start, sent_start) or pick_date(
        dates, first_start, low, violent)
