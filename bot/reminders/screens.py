"""The follow-up's screens: "when did you send it?", the reminder itself, the after-steps once
confirmed, the list of /reminders, and the plan's "next check" line."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_timedelta

from bot import callbacks as cb
from bot.i18n import BABEL_LOCALE, format_date, valid_locale
from bot.journey import rules as j
from bot.journey.screens import item_block
from bot.keepalive import rules as k
from bot.keepalive import screens as keepalive
from bot.reminders import rules as r
from bot.reminders.store import Reminder, State
from bot.screen import Row, Screen, View

QUICK_DAYS = 7  # buttons for today … 6 days ago; older dates are typed


def when_text(view: View, moment: dt.datetime) -> str:
    return format_date(moment.astimezone(r.BRUSSELS).date(), view.locale)


def delay_text(delay: dt.timedelta, locale: str) -> str:
    return format_timedelta(delay, locale=BABEL_LOCALE[valid_locale(locale)], threshold=1.1)


def ask_when(view: View, now: dt.datetime, hint: str = "") -> Screen:
    _ = view._
    rows: list[Row] = [((_("Today"), cb.sent_days_ago(0)), (_("Yesterday"), cb.sent_days_ago(1)))]
    earlier = [
        (format_date(r.sent_on(now, days), view.locale, "medium"), cb.sent_days_ago(days))
        for days in range(2, QUICK_DAYS)
    ]
    rows += [tuple(earlier[i : i + 3]) for i in range(0, len(earlier), 3)]
    rows.append(((_("« Back"), cb.back(j.SENT_DATE)),))
    text = hint or _("When did you send it? Tap a day, or type the date (for example 12/11).")
    return Screen(text, tuple(rows))


def unreadable_day(view: View) -> str:
    return view._(
        "I could not read that date. Type it as day/month, e.g. 12/11, within the last {days} days."
    ).format(days=r.MAX_DAYS_AGO)


def next_check_line(view: View, reminders: list[Reminder]) -> str:
    """The plan's line about what comes next: the follow-up check, else the next top-up
    reminder or the free-cancellation day."""
    pending = sorted((x for x in reminders if x.state == State.PENDING), key=lambda x: x.due_at)
    follow_up = [x for x in pending if x.kind == r.FOLLOW_UP]
    if follow_up:
        return view._("Next check: {date}.").format(
            date=when_text(view, r.from_epoch(follow_up[0].due_at))
        )
    top_up = [x for x in pending if x.kind in k.TOPUP_KINDS]
    if top_up:
        return view._("Next top-up reminder: {date}.").format(
            date=when_text(view, r.from_epoch(top_up[0].due_at))
        )
    free = [x for x in pending if x.kind == k.FREE_CANCEL]
    if free:
        return view._("Free to end from {date}: I will remind you.").format(
            date=format_date(dt.date.fromisoformat(free[0].payload["free"]), view.locale)
        )
    return ""


def reminder(view: View, progress: j.Progress, reminder: Reminder, snooze: dt.timedelta) -> Screen:
    """The reminder message, with its answers."""
    _ = view._
    operator = view.content.operator(progress.operator or "")
    card = view.content.card(progress.card or "")
    operator_name = operator.shown(view.lang) if operator else _("your operator")
    card_name = card.short.get(view.lang) if card else ""
    later = _("⏳ Not yet — remind me in {delay}").format(delay=delay_text(snooze, view.locale))
    if reminder.kind in k.TOPUP_KINDS:
        return keepalive.top_up_reminder(view, progress, reminder, later)
    if reminder.kind == k.FREE_CANCEL:
        return keepalive.free_cancel_reminder(view, progress, reminder, later)
    if reminder.kind == r.REFUND:
        text = _(
            "Reminder: ask {operator} to refund your remaining prepaid credit. The request must "
            "be made within a month of the port. Have you done it?"
        ).format(operator=operator_name)
        refund_rows = (
            ((_("✅ Done"), cb.reminder_answer(reminder.id, "y")),),
            ((later, cb.reminder_answer(reminder.id, "n")),),
        )
        return Screen(text, refund_rows)
    if progress.intent == "keep":
        text = _("Has your number been moved from {operator} to your new operator?")
    else:
        text = _("Has {operator} confirmed that your {card} is cancelled?")
    text = text.format(operator=operator_name, card=card_name)
    rows = (
        ((_("✅ Yes, confirmed"), cb.reminder_answer(reminder.id, "y")),),
        ((later, cb.reminder_answer(reminder.id, "n")),),
        ((_("⚠️ There's a problem"), cb.reminder_answer(reminder.id, "p")),),
    )
    return Screen(text, rows)


def after_steps(view: View, progress: j.Progress) -> str:
    items = [i for i in j.plan_for(progress, view.content) if i.phase == "after"]
    blocks = [view._("🎉 Confirmed. What is left to do:")]
    blocks += [
        item_block(view, n, item, item.id in progress.ticks) for n, item in enumerate(items, 1)
    ]
    return "\n\n".join(blocks)


def reminder_list(view: View, reminders: list[Reminder]) -> Screen:
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
        what = {
            r.FOLLOW_UP: _("follow-up question"),
            r.REFUND: _("credit refund"),
            k.TOPUP_EARLY: _("top-up reminder"),
            k.TOPUP_LATE: _("top-up reminder"),
            k.FREE_CANCEL: _("free-cancellation day"),
        }.get(item.kind, item.kind)
        lines.append(f"{n}. {what} — {when_text(view, r.from_epoch(item.due_at))}")
        rows.append(((_("✖ Cancel {number}").format(number=n), cb.reminder_cancel(item.id)),))
    return Screen("\n".join(lines), tuple(rows))
