"""What the bot shows for the free-cancellation day: its button under a plan that ends a
contract, "when did it start?", what ending it may cost with the button to be reminded, the
reminder itself and its line under the plan."""

from __future__ import annotations

import datetime as dt
from html import escape

from bot import callbacks as cb
from bot.dates import button_day
from bot.freeday import rules as k
from bot.i18n import format_date
from bot.journey import rules as j
from bot.journey import screens as journey
from bot.reminders.store import Reminder
from bot.screen import Row, Screen, View

FREE_DAY = cb.Form("c", "free_day", rf"({cb.NUMBER})", ("number",))
FREE_REMIND = cb.Form("cr", "free_remind", rf"({cb.NUMBER}):({cb.DAY})", ("number", "value"))


def plan_buttons(view: View, progress: j.Progress) -> tuple[Row, ...]:
    if not k.asks_start(progress, view.content):
        return ()
    return (((view._("📅 When is ending it free?"), FREE_DAY.data(progress.generation)),),)


def next_free_day(view: View, reminder: Reminder, today: dt.date) -> str:
    return view._("Free to end from {date}: I will remind you.").format(
        date=format_date(dt.date.fromisoformat(reminder.payload["free"]), view.locale)
    )


def ask_start(view: View, now: dt.datetime | None = None, hint: str = "") -> Screen:
    """When did the contract start? (`now` is unused: any past date will do.)"""
    _ = view._
    text = hint or _(
        "When did this contract start? Type the date or the month, for example 15/03/2026 or "
        "03/2026 (see your first bill or the contract). If your bill prints an end date for a "
        "fixed term, ending after that date is free too."
    )
    return Screen(text, (((_("Skip"), cb.back(k.START_DATE)),),))


def unreadable_start(view: View) -> str:
    return view._(
        "I could not read that date. Type a past date as day/month/year (15/03/2026) or "
        "month/year (03/2026)."
    )


def free_cancel(view: View, start: dt.date, on: dt.date, generation: int) -> Screen:
    """What ending the plan on `on` may cost, and the button to be reminded on the free day."""
    _ = view._
    free = k.free_cancel_day(start)
    if on >= free:
        return Screen(
            _(
                "Your contract is more than six months old: ending it costs no termination fee. "
                "Only the remaining value of a phone you got with the plan may be charged "
                "(nothing after 24 months)."
            )
            + "\n"
            + view.sources_line(view.content.journey.free_cancel_sources)
        )
    fees = k.fees_left(start, on)
    text = (
        view.ngettext(
            "Ending it before {free} may cost at most {count} more monthly fee (those still due "
            "up to the end of the sixth month), plus the remaining value of a phone you got "
            "with the plan. From {free} ending it costs no termination fee.",
            "Ending it before {free} may cost at most {count} more monthly fees (those still "
            "due up to the end of the sixth month), plus the remaining value of a phone you got "
            "with the plan. From {free} ending it costs no termination fee.",
            fees,
        ).format(free=format_date(free, view.locale), count=fees)
        + "\n"
        + view.sources_line(view.content.journey.free_cancel_sources)
    )
    label = _("⏰ Remind me on {date}").format(date=format_date(free, view.locale, "medium"))
    return Screen(text, (((label, FREE_REMIND.data(generation, button_day(start))),),))


def free_cancel_reminder(
    view: View, progress: j.Progress, reminder: Reminder, later: str
) -> Screen:
    _ = view._
    card = view.content.card(progress.card or "")
    text = _(
        "📅 From today, ending your {card} at {operator} costs no termination fee: its first "
        "six months are over. To end it, send your cancellation in writing (/letter writes "
        "it); a phone you got with the plan may still have a remaining value to pay."
    ).format(
        card=escape(card.short.get(view.lang)) if card else "",
        operator=journey.operator_name(view, progress),
    )
    rows: list[Row] = [
        ((_("✅ Thanks"), cb.reminder_answer(reminder.id, "y")),),
        ((later, cb.reminder_answer(reminder.id, "n")),),
    ]
    return Screen(
        text + "\n" + view.sources_line(view.content.journey.free_cancel_sources), tuple(rows)
    )
