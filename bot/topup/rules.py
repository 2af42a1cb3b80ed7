"""Keeping a prepaid card alive, as pure functions (no Telegram): when it lapses without a
top-up and when to warn. Dates are Brussels calendar dates; the caller passes `now`."""

from __future__ import annotations

import datetime as dt

from bot.dates import add_months, parse_past_date, today
from bot.journey import rules as j
from bot.reminders.rules import Quiet, on_day, outside_quiet

ALIVE = "alive"  # the intent: keep this card and its number going (e.g. from abroad)
TOPUP_DATE = "topup_date"  # the question: when did you last top up?
TOPUP_EARLY = "topup_30"  # 30 days before the card would lapse
TOPUP_LATE = "topup_7"  # 7 days before
TOPUP_KINDS = (TOPUP_EARLY, TOPUP_LATE)
WARN_DAYS = {TOPUP_EARLY: 30, TOPUP_LATE: 7}
INTERVALS = (3, 6, 12)  # months the user may pick when the operator's rule is not known
SUGGESTED = 6
MAX_MONTHS_AGO = 24  # a last top-up further back is refused (a typo: the card has lapsed)


def asks_top_up(progress: j.Progress) -> bool:
    """Keeping the card alive: the plan offers top-up reminders."""
    return progress.intent == ALIVE


def oldest_top_up(now: dt.datetime) -> dt.date:
    return add_months(today(now), -MAX_MONTHS_AGO)[0]


def parse_last_top_up(text: str, now: dt.datetime) -> dt.date | None:
    """A typed last top-up; a month alone means its first day (an earlier top-up: safe)."""
    return parse_past_date(text, now, earliest_in_month=True, earliest=oldest_top_up(now))


def lapse_day(last_top_up: dt.date, months: int) -> dt.date:
    """The day the card may lapse: `months` after the last top-up (a clamped day stays early,
    which is the safe side)."""
    return add_months(last_top_up, months)[0]


def top_up_reminders(
    lapse: dt.date, now: dt.datetime, quiet: Quiet | None
) -> dict[str, dt.datetime]:
    """kind → when, for the warnings still ahead (30 and 7 days before the lapse). A warning
    whose day is past is skipped; if both are, one goes out now (the card is about to lapse)."""
    ahead = {}
    for kind, days in WARN_DAYS.items():
        due = on_day(lapse - dt.timedelta(days=days), quiet)
        if due > now:
            ahead[kind] = due
    if not ahead and lapse > today(now):
        ahead[TOPUP_LATE] = outside_quiet(now, quiet)
    return ahead
