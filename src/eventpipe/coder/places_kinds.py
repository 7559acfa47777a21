"""Place names read as the text writes them: with a region word, or before their country.

"Cordoba department" is Colombia's department, not Argentina's province; "Bolivar state" is
Venezuela's, "Bolivar department" Colombia's; "Punjab province" is Pakistan's, "Punjab state"
India's. The word a report writes beside a region's name is evidence for the country whose
regions carry that name. The kinds come from ISO 3166-2 (the subdivision types of the
``pycountry`` package), read once, on first use. A name written before its country ("Sitra,
Central governorate, Bahrain") is read in that country.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from .locate_cues import _kind

# the region word right after a name ("Cordoba department", "Kano State") or before it ("the
# department of Cordoba", "the province of Punjab")
_AFTER = re.compile(r"\s+(departments?|provinces?|states?|governorates?|oblasts?|regions?|"
                    r"counties|county)\b", re.IGNORECASE)
_BEFORE = re.compile(r"\b(department|province|state|governorate|oblast|region|county)"
                     r"\s+of\s+(?:the\s+)?$", re.IGNORECASE)

# ISO's word for the same kind of region as the word a report writes
_SAME_KIND = {"governorate": "province", "oblast": "region", "counties": "county"}


def region_word(text: str, start: int, end: int) -> str | None:
    """The region word written with the name at ``text[start:end]``, singular and lower-case,
    or None."""
    m = _AFTER.match(text, end)
    if m is None:
        m = _BEFORE.search(text, max(0, start - 30), start)
    if m is None:
        return None
    word = m.group(1).lower()
    if word != "counties" and word.endswith("s"):
        word = word[:-1]
    return _SAME_KIND.get(word, word)


@lru_cache(maxsize=1)
def _kinds_by_country() -> dict[str, frozenset[str]]:
    import pycountry  # ~0.1 s to read; only articles that write a region word need it

    found: dict[str, set[str]] = {}
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.country_code not in alpha3:
            continue
        kind = sub.type.lower()
        words = found.setdefault(alpha3[sub.country_code], set())
        words.add(_SAME_KIND.get(kind, kind))
        last = kind.rsplit(" ", 1)[-1]
        if not kind.startswith(("capital", "outlying", "special")):  # "regional state": a state
            words.add(_SAME_KIND.get(last, last))
    return {iso: frozenset(words) for iso, words in found.items()}


def calls_regions(iso3: str, word: str) -> bool:
    """True when ``word`` ("department", "state") is what ISO 3166-2 calls the first-level
    regions of the country ``iso3``."""
    return word in _kinds_by_country().get(iso3, frozenset())


_THEN_COUNTRY = re.compile(r"(?:\s+[A-Za-z]+)?\s*,\s*")


def as_written(text: str, mentions: list[Any]) -> list[Any]:
    """The mentions, each region name that several countries have read first as the region of
    the country whose regions carry the word written with it ("Bolivar state": Venezuela's).
    A name written before its country ("Sitra, Central governorate, Bahrain") is read in that
    country first; with no reading there, it is a place the gazetteer lacks and is left out."""
    out = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and _kind(nxt) == "country" and _kind(m) != "country" and \
                _THEN_COUNTRY.fullmatch(text, m.end, nxt.start):
            iso = nxt.candidates[0].iso3
            there = tuple(c for c in m.candidates if c.iso3 == iso)
            if there:
                out.append(replace(m, candidates=there + tuple(
                    c for c in m.candidates if c.iso3 != iso)))
            continue
        regions = [c for c in m.candidates if getattr(c, "kind", "") == "admin1"]
        if len({c.iso3 for c in regions}) > 1:
            word = region_word(text, m.start, m.end)
            fits = [c for c in regions if word is not None and calls_regions(c.iso3, word)]
            if fits and len(fits) < len(regions) and fits[0] is not m.candidates[0]:
                rest = tuple(c for c in m.candidates if all(c is not f for f in fits))
                m = replace(m, candidates=tuple(fits) + rest)
        out.append(m)
    return out

