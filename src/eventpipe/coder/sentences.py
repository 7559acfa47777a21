"""Sentence splitting with character offsets, and a length-preserving lower-casing."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "maj", "cpl", "pvt", "gov",
    "sen", "rep", "rev", "prof", "jr", "sr", "no", "nos", "inc", "ltd", "co", "corp", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ave",
    "blvd", "rd", "mt", "ft", "dept", "est", "approx", "fig", "cmdr", "adm", "brig", "supt",
    "insp", "det", "ofc", "pres", "messrs", "u.s", "u.n", "a.m", "p.m", "d.c", "e.g", "i.e",
    "u.k", "n.y", "l.a", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga",
    "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb",
    "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo",
}
# r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)|\n[ \t]*\n|\n(?=[ \t]{2,}\S)" with its first character
# taken out in front (the same matches): a pattern that begins with a character class lets the
# engine skip the other characters in a tight loop instead of trying the pattern at each one
_END = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'\u201d\u2019)\]]*(?=\s)|(?<=\n)[ \t]*\n|"
                  r"(?<=\n)(?=[ \t]{2,}\S))")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.+$")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` without changing its length (so offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_LINE_BREAK = re.compile(r"(?<![\n.:;!?])[ \t]*\n(?![ \t]*\n)")
_HARD_WRAP_MIN_BREAKS = 4
_HARD_WRAP_WIDTH = (50, 90)


def unwrap_lines(text: str) -> str:
    """A hard-wrapped text (teletype copy broken at a fixed width) with its line breaks inside a
    paragraph turned into spaces, same length: "PORT\nHARCOURT" is one name, "HACKED TO\nDEATH" one
    phrase. Other texts (and paragraph breaks) are returned unchanged."""
    if text.count("\n") < _HARD_WRAP_MIN_BREAKS:
        return text
    lines = [ln for ln in text.split("\n") if ln.strip()]
    lo, hi = _HARD_WRAP_WIDTH
    wrapped = sum(1 for ln in lines if lo <= len(ln) <= hi)
    if len(lines) < _HARD_WRAP_MIN_BREAKS or wrapped * 2 < len(lines):
        return text
    return _LINE_BREAK.sub(lambda m: " " * len(m.group(0)), text)


def _is_abbreviation(text: str, dot_pos: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot_pos - 12), dot_pos + 1)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREV:
        return True
    # Initials such as "J." or "U.S." (single letters separated by dots).
    return len(word) == 1 or ("." in word and _INITIALS.fullmatch(word) is not None)


# Scraped web text that lost the space after a full stop: "Sunday afternoon.16-year-old Lee",
# "at 2:59 p.m.Lee Davis": a lower-case word (or a.m./p.m.) ends a sentence right before a
# capitalised word or a digit
_GLUED = re.compile(r"\.(?=[A-Z][a-z]|\d+-year)(?:(?<=[a-z]{3}\.)|(?<=\b[ap]\.m\.))")


def _unglue(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in _GLUED.finditer(text, start, end):
        if text.endswith("www", 0, m.start()):
            continue  # a web address
        out.append((start, m.end()))
        start = m.end()
    out.append((start, end))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; each keeps its offsets into ``text`` (whitespace trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _END.finditer(text):
        end = m.end()
        if text[m.start()] == ".":
            if _is_abbreviation(text, m.start()):
                continue
            nxt = end
            while nxt < n and text[nxt].isspace():
                nxt += 1
            # A full stop followed by a lower-case word is not a sentence end.
            if nxt < n and text[nxt].islower():
                continue
        spans.append((start, end))
        start = end
    spans.append((start, n))
    if _GLUED.search(text) is not None:
        spans = [part for s, e in spans for part in _unglue(text, s, e)]
    out: list[Sentence] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(len(out), s, e))
    return out
