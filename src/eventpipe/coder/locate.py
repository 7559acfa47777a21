"""Choose the event place among the place mentions, using the gazetteer's candidates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Protocol

from eventpipe.coder import locate_us
from eventpipe.coder.locate_cues import (
    _ACRONYM_CONTEXT,
    _ATTRIBUTE_AFTER,
    _HAMLET_POPULATION,
    _HOMONYM_MAX_POPULATION,
    _JURISDICTION_AFTER,
    _LOCATIVE,
    _PLACE_CHAIN,
    _county,
    _kind,
    _major_city,
    _region_code,
    across_border,
    country_only_town,
    country_votes,
    foreign_quarter,
    home_mentions,
    named_units,
    office_of,
    one_country_region,
    partial_names,
    place_written_after,
    quarter_of_city_abroad,
    state_after_town,
    street_or_road,
    town_region_votes,
    town_written_as_one,
    unit_in_brackets,
)
from eventpipe.coder.locate_us import article_home, home_state, in_dateline_state, state_written
from eventpipe.coder.news_region import US_ISO3, US_MIN_CUES
from eventpipe.coder.places_kinds import as_written
from eventpipe.coder.places_text import ascii_name
from eventpipe.coder.prefilter import TextIndex

_KIND_RANK = {"city": 3, "admin2": 2, "admin1": 1, "country": 0}


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
    cued: bool = False  # a town written as one, or beside its region (not a bare namesake)

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
        location=ascii_name(getattr(p, "name", None) if kind != "country"
                            else getattr(p, "country", None)),
        latitude=lat, longitude=lon, geo_precision=prec, kind_rank=rank, start=start)


class PlaceChooser:
    """Per-article place context: the article's countries and admin1 regions. A city-level
    name counts as a place only where it is written as one: after a locative word ("in",
    "near", "at"...), inside "(District, Region)", before ", Region", with a kind word
    ("Kalbajar region"), or in the dateline; "David" the person is no place."""

    def __init__(self, text: str, mentions: list[Any], dateline: Any = None,
                 index: TextIndex | None = None, actor_isos: list[str] | None = None,
                 outlet: Any = None) -> None:
        self.text = text
        self.dateline = dateline
        us_cues = locate_us.us_local_cues(text, index, dateline)
        self.us_news = us_cues >= US_MIN_CUES
        self.mentions = as_written(text, state_after_town(text, sorted(
            partial_names(mentions, dateline), key=lambda m: m.start)))
        if self.us_news:  # "a northeast Georgia man": the state
            self.mentions = locate_us.us_state_first(self.mentions)
        units = named_units(text, self.mentions)  # "the Medellin Cartel": its country only
        units |= {id(m) for m in self.mentions if country_only_town(text, m.start, m.end)}
        self.home = units | home_mentions(text, self.mentions)
        self.agency = {id(m) for m in self.mentions if _JURISDICTION_AFTER.match(
            text, m.end) and _kind(m) in ("city", "admin2")}
        self.locative = {id(m): self._is_locative(m) for m in self.mentions}
        iso_votes = country_votes(text, self.mentions, self.locative, units)
        if dateline is not None and dateline.candidates:
            iso_votes[dateline.candidates[0].iso3] += 3.0
        for iso in set(actor_isos or ()):  # "Palestinian gunmen": a hint, not a place
            iso_votes[iso] += 2.0
        if us_cues >= US_MIN_CUES:
            iso_votes[US_ISO3] += 2.0 + us_cues  # US local-news conventions: the US homonym
        self.iso_votes = iso_votes
        self.main_iso3 = max(iso_votes, key=iso_votes.__getitem__) if iso_votes else None
        # countries the article names outright (or its dateline's): a small place of another,
        # unnamed country is a homonym ("Kot" in "Banduk, Kot, Nangarhar, Afghanistan")
        self.named_isos = {m.candidates[0].iso3 for m in self.mentions if _kind(m) == "country"}
        if dateline is not None and dateline.candidates:
            self.named_isos.add(dateline.candidates[0].iso3)
        if us_cues >= US_MIN_CUES:
            self.named_isos.add(US_ISO3)
        if not self.named_isos:  # else a region of an unnamed country is a homonym ("Litoral")
            self.named_isos = {m.candidates[0].iso3 for m in self.mentions
                               if _kind(m) == "admin1" and self.locative[id(m)]}
        self.country_isos = {m.candidates[0].iso3 for m in self.mentions if _kind(m) == "country"}
        self.region_codes = self._article_regions()
        self.town_regions = town_region_votes(self.mentions, self.locative, self.main_iso3)
        # where the report is filed from: its dateline, else a local outlet's home city
        self._dateline_key, self.dateline_code, self.dateline_loc = \
            article_home(dateline, outlet if self.us_news else None)

    def _article_regions(self) -> set[str]:
        """admin1 regions of the main country the article names (states, dateline state)."""
        codes: set[str] = set()
        heads = [m for m in self.mentions if _kind(m) == "admin1" or _county(m) and len(
            {_region_code(c) for c in m.candidates}) == 1]  # (not one of many Pike Counties)
        if self.dateline is not None and self.dateline.candidates:
            heads.append(self.dateline)
        for m in heads:
            c = m.candidates[0]
            code = _region_code(c)
            if code and (self.main_iso3 is None or c.iso3 == self.main_iso3):
                codes.add(code)
        return codes

    def _is_locative(self, m: Any) -> bool:
        if street_or_road(self.text, m.start, m.end) or across_border(self.text, m):
            return False
        if _kind(m) not in ("admin1", "country") and unit_in_brackets(self.text, m.start, m.end):
            return False  # "security forces (NISA)": a unit's name in brackets, not a place
        if m.text.isupper() and len(m.text) >= 3 and _kind(m) == "city" and \
                _ACRONYM_CONTEXT.search(self.text[max(0, m.start - 30):m.start]) and \
                any(ch.islower() for ch in self.text[max(0, m.start - 30):m.end + 30]):
            return False  # "(NISA and SNA)": an acronym among lower-case text
        if id(m) in self.home:
            return False
        if _kind(m) == "country" and "." in m.text and _ATTRIBUTE_AFTER.match(
                self.text, m.end):
            return False  # "U.S. diplomats", "U.N. observers": an attribute, not a place
        if id(m) in self.agency:
            return True
        if getattr(m, "qualifier", None) or getattr(m, "kind_hint", None):
            return True
        if self.dateline is not None and m.start == self.dateline.start:
            return True
        before = self.text[max(0, m.start - 25):m.start]
        if _LOCATIVE.search(before):
            if before.rstrip().endswith(","):
                # "Baidoa, Bay": only a place right after another place
                return any(o.end <= m.start and not self.text[o.end:m.start].strip(", ")
                           for o in self.mentions if o is not m) or bool(
                    _PLACE_CHAIN.search(self.text, max(0, m.start - 80), m.start))
            return True
        return place_written_after(self.text, m.start, m.end)

    def _pick_candidate(self, m: Any, context_codes: set[str], context_iso: set[str]) -> Any:
        if state_written(self.text, m):
            return m.candidates[0]
        best, best_score = None, -1e9
        major = None if self.us_news else _major_city(m, self.main_iso3)
        for i, c in enumerate(m.candidates):
            score = -(min(i, 3) if self.us_news else i) * 0.5  # (a tenth Pike County is as likely)
            if c is major:
                score += 6  # a metropolis, not a hamlet of the same name in the dateline's country
            if i == 0 and getattr(c, "kind", "") == "country":
                score += 6  # "in Mexico" is the country, not a town of that name
            code = _region_code(c)
            if code and code in context_codes:
                score += 4
            elif code and code in self.region_codes:
                score += 2.5
            if code and c.iso3 == self.main_iso3:
                score += min(2.0, 1.0 * self.town_regions.get(code, 0))
            if code and code == self.dateline_code:
                score += 2  # the state or province the report is filed from
            if c.iso3 in context_iso:
                score += 2
            if c.iso3 == self.main_iso3:
                score += 3
            if self._dateline_key is not None and m.text.lower() == self._dateline_key[0] \
                    and (c.name, c.iso3, c.admin1) == self._dateline_key[1:]:
                score += 4  # the city the report is filed from, as the dateline resolved it
            score += 0.2 * self.iso_votes.get(c.iso3, 0)
            if score > best_score:
                best, best_score = c, score
        return best

    def _head(self, m: Any) -> Any:
        """The candidate a region name stands for before its sentence is read: its only
        country's, else the article's reading ("Punjab province" in a report from Islamabad is
        Pakistan's Punjab, not India's)."""
        c0 = m.candidates[0]
        if self.us_news or all(c.iso3 == c0.iso3 for c in m.candidates):
            return c0
        return self._pick_candidate(m, set(), set()) or c0

    def _in_main_country(self, m: Any) -> bool:
        return (self.main_iso3 is None or any(c.iso3 == self.main_iso3 for c in m.candidates)) \
            and not across_border(self.text, m)

    def in_span(self, start: int, end: int) -> list[Any]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def specific_in_span(self, start: int, end: int) -> bool:
        """A place below country level, written as a place, in text[start:end] (the dateline
        names where the report was filed, not a place of the sentence)."""
        dl = self.dateline
        if dl is not None and start <= dl.start < end:
            start = max(start, dl.end)
        return any(_kind(m) != "country" and self.locative[id(m)]
                   for m in self.in_span(start, end))

    def choose(self, start: int, end: int, anchor: int | None = None) -> Loc | None:
        """The event place within text[start:end]: the most specific place introduced by a
        locative word, resolved consistently with the other places of the span."""
        ms = [m for m in self.in_span(start, end)
              if self.locative[id(m)] or (_kind(m) in ("country", "admin1") and id(m) not in
                                          self.home and self._in_main_country(m))]
        if not ms:
            return None
        codes: set[str] = set()
        isos: set[str] = set()
        heads = {id(m): self._head(m) for m in ms}
        for m in ms:
            c0 = heads[id(m)]
            if _kind(m) in ("admin1", "country") or len(m.candidates) == 1:
                code = _region_code(c0)
                if code and _kind(m) != "country":
                    codes.add(code)
                isos.add(c0.iso3)
        region_isos = {heads[id(m)].iso3 for m in ms
                       if _kind(m) in ("admin1", "country") and self.locative[id(m)]}
        region_codes = {getattr(heads[id(m)], "admin1_code", None)
                        or getattr(heads[id(m)], "admin1", None)
                        for m in ms if _kind(m) == "admin1" and self.locative[id(m)]}
        locs: list[tuple[float, Loc]] = []
        abroad = self._reported_abroad(ms, codes, isos)
        other_town = not self.us_news and any(_kind(x) == "city" and not self.in_dateline(x)
                                              for x in ms)
        home = home_state(self, ms, heads) if self.us_news else None  # local news: the state
        for m in ms:
            cand = self._pick_candidate(m, codes, isos)
            if cand is None:
                continue
            if self.named_isos and cand.iso3 not in self.named_isos and \
                    cand.iso3 != self.main_iso3 and not one_country_region(m) and (
                    getattr(cand, "kind", "") == "admin1"
                    or getattr(cand, "population", 0) < _HOMONYM_MAX_POPULATION):
                continue
            if not self.named_isos and self.main_iso3 and cand.iso3 != self.main_iso3 and \
                    getattr(cand, "population", 0) < _HAMLET_POPULATION and \
                    self.iso_votes.get(cand.iso3, 0) < self.iso_votes[self.main_iso3]:
                continue  # a hamlet abroad ("Seno" in Spain for Burkina's Seno province)
            if self.us_news and cand.iso3 != US_ISO3 and cand.iso3 not in self.country_isos:
                continue  # local US news: a foreign homonym of a town the gazetteer lacks
            if foreign_quarter(self.text, m, cand, self.dateline, self.country_isos) or \
                    quarter_of_city_abroad(self.text, m, cand, ms):
                continue  # "the Pilsen area" in a report from Chicago: a neighbourhood
            loc = loc_from_place(cand, getattr(m, "qualifier", None),
                                 getattr(m, "kind_hint", None), m.start)
            score = loc.kind_rank * 2.0
            if self.locative[id(m)]:
                score += 3
            if getattr(m, "qualifier", None) in ("near", "outside", "in"):
                score += 1
            score += 1 if id(m) in self.agency else -4 if office_of(self.text, m) else 0
            if self.main_iso3 and cand.iso3 != self.main_iso3:
                score -= 2
            if region_isos and cand.iso3 not in region_isos:
                score -= 5  # a region or country of the sentence says where: not abroad
            elif loc.kind_rank == 3 and region_codes and \
                    (loc.admin1_code or loc.admin1) not in region_codes:
                score -= 3  # a town outside the region the sentence names is a side mention
            elif home and loc.kind_rank >= 2 and (loc.admin1_code or loc.admin1) != home and \
                    not state_written(self.text, m):
                score -= 3  # local news: a homonym outside the dateline's (police's) state
            if abroad and self.in_dateline(m):
                score -= 6  # filed from abroad: the dateline is where the report was written
            elif other_town and self.in_dateline(m):
                score -= 1  # a town the sentence names beats the dateline's
            if anchor is not None:
                score -= min(abs(m.start - anchor), 400) / 400.0
            if loc.kind_rank == 3 and not self.us_news and town_written_as_one(self.text, m):
                loc = replace(loc, cued=True)  # (not in US local news: namesakes)
            locs.append((score, loc))
        if not locs:
            return None
        locs.sort(key=lambda x: -x[0])
        best = in_dateline_state(self, locs[0][1], region_codes)
        if best.kind_rank == 3 and (best.admin1_code or best.admin1) in region_codes:
            best = replace(best, cued=True)  # "in Keffi, Nasarawa"
        # fill admin1 from a region named in the same span when the place lacks one
        if best.admin1 is None:
            for _s, other in locs[1:]:
                if other.iso3 == best.iso3 and other.admin1:
                    best = replace(best, admin1=other.admin1, admin1_code=other.admin1_code)
                    break
        if best.kind_rank in (0, 1) and best.start > 0 and _PLACE_CHAIN.search(
                self.text, max(0, best.start - 80), best.start):
            # "in Latai, Sari Pul": a named village the gazetteer lacks, placed at its region
            # (coordinates and precision stay the region's), still a concrete named place
            best = replace(best, kind_rank=2)
        return best

    def in_dateline(self, m: Any) -> bool:
        """The dateline's city, or the country written beside it ("CITY (COUNTRY), ")."""
        dl = self.dateline
        if dl is None:
            return False
        return m.start == dl.start or (m.start >= dl.end and m.start - dl.end <= 3
                                       and not self.text[dl.end:m.start].strip(" ,("))

    def _reported_abroad(self, ms: list[Any], codes: set[str], isos: set[str]) -> bool:
        """The span names, as a place, a country other than the dateline's, or a region of
        its country that is not the dateline's ("NEW DELHI, ... -- ... near a village of the
        state of Jammu and Kashmir")."""
        dl = self.dateline
        if dl is None or not dl.candidates or self.us_news:
            return False
        home = dl.candidates[0].iso3
        for m in ms:
            if self.in_dateline(m) or not self.locative[id(m)] or id(m) in self.home:
                continue
            cand = self._pick_candidate(m, codes, isos)
            if cand is None:
                continue
            if cand.iso3 != home:
                return True
            code = getattr(cand, "admin1_code", None) or getattr(cand, "admin1", None)
            if getattr(cand, "kind", "") == "admin1" and self.dateline_code and code and \
                    code != self.dateline_code:
                return True
        return False

    def article_default(self) -> Loc | None:
        """Fallback place: the dateline, else the first place of the article's main country,
        else (or instead of its country alone) a local outlet's city, as a place near it."""
        if self.dateline is not None and self.dateline.candidates:
            m = self.dateline
            cand = self._pick_candidate(m, set(), set())
            return loc_from_place(cand, None, None, m.start)
        home = self.dateline_loc  # here: a local outlet's home, if any
        for m in self.mentions:
            if not self.locative[id(m)] and _kind(m) != "country":
                continue
            c = self._pick_candidate(m, set(), set())
            if self.main_iso3 is None or c.iso3 == self.main_iso3:
                if home is not None and _kind(m) == "country" and c.iso3 == home.iso3:
                    break
                return loc_from_place(c, getattr(m, "qualifier", None),
                                      getattr(m, "kind_hint", None), m.start)
        return None if home is None else replace(home, geo_precision=2)
