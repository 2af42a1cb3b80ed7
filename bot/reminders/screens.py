"""The reminders' own screens, for every kind: the reminder a kind draws (bot/feature.py),
/reminders with its cancel buttons, and the line under the plan about what comes next."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_timedelta

from bot import callbacks as cb
from bot.dates import BRUSSELS, from_epoch
from bot.feature import Registry
from bot.i18n import BABEL_LOCALE, format_date, valid_locale
from bot.journey.rules import Progress
from bot.reminders.store import Reminder, State
from bot.screen import Screen, View


def when_text(view: View, moment: dt.datetime) -> str:
    return format_date(moment.astimezone(BRUSSELS).date(), view.locale)


def delay_text(delay: dt.timedelta, locale: str) -> str:
    return format_timedelta(delay, locale=BABEL_LOCALE[valid_locale(locale)], threshold=1.1)


def reminder(
    view: View, progress: Progress, item: Reminder, snooze: dt.timedelta, features: Registry
) -> Screen | None:
    """The reminder message its kind draws, with its answers; None for a kind no feature
    declares any more."""
    kind = features.reminders.get(item.kind)
    if kind is None:
        return None
    later = view._("⏳ Not yet — remind me in {delay}").format(
        delay=delay_text(snooze, view.locale)
    )
    return kind.screen(view, progress, item, later)


def next_line(view: View, reminders: list[Reminder], features: Registry, today: dt.date) -> str:
    """The plan's line about what comes next: the soonest pending reminder of the first
    feature (in the features' order) whose kinds have such a line."""
    pending = [
        (features.reminder_rank[x.kind], x.due_at, x)
        for x in reminders
        if x.state == State.PENDING and x.kind in features.reminders
        if features.reminders[x.kind].next_line is not None
    ]
    if not pending:
        return ""
    *_, first = min(pending, key=lambda t: (t[0], t[1]))
    line = features.reminders[first.kind].next_line
    return line(view, first, today) if line else ""


def reminder_list(
    view: View, reminders: list[Reminder], features: Registry, progress: Progress
) -> Screen:
    """/reminders: what the bot plans to ask, each with a cancel button."""
    _ = view._
    if not reminders:
        return Screen(
            _(
                "No reminders are planned. Once you have sent your request, tap the 📨 "
                "button under your plan and I will come back to you."
            )
        )
    lines = [_("Planned reminders:")]
    rows = []
    for n, item in enumerate(reminders, 1):
        kind = features.reminders.get(item.kind)
        if kind is None:
            what = item.kind
        elif kind.describe is not None:
            what = kind.describe(view, progress, item)
        else:
            what = _(kind.label)
        lines.append(f"{n}. {what} — {when_text(view, from_epoch(item.due_at))}")
        rows.append(((_("✖ Cancel {number}").format(number=n), cb.reminder_cancel(item.id)),))
    return Screen("\n".join(lines), tuple(rows))
