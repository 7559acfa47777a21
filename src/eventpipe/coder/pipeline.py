"""code_text: article -> event records (sentences, mentions, merging, records)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from .assemble import build_record
from .genre import opinion_genre, reporting_genre
from .incidents import Event, merge_mentions, opens_incident
from .mentions import article_mentions, build_context
from .story import absorb_into_lead, retold_background, stale_background
from .types import Article


def code_text(article: Article, res: Any) -> list[dict[str, Any]]:
    text = article.text or ""
    if not text.strip():
        return []
    host = urlsplit(article.url).netloc if article.url else ""  # not the story's own path
    outlet = " ".join(x for x in (article.source, host) if x) or None
    ctx = build_context(text, article.published, res, outlet)
    mentions = article_mentions(ctx, res)
    # a wire item under a dateline is news however short: its incidents are told apart, and
    # each needs an anchor of its own
    news = len(ctx.sentences) > _SHORT_NOTE or (
        ctx.chooser.dateline is not None and len(ctx.sentences) > 2)
    if news:
        retold_background(mentions, ctx.low)
    violent = [m for m in mentions if not m.verbal and m.event_type and
               m.event_type != "Strategic developments" and not m.historical
               and m.modality in ("asserted", "alleged")]  # a planned attack is no story
    if violent:
        # follow-up actions (arrests, seizures) in an article about an attack belong to its story
        # (property set on fire is the attack's own doing, not a follow-up; "in a separate
        # development, police arrested four men in X" is one of its own)
        mentions = [m for m in mentions if m.verbal or m.event_type != "Strategic developments"
                    or (m.hit.trigger.kind == "violent" and
                        m.sub_event_type == "Looting/property destruction")
                    or (news and _second_device(m, violent, ctx.low))
                    or (news and m.sub_event_type == "Arrests" and m.loc is not None
                        and m.extra.get("new_incident"))]
    events = merge_mentions(mentions, news)
    if news:
        stale_background(events, article.published, with_lead=False)
    events = absorb_into_lead(events, news)
    if news:
        stale_background(events, article.published)
        events = [ev for ev in events if _anchored(ev, ctx.low)]
        if opinion_genre(text, article.title):
            relative = reporting_genre(text)
            events = [ev for ev in events if _concrete(ev, ctx.low, relative)]
    return [build_record(ev, ctx, article, res) for ev in events]


# a device made safe (not one that went off early: that is the blast itself)
_MADE_SAFE = re.compile(r"defus|dismantl|deactivat|disarm|neutrali|controlled explosion")


def _second_device(m: Any, violent: list[Any], low: str) -> bool:
    """A device defused in a story of another that went off is an event of its own ("a bomb
    wrecked the bank; police defused a second one at a school": ACLED's disrupted weapons use)."""
    return m.sub_event_type == "Disrupted weapons use" and \
        bool(_MADE_SAFE.match(low, m.hit.start)) and \
        any(v.event_type == "Explosions/Remote violence" and v.sent.index != m.sent.index
            for v in violent)


# Analyst notes of a few sentences report one event by construction; the anchor test is for
# news (full-length, or a wire item under a dateline), where most violent words are background,
# rhetoric or statistics.
_SHORT_NOTE = 5


_CALENDAR = re.compile(r"\d")


def _concrete(ev: Event, low: str, relative: bool = False) -> bool:
    """An incident of an opinion piece or a speech: its own casualty figure or calendar day
    ("on 14 February"; "today" or a weekday are the speaker's own time, not an anchor)."""
    first = ev.mentions[0]
    if first.verbal or first.historical or first.event_type is None:
        return True
    for m in ev.mentions:
        if any(c.best > 0 and not c.explicit_zero for c in m.counts):
            return True
        d = m.date
        if d is not None and d.value is not None and d.precision == 1 and (
                relative or _CALENDAR.search(low, d.start, d.end)):
            return True
    return False


# "they have killed many people": a figure too vague to anchor an incident
_VAGUE = re.compile(r"\b(?:many|numerous|countless|untold|a number of)\b")


def _anchored(ev: Event, low: str) -> bool:
    """A violent event needs one concrete anchor in its own sentences: a casualty figure, a
    day, or a named place below region level. Generic talk of attacks ("the bombing of
    civilians must stop", "a social explosion") has none."""
    first = ev.mentions[0]
    if first.verbal or first.historical or first.event_type is None:
        return True
    if len({m.sent.index for m in ev.mentions if not m.extra.get("followup")}) >= 3:
        return True  # the story keeps returning to it
    if opens_incident(first):
        return True  # "a second bomb exploded ...": one more incident of the story
    for m in ev.mentions:
        if any(c.best > 0 and not c.explicit_zero and not _VAGUE.search(low, c.start, c.end)
               for c in m.counts):
            return True
        if m.date is not None and m.date.value is not None and m.date.precision <= 2:
            return True  # a day, or "last week's dynamite attack"
        if m.loc is not None and m.loc.kind_rank >= 2:
            return True
        if m.sub_event_type == "Abduction/forced disappearance" and \
                _HELD_FIGURE.search(low, m.sent.start, m.sent.end):
            return True  # "held 20 diplomats hostage": its own figure
    return False


# the number of people an abduction holds ("two other officials are being held hostage")
_HELD_FIGURE = re.compile(r"\b(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                          r"twelve)\s+(?:[a-z'’-]+\s+){0,2}?(?:people|persons|men|women|"
                          r"children|hostages|passengers|diplomats|officials|workers|employees|"
                          r"tourists|students|villagers|civilians|foreigners|nuns|priests|"
                          r"journalists|engineers|technicians)\b")
