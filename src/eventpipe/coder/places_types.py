"""The two value types of the gazetteer API (re-exported by ``eventpipe.coder.places``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # 'city' | 'admin2' | 'admin1' | 'country'
    iso3: str
    country: str
    admin1: str | None
    admin1_code: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int
    geonameid: int | None = None


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str  # == source[start:end]
    candidates: tuple[Place, ...]  # best first, never empty
    qualifier: str | None  # 'near' | 'outside' | 'in' | None
    kind_hint: str | None  # 'district' | 'region' | 'province' | 'state' | 'county' | ...
    partial: bool = False  # the head of a longer name ("San Luis" of "San Luis de la Montana")
