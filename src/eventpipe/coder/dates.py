"""Date expressions resolved against the publication date.

Rules: explicit dates with a year are kept when sane (1900-01-01 .. published + 1 day, or a
year ahead for planned events); a day and month without a year take the latest year that is
not after published + 1 day; weekdays are the most recent such day on or before publication;
"yesterday"/"last night" = published - 1 ("the day before yesterday" - 2); "N days ago/earlier"
= published - N; "last week" = published - 7 (precision 2); a month alone is precision 3.
With no publication date, relative expressions resolve to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .date_words import group_name, is_may_march_verb
from .dates_holidays import holiday_dates
from .prefilter import matches_from
from .regex_literals import lower_is_safe, lowercase_variant

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
# Timestamps of the page ("Posted: Tuesday, May 5, 2015") are no event dates.
BYLINE = re.compile(r"(?:posted|updated|published|last updated|created|modified|date)\s*:?\s*"
                     r"(?:on\s+)?(?:\w+,?\s+){0,2}$", re.IGNORECASE)
_NUMW = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MON2 = r"(?P<mon2>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# A two-digit year ("30 DEC 89") ends the date; "on 12 March 35 bodies were found" reads
# the number as a count, so a two-digit year may not run on into a word other than one that
# can follow a date.
_YY_END = (r"(?!\s+(?!(?:in|at|on|near|when|while|and|but|or|the|a|an|to|by|of|as|after|"
           r"before|during|from|for|with|was|were|is|it|he|she|they|we|there|that|this)\b)"
           r"[a-z])")
_DATE_RE = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    r"|(?P<us>\d{1,2})/(?P<usd>\d{1,2})/(?P<usy>(?:19|20)?\d\d)"
    rf"|(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?{_MON}(?:,?\s+(?P<y1>(?:19|20)\d\d|'?\d\d{_YY_END})(?![\d:]))?"
    rf"|{_MON2}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:\s*-\s*\d{{1,2}}(?![\d:]))?"
    r"(?:,?\s+(?P<y2>(?:19|20)\d\d)(?!\d))?"
    r"|(?P<mon3>january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|aug|sept|oct|nov|dec)\.?\s+(?:(?P<y3>(?:19|20)\d\d)|(?P<ly>last year)|"
    r"(?P<ty>this year)|of (?:the )?(?P<ly2>last|previous|this|that) year)"
    r"|(?P<lm>last|this|early|late|earlier this|in)\s+(?P<mon4>january|february|march|april|"
    r"may|june|july|august|september|october|november|december)(?![\w])"
    r"(?:,?\s+(?P<ly4>last year|this year|of last year|of this year|(?:19|20)\d\d))?"
    r"|(?P<wk_pre>last|this|next|on|early|late|since)?\s*(?P<wd>monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)(?:'s)?"
    r"|(?P<yest>the (?:day|night) before (?:yesterday|last)|yesterday|last night|"
    r"overnight|the previous day|the day before|the night before)"
    r"|(?P<nextd>the (?:next|following) (?:day|morning|night|evening)|the day after|"
    r"next morning)"
    r"|(?P<today>today|tonight|this morning|this afternoon|this evening|earlier today)"
    r"|(?P<ago>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<unit>days?|weeks?|months?|years?)\s+(?P<rel>ago|earlier|before|after|later|previously)"
    r"|(?P<lw>last|previous|past)\s+(?P<lunit>week|weekend|month|year)"
    r"|(?:in|since|of|during)\s+(?:(?:early|late|mid)[\s-]+)?(?P<year>(?:19|20)\d\d)(?![\d-])"
    # "the 2015 assault", "a 2021 bombing" (not "the 2000 troops", a number)
    r"|(?:the|an?|its|their|his|her)\s+(?P<year2>(?:19|20)\d\d)(?=\s+[a-z])(?!\s+(?:people|"
    r"persons|soldiers|troops|men|women|children|civilians|residents|fighters|militants|"
    r"rebels|police|policemen|officers|members|families|students|workers|refugees|voters|"
    r"protesters|homes|houses|head|of|to|and|or)\b)"
    r")(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date | None
    precision: int
    historical: bool
    future: bool = False
    relative: bool = False
    # "two days later", "the next day": days after the event told before it (resolved by
    # ``after_previous`` once the article's earlier events have their days)
    step: int = 0


_FOR_BEFORE = re.compile(r"\bfor\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+(?:the|a|an|his|her|their|its)\b", re.IGNORECASE)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year2(text: str | None, pub: date | None) -> int | None:
    if not text:
        return None
    t = text.lstrip("'")
    if len(t) == 4:
        return int(t)
    y = int(t)
    century = (pub.year // 100) * 100 if pub else 1900
    full = century + y
    if pub and full > pub.year + 1:
        full -= 100
    return full


def _no_year(month: int, day: int, pub: date | None) -> date | None:
    if pub is None:
        return None
    d = _safe(pub.year, month, day)
    if d is None:
        return None
    if d > pub + timedelta(days=1):
        d = _safe(pub.year - 1, month, day)
    return d


def _month_only(month: int, pub: date | None, year: int | None = None) -> date | None:
    if year is not None:
        return _safe(year, month, 1)
    if pub is None:
        return None
    y = pub.year if month <= pub.month else pub.year - 1
    return _safe(y, month, 1)


# The same spans, found about three times faster, in the text lower-cased (regex_literals).
# The code below reads the groups lower-cased or as digits, and the text's case in ``text``.
_DATE_RE_LOWER = lowercase_variant(_DATE_RE)


# Where a match of _DATE_RE_LOWER may start: the same look-behind (the start of the text or
# a character that is no letter, digit, "_" or "-"), then the first word(s) of one of its
# alternatives (a digit; a month; "last", "this", "earl(y|ier)", "late", "next", "since",
# "past", "previous"; a weekday, also after spaces or "on"; "yesterday", "overnight", "today",
# "tonight", "the previous day/day before/night before"; "in"/"of"/"during" before a year (or
# "early", "late", "mid") or month; a number word before a unit of time). Every match starts
# at such a place, so trying the pattern only there finds the same matches, without running
# its many alternatives at every word of the article. _DATE_STARTS begins with the character
# before the place, a plain character class, so that the engine skips the letters of words in
# one tight loop.
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)"
_MONTH3 = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_KEY_WORDS = (  # each begins with one plain letter
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "last", "this", "earl", "late", "next", "since", "past", "previous",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "yesterday", "overnight", "today",
    "tonight", "the (?:previous day|day (?:before|after)|night before|(?:next|following) )",
    rf"in\s+(?:19|20|{_MONTH3}|early|late|mid)", rf"on\s*{_WEEKDAY}",
    r"of\s+(?:19|20|early|late|mid)", r"during\s+(?:19|20|early|late|mid)",
    # "the 2015 assault", "a 2021 bombing": a year before a noun
    *(w + r"\s+(?:19|20)" for w in ("the", "an?", "its", "their", "his", "her")),
    *(w + r"\s+(?:day|week|month|year)" for w in ("an?", "one", "two", "three", "four", "five",
                                                  "six", "seven", "eight", "nine", "ten")),
)


def _by_first_letter(words: tuple[str, ...]) -> str:
    """``a|b|...`` grouped by first letter ("j(?:an|un|ul)"): the engine then tries one
    alternative per letter, each skipped at once when its letter differs."""
    rests: dict[str, list[str]] = {}
    for w in words:
        rests.setdefault(w[0], []).append(w[1:])
    return "|".join(f"{c}(?:{'|'.join(r)})" for c, r in rests.items())


_DATE_KEYS = rf"[0-9]|\s+{_WEEKDAY}|{_by_first_letter(_KEY_WORDS)}"
_DATE_AT_START = re.compile(_DATE_KEYS)
# In a text lower_is_safe accepts (then lower-cased) every letter or digit is ASCII, so
# "no letter, digit or _" is this plain class, which the engine tests without a Unicode look-up.
_DATE_STARTS = re.compile(rf"[^a-z0-9_-](?={_DATE_KEYS})")  # one character before a place


def date_starts(low: str) -> list[int]:
    """Every place of ``low`` (a lower-cased text that lower_is_safe accepts) where
    _DATE_RE_LOWER may find a match, in order."""
    got = [m.end() for m in _DATE_STARTS.finditer(low)]
    return [0, *got] if _DATE_AT_START.match(low) else got


def _date_matches(text: str) -> Iterator[re.Match[str]]:
    if _DATE_RE_LOWER is not None and lower_is_safe(text):
        low = text.lower()
        return matches_from(_DATE_RE_LOWER, low, date_starts(low))
    return _DATE_RE.finditer(text)


# "overnight" before the noun it describes ("an overnight raid")
# "overnight from Friday to Saturday": the weekdays tell the night
_NIGHT_OF = re.compile(r"\s+(?:from|into|between|on)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day",
                       re.IGNORECASE)
_ATTRIBUTIVE = re.compile(r"\s+(?:[a-z-]+\s+)?(?:attack|raid|assault|strike|offensive|shelling|"
                          r"bombardment|"
                          r"clash(?:es)?|fighting|curfew|operation|ambush|incursion)s?\b",
                          re.IGNORECASE)
_CONTINUED = re.compile(r"\b(?:continu\w*|persist\w*|went on|carried on|lasted|resumed|"
                        r"until|through|into)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _continued(text: str, start: int) -> bool:
    """The day at ``start`` is how long something went on ("continued the next day")."""
    return bool(_CONTINUED.search(text, max(0, start - 30), start))
_WEEKDAY_JOIN = re.compile(r",?\s*(?:the\s+)?")


def find_dates(text: str, pub: date | None) -> list[DateMention]:
    out: list[DateMention] = []
    kinds: list[str] = []
    upper_bound = (pub + timedelta(days=1)) if pub else None
    for m in _date_matches(text):
        g = m.groupdict()
        if is_may_march_verb(text, m) or group_name(text, m):
            continue
        val: date | None = None
        prec = 1
        hist = False
        future = False
        rel = False
        step = 0
        if g["iso"]:
            y, mo, d = (int(x) for x in g["iso"].split("-"))
            val = _safe(y, mo, d)
        elif g["us"]:
            yy = _year2(g["usy"], pub)
            val = _safe(yy, int(g["us"]), int(g["usd"])) if yy else None
        elif g["d1"] or g["d2"]:
            mon = MONTHS[(g["mon"] or g["mon2"]).lower()]
            day = int(g["d1"] or g["d2"])
            yy = _year2(g["y1"] or g["y2"], pub)
            val = _safe(yy, mon, day) if yy else _no_year(mon, day, pub)
            rel = yy is None
        elif g["mon3"]:
            mon = MONTHS[g["mon3"].lower()]
            prec = 3
            if g["y3"]:
                val = _month_only(mon, pub, int(g["y3"]))
            elif pub is not None:
                rel = True
                which = (g["ly2"] or "").lower()
                if g["ly"] or which in ("last", "previous"):
                    val = _safe(pub.year - 1, mon, 1)
                else:
                    val = _safe(pub.year, mon, 1)
        elif g["mon4"]:
            prec = 3
            rel = True
            mon = MONTHS[g["mon4"].lower()]
            ly4 = (g["ly4"] or "").lower()
            if ly4[:2] in ("19", "20"):
                val = _safe(int(ly4), mon, 1)
            elif "last" in ly4 and pub is not None:
                val = _safe(pub.year - 1, mon, 1)
            elif "this" in ly4 and pub is not None:
                val = _safe(pub.year, mon, 1)
            elif g["lm"].lower() == "last" and pub is not None:
                val = _safe(pub.year if mon < pub.month else pub.year - 1, mon, 1)
            else:
                val = _month_only(mon, pub)
        elif g["wd"]:
            rel = True
            pre = (g["wk_pre"] or "").lower()
            if pub is not None:
                back = (pub.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
                if pre == "next":
                    val, future = pub + timedelta(days=(7 - back) % 7 or 7), True
                else:
                    if pre == "last" and back == 0:
                        back = 7
                    val = pub - timedelta(days=back)
        elif g["yest"]:
            if g["yest"].lower() == "overnight" and (_ATTRIBUTIVE.match(text, m.end())
                                                     or _NIGHT_OF.match(text, m.end())):
                continue  # "an overnight raid on Sunday": a time of day, not a day
            rel = True
            back = 2 if g["yest"].lower().endswith(("yesterday", "last")) and \
                " before " in g["yest"].lower() else 1  # "the day before yesterday"
            val = pub - timedelta(days=back) if pub else None
        elif g["nextd"]:
            rel, step = True, 0 if _continued(text, m.start()) else 1
        elif g["today"]:
            rel = True
            val = pub
        elif g["ago"]:
            rel = True
            word = g["ago"].lower()
            n = int(word) if word.isdigit() else _NUMW.get(word, 1)
            unit = g["unit"].lower().rstrip("s")
            days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
            prec = 1 if unit == "day" else 2 if unit == "week" else 3
            r = g["rel"].lower()
            if r in ("later", "after") and unit in ("day", "week") and \
                    not _continued(text, m.start()):
                # "two days later": after the event told before ("the fighting continued two
                # days later" is the same incident going on)
                step = days
            if r == "before" and (_FOR_BEFORE.search(text, max(0, m.start() - 5), m.start())
                                  or _NOUN_AFTER.match(text, m.end())):
                continue  # "hid them for a week before the raid": before that act, not now
            if pub is not None and r in ("ago", "earlier", "before", "previously", "after"):
                val = pub - timedelta(days=days)  # "two days after he was shot" (now)
            elif pub is not None and not step:
                val, future = pub + timedelta(days=days), True
            hist = unit == "year"
        elif g["lw"]:
            rel = True
            unit = g["lunit"].lower()
            if pub is not None:
                if unit == "week":
                    val, prec = pub - timedelta(days=7), 2
                elif unit == "weekend":
                    val, prec = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7), 2
                elif unit == "month":
                    first = pub.replace(day=1) - timedelta(days=1)
                    val, prec = first.replace(day=1), 3
                else:
                    val, prec, hist = None, 3, True
        elif g["year"] or g["year2"]:
            yr = int(g["year"] or g["year2"])
            if pub is not None and yr < pub.year:
                hist = True
            val = None
            prec = 3
        if val is not None:
            if val < date(1900, 1, 1):
                val = None
            elif upper_bound is not None and val > upper_bound:
                if val <= upper_bound + timedelta(days=366):
                    future = True
                else:
                    val = None
        if val is not None and pub is not None and (pub - val).days > 300:
            hist = True
        out.append(DateMention(m.start(), m.end(), val, prec, hist, future, rel, step))
        kinds.append("relative" if g["wd"] or g["today"] or g["yest"] else
                     "day" if g["iso"] or g["us"] or g["d1"] or g["d2"] else "")
    found = _that_weekday(text, _calendar_over_weekday(text, out, kinds))
    extra = holiday_dates(text, pub, found, DateMention)  # "on Labor Day", "Christmas Eve"
    return sorted(found + extra, key=lambda d: d.start) if extra else found


def _calendar_over_weekday(text: str, out: list[DateMention],
                           kinds: list[str]) -> list[DateMention]:
    """"on Monday, 4 August", "today, 12 January": one mention of the calendar day; the
    weekday or relative day (which may not even agree with it) only restates it."""
    drop = {i for i in range(len(out) - 1)
            if kinds[i] == "relative" and kinds[i + 1] == "day"
            and _WEEKDAY_JOIN.fullmatch(text, out[i].end, out[i + 1].start)}
    if not drop:
        return out
    return [replace(d, start=out[i - 1].start) if i - 1 in drop else d
            for i, d in enumerate(out) if i not in drop]


_DIGIT = re.compile(r"\d")  # a calendar day ("July 30"), not another weekday or "yesterday"
_THAT_DAY = re.compile(r"\bthat\s+(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def _that_weekday(text: str, out: list[DateMention]) -> list[DateMention]:
    """"a July 30 shooting ... It happened around 8:30 p.m. that Monday": the weekday of a day
    the text named before, when that day fell on it (not the last such day before the report)."""
    if _THAT_DAY.search(text) is None:
        return out
    for i, d in enumerate(out):
        m = _THAT_DAY.search(text, max(0, d.start - 6), d.end)
        if m is None or d.value is None:
            continue
        wd = WEEKDAYS[m.group(1).lower() + "day"]
        named = next((e for e in reversed(out[:i]) if e.value is not None and e.precision == 1
                      and _DIGIT.search(text, e.start, e.end) and e.value.weekday() == wd), None)
        if named is not None:
            out[i] = replace(d, value=named.value)
    return out
