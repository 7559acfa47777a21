"""Reactions filed from abroad.

"QUITO, 3 APR -- The Ecuadoran government today condemned the bomb attack on the offices of a
Peruvian trade union federation": the dateline's country speaks, the act happened elsewhere. When a
sentence that the coder can place only at its dateline opens with the dateline country (its
name, demonym or capital) reacting - condemning, denouncing, reporting - and the rest of the
sentence names the institutions of exactly one other country ("the Peruvian army", "a
Bolivian union leader"), the event is placed in that country, at country precision.

A sentence that opens with another country's institution ("GENEVA - The Sudanese government
condemned an attack by gunmen who killed seven farmers") speaks of that country when the
article places more of its story there than in the dateline's country.

Nationals alone do not move it ("the Egyptian government condemned the attack on Spanish
tourists" stays in Egypt): people travel, a country's army, ministers and unions act at home.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .locate import Loc, loc_from_place

# the reaction verb after the subject ("has strongly condemned", "today denounced")
_REACTION = re.compile(
    r"\b(?:(?:has|have|had)\s+)?(?:(?:today|yesterday|bitterly|strongly|energetically|"
    r"officially)\s+)?(?:condemn|denounc|deplor|repudiat|regrett|lament|protest|express|"
    r"reject|critici[sz]|accus|blam|report|said|says|stated|announc|confirm)\w*\b",
    re.IGNORECASE)
# words that make a demonym an institution of its country
_INSTITUTION = re.compile(
    r"\s+(?:[a-z'-]+\s+){0,3}?(?:government|army|armed forces|military|air force|troops|"
    r"soldiers|police|president|presidency|minister|ministry|congress|assembly|union|"
    r"unions|federation|party|guerrillas?|rebels?|capital|authorities|judge|court|"
    r"archbishop|church|university|mayor|officials?)\b", re.IGNORECASE)
_DASH = re.compile(r"--|—|–")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_OPENING = re.compile(r"[\s\-—–:]*(?:\[[^\]]{0,40}\]\s*)*(?:the\s+)?", re.IGNORECASE)
_SUBJECT_WORDS = 8


def reacted_from_abroad(sentences: list[Any], ctx: Any, res: Any) -> Loc | None:
    """The country of the act a foreign reaction in one of ``sentences`` speaks of."""
    for s in sentences:
        loc = _reaction_country(s.start, s.end, ctx, res)
        if loc is not None:
            return loc
    return None


def _reaction_country(sent_start: int, sent_end: int, ctx: Any, res: Any) -> Loc | None:
    chooser = ctx.chooser
    dl, home = chooser.dateline, chooser.dateline_loc
    if dl is None or home is None or home.iso3 is None or chooser.us_news:
        return None
    text = ctx.text
    start = sent_start
    if sent_start <= dl.start < sent_end:  # "CITY (COUNTRY), 2 NOV 89 (AGENCY) -- [TEXT] The"
        close = _DASH.search(text, dl.end, min(sent_end, dl.end + 80))
        start = close.end() if close else dl.end
    opening = _OPENING.match(text, start, sent_end)
    if opening is None:
        return None
    start = opening.end()
    for w in list(_WORD.finditer(text, start, sent_end))[:3]:
        iso = _adjective(res, w.group().lower())
        if iso is not None and iso != home.iso3 and _INSTITUTION.match(text, w.end()) and \
                _story_favours(chooser, iso, home.iso3):
            return country_loc(res, iso)  # "GENEVA - The Sudanese government ...": at home
    verb = _REACTION.search(text, start, min(sent_end, start + 120))
    if verb is None:
        return None
    subject = _WORD.findall(text[start:verb.start()])
    if not 0 < len(subject) <= _SUBJECT_WORDS or not _names_country(subject, home, dl, ctx, res):
        return None
    others: set[str] = set()
    for w in _WORD.finditer(text, verb.end(), sent_end):
        iso = _adjective(res, w.group().lower())
        if iso is not None and iso != home.iso3 and _INSTITUTION.match(text, w.end()):
            others.add(iso)
    if len(others) != 1:
        return None
    return country_loc(res, others.pop())


def _adjective(res: Any, word: str) -> str | None:
    """ISO3 of a country adjective ("peruvian"); a plural noun of nationals ("peruvians",
    "a band of Peruvians in uniform") is none."""
    iso = res.demonym(word)
    return None if iso is None or (word.endswith("s") and res.demonym(word[:-1]) == iso) else iso


def country_loc(res: Any, iso3: str) -> Loc | None:
    """The country ``iso3`` as an event place (precision 3)."""
    country = res.gazetteer.country_by_iso3(iso3)
    return None if country is None else loc_from_place(country, None, None, -1)


def story_place_votes(chooser: Any) -> Counter[str]:
    """Countries of the places the story is told at, the dateline's own words left out."""
    return Counter(m.candidates[0].iso3 for m in chooser.mentions
                   if chooser.locative[id(m)] and not chooser.in_dateline(m))


def _story_favours(chooser: Any, iso3: str, filed: str) -> bool:
    """The article places more of its story in ``iso3`` than in the dateline's country."""
    votes = story_place_votes(chooser)
    return votes[iso3] > votes[filed]


def _names_country(words: list[str], home: Loc, dl: Any, ctx: Any, res: Any) -> bool:
    """The subject names the dateline's country: its name, demonym or the dateline's city."""
    city = ctx.text[dl.start:dl.end].lower()
    low = [w.lower() for w in words]
    if city in " ".join(low):
        return True
    pairs = [f"{a} {b}" for a, b in zip(low, low[1:], strict=False)]
    return any(res.demonym(w) == home.iso3 for w in low + pairs)
