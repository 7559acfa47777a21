"""ACLED conventions: claimant names, hierarchy cues, mob violence (texts written here)."""

from __future__ import annotations

from datetime import date

import pytest

from eventpipe.coder import Article, code_article


def _real(res, text: str, published: date = date(2024, 6, 5)) -> list[dict]:
    return [r for r in code_article(Article("a1", text, published, None), res)
            if r["event_type"] and r["modality"] in ("asserted", "alleged")]


@pytest.mark.parametrize(("text", "claimant"), [
    ("Gunmen killed two traders in Maiduguri on Monday, police said.",
     "Police Forces of Nigeria"),
    ("Militants killed three soldiers near Gao on Monday, the army said.",
     "Military Forces of Mali"),
    ("Rebels shelled a base near Popayan on Monday, killing two soldiers, the defence "
     "ministry said.", "Ministry of Defence of Colombia"),
    ("Al Shabaab fighters attacked a base near Jowhar on Monday, the government said.",
     "Government of Somalia"),
])
def test_claimant_names(res, text: str, claimant: str) -> None:
    recs = _real(res, text)
    assert recs and recs[0]["claimant"] == claimant


def test_claimant_is_not_an_actor(res) -> None:
    rec, = _real(res, "Gunmen killed four farmers near Jos on Monday, police in Plateau "
                      "State said.")
    assert rec["event_type"] == "Violence against civilians"
    assert rec["actor2"] == "Civilians (Nigeria)"


def test_named_group_fighters_are_the_group(res) -> None:
    rec, = _real(res, "Al Shabaab fighters ambushed an army convoy near Afgooye on Monday, "
                      "killing three soldiers.")
    assert rec["actor1"] == "Al Shabaab" and rec["inter1"] == 2


def test_defused_device_is_disrupted_weapons_use(res) -> None:
    rec, = _real(res, "Soldiers defused a roadside bomb planted near a school in Baidoa on "
                      "Tuesday.")
    assert (rec["event_type"], rec["sub_event_type"]) == ("Strategic developments",
                                                          "Disrupted weapons use")


def test_residents_beating_a_man_is_mob_violence(res) -> None:
    rec, = _real(res, "Residents beat a man to death in Kano on Friday after accusing him "
                      "of theft.")
    assert (rec["event_type"], rec["sub_event_type"]) == ("Riots", "Mob violence")
    assert rec["actor1"] == "Rioters (Nigeria)" and rec["killed_best"] == 1


def test_burning_tyres_is_a_violent_demonstration(res) -> None:
    rec, = _real(res, "Youths burned tyres and barricaded roads in Hargeisa on Monday to "
                      "protest against fuel prices.")
    assert rec["sub_event_type"] == "Violent demonstration"


def test_every_event_has_a_country(res) -> None:
    rec, = _real(res, "Afghan soldiers killed three militants in an ambush on Monday.")
    assert rec["country"] == "Afghanistan"


def test_acled_english_admin1_and_ascii_location(res) -> None:
    rec, = _real(res, "RSF fighters shelled a market in El Fasher on Monday, killing five "
                      "civilians.")
    assert rec["admin1"] == "North Darfur" and rec["admin1_code"] == "SD-DN"
    rec, = _real(res, "Gunmen killed four people in Apatzingan, Michoacan, on Saturday.")
    assert rec["location"] == "Apatzingan"


def test_protest_intervention_puts_protesters_first(res) -> None:
    rec, = _real(res, "Police fired tear gas to disperse hundreds of people protesting "
                      "against fuel prices in Kano on Monday.")
    assert rec["sub_event_type"] == "Protest with intervention"
    assert (rec["actor1"], rec["actor2"]) == ("Protesters (Nigeria)", "Police Forces of Nigeria")


def test_protesters_clashing_with_police_is_a_riot(res) -> None:
    rec, = _real(res, "Stone-throwing protesters clashed with police in Karachi on Monday, "
                      "injuring four officers.")
    assert (rec["event_type"], rec["sub_event_type"]) == ("Riots", "Violent demonstration")


def test_regained_control_of_a_town(res) -> None:
    rec, = _real(res, "Malian troops regained control of Tenenkou on Monday after two days of "
                      "fighting with JNIM militants.")
    assert rec["sub_event_type"] == "Government regains territory"


def test_country_ending_a_place_chain_is_no_actor(res) -> None:
    rec, = _real(res, "Arsonists torched a mosque in Ballarat, Victoria, Australia, overnight. "
                      "Nobody was hurt, police said.")
    assert rec["actor2"] is None or "Military" not in rec["actor2"]
    assert rec["event_type"] != "Battles"
