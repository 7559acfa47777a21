"""Scan text for place names: token n-gram lookup with capitalisation and common-word filters.

Rules (all deterministic):

* A name is a run of tokens joined only by a space, hyphen or apostrophe (or "." inside
  abbreviations such as "U.S." or "St."); the scan extends a run while it is still the prefix
  of some indexed multi-word name and keeps the longest run that is a name and passes the rules.
* Mixed-case text: the first and last token of a name must be capitalised (lower-case
  connectors such as "de", "al", "of" may sit inside; "al-"/"el-" may start it).
* All-caps lines: a one-token name is found only when it is a country or admin1 region, or a
  place of population >= ``CAPS_MIN_POPULATION``, and is neither a common English word
  (``english_place_words.txt``) nor a listed person name or title before it
  (``person_names.txt``); short forms need their dots there ("U.S.", not "US").
* A one-token small place, or a common English word, opening a sentence is kept only when the
  same name occurs elsewhere in the text.
* A country or admin1 name of 6+ letters spelled another way ("Galgaduud") is found through a
  consonant skeleton plus a similarity check, in mixed-case text only.
* Names that are common English words (``place_stopwords.txt``) or demonyms are found only with
  a cue: a kind word after them ("Bay region") or "town/village/city of" before them.
* A small place (population < ``PERSON_MAX_POPULATION``) found as one token right beside another
  capitalised word ("Ali Hassan said") is taken for part of a person's or organisation's name.
* "City, Region" and "City, Country" (and AP state abbreviations: "Springfield, Ill.") put the
  candidates inside that region or country first.
"""

from __future__ import annotations

import difflib
import re
from typing import Protocol

from eventpipe.coder.places_dateline import find_dateline
from eventpipe.coder.places_index import GazetteerData, short_forms
from eventpipe.coder.places_paren import RegionIndex, apply_parens
from eventpipe.coder.places_rules import (
    AGE_RE,
    AP_STATES,
    FEATURE_WORDS,
    FULL_STATE_RE,
    LONGER_NAME,
    LONGER_NAME_CAPS,
    NAME_OF_VENUE,
    NAME_OF_VENUE_CAPS,
    NAME_TAIL,
    NOT_NAME_AFTER,
    PERSON_AFTER,
    PERSON_BEFORE,
    PLACE_BEFORE,
    POSSESSIVE_MAX_POPULATION,
    POSTAL,
    STATE_RE,
    can_join,
    candidate_order,
    caps_flags,
    case_ok,
    country_follows,
    dedupe,
    line_is_caps,
    merge_sorted,
    name_starts,
    outside_stated_region,
    prefer,
    territorial,
    tokenize,
)
from eventpipe.coder.places_text import (
    KIND_WORDS,
    MONTHS,
    compact,
    fold,
    is_capitalised,
    kind_hint_after,
    kind_hint_before,
    name_key,
    next_to_number,
    qualifier_before,
    skeleton,
)
from eventpipe.coder.places_types import Place, PlaceMention
from eventpipe.coder.regex_literals import lower_is_safe

CAPS_MIN_POPULATION, _AT_TOWN = 50_000, 5_000  # _AT_TOWN: after "at" on a capitals line
# A one-token small place opening a sentence ("Rain fell…") is kept only if named elsewhere too.
INITIAL_MIN_POPULATION = 20_000
PERSON_MAX_POPULATION = 1_000_000
SKELETON_MIN_LETTERS = 6  # fuzzy (skeleton) matching only for longer admin1/country names
SKELETON_MIN_RATIO = 0.8
_MEMO_MAX = 100_000  # remembered fuzzy lookups (a pure function of the word)


class _Joins:
    """``joins[i]``: may tokens i and i+1 belong to one name? Computed on demand."""

    __slots__ = ("_text", "_spans", "_raw", "_memo")

    def __init__(self, text: str, spans: list[tuple[int, int]], raw: list[str]) -> None:
        self._text, self._spans, self._raw = text, spans, raw
        self._memo: dict[int, bool] = {}

    def __getitem__(self, i: int) -> bool:
        hit = self._memo.get(i)
        if hit is None:
            hit = i + 1 < len(self._spans) and can_join(self._text, self._spans, self._raw, i)
            self._memo[i] = hit
        return hit


class _PlaceSource(Protocol):
    def place(self, row_id: int) -> Place: ...


class MentionScanner:
    """The token scan behind ``Gazetteer.find``."""

    def __init__(self, data: GazetteerData, places: _PlaceSource) -> None:
        self._data = data
        self._places = places
        # kept with the tables; computed here for tables without them
        self._short_forms = data.short_forms if data.short_forms is not None else \
            short_forms(data)
        self._stop = data.stopwords | frozenset(data.demonyms)
        self._state_rows: dict[str, int] = {}
        self._cache: dict[tuple[str, str | None, int], tuple[Place, ...]] = {}
        self._fuzzy_memo: dict[str, tuple[str, list[int]] | None] = {}
        for (cc, code), row_id in data.admin1_row.items():
            if cc == "US":
                self._state_rows[code] = row_id
        self._skeletons = self._index_skeletons()
        self._regions = RegionIndex(data, places)

    def _index_skeletons(self) -> dict[str, list[tuple[str, list[int]]]]:
        """Skeleton -> (key, rows) of country and admin1 names of at least 6 letters."""
        rows, index = self._data.rows, self._data.index
        keys = {key for _cc, key in self._data.admin1_by_key} | set(self._data.country_by_key)
        out: dict[str, list[tuple[str, list[int]]]] = {}
        for key in keys:
            if len(key) < SKELETON_MIN_LETTERS or key in self._stop or key not in index:
                continue
            big = [r for r in index[key] if rows[r][1] in ("admin1", "country")]
            if big:
                out.setdefault(skeleton(key), []).append((key, big))
        return out

    def _fuzzy(self, key: str) -> tuple[str, list[int]] | None:
        """A country or admin1 name spelled another way ("Galgaduud" for "Galguduud")."""
        if len(key) < SKELETON_MIN_LETTERS or key in self._stop:
            return None
        try:
            return self._fuzzy_memo[key]
        except KeyError:
            pass
        got = self._fuzzy_uncached(key)
        if len(self._fuzzy_memo) < _MEMO_MAX:
            self._fuzzy_memo[key] = got
        return got

    def _fuzzy_uncached(self, key: str) -> tuple[str, list[int]] | None:
        best, best_ratio = None, SKELETON_MIN_RATIO
        for known, rows in self._skeletons.get(skeleton(key), ()):
            ratio = difflib.SequenceMatcher(None, key, known).ratio()
            if ratio >= best_ratio:
                best, best_ratio = (known, rows), ratio
        return best

    # -- the scan -------------------------------------------------------------------------
    def scan(self, text: str) -> list[PlaceMention]:
        spans, raw = tokenize(text)
        if lower_is_safe(text):  # ASCII letters and digits only: every token is ASCII
            words = list(map(str.lower, raw))
        else:
            words = [t.lower() if t.isascii() else fold(t) for t in raw]
        caps = caps_flags(text, spans)
        # All-caps text tries every token, so compute every join; mixed case only a few.
        joinable: _Joins | list[bool] = (
            [can_join(text, spans, raw, i) for i in range(len(spans) - 1)] if any(caps)
            else _Joins(text, spans, raw))
        out: list[PlaceMention] = []
        deferred: list[tuple[str, PlaceMention]] = []
        n, prev_end, next_free = len(spans), -9, 0
        surnames: set[str] = set()
        persons = self._data.person_names
        index, prefixes = self._data.index, self._data.prefixes
        # A name never starts with a lower-case word in mixed-case text (except "al-", "el-").
        starts = name_starts(raw, words, caps)
        for i in starts:
            if i < next_free:
                continue
            first = raw[i][0]
            # Walk forward while the tokens so far begin some multi-word name.
            found: list[tuple[int, str, list[int]]] = []
            key, k = words[i], 1
            while True:
                rows = index.get(key)
                if rows is not None:
                    found.append((k, key, rows))
                if i + k >= n or not joinable[i + k - 1]:
                    break
                key = f"{key} {words[i + k]}"
                if key not in prefixes:
                    break
                k += 1
            if not found and first.isupper() and not caps[i]:
                fuzzy = self._fuzzy(words[i])
                if fuzzy is not None:
                    found.append((1, fuzzy[0], fuzzy[1]))
            for k, key, rows in reversed(found):
                mention = self._accept(text, spans, raw, words, caps, joinable, i, k, key, rows,
                                       prev_end)
                if mention is None and k == 1 and i > 0 and not caps[i] and joinable[i - 1] \
                        and is_capitalised(raw[i - 1]) and not persons.isdisjoint(words[i - 2:i]):
                    surnames.add(key)  # "Muhammad Karim Wardak": later "Wardak" is the man
                if mention is not None:
                    if k == 1 and self._doubtful_initial(text, spans, caps, i, rows, mention):
                        deferred.append((key, mention))
                    else:
                        out.append(mention)
                    prev_end = next_free = i + k
                    break
        if deferred:
            named = {name_key(m.text) for m in out}
            out.extend(m for key, m in deferred if key in named)
            out.sort(key=lambda m: m.start)
        if surnames:
            out = [m for m in out if m.qualifier is not None or m.kind_hint is not None
                   or name_key(m.text) not in surnames]
        return self._apply_commas(text, apply_parens(text, out, self._regions))

    def _doubtful_initial(self, text: str, spans: list[tuple[int, int]], caps: list[bool],
                          i: int, rows: list[int], mention: PlaceMention) -> bool:
        """A small place as the first word of a sentence, with no cue: maybe just a word."""
        if caps[i] or mention.kind_hint is not None or mention.qualifier is not None:
            return False
        gap = text[spans[i - 1][1]:spans[i][0]] if i > 0 else "."
        if not any(ch in gap for ch in '.!?\n"“:;'):
            return False
        if text[spans[i][1]:spans[i][1] + 1] == ",":
            return False  # "Baidoa, Somalia" / a dateline
        if mention.text.lower() in self._data.english_words:
            return True  # "Mobile phones…", "Reading the…"
        return not self._big_enough(rows, INITIAL_MIN_POPULATION)

    def _accept(self, text: str, spans: list[tuple[int, int]], raw: list[str],
                words: list[str], caps: list[bool], joinable: _Joins | list[bool], i: int, k: int,
                key: str, rows: list[int], prev_end: int) -> PlaceMention | None:
        end_tok = i + k
        hint = KIND_WORDS.get(words[end_tok - 1]) if k > 1 else None
        after = end_tok < len(words) and joinable[end_tok - 1]
        if hint is None and after:
            hint = kind_hint_after(words, end_tok)
        # "the Kalbajar region of Azerbaijan": "region" belongs to Kalbajar, not Azerbaijan.
        before_hint = kind_hint_before(words, i) if prev_end != i - 2 else None
        # Only clearly territorial words after a common word make it a place ("Bay region")
        cue = before_hint is not None or (
            hint is not None and after and territorial(words, end_tok, key))
        surface = raw[i:end_tok]
        if k == 1 and key in MONTHS and (not cue or next_to_number(words, i)):
            return None  # "7 May 2025", "in March": a date, not a place
        if k == 1 and key in KIND_WORDS and i and joinable[i - 1] and is_capitalised(raw[i - 1]):
            return None  # "Los Almendros Canton": the kind of the place before, not Canton, Ohio
        if key in self._short_forms:
            span_text = text[spans[i][0]:spans[end_tok - 1][1]]
            if compact(span_text) not in self._short_forms[key]:
                return None
            if caps[i] and "." not in span_text:
                return None  # "US" on an all-caps line may be the pronoun; "U.S." is not
        elif key in self._stop and not cue and not (
                surface[0][:1].isupper() and not caps[i] and
                (STATE_RE.match(text, spans[end_tok - 1][1]) or
                 FULL_STATE_RE.match(text, spans[end_tok - 1][1]))):
            return None  # "mobile phones", but "Mobile, Alabama" and "Reading, Pa."
        all_caps_token = k == 1 and len(surface[0]) > 1 and surface[0].isupper()
        if all_caps_token and not cue and not caps[i]:
            # "SMITHFIELD, N.C. —": a state after a capitals dateline name is a cue
            cue = STATE_RE.match(text, spans[i][1]) is not None
        if caps[i] or all_caps_token:
            # "NEAR NEBAJ", "AT UCHIZA" (a town of some size: not "AT PATROL CARS")
            located = i > 0 and (words[i - 1] in ("near", "outside", "in") or (
                words[i - 1] == "at" and self._big_enough(rows, _AT_TOWN)))
            if k == 1 and not cue and (key in self._data.english_words
                                       or not (located or self._big_enough(rows))):
                return None
            if k > 1 and words[i] == "the" and not self._big_enough(rows):
                return None  # "THE CENTER", "THE MISSION"
            if caps[i] and k == 1 and not cue and (
                    key in self._data.person_names
                    or (i > 0 and words[i - 1] in self._data.person_names)):
                return None  # "JOSE GARCIA", "PRESIDENT CASTRO", "VARGAS SAID"
        elif not case_ok(surface):
            return None
        elif k == 1 and not cue and self._looks_like_person(text, spans, raw, words, joinable,
                                                             i, rows):
            return None
        hint = hint or before_hint
        start, end = spans[i][0], spans[end_tok - 1][1]
        if not cue and NAME_TAIL.search(text, max(0, start - 40), start):
            return None  # "La Montana" in "San Luis de La Montana"
        if not cue and self._names_something_else(text, end, caps[i], rows):
            return None
        if all(len(t) == 1 for t in surface) and end < len(text) and text[end] == ".":
            end += 1  # "U.S." keeps its final period
        partial = not cue and (LONGER_NAME_CAPS if caps[i] else LONGER_NAME).match(
            text, end) is not None
        return PlaceMention(start=start, end=end, text=text[start:end],
                            candidates=self._candidates(key, hint, rows),
                            qualifier=qualifier_before(words, i, end_tok), kind_hint=hint,
                            partial=partial)

    def _names_something_else(self, text: str, end: int, caps: bool, rows: list[int]) -> bool:
        """"Tabor Street", "Visions Sports Bar", "McDonald's": a street, venue or business."""
        venue = NAME_OF_VENUE_CAPS if caps else NAME_OF_VENUE
        if venue.match(text, end):
            return True
        if text[end:end + 2] in ("'s", "’s") and not caps:
            return not any(self._data.rows[r][1] == "country"
                           or self._data.rows[r][6] >= POSSESSIVE_MAX_POPULATION for r in rows)
        return False

    def _candidates(self, key: str, hint: str | None, rows: list[int]) -> tuple[Place, ...]:
        # ``rows`` are all the rows of ``key`` or, for a fuzzy match, the country and admin1
        # rows among them: the count tells them apart (same count, same rows), so the answer
        # never depends on which of the two an earlier article asked for first
        cache_key = (key, hint, len(rows))
        cached = self._cache.get(cache_key)
        if cached is None:
            places = sorted((self._places.place(r) for r in rows),
                            key=candidate_order(key, hint))
            cached = self._cache[cache_key] = tuple(dedupe(places))
        return cached

    def _big_enough(self, rows: list[int], minimum: int = CAPS_MIN_POPULATION) -> bool:
        for r in rows:
            row = self._data.rows[r]
            if row[1] in ("country", "admin1") or row[6] >= minimum:
                return True
        return False

    def _looks_like_person(self, text: str, spans: list[tuple[int, int]], raw: list[str],
                           words: list[str], joinable: _Joins | list[bool], i: int,
                           rows: list[int]) -> bool:
        """A name in a person's slot: "Ali Hassan", "Sgt. Davis", "Payne, 24,", "Davis said"."""
        for r in rows:
            row = self._data.rows[r]
            if row[1] == "country" or row[6] >= PERSON_MAX_POPULATION:
                return False
        nxt = i + 1
        if country_follows(self._data, text, spans, words, i):
            return False  # "Sarband Helmand, Afghanistan", "Helmand Afghanistan": a place
        if (nxt < len(raw) and joinable[i] and is_capitalised(raw[nxt])
                and words[nxt] not in FEATURE_WORDS and words[nxt] not in KIND_WORDS
                and words[nxt] not in NOT_NAME_AFTER):
            return True  # part of a longer unknown name: "Ceel-Xyz", "Ali Hassan"
        if i > 0 and words[i - 1] in PLACE_BEFORE:
            return False  # "officials in Springfield said"
        if i > 0 and words[i - 1] in PERSON_BEFORE:
            return True
        if nxt < len(words) and words[nxt] in PERSON_AFTER and joinable[i]:
            return True
        if AGE_RE.match(text, spans[i][1]):
            return True
        return (i > 0 and joinable[i - 1] and is_capitalised(raw[i - 1])
                and words[i - 1] not in self._stop)

    # -- "City, Region" ---------------------------------------------------------------------
    def _apply_commas(self, text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        unknown: set[str] = set()
        for idx, mention in enumerate(mentions):
            nxt = mentions[idx + 1] if idx + 1 < len(mentions) else None
            state = STATE_RE.match(text, mention.end)
            region = self._state_mention(text, state) if state else None
            if region is not None and region.text.isupper() and line_is_caps(text, region.start):
                region = None  # "MEDELLIN, IN A…" on an all-caps line is not Indiana
            if region is not None and (nxt is None or nxt.start >= region.start):
                out.append(prefer(mention, region.candidates[0]))
                out.append(region)  # merge_sorted drops a mention it overlaps ("Pa")
                continue
            after = mentions[idx + 2] if idx + 2 < len(mentions) else None
            if name_key(mention.text) in unknown or nxt is not None and outside_stated_region(
                    text, mention, nxt, after):  # "Kaura village, Zamfara state", "in Kaura":
                unknown.add(name_key(mention.text))  # not the Kaura of Kaduna
                continue
            if nxt is not None and re.fullmatch(r"\s*,\s*", text[mention.end:nxt.start]):
                mention = prefer(mention, nxt.candidates[0])
            out.append(mention)
        return merge_sorted(out)

    def _state_mention(self, text: str, match: re.Match[str]) -> PlaceMention | None:
        abbr = match.group(1)
        code = AP_STATES.get(abbr, abbr if abbr in POSTAL else None)
        row = self._state_rows.get(code or "")
        if row is None:
            return None
        start, end = match.start(1), match.end(1)
        return PlaceMention(start=start, end=end, text=text[start:end],
                            candidates=(self._places.place(row),), qualifier=None,
                            kind_hint="state")

    def dateline(self, text: str) -> PlaceMention | None:
        return find_dateline(text, self.scan, lambda key: self._data.index.get(key) or [],
                             self._places.place)
