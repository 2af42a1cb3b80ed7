"""The follow-up's rules (bot/followup/rules.py): the day the request was sent, typed dates,
and when to ask — with a controlled clock."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import dates
from bot.followup import rules as f
from bot.reminders import rules as r

QUIET = r.Quiet(dt.time(21), dt.time(9))


def brussels(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dates.BRUSSELS)


def test_follow_up_counts_from_the_day_the_request_was_sent() -> None:
    now = brussels(2026, 11, 23, 15)
    yesterday = f.sent_on(now, 1)
    assert yesterday == dt.date(2026, 11, 22)
    due = f.follow_up_due(yesterday, now, dt.timedelta(days=3), QUIET)
    assert due == brussels(2026, 11, 25, 15)
    # Sent long ago: overdue, so asked now (or after quiet hours).
    old = f.sent_on(now, 20)
    assert f.follow_up_due(old, now, dt.timedelta(days=3), QUIET) == now
    late = brussels(2026, 11, 23, 23)
    assert f.follow_up_due(old, late, dt.timedelta(days=3), QUIET) == brussels(2026, 11, 24, 9)
    with pytest.raises(ValueError):
        f.sent_on(now, 31)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("22/11", dt.date(2026, 11, 22)),
        ("1.11", dt.date(2026, 11, 1)),
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("20-11-2026", dt.date(2026, 11, 20)),
        ("20/11/26", dt.date(2026, 11, 20)),
        ("24/11", None),
        ("1/10", None),
        ("31/02", None),
        ("yesterday", None),
        ("", None),
        ("1/2/3/4", None),
    ],
)
def test_typed_dates(typed: str, expected: dt.date | None) -> None:
    assert f.parse_day(typed, brussels(2026, 11, 23, 12)) == expected


def test_typed_date_in_january_means_last_december() -> None:
    assert f.parse_day("28/12", brussels(2027, 1, 5, 12)) == dt.date(2026, 12, 28)


@pytest.mark.parametrize(
    "typed", ["1/1/99999999999", "99999999999999999999/1", "1" * 5000, "1/1/0"]
)
def test_huge_or_odd_numbers_in_a_typed_date_are_refused_not_raised(typed: str) -> None:
    assert f.parse_day(typed, brussels(2026, 11, 23, 12)) is None
