"""The follow-up in Telegram: "I have sent my request" → when (a day button or a typed date) →
scheduled; and what the answers to its reminders do."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from html import escape

from telegram import CallbackQuery

from bot import callbacks as cb
from bot import flow
from bot.dates import to_epoch
from bot.followup import rules as f
from bot.followup import screens
from bot.i18n import format_date
from bot.journey import rules as j
from bot.reminders import rules as r
from bot.reminders.screens import when_text
from bot.reminders.store import Reminder
from bot.replies import EXPIRED, answer_query, edit_or_send, send
from bot.screen import Screen
from bot.session import Context, Session


async def sent(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """'I have sent my request' under the plan: ask when."""
    await flow.ask(query, context, session, a, j.needs_follow_up(session.progress), SENT_DATE)


async def schedule_follow_up(context: Context, session: Session, day: dt.date) -> None:
    """Store the date and the follow-up, back to the plan, and say when the bot will ask."""
    svc = session.services
    due = f.follow_up_due(
        day, svc.clock(), svc.settings.follow_up_after, r.Quiet.of(svc.settings.quiet_hours)
    )
    await svc.reminders.schedule(session.user_id, f.FOLLOW_UP, to_epoch(due))
    await svc.journeys.set_sent_on(session.user_id, day.isoformat())
    # The request is sent: its steps (how to cancel or port) are done, and nothing is pending.
    progress = session.progress
    sent_steps = {i.id for i in j.plan_for(progress, svc.content) if i.phase == "cancel"}
    pending = None if progress.pending == f.SENT_DATE else progress.pending
    await session.save(replace(progress, pending=pending, ticks=progress.ticks | sent_steps))
    _ = session._
    text = _("Noted: sent on {sent}. I will ask you on {due} whether it went through.").format(
        sent=format_date(day, session.locale), due=when_text(session.view, due)
    )
    await send(context, session.chat_id, Screen(text + "\n" + _("/reminders lists them.")))


async def sent_day(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A day button of "when did you send it?"."""
    days = int(a.value)
    if session.progress.pending != f.SENT_DATE or not 0 <= days <= f.MAX_DAYS_AGO:
        await answer_query(query, session._(EXPIRED))
        return
    await answer_query(query)
    day = f.sent_on(session.services.clock(), days)
    await edit_or_send(query, context, Screen("✔ " + format_date(day, session.locale)))
    await schedule_follow_up(context, session, day)


SENT_DATE = flow.date_question(
    f.SENT_DATE,
    screens.ask_when,
    f.parse_day,
    screens.unreadable_day,
    schedule_follow_up,
    diagram="I've sent my request",
)


async def follow_up_answered(
    query: CallbackQuery, context: Context, session: Session, reminder: Reminder, value: str
) -> None:
    """✅ confirmed: the after-steps (and, after a prepaid port, the refund reminder);
    ⚠️ a problem: what to do next, and a later check."""
    if not await flow.close_reminder(query, session, reminder):
        return
    svc = session.services
    _ = session._
    quiet = r.Quiet.of(svc.settings.quiet_hours)
    if value == "p":
        due = r.snooze_due(svc.clock(), svc.settings.snooze_after, quiet)
        await svc.reminders.schedule(session.user_id, f.FOLLOW_UP, to_epoch(due))
        problem = svc.content.journey.follow_up_problem.get(session.view.lang)
        await edit_or_send(query, context, Screen(_("⚠️ There's a problem")))
        await send(context, session.chat_id, Screen(escape(problem)))
        return
    await svc.journeys.complete(session.user_id)
    await edit_or_send(query, context, Screen(_("✅ Yes, confirmed")))
    await send(
        context, session.chat_id, Screen(screens.after_steps(session.view, session.progress))
    )
    if session.progress.intent == "keep" and session.progress.billing == "prepaid":
        due = r.snooze_due(svc.clock(), svc.settings.follow_up_after, quiet)
        await svc.reminders.schedule(session.user_id, f.REFUND, to_epoch(due))


async def refund_answered(
    query: CallbackQuery, context: Context, session: Session, reminder: Reminder, value: str
) -> None:
    if await flow.close_reminder(query, session, reminder):
        await edit_or_send(
            query, context, Screen(session._("✅ Noted. Keep the refund confirmation."))
        )
