"""Keeping a card alive (bot/topup/rules.py) with a controlled clock: lapse days and the
warnings before them."""

from __future__ import annotations

import datetime as dt

from bot import dates
from bot.reminders import rules as r
from bot.topup import rules as k

QUIET = r.Quiet(dt.time(21), dt.time(9))


def at(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dates.BRUSSELS)


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
    lapse = k.lapse_day(dates.today(topped_up), 12)
    assert lapse == dt.date(2028, 11, 5)
    assert k.top_up_reminders(lapse, topped_up, QUIET)[k.TOPUP_EARLY].date() == dt.date(2028, 10, 6)


def test_a_top_up_typed_more_than_24_months_back_is_refused() -> None:
    now = at(2026, 12, 2)
    assert k.parse_last_top_up("03/2026", now) == dt.date(2026, 3, 1)  # a month: its first day
    assert k.parse_last_top_up("15/03/2023", now) is None  # a lapsed card, or a typo
