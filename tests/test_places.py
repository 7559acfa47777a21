"""Gazetteer and place-mention finder. All texts are written for these tests."""

from __future__ import annotations

import pytest

from eventpipe.coder.places import Gazetteer, PlaceMention, load_us_state_abbrev


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _by_text(mentions: list[PlaceMention]) -> dict[str, PlaceMention]:
    return {m.text: m for m in mentions}


def test_gegharkunik_villages_resolve_to_armenia(gaz: Gazetteer) -> None:
    text = ("Azerbaijani troops opened fire on the villages of Sotk and Norabak in "
            "Gegharkunik overnight, the ministry in Yerevan said.")
    found = _by_text(gaz.find(text))
    for name in ("Sotk", "Norabak", "Gegharkunik"):
        best = found[name].candidates[0]
        assert (best.iso3, best.admin1, best.admin1_code) == ("ARM", "Gegharkunik", "AM-GR")
    assert found["Sotk"].candidates[0].kind == "city"
    assert found["Gegharkunik"].candidates[0].kind == "admin1"
    assert found["Yerevan"].candidates[0].country == "Armenia"


def test_kalbajar_region_hint(gaz: Gazetteer) -> None:
    text = "Shells landed in the Kalbajar region of Azerbaijan on Sunday."
    found = _by_text(gaz.find(text))
    mention = found["Kalbajar"]
    assert mention.kind_hint == "region"
    assert mention.qualifier == "in"
    best = mention.candidates[0]
    assert (best.iso3, best.kind, best.admin1, best.admin1_code) == (
        "AZE", "admin1", "Kalbajar", "AZ-KAL")
    assert found["Azerbaijan"].kind_hint is None
    assert found["Azerbaijan"].candidates[0].kind == "country"


def test_baidoa_is_in_bay(gaz: Gazetteer) -> None:
    best = _by_text(gaz.find("A car bomb exploded in Baidoa on Monday."))["Baidoa"].candidates[0]
    assert (best.iso3, best.country, best.admin1, best.admin1_code) == (
        "SOM", "Somalia", "Bay", "SO-BY")
    assert best.latitude is not None and 2.5 < best.latitude < 3.5


def test_kunduz_province(gaz: Gazetteer) -> None:
    mention = _by_text(gaz.find("Clashes erupted in Kunduz province late on Friday."))["Kunduz"]
    assert mention.kind_hint == "province"
    best = mention.candidates[0]
    assert (best.iso3, best.kind, best.admin1, best.admin1_code) == (
        "AFG", "admin1", "Kunduz", "AF-KDZ")
    assert any(p.kind == "city" for p in mention.candidates)


def test_san_salvador(gaz: Gazetteer) -> None:
    mention = _by_text(gaz.find("Soldiers patrolled San Salvador on Saturday."))["San Salvador"]
    assert mention.candidates[0].iso3 == "SLV"
    assert mention.candidates[0].country == "El Salvador"


def test_near_the_town_of(gaz: Gazetteer) -> None:
    mention = _by_text(gaz.find("Gunmen ambushed a convoy near the town of Baidoa."))["Baidoa"]
    assert mention.qualifier == "near"
    assert mention.kind_hint == "town"


def test_outside_qualifier(gaz: Gazetteer) -> None:
    mention = _by_text(gaz.find("A drone struck a depot just outside Kunduz."))["Kunduz"]
    assert mention.qualifier == "outside"


def test_lowercase_common_words_are_not_places(gaz: Gazetteer) -> None:
    text = ("Protesters plan to march along the main road while reading their demands; "
            "police said the mobile units were ready.")
    assert gaz.find(text) == []


def test_capitalised_common_words_need_a_cue(gaz: Gazetteer) -> None:
    assert gaz.find("Police said March would be calm. Reading it aloud helped.") == []


def test_all_caps_sentence_finds_places(gaz: Gazetteer) -> None:
    text = "GUNMEN KILLED THREE PEOPLE IN MOGADISHU ON SUNDAY, SOMALI POLICE SAID."
    found = _by_text(gaz.find(text))
    assert found["MOGADISHU"].candidates[0].iso3 == "SOM"
    assert found["MOGADISHU"].qualifier == "in"
    assert "POLICE" not in found and "SOMALI" not in found and "ON" not in found


def test_offsets_slice_the_text(gaz: Gazetteer) -> None:
    text = ("KABUL, Afghanistan — Fighting spread from Herat to the U.S.-backed base in "
            "Kandahar, and reached Gegharkunik's border.")
    mentions = gaz.find(text)
    assert [m.text for m in mentions][:3] == ["KABUL", "Afghanistan", "Herat"]
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
        assert mention.candidates
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))


def test_springfield_illinois(gaz: Gazetteer) -> None:
    text = "SPRINGFIELD, Ill. (AP) — Lawmakers returned to Springfield, Ill., on Tuesday."
    found = gaz.find(text)
    cities = [m for m in found if m.text.lower() == "springfield"]
    assert len(cities) == 2
    for mention in cities:
        assert mention.candidates[0].admin1 == "Illinois"
        assert mention.candidates[0].admin1_code == "US-IL"
    assert any(m.text == "Ill." and m.candidates[0].admin1_code == "US-IL" for m in found)
    dateline = gaz.find_dateline(text)
    assert dateline is not None and dateline.start == 0
    assert dateline.candidates[0].admin1 == "Illinois"


def test_pittsburgh_dateline_and_county(gaz: Gazetteer) -> None:
    text = "PITTSBURGH, Pa. (AP) — Officials in Allegheny County said the vote would go ahead."
    found = _by_text(gaz.find(text))
    assert found["PITTSBURGH"].candidates[0].admin1_code == "US-PA"
    assert found["Pa."].candidates[0].admin1 == "Pennsylvania"
    county = found["Allegheny County"].candidates[0]
    assert (county.kind, county.admin1, county.iso3) == ("admin2", "Pennsylvania", "USA")


def test_city_comma_country_prefers_that_country(gaz: Gazetteer) -> None:
    found = gaz.find("Rain fell on Hyderabad, Pakistan.")
    assert found[0].candidates[0].iso3 == "PAK"
    found = gaz.find("Rain fell on Hyderabad, India.")
    assert found[0].candidates[0].iso3 == "IND"


def test_person_names_are_not_small_places(gaz: Gazetteer) -> None:
    found = gaz.find("The envoy met Ali Hassan and Omar Farah in Mogadishu.")
    assert [m.text for m in found] == ["Mogadishu"]


def test_country_aliases(gaz: Gazetteer) -> None:
    found = _by_text(gaz.find("The U.S. and the DRC signed a deal; US officials were there."))
    assert found["U.S."].candidates[0].iso3 == "USA"
    assert found["DRC"].candidates[0].country == "Democratic Republic of Congo"
    assert found["US"].candidates[0].iso3 == "USA"
    assert "us" not in _by_text(gaz.find("They told us nothing."))


def test_country_lookups(gaz: Gazetteer) -> None:
    for name, iso3 in (("Somalia", "SOM"), ("U.S.", "USA"), ("united states", "USA"),
                       ("the United States", "USA"), ("Armenia", "ARM"), ("DRC", "COD")):
        country = gaz.country_by_name(name)
        assert country is not None and country.iso3 == iso3, name
    somalia = gaz.country_by_iso3("SOM")
    assert somalia is not None and somalia.kind == "country" and somalia.latitude is not None
    afghanistan = gaz.country_by_iso3("AFG")
    assert afghanistan is not None and afghanistan.country == "Afghanistan"
    assert gaz.country_by_iso3("XXX") is None


def test_admin1_lookup(gaz: Gazetteer) -> None:
    for iso3, name, code in (("SOM", "Lower Shabelle", "SO-SH"),
                             ("SOM", "Shabeellaha Hoose", "SO-SH"),
                             ("AFG", "Kunduz province", "AF-KDZ"),
                             ("ARM", "Gegharkunik", "AM-GR"),
                             ("AZE", "Kalbajar", "AZ-KAL"),
                             ("USA", "Pennsylvania", "US-PA")):
        place = gaz.admin1(iso3, name)
        assert place is not None and place.admin1_code == code, name
        assert place.kind == "admin1"
    assert gaz.admin1("ARM", "Lower Shabelle") is None


def test_nearest_admin1(gaz: Gazetteer) -> None:
    place = gaz.nearest_admin1("SOM", 3.11, 43.65)
    assert place is not None and place.admin1_code == "SO-BY"


def test_demonyms(gaz: Gazetteer) -> None:
    assert gaz.demonym_to_iso3("Armenian") == "ARM"
    assert gaz.demonym_to_iso3("Somali") == "SOM"
    assert gaz.demonym_to_iso3("Afghans") == "AFG"
    assert gaz.demonym_to_iso3("Salvadoran") == "SLV"
    assert gaz.demonym_to_iso3("American") == "USA"
    assert gaz.demonym_to_iso3("Martian") is None


def test_rank_prefers_context(gaz: Gazetteer) -> None:
    mention = _by_text(gaz.find("Police in Springfield said the suspect fled."))["Springfield"]
    assert len(mention.candidates) > 3
    best = gaz.rank(mention, prefer_iso3={"USA"}, prefer_admin1={"US-MA"})
    assert best.admin1_code == "US-MA"


def test_state_abbreviations() -> None:
    abbrev = load_us_state_abbrev()
    assert abbrev["Pa."] == "US-PA"
    assert abbrev["N.C."] == "US-NC"
    assert abbrev["Tenn."] == "US-TN"


def test_dateline_with_date(gaz: Gazetteer) -> None:
    mention = gaz.find_dateline("MOGADISHU, 12 Mar 21 -- Fighting was reported.")
    assert mention is not None and mention.candidates[0].iso3 == "SOM"
    assert gaz.find_dateline("Fighting was reported, officials said - again.") is None


def test_admin1_spelling_variant(gaz: Gazetteer) -> None:
    found = _by_text(gaz.find("Troops advanced through Galgaduud and into Jawzjan."))
    assert found["Galgaduud"].candidates[0].admin1_code == "SO-GA"
    assert found["Jawzjan"].candidates[0].admin1_code == "AF-JOW"
    assert gaz.find("The Minister of Defence spoke.") == []


def test_all_caps_pronouns_and_surnames(gaz: Gazetteer) -> None:
    text = "THEY TOLD US THAT PRESIDENT CASTRO ARRIVED IN HAVANA AND THE U.S. EMBASSY CLOSED."
    found = _by_text(gaz.find(text))
    assert "US" not in found and "CASTRO" not in found
    assert found["HAVANA"].candidates[0].iso3 == "CUB"
    assert found["U.S."].candidates[0].iso3 == "USA"


def test_sentence_initial_common_words(gaz: Gazetteer) -> None:
    assert gaz.find("Mobile phones were cut off. Bath time was over.") == []
    found = gaz.find("Kandahar was quiet. Officials in Kandahar said so.")
    assert [m.text for m in found] == ["Kandahar", "Kandahar"]


def test_person_slots(gaz: Gazetteer) -> None:
    text = "Officer Payne, 34, said the shooting in Columbus was under review, Davis said."
    assert [m.text for m in gaz.find(text)] == ["Columbus"]


def test_supplement_alias_adds_a_spelling_to_the_geonames_place(gaz: Gazetteer) -> None:
    # GeoNames spells the Middle Juba town "Saacow"; the district list's spelling is an alias row
    best = _by_text(gaz.find("Fighting broke out in Saakow on Monday."))["Saakow"].candidates[0]
    assert (best.name, best.iso3, best.admin1) == ("Saacow", "SOM", "Middle Juba")
    assert best.latitude is not None and 1.5 < best.latitude < 1.8


def test_supplement_district_town_missing_from_geonames(gaz: Gazetteer) -> None:
    found = _by_text(gaz.find("Gunmen attacked a checkpoint on the outskirts of Barawe."))
    best = found["Barawe"].candidates[0]
    assert (best.name, best.iso3, best.admin1, best.admin1_code) == (
        "Baraawe", "SOM", "Lower Shabelle", "SO-SH")
    assert best.latitude is not None and 1.0 < best.latitude < 1.2


def test_supplement_alias_of_an_unknown_place_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventpipe.coder import places_index

    row = {"name": "Nowhere", "kind": "alias", "cc": "SO", "geonames_admin1": "08", "lat": "",
           "lon": "", "population": "", "geonameid": "999999999", "admin2": "",
           "alternates": "Nowhere Else", "source": "test"}
    monkeypatch.setattr(places_index, "read_tsv", lambda name: [row])
    with pytest.raises(ValueError, match="no GeoNames place"):
        places_index._load_supplement(places_index.GazetteerData(), {})


@pytest.mark.parametrize(("source", "home"), [
    ("abc7chicago.com", ("Chicago", "Illinois")),
    ("The Toledo Blade", ("Toledo", "Ohio")),
    ("springfieldnewssun.com", None),  # five US Springfields: no home
    ("bbc.co.uk", None),
])
def test_outlet_home_is_a_large_us_city_in_its_name(gaz: Gazetteer, source: str,
                                                    home: tuple[str, str] | None) -> None:
    place = gaz.outlet_home(source)
    assert (None if place is None else (place.name, place.admin1)) == home
