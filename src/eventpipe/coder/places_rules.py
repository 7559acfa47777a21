"""Pure helpers of the place finder: candidate order, token joins, case tests, US states.

Split from ``places_match`` (the scanner) to keep each module small; nothing here holds state.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from itertools import accumulate, compress
from operator import itemgetter
from typing import Any

from eventpipe.coder.places_text import (
    CONNECTORS,
    LEADING_ARTICLES,
    TOKEN_RE,
    fold,
    is_capitalised,
    name_key,
)
from eventpipe.coder.places_types import Place, PlaceMention
from eventpipe.coder.regex_literals import lower_is_safe

BIG_CITY = 100_000  # without a hint, a city this big ranks above an admin1 of the same name

# Kind order per kind_hint: lower sorts first; population (descending) breaks ties.
ORDER: dict[str | None, dict[str, int]] = {
    None: {"country": 0, "city": 1, "admin1": 2, "admin2": 3},
    "region": {"admin1": 0, "admin2": 1, "city": 2, "country": 3},
    "district": {"admin2": 0, "admin1": 1, "city": 2, "country": 3},
    "city": {"city": 0, "admin2": 1, "admin1": 2, "country": 3},
}
ORDER["province"] = ORDER["state"] = ORDER["region"]
ORDER["county"] = ORDER["district"]
ORDER["town"] = ORDER["village"] = ORDER["city"]

# AP style (and postal) US state abbreviations -> USPS code. Source: AP Stylebook state list.
AP_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI",
    "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nebr.": "NE",
    "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC",
    "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Oreg.": "OR", "Pa.": "PA", "Penn.": "PA",
    "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT",
    "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI", "Wisc.": "WI",
    "Wyo.": "WY", "D.C.": "DC",
}
POSTAL = ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
           "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC").split()
# the fifty states and DC by their full names ("Mobile, Alabama")
US_STATE_NAMES = ("Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|"
                  "Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|"
                  "Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|"
                  "Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
                  "North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
                  "South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|"
                  "Wisconsin|Wyoming|District of Columbia")
FULL_STATE_RE = re.compile(r"\s*,\s*(?:" + US_STATE_NAMES + r")\b")
STATE_RE = re.compile(
    r"\s*,\s*(" + "|".join(re.escape(a) for a in sorted(AP_STATES, key=len, reverse=True))
    + r"|(?:" + "|".join(POSTAL) + r")(?=\s*(?:[(\-—–:,\d]|$)))", re.MULTILINE
)

# A capitalised street, venue or business word after a name makes it part of that name
# ("Tabor Street", "Visions Sports Bar", "Madison High"), not a place of the event.
NAME_OF_VENUE = re.compile(
    r"[ \t]+(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.|Lane|"
    r"Ln\.?|Way|Court|Ct\.?|Place|Pl\.|Parkway|Pkwy\.?|Terrace|Circle|Trail|"
    r"Pike|Alley|Bar|Grill|Restaurant|Cafe|Tavern|Lounge|Pub|Club|Nightclub|Church|Chapel|"
    r"School|High|Elementary|Middle|Academy|Mall|Store|Market|Apartments?|Homes|Hotel|Motel|"
    r"Inn|Plaza|Shopping|Lodge|Motors|Auto|Sports|Gardens|Estates|Towers|Houses|Manor|"
    r"Liquor|Gas|Bank)\b")
NAME_OF_VENUE_CAPS = re.compile(NAME_OF_VENUE.pattern, re.IGNORECASE)
# A Spanish or Portuguese name goes on after "de"/"del" ("San Luis de la Montana", "San Vicente
# del Caguan"): the shorter name the gazetteer knows is another place.
LONGER_NAME = re.compile(r"[ \t]+(?:(?:de|del|da|do|dos|das)[ \t]+(?:(?:la|las|los)[ \t]+)?|"
                         r"(?:Las|Los|La|El)[ \t]+)[A-Z]")
LONGER_NAME_CAPS = re.compile(r"[ \t]+(?:(?:DE|DEL|DA|DO|DOS|DAS)[ \t]+(?:(?:LA|LAS|LOS)[ \t]+)?|"
                              r"(?:LAS|LOS|LA|EL)[ \t]+)[A-Z]")
# ... and a name right after such a "de" is its tail ("La Montana"), not a place of its own.
NAME_TAIL = re.compile(r"[A-Z][\w.]*[ \t]+(?:de|del|da|do|dos|das|DE|DEL|DA|DO|DOS|DAS)[ \t]+"
                       r"(?:(?:la|las|los|LA|LAS|LOS)[ \t]+)?$")
# Capitalised words that do not make a place part of a longer name ("Detroit Wednesday").
NOT_NAME_AFTER = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december police sheriff sheriffs fire news "
    "county township metro metropolitan municipal area man woman teen boy girl".split())
POSSESSIVE_MAX_POPULATION = 100_000

NOT_UPPER_RE = re.compile(r"[^A-Z]+")  # len(sub("", s)) counts capitals without a list
NOT_LOWER_RE = re.compile(r"[^a-z]+")


def us_state_abbrev() -> dict[str, str]:
    out = {abbr: f"US-{code}" for abbr, code in AP_STATES.items()}
    out.update({code: f"US-{code}" for code in POSTAL})
    return out


def sort_key(hint: str | None) -> Callable[[Place], tuple[float, int]]:
    """Candidate order: kind priority for the hint, then population (descending).

    Without a hint: countries, then cities of >= BIG_CITY people, then admin1 regions, then the
    other places ("Gegharkunik" is the province, "Herat" the city).
    """
    order = ORDER.get(hint, ORDER[None])
    if hint is None:
        def key(p: Place) -> tuple[float, int]:
            rank = {"country": 0.0, "admin1": 2.0, "admin2": 4.0}.get(p.kind, 3.0)
            if p.kind == "city" and p.population >= BIG_CITY:
                rank = 1.0
            return (rank, -p.population)
        return key
    return lambda p: (order.get(p.kind, 9), -p.population)


def candidate_order(key: str, hint: str | None) -> Callable[[Place], tuple[float, int]]:
    """``sort_key`` where a city found by one of its alternate names ranks after the cities
    of that name: "Greenwood" is a town called Greenwood before a city once called so."""
    base = sort_key(hint)

    def order(p: Place) -> tuple[float, int]:
        rank, pop = base(p)
        if p.kind == "city" and name_key(p.name) != key:
            rank += 2.5
        return (rank, pop)
    return order


def prefer(mention: PlaceMention, container: Place) -> PlaceMention:
    """Put the candidates inside ``container`` (a country or admin1 region) first."""
    if container.kind == "country":
        inside = [p for p in mention.candidates if p.iso3 == container.iso3]
    elif container.kind == "admin1":
        inside = [p for p in mention.candidates
                  if p.iso3 == container.iso3 and p.admin1 == container.admin1]
    else:
        return mention
    if not inside or inside[0] is mention.candidates[0] and len(inside) == 1:
        return mention
    rest = [p for p in mention.candidates if p not in inside]
    return PlaceMention(mention.start, mention.end, mention.text, tuple(inside + rest),
                        mention.qualifier, mention.kind_hint)


def merge_sorted(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Sort by start and drop any mention overlapping an earlier one (state abbreviations win)."""
    out: list[PlaceMention] = []
    ordered = sorted(mentions, key=lambda m: (m.start, m.kind_hint != "state", -m.end))
    for mention in ordered:
        if not out or mention.start >= out[-1].end:
            out.append(mention)
    return out


def dedupe(places: list[Place]) -> list[Place]:
    seen: set[Place] = set()
    out = []
    for place in places:
        if place not in seen:
            seen.add(place)
            out.append(place)
    return out


def can_join(text: str, spans: list[tuple[int, int]], raw: list[str], i: int) -> bool:
    """Whether tokens i and i+1 may belong to one name."""
    gap = text[spans[i][1]:spans[i + 1][0]]
    if gap in (" ", "-", "'", "’", "ʼ", "‘", " - ", "‐", "–"):
        return True
    if gap == ".":
        return len(raw[i]) == 1  # U.S., D.R. Congo
    if gap == ". ":
        return raw[i] in ("St", "Ft", "Mt", "Pt", "Ste") or len(raw[i]) == 1
    return False


def case_ok(surface: list[str]) -> bool:
    if not is_capitalised(surface[-1]):
        return False
    first = surface[0]
    if not is_capitalised(first) and not (len(surface) > 1 and fold(first) in LEADING_ARTICLES):
        return False
    # ("Cox's Bazar": the possessive's letter inside a name)
    return all(is_capitalised(t) or fold(t) in CONNECTORS or t == "s" for t in surface[1:-1])


_UPPER_BYTES = string.ascii_uppercase.encode()
_LOWER_BYTES = string.ascii_lowercase.encode()


def _case_counts(line: str) -> tuple[int, int]:
    """How many A-Z and a-z letters ``line`` holds (counted by deleting bytes)."""
    raw = line.encode("ascii", "ignore")
    return (len(raw) - len(raw.translate(None, _UPPER_BYTES)),
            len(raw) - len(raw.translate(None, _LOWER_BYTES)))


def line_is_caps(text: str, pos: int) -> bool:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)]
    upper, lower = _case_counts(line)
    return upper >= 8 and upper > 4 * lower


# A-Z -> "U", a-z -> "l", newlines kept, every other byte deleted: each line's letters by case
_CASE_MAP = bytes.maketrans(_UPPER_BYTES + _LOWER_BYTES, b"U" * 26 + b"l" * 26)
_NOT_CASED = bytes(b for b in range(256) if b not in _UPPER_BYTES + _LOWER_BYTES + b"\n")


def _caps_lines(text: str) -> list[bool]:
    """Per line of ``text``: at least 8 capitals (A-Z) and more than four per small letter."""
    lines = text.encode("ascii", "ignore").translate(_CASE_MAP, _NOT_CASED).split(b"\n")
    return [(up := seg.count(85)) >= 8 and up > 4 * (len(seg) - up) for seg in lines]  # "U"


def caps_flags(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Per token: is it on a line written (almost) all in capitals?"""
    flags_by_line = _caps_lines(text)
    if not any(flags_by_line):
        return [False] * len(spans)
    line_caps: list[tuple[int, bool]] = []  # (line end, caps?)
    pos = 0
    for line, flag in zip(text.split("\n"), flags_by_line, strict=True):
        pos += len(line) + 1
        line_caps.append((pos, flag))
    flags: list[bool] = []
    j = 0
    for start, _end in spans:
        while line_caps[j][0] <= start:
            j += 1
        flags.append(line_caps[j][1])
    return flags


# TOKEN_RE as a separator: ``split`` gives the text between tokens and the tokens, alternately
_TOKEN_SPLIT = re.compile(f"({TOKEN_RE.pattern})")


# The same for a text whose letters and digits are all ASCII: a plain class, which the engine
# tests without a Unicode look-up (other characters of such a text are no word characters)
_ASCII_TOKEN_SPLIT = re.compile(r"([A-Za-z0-9]+)")


def tokenize(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans and texts of ``TOKEN_RE.finditer(text)``, read from one ``split`` and the
    running total of its pieces' lengths (no match objects)."""
    ascii_words = text.isascii() or lower_is_safe(text)
    pieces = (_ASCII_TOKEN_SPLIT if ascii_words else _TOKEN_SPLIT).split(text)
    ends = list(accumulate(map(len, pieces)))
    return list(zip(ends[0:-1:2], ends[1::2], strict=True)), pieces[1::2]


def name_starts(raw: list[str], words: list[str], caps: list[bool]) -> list[int]:
    """The tokens a name may start at, in order: capitalised, on an all-caps line, or a
    leading article ("al-"). Computed without a Python loop over the tokens."""
    every = range(len(raw))
    got = list(compress(every, map(str.isupper, map(itemgetter(0), raw))))
    more = [*compress(every, caps), *compress(every, map(LEADING_ARTICLES.__contains__, words))]
    return sorted({*got, *more}) if more else got


# kind words that make a common word a place ("Bay region"), and the agencies a department
# word after belongs to ("the Aurora Police Department")
TERRITORIAL = frozenset("district region province governorate county oblast rayon raion marz "
                        "prefecture state wilayat department canton".split())
_AGENCY_WORDS = frozenset({"police", "fire", "sheriff", "sheriffs", "health", "state", "justice"})


def territorial(words: list[str], end: int, key: str) -> bool:
    """A territorial kind word right after the name ("Bay region", "Meta department"), not an
    agency's ("the Aurora Police Department": no Police in Poland)."""
    return words[end] in TERRITORIAL and not (words[end] == "department" and key in _AGENCY_WORDS)


_ADMIN_WORD = re.compile(r"\s(?:state|province|region|division|governorate|department|oblast|"
                         r"prefecture|county)$", re.IGNORECASE)
_ADMIN_AFTER = re.compile(r"\s+(?:state|province|region|division|governorate|department|oblast|"
                          r"prefecture|county)\b", re.IGNORECASE)
_COUNTRY_NEXT = re.compile(r"\s*,\s*[A-Z]")
_DISTRICT_LINK = re.compile(r"\s+(?:district|sub-?district|county|municipality)\s*,\s*",
                            re.IGNORECASE)
_SETTLEMENT_GAP = re.compile(r"(?:\s+(?:village|town|city|area|locality|settlement|camp|district|"
                             r"municipality|commune|parish))?"
                             r"\s*,\s*", re.IGNORECASE)


def outside_stated_region(text: str, mention: PlaceMention, nxt: PlaceMention,
                          after: PlaceMention | None = None) -> bool:
    """``nxt`` right after ``mention`` is written as its region ("Kaura village, Zamfara state",
    "Kaura, Zamfara, Nigeria"), or ``after`` is, past a district ("Al-Baghdadi town, Hit
    district, Anbar governorate"), and no reading of ``mention`` lies in it: the gazetteer
    lacks that place, and the same name elsewhere is not it."""
    if not _SETTLEMENT_GAP.fullmatch(text, mention.end, nxt.start):
        return False
    if after is not None and _DISTRICT_LINK.fullmatch(text, nxt.end, after.start):
        return _outside(text, mention, after)
    if after is not None and after.candidates[0].kind == "country" and \
            re.fullmatch(r"\s*,\s*", text[nxt.end:after.start]) and \
            any(c.kind == "admin1" and c.iso3 == after.candidates[0].iso3 for c in nxt.candidates) \
            and all(p.iso3 != after.candidates[0].iso3 for p in mention.candidates):
        return True  # "Deh Baba, Kabul, Afghanistan": not a Deh Baba of another country
    return _outside(text, mention, nxt)


def _outside(text: str, mention: PlaceMention, nxt: PlaceMention) -> bool:
    # the region reading of the name ("Faryab" is also a town of Faryab)
    region = next((c for c in nxt.candidates if c.kind == "admin1"), nxt.candidates[0])
    if region.kind != "admin1" or mention.candidates[0].kind in ("admin1", "country"):
        return False
    if not (_ADMIN_WORD.search(nxt.text) or _ADMIN_AFTER.match(text, nxt.end)
            or _COUNTRY_NEXT.match(text, nxt.end)):
        return False
    if all(p.iso3 != region.iso3 for p in mention.candidates):
        # another country's region of that name ("Sitra, Central governorate"), unless the
        # region's name is that of one country only ("Paez municipality, Apure state")
        return all(c.iso3 == region.iso3 for c in nxt.candidates)
    return not any(p.iso3 == region.iso3 and p.admin1 == region.admin1
                   for p in mention.candidates)


# Capitalised words after a place that do not make it part of a longer proper name.
FEATURE_WORDS = frozenset(
    "airport port bridge camp base hospital university market road street highway checkpoint "
    "crossing valley river lake mountain mountains hills border frontier dam mosque church "
    "prison stadium square station area areas outskirts mayor governor police residents "
    "officials authorities municipality city town village".split()
)

# Words that put a name in a person's slot (titles before, verbs of saying after).
PERSON_BEFORE = frozenset(
    "mr mrs ms dr sgt det lt capt col gen officer detective deputy sheriff judge coach pastor "
    "rev sen rep gov mayor president minister spokesman spokeswoman said says told according "
    "by suspect victim".split()
)
PERSON_AFTER = frozenset("said says told added explained wrote testified argued asked "
                         "stated admitted pleaded denied".split())
PLACE_BEFORE = frozenset("in near outside at from of to into across toward towards".split())
AGE_RE = re.compile(r",\s*(?:age\s*)?\d{1,3}\s*,")


def country_follows(data: Any, text: str, spans: list[tuple[int, int]], words: list[str],
                    i: int) -> bool:
    """Token i is followed, after a comma at most, by a country's name."""
    k = i + 1
    return k < len(words) and re.fullmatch(r",?\s+", text[spans[i][1]:spans[k][0]]) is not None \
        and any(data.rows[r][1] == "country" for r in data.index.get(words[k], ()))
