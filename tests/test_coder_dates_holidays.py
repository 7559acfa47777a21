"""Named holidays as days. Texts written for these tests."""

from __future__ import annotations

from datetime import date

from eventpipe.coder.dates import find_dates
from eventpipe.coder.dates_holidays import holiday_day


def test_movable_and_fixed_holidays():
    assert holiday_day("Labor Day", 2025) == date(2025, 9, 1)
    assert holiday_day("Memorial Day", 2024) == date(2024, 5, 27)
    assert holiday_day("Thanksgiving", 2023) == date(2023, 11, 23)
    assert holiday_day("New Year's Eve", 2023) == date(2023, 12, 31)
    assert holiday_day("Mother's Day", 2024) == date(2024, 5, 12)


def _days(text: str, pub: date) -> list[date | None]:
    return [d.value for d in find_dates(text, pub)]


def test_a_holiday_is_the_most_recent_one_before_the_report():
    assert _days("The girl was shot on Labor Day, police said.", date(2025, 9, 2)) == \
        [date(2025, 9, 1)]
    assert _days("Gunfire erupted Christmas night outside a church.", date(2016, 1, 3)) == \
        [date(2015, 12, 25)]


def test_a_gift_a_party_or_a_day_after_is_no_holiday_date():
    assert _days("He showed them a rifle he got for Christmas.", date(2017, 1, 4)) == []
    assert _days("Two were shot at a Halloween party.", date(2016, 10, 30)) == []
    assert _days("A teen was killed just after Christmas.", date(2016, 12, 28)) == []
    assert _days("Mortars hit an Independence Day ceremony.", date(2016, 8, 18)) == []
