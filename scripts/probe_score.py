"""Score the coder on the probe sets: short texts written for eventpipe (tests/probes/*.json),
each with the fields a careful coder records. A measure of how the coder does on wording and
places the development files do not hold; not a test (its misses are the coder's open gaps).

usage: python scripts/probe_score.py [--verbose] [FILE.json ...]

A case's ``expect`` maps record fields to a value or a list of accepted values (null in a list
accepts a missing value; ``"event_type": null`` expects no real event at all). Strings compare
without case, accents or punctuation; dates as YYYY-MM-DD. The record
scored is the first real one (asserted or alleged, with an event type) whose event_type is
accepted, else the first real one.

A case of a whole article may instead give ``events``, a list of such expectations, and
``n_real``, the number of real events the article reports. Each expected event is scored
against its own record: in turn, the unused real record that agrees with it on the most fields.
The case is fully right when every expected event is and the article has ``n_real`` real
events; the ``n_real`` line of the report counts the articles whose number is right, and the
``no-event with events`` line the articles that report no event (``n_real`` 0) but get at least
one real record: the false-positive rate of the set, lower is better.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventpipe.coder import Article, code_article, load_resources  # noqa: E402
from eventpipe.coder.places_text import name_key  # noqa: E402


def _fold(value: Any) -> Any:
    if isinstance(value, dt.date):
        value = value.isoformat()  # a record's date against the case's "YYYY-MM-DD"
    return name_key(value) if isinstance(value, str) else value


def _accepted(got: Any, want: Any) -> bool:
    options = want if isinstance(want, list) else [want]
    return _fold(got) in {_fold(o) for o in options}


def _pick(records: list[dict[str, Any]], expect: dict[str, Any]) -> dict[str, Any] | None:
    real = _real(records)
    if "event_type" in expect:
        typed = [r for r in real if _accepted(r["event_type"], expect["event_type"])]
        real = typed or real
    return real[0] if real else None


def _real(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r.get("event_type") and r.get("modality") in
            ("asserted", "alleged")]


def _agree(rec: dict[str, Any], expect: dict[str, Any]) -> int:
    return sum(_accepted(rec.get(field), want) for field, want in expect.items())


def _check(rec: dict[str, Any] | None, expect: dict[str, Any], right: Counter[str],
           seen: Counter[str], tag: str = "") -> list[str]:
    misses = []
    for field, want in expect.items():
        seen[field] += 1
        got = None if rec is None else rec.get(field)
        if (rec is not None or field == "event_type") and _accepted(got, want):
            right[field] += 1
        else:
            misses.append(f"{tag}{field}: want {want!r}, got "
                          f"{'no record' if rec is None else repr(got)}")
    return misses


def _article_misses(records: list[dict[str, Any]], case: dict[str, Any], right: Counter[str],
                    seen: Counter[str]) -> list[str]:
    """Misses of a whole-article case: each expected event against its best unused record."""
    free = _real(records)
    misses = []
    for i, expect in enumerate(case["events"]):
        rec = max(free, key=lambda r: _agree(r, expect), default=None)
        if rec is not None:
            free.remove(rec)
        misses += _check(rec, expect, right, seen, f"event {i + 1} ")
    seen["n_real"] += 1
    n = len(_real(records))
    if case["n_real"] == 0:  # an article that reports no event: any real record is invented
        seen["no-event with events"] += 1
        right["no-event with events"] += n > 0
    if n == case["n_real"]:
        right["n_real"] += 1
    else:
        misses.append(f"n_real: want {case['n_real']}, got {n}")
    return misses


def score(path: Path, res: Any, verbose: bool) -> tuple[int, int]:
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    full = 0
    for case in cases:
        art = Article(article_id=case["id"], text=case["text"],
                      published=dt.date.fromisoformat(case["published"]),
                      source=case.get("source"))
        records = code_article(art, res)
        if "events" in case:
            misses = _article_misses(records, case, right, seen)
        else:
            misses = _check(_pick(records, case["expect"]), case["expect"], right, seen)
        full += not misses
        if misses and verbose:
            print(f"{case['id']}: " + "; ".join(misses))
            print(f"    {case['text']}")
    print(f"{path.name}: {full}/{len(cases)} cases fully right")
    for field in seen:
        share = right[field] / seen[field]
        print(f"  {field:15s} {right[field]:3d}/{seen[field]:3d} = {share:.3f}"
              + ("  (false-positive rate: lower is better)" if field.startswith("no-") else ""))
    return full, len(cases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print each missed field")
    args = parser.parse_args()
    files = args.files or sorted((REPO / "tests" / "probes").glob("*.json"))
    res = load_resources()
    for path in files:
        score(path, res, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
