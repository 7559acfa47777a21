"""Which place names of an article may place its events. Texts written for these tests."""

from __future__ import annotations

from datetime import date

from eventpipe.coder.mentions import build_context


def _locative(res, text: str) -> dict[str, bool]:
    chooser = build_context(text, date(1990, 5, 2), res).chooser
    return {text[m.start:m.end]: chooser.locative[id(m)] for m in chooser.mentions}


def test_an_origin_and_the_names_listed_after_it_are_not_event_places(res):
    found = _locative(res, "LIMA, 2 MAY 90 -- [TEXT] POLICE SAID THE GANG WAS TRAINED BY "
                           "MERCENARIES FROM ISRAEL, PORTUGAL AND GREAT BRITAIN AND ATTACKED A "
                           "BANK IN CALLAO YESTERDAY.")
    assert not found["ISRAEL"] and not found["PORTUGAL"] and not found["GREAT BRITAIN"]
    assert found["CALLAO"]


def test_a_home_town_and_its_state_are_not_event_places(res):
    found = _locative(res, "Police said the suspect, Jon Roe, 22, of Wichita, Kansas, opened "
                           "fire in Denver on Sunday.")
    assert not found["Wichita"] and not found["Kansas"]
    assert found["Denver"]


def test_a_place_after_a_listed_event_place_stays_one(res):
    found = _locative(res, "Rebels attacked army posts in Arauca, Saravena on Monday.")
    assert found["Arauca"] and found["Saravena"]


def test_a_number_word_is_no_place(res):
    found = {m.text for m in res.find_places("Reporters counted the wounded: two in Five, three "
                                             "in Four and one elsewhere.")}
    assert "Four" not in found
