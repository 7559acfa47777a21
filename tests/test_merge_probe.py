"""Probes give exactly what the merge rule's pair functions give."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from eventpipe.merge_probe import probe_of
from eventpipe.merge_rules import base_affinity, compatible, is_mergeable

_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Riots",
          "Protests", "Strategic developments"]

mention = st.fixed_dictionaries({
    "event_type": st.sampled_from(_TYPES),
    "sub_event_type": st.sampled_from([None, "", "Armed clash", "Attack", "Shelling"]),
    "modality": st.sampled_from(["asserted", "alleged", "denied", "historical"]),
    "iso3": st.sampled_from(["SOM", "KEN"]),
    "event_date": st.dates(dt.date(2024, 1, 29), dt.date(2024, 2, 2)).map(
        lambda d: d if d.day % 2 else dt.datetime.combine(d, dt.time())),
    "time_precision": st.sampled_from([None, 1, 2, 3]),
    "admin1_code": st.sampled_from([None, "SO-BK", "so-bk ", "SO-HI"]),
    "admin1": st.sampled_from([None, "Bakool", "Hiiraan"]),
    "location": st.sampled_from([None, "Hudur", "hudur", "Wajid", " "]),
    "latitude": st.sampled_from([None, 4.12, 4.3, float("nan")]),
    "longitude": st.sampled_from([None, 43.89, 43.6]),
    "actor1": st.sampled_from([None, "Al-Shabaab", "Military Forces of Somalia",
                               "Police Forces of Somalia", "Unidentified Armed Group (Somalia)"]),
    "actor1_inferred": st.sampled_from([None, False, True]),
    "actor2": st.sampled_from([None, "Al-Shabaab", "Civilians (Somalia)",
                               "Military Forces of Somalia"]),
})


@settings(max_examples=600, deadline=None)
@given(mention, mention)
def test_probe_matches_the_rule(a: dict[str, object], b: dict[str, object]) -> None:
    assert is_mergeable(a) and is_mergeable(b)
    pa, pb = probe_of(a), probe_of(b)
    assert pa.compatible(pb) == compatible(a, b)
    if compatible(a, b):
        assert pa.base_affinity(pb) == base_affinity(a, b)


def test_probe_on_a_compatible_pair() -> None:
    a = {"event_type": "Battles", "sub_event_type": "Armed clash", "modality": "asserted",
         "iso3": "SOM", "event_date": dt.date(2024, 2, 1), "time_precision": 1,
         "admin1_code": "SO-BK", "admin1": "Bakool", "location": "Hudur", "latitude": 4.12,
         "longitude": 43.89, "actor1": "Al-Shabaab", "actor1_inferred": False,
         "actor2": "Military Forces of Somalia"}
    b = {**a, "event_date": dt.date(2024, 2, 2), "actor1": "Police Forces of Somalia",
         "actor2": "Al-Shabaab"}  # sides swapped: allowed for battles
    assert probe_of(a).compatible(probe_of(b)) and compatible(a, b)
    assert probe_of(a).base_affinity(probe_of(b)) == 3
    c = {**b, "event_date": dt.date(2024, 2, 3)}
    assert not probe_of(a).compatible(probe_of(c))


def test_probe_keeps_the_next_days_other_tactic_apart() -> None:
    a = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
         "modality": "asserted", "iso3": "UKR", "event_date": dt.date(2024, 9, 15),
         "time_precision": 1, "admin1_code": "UA-63", "admin1": "Kharkiv",
         "location": "Kharkiv", "latitude": 49.98, "longitude": 36.25, "actor1": None,
         "actor1_inferred": False, "actor2": "Civilians (Ukraine)"}
    b = {**a, "event_date": dt.date(2024, 9, 16),
         "sub_event_type": "Shelling/artillery/missile attack"}
    assert not compatible(a, b) and not probe_of(a).compatible(probe_of(b))
    same_day = {**b, "event_date": a["event_date"]}
    assert compatible(a, same_day) and probe_of(a).compatible(probe_of(same_day))
