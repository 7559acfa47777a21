"""Sentence-level event mentions: one per sentence that reports an action."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import counts_story
from .actions import Hit, describes_actor, find_hits, find_initiator, refine_type, sentence_roles
from .actors import Actor, country_actors, find_actors, merge_actor_lists
from .claims import (
    denied_by_next,
    earlier_of_series,
    find_claimant,
    find_modality,
    followup_cue,
    has_historical_cue,
    speaker_recalls,
    verification,
)
from .clauses import clause_parts, in_parentheses, part_dates, part_hits
from .counts import TOTAL, Count
from .counts_partitive import victims_killed
from .counts_story import cumulative, period_total, reason_counts
from .dates import DateMention, find_dates
from .framing import (
    MODAL_AFTER,
    MODAL_BEFORE,
    NEGATION_BEFORE,
    WEAPON_TRIGGERS,
    accidental_blast,
    back_reference,
    captured_places,
    demanded_stop,
    figurative,
    given_up,
    habitual,
    in_period_clause,
    inventory,
    non_political,
    protest_reason,
    reframe,
    requested,
    threat_of,
    told_done,
    weapon_named_only,
    without_accusations,
)
from .framing_senses import (
    DISPUTED_CLAIM,
    generic_act,
    generic_rhetoric,
    no_act,
    old_reason,
    protest_frame,
)
from .framing_types import responders_only, retype
from .locate import Loc, PlaceChooser
from .locate_cues import UNNAMED_PLACE
from .mention_counts import sentence_counts
from .mention_dates import act_date, after_previous, ahead, statement_date
from .prefilter import TextIndex
from .recall import recalled
from .sentences import Sentence, lower_same_length, split_sentences, unwrap_lines

VIOLENT = "violent"


@dataclass
class Mention:
    sent: Sentence
    hit: Hit
    event_type: str | None
    sub_event_type: str | None
    cameo: str
    rank: int
    weak: bool
    actor1: Actor | None
    actor2: Actor | None
    actors: list[Actor]
    counts: list[Count]
    loc: Loc | None
    date: DateMention | None
    modality: str
    claimant: str | None
    verified: bool | None
    historical: bool
    verbal: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ArticleContext:
    text: str
    low: str
    published: date | None
    sentences: list[Sentence]
    hits_by_sent: dict[int, list[Hit]]
    dates_by_sent: dict[int, list[DateMention]]
    chooser: PlaceChooser
    all_actors: list[Actor]
    # actors of act-less sentences that speak of a claim ("The TTP claimed responsibility."):
    # the perpetrator the article names, kept apart from the actors of its acts
    claim_actors: list[Actor] = field(default_factory=list)


def _bin(items: list[Any], starts: list[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for it in items:
        i = bisect.bisect_right(starts, it.start) - 1
        if i >= 0:
            out.setdefault(i, []).append(it)
    return out


def build_context(text: str, published: date | None, res: Any,
                  source: str | None = None) -> ArticleContext:
    flat = unwrap_lines(text)  # same length: offsets into ``text`` stay valid
    low = lower_same_length(flat)
    sents = split_sentences(text)
    starts = [s.start for s in sents]
    index = TextIndex(low, [(s.start, s.end) for s in sents])
    hits = find_hits(low, res.lex, index)
    dates = find_dates(flat, published)
    places = res.find_places(flat)
    hits_by_sent = _bin(hits, starts)
    found: list[Actor] = []
    for idx in sorted(hits_by_sent):
        s = sents[idx]
        found.extend(_shift(a, s.start) for a in find_actors(low[s.start:s.end], res.lex,
                                                             res.demonym, index))
    actors = merge_actor_lists(found, country_actors(low, places, found))
    claim_actors = [_shift(a, s.start) for i, s in enumerate(sents)
                    if i not in hits_by_sent and "claim" in low[s.start:s.end]
                    for a in find_actors(low[s.start:s.end], res.lex, res.demonym, index)
                    ] if "claim" in low else []
    return ArticleContext(text, low, published, sents, hits_by_sent, _bin(dates, starts),
                          PlaceChooser(text, places, res.find_dateline(text), index,
                                       [a.iso3 for a in actors if a.iso3 and not a.state],
                                       res.outlet_home(source)),
                          actors, claim_actors)


def _shift(a: Actor, offset: int) -> Actor:
    # ``dataclasses.replace(a, start=..., end=...)`` without its slow generic path (every
    # field by name: a compiled Actor has no ``__dict__`` to copy)
    return Actor(start=a.start + offset, end=a.end + offset, name=a.name, inter=a.inter,
                 role=a.role, iso3=a.iso3, armed=a.armed, named=a.named, weak=a.weak,
                 state=a.state, country_ref=a.country_ref, collective=a.collective)


# "one rebel was also killed in the exchange of fire", "the bomber was also killed": the same one
_SAME_INCIDENT = re.compile(r"\b(?:in|during|after)\s+the\s+(?:same\s+)?(?:exchange of fire|"
                            r"clash(?:es)?|fighting|firefight|gunfight|battle|attack|ambush|"
                            r"explosion|blast|shooting|raid|incident|assault)\b|"
                            r"\b(?:attackers|assailants|gunmen|raiders|militants|insurgents|bandits|"
                            r"(?:the|a) (?:suicide )?(?:bomber|attacker|assailant|gunman|shooter))"
                            r"\s+(?:were|was)\s+also\s+(?:killed|shot dead|wounded)")


def _in_actor(h: Hit, actors: list[Actor]) -> bool:
    return any(a.start <= h.start and h.end <= a.end for a in actors)


def sentence_mention(ctx: ArticleContext, sent: Sentence, res: Any) -> Mention | None:
    hits = part_hits(ctx, sent)
    if not hits:
        return None
    sent_dates = part_dates(ctx, sent)
    low, lex = ctx.low, res.lex
    s_low = low[sent.start:sent.end]
    hits, bg_start = recalled(low, sent, hits, sent_dates)
    disputed = DISPUTED_CLAIM.search(s_low)
    if disputed is not None and sent.start + disputed.start() < bg_start and \
            any(h.start < sent.start + disputed.start() for h in hits):
        bg_start = sent.start + disputed.start()
        hits = [h for h in hits if h.start < bg_start]
    hits = reframe(low, hits, sent.start, lex)  # "sharply attacked the minister": criticism
    places = ctx.chooser.in_span(sent.start, sent.end) if "captured " in s_low else []
    hits = captured_places(low, hits, [m.start for m in places], lex)  # "captured <town>"
    violent = [h for h in hits if h.trigger.kind == VIOLENT]
    violent = [h for h in without_accusations(violent, hits, low, sent.start)
               if not in_period_clause(low, h, sent.start) and not no_act(low, h, sent.start)]
    casualty = [h for h in hits if h.trigger.kind == "casualty" and not no_act(low, h, sent.start)]
    strategic = [h for h in hits if h.trigger.kind == "strategic"  # (not "under siege for months")
                 and not in_period_clause(low, h, sent.start)]
    verbal = [h for h in hits if h.trigger.kind == "verbal"]
    counts = sentence_counts(low, ctx.text, sent.start, sent.end, bg_start, res.counts)
    if cumulative(s_low) and not any(d.value is not None and d.precision == 1 and
                                     not statement_date(ctx.low, d, True)
                                     for d in sent_dates):
        period = any(not c.explicit_zero for c in counts)
        counts = [c for c in counts if c.explicit_zero]  # a period's total, not this toll
        if period and not violent and not strategic:
            return None  # "hundreds are dead after years of violence": no incident
    actors = [a for a in ctx.all_actors if a.start >= sent.start and a.end <= sent.end]
    # an action word inside an actor's name is no act ("the death squads", "the kidnappers")
    casualty = [h for h in casualty if not _in_actor(h, actors)]
    harm = any(c.best > 0 and not c.explicit_zero for c in counts) or victims_killed(s_low)
    accident = non_political(s_low)  # "a plane crashed, destroying homes"
    violent = [] if accident and accidental_blast(low, violent, actors) else violent
    if not harm and figurative(s_low):
        return None  # "launched wave after wave of attacks in the second half"
    is_verbal = False
    violent = [h for h in violent if not protest_reason(low, h, violent)] or violent
    if violent:
        # an actor noun that is also a trigger ("gunmen set fire to") is no act of its own
        armed = [a for a in actors if a.armed]  # "Russian missiles" stay the act
        acts = [h for h in violent
                if h.trigger.id in WEAPON_TRIGGERS or not _in_actor(h, armed)] or violent
        main = max(acts, key=lambda h: (h.trigger.rank, -h.start))
        riot = next((h for h in acts if h.trigger.id in ("riot", "mob")
                     and not _in_actor(h, actors)), None)  # (not "rioters attacked")
        if riot is not None and main.trigger.id == "attack" and \
                not any(a.armed for a in actors if a.end <= main.start):
            main = riot  # "the growers threw stones and set fire to a police vehicle"
        # the action word, not an actor noun that is also a trigger ("gunmen")
        verbs = [h for h in violent + casualty  # nor "stone-pelting" before its actor
                 if not _in_actor(h, actors) and not in_parentheses(low, h, sent.start)
                 and not describes_actor(h, actors, low)]
        first = min(verbs or violent, key=lambda h: h.start)
    elif casualty and (harm or any(a.armed and not a.weak for a in actors)) and \
            not accident:
        main = first = casualty[0]
    elif strategic and not (accident and all(h.trigger.id == "looting" for h in strategic)):
        main = max(strategic, key=lambda h: (h.trigger.rank, -h.start))
        first = min(strategic, key=lambda h: h.start)
    elif verbal:
        main = first = verbal[0]
        is_verbal = True
    else:
        return None
    # An accusation with no place, day or figure is a verbal event, not an alleged attack.
    if verbal and not is_verbal and any(h.trigger.id == "accuse" and h.start < first.start
                                        for h in verbal):
        has_place = ctx.chooser.specific_in_span(sent.start, sent.end)
        if not harm and not has_place and not any(d.value for d in sent_dates):
            main = first = next(h for h in verbal if h.trigger.id == "accuse")
            is_verbal = True
    if not is_verbal and main.trigger.id in WEAPON_TRIGGERS and inventory(s_low, lex):
        # "seized 35 assault rifles and six mortar tubes": a seizure (or the arrest), not an attack
        if (seizure := lex.trigger("defusal")) is None or not ctx.chooser.specific_in_span(
                sent.start, sent.end):
            return None
        main = first = next((h for h in strategic if h.trigger.id == "arrest"),
                            Hit(main.start, main.end, seizure))
    if not is_verbal and not harm and \
            weapon_named_only(low, violent + casualty + strategic, s_low, lex.story_res):
        return None
    threat = threat_of(verbal, first, low) if verbal and not is_verbal and not harm else None
    if threat is not None:
        main = first = threat  # "threatened on Tuesday to strike": a threat
        is_verbal = True
    arrest = next((h for h in strategic if h.trigger.id == "arrest"), None)
    if main.trigger.id == "attack" and not harm and arrest is not None and \
            low[main.start:main.end].startswith("raid"):
        main = first = arrest  # "arrested 11 people during a raid": the arrests
    if main.trigger.id == "attack" and not harm and not is_verbal:
        # a bare "attack" word needs an armed actor or a specific place to be an event
        specific = ctx.chooser.specific_in_span(sent.start, sent.end)
        if not specific and not any(a.armed and not a.country_ref for a in actors):
            if not verbal:
                return None
            main = first = verbal[0]  # what is left is what was said
            is_verbal = True
    if main.trigger.kind == "strategic" and not is_verbal:
        # strategic developments need a concrete place (ACLED: a named location)
        if not ctx.chooser.specific_in_span(sent.start, sent.end):
            if not verbal:
                return None
            main = first = verbal[0]
            is_verbal = True
    victims = [a for a in actors if any(c.start <= a.start and a.end <= c.end and c.best > 0
                                        and (c.group != TOTAL or not a.armed) for c in counts)]
    # (not the militants of "the toll from an attack by militants has risen to 21")
    frame = protest_frame(low, main, sent.start)  # "to protest the abduction of ...": its words
    own = [a for a in actors if a.start >= frame]  # (not the teachers who protest it)
    a1, a2 = sentence_roles(own, first, main, low, sent.start, victims)
    if a1 is None:
        a1, a2 = find_initiator(own, first, violent, victims, low, sent.start, a2)
    if responders_only(a1, a2, counts, s_low):
        a2 = None  # "911 calls reporting gunfire sent officers to the area": no party
    if is_verbal:
        etype, sub = None, None
    else:
        etype, sub = retype(*refine_type(main, a1, a2, counts, low[main.start:main.end]),
                            a1, a2, counts, s_low)
        if etype in ("Protests", "Riots") and sub != "Excessive force against protesters":
            counts = reason_counts(s_low, counts, sent.start)  # "protested over the killing"
    date_m = act_date(sent_dates, low, first.start, main, sent.start, frame,
                      main.trigger.kind != "strategic" and not is_verbal)
    loc = ctx.chooser.choose(sent.start, bg_start, anchor=first.start)
    sent_text = ctx.text[sent.start:sent.end]
    modality = find_modality(low[frame:bg_start], lex, main.end - frame)
    historical = bool(date_m and date_m.historical) or first.start >= bg_start or \
        old_reason(low, first, sent.start, date_m, ctx.published)
    if not historical and (date_m is None and has_historical_cue(s_low, lex) or speaker_recalls(
            s_low) or earlier_of_series(s_low, date_m, ctx.published)):
        historical = True
    if date_m is not None and date_m.future and modality == "asserted" and not told_done(
            s_low):  # a later day, but "the two captives were freed on 3 June": done
        modality = "planned"
    elif modality == "planned" and date_m is not None:
        plan = lex.modality_res["planned"].search(s_low)  # "plan to march on Friday"
        if plan is not None and sent.start + plan.start() < date_m.start:
            date_m = ahead(date_m, low, ctx.published)  # the coming Friday
    head = s_low[max(0, first.start - sent.start - 60):first.start - sent.start]
    if modality == "asserted" and main.trigger.kind == VIOLENT and not is_verbal:
        if NEGATION_BEFORE.search(head) and first.trigger.kind != "casualty":
            # "there were no reported casualties in the clash" negates the harm, not the clash
            modality = "negated"
        elif MODAL_BEFORE.search(head):
            modality = "hypothetical"
    if modality == "asserted" and not is_verbal and MODAL_AFTER.match(low, first.end):
        modality = "hypothetical"
    if modality == "asserted" and not is_verbal:
        if given_up(low, first, sent.start):
            modality = "negated"  # "stopped attacking convoys"
        elif requested(low, first, sent.start):
            modality = "hypothetical"  # "sought the arrest of three officers"
    if not is_verbal and not harm and (demanded_stop(low, first, sent.start)
                                       or s_low.rstrip(' "\'').endswith("?")):
        return None  # "end their air raids on villages"; a question reports nothing
    if not is_verbal and not harm and generic_rhetoric(low, first, sent.start, len(violent) < 2):
        return None  # "halt the air raids", "punish those responsible for abductions"
    if not is_verbal and generic_act(low, first) and \
            not any(c.best > 0 for c in counts) and not (date_m and date_m.precision == 1) \
            and not ctx.chooser.specific_in_span(sent.start, sent.end):
        return None
    if not is_verbal and not harm and habitual(low, first, sent.start) and \
            not (date_m and date_m.precision == 1):
        return None  # "they are even kidnapped and jailed": what happens, not what happened
    story = lex.story_res
    extra: dict[str, Any] = {}
    if ("followup" in story and followup_cue(s_low, story["followup"],
                                             first.start - sent.start if harm else None)) or \
            back_reference(low, first, sent.start):
        extra["followup"] = True
    if "new_incident" in story and story["new_incident"].search(s_low) and \
            not _SAME_INCIDENT.search(s_low):
        extra["new_incident"] = True
    elif "another_victim" in story and date_m is not None and date_m.precision == 1 and \
            re.search(r"\d", low[date_m.start:date_m.end]) and \
            story["another_victim"].search(s_low):
        # a calendar day of its own ("on 2 June"), not "yesterday" or a weekday
        extra["new_incident"] = True
    if "statistic" in story and counts_story.statistic(s_low, ctx, sent.index, story["statistic"]):
        if date_m is None or date_m.precision != 1 or low.startswith("since ", date_m.start):
            return None  # (a day the acts run "since" starts a period; it dates none of them)
    if period_total(s_low, counts, date_m):
        return None  # "412 killed from 1 November to 31 January": a period's total
    dateline = ctx.chooser.dateline
    if loc is not None and dateline is not None and loc.start == dateline.start and \
            UNNAMED_PLACE.search(s_low):
        extra["dateline_place"] = True  # "a village in western Niger", filed from the capital
    return Mention(
        sent=sent, hit=main, event_type=etype, sub_event_type=sub, cameo=main.trigger.cameo,
        rank=main.trigger.rank, weak=main.trigger.target_typed or main.trigger.kind == "casualty",
        actor1=a1, actor2=a2, actors=actors, counts=counts, loc=loc, date=date_m,
        modality=modality, claimant=find_claimant(sent_text, lex),
        verified=verification(s_low, lex), historical=historical, verbal=is_verbal, extra=extra,
    )


def article_mentions(ctx: ArticleContext, res: Any) -> list[Mention]:
    out: list[Mention] = []
    # an accident told before any attack ("A bus overturned near X. Ten people were killed."):
    # the sentences that follow with a toll and no act of their own count its victims
    after_accident = seen_violent = False
    for whole in ctx.sentences:
        parts = clause_parts(ctx, whole)
        found = [m for m in (sentence_mention(ctx, sent, res) for sent in parts) if m is not None]
        acts = [m for m in found if m.hit.trigger.kind != "casualty" and not m.verbal]
        if after_accident and not acts:
            found = [m for m in found if m.hit.trigger.kind != "casualty"  # a gun's toll stays
                     or ctx.low.startswith("shot", m.hit.start)]
        after_accident = not acts and not seen_violent and \
            (after_accident or non_political(ctx.low[whole.start:whole.end]))
        seen_violent = seen_violent or any(m.hit.trigger.kind == VIOLENT for m in found)
        for m in found:
            m.extra["clause"] = len(parts) > 1  # one of the incidents of a sentence
            out.append(m)
    low, sents = ctx.low, ctx.sentences
    for m in out:  # "... claimed they had overrun a post. The army said no such attack took place"
        if not m.verbal and m.modality in ("asserted", "alleged") and \
                denied_by_next(low, sents, m.sent):
            m.modality = "denied"
    if any(m.date is not None and m.date.step for m in out):
        for m, d in zip(out, after_previous([m.date for m in out]), strict=True):
            # "she died two days later": the day of a death, not of the attack
            m.date = None if d is not None and d.step and m.hit.trigger.kind == "casualty" \
                else d
    return out


__all__ = ["Mention", "ArticleContext", "build_context", "article_mentions", "split_sentences"]
