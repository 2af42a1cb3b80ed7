"""The follow-up as pure functions: which journeys send a request the operator must confirm,
the day it was sent (a button or a typed date within the last 30 days), and when to ask.

Dates are Brussels calendar days; the caller passes `now`, so tests control the clock.
"""

from __future__ import annotations

import datetime as dt

from bot.dates import BRUSSELS, UTC, parse_past_date
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
    """A day typed as people write it (12/11, 2026-11-12, 11月12号, 12 november…) within the
    last 30 days (else None)."""
    earliest = now.astimezone(BRUSSELS).date() - dt.timedelta(days=MAX_DAYS_AGO)
    return parse_past_date(text, now, earliest_in_month=True, earliest=earliest, day_required=True)


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
