"""Context cues of place mentions (streets, agencies, homes, chains of names, attributes) and
the candidate rules that need no article context (a metropolis among namesakes), beside
``locate``."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from .places_text import ascii_name, name_key

# Capitalised (or capitals) only: "a Brooklyn street" is in Brooklyn, "Tabor Street" is a street.
_STREET_WORDS = ("Avenue|Ave|Street|St|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|"
                 "Place|Pl|Parkway|Pkwy|Highway|Hwy|Terrace|Circle|House|County Jail|"
                 "High School|School|Church|Hospital|Monument|Memorial|Statue")
_STREET_AFTER = re.compile(r"\s+(?:" + _STREET_WORDS + "|" + _STREET_WORDS.upper() + r")\b|"
                           # "San Antonio Abad Street": one more word of the street's name
                           r"\s+[A-Z][\w'’]+\s+(?:Street|Avenue|Boulevard|STREET|AVENUE|"
                           # "across the Arauca river", "the Tugu monument": no town
                           r"BOULEVARD)\b|\s+(?:river|River|RIVER|monument|memorial|statue)\b")
# "the Medellin Cartel", "the Morazan Battalion", "the X Revolutionary Movement": a unit or an
# organisation named after a place, not a place of the event.
_UNIT_WORDS = ("(?:(?:Revolutionary|National|Liberation|Popular|Patriotic|Democratic|Infantry|"
               "Special|New Generation) ){0,2}(?:Battalion|Brigade|Regiment|Cartel|Front|"
               "Movement|Group|Commandos?|Party|Rifles|Corps|Scouts|Levies|Constabulary)")
# (no escapes in _UNIT_WORDS: the capitals copy is .upper())
_UNIT_AFTER = re.compile(r"\s+(?:" + _UNIT_WORDS + "|" + _UNIT_WORDS.upper() + r")\b")
_STREET_BEFORE = re.compile(r"\b(?:block of|corner of|intersection of)\s+$", re.IGNORECASE)
# "Greenwood police said", "the Laurel Police Department": the agency's town is the event's.
_JURISDICTION_AFTER = re.compile(r"\s+(?:county\s+)?(?:police|sheriff|sheriff['’]s|fire|coroner|"
                                 r"coroner['’]s|medical\s+examiner|prosecutor['’]?s?|"
                                 r"(?:metro|metropolitan|municipal|city)\s+police)\b",
                                 re.IGNORECASE)
# "John Doe, 27, of Vallejo", "a man from Mexico", "a native of X": a home, not the event place
# ("residents of X" protesting or attacked are mostly there: not a home)
_HOME_BEFORE = re.compile(r"(?:,\s*(?:\d{1,3}\s*,\s*)?(?:of|from)\s+$)|(?:\b(?:native|"
                          r"resident|man|woman|men|women|boy|girl|teen|teenager|"
                          r"family|student|immigrant|originally|mercenaries|fighters|advisers|"
                          r"advisors|instructors|volunteers|immigrants|migrants|refugees|tourists|"
                          r"visitors|nationals|citizens|delegation|delegates|diplomats)\s+"
                          r"(?:of|from)\s+(?:the\s+)?$)|"
                          r"(?:\b(?:based|headquartered|exiled)\s+in\s+(?:the\s+)?$)|"
                          r"(?:\b(?:envoy|ambassador|emissary)\s+to\s+(?:the\s+)?$)|"  # a post
                          # "the 34-year-old gunman, Jon Roe of Wichita": a person's home town
                          r"(?:\d{1,3}-year-old\s+(?:[a-z]+\s+)?(?:[A-Z][\w'’.-]+\s+){1,3}of\s+$)",
                          re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*,\s*(?:(?:and|AND)\s+)?(?:(?:the|THE)\s+)?|"
                       r"\s+(?:and|AND)\s+(?:(?:the|THE)\s+)?")


def home_mentions(text: str, mentions: list[Any]) -> set[int]:
    """ids of the mentions (sorted by start) named as a home or an origin, and the names listed
    after one ("mercenaries from the United States, Israel and Britain"): not event places."""
    out: set[int] = set()
    prev = None
    for m in mentions:
        if _HOME_BEFORE.search(text[max(0, m.start - 50):m.start]) or (
                prev is not None and id(prev) in out and _LIST_GAP.fullmatch(
                    text, prev.end, m.start)):
            out.add(id(m))
        prev = m
    return out


# "airlifted to Nairobi for treatment", "taken to the hospital in Polonnaruwa", "treated at a
# clinic in Garissa": where the hurt were taken (its country only)
_HOSPITAL_IN = (r"(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,2}?(?:hospital|clinic|infirmary|"
                r"(?:medical|health|trauma)\s+cent(?:er|re))\s+(?:in|at)\s+")
_TAKEN_TO = re.compile(
    r"\b(?:(?:airlifted|flown|evacuated|rushed|transferred|taken|brought|referred)\s+to\s+"
    rf"(?:{_HOSPITAL_IN})?|(?:admitted\s+to|(?:treated|admitted|hospitali[sz]ed|recovering|"
    rf"died)\s+(?:at|in))\s+{_HOSPITAL_IN})$", re.IGNORECASE)


# "in Dawlatabad, Balkh": a chain of names after a locative word (the first one unknown to the
# gazetteer) still makes the region after the comma a place.
_PLACE_CHAIN = re.compile(r"\b(?:in|near|at|outside|of|from|between|and|attacked|raided|"
                          r"stormed)\s+"
                          r"(?:the\s+)?"
                          r"(?:[A-Z][\w'’.-]*(?:\s+(?:district|village|town|area|city|"
                          r"neighbou?rhood|province|region|camp|county|square|market|bazaar|"
                          r"street|road|quarter|junction|bridge))?"
                          r"(?:\s+|,\s*|\s*\(\s*))"
                          r"{1,6}$")


_ATTRIBUTE_AFTER = re.compile(r"\s+(?!(?:and|or|in|on|at|to|for|from|with|by|was|were|is|are|"
                              r"has|had|have|said|says|the|of|as|but|since|after|before)\b)"
                              r"[A-Za-z]", re.IGNORECASE)
_HOMONYM_MAX_POPULATION = 100_000
_HAMLET_POPULATION = 5_000  # a place this small abroad needs its country named
_ACRONYM_CONTEXT = re.compile(r"(?:\(|\(\w+ and |[A-Z]{2,}\s+and\s+|forces\s+|[a-z],?\s+)$")


# A city this large, many times larger than every homonym, is the one a report names.
_MAJOR_CITY = 300_000
_MAJOR_RATIO = 3
_HOME_CITY = 100_000  # a city of the article's country this size is no hamlet to skip


def _major_city(m: Any, home_iso3: str | None = None) -> Any:
    """The metropolis a name stands for over small namesakes; none when the article's own
    country has a city of that name too ("Merida" in a report from Caracas)."""
    if getattr(m, "kind_hint", None) or len(m.candidates) < 2 or _kind(m) != "city":
        return None
    if home_iso3 is not None and any(c.iso3 == home_iso3 and getattr(c, "kind", "city") == "city"
                                     and (getattr(c, "population", 0) or 0) >= _HOME_CITY
                                     for c in m.candidates):
        return None
    cities = [c for c in m.candidates if getattr(c, "kind", "city") == "city"]
    if not cities:
        return None
    top = max(cities, key=lambda c: getattr(c, "population", 0) or 0)
    pop = getattr(top, "population", 0) or 0
    if pop < _MAJOR_CITY:
        return None
    if any(c is not top and (getattr(c, "population", 0) or 0) * _MAJOR_RATIO > pop
           for c in cities):
        return None
    written = _folded(m.text)
    if _folded(top.name) != written and any(_folded(c.name) == written for c in cities):
        return None  # "Islamabad" is the city of that name, not one it was once called
    return top


def _folded(name: str) -> str:
    return (ascii_name(name) or "").lower()


def _kind(m: Any) -> str:
    return str(getattr(m.candidates[0], "kind", "city"))


def _county(m: Any) -> bool:
    """A county named as one ("Merced County"): it says which state the article is in."""
    return _kind(m) == "admin2" and getattr(m, "kind_hint", None) == "county"


_QUARTER_AFTER = re.compile(r"\s+(?:area|neighbou?rhood|section|community|quarter)\b",
                            re.IGNORECASE)


def foreign_quarter(text: str, m: Any, cand: Any, dateline: Any, country_isos: set[str]) -> bool:
    """"the X area/neighbourhood" where X is only a town of a country the article does not
    name, or a small town of another region of the dateline's country: a quarter of the
    dateline city the gazetteer lacks ("the Pilsen area" in a report from Chicago)."""
    if dateline is None or not dateline.candidates or \
            _QUARTER_AFTER.match(text, m.end) is None:
        return False
    home = dateline.candidates[0]
    if cand.iso3 != home.iso3:
        return cand.iso3 not in country_isos
    return getattr(cand, "kind", "") == "city" and \
        getattr(cand, "admin1_code", None) != getattr(home, "admin1_code", None) and \
        getattr(cand, "population", 0) < _HOMONYM_MAX_POPULATION


_QUARTER_OF = re.compile(r"\s+(?:district|area|neighbou?rhood|quarter|suburb|section)\s+"
                         r"(?:in|of)\s+(?:the\s+)?(?:city\s+of\s+)?", re.IGNORECASE)


def quarter_of_city_abroad(text: str, m: Any, cand: Any, mentions: list[Any]) -> bool:
    """"Al-Mansoura district in Aden", "the Kensington section of Philadelphia": a quarter
    named before its city, read as a homonym in another country or region than the city's."""
    q = _QUARTER_OF.match(text, m.end)
    return q is not None and any(
        o.start == q.end() and o.candidates and (
            o.candidates[0].iso3 != cand.iso3 or
            getattr(o.candidates[0], "admin1_code", None) != getattr(cand, "admin1_code", None))
        for o in mentions)


_COMMA = re.compile(r"\s*,\s*")


def state_after_town(text: str, mentions: list[Any]) -> list[Any]:
    """"Macon, Georgia": a region after a town is the town's region, so a name that is also a
    country ("Georgia") is read as the region of one of the town's candidates."""
    out = list(mentions)
    for i in range(len(out) - 1):
        town, region = out[i], out[i + 1]
        if not _COMMA.fullmatch(text, town.end, region.start) or \
                region.candidates[0].kind == "admin1":
            continue
        towns = {(c.iso3, c.admin1) for c in town.candidates if c.kind == "city"}
        for c in region.candidates[1:]:
            if c.kind == "admin1" and (c.iso3, c.admin1) in towns:
                rest = tuple(x for x in region.candidates if x is not c)
                out[i + 1] = replace(region, candidates=(c, *rest))
                break
    return out


def named_units(text: str, mentions: list[Any]) -> set[int]:
    """ids of the mentions that name a unit or organisation after a place ("the Medellin
    Cartel", "the X Battalion"): they say the country, not where the event took place."""
    return {id(m) for m in mentions if _kind(m) != "country" and _UNIT_AFTER.match(text, m.end)}


# (not a bare compass name: "Northern", "Central" are regions of many countries)
_COMPASS = frozenset("north south east west northern southern eastern western central".split())


def one_country_region(m: Any) -> bool:
    """A region written as one ("in the Middle Shabelle region") whose name is one country's
    only: no homonym, whether or not the article names that country."""
    c0 = m.candidates[0]
    return getattr(m, "kind_hint", None) in ("region", "province", "state") and \
        m.text.lower().removesuffix(" region").removesuffix(" province") not in _COMPASS and \
        getattr(c0, "kind", "") == "admin1" and all(c.iso3 == c0.iso3 for c in m.candidates)


def _region_code(c: Any) -> str | None:
    return getattr(c, "admin1_code", None) or getattr(c, "admin1", None)


# "a drone shot down over Kyiv", "jets flying over the town": "over" says where after a word of
# the air (elsewhere it is "about": "a dispute over Abyei")
_AERIAL_OVER = re.compile(r"\b(?:shot down|downed|intercepted|flying|flew|hovering|crashed|"
                          r"drones?|aircraft|jets?|planes?|helicopters?|missiles?|airspace)\b"
                          r"[^.;]{0,40}\bover\s+(?:the\s+)?$", re.IGNORECASE)


def place_written_after(text: str, start: int, end: int) -> bool:
    """The name at text[start:end] reads as a place by what follows it ("Baidoa, Bay",
    "Kismayo (Lower Juba)") or by "over" after a word of the air."""
    return bool(re.match(r"\s*(?:,\s*[A-Z]|\()", text[end:end + 4])) or \
        bool(_AERIAL_OVER.search(text, max(0, start - 70), start))


# "clashed in Tajoura (Tripoli)": a bracketed name right after a place written with its
# preposition is where that place lies; "security forces (NISA)" is a unit's short name
_PLACE_BEFORE_BRACKET = re.compile(r"\b(?:in|near|at|outside|around|outskirts of)\s+"
                                   r"[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*){0,3}\s*$")


def unit_in_brackets(text: str, start: int, end: int) -> bool:
    """The name at text[start:end] stands alone in brackets and does not follow a place."""
    return text[start - 1:start] == "(" and text[end:end + 1] == ")" and \
        not _PLACE_BEFORE_BRACKET.search(text, max(0, start - 61), start - 1)


# "the Kabul-Kandahar highway": the towns a road joins, not where on it the event was
_ROAD_AFTER = re.compile(r"(?:-[A-Z][\w'’]+)?\s+(?:highway|road|expressway|motorway|railway|"
                         r"pipeline|HIGHWAY|ROAD|EXPRESSWAY|MOTORWAY|RAILWAY|PIPELINE)\b")


def street_or_road(text: str, start: int, end: int) -> bool:
    """The name at text[start:end] is part of a street's or a road's name."""
    if _STREET_AFTER.match(text[end:end + 30]) or _STREET_BEFORE.search(
            text[max(0, start - 12):start]):
        return True
    return country_only_town(text, start, end)


def country_only_town(text: str, start: int, end: int) -> bool:
    """The name at text[start:end] is one of the towns a road is named after ("the
    Juba-Nimule road"), or where the hurt were taken ("airlifted to Nairobi"): it tells the
    country, not where the event was."""
    joined = text[end:end + 1] == "-" or text[start - 1:start] == "-"
    return (joined and _ROAD_AFTER.match(text, end) is not None) or \
        _TAKEN_TO.search(text, max(0, start - 70), start) is not None


def town_region_votes(mentions: list[Any], locative: dict[int, bool],
                      main_iso3: str | None) -> Counter[str]:
    """admin1 regions of the main country that the article's unambiguous towns lie in
    ("Wilmington" in a story that also names Hockessin is the Delaware one)."""
    votes: Counter[str] = Counter()
    for m in mentions:
        if _kind(m) != "city" or not locative[id(m)]:
            continue
        codes = {_region_code(c) for c in m.candidates if c.iso3 == main_iso3}
        only = next(iter(codes)) if len(codes) == 1 else None
        if only is not None:
            votes[only] += 1
    return votes


_TOWNS = frozenset({"town", "village", "city", "settlement", "hamlet"})
# "in X", "near X", "outside X" written out (not "300 km north of X", a point of reference)
_NEAR_WORD = re.compile(r"\b(?:near|outside|in|(?:neighbou?rhood|suburb|outskirts|district|"
                        r"quarter|slum|barrio|streets)\s+of(?:\s+the)?)\s+$", re.IGNORECASE)
# a town described as one right after its name: ", the country's main port", ", a village 40 km
# north of the capital", ", 60 km south of X"
_TOWN_APPOSITIVE = re.compile(
    r",\s+(?:(?:the|a|an|its)\s+(?:[\w'’-]+\s+){0,4}?(?:town|village|city|port|seaport|"
    r"capital|municipality|hamlet|settlement|locality|border post)\b|"
    r"(?:some\s+|about\s+|located\s+)?\d+\s*(?:km|kms|kilometers|kilometres|miles)\b)",
    re.IGNORECASE)


def town_written_as_one(text: str, m: Any) -> bool:
    """A town name the text writes as a place: "the town of X", "in X", "near X", "X, the
    country's main port"."""
    return getattr(m, "kind_hint", "") in _TOWNS or \
        _NEAR_WORD.search(text, max(0, m.start - 25), m.start) is not None or \
        _TOWN_APPOSITIVE.match(text, m.end) is not None


def country_votes(text: str, mentions: list[Any], locative: dict[int, bool],
                  units: set[int]) -> defaultdict[str, float]:
    """The article's place mentions as votes for the event country (halves possible)."""
    votes: defaultdict[str, float] = defaultdict(float)
    named = {m.candidates[0].iso3 for m in mentions if _kind(m) == "country"}
    for m in mentions:
        if not locative[id(m)] and _kind(m) != "country" and id(m) not in units:
            continue
        # a country named only as an attribute ("U.S. diplomats") weighs like a town; a town of
        # a country the article does not name, found only under another name of the place
        # ("Boni" for Bonn), weighs half
        vote = 2.0 if (_kind(m) in ("country", "admin1") and (
            locative[id(m)] or _kind(m) == "admin1")) or _county(m) else 1.0
        if _kind(m) == "city" and m.candidates[0].iso3 not in named and name_key(
                text[m.start:m.end]) != name_key(m.candidates[0].name):
            vote /= 2
        votes[m.candidates[0].iso3] += vote
    return votes


def partial_names(mentions: list[Any], dateline: Any) -> list[Any]:
    """The mentions with candidates; the head of a longer name the gazetteer lacks ("San Luis"
    of "San Luis de la Montana") keeps only the places of the countries the article names."""
    out = [m for m in mentions if m.candidates]
    if not any(getattr(m, "partial", False) for m in out):
        return out
    named = {m.candidates[0].iso3 for m in out if _kind(m) == "country"}
    if dateline is not None and dateline.candidates:
        named.add(dateline.candidates[0].iso3)
    kept = []
    for m in out:
        if getattr(m, "partial", False):
            cands = tuple(c for c in m.candidates if c.iso3 in named)
            if not cands:
                continue
            m = replace(m, candidates=cands)
        kept.append(m)
    return kept


# "the governor of Kandahar": an office's seat, a weaker place than any other of the sentence
# ("soldiers detained the mayor of Mopti": no other, so Mopti)
_OFFICE_BEFORE = re.compile(r"\b(?:governor|mayor|lawmaker|senator|archbishop|bishop|emir)\s+of\s+"
                            r"(?:the\s+)?$", re.IGNORECASE)


def office_of(text: str, m: Any) -> bool:
    return _OFFICE_BEFORE.search(text, max(0, m.start - 30), m.start) is not None


# "near the border with Niger": a neighbour named for the frontier, not where the act happened
_BORDER_WITH = re.compile(r"\b(?:borders?|frontier)\s+(?:with|of)\s+(?:the\s+)?$", re.IGNORECASE)


# "then retreated across the border into Congo", "fled towards Ilaga": where the attackers
# went after the act, not where it happened
_FLED_TO = re.compile(r"\b(?:fled|retreated|withdrew|escaped|crossed|headed|drove\s+off|ran\s+off|"
                      r"made\s+off)\s+(?:back\s+)?(?:[\w-]+\s+){0,4}?(?:into|to|towards?|in\s+the\s+"
                      r"direction\s+of)\s+(?:the\s+)?$", re.IGNORECASE)


def across_border(text: str, m: Any) -> bool:
    """A neighbour named for the frontier, or where the attackers fled to."""
    return _BORDER_WITH.search(text, max(0, m.start - 30), m.start) is not None or \
        _FLED_TO.search(text, max(0, m.start - 70), m.start) is not None

# a word that introduces a place ("in", "near", "outside the", "(", ", ")
_LOCATIVE = re.compile(r"(?:\b(?:in|near|at|outside|of|on|from|around|into|to|inside|across|"
                       r"against|within|toward|towards|between|through|throughout)\s+"
                       r"(?:the\s+|an?\s+)?(?:\w+\s+)?$)|\($|,\s*$|"
                       r"\bcapital,?\s+$", re.IGNORECASE)  # "the ... state capital El Fasher"


# a place the text leaves unnamed ("on a village in western Niger", "in the country's north")
UNNAMED_PLACE = re.compile(
    r"\b(?:a|an|one)\s+(?:remote\s+|small\s+|rural\s+|border\s+)?(?:village|town|hamlet|"
    r"settlement|camp|market|district|area|community)\s+(?:in|near|of)\b|"
    r"\b(?:in|of)\s+(?:the\s+)?(?:country['’]s\s+)?(?:north|south|east|west|"
    r"(?:north|south)-?(?:east|west))(?:ern)?\b(?!\s+parts?\b)|"
    r"\bin\s+the\s+(?:[a-z]+\s+){1,2}(?:area|border area|borderlands|basin)\b")
