"""The follow-up in Telegram: "I have sent my request" → when (a day button or a typed date) →
scheduled; the answers to a reminder; /reminders and its cancel buttons."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from html import escape

from telegram import CallbackQuery, Update

from bot import callbacks as cb
from bot.i18n import format_date
from bot.journey import rules as j
from bot.journey.handlers import ask_from_plan
from bot.keepalive import handlers as keepalive
from bot.keepalive import rules as k
from bot.reminders import rules as r
from bot.reminders import screens
from bot.reminders.store import OPEN, State
from bot.replies import EXPIRED, answer_query, edit_or_send, send
from bot.screen import Screen
from bot.session import Context, Session, open_session


async def sent(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """'I have sent my request' under the plan: ask when."""
    offered = j.needs_follow_up(session.progress)
    if await ask_from_plan(query, context, session, a, offered, j.SENT_DATE):
        now = session.services.clock()
        await send(context, session.chat_id, screens.ask_when(session.view, now))


async def schedule_follow_up(context: Context, session: Session, day: dt.date) -> None:
    """Store the date and the follow-up, back to the plan, and say when the bot will ask."""
    svc = session.services
    due = r.follow_up_due(
        day, svc.clock(), svc.settings.follow_up_after, r.Quiet.of(svc.settings.quiet_hours)
    )
    await svc.reminders.schedule(session.user_id, r.FOLLOW_UP, r.to_epoch(due))
    await svc.journeys.set_sent_on(session.user_id, day.isoformat())
    await session.save(replace(session.progress, state=j.PLAN))
    _ = session._
    text = _("Noted: sent on {sent}. I will ask you on {due} whether it went through.").format(
        sent=format_date(day, session.locale), due=screens.when_text(session.view, due)
    )
    await context.bot.send_message(session.chat_id, text + "\n" + _("/reminders lists them."))


async def sent_day(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A day button of "when did you send it?"."""
    days = int(a.value)
    if session.progress.state != j.SENT_DATE or not 0 <= days <= r.MAX_DAYS_AGO:
        await answer_query(query, session._(EXPIRED))
        return
    await answer_query(query)
    day = r.sent_on(session.services.clock(), days)
    await edit_or_send(query, context, Screen("✔ " + format_date(day, session.locale)))
    await schedule_follow_up(context, session, day)


async def typed_day(context: Context, session: Session, text: str) -> bool:
    """A date typed while the bot asks when the request was sent; False at any other time."""
    if session.progress.state != j.SENT_DATE:
        return False
    now = session.services.clock()
    day = r.parse_day(text, now)
    if day is None:
        hint = screens.unreadable_day(session.view)
        await send(context, session.chat_id, screens.ask_when(session.view, now, hint))
        return True
    await schedule_follow_up(context, session, day)
    return True


async def answered(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """An answer to a reminder: confirmed, not yet (snooze), or there is a problem."""
    svc = session.services
    _ = session._
    reminder = await svc.reminders.get(a.number)
    if reminder is None or reminder.user_id != session.user_id or reminder.state not in OPEN:
        await answer_query(query, _(EXPIRED))
        return
    if reminder.kind in k.KINDS:  # top-ups and the free-cancellation day
        await keepalive.answered(query, context, session, reminder, a.value)
        return
    if a.value == "s":  # "stop" belongs to top-up reminders only
        await answer_query(query, _(EXPIRED))
        return
    now = svc.clock()
    quiet = r.Quiet.of(svc.settings.quiet_hours)
    if a.value == "n":
        due = r.snooze_due(now, svc.settings.snooze_after, quiet)
        if not await svc.reminders.snooze(reminder.id, session.user_id, r.to_epoch(due)):
            await answer_query(query, _(EXPIRED))  # answered or cancelled meanwhile
            return
        await answer_query(query)
        when = screens.when_text(session.view, due)
        await edit_or_send(
            query, context, Screen(_("OK, I will ask again on {date}.").format(date=when))
        )
        return
    if not await svc.reminders.set_state(reminder.id, session.user_id, State.ANSWERED):
        await answer_query(query, _(EXPIRED))  # answered or cancelled meanwhile
        return
    await answer_query(query)
    if reminder.kind == r.REFUND:
        await edit_or_send(query, context, Screen(_("✅ Noted. Keep the refund confirmation.")))
        return
    if a.value == "p":
        due = r.snooze_due(now, svc.settings.snooze_after, quiet)
        await svc.reminders.schedule(session.user_id, r.FOLLOW_UP, r.to_epoch(due))
        problem = svc.content.journey.follow_up_problem.get(session.view.lang)
        await edit_or_send(query, context, Screen(_("⚠️ There's a problem")))
        await context.bot.send_message(session.chat_id, escape(problem))
        return
    await svc.journeys.complete(session.user_id)
    await edit_or_send(query, context, Screen(_("✅ Yes, confirmed")))
    await context.bot.send_message(
        session.chat_id, screens.after_steps(session.view, session.progress)
    )
    if session.progress.intent == "keep" and session.progress.billing == "prepaid":
        due = r.snooze_due(now, svc.settings.follow_up_after, quiet)
        await svc.reminders.schedule(session.user_id, r.REFUND, r.to_epoch(due))


async def list_command(update: Update, context: Context) -> None:
    """/reminders: what the bot plans to ask, each with a cancel button."""
    session = await open_session(update, context)
    reminders = await session.services.reminders.of_user(session.user_id)
    await send(context, session.chat_id, screens.reminder_list(session.view, reminders))


async def cancel(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """✖ Cancel under /reminders."""
    svc = session.services
    done = await svc.reminders.set_state(a.number, session.user_id, State.CANCELLED)
    await answer_query(query, session._("Reminder cancelled.") if done else session._(EXPIRED))
    reminders = await svc.reminders.of_user(session.user_id)
    await edit_or_send(query, context, screens.reminder_list(session.view, reminders))
