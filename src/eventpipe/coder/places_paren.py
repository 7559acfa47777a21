"""Places written as "Village (District, Region)": the analysts' way of saying where it happened.

Analysts' notes (and many wire reports) place an event as ``X village (District, Region)``. The
second name is a region (admin1) or a country, the first a district named after its main town,
and the name before the bracket the exact place. This module resolves the three consistently:

* the second name's region or country candidates go first (never "Bari, Italy" for the Somali
  region in "(Bossaso, Bari)");
* a district or place name that the gazetteer lacks in that spelling is looked up inside that
  region only, through a loose romanisation key (Somali "x" = "h", "c" = the ayn sound that
  English spellings drop, "dh"/"d"/"t" and "q"/"k" alternate, vowels vary): "Kismaayo" finds
  "Kismayo", "Belet Xaawo" finds "Beled Hawo" -- but only among the places of that region, so a
  loose key never jumps across the map;
* a district name that is an admin2 unit of the gazetteer is placed at its most populous place.
"""

from __future__ import annotations

import re
from typing import Protocol

from eventpipe.coder.places_index import GazetteerData
from eventpipe.coder.places_text import name_key
from eventpipe.coder.places_types import Place, PlaceMention

PAREN_RE = re.compile(r"\(\s*([^(),;\n]{2,40}?)\s*,\s*([^(),;\n]{2,40}?)\s*\)")
_PAREN1_RE = re.compile(r"\(\s*([^(),;\n]{2,40}?)\s*\)")
# "Laag village (", "Gendershe area (", "Doolow town (": the place written before the bracket.
_BEFORE_RE = re.compile(
    r"((?:[A-Z][\w'’-]*|al|el)(?:[ -](?:[A-Z][\w'’-]*|al|el|de|la)){0,3})"
    r"(?:\s+(?:village|town|city|area|settlement|district|camp|neighbou?rhood|locality|"
    r"municipality|commune|county|department|township|woreda|upazila|parish|sub-county))?\s*$")
_LOOSE_SUBS = (("dh", "d"), ("kh", "h"), ("x", "h"), ("q", "k"), ("c", ""), ("d", "t"),
               ("ph", "f"))
_VOWELS_RE = re.compile(r"(?<=.)[aeiouyw]")
_REPEAT_RE = re.compile(r"(.)\1+")
MIN_LOOSE_LETTERS = 2  # only ever compared within one region
_QUALIFIER_RE = re.compile(r"\b(near|outskirts of|outside|vicinity of|around|close to)\s+"
                           r"(?:the\s+)?$", re.IGNORECASE)


class _PlaceSource(Protocol):
    def place(self, row_id: int) -> Place: ...


def loose_key(name: str) -> str:
    """A romanisation-tolerant key: consonant skeleton after folding common alternations."""
    parts = []
    for word in name_key(name).split():
        for old, new in _LOOSE_SUBS:
            word = word.replace(old, new)
        parts.append(word)
    return _REPEAT_RE.sub(r"\1", _VOWELS_RE.sub("", "".join(parts)))


class RegionIndex:
    """Per (country code, admin1 code): loose keys of its places and of its admin2 units.

    The gazetteer build groups rows by region (``GazetteerData.region_rows``); a region's loose
    keys are computed the first time a text names that region."""

    def __init__(self, data: GazetteerData, places: _PlaceSource) -> None:
        self._data = data
        self._places = places
        self._rows: dict[tuple[str, str], list[int]] | None = None
        self._tables: dict[tuple[str, str], dict[str, list[int]]] = {}
        self._codes: dict[tuple[str, str | None], tuple[str, str]] = {}

    def _group_rows(self) -> dict[tuple[str, str], list[int]]:
        self._codes = {(self._data.cc_to_iso3.get(cc, ""), info[0]): (cc, code)
                       for (cc, code), info in self._data.admin1_info.items()}
        return self._data.region_rows

    def _table(self, where: tuple[str, str]) -> dict[str, list[int]]:
        table = self._tables.get(where)
        if table is not None:
            return table
        assert self._rows is not None
        table = {}
        rows = self._data.rows
        admin2_best: dict[str, int] = {}
        for row_id in self._rows.get(where, ()):
            row = rows[row_id]
            for name in self._data.alt_keys.get(row_id, (row[0],)):
                key = loose_key(name)
                if len(key) >= MIN_LOOSE_LETTERS and row_id not in table.get(key, ()):
                    table.setdefault(key, []).append(row_id)
            admin2 = row[8]
            if admin2 and (admin2 not in admin2_best or row[6] > rows[admin2_best[admin2]][6]):
                admin2_best[admin2] = row_id
        for admin2, row_id in admin2_best.items():
            key = loose_key(admin2.removesuffix(" District").removesuffix(" County"))
            if len(key) >= MIN_LOOSE_LETTERS and row_id not in table.get(key, ()):
                table.setdefault(key, []).append(row_id)
        self._tables[where] = table
        return table

    def find(self, region: Place, name: str) -> list[Place]:
        """Places of ``region`` (an admin1 Place) whose loose key equals that of ``name``."""
        if self._rows is None:
            self._rows = self._group_rows()
        key = loose_key(name)
        where = self._codes.get((region.iso3, region.admin1))
        if len(key) < MIN_LOOSE_LETTERS or where is None:
            return []
        rows = self._table(where).get(key, [])
        return sorted((self._places.place(r) for r in rows), key=lambda p: -p.population)


def _at(mentions: list[PlaceMention], start: int, end: int) -> PlaceMention | None:
    for m in mentions:
        if m.start == start and m.end == end:
            return m
    return None


def _regions_first(m: PlaceMention, inner: list[PlaceMention]) -> PlaceMention:
    """Region and country readings of the bracket's last name first; among them, the one that
    holds a reading of the district or of the place before the bracket ("Bamenda (Mezam,
    North-West)" is Cameroon's North-West, not the most populous region of that name)."""
    big = [p for p in m.candidates if p.kind in ("admin1", "country")]
    holds = [r for r in big if any(_inside(p, r) for i in inner for p in i.candidates)]
    if holds:
        big = holds + [r for r in big if r not in holds]
    if not big or big[0] is m.candidates[0]:
        return m
    rest = [p for p in m.candidates if p not in big]
    return PlaceMention(m.start, m.end, m.text, tuple(big + rest), m.qualifier, m.kind_hint)


def _inside(p: Place, region: Place) -> bool:
    return p is not region and p.iso3 == region.iso3 and (
        region.kind == "country" or p.admin1 == region.admin1)


def _with_region(m: PlaceMention | None, found: list[Place], start: int, end: int, text: str,
                 region: Place, hint: str | None, qualifier: str | None) -> PlaceMention | None:
    """The mention at [start, end) with candidates inside ``region`` first (or a new one)."""
    if m is not None:
        inside = [p for p in m.candidates if p.iso3 == region.iso3 and
                  (region.kind == "country" or p.admin1 == region.admin1)]
        if inside:
            if hint is None or m.kind_hint is not None:
                return m
            return PlaceMention(m.start, m.end, m.text, m.candidates, m.qualifier, hint)
        if not found:
            return m
        return PlaceMention(m.start, m.end, m.text, tuple(found) + m.candidates,
                            m.qualifier or qualifier, m.kind_hint or hint)
    if not found:
        return None
    return PlaceMention(start, end, text[start:end], tuple(found), qualifier, hint)


def apply_parens(text: str, mentions: list[PlaceMention], regions: RegionIndex
                 ) -> list[PlaceMention]:
    """Resolve every "(District, Region)" group of ``text`` (see the module docstring)."""
    if "(" not in text:
        return mentions
    out = list(mentions)
    groups = [*PAREN_RE.finditer(text), *_PAREN1_RE.finditer(text)]
    for match in groups:
        single = match.re is _PAREN1_RE  # "Hays (Al Hudaydah)": the region alone
        r_start, r_end = match.span(1 if single else 2)
        reg_m = _at(out, r_start, r_end)
        if reg_m is None:
            continue
        before = _BEFORE_RE.search(text, max(0, match.start() - 60), match.start())
        d_start, d_end = (-1, -1) if single else match.span(1)
        inner = [m for m in out if (m.start, m.end) == (d_start, d_end) or (
            before is not None and (m.start, m.end) == before.span(1))]
        if single and not any(p.kind in ("admin1", "country") for p in reg_m.candidates):
            continue  # "(Bosaso)": a town's bracket is read as a place where it stands
        reg_m = _regions_first(reg_m, inner)
        out = [reg_m if m.start == r_start and m.end == r_end else m for m in out]
        region = reg_m.candidates[0]
        if region.kind not in ("admin1", "country"):
            continue
        if not single:
            out = _drop_partial(out, d_start, d_end, region)
            dist_m = _at(out, d_start, d_end)
            found = regions.find(region, match.group(1)) if region.kind == "admin1" else []
            new = _with_region(dist_m, found, d_start, d_end, text, region, "district", None)
            if new is not None and all(p.iso3 != region.iso3 for p in new.candidates):
                # "(North Western, Tigray)": a district the gazetteer lacks, not Zambia's region
                out = [m for m in out if m is not new]
            else:
                out = _replace(out, dist_m, new)
        if before is None or region.kind != "admin1":
            continue
        b_start, b_end = before.span(1)
        out = _drop_partial(out, b_start, b_end, region)
        here = _at(out, b_start, b_end)
        if here is None and any(m.start < b_end and b_start < m.end for m in out):
            continue
        qual = _QUALIFIER_RE.search(text, max(0, b_start - 20), b_start)
        found = regions.find(region, before.group(1))
        new = _with_region(here, found, b_start, b_end, text, region, None,
                           "near" if qual else "in")
        if new is not None and all(p.iso3 != region.iso3 for p in new.candidates):
            # "Liwa (Fouli department, Lac)": a village the gazetteer lacks, not Oman's Liwa:
            # somewhere in the region
            new = PlaceMention(b_start, b_end, text[b_start:b_end], (region,),
                               "near" if qual else "in", None)
        out = _replace(out, here, new)
    return sorted(out, key=lambda m: m.start)


def _drop_partial(out: list[PlaceMention], start: int, end: int,
                  region: Place) -> list[PlaceMention]:
    """Drop a foreign name inside the district slot ("Adan" of "Adan Yabaal" is not Aden)."""
    return [m for m in out
            if not (start <= m.start and m.end <= end and (m.start, m.end) != (start, end)
                    and all(p.iso3 != region.iso3 for p in m.candidates))]


def _replace(out: list[PlaceMention], old: PlaceMention | None,
             new: PlaceMention | None) -> list[PlaceMention]:
    if new is None or new is old:
        return out
    if old is None:
        return [*out, new]
    return [new if m is old else m for m in out]
