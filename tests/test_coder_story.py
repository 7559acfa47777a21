"""Article-level story rules: the lead incident, aftermath sentences, new incidents, statement
dates, generic and hypothetical mentions. Texts written for these tests."""

from __future__ import annotations

from datetime import date

from coderkit import real_events

_real = real_events


def test_aftermath_sentences_join_the_lead_incident(res):
    text = ("Two men were shot and wounded outside a bar in Dayton, Ohio, late Monday, police "
            "said. A 31-year-old man was charged with attempted murder in the shooting and "
            "appeared in court on Tuesday. A vigil for the victims is planned at the church. "
            "Detectives urged witnesses of the shooting to phone Crime Stoppers.")
    recs = _real(res, text)
    assert len(recs) == 1
    assert recs[0]["event_date"] == date(2016, 3, 7)
    assert recs[0]["wounded_best"] == 2


def test_later_mention_without_own_day_joins_the_lead(res):
    text = ("A woman was killed in a shooting at an apartment complex in Tulsa on Sunday "
            "night. Officers found the victim in a parking lot after neighbours heard gunfire. "
            "Detectives said the gunman fired several shots before fleeing in a car.")
    assert len(_real(res, text)) == 1


def test_separate_incident_cue_keeps_two_events(res):
    text = ("Rebels attacked an army post near Kandahar on Monday, killing four soldiers. "
            "Meanwhile, a roadside bomb exploded in Herat on Tuesday, wounding two civilians.")
    assert len(_real(res, text)) == 2


def test_statement_day_is_not_the_event_day(res):
    text = "A man was shot dead in a park in Chicago on Saturday night, police said Monday."
    rec, = _real(res, text)
    assert rec["event_date"] == date(2016, 3, 5)


def test_generic_plural_mention_is_no_event(res):
    text = ("The minister said that attacks and kidnappings remain a concern for investors. "
            "Officials discussed the budget with the delegation.")
    assert _real(res, text) == []


def test_modal_and_negated_actions_are_not_asserted(res):
    text = "The rebel commander said his units would attack the capital."
    assert _real(res, text) == []
    text = "Villagers said the soldiers never attacked the market."
    assert _real(res, text) == []


def test_yearly_statistics_sentence_is_no_event(res):
    text = ("The city has recorded 41 homicides so far this year, compared with 30 at this "
            "point last year.")
    assert _real(res, text) == []


def test_incident_in_another_country_with_own_casualties_stays_separate(res):
    text = ("Artillery fire hit a village in Tavush, Armenia, on Monday, killing two soldiers. "
            "A drone struck a position in Kalbajar, Azerbaijan, wounding three servicemen.")
    assert len(_real(res, text)) == 2
