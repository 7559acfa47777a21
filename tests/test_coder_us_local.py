"""US local-news conventions: the country prior, datelines after captions, treatment counts."""

from __future__ import annotations

from datetime import date

import pytest

from eventpipe.coder import Article, code_article
from eventpipe.coder.news_region import reads_as_us_news, us_news_cues


def _main(res, text):
    recs = [r for r in code_article(Article("u1", text, date(2016, 5, 2), None), res)
            if r["modality"] in ("asserted", "alleged")]
    assert recs
    return recs[0]


def test_us_cues_on_local_copy_but_not_on_capitals_wire_copy():
    local = ("Officers found a man shot in the 2300 block of Elm Street about 9:40 p.m., and "
             "the sheriff's office said he was charged with aggravated assault.")
    assert us_news_cues(local) >= 3 and reads_as_us_news(local)
    wire = local.upper()
    assert us_news_cues(wire) == 0
    assert not reads_as_us_news("Gunmen killed two soldiers near Baidoa on Monday.")


def test_foreign_homonym_of_a_town_is_not_taken_in_us_news(res):
    rec = _main(res, "A cyclist was shot in the 900 block of Oak Lane in Douglas about 11 p.m. "
                     "Friday, officers said.")
    assert rec["country"] == "United States"


def test_dateline_after_a_photo_caption_gives_the_state(res):
    rec = _main(res, "Deputies gather outside a farmhouse. (Station Photo)  MARION COUNTY, Ore. "
                     "(KXYZ) — A farmer was found shot dead in a barn in Marion County on "
                     "Tuesday, the sheriff's office said.")
    assert rec["admin1"] == "Oregon"


def test_shot_at_a_place_is_a_hit_but_shot_at_by_is_not(res):
    rec = _main(res, "Six guests were shot at a birthday party in Albany on Saturday, "
                     "officers said.")
    assert rec["wounded_best"] == 6
    rec = _main(res, "Two troopers were shot at by a driver on the interstate near Akron, but the "
                     "driver fled, officials said.")
    assert not rec["wounded_best"]


def test_accidental_self_shooting_is_a_wound(res):
    rec = _main(res, "Officers said a hunter accidentally shot himself in the foot at a cabin "
                     "near Duluth on Saturday.")
    assert rec["wounded_best"] == 1 and not rec["killed_best"]


@pytest.mark.parametrize("text,wounded", [
    ("Two customers were rushed to the hospital with gunshot wounds after a shooting at a "
     "Boise pawn shop.", 2),
    ("Five spectators suffered minor gunshot wounds in a shooting outside a stadium in "
     "Omaha.", 5),
    ("A 68-year-old farmer was hospitalized after an accidental shooting in a shed near "
     "Topeka.", 1),
    ("A retired teacher sustained a serious wound when a stray round struck her porch in "
     "Reno.", 1),
    ("A bouncer was killed and two others wounded in a parking-lot shooting in Fresno on "
     "Monday.", 2),
])
def test_wounded_from_treatment_phrasing(res, text, wounded):
    assert _main(res, text)["wounded_best"] == wounded


def test_victim_who_has_died_is_killed(res):
    rec = _main(res, "The store clerk has died, a week after robbers opened fire in Spokane, "
                     "officers said.")
    assert rec["killed_best"] == 1
