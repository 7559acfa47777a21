"""Generate a synthetic news corpus for benchmarks: N articles of 2-6 KB as JSON Lines files.

Every article is built from templates written for this project (a dated lead sentence with an
actor, an action, a place and a toll, then attribution, reaction and background paragraphs),
so the coder has real work to do. Deterministic for a given seed.

    python scripts/gen_corpus.py 10000 /tmp/corpus/raw [--per-file 1000] [--seed 7]
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


def article(rng: random.Random, i: int, start: dt.date, min_bytes: int = 2000,
            max_bytes: int = 6000) -> dict[str, object]:
    published = start + dt.timedelta(days=rng.randrange(0, 365))
    place, country = rng.choice(PLACES)
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
    target = rng.randint(min_bytes, max_bytes)
    while sum(len(p) + 2 for p in paras) < target:
        paras.append(rng.choice(BACKGROUND))
    return {"id": f"bench-{i:07d}", "text": "\n\n".join(paras), "published": published.isoformat(),
            "title": title, "source": rng.choice(OUTLETS), "url": None}


def generate(n: int, out_dir: Path, per_file: int = 1000, seed: int = 7, min_bytes: int = 2000,
             max_bytes: int = 6000) -> list[Path]:
    """Write ``n`` articles (``min_bytes``-``max_bytes`` of text) into
    ``out_dir/bench_XXXXX.jsonl`` files; return their paths."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    start = dt.date(2023, 1, 1)
    paths: list[Path] = []
    for first in range(0, n, per_file):
        path = out_dir / f"bench_{first // per_file:05d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(first, min(n, first + per_file)):
                fh.write(json.dumps(article(rng, i, start, min_bytes, max_bytes)) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--per-file", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    paths = generate(args.n, args.out_dir, args.per_file, args.seed)
    log.info("%d articles in %d files under %s", args.n, len(paths), args.out_dir)


if __name__ == "__main__":
    main()
