"""Actor mentions: state forces, named armed groups, unnamed armed actors, civilians, crowds."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from .lexicon import ActorEntry, Lexicon
from .prefilter import TextIndex, with_needles
from .prefilter_scope import holds_any

STATE_INTER = 1


@dataclass(frozen=True)
class Actor:
    start: int
    end: int
    name: str  # ACLED-style name; "{country}" still unfilled for unnamed actors
    inter: int
    role: str  # CAMEO role code: MIL, COP, INS, UAF, CVL, OPP, IGO, CRM
    iso3: str | None
    armed: bool
    named: bool
    weak: bool = False
    state: bool = False
    country_ref: bool = False  # a country name used as an actor ("Armenia used drones")
    collective: bool = False  # a community acting together ("villagers", "residents")

    def key(self) -> tuple[str, str | None]:
        return (self.name, self.iso3)


_COUNTRY_OF = re.compile(r"^\s+of\s+(?:the\s+)?([a-z][a-z' -]{2,30}?)(?=[\s,.;:)]|$)")
_PREV_WORDS = re.compile(r"([a-z][a-z'’.-]*)\W*$")


def _country_before(low: str, start: int, demonym: Callable[[str], str | None]) -> str | None:
    """Country from up to three words before ``start`` ("Armenian servicemen", "Azerbaijan's
    army", "the Somali National Army")."""
    head = low[max(0, start - 48):start]
    short = _SHORT_COUNTRY.search(head)  # "US troops", "UK forces" (right before the noun)
    if short is not None:
        return _SHORT_ISO[short.group(1)]
    words = _WORD.findall(head)[-3:]
    for n in (2, 1):
        for i in range(len(words) - n, -1, -1):
            iso = demonym(_strip_possessive(" ".join(words[i:i + n])))
            if iso:
                return iso
    return None


_WORD = re.compile(r"[a-z][a-z'’.-]*")
# two-letter country abbreviations the demonym table leaves out (too short to look up alone)
_SHORT_ISO = {"us": "USA", "uk": "GBR"}
_SHORT_COUNTRY = re.compile(r"(?<![\w.'’-])(us|uk)\s+$")


def _strip_possessive(phrase: str) -> str:
    """``re.sub(r"['’]s$", "", phrase)`` for a phrase of words (no line break)."""
    return phrase[:-2] if phrase.endswith(("'s", "’s")) else phrase


_LAST_WORDS = re.compile(r"((?:[a-z][a-z'’.-]*\s+)?([a-z][a-z'’.-]*))\s+$")
_SERVICE_BEFORE = re.compile(r"\s(?:regime|government|army|military|air force|navy|naval|"
                             r"ballistic|cruise|guided|long-range)\s+$")


def _adjacent_country(low: str, start: int, demonym: Callable[[str], str | None]
                      ) -> tuple[str, int] | None:
    """(country, start of its word) when the one or two words right before ``start`` name a
    country ("russian drones", "the united states' warplanes"), also across a service or
    weapon word ("syrian regime artillery", "iranian ballistic missiles")."""
    svc = _SERVICE_BEFORE.search(low, max(0, start - 25), start)
    if svc is not None:
        start = svc.start() + 1
    short = _SHORT_COUNTRY.search(low, max(0, start - 4), start)  # "us forces", "uk jets"
    if short is not None:
        return _SHORT_ISO[short.group(1)], short.start(1)
    m = _LAST_WORDS.search(low, max(0, start - 40), start)
    if m is None:
        return None
    for grp in (1, 2):
        phrase = re.sub(r"['’]s?$", "", m.group(grp))
        iso = demonym(phrase) if phrase else None
        if iso:
            return iso, m.start(grp)
    return None


def _country_after(low: str, end: int, demonym: Callable[[str], str | None]) -> str | None:
    m = _COUNTRY_OF.match(low[end:end + 40])
    if not m:
        return None
    words = m.group(1).split()
    for n in range(min(3, len(words)), 0, -1):
        iso = demonym(" ".join(words[:n]))
        if iso:
            return iso
    return None


_FORMER_BEFORE = re.compile(r"\b(?:former|retired|ex-|off-duty)\s*(?:[a-z]+\s+){0,3}$")


def find_actors(low: str, lex: Lexicon, demonym: Callable[[str], str | None],
                index: TextIndex | None = None) -> list[Actor]:
    """All actor mentions in a lower-cased text span, longest first, without overlaps.
    ``index`` (of a text holding ``low``) skips the patterns that cannot match."""
    cands: list[tuple[int, int, int, Actor]] = []  # (start, -len, priority, actor)
    # the state-force and platform patterns are Prefiltered (resources): they skip a text
    # without their literals and try only where one of them occurs
    for prio, (rx, role) in enumerate(((lex.military_re, "MIL"), (lex.police_re, "COP"))):
        for m in rx.finditer(low):
            s, e = m.start(), m.end()
            iso = _country_before(low, s, demonym) or _country_after(low, e, demonym)
            kind = "Military" if role == "MIL" else "Police"
            act = Actor(s, e, f"{kind} Forces of {{country}}", STATE_INTER, role, iso, True,
                        False, state=True)
            if _FORMER_BEFORE.search(low, max(0, s - 25), s):  # "a former army officer"
                act = Actor(s, e, "Civilians ({country})", 7, "CVL", iso, False, False)
            cands.append((s, -(e - s), prio, act))
    for m in lex.platform_re.finditer(low):
        found = _adjacent_country(low, m.start(), demonym)
        if found is not None:
            iso, s = found
            cands.append((s, -(m.end() - s), 2,
                          Actor(s, m.end(), "Military Forces of {country}", STATE_INTER,
                                "MIL", iso, True, False, state=True)))
    entries = (index.select(lex.actor_entries, _pattern) if index is not None
               else with_needles(lex.actor_entries, _pattern))
    for pos, (entry, rx), _rx, needles, _plan, _leads in entries:
        if needles is not None and not holds_any(low, needles):
            continue
        prio = pos + 10
        for m in rx.finditer(low):
            s, e = m.start(), m.end()
            cands.append((s, -(e - s), prio, _from_entry(entry, s, e, low, demonym)))
    cands.sort(key=lambda c: (c[1], c[2], c[0]))
    chosen: list[Actor] = []
    for _s, _l, _p, act in cands:
        if any(act.start < c.end and c.start < act.end for c in chosen):
            continue
        chosen.append(act)
    # "the rebel-held town", "Houthi-controlled areas": who holds a place, not a party to the act
    chosen = sorted((a for a in chosen if not _HOLDS_PLACE.match(low, a.end)),
                    key=lambda a: a.start)
    return _extend_with_demonym(_absorb_members(chosen, low), low, demonym)


_HOLDS_PLACE = re.compile(r"-(?:held|controlled|occupied|run|ruled|dominated|administered)\b")


def _pattern(item: tuple[ActorEntry, re.Pattern[str]]) -> re.Pattern[str]:
    return item[1]


# Civilians who act as a community (a crowd's violence is ACLED's mob violence); a person or
# "people" in general are victims or a lone perpetrator.
_COLLECTIVE = re.compile(r"villagers|residents|locals|youths|crowds?|mobs?|community members|"
                         r"tribesmen|clansmen|herders|farmers|traders|students|workers")
_MEMBER_GAP = re.compile(r"^\)?(?:\s+|['’]s?\s+)(?:(?:urban|rural|elite|special|armed|local|"
                         r"regional|mobile|suicide|guerrilla|puppet|mercenary)\s+)?$")


_BRACKET_GAP = re.compile(r"\s*[(\[]\s*")


def _absorb_members(actors: list[Actor], low: str) -> list[Actor]:
    """"Al Shabaab fighters", "ADF rebels", "RSF militiamen": the unnamed noun after a named
    group's name is that group, not a second, anonymous actor."""
    out: list[Actor] = []
    for a in actors:
        prev = out[-1] if out else None
        # ("FMLN commandos", "RSF troops": a force noun with no country of its own too)
        if (prev is not None and prev.named and not prev.state and not a.named and a.armed
                and (not a.state or a.iso3 is None) and _MEMBER_GAP.match(low[prev.end:a.start])):
            out[-1] = replace(prev, end=a.end)
            continue
        # "the paramilitary RSF", "Islamist Al Shabaab": an armed noun before the name
        if (prev is not None and a.named and not prev.named and prev.armed
                and " " not in low[prev.start:prev.end] and low[prev.end:a.start].isspace()):
            out[-1] = replace(a, start=prev.start)
            continue
        # "the Army of National Liberation (ELN)": the name in brackets is the group's
        if (prev is not None and a.named and not prev.named and prev.armed and not prev.state
                and _BRACKET_GAP.fullmatch(low, prev.end, a.start)):
            out[-1] = replace(a, start=prev.start)
            continue
        out.append(a)
    return out



def _from_entry(entry: ActorEntry, s: int, e: int, low: str,
                demonym: Callable[[str], str | None]) -> Actor:
    iso = entry.iso3
    if not entry.named:
        iso = _country_before(low, s, demonym) or iso
    return Actor(s, e, entry.name, entry.inter, entry.role if not entry.named else entry.cameo,
                 iso, entry.armed, entry.named, entry.weak, state=entry.inter == 1,
                 collective=entry.inter == 5 or bool(_COLLECTIVE.fullmatch(low[s:e])))


def _extend_with_demonym(actors: list[Actor], low: str,
                         demonym: Callable[[str], str | None]) -> list[Actor]:
    """Widen a state-force span over a preceding country word ("Somali army")."""
    out = []
    for a in actors:
        if a.state and a.iso3:
            base = max(0, a.start - 30)
            m = _PREV_WORDS.search(low[base:a.start])
            if m and demonym(_strip_possessive(m.group(1))):
                a = replace(a, start=base + m.start(1))
            other = _DEMONYM_AND.search(low, max(0, a.start - 30), a.start)
            iso = demonym(other.group(1)) if other else None
            if other and iso and iso != a.iso3:  # "Azerbaijani and Armenian forces"
                out.append(replace(a, start=other.start(1), end=other.end(1), iso3=iso))
        out.append(a)
    return out


_DEMONYM_AND = re.compile(r"\b([a-z]+)\s+and\s+$")


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|at|of|from|to|into|inside|across|outside|over|"
                              r"within|throughout|around|toward|towards|against|with|between|"
                              r"and|for|on)\s+(?:the\s+)?"
                              r"(?:(?:north|south|east|west|central|(?:north|south)-?(?:east|west))"
                              r"(?:ern)?\s+)?$|"
                              # a country's name inside a feature's: "Lake Chad", "Gulf of Guinea"
                              r"\b(?:lake|gulf of|bay of|sea of|river|basin of)\s+$|"
                              # a part of it: "a northeast Georgia man", "his eastern Chad home"
                              r"\b(?:north|south|east|west|central|(?:north|south)-?(?:east|west))"
                              r"(?:ern)?\s+$")


# what may follow a country that ends a place chain: punctuation, the end, or a dateline's dash
# or agency ("KABUL, Afghanistan (Wire) -")
_CHAIN_END = re.compile(r"\s*(?:[.,;:)]|[-\u2013\u2014]|\(|$)")


def country_actors(low: str, places: list[object], found: Sequence[Actor] = ()) -> list[Actor]:
    """Country names in subject or object position ("Armenia had used drones"), not a country
    that owns a named group ("Sudan's paramilitary RSF" is the RSF)."""
    out = []
    named = {a.start for a in found if a.named and not a.state}
    for m in places:
        cands = getattr(m, "candidates", ())
        if not cands or getattr(cands[0], "kind", "") != "country":
            continue
        start, end = m.start, m.end  # type: ignore[attr-defined]
        if _LOCATIVE_BEFORE.search(low[max(0, start - 20):start]) or _PLACE_WORD_AFTER.match(
                low, end) or _PARTY_NAME_AFTER.match(low, end) or _MEDIA_BEFORE.search(
                low, max(0, start - 12), start):
            continue  # "... in Somalia's Puntland region": a place; "Bangladesh Nationalist Party"
        if low[max(0, start - 2):start].strip() == "," and _CHAIN_END.match(low, end):
            continue  # "Geelong, Victoria, Australia.", "NAIROBI, Kenya - ...": a place chain's
            # end or a dateline's country, no actor
        owner = _OWNER_GAP.match(low, end)
        if owner is not None and (owner.end() in named or _PARTY_AFTER.match(low, owner.end())):
            continue  # ("supporters of Bangladesh's ruling Awami League": a party, no state force)
        out.append(Actor(start, end, "Military Forces of {country}", STATE_INTER, "MIL",
                         cands[0].iso3, True, False, state=True, country_ref=True))
    return out


_OWNER_GAP = re.compile(r"['’]s\s+")
_MEDIA_BEFORE = re.compile(r"\b(?:radio|television|tv)\s+$")  # "(RADIO MOZAMBIQUE)": a station
_PARTY_AFTER = re.compile(r"(?:main\s+)?(?:opposition|ruling|governing)\b")  # "X's ruling party"
_PARTY_NAME_AFTER = re.compile(r"(?:\s+(?!(?:and|or|the|of|with|to|by|in|on)\b)[a-z'’]+){0,3}?\s+"
                               r"(?:party|league|congress|union|alliance|movement)\b")
_PLACE_WORD_AFTER = re.compile(r"\s+(?:region|state|province|county|district|governorate|"
                               r"department|territory|countryside|homes?|m[ae]n|wom[ae]n|"
                               r"teens?|teenagers?|boy|girl|residents?|natives?)\b")


def merge_actor_lists(a: list[Actor], b: list[Actor]) -> list[Actor]:
    out = list(a)
    for x in b:
        if not any(x.start < y.end and y.start < x.end for y in out):
            out.append(x)
    return sorted(out, key=lambda z: z.start)


def actor_name(a: Actor, country: str | None) -> str:
    """ACLED-style name with the country filled in; with no country known the name carries
    none ("Rebel Group", "Military Forces"), never a made-up "Unknown"."""
    if "{country}" not in a.name:
        return a.name
    if country:
        return a.name.replace("{country}", country)
    return a.name.replace(" of {country}", "").replace(" ({country})", "")


def actor_code(a: Actor, iso3: str | None) -> str:
    """CAMEO actor code: country + role for state forces, civilians and unnamed actors."""
    if a.named:
        return a.role if re.fullmatch(r"[A-Z]{3,12}", a.role) else "INS"
    base = (iso3 or "") + a.role
    return base if re.fullmatch(r"[A-Z]{3,12}", base) else a.role


# Armed groups that became a country's state forces on a day (ACLED codes the Taliban as
# Afghanistan's state forces from their takeover of Kabul on 15 August 2021)
_IN_POWER = {"Taliban": (date(2021, 8, 15), "AFG")}


def in_power(a: Actor | None, when: date | None) -> Actor | None:
    """``a`` as its country's military forces when its group held power on ``when``."""
    if a is None or when is None or a.name not in _IN_POWER:
        return a
    since, iso3 = _IN_POWER[a.name]
    if when < since:
        return a
    # field by field: a compiled Actor has no ``__dict__`` for ``dataclasses.replace``
    return Actor(start=a.start, end=a.end, name="Military Forces of {country}", inter=1,
                 role="MIL", iso3=iso3, armed=True, named=False, weak=a.weak, state=True,
                 country_ref=a.country_ref, collective=a.collective)


def crowd_riot(etype: str | None, sub: str | None, a1: Actor | None, a2: Actor | None,
                protest: bool = False) -> tuple[str | None, str | None]:
    """"Clashes broke out" between police and demonstrators, a mob setting fire: riots; so is
    police "battling" youths in a story of a protest (``protest``)."""
    if sub not in ("Armed clash", "Looting/property destruction"):
        return etype, sub
    inters = [a.inter for a in (a1, a2) if a is not None and not a.armed]
    riot = "Violent demonstration" if 6 in inters else "Mob violence" if 5 in inters else None
    if riot is None and protest and sub == "Armed clash" and any(
            a is not None and a.inter == 7 and a.collective for a in (a1, a2)) and \
            not any(a is not None and a.armed and not a.state for a in (a1, a2)):
        riot = "Violent demonstration"
    return ("Riots", riot) if riot else (etype, sub)


def forces_against_protesters(a1: Actor | None, a2: Actor | None) -> bool:
    pair = [a for a in (a1, a2) if a is not None]
    return len(pair) == 2 and any(a.inter == 6 for a in pair) and any(a.state for a in pair)
