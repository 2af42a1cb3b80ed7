"""The follow-up's screens: its button under the plan, "when did you send it?", the reminder
and the refund reminder, the plan's "next check" line and the after-steps once confirmed."""

from __future__ import annotations

import datetime as dt

from bot import callbacks as cb
from bot.dates import from_epoch
from bot.followup import rules as f
from bot.i18n import format_date
from bot.journey import rules as j
from bot.journey import screens as journey
from bot.reminders.screens import when_text
from bot.reminders.store import Reminder
from bot.screen import Row, Screen, View

QUICK_DAYS = 7  # buttons for today … 6 days ago; older dates are typed

SENT = cb.Form("s", "sent", rf"({cb.NUMBER})", ("number",))
SENT_DAY = cb.Form("d", "sent_day", r"(\d{1,2})", ("value",))


def plan_buttons(view: View, progress: j.Progress) -> tuple[Row, ...]:
    """📨 under a plan whose request the operator must act on (a port, or ending a plan)."""
    if not j.needs_follow_up(progress):
        return ()
    label = (
        view._("📨 I've asked the new operator to port my number")
        if progress.intent == "keep"
        else view._("📨 I've sent my cancellation")
    )
    return (((label, SENT.data(progress.generation)),),)


def ask_when(view: View, now: dt.datetime, hint: str = "") -> Screen:
    _ = view._
    rows: list[Row] = [((_("Today"), SENT_DAY.data(0)), (_("Yesterday"), SENT_DAY.data(1)))]
    earlier = [
        (format_date(f.sent_on(now, days), view.locale, "medium"), SENT_DAY.data(days))
        for days in range(2, QUICK_DAYS)
    ]
    rows += [tuple(earlier[i : i + 3]) for i in range(0, len(earlier), 3)]
    rows.append(((_("« Back"), cb.back(f.SENT_DATE)),))
    text = hint or _("When did you send it? Tap a day, or type the date (for example 12/11).")
    return Screen(text, tuple(rows))


def unreadable_day(view: View) -> str:
    return view._(
        "I could not read that date. Type it as day/month, e.g. 12/11, within the last {days} days."
    ).format(days=f.MAX_DAYS_AGO)


def next_check(view: View, reminder: Reminder, today: dt.date) -> str:
    return view._("Next check: {date}.").format(date=when_text(view, from_epoch(reminder.due_at)))


def describe_follow_up(view: View, progress: j.Progress, reminder: Reminder) -> str:
    """/reminders: what the follow-up will ask."""
    if progress.intent == "keep":
        return view._("follow-up: has your number moved from {operator}?").format(
            operator=journey.operator_name(view, progress)
        )
    return view._("follow-up: has {operator} confirmed the cancellation?").format(
        operator=journey.operator_name(view, progress)
    )


def describe_refund(view: View, progress: j.Progress, reminder: Reminder) -> str:
    return view._("claim your credit refund from {operator}").format(
        operator=journey.operator_name(view, progress)
    )


def follow_up(view: View, progress: j.Progress, reminder: Reminder, later: str) -> Screen:
    """Has the operator confirmed? Yes / not yet / there's a problem."""
    _ = view._
    card = view.content.card(progress.card or "")
    if progress.intent == "keep":
        text = _("Has your number been moved from {operator} to your new operator?")
    else:
        text = _("Has {operator} confirmed that your {card} is cancelled?")
    text = text.format(
        operator=journey.operator_name(view, progress),
        card=card.short.get(view.lang) if card else "",
    )
    rows = (
        ((_("✅ Yes, confirmed"), cb.reminder_answer(reminder.id, "y")),),
        ((later, cb.reminder_answer(reminder.id, "n")),),
        ((_("⚠️ There's a problem"), cb.reminder_answer(reminder.id, "p")),),
    )
    return Screen(text, rows)


def refund(view: View, progress: j.Progress, reminder: Reminder, later: str) -> Screen:
    _ = view._
    text = _(
        "Reminder: ask {operator} to refund your remaining prepaid credit. The request must "
        "be made within a month of the port. Have you done it?"
    ).format(operator=journey.operator_name(view, progress))
    rows = (
        ((_("✅ Done"), cb.reminder_answer(reminder.id, "y")),),
        ((later, cb.reminder_answer(reminder.id, "n")),),
    )
    return Screen(text, rows)


def after_steps(view: View, progress: j.Progress) -> str:
    items = [i for i in j.plan_for(progress, view.content) if i.phase == "after"]
    blocks = [view._("🎉 Confirmed. What is left to do:")]
    blocks += [
        journey.item_block(view, n, item, item.id in progress.ticks)
        for n, item in enumerate(items, 1)
    ]
    return "\n\n".join(blocks)
