"""Property tests of the coder on generated news-like text (tests/test_coder_api.py covers
arbitrary text and word salad): it never raises, evidence offsets slice the text, counts are
non-negative with low <= best <= high, every value respects the schema declaration, and event
dates are sane (1900-01-01 .. publication + 1 day; planned events up to a year ahead)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventpipe.coder import Article, code_article

FIELDS = yaml.safe_load((Path(__file__).resolve().parents[1] / "schemas" / "event_fields.yaml"
                         ).read_text(encoding="utf-8"))["fields"]
EARLIEST = dt.date(1900, 1, 1)
PLANNED_HORIZON = dt.timedelta(days=366)

ACTORS = ["Gunmen", "Soldiers", "Police", "Rebels", "Protesters", "Militants", "Unidentified "
          "attackers", "Government forces", "Armed men", "A mob", "Security forces", "Troops"]
VERBS = ["killed", "shot dead", "wounded", "abducted", "shelled", "attacked", "clashed with",
         "marched against", "arrested", "bombed", "ambushed", "looted", "fired on",
         "plans to attack", "allegedly killed", "denied killing", "threatened to strike",
         "did not kill", "may have killed"]
COUNTS = ["three", "12", "at least 12", "12 to 15", "around 300", "dozens of", "several",
          "hundreds of", "a", "two", "0", "zero", "1,000,000", "99999999999999999999", "-5",
          "one hundred and one", "nearly 40", "up to 7", "more than 2,000", "tens of", "few"]
VICTIMS = ["civilians", "soldiers", "villagers", "police officers", "protesters", "fighters",
           "a convoy", "the town", "children", "people"]
PLACES = ["in Mogadishu", "near Kano", "in Kharkiv", "near the border", "in Aden", "in Gao",
          "in the capital", "in Sotk", "in Bamako", "in Herat", "", "in Springfield"]
WHEN = ["on Monday", "on Tuesday", "yesterday", "last week", "on 3 May", "on 5 March 2023",
        "on 31 December 2999", "in 0025", "on 1 January 1850", "on 29 February 2023",
        "next month", "last year", "in September last year", "today", "on Sunday night",
        "two days ago", "in 1999", "on 2024-05-06", "on 0025-01-01", "tomorrow", ""]
TAILS = ["", ", officials said", ", according to the army", ". The claim could not be "
         "independently verified", ", police said on Wednesday", ", the ministry alleged",
         ", a spokesman denied"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(ACTORS)), draw(st.sampled_from(VERBS)),
             draw(st.sampled_from(COUNTS)), draw(st.sampled_from(VICTIMS)),
             draw(st.sampled_from(PLACES)), draw(st.sampled_from(WHEN))]
    return " ".join(p for p in parts if p) + draw(st.sampled_from(TAILS)) + "."


articles = st.tuples(
    st.lists(sentences(), min_size=1, max_size=6).map(" ".join),
    st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1),
                                  max_value=dt.date(2030, 12, 31))),
)


@pytest.fixture(scope="module")
def res(coder_resources: Any) -> Any:
    return coder_resources


def schema_problems(rec: dict[str, Any]) -> list[str]:
    """Values outside what schemas/event_fields.yaml declares."""
    problems = []
    for f in FIELDS:
        name, value = f["name"], rec.get(f["name"])
        if value is None:
            if f.get("nullable") is False:
                problems.append(f"{name} is NULL")
            continue
        if "allowed" in f and value not in f["allowed"]:
            problems.append(f"{name}={value!r} not allowed")
        if "min" in f and value < f["min"]:
            problems.append(f"{name}={value!r} < {f['min']}")
        if "max" in f and value > f["max"]:
            problems.append(f"{name}={value!r} > {f['max']}")
        if "pattern" in f and not re.fullmatch(f["pattern"], str(value)):
            problems.append(f"{name}={value!r} !~ {f['pattern']}")
    return problems


def check_record(rec: dict[str, Any], text: str, published: dt.date | None) -> None:
    start, end = rec["char_start"], rec["char_end"]
    assert 0 <= start < end <= len(text)
    assert text[start:end] == rec["evidence_text"]
    assert rec["sentence_index"] is None or rec["sentence_index"] >= 0
    for kind in ("killed", "wounded"):
        low, best, high = (rec[f"{kind}_{k}"] for k in ("low", "best", "high"))
        known = [v for v in (low, best, high) if v is not None]
        assert all(isinstance(v, int) and v >= 0 for v in known), (kind, low, best, high)
        assert known == sorted(known), f"{kind}: low <= best <= high fails: {low}/{best}/{high}"
    assert isinstance(rec["fatalities"], int) and rec["fatalities"] >= 0
    assert schema_problems(rec) == []
    when = rec["event_date"]
    if when is not None:
        pub = published or dt.datetime.now(dt.UTC).date()
        horizon = PLANNED_HORIZON if rec["modality"] == "planned" else dt.timedelta(days=1)
        assert EARLIEST <= when <= pub + horizon, (when, published, rec["modality"])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(articles)
def test_news_like_articles_keep_every_invariant(res: Any, article: tuple[str, Any]) -> None:
    text, published = article
    for rec in code_article(Article("fz", text, published, "Fuzz Wire"), res):
        check_record(rec, text, published)


noisy_text = st.text(
    alphabet=st.one_of(st.sampled_from(list("0123456789 .,;:-'\"()\n\t")),
                       st.characters(codec="utf-8", exclude_categories=("Cs",))),
    max_size=300)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sentences(), noisy_text, sentences(),
       st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1))))
def test_event_sentences_in_noise_keep_every_invariant(res: Any, first: str, noise: str,
                                                        second: str, published: Any) -> None:
    text = f"{first} {noise} {second}"
    for rec in code_article(Article("fz", text, published), res):
        check_record(rec, text, published)


@pytest.mark.parametrize("text", [
    "Gunmen killed 99999999999999999999 civilians in Kano on Monday.",
    "Troops killed -5 fighters near Gao on Tuesday.",
    "Rebels killed 12 to 3 soldiers in Aden yesterday.",
    "Police shot dead 1,000,000,000,000 protesters on 31 December 2999.",
    "Gunmen killed three villagers on 0025-01-01 in Herat.",
    "Soldiers killed two rebels on 29 February 2023 near Kano.",
    "Militants plan to attack Gao on 1 January 2999.",
    "\u200bGunmen\u00a0killed\u2028three civilians in Mogadishu\ufeff on Monday.",
])
@pytest.mark.parametrize("published", [dt.date(2024, 5, 8), None, dt.date(1900, 1, 1)])
def test_edge_values_keep_every_invariant(res: Any, text: str, published: Any) -> None:
    for rec in code_article(Article("edge", text, published), res):
        check_record(rec, text, published)
