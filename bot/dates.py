"""Time in one place: the Brussels zone every date the user sees is counted in, UTC for what
is stored, calendar months, and the typed and button dates every feature reads.

Pure functions over aware datetimes; the caller passes `now`, so tests control the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
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


# Month names people type (English, Dutch, French), by their first letters.
MONTHS = {
    **{
        name: n
        for n, name in enumerate(
            ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
        )
    },
    **{"mrt": 3, "maa": 3, "mei": 5, "okt": 10, "avr": 4, "mai": 5, "jui": 6, "aou": 8, "aoû": 8},
    **{"fév": 2, "fev": 2, "déc": 12, "janv": 1, "juil": 7, "juin": 6},
}
_WORD_MONTH = re.compile(
    r"^(\d{1,2})([a-zéû]{3,9})\.?(\d{4})?$|^([a-zéû]{3,9})\.?(\d{1,2})(?:,?(\d{4}))?$"
)
_CJK_DATE = re.compile(
    r"^(?:(\d{4})年)?(?:(\d{1,2})月|(下个月|下個月|这个月|這個月|本月))(?:(\d{1,2})[日号號]?)?"
    r"(?:左右|前后|前後|之前|以前|前)?$"
)


@dataclass(frozen=True)
class Typed:
    """What a typed date says: a day of a month, a year where given (None: the caller picks
    the year that makes sense, past or future), or a whole month (day None)."""

    month: int
    day: int | None = None
    year: int | None = None


def read_date(text: str, today_: dt.date) -> Typed | None:
    """The date a user typed, in the forms people write: 20/1, 20.1.2027, 2027-01-20, 01/2027,
    2027-01, 1月20日, 1月20号左右, 2027年1月, 下个月15号, 20 januari, 20 janvier 2027,
    January 20. None when it says no date (bounded: no year 99999999999)."""
    cleaned = text.strip().lower().replace(" ", "").replace("　", "")
    if not cleaned or len(cleaned) > 16:
        return None
    try:
        if found := _MONTH_YEAR.match(cleaned):
            return _checked(Typed(int(found.group(1)), None, int(found.group(2))))
        if found := _ISO.match(cleaned):
            day = int(found.group(3)) if found.group(3) else None
            return _checked(Typed(int(found.group(2)), day, int(found.group(1))))
        if found := _DAY_MONTH_YEAR.match(cleaned):
            year = int(found.group(3)) if found.group(3) else None
            if year is not None and year < 100:
                year += 2000
            return _checked(Typed(int(found.group(2)), int(found.group(1)), year))
        if found := _CJK_DATE.match(cleaned):
            year = int(found.group(1)) if found.group(1) else None
            day = int(found.group(4)) if found.group(4) else None
            if found.group(2):
                return _checked(Typed(int(found.group(2)), day, year))
            relative = found.group(3) in ("下个月", "下個月")
            first = add_months(today_.replace(day=1), 1 if relative else 0)[0]
            return _checked(Typed(first.month, day, first.year))
        if found := _WORD_MONTH.match(cleaned):
            named: tuple[str, str, str | None] = (
                (found.group(1), found.group(2), found.group(3))
                if found.group(1)
                else (found.group(5), found.group(4), found.group(6))
            )
            number, name, written_year = named
            month = next((n for key, n in MONTHS.items() if name.startswith(key)), None)
            if month is None:
                return None
            year = int(written_year) if written_year else None
            return _checked(Typed(month, int(number), year))
    except (ValueError, OverflowError):
        return None
    return None


def _checked(typed: Typed) -> Typed | None:
    """A reading that is a real date (31/02 is not); a year from 1900 to 2200."""
    if not 1 <= typed.month <= 12 or (typed.year is not None and not 1900 <= typed.year <= 2200):
        return None
    if typed.day is not None:
        dt.date(typed.year or 2000, typed.month, typed.day)  # ValueError: not a day (2000: leap)
    return typed


def parse_past_date(
    text: str,
    now: dt.datetime,
    earliest_in_month: bool,
    earliest: dt.date,
    day_required: bool = False,
) -> dt.date | None:
    """A past date as people type it (`read_date`); None when unreadable, in the future or
    before `earliest`. A day without a year is the last such day up to today. A month alone
    means its first day (`earliest_in_month`) or its last day, but not after today: each caller
    picks the end that is safe for it (`day_required`: a month alone is refused)."""
    now_day = today(now)
    typed = read_date(text, now_day)
    if typed is None or (typed.day is None and day_required):
        return None
    try:
        if typed.day is None:
            chosen = _month(typed.year or now_day.year, typed.month, earliest_in_month, now_day)
        else:
            chosen = dt.date(typed.year or now_day.year, typed.month, typed.day)
            if typed.year is None and chosen > now_day:
                chosen = dt.date(now_day.year - 1, typed.month, typed.day)
    except ValueError:  # 29 February in a year that has none
        return None
    if chosen > now_day or chosen < earliest:
        return None
    return chosen


def _month(year: int, month: int, first: bool, now_day: dt.date) -> dt.date:
    """A month typed alone: its first or last day, but not after today (this month)."""
    last = calendar.monthrange(year, month)[1]
    return min(dt.date(year, month, 1 if first else last), now_day)


def parse_future_date(text: str, now: dt.datetime, latest: dt.date) -> dt.date | None:
    """A day from today on, as people type it; a day without a year is the next such day;
    a month alone is refused (a day is needed); None after `latest` or unreadable."""
    now_day = today(now)
    typed = read_date(text, now_day)
    if typed is None or typed.day is None:
        return None
    try:
        chosen = dt.date(typed.year or now_day.year, typed.month, typed.day)
        if typed.year is None and chosen < now_day:
            chosen = dt.date(now_day.year + 1, typed.month, typed.day)
    except ValueError:
        return None
    return chosen if now_day <= chosen <= latest else None


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
