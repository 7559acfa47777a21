"""Shootings in local news and wire reports: typing, the lead incident, datelines, death counts.

Texts written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from coderkit import real_events
from eventpipe.coder import Article, code_article

_real = real_events


_FILLER = ("Neighbors said the street is usually quiet. The investigation is continuing. "
           "Detectives were canvassing the area. Witnesses were urged to contact the "
           "detectives' hotline. ")


def test_lone_gunman_shooting_people_is_an_attack_not_a_riot(res):
    text = ("A man opened fire on a group of friends outside a bar in Dayton, Ohio, on Monday "
            "night, wounding three people. " + _FILLER)
    recs = _real(res, text)
    assert recs and {r["event_type"] for r in recs} == {"Violence against civilians"}
    assert recs[0]["wounded_best"] == 3


def test_investigating_police_are_no_party_to_the_shooting(res):
    text = ("Fresno police are looking into a Tuesday night shooting in Fresno, California, "
            "that sent three people to hospital. Police say a gunman fired from a passing car. "
            + _FILLER)
    recs = _real(res, text)
    assert recs and recs[0]["event_type"] == "Violence against civilians"
    assert recs[0]["actor2"] != "Police Forces of United States"


def test_passive_victims_not_the_investigators_are_the_target(res):
    text = ("Police inspect the corner in Camden, New Jersey, where four teenagers were shot "
            "on Tuesday evening. " + _FILLER)
    recs = _real(res, text)
    assert recs and recs[0]["event_type"] == "Violence against civilians"


def test_a_crowd_of_villagers_is_still_mob_violence(res):
    recs = _real(res, "On 3 March, villagers attacked and beat a suspected thief to death in "
                      "Baidoa, Bay region.", date(2025, 3, 4))
    assert recs and recs[0]["event_type"] == "Riots"
    assert recs[0]["sub_event_type"] == "Mob violence"


def test_recovered_weapon_is_no_territory_regained(res):
    text = ("Two men were shot Saturday night in Tulsa, Oklahoma. Officers recovered a handgun "
            "near the scene. " + _FILLER)
    recs = _real(res, text)
    assert recs
    assert all(r["sub_event_type"] != "Government regains territory" for r in recs)


def test_arrest_day_is_not_the_shooting_day(res):
    text = ("A woman suspected in a drive-by shooting in Orlando, Florida, was arrested Friday, "
            "police said. The shooting was reported Tuesday night on Pine Street. " + _FILLER)
    recs = _real(res, text, date(2016, 3, 12))  # a Saturday
    assert recs and recs[0]["event_date"] == date(2016, 3, 8)


def test_earlier_incident_in_the_story_is_background(res):
    text = ("A 17-year-old boy was shot and killed Monday night on Elm Street in Paterson, "
            "New Jersey. Two people were shot at the same corner on Jan. 6, police said. "
            + _FILLER)
    recs = _real(res, text)
    assert len(recs) == 1
    assert recs[0]["event_date"] == date(2016, 3, 7)
    assert recs[0]["killed_best"] == 1


def test_wire_dateline_city_gives_the_country(res):
    text = ("LIMA, 15 JAN 90 (WIRE) -- [TEXT] AN EXPLOSIVE CHARGE WAS HURLED AT A BUILDING WHERE "
            "U.S. DIPLOMATS LIVE, THE POLICE HAVE REPORTED. ONE PASSERBY WAS INJURED. "
            "THE ATTACK CAUSED DAMAGE TO THE FACADE.")
    recs = _real(res, text, date(1990, 1, 15))
    assert recs and recs[0]["country"] == "Peru"


def test_dateline_with_country_in_brackets(res):
    text = ("PANAMA CITY (PANAMA), 26 JAN 89 -- [TEXT] A BOMB EXPLODED LAST NIGHT AT A BANK "
            "BRANCH IN THE CITY CENTER, KILLING A GUARD.")
    recs = _real(res, text, date(1989, 1, 26))
    assert recs and recs[0]["country"] == "Panama"


@pytest.mark.parametrize("sentence", [
    "A teenager faces a murder charge over the shooting death of his classmate in Macon, Georgia.",
    "Two men are accused of killing a 19-year-old in Macon, Georgia, on Monday.",
    "Jordan Miles, 22, died after he was shot in Macon, Georgia, on Monday.",
])
def test_one_death_without_a_number(res, sentence):
    recs = _real(res, sentence + " " + _FILLER)
    assert recs and recs[0]["killed_best"] == 1


def test_reported_incident_never_takes_a_planned_day(res):
    text = ("Gunmen attacked a market in Mogadishu on Monday. Elders said the clan plans to hold "
            "talks in Mogadishu on 2024-05-06. Gunmen also abducted two traders in Mogadishu. "
            + _FILLER)
    for rec in code_article(Article("s2", text, date(2023, 6, 1)), res):
        if rec["modality"] in ("asserted", "alleged") and rec["event_date"] is not None:
            assert rec["event_date"] <= date(2023, 6, 2)
