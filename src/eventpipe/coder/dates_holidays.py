"""Named holidays as days: "on Labor Day", "on Christmas Eve", "Halloween night".

A holiday is resolved to its most recent occurrence on or before the day after publication
(a report on 2 September of a shooting "on Labor Day" means 1 September), with day precision.
Fixed-date holidays fall on their calendar day; the US movable ones on their rule (Labor Day:
first Monday of September; Memorial Day: last Monday of May; Thanksgiving: fourth Thursday of
November; Martin Luther King Jr. Day and Presidents' Day: third Monday of January and February;
Mother's and Father's Day: second Sunday of May and third Sunday of June).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

_NAMES = (r"new year'?s eve|new year'?s day|christmas eve|christmas day|christmas|"
          r"thanksgiving(?: day)?|labor day|memorial day|(?:the )?fourth of july|halloween|"
          r"valentine'?s day|mother'?s day|father'?s day|juneteenth|veterans day|"
          r"martin luther king jr\.? day|mlk day|presidents'? day")
# the day itself: "on Christmas Eve", "Christmas night" - not a gift "for Christmas", a day
# "after Christmas" or a "Halloween party" (held on a weekend near it); "Independence Day" is
# every country's
_HOLIDAY = re.compile(
    r"\b(?:on|over|during|this|last)\s+(?:the\s+)?(?P<h>" + _NAMES + r")\b|"
    r"\b(?P<h2>" + _NAMES + r")(?=\s+(?:night|morning|evening|afternoon|weekend)\b)",
    re.IGNORECASE)
_FIXED = {"new years eve": (12, 31), "new years day": (1, 1), "christmas eve": (12, 24),
          "christmas day": (12, 25), "christmas": (12, 25), "fourth of july": (7, 4),
          "halloween": (10, 31), "valentines day": (2, 14), "juneteenth": (6, 19),
          "veterans day": (11, 11)}
# month, weekday (Monday 0), which one (1st, 2nd, ...; -1 the last)
_MOVABLE = {"labor day": (9, 0, 1), "memorial day": (5, 0, -1), "thanksgiving": (11, 3, 4),
            "thanksgiving day": (11, 3, 4), "martin luther king jr day": (1, 0, 3),
            "mlk day": (1, 0, 3),
            "presidents day": (2, 0, 3), "mothers day": (5, 6, 2), "fathers day": (6, 6, 3)}


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday_day(name: str, year: int) -> date | None:
    key = re.sub(r"['’.]", "", name.lower()).removeprefix("the ")
    if key in _FIXED:
        month, day = _FIXED[key]
        return date(year, month, day)
    rule = _MOVABLE.get(key)
    return None if rule is None else _nth_weekday(year, *rule)


def holiday_dates(text: str, pub: date | None, taken: list[Any], make: Any) -> list[Any]:
    """Date mentions (built by ``make``) for the holidays of ``text`` outside the spans already
    ``taken`` by other date expressions."""
    if pub is None:
        return []
    out = []
    for m in _HOLIDAY.finditer(text):
        if any(d.start < m.end() and m.start() < d.end for d in taken):
            continue
        name = m.group("h") or m.group("h2")
        day = holiday_day(name, pub.year)
        if day is not None and day > pub + timedelta(days=1):
            day = holiday_day(name, pub.year - 1)
        if day is not None:
            out.append(make(m.start(), m.end(), day, 1, (pub - day).days > 300, False, True))
    return out
