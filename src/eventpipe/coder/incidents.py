"""Incidents inside one article: mentions of the same event merged into one ``Event``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .locate import Loc
from .mentions import Mention


@dataclass
class Event:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    def main(self) -> Mention:
        """The mention that types the event: the highest-ranked of its own sentences (the
        aftermath - court, arrests, vigils - never types it)."""
        # property burned beside a killing does not type the incident ("shot dead two
        # farmers; the attackers then burned five houses" is violence against civilians)
        # and a denial never types it ("denied attacking civilians")
        # and police dispersing a mob do not type what the mob did ("a mob set fire to houses;
        # police fired tear gas": mob violence)
        core = self.core()
        mob = any(m.event_type == "Riots" or m.actor1 is not None and m.actor1.inter == 5
                  and m.event_type != "Protests" for m in core)
        # an attack that killed, told first, outranks the abductions told after it ("raiders
        # killed 11 herders ... Four children were abducted": an Attack); an abduction told
        # first stays one ("gunmen kidnapped a trader ... he was later killed")
        lead = min(core, key=lambda m: m.sent.index)
        dead = lead.hit.trigger.id != "abduct" and any(c.kind == "killed" and c.best > 0
                                                       for c in lead.counts)
        return max(core, key=lambda m: (m.modality != "denied",
                                        m.hit.trigger.id != "arson",
                                        not (mob and m.event_type == "Protests"),
                                        not (dead and m.hit.trigger.id == "abduct"), not m.weak,
                                        m.rank, -m.sent.index))

    def core(self) -> list[Mention]:
        """Mentions that may date and place the event (aftermath sentences may not)."""
        own = [m for m in self.mentions if not m.extra.get("followup")]
        return own or self.mentions

    def loc(self) -> Loc | None:
        core = self.core()
        # a place the text gives the incident before the dateline's city it was filed from
        core = [m for m in core if not m.extra.get("dateline_place")] or core
        strong = [m.loc for m in core if m.loc is not None and not m.weak]
        if strong and strong[0].kind_rank >= 1:
            return strong[0]
        locs = [m.loc for m in core if m.loc is not None]
        if not locs:
            return None
        return max(locs, key=lambda loc: (loc.kind_rank, -loc.start))

    def date(self) -> Any:
        """The first day told; a coarser one ("last week") gives way to a day of it told
        later ("Wednesday, Jan. 4")."""
        first = None
        for m in self.core():
            if m.date is not None and m.date.value is not None and not m.extra.get("undated"):
                if first is None:
                    first = m.date
                    if first.precision == 1:
                        return first
                elif m.date.precision == 1 and first.precision == 2 and \
                        dates_compatible(first, m.date):
                    return m.date
        return first

    @property
    def historical(self) -> bool:
        return all(m.historical for m in self.mentions)


def dates_compatible(a: Any, b: Any) -> bool:
    if a is None or b is None or a.value is None or b.value is None:
        return True
    if a.precision == 3 or b.precision == 3:
        return (a.value.year, a.value.month) == (b.value.year, b.value.month)
    if (a.step or b.step) and a.precision == b.precision == 1:
        return a.value == b.value  # "the next day": the text itself says another day
    return abs((a.value - b.value).days) <= 1


def days_differ(a: Any, b: Any) -> bool:
    """Both are days the text names outright (day precision) and they are not the same day."""
    return a is not None and b is not None and a.value is not None and b.value is not None \
        and a.precision == b.precision == 1 and a.value != b.value


def other_day(ev: Event, m: Mention) -> bool:
    """An act on another day the text names outright ("air strikes on Sunday ... on Monday,
    troops battled ..."): in news, another incident (not its aftermath or its casualties)."""
    if m.hit.trigger.kind != "violent" or m.weak or m.extra.get("followup"):
        return False
    return days_differ(ev.date(), m.date)


_CROWD = frozenset({"Riots", "Protests"})


def crowd_apart(crowd: Mention, other: Mention) -> bool:
    """A crowd's act beside a bombing, or beside an armed group's attack: two events (a
    riot and a raid by militants the day before); police firing on the crowd is not."""
    if crowd.event_type not in _CROWD or other.event_type in _CROWD or other.event_type is None \
            or crowd.sub_event_type == "Excessive force against protesters" \
            or crowd.actor1 is None or not (crowd.actor1.state or (
                not crowd.actor1.armed and crowd.actor1.inter in (5, 6, 7))):
        return False  # a crowd typed as such: rioters, residents, or police facing them
    a1 = other.actor1
    return other.event_type == "Explosions/Remote violence" or \
        (a1 is not None and a1.armed and not a1.state)


def _types_compatible(ev: Event, m: Mention, news: bool = False) -> bool:
    main = ev.main()
    if m.event_type == main.event_type or (m.event_type in _CROWD and main.event_type in _CROWD):
        return True  # (a demonstration turning to a riot, forces firing to disperse rioters)
    if news and _peaceful(m) != _peaceful(main):
        return False  # "judges went on strike" after a judge was shot: another event
    if news and (crowd_apart(main, m) or crowd_apart(m, main)):
        return False  # residents rioting in one town, a roadside bomb the same day
    if m.weak or main.weak:
        return True
    violent = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
    return m.event_type in violent and main.event_type in violent


def other_dyad(ev: Event, m: Mention) -> bool:
    """Another type of act by an armed perpetrator against another kind of actor ("two rebels
    killed in a clash with troops" and "three farmers shot dead by rebels near Tame"): another
    incident, even in the same region (ACLED atomicity: same actors, place and day).
    Aftermath sentences never split off."""
    if m.actor1 is None or not m.actor1.armed or m.actor2 is None or m.extra.get("followup"):
        return False
    main = ev.main()
    return main.actor2 is not None and main.actor2.inter != m.actor2.inter and \
        main.event_type != m.event_type


def _disrupts(ev: Event, m: Mention) -> bool:
    """A device defused beside one that went off is its own event ("a bomb wrecked the bank;
    police defused a second one at a school": ACLED's disrupted weapons use)."""
    return m.sub_event_type == "Disrupted weapons use" and \
        ev.main().sub_event_type != "Disrupted weapons use"


def _peaceful(m: Mention) -> bool:
    return m.sub_event_type == "Peaceful protest"


def _told_in_lead(ev: Event, m: Mention) -> bool:
    first = ev.first
    return len(ev.mentions) == 1 and bool(first.extra.get("clause")) and first.loc is None \
        and first.event_type == m.event_type and first.date is not None and m.date is not None \
        and first.date.value is not None and first.date.value == m.date.value


def filed_from(ev: Event) -> bool:
    """The event's only place is the dateline's ("NIAMEY (AP) - The toll from an attack on a
    village in western Niger has risen to 21"): where the story was filed, not a place the
    text gives the incident."""
    return all(m.extra.get("dateline_place") for m in ev.core() if m.loc is not None)


def real_mention(m: Mention) -> bool:
    """Reported as having happened (denied and alleged acts too: a claim and its denial are
    one incident); planned, hypothetical and negated acts are not."""
    return m.modality not in ("planned", "hypothetical", "negated")


def opens_incident(m: Mention) -> bool:
    """A new-incident cue on a mention that reports an action, its own harm or a day of its own
    ("The second shooting happened about 3:30 p.m. Wednesday")."""
    if not m.extra.get("new_incident") or m.verbal:
        return False
    d = m.date
    return not m.weak or any(c.best > 0 and not c.explicit_zero for c in m.counts) or (
        d is not None and d.value is not None and d.precision == 1
        and not m.extra.get("followup"))  # (not "meanwhile, a judge revoked bond on Monday")


def merge_mentions(mentions: list[Mention], news: bool = False) -> list[Event]:
    """Mentions of one incident in one event; in full-length news (``news``) a new-incident
    cue opens an event of its own (an analyst's note reports one event)."""
    events: list[Event] = []
    for m in mentions:
        target = None
        explicit_date = m.date is not None and m.date.value is not None
        clause = bool(m.extra.get("clause"))  # one of several incidents of its sentence
        if news and events and opens_incident(m):
            # "a second bomb exploded ...", "in another attack ...": its own incident, unless
            # the lead told it in a clause of its own, with no place ("..., and two officers
            # died in a roadside bombing the next day. ... Separately, two officers were
            # killed when their vehicle hit a mine near X")
            told = next((ev for ev in events if _told_in_lead(ev, m)), None)
            if told is not None:
                told.mentions.append(m)
            else:
                events.append(Event([m]))
            continue
        if events and not explicit_date and not clause and \
                (m.hit.trigger.kind == "casualty" or m.loc is None):
            # elaboration of the story so far ("he died in hospital")
            last = events[-1]
            if last.historical and not m.historical and m.hit.trigger.kind == "casualty" and \
                    m.sent.index - last.mentions[-1].sent.index == 1 and \
                    last.first.verbal == m.verbal and real_mention(last.first) == real_mention(m):
                m.historical = True  # "On February 1, 2022, fighters stormed the site. At
                last.mentions.append(m)  # least 62 people were killed": that night's dead
                continue
            for ev in reversed(events):
                if ev.historical == m.historical and ev.first.verbal == m.verbal and \
                        real_mention(ev.first) == real_mention(m) and not _disrupts(ev, m) \
                        and not (news and (crowd_apart(ev.main(), m) or crowd_apart(m, ev.main()))):
                    target = ev
                    break
            if target is not None:
                target.mentions.append(m)
                continue
        for ev in reversed(events):
            if ev.historical != m.historical:
                continue
            if m.verbal != ev.first.verbal or real_mention(m) != real_mention(ev.first):
                continue  # "plans to attack police stations" is not the attack that happened
            loc = ev.loc()
            if not dates_compatible(ev.date(), m.date) or (news and other_day(ev, m)):
                continue
            if m.loc is not None and loc is not None and not loc.same_place(m.loc) and \
                    not (news and filed_from(ev)):
                same_region = (m.loc.iso3 == loc.iso3 and m.loc.admin1 is not None
                               and m.loc.admin1 == loc.admin1)
                if not same_region or explicit_date or clause:
                    continue
            if not _types_compatible(ev, m, news) or (news and other_dyad(ev, m)) or \
                    _disrupts(ev, m):
                continue
            target = ev
            break
        if target is None:
            events.append(Event([m]))
        else:
            target.mentions.append(m)
    return events
