"""Merge benchmark: synthetic mentions (10k and 100k by default) through merge_mentions.

Usage: python scripts/bench_merge.py [--sizes 10000 100000] [--seed 7]
Prints the wall time of each merge; the merge compares a mention only with the events of its
blocking keys (country and neighbouring days), so the time grows near-linearly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import time

from eventpipe.merge import merge_mentions
from eventpipe.schema import get_schema

log = logging.getLogger("bench_merge")
COUNTRIES = ["SOM", "NGA", "UKR", "MEX", "ARM", "SDN", "COD", "MLI", "SYR", "YEM"]
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests"]


def synthetic(n: int, seed: int) -> list[dict[str, object]]:
    """``n`` mentions of about n/3 events over one year: 10 countries x 20 admin1 x 5 places."""
    rng = random.Random(seed)
    events = max(1, n // 3)
    start = dt.date(2024, 1, 1)
    proto = []
    for _ in range(events):
        iso3 = rng.choice(COUNTRIES)
        adm, loc = rng.randrange(20), rng.randrange(5)
        proto.append(dict(
            iso3=iso3, admin1_code=f"{iso3}-{adm}", admin1=f"Region {adm}",
            location=f"Town {adm}-{loc}", latitude=float(adm), longitude=float(loc),
            event_date=start + dt.timedelta(days=rng.randrange(365)), time_precision=1,
            event_type=rng.choice(TYPES), sub_event_type=None, actor1=None, actor2=None))
    rows = []
    for i in range(n):
        ev = rng.choice(proto)
        killed = rng.choice([None, 1, 2, 3, 5, 8, 12])
        pub = ev["event_date"] + dt.timedelta(days=rng.randrange(3))  # type: ignore[operator]
        rows.append(dict(
            ev, mention_id=f"m{i:07d}", article_id=f"a{i:07d}", char_start=0,
            modality="asserted", claimant=rng.choice([None, "police", "residents"]),
            killed_low=killed, killed_best=killed, killed_high=killed, fatalities=killed or 0,
            published=pub, syndication_group=None, article_source=f"Outlet {i % 40}",
            source=f"Outlet {i % 40}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    columns = get_schema().table("events").names
    for n in args.sizes:
        rows = synthetic(n, args.seed)
        t0 = time.perf_counter()
        result = merge_mentions(rows, event_columns=columns)
        seconds = time.perf_counter() - t0
        print(f"{n:>8} mentions -> {len(result.events):>7} events in {seconds:7.2f} s "
              f"({n / seconds:,.0f} mentions/s)")


if __name__ == "__main__":
    main()
