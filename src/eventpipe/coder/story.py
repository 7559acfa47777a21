"""The story of a news article: its lead incident, and the lead's own day when its sentences
give none.

News reports often date the incident once ("late Friday", "Monday night's shooting") in a
sentence the coder does not read as an event mention; the publication date is right only for
about a third of local news reports. Timestamps of the page ("Posted: Tuesday, May 5, 2015",
"Updated: ...") are not event dates.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from .dates import BYLINE
from .incidents import (
    Event,
    crowd_apart,
    dates_compatible,
    days_differ,
    opens_incident,
    other_day,
    other_dyad,
    real_mention,
)
from .locate import Loc
from .mention_dates import dateline_date, death_day

_STATEMENT = re.compile(r"\b(?:said|says|told|announced|reported|confirmed|identified|"
                        r"released|charged|arrested|arraigned|sentenced)\s+(?:\w+\s+)?"
                        r"(?:on\s+|early\s+|late\s+)?$", re.IGNORECASE)


def story_date(ctx: Any) -> Any:
    """The first day-precise, non-historical date of the article's event sentences (else of
    any sentence), skipping page timestamps and the days of statements and court steps."""
    pub: date | None = ctx.published
    text = ctx.text
    firsts: list[Any] = []
    deaths: list[Any] = []  # "died of his injuries on Thursday": the attack's only if no other
    for pass_hits in (True, False):
        for idx in sorted(ctx.dates_by_sent):
            if pass_hits and idx not in ctx.hits_by_sent:
                continue
            for d in ctx.dates_by_sent[idx]:
                if d.value is None or d.precision != 1 or d.historical or d.future:
                    continue
                if pub is not None and d.value > pub:
                    continue
                before = text[max(0, d.start - 30):d.start]
                if BYLINE.search(before) or _STATEMENT.search(before) or \
                        dateline_date(ctx.low, d) or _STAMP_AFTER.match(text, d.end):
                    continue
                if death_day(ctx.low, d):
                    deaths.append(d)
                    continue
                firsts.append(d)
                break
            if firsts:
                return firsts[0]
    return deaths[0] if deaths else None


# "October 27, 2013 11:16 AM": a page's time stamp (a clock time right after the day, no "at")
_STAMP_AFTER = re.compile(r",?\s+\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\b|\b)")

_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians",
                      "Riots"})


def _own_evidence(ev: Event) -> bool:
    """The event states its own casualties or day (not only the story's aftermath)."""
    core = [m for m in ev.mentions if not m.extra.get("followup")]
    return any(c.best > 0 for m in core for c in m.counts) or any(
        m.date is not None and m.date.value is not None and m.date.precision == 1 for m in core)


_FAMILY = {"ied": "explosive", "grenade": "explosive", "suicide": "explosive",
           "shelling": "explosive", "air": "explosive", "chemical": "explosive",
           "abduct": "abduct", "sexual": "sexual", "riot": "crowd", "mob": "crowd",
           "protest": "crowd", "protest_force": "crowd", "protest_intervention": "crowd"}


def _family(ev: Event) -> str | None:
    strong = [m for m in ev.mentions if not m.weak and not m.extra.get("followup")]
    if not strong:
        return None
    return _FAMILY.get(max(strong, key=lambda m: m.rank).hit.trigger.id, "armed")


def _reliable_place(lead: Loc, other: Loc) -> bool:
    """A differing place counts when it is a region named as such, a town written as one
    ("the town of X", "X, <its region>") or a place in the lead's own region: a bare town of
    another region is more often a home town or a misread name."""
    if other.kind_rank <= 1 or other.cued:
        return True
    a, b = lead.admin1_code or lead.admin1, other.admin1_code or other.admin1
    return a is None or b is None or a == b


def _split_off(ev: Event) -> bool:
    """The event's own sentence set it apart from another place ("..., and gunmen abducted a
    chief near Y"): the text itself says the places differ."""
    return any(m.extra.get("clause") for m in ev.mentions)


def _own_counts(ev: Event) -> bool:
    return any(c.best > 0 and not c.explicit_zero for m in ev.mentions
               if not m.extra.get("followup") for c in m.counts)


# A news story reports its lead incident; an earlier incident told only by its week or month
# is background ("a man was wounded at the same corner last month"). One told by its own
# calendar day ("on 3 May, gunmen burned the mill") is reported as an event of its own, unless
# it lies months back.
_BACKGROUND_DAYS = 7
_BACKGROUND_DAYS_DATED = 60


def _background(d_lead: Any, d_ev: Any) -> bool:
    if d_lead is None or d_lead.value is None or d_ev.value is None:
        return False
    limit = _BACKGROUND_DAYS_DATED if d_ev.precision == 1 else _BACKGROUND_DAYS
    return (d_lead.value - d_ev.value).days > limit


def _to_background(ev: Event) -> None:
    for m in ev.mentions:
        m.historical = True


def _other_day_and_place(lead: Event, ev: Event, l_lead: Loc | None, l_ev: Loc | None) -> bool:
    """The incident names a day of its own that is not the lead's (even the day before) and
    a place in another region (or a town written as one) than the lead's."""
    if not days_differ(lead.date(), ev.date()):
        return False
    if l_lead is None or l_ev is None or l_ev.kind_rank < 1 or l_lead.same_place(l_ev):
        return False
    a, b = l_lead.admin1_code or l_lead.admin1, l_ev.admin1_code or l_ev.admin1
    return l_ev.cued or l_lead.iso3 != l_ev.iso3 or (a is not None and b is not None and a != b)


def absorb_into_lead(events: list[Event], news: bool = False) -> list[Event]:
    """Main-event rule: the article's first violent incident is its lead. A later incident of a
    compatible type joins the lead unless it has a day of its own that differs, or a place of its
    own that differs together with its own casualties or day (or written as a town of its
    region: a roundup's "in X, the capital of Y department, ..." needs no figure). Aftermath
    sentences (court, funerals, appeals for tips) always join the lead.

    In full-length news (``news``) a differing day makes a separate incident only with its
    own casualty figures (else the day is an aftermath step misread). In any text an incident
    dated more than a week before the lead is background, coded ``historical``."""
    lead = _lead(events)
    if lead is None:
        return events
    lead.mentions[0].extra["lead"] = True
    out: list[Event] = []
    for ev in events:
        if ev is lead or ev.historical or ev.first.verbal or not real_mention(ev.first) or \
                ev.main().event_type not in _VIOLENT or events.index(ev) < events.index(lead):
            out.append(ev)
            continue
        followup = all(m.extra.get("followup") for m in ev.mentions)
        if any(opens_incident(m) for m in ev.mentions):
            d_ev = ev.date()
            if d_ev is not None and not d_ev.future and _background(lead.date(), d_ev):
                _to_background(ev)  # "the post was also attacked last October"
            out.append(ev)
            continue
        stepped = False
        if not followup:
            d_lead, d_ev = lead.date(), ev.date()
            if d_ev is not None and not dates_compatible(d_lead, d_ev):
                background = _background(d_lead, d_ev)
                if not news or _own_counts(ev) or d_ev.future or background or \
                        any(m.modality not in ("asserted", "alleged") for m in ev.mentions):
                    if background:
                        _to_background(ev)  # "two guards were shot at the same gate in March"
                    out.append(ev)
                    continue
                stepped = True  # its day is an aftermath step's: it may not date the lead
            elif news and _own_counts(ev) and other_day(lead, ev.main()):
                out.append(ev)  # "... on Sunday, killing four. On Monday, the jets struck again"
                continue
            f_lead, f_ev = _family(lead), _family(ev)
            if (f_lead is not None and f_ev is not None and f_lead != f_ev) or \
                    (news and other_dyad(lead, ev.main())) or crowd_apart(ev.main(), lead.main()):
                out.append(ev)
                continue
            l_lead, l_ev = lead.loc(), ev.loc()
            if _other_day_and_place(lead, ev, l_lead, l_ev):
                out.append(ev)  # "... was killed in Cali on Sunday": its own day and town
                continue
            if l_lead is not None and l_ev is not None and not l_lead.same_place(l_ev) and \
                    (l_ev.iso3 != l_lead.iso3 or _reliable_place(l_lead, l_ev) or (
                        l_ev.geo_precision == 2 and l_ev.iso3 != "USA" and _own_counts(ev))) \
                    and (l_ev.cued or _own_evidence(ev) or _split_off(ev)):
                # (a district named as one with its own toll, "in the Kandy district, ...";
                # not a US county, which local news names for its sheriff's office)
                out.append(ev)
                continue
        for m in ev.mentions:
            m.extra["absorbed"] = True
            if stepped:
                m.extra["undated"] = True
        lead.mentions.extend(ev.mentions)
    return out


# "... were killed in the attack, which ...": the act named again by its definite noun, ended
# there (not "the attack on the bridge", which may name a new one)
_RETOLD = re.compile(r"\b(?:in|during|by|after|of)\s+the\s+(?:attack|bombing|massacre|ambush|raid|"
                     r"shooting|blast|explosion|killings?)\b(?!\s+(?:on|against|at|in|near)\b)")


# "They killed a grandmother buying tomatoes ...": the people of the act told before
_PRONOUN_START = re.compile(r"(?:\[[a-z ]+\]\s*)?[\"“]?(?:they|he|she|the (?:gunmen|attackers|"
                            r"killers|assailants|assassins|perpetrators|kidnappers)|"
                            # "Her husband and two sons were killed", "The blasts ripped
                            # through the stalls": the people and the act told before
                            r"his|her|their|the (?:blasts?|explosions?|bombs?|truck|car|bus|"
                            r"convoy|vehicle|device|attack|bombing|assault|raid|massacre|gunfire|"
                            r"victims|passengers|hostages|survivors))\W")
# "Four gunmen then ran inside", "who was 24 at the time", "wounded that night", "one of a
# string of attacks that year", "his driver was also killed", "the attackers separated the
# passengers": the act told before, going on
_GOING_ON = re.compile(r"(?:[\"“\w'’-]+\s+){1,3}then\b|.*?\b(?:at the time|the (?:attackers|"
                       r"gunmen|assailants|killers|bombers?)|(?:that|the same) (?:night|day|"
                       r"morning|evening|afternoon|week|month|year)|also\s+(?:been\s+)?(?:killed|"
                       r"wounded|injured|shot|died|murdered))\b")


def retold_background(mentions: list[Any], low: str) -> None:
    """An undated sentence that names "the attack" again, opens with its people or its
    vehicle ("They killed ...", "The gunmen escaped ...", "The bus was stopped ..."), goes on
    with it ("then", "that night") or only tells a death, when every act told before it is
    background ("a survivor of a 2019 attack on a bus told a court ... Eleven passengers were
    killed in the attack"), retells that background act: it is historical too. (Run before
    the story's violent acts are gathered, so an arrest beside a retold act is no follow-up
    of it.)"""
    told = False
    for m in mentions:
        if m.verbal or not real_mention(m):
            continue
        if m.historical:
            told = True
            continue
        if not told or (m.date is not None and m.date.value is not None) or not (
                _RETOLD.search(low, m.sent.start, m.sent.end)
                or _PRONOUN_START.match(low, m.sent.start)
                or _GOING_ON.match(low, m.sent.start, m.sent.end)
                or m.hit.trigger.kind == "casualty"):  # "whose son died in the market"
            return
        m.historical = True


def _lead(events: list[Event]) -> Event | None:
    return next((ev for ev in events if not ev.historical and not ev.first.verbal
                 and ev.main().event_type in _VIOLENT and real_mention(ev.first)), None)


_STALE_DAYS = 60


def stale_background(events: list[Event], published: date | None,
                     with_lead: bool = True) -> None:
    """News is about the days just before it: an incident it tells in one sentence and dates
    more than 60 days back ("a suicide bomber struck a checkpoint on April 4", in September;
    "in March, a candidate was shot", in late May) is background, also when the article tells
    nothing newer; an article that keeps returning to an old incident is about it.

    Without ``with_lead`` (before the story is gathered) only while the lead is undated, and
    not the lead: an old incident is then kept from being absorbed into it as its day."""
    if published is None:
        return
    first = None if with_lead else _lead(events)
    if first is not None and first.date() is not None:
        return  # (gathering the story compares the others' days with the lead's)
    for ev in events:
        if ev is first:
            continue
        d = ev.date()
        if ev.historical or d is None or d.future or d.value > published or \
                len({m.sent.index for m in ev.mentions}) > 1:
            continue
        if (published - d.value).days > _STALE_DAYS:
            _to_background(ev)


# "at about 10:15 p.m. Wednesday", "about 4 p.m. Nov. 9", "Tuesday night": the hour of an
# incident, as police reports give it
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s*(?:on\s+)?$|\bnoon\s+$|\bmidnight\s+$")
_CLOCK_AFTER = re.compile(r"\s+(?:night|morning|evening|afternoon)\b|,?\s+(?:at|about|around)\s+"
                          r"\d{1,2}(?::\d\d)?\s*[ap]\.?m\b")


def day_in_week(ctx: Any, ev: Event, dm: Any) -> Any:
    """A week-precise day ("shot to death last week") made exact by a day of that week told
    with its hour in or just after the incident's sentences ("officers were called at 10:15
    p.m. Wednesday"), skipping the days of statements and deaths."""
    if dm is None or dm.precision != 2 or dm.value is None or ctx.published is None:
        return dm
    week = ctx.published - timedelta(days=ctx.published.weekday() + 7)  # last week's Monday
    idxs = sorted(m.sent.index for m in ev.mentions)
    for idx in range(idxs[0], idxs[-1] + 3):
        for d in ctx.dates_by_sent.get(idx, []):
            if d.value is None or d.precision != 1 or d.historical or d.future or d.step or \
                    not week <= d.value < ctx.published or not (
                        _CLOCK.search(ctx.low, max(0, d.start - 25), d.start) or
                        _CLOCK_AFTER.match(ctx.low, d.end)):
                continue
            if not _STATEMENT.search(ctx.text[max(0, d.start - 30):d.start]) and \
                    not death_day(ctx.low, d):
                return d
    return dm
