"""When reminders go out, for every kind: quiet hours in Europe/Brussels, snooze, the backoff
of a failed send, and a local time of day on a given date.

Pure functions over aware datetimes; every time stored is UTC. The caller passes `now`, so
tests control the clock (DST changes included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.dates import BRUSSELS, UTC, at_local

REMIND_AT = dt.time(10, 0)  # reminders about a day (not a moment) go out at this local time
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


def snooze_due(now: dt.datetime, after: dt.timedelta, quiet: Quiet | None) -> dt.datetime:
    return outside_quiet(now.astimezone(UTC) + after, quiet)


def retry_due(now: dt.datetime, attempts: int) -> dt.datetime:
    """Backoff after a failed send: 30 s, 1 min, 2 min, 4 min…"""
    return now.astimezone(UTC) + dt.timedelta(seconds=30 * 2 ** max(0, attempts - 1))


def on_day(day: dt.date, quiet: Quiet | None) -> dt.datetime:
    """REMIND_AT (Brussels) on `day`, in UTC, outside the quiet hours."""
    return outside_quiet(at_local(day, REMIND_AT), quiet)
