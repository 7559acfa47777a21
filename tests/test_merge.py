"""Merging mentions across articles into events: the rule, frozen ids, order independence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from eventpipe import merge, store
from eventpipe.schema import get_schema
from test_store import PER_RUN, article, run_data
from test_validate import TEXT, make_row

EVENT_COLUMNS = get_schema().table("events").names


def mention(mid: str, article_id: str, published: dt.date, **kw: Any) -> dict[str, Any]:
    row = make_row(article_id=article_id, **kw)
    row.update(mention_id=mid, published=published, syndication_group=None,
               article_source=None)
    return row


D1, D2 = dt.date(2024, 5, 4), dt.date(2024, 5, 5)


def events_of(result: merge.MergeResult) -> dict[str, dict[str, Any]]:
    return {e["event_id"]: e for e in result.events}


def test_two_reports_of_one_shelling_become_one_event() -> None:
    a = mention("m-a", "a1", D1, source="Outlet B", killed_low=2, killed_best=2, killed_high=2,
                fatalities=2, verified=False)
    b = mention("m-b", "a2", D2, source="Outlet A", killed_low=3, killed_best=4, killed_high=5,
                fatalities=3, event_date=dt.date(2024, 5, 1), location="Near Sotk",
                latitude=40.25, longitude=45.95, actor1=None, claimant="local residents")
    c = mention("m-c", "a3", D2, source="Outlet A", killed_low=3, killed_best=3,
                killed_high=None, fatalities=3, claimant="a rights group")
    res = merge.merge_mentions([c, b, a], event_columns=EVENT_COLUMNS)
    assert res.assignments == {"m-a": "m-a", "m-b": "m-a", "m-c": "m-a"}
    [ev] = res.events
    assert ev["event_id"] == "m-a" and ev["article_id"] == "a1"
    assert (ev["num_mentions"], ev["num_articles"], ev["num_sources"]) == (3, 3, 3)
    assert ev["source"] == "Outlet A; Outlet B"
    assert (ev["killed_low"], ev["killed_best"], ev["killed_high"]) == (2, 3, 5)
    assert ev["fatalities"] == 2 and ev["fatalities_disputed"] is True
    assert ev["first_reported_at"] == D1 and ev["event_date"] == dt.date(2024, 4, 30)


def test_syndicated_copies_count_as_one_source() -> None:
    a = mention("m-a", "a1", D1)
    b = mention("m-b", "a2", D1)
    a["syndication_group"] = b["syndication_group"] = "wire-7"
    [ev] = merge.merge_mentions([a, b], event_columns=EVENT_COLUMNS).events
    assert (ev["num_articles"], ev["num_sources"], ev["fatalities_disputed"]) == (2, 1, False)


def separate(**kw: Any) -> bool:
    a = mention("m-a", "a1", D1)
    b = mention("m-b", "a2", D2, **kw)
    return len(merge.merge_mentions([a, b], event_columns=EVENT_COLUMNS).events) == 2


def test_what_keeps_events_apart() -> None:
    assert separate(admin1="Syunik", admin1_code="AM-SU")
    assert separate(event_date=dt.date(2024, 5, 2))  # two days apart
    assert separate(iso3="AZE", country="Azerbaijan")
    assert separate(location="Jermuk", latitude=39.84, longitude=45.67)  # > 25 km
    assert separate(actor1="Military Forces of Russia")
    assert separate(event_type="Protests", sub_event_type="Peaceful protest")
    assert separate(modality="hypothetical")
    assert separate(event_type=None, sub_event_type=None, cameo_code="112")  # verbal
    assert separate(event_date=None)
    # one day apart with another tactic of the same type: another strike, not reporting noise
    assert separate(event_date=dt.date(2024, 5, 1), sub_event_type="Air/drone strike")


def test_what_lets_events_merge() -> None:
    assert not separate(event_date=dt.date(2024, 5, 1))  # adjacent day
    assert not separate(sub_event_type="Air/drone strike")  # same day: the reports disagree
    assert not separate(event_date=dt.date(2024, 5, 1), sub_event_type=None)
    assert not separate(location=None, latitude=None, longitude=None)  # region-level report
    assert not separate(actor2=None)
    assert not separate(actor1="Someone", actor1_inferred=True)
    assert not separate(modality="alleged")
    assert not separate(modality="denied")  # a denial joins the event it denies
    assert not separate(actor1="Police Forces of Azerbaijan")  # state forces: one side
    assert not separate(actor1="Unidentified Armed Group (Armenia)")  # unnamed perpetrator
    assert not separate(event_type="Violence against civilians", sub_event_type="Attack")
    assert not separate(admin1="GEGHARKUNIK PROVINCE")  # codes decide when both have one


def test_coarse_dates_merge_only_within_the_month() -> None:
    assert not separate(event_date=dt.date(2024, 4, 2), time_precision=3)
    assert separate(event_date=dt.date(2024, 5, 1), time_precision=3)  # adjacent, other month


def test_battle_sides_may_be_swapped_and_higher_type_wins() -> None:
    kw = dict(event_type="Battles", sub_event_type="Armed clash")
    assert not separate(actor1="Military Forces of Armenia",
                        actor2="Military Forces of Azerbaijan", **kw)
    a = mention("m-a", "a1", D1, event_type="Violence against civilians",
                sub_event_type="Attack", disorder_type="Political violence")
    b = mention("m-b", "a2", D1)
    [ev] = merge.merge_mentions([a, b], event_columns=EVENT_COLUMNS).events
    assert ev["event_id"] == "m-a" and ev["event_type"] == "Explosions/Remote violence"
    assert ev["sub_event_type"] == "Shelling/artillery/missile attack"


def test_new_mentions_attach_to_existing_events_without_changing_ids() -> None:
    old = mention("m-old", "a1", D1)
    old["event_id"] = "m-old"
    new = mention("m-new", "a2", D2, killed_low=4, killed_best=4, killed_high=4, fatalities=4)
    res = merge.merge_mentions([new], [old], event_columns=EVENT_COLUMNS)
    assert res.assignments == {"m-new": "m-old"}
    assert res.updated_event_ids == {"m-old"} and not res.new_event_ids
    [ev] = res.events
    # the same claimant's later toll supersedes its earlier one: an update, not a dispute
    assert ev["num_mentions"] == 2 and ev["fatalities"] == 4 and not ev["fatalities_disputed"]
    assert (ev["killed_low"], ev["killed_best"], ev["killed_high"]) == (4, 4, 4)
    other = dict(new, claimant="the armed group", mention_id="m-other")
    [ev] = merge.merge_mentions([other], [old], event_columns=EVENT_COLUMNS).events
    assert ev["fatalities"] == 2 and ev["fatalities_disputed"]
    assert (ev["killed_low"], ev["killed_best"], ev["killed_high"]) == (2, 2, 4)


def test_blocking_keys_cover_neighbouring_months() -> None:
    keys = merge.blocking_keys([mention("m", "a", D1, event_date=dt.date(2024, 5, 31))])
    assert keys == {("ARM", 2024, 5), ("ARM", 2024, 6)}
    assert merge.blocking_keys([mention("m", "a", D1, modality="planned")]) == set()


TEXT2 = ("Shelling hit positions near Sotk in Gegharkunik, killing three soldiers, officials said "
         "on Wednesday.")


def _second_article() -> tuple[dict[str, Any], dict[str, Any]]:
    art = article("art-2", TEXT2, published=D2, source="Outlet Two")
    row = make_row(article_id="art-2", char_start=0, char_end=len(TEXT2), evidence_text=TEXT2,
                   notes=TEXT2, source="Outlet Two", killed_low=3, killed_best=3,
                   killed_high=3, fatalities=3, claimant=None)
    return art, row


def _events(con: Any) -> list[tuple[Any, ...]]:
    cols = [r[0] for r in con.execute("DESCRIBE events").fetchall() if r[0] not in PER_RUN]
    return con.execute(f"SELECT {', '.join(cols)} FROM events ORDER BY ALL").fetchall()


def test_batches_in_publication_order_give_the_same_events_as_one_batch(tmp_path: Path) -> None:
    art1, row1 = article(), make_row()
    art2, row2 = _second_article()
    with store.open_store(tmp_path / "one.duckdb") as con:
        store.load_run(con, run_data("r1", [row1, row2], [art1, art2]))
        one = _events(con)
    with store.open_store(tmp_path / "two.duckdb") as con:
        store.load_run(con, run_data("r1", [row1], [art1]))
        first_id = con.execute("SELECT event_id FROM events").fetchone()
        counts = store.load_run(con, run_data("r2", [row2], [art2]))
        assert counts.events_updated == 1 and counts.events_new == 0
        assert con.execute("SELECT event_id FROM events").fetchone() == first_id
        two = _events(con)
        members = con.execute(
            "SELECT count(DISTINCT event_id), count(*) FROM event_mentions").fetchone()
    assert one == two and len(one) == 1
    assert members == (1, 2)
    df = pd.DataFrame(one, columns=[c for c in EVENT_COLUMNS if c not in PER_RUN])
    assert df.loc[0, "source"] == "Outlet Two; Wire" and df.loc[0, "num_articles"] == 2
    assert TEXT.startswith(df.loc[0, "evidence_text"])


PLACES = [  # (admin1, admin1_code, location, lat, lon)
    ("Gegharkunik", "AM-GR", "Sotk", 40.2, 45.9),
    ("Gegharkunik", "AM-GR", "Vardenis", 40.18, 45.73),
    ("Syunik", "AM-SU", "Goris", 39.51, 46.34),
    ("Syunik", "AM-SU", None, None, None),
]
ACTORS = [None, "Military Forces of Azerbaijan", "Military Forces of Armenia"]


@st.composite
def mention_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        place = draw(st.sampled_from(PLACES))
        rows.append(mention(
            f"m{i:02d}",
            f"a{draw(st.integers(0, 5))}",
            D1 + dt.timedelta(days=draw(st.integers(0, 4))),
            event_date=dt.date(2024, 4, 28) + dt.timedelta(days=draw(st.integers(0, 4))),
            time_precision=draw(st.sampled_from([1, 1, 2])),
            event_type=draw(st.sampled_from(
                ["Battles", "Explosions/Remote violence", "Protests"])),
            sub_event_type=None,
            modality=draw(st.sampled_from(["asserted", "alleged", "denied"])),
            actor1=draw(st.sampled_from(ACTORS)),
            admin1=place[0], admin1_code=place[1], location=place[2], latitude=place[3],
            longitude=place[4], char_start=i,
            killed_low=i, killed_best=i, killed_high=i + draw(st.integers(0, 2)), fatalities=i,
        ))
    return rows


@settings(max_examples=150, deadline=None)
@given(rows=mention_sets(), cut=st.integers(0, 12))
def test_order_independence(rows: list[dict[str, Any]], cut: int) -> None:
    ordered = sorted(rows, key=merge.sort_key)
    whole = merge.merge_mentions(list(reversed(ordered)), event_columns=EVENT_COLUMNS)
    first = merge.merge_mentions(ordered[:cut], event_columns=EVENT_COLUMNS)
    stored = [dict(r, event_id=first.assignments[r["mention_id"]]) for r in ordered[:cut]]
    second = merge.merge_mentions(ordered[cut:], stored, event_columns=EVENT_COLUMNS)
    assert {**first.assignments, **second.assignments} == whole.assignments
    final = {e["event_id"]: e for e in first.events}
    final.update({e["event_id"]: e for e in second.events})
    assert final == {e["event_id"]: e for e in whole.events}
    # invariants: every event id is the mention id of its earliest member
    for eid, ev in final.items():
        members = [r for r in rows if whole.assignments[r["mention_id"]] == eid]
        assert min(members, key=merge.sort_key)["mention_id"] == eid
        assert ev["num_mentions"] == len(members)
        credible = [m for m in members if m["modality"] != "denied"]
        if not credible:
            assert ev["killed_best"] is None and ev["fatalities"] == 0
            continue
        assert ev["killed_low"] <= ev["killed_best"] <= ev["killed_high"]
        assert ev["fatalities"] in {m["fatalities"] for m in credible}
        assert ev["killed_low"] >= min(m["killed_low"] for m in credible)
