"""The dateline of a news report: "CITY, State (Outlet) —", "CITY, DD MON YY --",
"CITY (COUNTRY), DD MON YY --", "CITY, April 3 (Outlet) -".

The dateline names the city the report was filed from; a country or region written beside it
("(PANAMA)", ", Ill.") puts the candidates inside it first. Without one, the city's most
populous homonym is taken: wire services date their reports from capitals and large cities.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from eventpipe.coder.places_rules import AP_STATES, POSTAL, prefer
from eventpipe.coder.places_text import name_key
from eventpipe.coder.places_types import PlaceMention

DATELINE_RE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Za-z'.\- ]{1,40}?)\s*"
    r"(?:\((?P<paren>[A-Z][A-Za-z.' ]{1,30})\)\s*)?,\s*"
    r"(?P<region>[A-Z][A-Za-z.' ]{1,30}?)?\s*,?\s*"
    r"(?P<date>(?:\d{1,2}\s+[A-Za-z]{3,9}\.?(?:\s+\d{2,4})?|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?\s+\d{1,2}"
    r"(?:,?\s+\d{4})?)\s*)?"
    r"(?:\((?P<outlet>[^)]{1,40})\)\s*)?(?:—|–|--|-|:)"
)

# "VALLEJO (CBS SF) – Police said ...": a capitals city and the outlet, no comma
_OUTLET_DATELINE_RE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z'.\- ]{2,40}?)\s*\((?P<outlet>[^)]{1,40})\)\s*(?:—|–|--|-)")

# "Ouagadougou (AFP) - ...": a city written in title case before a news agency's name
_AGENCY_DATELINE_RE = re.compile(
    r"^\s*(?P<city>[A-Z][a-z'’.\-]+(?: [A-Z][a-z'’.\-]+){0,2})\s*\((?:AFP|AP|Reuters|UPI|"
    r"Xinhua|dpa|DPA|IANS|PTI|ANI|Anadolu|AA|EFE|ANSA|Kyodo|Yonhap|Bernama|APA|Sputnik|"
    r"TASS|IRNA|Sana|SANA|WAFA|KUNA|SPA|MENA|Lusa)\)\s*(?:—|–|--|-)")

# "DENVER -- Two men were wounded ...": a capitals city and a dash (or a hyphen before a capital),
# nothing else
_BARE_DATELINE_RE = re.compile(r"^\s*(?P<city>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})\s*"
                               r"(?:—|–|--|-(?=\s+[A-Z])|\|(?=\s+[A-Z]))\s")  # "GARY | A clerk ..."

_LINE_START = re.compile(r"\n\s*|\s{2,}")
_STATE_CODES = {**{a.rstrip(".").lower(): c for a, c in AP_STATES.items()},
                **{c.lower(): c for c in POSTAL}, "tenn": "TN", "tex": "TX", "wash": "WA"}
# a US dateline after a caption or a video notice: "... (Photo)  HENRY COUNTY, Ind. (WISH) —"
_US_DATELINE_RE = re.compile(
    r"(?:^|\n|\s{2,}|\)\s+)(?P<city>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}),\s*"
    r"(?P<region>(?:" + "|".join(sorted(_STATE_CODES, key=len, reverse=True)) + r"))\.?\s*"
    r"(?:\((?P<outlet>[^)]{1,40})\)\s*)?(?:—|–|--|-)", re.IGNORECASE)


def _us_state_first(mention: PlaceMention, region: str | None) -> PlaceMention:
    """Candidates in the state the dateline abbreviates ("Ky", "Tenn.") first."""
    code = _STATE_CODES.get((region or "").rstrip(".").strip().lower())
    if code is None:
        return mention
    inside = [p for p in mention.candidates if p.iso3 == "USA"
              and (p.admin1_code or "") == f"US-{code}"]
    if not inside:
        return mention
    rest = [p for p in mention.candidates if p not in inside]
    return PlaceMention(mention.start, mention.end, mention.text, tuple(inside + rest),
                        mention.qualifier, mention.kind_hint)


# a city this large outranks a region of the same name in a dateline
_DATELINE_TOWN_MIN = 50_000


def find_dateline(text: str, scan: Callable[[str], list[PlaceMention]],
                  rows_of: Callable[[str], list[Any]], place_of: Callable[[Any], Any]
                  ) -> PlaceMention | None:
    """The dateline's place mention (``scan``: the text scanner; ``rows_of``/``place_of``:
    index look-up of a name key and its rows' places)."""
    off = 0
    match = DATELINE_RE.match(text[:160]) or _OUTLET_DATELINE_RE.match(text[:160]) or \
        _BARE_DATELINE_RE.match(text[:160]) or _AGENCY_DATELINE_RE.match(text[:160])
    if match is None:
        match = _US_DATELINE_RE.search(text[:400])
        if match is not None and not match.group("city").isupper():
            match = None
    if match is None:  # "Follow CBSMIAMI.COM: Facebook  FT LAUDERDALE (CBSMiami) - ...": a
        # web page's leftovers before the dateline, at the start of a later line
        for gap in _LINE_START.finditer(text, 1, 400):
            line = text[gap.end():gap.end() + 160]
            match = _OUTLET_DATELINE_RE.match(line) or _BARE_DATELINE_RE.match(line)
            if match is not None and match.group("city").isupper():
                off = gap.end()
                break
    if match is None or (match.re is _OUTLET_DATELINE_RE and not match.group("city").isupper()):
        return None
    city_start, city_end = off + match.start("city"), off + match.end("city")
    head = scan(text[:off + match.end()])
    mention = next((m for m in head if m.start == city_start), None)
    if mention is None:
        rows = rows_of(name_key(match.group("city")))
        if not rows:
            return None
        places = sorted((place_of(r) for r in rows), key=lambda p: -p.population)
        mention = PlaceMention(start=city_start, end=city_end, text=text[city_start:city_end],
                               candidates=tuple(places), qualifier=None, kind_hint=None)
    if match.re not in (_OUTLET_DATELINE_RE, _BARE_DATELINE_RE, _AGENCY_DATELINE_RE) and \
            _STATE_CODES.get(
            (match.group("region") or "").rstrip(".").strip().lower()):
        return _us_state_first(mention, match.group("region"))
    for other in head:
        if other.start >= city_end and other.candidates and \
                other.candidates[0].kind in ("country", "admin1"):
            return prefer(mention, other.candidates[0])
    towns = [p for p in mention.candidates if p.kind == "city"]
    if towns and (mention.candidates[0].kind == "city" or
                  max(p.population or 0 for p in towns) >= _DATELINE_TOWN_MIN):
        # a dateline names a city: "SUCRE, 3 SEP --" is the city, not a region of that name
        top = max(p.population or 0 for p in mention.candidates)
        written = name_key(mention.text)
        # "ISLAMABAD" is the city of that name, not a bigger one it was once called, unless the
        # namesake is a village beside a metropolis ("BOMBAY" is Mumbai)
        ranked = sorted(mention.candidates, key=lambda p: (
            p.kind != "city", not (name_key(p.name) == written and (p.population or 0) * 10 >= top),
            -(p.population or 0)))
        mention = PlaceMention(mention.start, mention.end, mention.text, tuple(ranked),
                               mention.qualifier, mention.kind_hint)
    return mention
