"""Sentences and dates."""

from __future__ import annotations

from datetime import date

from eventpipe.coder.dates import find_dates
from eventpipe.coder.sentences import lower_same_length, split_sentences


def test_sentences_keep_offsets_and_skip_abbreviations():
    text = "Gen. Smith said troops arrived. Mr. Jones left at 5 p.m. Monday.\n\nNew paragraph"
    sents = split_sentences(text)
    pieces = [text[s.start:s.end] for s in sents]
    assert pieces[0] == "Gen. Smith said troops arrived."
    assert pieces[-1] == "New paragraph"


def test_lower_same_length():
    text = "İstanbul ÇAĞ"
    assert len(lower_same_length(text)) == len(text)


PUB = date(2023, 11, 15)  # a Wednesday


def _vals(text, pub=PUB):
    return [(d.value, d.precision, d.historical) for d in find_dates(text, pub)]


def test_weekday_is_most_recent_on_or_before_publication():
    assert _vals("The attack happened on Tuesday.") == [(date(2023, 11, 14), 1, False)]
    assert _vals("It happened on Wednesday.") == [(date(2023, 11, 15), 1, False)]


def test_yesterday_and_explicit():
    assert _vals("Yesterday gunmen struck.")[0][0] == date(2023, 11, 14)
    assert _vals("On 3 March 2021 it began.")[0][0] == date(2021, 3, 3)


def test_month_last_year_is_historical():
    (value, precision, historical), = _vals("in September last year when fighting broke out")
    assert value == date(2022, 9, 1) and precision == 3 and historical


def test_no_publication_date_means_no_relative_date():
    assert all(v is None for v, _p, _h in _vals("on Tuesday and yesterday", pub=None))


def test_days_later_counts_from_the_event_told_before():
    (d,) = find_dates("Two days later, a second bomb exploded.", PUB)
    assert d.step == 2 and d.value is None and not d.future
    (d,) = find_dates("The next day, the rebels shelled the town.", PUB)
    assert d.step == 1
    # the same fighting going on is no new day of its own
    (d,) = find_dates("The clashes continued the following day.", PUB)
    assert d.step == 0


def test_overnight_before_its_noun_is_no_date():
    assert _vals("An overnight drone strike hit a depot.") == []
    assert _vals("Gunmen raided the village overnight.")[0][0] == date(2023, 11, 14)


def test_later_day_resolved_from_the_previous_event_and_left_open_without_one():
    from eventpipe.coder.mention_dates import after_previous

    first = find_dates("on Tuesday", PUB)[0]
    later = find_dates("two days later", PUB)[0]
    assert [d and d.value for d in after_previous([first, None, later])] == \
        [date(2023, 11, 14), None, date(2023, 11, 16)]
    assert after_previous([later])[0].value is None


def test_day_month_without_year_not_after_publication():
    assert _vals("on 30 December the bomb went off", pub=date(1990, 1, 3))[0][0] == \
        date(1989, 12, 30)


def test_sentence_end_pattern_matches_as_written_before() -> None:
    """sentences._END has its first character taken out in front (a speed-up): the same spans
    as the pattern as it was first written."""
    import random
    import re

    from eventpipe.coder.sentences import _END

    plain = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)|\n[ \t]*\n|\n(?=[ \t]{2,}\S)")
    pieces = [".", "!", "?", "\n", " ", "\t", '"', "'", "\u201d", ")", "]", "a", "  ", "..",
              "\u00a0", "Mr. X"]
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        assert [m.span() for m in _END.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], repr(text)
