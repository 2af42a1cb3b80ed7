"""Keep-alive and free-cancellation dates (bot/keepalive/rules.py) with a controlled clock."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.keepalive import rules as k
from bot.reminders import rules as r

QUIET = r.Quiet(dt.time(21), dt.time(9))


def at(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=r.BRUSSELS)


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
    assert k.add_months(day, months) == (want, clamped)


def test_lapse_per_operator_rule_and_per_interval() -> None:
    assert k.lapse_day(dt.date(2026, 12, 2), 12) == dt.date(2027, 12, 2)  # Orange, BASE, MV
    assert k.lapse_day(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)  # clamped: early
    assert k.lapse_day(dt.date(2026, 12, 2), 3) == dt.date(2027, 3, 2)


def test_reminders_30_and_7_days_before_at_ten_brussels_time_across_dst() -> None:
    now = at(2026, 12, 2)
    due = k.top_up_reminders(dt.date(2027, 4, 30), now, QUIET)
    # 31 March 2027 is summer time (UTC+2), 23 April too: 10:00 local = 08:00 UTC.
    assert due[k.TOPUP_EARLY] == dt.datetime(2027, 3, 31, 8, tzinfo=dt.UTC)
    assert due[k.TOPUP_LATE] == dt.datetime(2027, 4, 23, 8, tzinfo=dt.UTC)
    winter = k.top_up_reminders(dt.date(2027, 1, 31), now, QUIET)
    assert winter[k.TOPUP_EARLY] == dt.datetime(2027, 1, 1, 9, tzinfo=dt.UTC)  # UTC+1


def test_a_warning_already_past_is_skipped_and_a_near_lapse_warns_now() -> None:
    now = at(2026, 12, 2)
    due = k.top_up_reminders(dt.date(2026, 12, 20), now, QUIET)
    assert list(due) == [k.TOPUP_LATE]  # 30 days before is past
    soon = k.top_up_reminders(dt.date(2026, 12, 5), now, QUIET)
    assert soon == {k.TOPUP_LATE: now.astimezone(dt.UTC)}
    late_evening = at(2026, 12, 2, 22)
    soon = k.top_up_reminders(dt.date(2026, 12, 5), late_evening, QUIET)
    assert soon[k.TOPUP_LATE] == dt.datetime(2026, 12, 3, 8, tzinfo=dt.UTC)  # after quiet hours
    assert k.top_up_reminders(dt.date(2026, 12, 1), now, QUIET) == {}  # lapsed already


def test_the_repeat_after_a_top_up_counts_a_cycle_from_today() -> None:
    topped_up = at(2027, 11, 5)  # the user taps "I topped up" on the 30-day warning
    lapse = k.lapse_day(k.today(topped_up), 12)
    assert lapse == dt.date(2028, 11, 5)
    assert k.top_up_reminders(lapse, topped_up, QUIET)[k.TOPUP_EARLY].date() == dt.date(2028, 10, 6)


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
    assert k.parse_past_date(text, at(2026, 12, 2), earliest) == want


def test_a_contract_start_may_be_years_back_but_a_top_up_may_not() -> None:
    now = at(2026, 12, 2)
    assert k.parse_past_date("15/03/2023", now, False, earliest=k.EARLIEST_START) == dt.date(
        2023, 3, 15
    )
    assert k.parse_past_date("15/03/2023", now, True) is None  # a top-up: a lapsed card
    assert k.parse_past_date("01/1999", now, False, earliest=k.EARLIEST_START) is None


def test_reminder_days_are_brussels_days() -> None:
    just_after_midnight = dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC)  # 00:30 in Brussels
    assert r.local_day(just_after_midnight) == dt.date(2026, 12, 3)
