"""Numbers in a casualty sentence that are no count: a year ("in 1989"), a clock time ("at
2200"), a day of the month ("on 16 november, six priests ..."), an emergency number ("a 911
call") or an age ("Smith, 65, was killed", "a boy of 15")."""

from __future__ import annotations

import re


def year_like(m: re.Match[str]) -> bool:
    """A year ("in 1989"), a clock time or an age ("Smith, 65, was killed", "42-year-old"):
    no count."""
    n1 = m.groupdict().get("n1") or ""
    if n1.isdigit() and len(n1) == 4 and 1900 <= int(n1) <= 2100:
        return True
    if n1.isdigit():  # a clock time ("at 2:59 p.m."): no count
        s, e = m.span("n1")
        low = m.string
        if low[s - 1:s] == ":" or (low[e:e + 1] == ":" and low[e + 1:e + 2].isdigit()):
            return True
        if _CLOCK_AFTER.match(low, e) or (len(n1) == 4 and low[max(0, s - 3):s] == "at "):
            return True  # "at 1210 gmt", "at 2200": a time of day
        if int(n1) <= 31 and (_MONTH_AFTER.match(low, e) or _MONTH_BEFORE.search(low, 0, s)):
            return True  # "on 16 november, six priests ...", "on nov. 16": a day of the month
        if n1 == "911" and _EMERGENCY_AFTER.match(low, e):
            return True  # "a 911 call reporting a teenager had been shot": the phone number
    return _age_like(m)


_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?:\b|\.)")
# (not "20 may have died"; not "on 12 may 5 people died"; a month, not "4 separatists")
_MONTH_AFTER = re.compile(r"\s+" + _MONTHS + r"(?<!may)|\s+may\b(?!\s+(?:have|"
                          r"be|also|still|not|well|yet|never|soon)\b)")
_MONTH_BEFORE = re.compile(r"(?<!\d )\b" + _MONTHS + r"\s+$")
_EMERGENCY_AFTER = re.compile(r"\s+(?:calls?|callers?|dispatch\w*|operators?|centers?|centres?|"
                              r"lines?|emergency|system)\b")
_CLOCK_AFTER = re.compile(r"\s*(?:gmt|utc|hours|hrs|local time)\b")
_AGE_AFTER = re.compile(r"(?:-|\s)(?:years?|yrs?|months?)(?:-|\s)old|-year\b")


def _age_like(m: re.Match[str]) -> bool:
    gd = m.groupdict()
    if not gd.get("n1") or gd.get("n2") or gd.get("qual"):
        return False
    low = m.string
    s, e = m.span("n1")
    if _AGE_AFTER.match(low, e):
        return True
    # "Doe, 65," and "Doe Jr., 30,": a name (a suffix's full stop included, or a translator's
    # "[name indistinct]") before it
    if low[e:e + 1] == "," and re.search(r"[a-z\]]\.?\s*,\s*$", low[max(0, s - 5):s]):
        return True
    if _OF_AGE_BEFORE.search(low, max(0, s - 30), s):
        return True  # "a boy of 15 was killed": an age
    if _UNDER_AGE_BEFORE.search(low, max(0, s - 25), s):
        return True  # "three of the victims were under 18": an age limit
    # "Roe and Poe, both 21, were killed"; "... and Doe, 31 all died": the ages of a list
    before = low[max(0, s - 12):s]
    return _LIST_AGE_BEFORE.search(before) is not None or (
        before.rstrip().endswith(",") and _LIST_AGE_AFTER.match(low, e) is not None)


_OF_AGE_BEFORE = re.compile(r"\b(?:boy|girl|man|woman|men|women|child|children|teenager|"
                            r"teen|youth|youths|son|daughter|mother|father|person|people)"
                            r"\s+(?:aged\s+(?:of\s+)?|of\s+)$")  # "a man aged 23", "a boy of 15"
_UNDER_AGE_BEFORE = re.compile(r"\b(?:were|was|are|is|aged|age|ages)\s+"
                               r"(?:under|over|below|above)\s+$")
_LIST_AGE_BEFORE = re.compile(r",\s*(?:both|all|ages?|aged)\s+$")
_LIST_AGE_AFTER = re.compile(r"\s+(?:all|both)\b")
