"""The follow-up as pure functions: which journeys send a request the operator must confirm,
the day it was sent (a button or a typed date within the last 30 days), and when to ask.

Dates are Brussels calendar days; the caller passes `now`, so tests control the clock.
"""

from __future__ import annotations

import datetime as dt

from bot.dates import BRUSSELS, UTC
from bot.reminders.rules import Quiet, outside_quiet

FOLLOW_UP = "follow_up"  # has the operator confirmed?
REFUND = "refund"  # after a prepaid port: claim the credit refund
SENT_DATE = "sent_date"  # the question: when did you send your request?

# How far back "another date" may go when the user says when they sent the request.
MAX_DAYS_AGO = 30


def sent_on(now: dt.datetime, days_ago: int) -> dt.date:
    """The local date the user sent their request, `days_ago` days before today."""
    if not 0 <= days_ago <= MAX_DAYS_AGO:
        raise ValueError(f"days_ago must be 0..{MAX_DAYS_AGO}")
    return now.astimezone(BRUSSELS).date() - dt.timedelta(days=days_ago)


def parse_day(text: str, now: dt.datetime) -> dt.date | None:
    """A date typed as 12/11, 12.11.2026, 2026-11-12…, within the last 30 days (else None)."""
    today = now.astimezone(BRUSSELS).date()
    cleaned = text.strip().replace(".", "/").replace("-", "/").replace(" ", "")
    parts = cleaned.split("/")
    if len(parts) > 3 or any(len(p) > 4 for p in parts):  # bounded: no year 99999999999
        return None
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3 and numbers[0] > 31:  # 2026/11/12
            year, month, day = numbers
        elif len(numbers) == 3:
            day, month, year = numbers
            year += 2000 if year < 100 else 0
        elif len(numbers) == 2:
            day, month = numbers
            year = today.year
            if dt.date(year, month, day) > today:
                year -= 1
        else:
            return None
        chosen = dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None
    if chosen > today or (today - chosen).days > MAX_DAYS_AGO:
        return None
    return chosen


def follow_up_due(
    sent: dt.date, now: dt.datetime, after: dt.timedelta, quiet: Quiet | None
) -> dt.datetime:
    """When to ask whether the request went through: `after` the moment it was sent.

    A request sent on an earlier day counts from the same time of day on that day; a due
    time already past becomes now; quiet hours push it to their end.
    """
    local_now = now.astimezone(BRUSSELS)
    sent_at = dt.datetime.combine(sent, local_now.timetz().replace(tzinfo=None), tzinfo=BRUSSELS)
    due = max(sent_at.astimezone(UTC) + after, now.astimezone(UTC))
    return outside_quiet(due, quiet)
