"""Dates every feature counts with (bot/dates.py): calendar months, typed past dates, Brussels
days."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import dates

TWO_YEARS_BACK = dt.date(2024, 12, 2)


def at(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dates.BRUSSELS)


@pytest.mark.parametrize(
    ("day", "months", "want", "clamped"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28), True),
        (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29), True),  # leap year
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28), True),
        (dt.date(2026, 3, 15), 12, dt.date(2027, 3, 15), False),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28), True),
        (dt.date(2026, 3, 15), -3, dt.date(2025, 12, 15), False),
    ],
)
def test_calendar_months(day: dt.date, months: int, want: dt.date, clamped: bool) -> None:
    assert dates.add_months(day, months) == (want, clamped)


@pytest.mark.parametrize(
    ("text", "earliest", "want"),
    [
        ("12/11", True, dt.date(2026, 11, 12)),
        ("3/12", True, dt.date(2025, 12, 3)),  # a day still ahead this year: last year
        ("12.11.2026", True, dt.date(2026, 11, 12)),
        ("2026-11-12", True, dt.date(2026, 11, 12)),
        ("03/2026", True, dt.date(2026, 3, 1)),  # a month: its first day (top-ups)
        ("03/2026", False, dt.date(2026, 3, 31)),  # or its last (contract start)
        ("12/2026", False, dt.date(2026, 12, 2)),  # this month: up to today
        ("2026-03", True, dt.date(2026, 3, 1)),
        ("1/1/99999999999", True, None),  # bounded
        ("31/02/2026", True, None),
        ("13/2026", True, None),
        ("01/2020", True, None),  # over 24 months back: a typo, refused
        ("5/1/2027", True, None),  # the future
        ("yesterday", True, None),
        ("", True, None),
    ],
)
def test_typed_dates(text: str, earliest: bool, want: dt.date | None) -> None:
    assert dates.parse_past_date(text, at(2026, 12, 2), earliest, TWO_YEARS_BACK) == want


def test_reminder_days_are_brussels_days() -> None:
    just_after_midnight = dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC)  # 00:30 in Brussels
    assert dates.today(just_after_midnight) == dt.date(2026, 12, 3)


def test_button_days_outside_the_window_are_refused() -> None:
    now = at(2026, 12, 2)
    assert dates.from_button("20261130", now, TWO_YEARS_BACK) == dt.date(2026, 11, 30)
    assert dates.from_button(dates.button_day(dt.date(2026, 12, 2)), now, TWO_YEARS_BACK)
    assert dates.from_button("20261203", now, TWO_YEARS_BACK) is None  # tomorrow
    assert dates.from_button("20241201", now, TWO_YEARS_BACK) is None  # too far back
    assert dates.from_button("20261331", now, TWO_YEARS_BACK) is None  # forged


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("11月5号", dt.date(2026, 11, 5)),
        ("11月5号左右", dt.date(2026, 11, 5)),
        ("11月5日", dt.date(2026, 11, 5)),
        ("11月5號", dt.date(2026, 11, 5)),
        ("2026年8月", dt.date(2026, 8, 1)),  # a month: its first day here
        ("5 november", dt.date(2026, 11, 5)),
        ("5 novembre 2026", dt.date(2026, 11, 5)),
        ("November 5", dt.date(2026, 11, 5)),
        ("5 nov.", dt.date(2026, 11, 5)),
        ("20 januari", dt.date(2026, 1, 20)),
        ("13月5号", None),
        ("5 smarch", None),
    ],
)
def test_dates_as_people_write_them(text: str, want: dt.date | None) -> None:
    assert dates.parse_past_date(text, at(2026, 12, 2), True, TWO_YEARS_BACK) == want


def test_future_dates_next_month_and_bounds() -> None:
    now = at(2026, 12, 2)
    latest = dt.date(2028, 12, 2)
    assert dates.parse_future_date("下个月15号", now, latest) == dt.date(2027, 1, 15)
    assert dates.parse_future_date("下個月15號", now, latest) == dt.date(2027, 1, 15)
    assert dates.parse_future_date("20 januari", now, latest) == dt.date(
        2027, 1, 20
    )  # the next one
    assert dates.parse_future_date("20/1", now, latest) == dt.date(2027, 1, 20)
    assert dates.parse_future_date("2027-01-20", now, latest) == dt.date(2027, 1, 20)
    assert dates.parse_future_date("1月20日", now, latest) == dt.date(2027, 1, 20)
    assert dates.parse_future_date("2/12", now, latest) == dt.date(2026, 12, 2)  # today
    assert dates.parse_future_date("2026年12月", now, latest) is None  # a day is needed
    assert dates.parse_future_date("1/1/2029", now, latest) is None  # too far ahead
    assert dates.parse_future_date("1/12/2026", now, latest) is None  # the past
    assert dates.parse_future_date("29/2/2027", now, latest) is None  # no such day
    assert dates.parse_future_date("1" * 40, now, latest) is None
