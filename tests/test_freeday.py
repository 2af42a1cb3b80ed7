"""The free-cancellation day (bot/freeday/rules.py): the first day of the seventh month, and
the fees ending earlier may cost."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import dates
from bot.freeday import rules as k


def at(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dates.BRUSSELS)


@pytest.mark.parametrize(
    ("start", "free"),
    [
        (dt.date(2026, 3, 10), dt.date(2026, 9, 10)),
        (dt.date(2026, 8, 31), dt.date(2027, 3, 1)),  # 28 Feb was clamped: the next day
        (dt.date(2027, 8, 31), dt.date(2028, 3, 1)),  # 29 Feb 2028 clamped too
        (dt.date(2026, 1, 1), dt.date(2026, 7, 1)),
    ],
)
def test_the_free_cancellation_day(start: dt.date, free: dt.date) -> None:
    assert k.free_cancel_day(start) == free


def test_fees_left_before_the_free_day() -> None:
    start = dt.date(2026, 3, 10)
    assert k.fees_left(start, dt.date(2026, 3, 10)) == 6  # the first month
    assert k.fees_left(start, dt.date(2026, 5, 10)) == 4  # after 2 months (FPS's example)
    assert k.fees_left(start, dt.date(2026, 9, 9)) == 1  # the last day of month 6
    assert k.fees_left(start, dt.date(2026, 9, 10)) == 0


def test_a_contract_start_may_be_years_back() -> None:
    now = at(2026, 12, 2)
    assert k.parse_start("15/03/2023", now) == dt.date(2023, 3, 15)
    assert k.parse_start("03/2026", now) == dt.date(2026, 3, 31)  # a month: its last day
    assert k.parse_start("01/1999", now) is None  # before 2000: a typo
