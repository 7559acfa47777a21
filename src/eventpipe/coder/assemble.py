"""Merge the mentions of one event inside an article and build the event records."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from .actors import Actor, actor_code, actor_name, crowd_riot, forces_against_protesters, in_power
from .claims import canonical_claimant
from .counts import TOTAL, Count, find_counts
from .counts_combine import combine_counts
from .counts_share import share_note, share_of, shared
from .counts_story import claimed_kills, died_of_wounds, less_died, raised_toll
from .event_roles import (
    at_border,
    battle_side,
    crowd_sides,
    inter_code,
    named_side,
    responders,
    territory_sub,
)
from .incidents import Event
from .infer import implied_country, infer_actor1
from .lexicon import quad_class
from .locate import Loc
from .mentions import ArticleContext, Mention
from .places_capital import capital_of
from .reaction_abroad import country_loc, reacted_from_abroad, story_place_votes
from .story import day_in_week, story_date

FIELDS = (
    "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor1_code", "actor1_inferred", "actor2", "assoc_actor_2",
    "inter2", "actor2_code", "interaction", "civilian_targeting", "iso3", "country", "admin1",
    "admin1_code", "admin2", "location", "latitude", "longitude", "geo_precision", "cameo_code",
    "quad_class", "goldstein", "killed_low", "killed_best", "killed_high", "wounded_low",
    "wounded_best", "wounded_high", "fatalities", "claimant", "source", "modality", "verified",
    "notes", "article_id", "sentence_index", "char_start", "char_end", "evidence_text",
    "coder_version", "confidence",
)
DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}
_TYPE_RANK = {"Battles": 6, "Explosions/Remote violence": 5, "Violence against civilians": 4,
              "Riots": 3, "Protests": 2, "Strategic developments": 1}


def _unclaimed(ev: Event, low: str) -> list[Mention]:
    """The incident's mentions but a side's claim of its own kills (counts_story)."""
    claimed = claimed_kills(ev.mentions, low)
    return [m for m in ev.mentions if id(m) not in claimed] if claimed else ev.mentions


def _event_counts(mentions: list[Mention], kind: str, low: str) -> tuple[Any, Any, Any]:
    """The incident's count of ``kind`` (counts_story: raised tolls, hurt who died since)."""
    own = combine_counts([m for m in mentions if not m.extra.get("absorbed")], kind, low)
    if own[1] is None:
        return combine_counts(mentions, kind, low)
    top = raised_toll(mentions, kind, own[1], low)  # "bringing the number of dead to four"
    if top is None and kind == "wounded":
        return less_died(own, died_of_wounds(mentions, low))  # "he later died of his injuries"
    return own if top is None else (top.low, top.best, top.high)


def _country_name(res: Any, iso3: str | None) -> str | None:
    if iso3 is None:
        return None
    return res.country_name(iso3)


# a device planted or thrown, not fired by an army: no state force is its implied perpetrator
_PLANTED = frozenset({"Remote explosive/landmine/IED", "Grenade", "Suicide bomb"})


def _victim_actor(counts: list[Count], etype: str | None, civil_property: bool) -> Actor | None:
    """The victims told by the counts; with none told, the civilians an attack on them or a
    destruction of property strikes (ACLED's actor2 for burned homes and looted shops)."""
    groups = Counter(c.group for c in counts if c.best > 0 and c.group != TOTAL)
    if not groups and etype == "Battles":
        return None  # a battle's toll names no victim: the sides fought each other
    groups = groups or Counter(c.group for c in counts if c.best > 0)  # a toll alone
    g = groups.most_common(1)[0][0] if groups else None  # none: civilians, if an attack on them
    if g in ("civilian", TOTAL) or (g is None and (etype == "Violence against civilians" or
                                                   civil_property)):
        return Actor(-1, -1, "Civilians ({country})", 7, "CVL", None, False, False)
    if g is None:
        return None
    if g == "military":
        return Actor(-1, -1, "Military Forces of {country}", 1, "MIL", None, True, False,
                     state=True)
    if g == "police":
        return Actor(-1, -1, "Police Forces of {country}", 1, "COP", None, True, False,
                     state=True)
    return _unidentified()


def _unidentified() -> Actor:
    return Actor(-1, -1, "Unidentified Armed Group ({country})", 3, "UAF", None, True, False)


_CLAIMED = re.compile(r"\s*\)?\s*(?:(?:group|movement|front|network|organi[sz]ation)\s+)?"
                      r"(?:\([^()]{1,12}\)\s*)?(?:has\s+|have\s+|had\s+|later\s+)?"
                      r"(?:claimed|claims|claiming)\s+(?:responsibility|the\s+(?:attack|bombing|"
                      r"killing|assault|blast|kidnapping|abduction))")


def _claiming_group(ctx: ArticleContext) -> Actor | None:
    """The one named armed group the article says claimed responsibility."""
    if "claim" not in ctx.low:
        return None
    found = {a.key(): a for a in (*ctx.all_actors, *ctx.claim_actors)
             if a.named and a.armed and not a.state and _CLAIMED.match(ctx.low, a.end)}
    return next(iter(found.values())) if len(found) == 1 else None


_NO_WORD = re.compile(r"\bno(?:ne|body)?\b|\b(?:fatalities|deaths)\s*:\s*0\b")
# "The deputy was not hurt.", "The clerk was unharmed.": told after the incident, no one hurt
_UNHURT = re.compile(r"\b(?:was|were)\s+(?:not\s+(?:\w+ly\s+)?(?:hurt|injured|wounded|harmed|"
                     r"struck|hit)|un(?:hurt|injured|harmed))\b")


_NEW_SCENE = re.compile(r"\s*(?:in|at|near|meanwhile|elsewhere|separately)\b")


def _in_zero(ctx: ArticleContext, idx: int, h: Any, res: Any) -> bool:
    """The act word is part of a stated zero ("No one else was struck")."""
    sent = ctx.sentences[idx]
    s_low = ctx.low[sent.start:sent.end]
    return _NO_WORD.search(s_low) is not None and any(
        c.explicit_zero and c.start <= h.start - sent.start < c.end
        for c in find_counts(s_low, res.counts))


def _stated_zeros(ctx: ArticleContext, ev: Event, res: Any) -> set[str]:
    """Harm an act-less sentence after the incident's own reports as none ("No fatalities.")."""
    own = {m.sent.index for m in ev.mentions}
    out: set[str] = set()
    after: set[int] = set()  # "... No one else was hurt."
    for i in own:
        for idx in (i + 1, i + 2):
            if idx in own:
                continue
            if idx >= len(ctx.sentences) or idx in ctx.hits_by_sent and any(
                    h.trigger.kind == "violent" and ctx.low[max(0, h.start - 4):h.start] != "the "
                    and not _in_zero(ctx, idx, h, res) for h in ctx.hits_by_sent[idx]):
                # a sentence with an act of its own ("the attack" names this one); one that
                # opens another place's report ("In San Cristobal, teachers marched") ends it
                sent = ctx.sentences[idx] if idx < len(ctx.sentences) else None
                if sent is None or _NEW_SCENE.match(ctx.low, sent.start):
                    break
                continue
            after.add(idx)
    for idx in sorted(after):
        sent = ctx.sentences[idx]
        s_low = ctx.low[sent.start:sent.end]
        if _UNHURT.search(s_low):
            out.add("wounded")
        if _NO_WORD.search(s_low) is None:
            continue  # every stated zero says "no", "none", "nobody" or "Fatalities: 0"
        out |= {c.kind for c in find_counts(s_low, res.counts) if c.explicit_zero}
    return out


def _home_of_group(a1: Actor | None, a2: Actor | None, ctx: ArticleContext, res: Any,
                   loc: Loc | None) -> Loc | None:
    """Filed from abroad: an event its sentences do not place (or place only at the dateline),
    in a report that names the dateline's country nowhere else ("NAIROBI -- Al Shabaab
    fighters ambushed a convoy ..."), happened in the country of its named armed group or,
    failing one, of the story's places: that country (precision 3), not the city the report
    was written in."""
    dl = ctx.chooser.dateline_loc
    if dl is None or dl.iso3 is None:
        return None
    votes = _story_votes(ctx, dl.iso3)
    if votes is None or any(a is not None and a.armed and a.iso3 == dl.iso3 for a in (a1, a2)):
        return None  # "... attacked a Kenyan police post": the dateline country's own forces
    homes = {a.iso3 for a in (a1, a2) if a is not None and a.named and a.armed and
             not a.state and a.iso3}
    if len(homes) == 1:
        home: str | None = next(iter(homes))
    else:
        top = votes.most_common(1)
        home = top[0][0] if top and top[0][1] >= 3 else None
    if home is None or home == (loc.iso3 if loc is not None else dl.iso3):
        return None
    return country_loc(res, home)


def _filed_from_capital(ctx: ArticleContext, ev: Event, res: Any, dl_loc: Loc) -> bool:
    """An incident at a place the text leaves unnamed ("an air strike on a house in southern
    Lebanon"), filed from the capital: it happened somewhere in the country, not in the capital.
    Not when the sentences name a place below the country ("a raid on a farm near Tame in
    eastern Colombia"), nor in local news or from a regional bureau ("PESHAWAR - ... in the
    country's northwest"), whose city is likely near the event."""
    chooser = ctx.chooser
    if chooser.us_news or not dl_loc.iso3 or \
            not any(m.extra.get("dateline_place") for m in ev.core()):
        return False
    capital = capital_of(res.gazetteer, dl_loc.iso3)
    if capital is None or capital.name != dl_loc.location:
        return False
    spans = [(m.sent.start, m.sent.end) for m in ev.core()]
    return not any(pm.candidates and pm.candidates[0].kind != "country" and
                   not chooser.in_dateline(pm) and any(a <= pm.start < b for a, b in spans)
                   for pm in chooser.mentions)


def _story_votes(ctx: ArticleContext, filed: str) -> Counter[str] | None:
    """Countries of the story's places (the dateline's own words left out) and of its named
    rebel groups; None when the text names the dateline's country again."""
    votes = story_place_votes(ctx.chooser)
    for a in ctx.all_actors:
        if a.iso3 and a.named and a.armed and not a.state:
            votes[a.iso3] += 1  # a rebel group fights at home; foreign troops may not
    return None if votes[filed] > 0 else votes


def build_record(ev: Event, ctx: ArticleContext, article: Any, res: Any) -> dict[str, Any]:
    main = ev.main()
    evid = next((m for m in ev.mentions if not m.weak), ev.first) if main.weak is False \
        else ev.first
    etype, sub = main.event_type, main.sub_event_type
    others = [m for m in ev.mentions if m is not evid]
    a1 = evid.actor1 or next((m.actor1 for m in others if m.actor1 is not None
                              and not m.actor1.country_ref), None)
    a2 = evid.actor2 or next((m.actor2 for m in others if m.actor2 is not None
                              and not m.actor2.country_ref), None)
    a1, a2 = responders(ev, evid, ctx.low, a1, a2)
    counts = [c for m in ev.mentions for c in m.counts]
    if sub == "Mob violence" and evid.actor1 is None:
        a1 = None  # the mob (rioters), not the police who came later ("officers found ...")
    if a1 is not None and a2 is not None and a1.key() == a2.key() and a1.state and \
            main.hit.trigger.id != "clash":  # "police ... police": told twice, not both sides
        a2 = None
    if a2 is None and etype != "Protests" and sub != "Violent demonstration" \
            and not main.verbal:
        a2 = _victim_actor(counts, etype, sub == "Looting/property destruction" and (
            a1 is None or a1.inter != 7))  # not residents' own property
    a2 = named_side(ev, a2, a1)
    if etype == "Violence against civilians" and sub == "Attack" and a2 is not None and \
            a2.inter != 7 and a2.armed and not a2.weak and (a1 is None or a1.armed):
        etype, sub = "Battles", "Armed clash"
    etype, sub = crowd_riot(etype, sub, a1, a2, sub == "Armed clash" and any(  # a protest told
        h.trigger.event_type == "Protests" for hs in ctx.hits_by_sent.values() for h in hs))
    inferred = False
    if etype and (a1 is None or (not a1.named and not a1.state and a1.inter == 3)):
        # "gunmen killed two policemen ... The TTP claimed responsibility": the claimant group
        a1 = _claiming_group(ctx) or a1
    if a1 is None and etype in ("Battles", "Explosions/Remote violence",
                                "Violence against civilians", "Strategic developments"):
        a1 = infer_actor1(ctx, a2, res, sub in _PLANTED)
        inferred = a1 is not None
    if a1 is None and sub in _PLANTED and etype == "Explosions/Remote violence":
        a1 = _unidentified()  # a device planted or thrown by no one named (ACLED's coding)
    if etype == "Battles" and (a2 is None or a2.inter == 7) and a1 is not None:
        a2 = battle_side(ev, ctx.low, a1, a2, main.hit.trigger.id == "clash")
    if etype in ("Riots", "Protests"):
        a1, a2 = crowd_sides(etype, sub, a1, a2, ev, evid, any(c.best for c in counts))
    loc = ev.loc()
    dl = ctx.chooser.dateline
    if loc is None or (dl is not None and loc.start == dl.start):
        loc = _home_of_group(a1, a2, ctx, res, loc) or reacted_from_abroad(
            [m.sent for m in ev.core()], ctx, res) or loc  # where it happened, not where filed
        dl_loc = ctx.chooser.dateline_loc
        if dl_loc is not None and (loc is None or loc.start == dl_loc.start) and \
                _filed_from_capital(ctx, ev, res, dl_loc):
            loc = country_loc(res, dl_loc.iso3 or "") or loc  # somewhere in the country
    loc = loc or ctx.chooser.article_default()
    iso3 = loc.iso3 if loc else None
    if iso3 is None:
        iso3 = next((a.iso3 for a in (a2, a1) if a is not None and a.iso3), None)
    if iso3 is None:
        # every event has a country: the article's dominant one, else one its actors imply
        iso3 = ctx.chooser.main_iso3 or implied_country(ctx, res)
    country = (loc.country if loc and loc.country else None) or _country_name(res, iso3)
    if a1 is None and etype == "Violence against civilians" and iso3 != "USA" and \
            not ctx.chooser.us_news:
        a1 = _unidentified()  # an attack by no one named (ACLED's coding; not US local crime)
    dm = day_in_week(ctx, ev, ev.date())
    if dm is not None:
        ev_date, prec = dm.value, dm.precision
    elif ev.historical:
        ev_date, prec = None, None
    else:
        # an incident the text gives no day of its own happened on the story's day (the lead,
        # "a second bomb ...", "hours later, gunmen ..."), not on the day of publication; a
        # statement with no day of its own was made when it was reported
        sd = None if main.verbal else story_date(ctx)
        if sd is not None:
            ev_date, prec = sd.value, sd.precision
        else:
            ev_date, prec = ctx.published, (1 if ctx.published else None)
    counted = _unclaimed(ev, ctx.low)
    share = share_of(ev, ctx.low)  # a toll over several related attacks: this one's share
    kl, kb, kh = shared(_event_counts(counted, "killed", ctx.low), share)
    wl, wb, wh = shared(_event_counts(counted, "wounded", ctx.low), share)
    if kb is None or wb is None:  # "No fatalities." / "There were no casualties." said after it
        zero = _stated_zeros(ctx, ev, res)
        kl, kb, kh = (0, 0, 0) if kb is None and "killed" in zero else (kl, kb, kh)
        wl, wb, wh = (0, 0, 0) if wb is None and "wounded" in zero else (wl, wb, wh)
    sl, sb, sh = _event_counts(counted, "shot", ctx.low)
    if sb and (wb is None or wb < sb - (kb or 0)):  # the people shot who did not die
        rest = sb - (kb or 0)
        if rest > 0:
            wl, wb, wh = rest, rest, rest
    if (kb or wb) and forces_against_protesters(a1, a2) and (
            etype == "Violence against civilians"
            or (kb and sub == "Protest with intervention")
            or (sub == "Peaceful protest" and a1 is not None and a1.state)):
        # ACLED: protesters killed or badly hurt by state forces; protesters are actor1
        etype, sub = "Protests", "Excessive force against protesters"
        a1, a2 = (a1, a2) if a1 is not None and a1.inter == 6 else (a2, a1)
    a2 = None if sub == "Peaceful protest" else a2  # ACLED: no one faces a peaceful protest
    fatalities = kl if kl is not None else (kb or 0)
    modality = "historical" if ev.historical else evid.modality
    if modality == "asserted" and any(m.modality == "alleged" for m in ev.mentions[:1]):
        modality = "alleged"
    if modality in ("asserted", "alleged") and ev.mentions[0].modality == "denied" and all(
            m.modality in ("denied", "negated", "alleged") for m in ev.mentions):
        modality = "denied"  # "denied claims that rebels had attacked X ... radio had claimed ..."
    if modality != "planned" and dm is not None and dm.future:
        # a planned mention merged into another incident: its day is not that incident's
        ev_date, prec = ctx.published, (1 if ctx.published else None)
    claimant = evid.claimant or next((m.claimant for m in ev.mentions if m.claimant), None)
    claimant = canonical_claimant(claimant, country, res, (a1, a2))
    verified = next((m.verified for m in ev.mentions if m.verified is not None), None)
    if verified is None:
        verified = res_unverified(ctx, ev, res)
    a1, a2 = in_power(a1, ev_date or ctx.published), in_power(a2, ev_date or ctx.published)
    sub = territory_sub(sub, a1, a2, iso3)
    border = a1 is not None and a2 is not None and a1.state and a2.state and at_border(ev, ctx)
    inter1 = inter_code(a1, iso3, a2, border)
    inter2 = inter_code(a2, iso3, a1, border) if a2 is not None else 0
    interaction = (10 * min(inter1, inter2) + max(inter1, inter2)) if inter2 else 10 * inter1
    cameo = main.cameo
    sent = evid.sent
    text = ctx.text
    evidence = text[sent.start:sent.end]
    conf = 0.4 + 0.1 * sum([loc is not None and loc.kind_rank >= 1, dm is not None,
                            a1 is not None and not inferred, kb is not None or wb is not None,
                            not main.weak])
    rec: dict[str, Any] = dict.fromkeys(FIELDS)
    rec.update(
        event_date=ev_date, time_precision=prec,
        disorder_type=DISORDER.get(etype) if etype else None,
        event_type=etype, sub_event_type=sub,
        actor1=actor_name(a1, _country_name(res, a1.iso3) or country) if a1 else None,
        inter1=inter1 if a1 else None, actor1_code=actor_code(a1, a1.iso3 or iso3) if a1 else None,
        actor1_inferred=inferred,
        actor2=actor_name(a2, _country_name(res, a2.iso3) or country) if a2 else None,
        inter2=inter2 if a2 else None,
        actor2_code=actor_code(a2, a2.iso3 or iso3) if a2 else None,
        interaction=interaction if a1 else None,
        civilian_targeting="Civilian targeting" if a2 is not None and a2.inter == 7 and etype in (
            "Violence against civilians", "Explosions/Remote violence") else None,
        iso3=iso3, country=country,
        admin1=loc.admin1 if loc else None, admin1_code=loc.admin1_code if loc else None,
        admin2=loc.admin2 if loc else None, location=loc.location if loc else None,
        latitude=loc.latitude if loc else None, longitude=loc.longitude if loc else None,
        geo_precision=loc.geo_precision if loc else None,
        cameo_code=cameo, quad_class=quad_class(cameo), goldstein=res.lex.goldstein.get(cameo),
        killed_low=kl, killed_best=kb, killed_high=kh,
        wounded_low=wl, wounded_best=wb, wounded_high=wh, fatalities=fatalities,
        claimant=claimant, source=article.source, modality=modality, verified=verified,
        notes=evidence[:500] + share_note(share), article_id=article.article_id,
        sentence_index=sent.index,
        char_start=sent.start, char_end=sent.end, evidence_text=evidence,
        coder_version=res.version, confidence=round(min(conf, 0.95), 2),
    )
    return rec


def res_unverified(ctx: ArticleContext, ev: Event, res: Any) -> bool | None:
    """A "could not be confirmed" sentence right after the claim covers it."""
    first = min(m.sent.index for m in ev.mentions if not m.weak) if any(
        not m.weak for m in ev.mentions) else ev.first.sent.index
    for sent in ctx.sentences[first + 1:first + 3]:
        low = ctx.low[sent.start:sent.end]
        assert res.lex.unverified_re is not None
        if res.lex.unverified_re.search(low):
            return False
    return None


def event_day(rec: dict[str, Any]) -> date | None:
    value = rec.get("event_date")
    return value if isinstance(value, date) else None
