"""Places written as "Village (District, Region)" and foreign homonyms (texts written here)."""

from __future__ import annotations

from datetime import date

from eventpipe.coder import Article, code_article
from eventpipe.coder.places import Gazetteer
from eventpipe.coder.places_paren import loose_key


def _one(res, text: str, published: date = date(2025, 3, 4)) -> dict:
    recs = [r for r in code_article(Article("p1", text, published, None), res)
            if r["event_type"] and r["modality"] in ("asserted", "alleged")]
    assert len(recs) == 1, recs
    return recs[0]


def test_loose_key_folds_romanisations() -> None:
    assert loose_key("Kismaayo") == loose_key("Kismayo")
    assert loose_key("Belet Xaawo") == loose_key("Beled Hawo")
    assert loose_key("Ceel Waaq") == loose_key("El Wak")
    assert loose_key("Kismayo") != loose_key("Baidoa")


def test_region_in_brackets_wins_over_foreign_homonym() -> None:
    gaz = Gazetteer.load()
    text = "Militants raided Laag village (Bossaso, Bari) at dawn."
    found = {m.text: m for m in gaz.find(text)}
    assert found["Bari"].candidates[0].kind == "admin1"
    assert found["Bari"].candidates[0].iso3 == "SOM"
    assert found["Bossaso"].candidates[0].name == "Bosaso"  # spelled another way, same region


def test_district_is_placed_inside_its_region(res) -> None:
    rec = _one(res, "On 3 March 2025, Al Shabaab attacked a checkpoint in Laag village "
                    "(Bossaso, Bari). Two soldiers were killed.")
    assert (rec["country"], rec["admin1"], rec["location"]) == ("Somalia", "Bari", "Bosaso")
    assert rec["geo_precision"] == 2


def test_unit_acronym_and_month_are_not_places(res) -> None:
    rec = _one(res, "On 3 May 2025, government forces (NISA) fought Al Shabaab fighters at "
                    "Warsheekh village (Warsheekh, Middle Shabelle). Nobody was reported hurt.",
               date(2025, 5, 3))
    assert rec["country"] == "Somalia" and rec["admin1"] == "Middle Shabelle"


def test_unknown_village_in_a_named_chain_keeps_the_country(res) -> None:
    rec = _one(res, "Gunmen stormed a police checkpoint in Kot Dara, Nangarhar, Afghanistan, "
                    "and one officer died.")
    assert (rec["country"], rec["admin1"]) == ("Afghanistan", "Nangarhar")
