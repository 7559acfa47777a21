"""Everything the coder needs, built once per process and passed to ``code_article``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

from . import (
    actions,
    actors,
    claims,
    counts_deaths,
    counts_names,
    counts_news,
    counts_people,
    counts_rules,
    counts_single,
    counts_story,
    genre,
    literal_cache,
    locate,
    locate_cues,
    mentions,
    story,
)
from . import counts as counts_module
from .counts import CountMatcher
from .lexicon import Lexicon, coder_version, load_lexicon
from .places_capital import capital_mentions
from .prefilter import list_plan, prefilter_attributes, prefilter_module

LOG = logging.getLogger(__name__)


@dataclass
class Resources:
    lex: Lexicon
    counts: CountMatcher
    gazetteer: Any
    version: str
    demonyms: dict[str, str | None]

    @classmethod
    def build(cls, gazetteer: Any = None) -> Resources:
        if gazetteer is None:
            from .places import Gazetteer

            gazetteer = Gazetteer.load()
        cached = literal_cache.load()  # the patterns' literals, derived by an earlier process
        known = literal_cache.known()
        lex = load_lexicon()
        counts = CountMatcher(lex)
        # same matches; sentences without the words a pattern needs are not scanned
        prefilter_attributes(counts)
        prefilter_attributes(lex, ("modality_res", "story_res", "claim_verbs_re",
                                   "unverified_re", "verified_re", "military_re", "police_re",
                                   "platform_re"))
        for module in (counts_module, *SENTENCE_RULE_MODULES):
            prefilter_module(module)  # the patterns their functions look up by name
        # the literals of the trigger and actor patterns, derived now rather than on first use
        list_plan(lex.triggers, attrgetter("regex"))
        list_plan(lex.actor_entries, itemgetter(1))
        literal_cache.save(cached, known)
        return cls(lex=lex, counts=counts, gazetteer=gazetteer,
                   version=coder_version(), demonyms={})

    def demonym(self, phrase: str) -> str | None:
        """ISO3 of a demonym or country name ("armenian", "somalia's"), cached."""
        hit = self.demonyms.get(phrase)
        if hit is not None or phrase in self.demonyms:
            return hit
        iso: str | None = None
        if len(phrase) >= 3 and phrase not in _NOT_COUNTRY:
            iso = self.gazetteer.demonym_to_iso3(phrase)
            if iso is None:
                place = self.gazetteer.country_by_name(phrase)
                iso = getattr(place, "iso3", None) or None
        if len(self.demonyms) < 200_000:
            self.demonyms[phrase] = iso
        return iso

    def country_name(self, iso3: str) -> str | None:
        place = self.gazetteer.country_by_iso3(iso3)
        return getattr(place, "country", None) or None

    def find_dateline(self, text: str) -> Any:
        """The place mention of the text's dateline, or None."""
        finder = getattr(self.gazetteer, "find_dateline", None)
        return finder(text) if finder is not None else None

    def outlet_home(self, source: str | None) -> Any:
        """The US city a local outlet (its name or web address) is named after, or None."""
        finder = getattr(self.gazetteer, "outlet_home", None)
        return finder(source) if source and finder is not None else None

    def find_places(self, text: str) -> list[Any]:
        found = list(self.gazetteer.find(text))
        if "apital" in text or "APITAL" in text:  # "the Peruvian capital"
            extra = capital_mentions(text, self.gazetteer, found)
            if extra:
                found = sorted(found + extra, key=lambda m: m.start)
        return found


# Modules whose module-level patterns run on sentences or windows of them: each pattern is
# replaced by its ``Prefiltered`` form (same answers; skipped where its literals are absent).
SENTENCE_RULE_MODULES = (counts_news, counts_story, counts_single, counts_deaths, counts_names,
                         counts_people, counts_rules,
                         mentions, claims, actions, locate, locate_cues, actors, story, genre)

# lower-case words that are no country here ("car" is the Central African Republic only as "CAR")
_NOT_COUNTRY = frozenset({"the", "and", "government", "national", "federal", "state", "security",
                          "special", "armed", "regional", "local", "army", "police", "car"})
