"""Full-length local news: places, counts and the story's date. Texts written for these tests."""

from __future__ import annotations

from datetime import date

from coderkit import real_events
from eventpipe.coder.counts_story import cumulative, fatal_part

_real = real_events


def test_street_and_business_names_are_not_places(res):
    found = {m.text for m in res.find_places(
        "Shots were fired outside the Tabor Street diner and at the Memphis Grill.")}
    assert "Tabor" not in found and "Memphis" not in found


def test_possessive_small_place_is_a_business(res):
    found = {m.text for m in res.find_places("He was shot outside Tabor's Grocery, a store on "
                                             "Chicago's west side.")}
    assert "Tabor" not in found and "Chicago" in found


def test_city_before_a_weekday_is_still_a_place(res):
    found = {m.text for m in res.find_places("Two men were wounded in Detroit Thursday night.")}
    assert "Detroit" in found


def test_capitals_dateline_with_state_abbreviation(res):
    recs = _real(res, "Photo by a staff photographer.\n\nSMITHFIELD, N.C. — Three people were "
                      "wounded by gunfire outside a tavern early Sunday, police said. Smithfield "
                      "police arrested a woman. Officers said the three victims will recover.")
    assert recs and recs[0]["admin1"] == "North Carolina"


def test_agency_town_places_the_event_and_home_town_does_not(res):
    recs = _real(res, "A 19-year-old man was shot and killed on Sunday night, Greenwood police "
                      "said. The victim, John Roe, 19, of Columbia, died at the scene. Police "
                      "said the shooter fled on foot. Officers searched the area overnight. No "
                      "arrests were made. Police asked witnesses to come forward.")
    assert recs and recs[0]["location"] == "Greenwood"


def test_shot_one_fatally_splits_killed_and_wounded(res):
    recs = _real(res, "Four people were shot, one fatally, outside a house party in Memphis on "
                      "Saturday night, police said.")
    assert recs and recs[0]["killed_best"] == 1 and recs[0]["wounded_best"] == 3


def test_fatal_part_and_cumulative_rules(res):
    low = "three men were shot, one of whom died at the hospital"
    assert [c.best for c in fatal_part(low, [], 0)] == [1]
    assert cumulative("the war has claimed more than 70,000 lives in the last ten years")
    assert not cumulative("two men were killed in the attack on tuesday")


def test_age_is_not_a_count(res):
    recs = _real(res, "LIMA, 3 MAR 90 -- JUAN PEREZ, 65, WAS KILLED BY GUNMEN IN LIMA TODAY.")
    assert recs and (recs[0]["killed_best"] or 0) < 65


def test_war_total_is_not_the_incident_toll(res):
    recs = _real(res, "Gunmen killed two farmers in Soyapango on Monday, police said. The war, "
                      "which has lasted ten years, has claimed more than 70,000 lives.")
    assert recs and recs[0]["killed_best"] == 2


def test_story_date_from_another_sentence_skips_page_timestamps(res):
    text = ("Teen hurt in shooting Posted: Wednesday, March 9, 2016 8:00 AM EST\n\n"
            "A teenager was hospitalized after a shooting in Memphis, police said. "
            "The shooting happened late Monday night near a park. Officers found the victim "
            "on the sidewalk. He is expected to survive. No arrests have been made. Police "
            "asked witnesses to come forward.")
    recs = _real(res, text)
    assert recs and recs[0]["event_date"] == date(2016, 3, 7)


def test_generic_talk_of_bombing_in_long_news_is_no_event(res):
    text = ("SAN SALVADOR, 3 JAN 90 -- THE PRESIDENT SPOKE ABOUT THE ECONOMY TODAY. HE SAID "
            "THE COUNTRY NEEDS PEACE. HE ADDED THAT THE BOMBING OF CIVILIANS MUST STOP. THE "
            "MINISTER AGREED. THE TALKS WILL CONTINUE NEXT WEEK. OBSERVERS WERE HOPEFUL.")
    assert _real(res, text, date(1990, 1, 3)) == []
