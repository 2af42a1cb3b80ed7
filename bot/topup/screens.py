"""What the bot shows for keeping a card alive: its button under the plan, "when did you last
top up?", the interval where the operator's rule is unknown, what was scheduled, the reminder
itself and its line under the plan."""

from __future__ import annotations

import datetime as dt

from babel.lists import format_list

from bot import callbacks as cb
from bot.content.models import Operator
from bot.dates import button_day, from_epoch, months_ago, today
from bot.i18n import BABEL_LOCALE, format_date
from bot.journey import rules as j
from bot.journey import screens as journey
from bot.reminders.screens import when_text
from bot.reminders.store import Reminder
from bot.screen import Row, Screen, View
from bot.topup import rules as k

TOPUP = cb.Form("k", "topup", rf"({cb.NUMBER})", ("number",))
TOPUP_DAY = cb.Form("kd", "topup_day", rf"({cb.DAY})", ("value",))
TOPUP_EVERY = cb.Form("km", "topup_every", rf"({cb.DAY}):(3|6|12)", ("value", "state"))


def plan_buttons(view: View, progress: j.Progress) -> tuple[Row, ...]:
    if not k.asks_top_up(progress):
        return ()
    return (((view._("⏰ Remind me to top up"), TOPUP.data(progress.generation)),),)


def next_top_up(view: View, reminder: Reminder, today: dt.date) -> str:
    return view._("Next top-up reminder: {date}.").format(
        date=when_text(view, from_epoch(reminder.due_at))
    )


def operator_of(view: View, progress: j.Progress) -> Operator | None:
    return view.content.operator(progress.operator or "")


def ask_last_top_up(view: View, now: dt.datetime, hint: str = "") -> Screen:
    _ = view._
    today_ = today(now)
    rows: list[Row] = [
        ((_("Today"), TOPUP_DAY.data(button_day(today_))),),
        ((_("About a month ago"), TOPUP_DAY.data(button_day(months_ago(now, 1)))),),
        ((_("I don't know (count from today)"), TOPUP_DAY.data(button_day(today_))),),
        ((_("« Back"), cb.back(k.TOPUP_DATE)),),
    ]
    text = hint or _(
        "When did you last top up this card? Tap, or type the date (for example 12/11) or the "
        "month (03/2026)."
    )
    return Screen(text, tuple(rows))


def unreadable_top_up(view: View) -> str:
    return view._(
        "I could not read that date. Type a past date as day/month (12/11) or a month as "
        "month/year (03/2026), within the last {months} months."
    ).format(months=k.MAX_MONTHS_AGO)


def ask_interval(view: View, progress: j.Progress, last: dt.date) -> Screen:
    _ = view._
    text = _(
        "We found no official page that says how long a {operator} prepaid card stays active "
        "without a top-up. Ask {operator} to be sure; meanwhile, how often should I remind you?"
    ).format(operator=journey.operator_name(view, progress))
    rows: list[Row] = [
        (
            (
                _("Every {months} months (suggested)").format(months=months)
                if months == k.SUGGESTED
                else _("Every {months} months").format(months=months),
                TOPUP_EVERY.data(button_day(last), months),
            ),
        )
        for months in k.INTERVALS
    ]
    rows.append(((_("« Back"), cb.back(k.TOPUP_DATE)),))
    return Screen(text, tuple(rows))


def top_ups_scheduled(
    view: View,
    progress: j.Progress,
    last: dt.date,
    months: int,
    lapse: dt.date,
    due: dict[str, dt.datetime],
    by_rule: bool,
) -> str:
    _ = view._
    operator = operator_of(view, progress)
    rule = operator.top_up if operator else None
    basis = (
        _("{operator}'s rule: {months} months after the last top-up")
        if by_rule
        else _("every {months} months, as you chose")
    ).format(operator=journey.operator_name(view, progress), months=months)
    days = format_list(
        [format_date(today(when), view.locale) for when in sorted(due.values())],
        locale=BABEL_LOCALE[view.locale],
    )
    return (
        _(
            "Noted: last top-up {last}. Counting {basis}, the card must be topped up by {lapse}. "
            "I will remind you on {days}."
        ).format(
            last=format_date(last, view.locale),
            basis=basis,
            lapse=format_date(lapse, view.locale),
            days=days,
        )
        + "\n"
        + _("/reminders lists them.")
        + (f"\n{view.sources_line(rule.sources)}" if by_rule and rule else "")
    )


def lapsed_already(view: View, progress: j.Progress, lapse: dt.date) -> str:
    return view._(
        "Counting from that top-up, the card may have lapsed on {lapse}. Contact {operator} "
        "now and ask whether the number can still be reactivated; the steps of your plan say "
        "what to do if it is gone."
    ).format(lapse=format_date(lapse, view.locale), operator=journey.operator_name(view, progress))


def top_up_reminder(view: View, progress: j.Progress, reminder: Reminder, later: str) -> Screen:
    _ = view._
    lapse = dt.date.fromisoformat(reminder.payload["lapse"])
    text = _(
        "⏰ Your {operator} card must be topped up by {lapse} to stay active (counting "
        "{months} months from the last top-up). Top it up, then tap “I topped up”: I will "
        "count the next {months} months from today."
    ).format(
        operator=journey.operator_name(view, progress),
        lapse=format_date(lapse, view.locale),
        months=reminder.payload["months"],
    )
    rows: list[Row] = [
        ((_("✅ I topped up"), cb.reminder_answer(reminder.id, "y")),),
        ((later, cb.reminder_answer(reminder.id, "n")),),
        ((_("✖ Stop these reminders"), cb.reminder_answer(reminder.id, "s")),),
    ]
    return Screen(text, tuple(rows))
