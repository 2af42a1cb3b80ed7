"""The day ending a plan becomes free, as pure functions (no Telegram): the first day of the
seventh month (LAW-2) and at most how many monthly fees ending earlier may cost (LAW-3)."""

from __future__ import annotations

import datetime as dt

from bot.content.models import Content
from bot.dates import add_months, parse_past_date
from bot.journey import rules as j

FREE_CANCEL = "free_cancel"  # the reminder: the first day ending a plan costs no fee
START_DATE = "start_date"  # the question: when did the contract start?
FREE_AFTER_MONTHS = 6  # LAW-2: no fee from the end of the 6th month
EARLIEST_START = dt.date(2000, 1, 1)  # a contract start before this is a typo


def asks_start(progress: j.Progress, content: Content) -> bool:
    """Ending a plan: the plan offers the free-cancellation day (where its sources are)."""
    sourced = bool(content.journey.free_cancel_sources)
    return sourced and progress.intent == "end" and progress.billing == "plan"


def parse_start(text: str, now: dt.datetime) -> dt.date | None:
    """A typed contract start: any past date; a month means its last day (a later start is
    the safe side)."""
    return parse_past_date(text, now, earliest_in_month=False, earliest=EARLIEST_START)


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
