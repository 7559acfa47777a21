"""Choose the event place among the place mentions, using the gazetteer's candidates."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Protocol

_KIND_RANK = {"city": 3, "admin2": 2, "admin1": 1, "country": 0}
_LOCATIVE = re.compile(r"(?:\b(?:in|near|at|outside|of|on|from|around|into|to|inside|across|"
                       r"within|toward|towards|between)\s+(?:the\s+)?(?:\w+\s+)?$)|\($|,\s*$",
                       re.IGNORECASE)


class PlaceLike(Protocol):
    name: str
    kind: str
    iso3: str
    country: str
    admin1: str | None
    admin1_code: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Loc:
    iso3: str | None
    country: str | None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    kind_rank: int = -1
    start: int = -1

    def same_place(self, other: Loc) -> bool:
        """Compatible places: one unknown, or nested in one another."""
        if self.iso3 is None or other.iso3 is None:
            return True
        if self.iso3 != other.iso3:
            return False
        a, b = self.admin1_code or self.admin1, other.admin1_code or other.admin1
        if a and b and a != b:
            return False
        if self.kind_rank == 3 and other.kind_rank == 3 and self.location != other.location:
            return False
        return True


def loc_from_place(p: Any, qualifier: str | None, kind_hint: str | None, start: int) -> Loc:
    kind = getattr(p, "kind", "city")
    rank = _KIND_RANK.get(kind, 0)
    if kind == "city":
        prec = 2 if qualifier in ("near", "outside") else 1
    elif kind == "admin2":
        prec = 2
    else:
        prec = 3
    if kind_hint in ("region", "province", "district", "state", "department", "county") \
            and kind == "city":
        prec = max(prec, 2)
    lat = getattr(p, "latitude", None)
    lon = getattr(p, "longitude", None)
    return Loc(
        iso3=getattr(p, "iso3", None), country=getattr(p, "country", None),
        admin1=getattr(p, "admin1", None), admin1_code=getattr(p, "admin1_code", None),
        admin2=getattr(p, "admin2", None),
        location=getattr(p, "name", None) if kind != "country" else getattr(p, "country", None),
        latitude=lat, longitude=lon, geo_precision=prec, kind_rank=rank, start=start)


_STREET_AFTER = re.compile(r"\s+(?:avenue|ave|street|st|road|rd|boulevard|blvd|drive|dr|lane|ln|"
                           r"way|court|ct|place|pl|parkway|pkwy|highway|hwy|terrace|circle|"
                           r"house|county jail|high school|school|church|hospital|police)\b",
                           re.IGNORECASE)
_STREET_BEFORE = re.compile(r"\b(?:block of|corner of|intersection of)\s+$", re.IGNORECASE)


def _kind(m: Any) -> str:
    return str(getattr(m.candidates[0], "kind", "city"))


class PlaceChooser:
    """Per-article place context: the article's countries and admin1 regions.

    A city-level name counts as a place only where it is written as one: after a locative word
    ("in", "near", "outside", "at"...), inside "(District, Region)", before ", Region", with a
    kind word ("Kalbajar region"), or in the dateline. Other capitalised words that happen to
    be place names (a person called "David") are ignored.
    """

    def __init__(self, text: str, mentions: list[Any], dateline: Any = None) -> None:
        self.text = text
        self.dateline = dateline
        self.mentions = sorted((m for m in mentions if m.candidates), key=lambda m: m.start)
        self.locative = {id(m): self._is_locative(m) for m in self.mentions}
        iso_votes: Counter[str] = Counter()
        for m in self.mentions:
            if not self.locative[id(m)] and _kind(m) != "country":
                continue
            iso_votes[m.candidates[0].iso3] += 2 if _kind(m) == "country" else 1
        if dateline is not None and dateline.candidates:
            iso_votes[dateline.candidates[0].iso3] += 3
        self.iso_votes = iso_votes
        self.main_iso3 = iso_votes.most_common(1)[0][0] if iso_votes else None

    def _is_locative(self, m: Any) -> bool:
        if _STREET_AFTER.match(self.text[m.end:m.end + 14]) or _STREET_BEFORE.search(
                self.text[max(0, m.start - 12):m.start]):
            return False
        if getattr(m, "qualifier", None) or getattr(m, "kind_hint", None):
            return True
        if self.dateline is not None and m.start == self.dateline.start:
            return True
        before = self.text[max(0, m.start - 25):m.start]
        if _LOCATIVE.search(before):
            return True
        return bool(re.match(r"\s*(?:,\s*[A-Z]|\()", self.text[m.end:m.end + 4]))

    def _pick_candidate(self, m: Any, context_codes: set[str], context_iso: set[str]) -> Any:
        best = None
        best_score = -1e9
        for i, c in enumerate(m.candidates):
            score = -i * 0.5
            code = getattr(c, "admin1_code", None) or getattr(c, "admin1", None)
            if code and code in context_codes:
                score += 4
            if c.iso3 in context_iso:
                score += 2
            if c.iso3 == self.main_iso3:
                score += 3
            score += 0.2 * self.iso_votes.get(c.iso3, 0)
            if score > best_score:
                best, best_score = c, score
        return best

    def in_span(self, start: int, end: int) -> list[Any]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def specific_in_span(self, start: int, end: int) -> bool:
        """A place below country level, written as a place, in text[start:end]."""
        return any(_kind(m) != "country" and self.locative[id(m)]
                   for m in self.in_span(start, end))

    def choose(self, start: int, end: int, anchor: int | None = None) -> Loc | None:
        """The event place within text[start:end]: the most specific place introduced by a
        locative word, resolved consistently with the other places of the span."""
        ms = [m for m in self.in_span(start, end)
              if self.locative[id(m)] or _kind(m) in ("country", "admin1")]
        if not ms:
            return None
        codes: set[str] = set()
        isos: set[str] = set()
        for m in ms:
            c0 = m.candidates[0]
            if _kind(m) in ("admin1", "country") or len(m.candidates) == 1:
                code = getattr(c0, "admin1_code", None) or getattr(c0, "admin1", None)
                if code and _kind(m) != "country":
                    codes.add(code)
                isos.add(c0.iso3)
        locs: list[tuple[float, Loc]] = []
        for m in ms:
            cand = self._pick_candidate(m, codes, isos)
            if cand is None:
                continue
            loc = loc_from_place(cand, getattr(m, "qualifier", None),
                                 getattr(m, "kind_hint", None), m.start)
            score = loc.kind_rank * 2.0
            if self.locative[id(m)]:
                score += 3
            if getattr(m, "qualifier", None) in ("near", "outside", "in"):
                score += 1
            if self.main_iso3 and cand.iso3 != self.main_iso3:
                score -= 2
            if anchor is not None:
                score -= min(abs(m.start - anchor), 400) / 400.0
            locs.append((score, loc))
        if not locs:
            return None
        locs.sort(key=lambda x: -x[0])
        best = locs[0][1]
        # fill admin1 from a region named in the same span when the place lacks one
        if best.admin1 is None:
            for _s, other in locs[1:]:
                if other.iso3 == best.iso3 and other.admin1:
                    best = Loc(**{**best.__dict__, "admin1": other.admin1,
                                  "admin1_code": other.admin1_code})
                    break
        return best

    def article_default(self) -> Loc | None:
        """Fallback place: the dateline, else the first place of the article's main country."""
        if self.dateline is not None and self.dateline.candidates:
            m = self.dateline
            cand = self._pick_candidate(m, set(), set())
            return loc_from_place(cand, None, None, m.start)
        for m in self.mentions:
            if not self.locative[id(m)] and _kind(m) != "country":
                continue
            c = self._pick_candidate(m, set(), set())
            if self.main_iso3 is None or c.iso3 == self.main_iso3:
                return loc_from_place(c, getattr(m, "qualifier", None),
                                      getattr(m, "kind_hint", None), m.start)
        return None
