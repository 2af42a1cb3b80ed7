"""The dates that keep a card or save money, as pure functions (no Telegram): when a prepaid
card lapses without a top-up and when to remind, and when ending a plan becomes free.

Dates are local (Europe/Brussels) calendar dates; reminders go out at REMIND_AT local time,
turned into UTC with zoneinfo (DST-safe), then pushed out of the quiet hours. The caller
passes `now`, so tests control the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from bot.content.models import Content
from bot.journey import rules as j
from bot.reminders import rules as r

ALIVE = "alive"  # the intent: keep this card and its number going (e.g. from abroad)
TOPUP_EARLY = "topup_30"  # 30 days before the card would lapse
TOPUP_LATE = "topup_7"  # 7 days before
FREE_CANCEL = "free_cancel"  # the first day ending a plan costs no fee
TOPUP_KINDS = (TOPUP_EARLY, TOPUP_LATE)
KINDS = (*TOPUP_KINDS, FREE_CANCEL)
WARN_DAYS = {TOPUP_EARLY: 30, TOPUP_LATE: 7}
INTERVALS = (3, 6, 12)  # months the user may pick when the operator's rule is not known
SUGGESTED = 6
FREE_AFTER_MONTHS = 6  # LAW-2: no fee from the end of the 6th month
REMIND_AT = dt.time(10, 0)
MAX_MONTHS_AGO = 24  # a last top-up further back is refused (a typo: the card has lapsed)
EARLIEST_START = dt.date(2000, 1, 1)  # a contract start before this is a typo

_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})[/.\-](\d{1,2})(?:[/.\-](\d{1,2}))?$")


def asks_top_up(progress: j.Progress) -> bool:
    """Keeping the card alive: the plan offers top-up reminders."""
    return progress.intent == ALIVE


def asks_start(progress: j.Progress, content: Content) -> bool:
    """Ending a plan: the plan offers the free-cancellation day (where its sources are)."""
    sourced = bool(content.journey.free_cancel_sources)
    return sourced and progress.intent == "end" and progress.billing == "plan"


def today(now: dt.datetime) -> dt.date:
    return now.astimezone(r.BRUSSELS).date()


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
    text: str, now: dt.datetime, earliest_in_month: bool, earliest: dt.date | None = None
) -> dt.date | None:
    """A past date typed as 12/11, 12/11/2026, 2026-11-12, or a month as 03/2026; None when
    unreadable, in the future or before `earliest` (default: MAX_MONTHS_AGO back). A month
    alone means its first day (`earliest_in_month`) or its last day: each caller picks the
    end that is safe for it."""
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
    if chosen > now_day or chosen < (earliest or oldest_top_up(now)):
        return None
    return chosen


def _month(year: int, month: int, first: bool, now_day: dt.date) -> dt.date:
    """A month typed alone: its first or last day, but not after today (this month)."""
    last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
    return min(dt.date(year, month, 1 if first else last), now_day)


def oldest_top_up(now: dt.datetime) -> dt.date:
    return add_months(today(now), -MAX_MONTHS_AGO)[0]


def lapse_day(last_top_up: dt.date, months: int) -> dt.date:
    """The day the card may lapse: `months` after the last top-up (a clamped day stays early,
    which is the safe side)."""
    return add_months(last_top_up, months)[0]


def at_remind_time(day: dt.date, quiet: r.Quiet | None) -> dt.datetime:
    """REMIND_AT local time on `day`, in UTC, outside the quiet hours."""
    local = dt.datetime.combine(day, REMIND_AT, tzinfo=r.BRUSSELS)
    return r.outside_quiet(local.astimezone(r.UTC), quiet)


def top_up_reminders(
    lapse: dt.date, now: dt.datetime, quiet: r.Quiet | None
) -> dict[str, dt.datetime]:
    """kind → when, for the warnings still ahead (30 and 7 days before the lapse). A warning
    whose day is past is skipped; if both are, one goes out now (the card is about to lapse)."""
    ahead = {}
    for kind, days in WARN_DAYS.items():
        due = at_remind_time(lapse - dt.timedelta(days=days), quiet)
        if due > now:
            ahead[kind] = due
    if not ahead and lapse > today(now):
        ahead[TOPUP_LATE] = r.outside_quiet(now, quiet)
    return ahead


def free_cancel_day(start: dt.date) -> dt.date:
    """The first day ending a plan costs no fee: the first day of its 7th month (LAW-2).
    When the 6 months end in a shorter month, the next day is taken (the safe side)."""
    day, clamped = add_months(start, FREE_AFTER_MONTHS)
    return day + dt.timedelta(days=1) if clamped else day


def fees_left(start: dt.date, on: dt.date) -> int:
    """At most how many monthly fees ending on `on` may cost (LAW-3: the fees still due up to
    the end of the 6th month): the current month and those left of the first six, an upper
    bound (FPS Economy's example: leaving after 2 months costs at most 4 more); 0 from the
    free day on."""
    if on >= free_cancel_day(start):
        return 0
    for month in range(FREE_AFTER_MONTHS, 0, -1):
        if on >= add_months(start, month - 1)[0]:
            return FREE_AFTER_MONTHS - month + 1
    return FREE_AFTER_MONTHS
