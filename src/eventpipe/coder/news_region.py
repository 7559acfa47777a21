"""Which national press an article reads like, from its conventions alone.

US local news writes "the 3300 block of", "11:30 p.m.", "the sheriff's office", "a 911 call",
"Mich." or ", Mo." after a town, and charges such as "aggravated assault". When several such
cues appear, a bare town name ("Douglas", "Panama City", "Jordan") is far more likely the
American homonym than a foreign capital, and an article that names no country is set in the
United States.
"""

from __future__ import annotations

import re
import string

from .prefilter import TextIndex

US_ISO3 = "USA"

# Case-sensitive on purpose: wire copy set in capitals ("POLICE DEPARTMENT") is not local news.
_US_CUES = (
    re.compile(r"\b\d{2,5}\s+block\s+of\b|\bblock of [A-Z0-9]"),
    re.compile(r"\b\d{1,2}(?::\d\d)?\s*[ap]\.m\."),
    re.compile(r"\b[Ss]heriff(?:'s|’s)?\s+(?:[Oo]ffice|[Dd]epartment|deputies|deputy|said)\b"),
    re.compile(r"\b(?:[Pp]olice|[Ff]ire) [Dd]epartment\b"),
    re.compile(r"\b911\s+(?:call|calls|dispatchers?|operator)\b|\bcalled 911\b"),
    re.compile(r"\b(?:aggravated assault|[Ff]irst-degree|[Ss]econd-degree|[Tt]hird-degree|"
               r"reckless endangerment|involuntary manslaughter|felony|misdemeanor|"
               r"[Dd]istrict [Aa]ttorney|grand jury|bond|arraign(?:ed|ment))\b"),
    re.compile(r"\b(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|"
               r"Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo)\.(?=\s|,)"),
    re.compile(r"\b(?:gunshot wounds?|shooting victims?|homicide detectives|drive-by|"
               r"officer-involved|Crime ?Stoppers)\b"),
    re.compile(r"\b(?:[A-Z][a-z]+\s){1,2}(?:County|Parish)\s+(?:Sheriff|Coroner|Medical "
               r"Examiner|Prosecutor|Jail|Police)\b|\b(?:coroner|medical examiner)\b"),
    # American schools, roads and vehicles: "Carver Middle School", "Interstate 95", "I-10",
    # "an SUV", "a pickup truck"
    re.compile(r"\b[A-Z][a-z]+ (?:Elementary|Middle|High) School\b|\bInterstate \d{1,3}\b|"
               r"\bI-\d{1,3}\b|\bSUV\b|\bpickup truck\b"),
    # "PRESTON, ID -", "Springfield, MO": a town and a two-letter postal code
    re.compile(r"(?:\b[A-Z][a-z]+|^\s*[A-Z][A-Z .]+), "
               r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|"
               r"MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|"
               r"VT|VA|WA|WV|WI|WY)\b(?=\s*(?:[-–—(,.:]|$))", re.MULTILINE),
)

US_MIN_CUES = 1


def us_news_cues(text: str, index: TextIndex | None = None) -> int:
    """How many distinct US-press cues the article shows (0 to len(_US_CUES)). ``index``:
    of ``text`` lower-cased letter by letter, to skip the cues that cannot match."""
    sample = text[:2000]
    letters, upper = _letters_and_capitals(sample)
    if letters and upper > 0.6 * letters:
        return 0  # wire copy set in capitals: not local news conventions
    if index is None:
        return sum(1 for cue in _US_CUES if cue.search(text))
    return sum(1 for cue in _US_CUES if index.search_source(cue, text))


_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_UPPER = string.ascii_uppercase.encode()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _letters_and_capitals(sample: str) -> tuple[int, int]:
    """How many characters of ``sample`` are letters (str.isalpha) and capitals (isupper):
    the ASCII part counted by deleting bytes, the rest one character at a time."""
    raw = sample.encode("ascii", "ignore")
    letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
    if len(raw) != len(sample):
        rest = "".join(_NON_ASCII.findall(sample))
        letters += sum(map(str.isalpha, rest))
        upper += sum(map(str.isupper, rest))
    return letters, upper


def reads_as_us_news(text: str) -> bool:
    return us_news_cues(text) >= US_MIN_CUES
