"""Time in one place: the Brussels zone every date the user sees is counted in, UTC for what
is stored, calendar months, and the typed and button dates every feature reads.

Pure functions over aware datetimes; the caller passes `now`, so tests control the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = dt.UTC

_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})[/.\-](\d{1,2})(?:[/.\-](\d{1,2}))?$")


def utcnow() -> str:
    """Now, as stored in the database's *_at text columns."""
    return dt.datetime.now(UTC).isoformat(timespec="seconds")


def today(now: dt.datetime) -> dt.date:
    """The calendar day `now` falls on in Brussels (what the user is shown)."""
    return now.astimezone(BRUSSELS).date()


local_day = today


def to_epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, UTC)


def at_local(day: dt.date, time: dt.time) -> dt.datetime:
    """`time` on `day` in Brussels, in UTC (zoneinfo resolves DST)."""
    return dt.datetime.combine(day, time, tzinfo=BRUSSELS).astimezone(UTC)


def add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """`day` plus whole calendar months, and whether the day had to be clamped to the end of
    a shorter month (31 January + 1 month → 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)), day.day > last


def months_ago(now: dt.datetime, months: int) -> dt.date:
    return add_months(today(now), -months)[0]


def parse_past_date(
    text: str, now: dt.datetime, earliest_in_month: bool, earliest: dt.date
) -> dt.date | None:
    """A past date typed as 12/11, 12/11/2026, 2026-11-12, or a month as 03/2026; None when
    unreadable, in the future or before `earliest`. A month alone means its first day
    (`earliest_in_month`) or its last day: each caller picks the end that is safe for it."""
    cleaned = text.strip().replace(" ", "")
    if len(cleaned) > 10:  # bounded: no year 99999999999
        return None
    now_day = today(now)
    try:
        if found := _MONTH_YEAR.match(cleaned):
            chosen = _month(int(found.group(2)), int(found.group(1)), earliest_in_month, now_day)
        elif found := _ISO.match(cleaned):
            year, month = int(found.group(1)), int(found.group(2))
            if found.group(3) is None:
                chosen = _month(year, month, earliest_in_month, now_day)
            else:
                chosen = dt.date(year, month, int(found.group(3)))
        elif found := _DAY_MONTH_YEAR.match(cleaned):
            day, month = int(found.group(1)), int(found.group(2))
            if found.group(3) is None:
                chosen = dt.date(now_day.year, month, day)
                if chosen > now_day:
                    chosen = dt.date(now_day.year - 1, month, day)
            else:
                year = int(found.group(3))
                chosen = dt.date(year + (2000 if year < 100 else 0), month, day)
        else:
            return None
    except (ValueError, OverflowError):
        return None
    if chosen > now_day or chosen < earliest:
        return None
    return chosen


def _month(year: int, month: int, first: bool, now_day: dt.date) -> dt.date:
    """A month typed alone: its first or last day, but not after today (this month)."""
    last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
    return min(dt.date(year, month, 1 if first else last), now_day)


def button_day(day: dt.date) -> str:
    """A date as a button carries it (yyyymmdd)."""
    return day.strftime("%Y%m%d")


def from_button(value: str, now: dt.datetime, earliest: dt.date) -> dt.date | None:
    """A yyyymmdd from a button; None when it is not a date from `earliest` to today (a
    forged or outdated button)."""
    try:
        day = dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None
    return day if earliest <= day <= today(now) else None
