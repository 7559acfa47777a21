"""Sentence-level event mentions: one per sentence that reports an action."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .actions import Hit, assign_roles, find_hits, refine_type
from .actors import Actor, country_actors, find_actors, merge_actor_lists
from .claims import find_claimant, find_modality, has_historical_cue, verification
from .counts import Count, find_counts
from .counts_news import news_wounded
from .counts_story import cumulative, fatal_part
from .dates import BYLINE, DateMention, find_dates
from .locate import Loc, PlaceChooser
from .prefilter import TextIndex
from .sentences import Sentence, lower_same_length, split_sentences

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


def _bin(items: list[Any], starts: list[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for it in items:
        i = bisect.bisect_right(starts, it.start) - 1
        if i >= 0:
            out.setdefault(i, []).append(it)
    return out


def build_context(text: str, published: date | None, res: Any) -> ArticleContext:
    low = lower_same_length(text)
    sents = split_sentences(text)
    starts = [s.start for s in sents]
    index = TextIndex(low)
    hits = find_hits(low, res.lex, index)
    dates = find_dates(text, published)
    places = res.find_places(text)
    hits_by_sent = _bin(hits, starts)
    found: list[Actor] = []
    for idx in sorted(hits_by_sent):
        s = sents[idx]
        found.extend(_shift(a, s.start) for a in find_actors(low[s.start:s.end], res.lex,
                                                             res.demonym, index))
    actors = merge_actor_lists(found, country_actors(low, places))
    return ArticleContext(text, low, published, sents, hits_by_sent, _bin(dates, starts),
                          PlaceChooser(text, places, _dateline(res, text), index), actors)


def _dateline(res: Any, text: str) -> Any:
    finder = getattr(res.gazetteer, "find_dateline", None)
    return finder(text) if finder is not None else None


def _shift(a: Actor, offset: int) -> Actor:
    return replace(a, start=a.start + offset, end=a.end + offset)


# the day of a statement or of a step of the case ("police said Tuesday", "was arrested
# Friday", "was charged on Monday"), not of the event
_STATEMENT_BEFORE = re.compile(r"\b(?:said|says|told\s+(?:\w+\s+){0,3}?|announced|"
                               r"(?<!was )(?<!were )(?<!been )reported|"
                               r"confirmed|stated|added)\s*(?:on\s+|early\s+|late\s+)?$")
_CASE_STEP_BEFORE = re.compile(r"\b(?:arrested|charged|arraigned|booked|indicted|sentenced|"
                               r"apprehended|surrendered|identified|jailed|taken into custody)"
                               r"\s*(?:on\s+|early\s+|late\s+)?$")
_STATEMENT_AFTER = re.compile(r"^\s*(?:morning|afternoon|evening|night)?\s*(?:,\s*)?"
                              r"(?:said|told|announced|confirmed)\b")


# Deaths with a natural or accidental cause and no attack word are no political violence.
_NON_POLITICAL = re.compile(
    r"\b(?:floods?|flooding|storms?|cyclones?|hurricanes?|typhoons?|earthquakes?|landslides?|"
    r"mudslides?|heat ?waves?|cold (?:wave|snap)|drought|blaze|fire (?:at|in|broke)|crash(?:ed)?|"
    r"collision|accidents?|plunged|capsized|collapsed|drown(?:ed|ing)|electrocuted|diseases?|"
    r"cholera|outbreak|lightning|stampede|avalanche|overdose)\b")
_MODAL_BEFORE = re.compile(
    r"\b(?:will|would|could|might|may|must|should|shall|going to|plans? to|planned to|"
    r"intends? to|intended to|threat(?:en|ens|ened)? to|tr(?:y|ies|ied) to|attempts? to|"
    r"continue (?:with|to)|wants? to|capable of|risk of|possibility of|threat of)\s+"
    r"(?:\w+\s+){0,2}$")
_NEGATION_BEFORE = re.compile(r"\b(?:no|not|never|without|nor|neither)\s+(?:\w+\s+){0,2}$")
_GENERIC_NOUN = re.compile(r"(?:attacks|bombings|kidnappings|abductions|murders|killings|"
                           r"massacres|explosions|clashes|assassinations|shootings|ambushes|"
                           r"violence|terrorism|actions|crimes)$")


def _statement_date(low: str, d: DateMention, violent: bool = False) -> bool:
    """"police said Tuesday": the day of the statement, not of the event; for a violent
    event, "was arrested Friday" is the day of the arrest."""
    if violent and _CASE_STEP_BEFORE.search(low[max(0, d.start - 40):d.start]):
        return True
    return bool(_STATEMENT_BEFORE.search(low[max(0, d.start - 40):d.start])
                or _STATEMENT_AFTER.match(low[d.end:d.end + 30])
                or BYLINE.search(low[max(0, d.start - 30):d.start]))  # "Posted: Monday, ..."


def _pick_date(dates: list[DateMention], anchor: int, low: str = "",
               violent: bool = False) -> DateMention | None:
    usable = [d for d in dates if d.value is not None or d.historical]
    if low:
        usable = [d for d in usable if not _statement_date(low, d, violent)]
    if not usable:
        return None
    return min(usable, key=lambda d: (d.value is None, abs(d.start - anchor)))


def sentence_mention(ctx: ArticleContext, sent: Sentence, res: Any) -> Mention | None:
    hits = ctx.hits_by_sent.get(sent.index, [])
    if not hits:
        return None
    low = ctx.low
    lex = res.lex
    s_low = low[sent.start:sent.end]
    violent = [h for h in hits if h.trigger.kind == VIOLENT]
    casualty = [h for h in hits if h.trigger.kind == "casualty"]
    strategic = [h for h in hits if h.trigger.kind == "strategic"]
    verbal = [h for h in hits if h.trigger.kind == "verbal"]
    counts = [Count(c.kind, c.low, c.best, c.high, c.group, c.start + sent.start,
                    c.end + sent.start, c.explicit_zero) for c in find_counts(s_low, res.counts,
                                                                  ctx.text[sent.start:sent.end])]
    counts += fatal_part(s_low, counts, sent.start)
    counts += news_wounded(s_low, counts, sent.start)
    if cumulative(s_low) and not any(d.value is not None and d.precision == 1
                                     for d in ctx.dates_by_sent.get(sent.index, [])):
        counts = [c for c in counts if c.explicit_zero]  # a period's total, not this toll
    actors = [a for a in ctx.all_actors if a.start >= sent.start and a.end <= sent.end]
    harm = any(c.best > 0 and not c.explicit_zero for c in counts)
    is_verbal = False
    if violent:
        main = max(violent, key=lambda h: (h.trigger.rank, -h.start))
        # the action word, not an actor noun that is also a trigger ("gunmen")
        verbs = [h for h in violent + casualty
                 if not any(a.start <= h.start and h.end <= a.end for a in actors)]
        first = min(verbs or violent, key=lambda h: h.start)
    elif casualty and (harm or any(a.armed and not a.weak for a in actors)) and \
            not _NON_POLITICAL.search(s_low):
        main = first = casualty[0]
    elif strategic:
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
        sent_dates = ctx.dates_by_sent.get(sent.index, [])
        has_place = ctx.chooser.specific_in_span(sent.start, sent.end)
        if not harm and not has_place and not any(d.value for d in sent_dates):
            main = first = next(h for h in verbal if h.trigger.id == "accuse")
            is_verbal = True
    if main.trigger.id == "attack" and not harm and not is_verbal:
        # a bare "attack" word needs an armed actor or a specific place to be an event
        specific = ctx.chooser.specific_in_span(sent.start, sent.end)
        if not specific and not any(a.armed and not a.country_ref for a in actors):
            return None
    if main.trigger.kind == "strategic":
        # strategic developments need a concrete place (ACLED: a named location)
        if not ctx.chooser.specific_in_span(sent.start, sent.end):
            return None
    victims = [a for a in actors if any(c.start <= a.start and a.end <= c.end and c.best > 0
                                        for c in counts)]
    a1, a2 = assign_roles(actors, first, low, sent.start, victims)
    if is_verbal:
        etype, sub = None, None
    else:
        etype, sub = refine_type(main, a1, a2, counts)
        if main.trigger.target_typed and main.trigger.rank < 50:
            for h in violent:
                if h.trigger.target_typed and h.trigger.rank >= main.trigger.rank:
                    continue
    date_m = _pick_date(ctx.dates_by_sent.get(sent.index, []), first.start, low,
                        main.trigger.kind != "strategic")
    loc = ctx.chooser.choose(sent.start, sent.end, anchor=first.start)
    sent_text = ctx.text[sent.start:sent.end]
    modality = find_modality(s_low, lex)
    historical = bool(date_m and date_m.historical)
    if not historical and date_m is None and has_historical_cue(s_low, lex):
        historical = True
    if date_m is not None and date_m.future and modality == "asserted":
        modality = "planned"
    head = s_low[max(0, first.start - sent.start - 60):first.start - sent.start]
    if modality == "asserted" and main.trigger.kind == VIOLENT and not is_verbal:
        if _NEGATION_BEFORE.search(head) and first.trigger.kind != "casualty":
            # "there were no reported casualties in the clash" negates the harm, not the clash
            modality = "negated"
        elif _MODAL_BEFORE.search(head):
            modality = "hypothetical"
    if not is_verbal and _GENERIC_NOUN.search(low[first.start:first.end]) and \
            not any(c.best > 0 for c in counts) and not (date_m and date_m.precision == 1) \
            and not ctx.chooser.specific_in_span(sent.start, sent.end):
        return None
    story = lex.story_res
    extra: dict[str, Any] = {}
    if "followup" in story and story["followup"].search(s_low):
        extra["followup"] = True
    if "new_incident" in story and story["new_incident"].search(s_low):
        extra["new_incident"] = True
    if "statistic" in story and story["statistic"].search(s_low):
        if date_m is None or date_m.precision != 1:
            return None
    return Mention(
        sent=sent, hit=main, event_type=etype, sub_event_type=sub, cameo=main.trigger.cameo,
        rank=main.trigger.rank, weak=main.trigger.target_typed or main.trigger.kind == "casualty",
        actor1=a1, actor2=a2, actors=actors, counts=counts, loc=loc, date=date_m,
        modality=modality, claimant=find_claimant(sent_text, lex),
        verified=verification(s_low, lex), historical=historical, verbal=is_verbal,
        extra=extra,
    )


def article_mentions(ctx: ArticleContext, res: Any) -> list[Mention]:
    out = []
    for sent in ctx.sentences:
        m = sentence_mention(ctx, sent, res)
        if m is not None:
            out.append(m)
    return out


__all__ = ["Mention", "ArticleContext", "build_context", "article_mentions", "split_sentences"]
