"""Text helpers for place lookup: name normalisation, tokens, and the cue words around a name.

Everything here is pure and cheap; the gazetteer (``places.py``) uses it both when it builds its
name index and when it scans an article, so a name and a mention normalise the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKEN_RE = re.compile(r"[^\W_]+")
_ASCII_TOKEN_RE = re.compile(r"[a-z0-9]+")

# Letters NFKD does not decompose into an ASCII base letter.
_EXTRA_FOLD = str.maketrans({"ı": "i", "ə": "a", "ǝ": "a", "ø": "o", "Ø": "O", "ß": "ss",
                             "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ħ": "h", "æ": "ae",
                             "œ": "oe", "þ": "th", "ð": "d", "Ə": "A", "İ": "I"})

# Lower-case words allowed inside a multi-word place name in mixed-case text.
CONNECTORS = frozenset(
    "de del della la le les los las el al ad ar as an ash at az es ez ed en and of the da do dos "
    "das di du des y e i van der den von sur sous bin ibn am im on upon sul au aux".split()
)
# Lower-case article a name may start with in running text ("al-Bab", "el-Fasher").
LEADING_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "an", "ash", "ez", "es", "ed"})

# Words after a name that say what kind of place it is, mapped to the API's kind_hint values.
KIND_WORDS: dict[str, str] = {
    "district": "district", "districts": "district", "rayon": "district", "raion": "district",
    "region": "region", "regions": "region", "oblast": "region", "marz": "region",
    "province": "province", "provinces": "province", "governorate": "province",
    "prefecture": "province", "department": "province", "wilayat": "province",
    "state": "state", "county": "county", "city": "city", "town": "town",
    "village": "village", "villages": "village", "municipality": "city", "township": "town",
    "canton": "district", "cantons": "district",
}
# "the town of X", "X's neighbouring village of Y": a hint before the name.
_KIND_BEFORE = frozenset({"town", "village", "city", "district", "province", "region", "county",
                          "state", "governorate", "settlement", "hamlet", "towns", "villages",
                          "cities", "districts", "provinces", "regions"})
_PLURAL = {"towns": "town", "villages": "village", "cities": "city", "districts": "district",
           "provinces": "province", "regions": "region"}

# Words skipped when looking back from a name for its preposition ("in the northern town of").
_FILLERS = frozenset(
    "the a an of town village city district province region county area small tiny border "
    "frontier northern southern eastern western central north south east west northeastern "
    "northwestern southeastern southwestern remote nearby neighbouring neighboring rural "
    "settlement hamlet capital provincial regional key strategic besieged embattled "
    "disputed occupied contested".split()
)
_QUALIFIERS: dict[str, str] = {
    "near": "near", "nearby": "near", "close": "near", "around": "near", "outskirts": "outside",
    "outside": "outside", "in": "in", "inside": "in", "at": "in", "into": "in",
    "within": "in", "from": "in", "across": "in", "throughout": "in", "through": "in",
}
# "5 km south of X", "north of X": a direction then "of" means near.
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                         "southwest", "km", "kilometres", "kilometers", "miles"})


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """Lower-case ASCII form of one token (diacritics stripped)."""
    if token.isascii():
        return token.lower()
    text = unicodedata.normalize("NFKD", token.translate(_EXTRA_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() or "_"


@lru_cache(maxsize=4096)
def compact(surface: str) -> str:
    """The letters and digits of a name ("U.S." -> "US"), for short-form checks."""
    return _NOT_ALNUM.sub("", surface)


def name_key(name: str) -> str:
    """The lookup key of a place name: folded tokens joined by single spaces."""
    if name.isascii():
        return " ".join(_ASCII_TOKEN_RE.findall(name.lower()))
    return " ".join(fold(t) for t in TOKEN_RE.findall(name))


def is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def kind_hint_after(words: list[str], index: int) -> str | None:
    """kind_hint from the folded word right after a name ("Kunduz province")."""
    if index < len(words):
        return KIND_WORDS.get(words[index])
    return None


def kind_hint_before(words: list[str], index: int) -> str | None:
    """kind_hint from "the town of X" / "village of X" right before a name."""
    if index >= 2 and words[index - 1] == "of" and words[index - 2] in _KIND_BEFORE:
        word = _PLURAL.get(words[index - 2], words[index - 2])
        return KIND_WORDS.get(word)
    return None


_AREA_AFTER = frozenset({"area", "areas", "outskirts", "vicinity", "environs", "surroundings"})


def qualifier_before(words: list[str], index: int, end: int | None = None) -> str | None:
    """The preposition governing a name: 'near' | 'outside' | 'in' | None; a name followed by
    "area", "outskirts" or "vicinity" ("in the Maru area") is 'near' (``end``: its last token
    + 1)."""
    if end is not None and end < len(words) and words[end] in _AREA_AFTER:
        return "near"
    j = index - 1
    steps = 0
    while j >= 0 and steps < 6:
        word = words[j]
        if word == "of" and j >= 1 and words[j - 1] in _DIRECTIONS:
            return "near"
        if word in _QUALIFIERS:
            return _QUALIFIERS[word]
        if word not in _FILLERS:
            return None
        j -= 1
        steps += 1
    return None


_VOWELS_RE = re.compile(r"(?<=.)[aeiouy]")
_REPEAT_RE = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """Consonant skeleton of a name key, for romanisation variants ("Jawzjan"/"Jowzjan")."""
    return _REPEAT_RE.sub(r"\1", _VOWELS_RE.sub("", key.replace(" ", "")))


# Month names are places only with a cue ("May district"), never beside a number ("7 May 2025").
MONTHS = frozenset("january february march april may june july august september october "
                   "november december".split())


def next_to_number(words: list[str], i: int) -> bool:
    return ((i > 0 and words[i - 1].isdigit())
            or (i + 1 < len(words) and words[i + 1][:1].isdigit()))


def ascii_name(name: str | None) -> str | None:
    """A place name as ACLED writes it: Latin letters without diacritics ("Apatzingan")."""
    if name is None or name.isascii():
        return name
    folded = unicodedata.normalize("NFKD", name.translate(_ASCII_EXTRA))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


_ASCII_EXTRA = str.maketrans({"ı": "i", "ə": "a", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d",
                              "Đ": "D", "ł": "l", "Ł": "L", "ħ": "h", "æ": "ae", "œ": "oe",
                              "Ə": "A", "İ": "I", "ʻ": "'", "ʼ": "'"})
