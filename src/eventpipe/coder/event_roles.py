"""Roles over a whole event: who began it, and the actors' ACLED inter codes.

An event told over several sentences may name its initiator in one and its defenders in
another: "JNIM militants launched an assault on army positions. Soldiers fought back with air
support." The fighting back is the soldiers' response, and the attack's initiator is JNIM, as
ACLED codes it. A state's forces acting outside their own country are external forces (8).
A battle's sides are armed; a protest's or riot's demonstrators come first and the forces
that intervene second.
"""

from __future__ import annotations

import re

from .actors import Actor
from .incidents import Event
from .mentions import ArticleContext, Mention
from .parties import is_source, not_party

# the act's word tells a response to an attack ("fought back", "returned fire", "repelled")
_RESPONSE = re.compile(r"(?:fought|fighting|fight|hit|struck)\s+back|return(?:ed|ing)?\s+"
                       r"fire|repell?(?:ed|ing)|repuls(?:ed|ing)|retaliat\w*|respond\w*|counter-?attack\w*")


def responders(ev: Event, evid: Mention, low: str, a1: Actor | None,
               a2: Actor | None) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) of an event whose evidence tells the response to an attack told
    before it: the attack's initiator against the responders."""
    if a1 is None or not _RESPONSE.match(low, evid.hit.start):
        return a1, a2
    first = next((m for m in ev.mentions if m.sent.start < evid.sent.start and
                  m.actor1 is not None and m.actor1.key() != a1.key()), None)
    if first is None or first.actor1 is None:
        return a1, a2
    return first.actor1, first.actor2 or a1


def named_side(ev: Event, a: Actor | None, other: Actor | None) -> Actor | None:
    """The armed group an event's other sentences name for an unnamed side of the same kind
    ("an air strike on a militant camp ... the dead were Al Shabaab members": Al Shabaab)."""
    if a is None or a.named or a.state or not a.armed or (
            other is not None and not other.named and other.inter == a.inter):
        return a  # ("rebels ... rebels": which side a named group is, the text does not say)
    return next((x for m in ev.mentions for x in m.actors if x.named and x.armed and
                 not x.state and x.inter == a.inter and not x.country_ref and
                 (other is None or x.key() != other.key())), a)


def battle_side(ev: Event, low: str, a1: Actor, a2: Actor | None, clash: bool) -> Actor | None:
    """A battle's second side when its sentences give none, or give civilians caught in it
    ("two clan militias clashed ... a civilian was killed"): the other armed side named in the
    event's sentences ("after 3R fighters withdrew"), else a side of the first one's kind
    ("rival clan militias clashed"); the civilian victims of a state force's act told as no
    clash stay ("a soldier shot and wounded a man")."""
    return next((a for m in ev.mentions for a in m.actors if a.armed and not a.country_ref
                 and a.key() != a1.key() and not (a.state and a1.state)
                 and not is_source(low, a, m.sent.start)  # ("police said six men were killed")
                 and not not_party(low, a)  # ("soldiers arrived after the shooting had stopped")
                 and (a.named or a.inter != a1.inter)),  # not "insurgents" of X again
                a2 if a2 is not None and a1.state and not clash else a1)


_BORDER = re.compile(r"\b(?:border|frontier|line of control|ceasefire line)")


def inter_code(a: Actor | None, event_iso: str | None, other: Actor | None, border: bool) -> int:
    """ACLED's inter code. A state's forces acting outside their country are external (8),
    save in fire across a border told as such, where two states' forces meet as states."""
    if a is None:
        return 0
    if a.state and a.iso3 and event_iso and a.iso3 != event_iso:
        if not (border and other is not None and other.state and other.iso3 == event_iso):
            return 8
    return a.inter


def at_border(ev: Event, ctx: ArticleContext) -> bool:
    """Whether the article's lead or a sentence of the event speaks of a border."""
    spans = {(m.sent.start, m.sent.end) for m in ev.mentions}
    if ctx.sentences:
        spans.add((ctx.sentences[0].start, ctx.sentences[0].end))
    return any(_BORDER.search(ctx.low, s, e) for s, e in spans)


def territory_sub(sub: str | None, a1: Actor | None, a2: Actor | None,
                  event_iso: str | None) -> str | None:
    """A place taken by the host state's own forces from a non-state side is regained
    ("Congolese soldiers captured the town from M23"); a foreign state's forces that take it
    overtake it, as ACLED codes them."""
    if sub == "Non-state actor overtakes territory" and a1 is not None and a1.state and \
            (a1.iso3 is None or a1.iso3 == event_iso) and (a2 is None or not a2.state):
        return "Government regains territory"
    return sub


def crowd_sides(etype: str, sub: str | None, a1: Actor | None, a2: Actor | None, ev: Event,
                evid: Mention, hurt: bool) -> tuple[Actor | None, Actor | None]:
    """ACLED's sides of a protest or riot: the demonstrators (protesters, rioters) first, the
    forces that intervened second, also when another sentence tells them."""
    if etype == "Riots" and a1 is not None and a2 is not None and a1.state and a2.state:
        a1 = None  # "a march against a police shooting ... threw rocks at officers": rioters
    if (etype == "Riots" or (etype == "Protests" and sub != "Peaceful protest")) and (
            (a1 is not None and a1.state and (a2 is None or not a2.state))
            or (a1 is None and a2 is not None and a2.collective and not a2.armed)):
        # ACLED lists the demonstrators first and the forces that intervene second
        a1, a2 = a2, a1
    if etype == "Protests" and sub != "Peaceful protest" and (a2 is None or not a2.state):
        # the forces that intervened, told in another sentence of the protest
        a2 = next((a for m in ev.mentions for a in (m.actor1, m.actor2, *m.actors)
                   if a is not None and a.state and not a.country_ref), a2)
    elif sub == "Violent demonstration" and (a2 is None or a2.inter == 6):
        # forces acting in another sentence of the riot ("Police fired tear gas at them"), not
        # those its cause names ("angered by a killing during a police operation")
        a2 = next((m.actor1 for m in ev.mentions if m is not evid and m.actor1 is not None
                   and m.actor1.state), a2)
    if etype == "Protests" and a1 is None:
        a1 = Actor(-1, -1, "Protesters ({country})", 6, "OPP", None, False, False)
    if etype == "Riots" and a1 is None:
        a1 = Actor(-1, -1, "Rioters ({country})", 5, "OPP", None, False, False)
    elif etype == "Protests" and a1 is not None and (a1.inter in (5, 7) and not a1.armed or (
            a1.state and sub == "Peaceful protest" and not hurt)):
        # traders, students, residents or soldiers demonstrating (none hurt: soldiers who kill
        # demonstrators use force against them) are protesters in ACLED's terms
        a1 = Actor(a1.start, a1.end, "Protesters ({country})", 6, "OPP", a1.iso3, False, False)
    elif etype == "Riots" and a1 is not None and a1.inter in (6, 7) and not a1.armed:
        # residents or a crowd turning violent are rioters in ACLED's terms
        a1 = Actor(a1.start, a1.end, "Rioters ({country})", 5, "OPP", a1.iso3, False, False)
    return a1, a2
