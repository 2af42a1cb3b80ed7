"""When the bot comes back: follow-up and snooze times, quiet hours in Europe/Brussels.

Pure functions over aware datetimes; every time stored is UTC. The caller passes `now`, so
tests control the clock (DST changes included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = dt.UTC

FOLLOW_UP = "follow_up"  # has the operator confirmed?
REFUND = "refund"  # after a prepaid port: claim the credit refund
KINDS = (FOLLOW_UP, REFUND)

# How far back "another date" may go when the user says when they sent the request.
MAX_DAYS_AGO = 30
# Other errors than Forbidden/RetryAfter: retry with backoff this many times, then give up.
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Quiet:
    """Local hours with no reminders, e.g. 21:00–09:00 (may wrap past midnight)."""

    start: dt.time
    end: dt.time

    @classmethod
    def of(cls, hours: tuple[dt.time, dt.time] | None) -> Quiet | None:
        """The QUIET_HOURS setting as a Quiet (None: off)."""
        return cls(*hours) if hours else None

    def contains(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(BRUSSELS).time()
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_end(self, moment: dt.datetime) -> dt.datetime:
        """The first moment at or after `moment` when quiet hours are over (UTC)."""
        local = moment.astimezone(BRUSSELS)
        for days in range(0, 3):
            day = local.date() + dt.timedelta(days=days)
            # Wall-clock end time on that day; zoneinfo resolves DST (fold=0).
            end = dt.datetime.combine(day, self.end, tzinfo=BRUSSELS)
            if end > local:
                return end.astimezone(UTC)
        raise AssertionError("unreachable: quiet hours end within two days")


def outside_quiet(moment: dt.datetime, quiet: Quiet | None) -> dt.datetime:
    """`moment`, or the end of the quiet hours it falls in."""
    if quiet is None or not quiet.contains(moment):
        return moment.astimezone(UTC)
    return quiet.next_end(moment)


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


def snooze_due(now: dt.datetime, after: dt.timedelta, quiet: Quiet | None) -> dt.datetime:
    return outside_quiet(now.astimezone(UTC) + after, quiet)


def retry_due(now: dt.datetime, attempts: int) -> dt.datetime:
    """Backoff after a failed send: 30 s, 1 min, 2 min, 4 min…"""
    return now.astimezone(UTC) + dt.timedelta(seconds=30 * 2 ** max(0, attempts - 1))


def local_day(moment: dt.datetime) -> dt.date:
    """The calendar day a moment falls on in Brussels (what the user is shown)."""
    return moment.astimezone(BRUSSELS).date()


def to_epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, UTC)
