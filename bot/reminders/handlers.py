"""Reminders in Telegram, for every kind: an answer to a reminder (⏳ "not yet" snoozes it
here; any other answer goes to its kind's handler), /reminders and its cancel buttons."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot import callbacks as cb
from bot.dates import to_epoch
from bot.reminders import rules as r
from bot.reminders import screens
from bot.reminders.store import OPEN, State
from bot.replies import EXPIRED, answer_query, edit_or_send, send
from bot.screen import Screen
from bot.session import Context, Session, open_session


async def answered(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """An answer to a reminder: ⏳ not yet (snoozed), or what its kind does with the answer."""
    svc = session.services
    _ = session._
    reminder = await svc.reminders.get(a.number)
    kind = svc.features.reminders.get(reminder.kind) if reminder else None
    if (
        reminder is None
        or kind is None
        or reminder.user_id != session.user_id
        or reminder.state not in OPEN
        or (a.value != "n" and a.value not in kind.answers)
    ):
        await answer_query(query, _(EXPIRED))
        return
    if a.value != "n":
        await kind.answer(query, context, session, reminder, a.value)
        return
    due = r.snooze_due(svc.clock(), svc.settings.snooze_after, r.Quiet.of(svc.settings.quiet_hours))
    if not await svc.reminders.snooze(reminder.id, session.user_id, to_epoch(due)):
        await answer_query(query, _(EXPIRED))  # answered or cancelled meanwhile
        return
    await answer_query(query)
    when = screens.when_text(session.view, due)
    await edit_or_send(
        query, context, Screen(_("OK, I will ask again on {date}.").format(date=when))
    )


async def list_command(update: Update, context: Context) -> None:
    """/reminders: what the bot plans to ask, each with a cancel button."""
    session = await open_session(update, context)
    svc = session.services
    reminders = await svc.reminders.of_user(session.user_id)
    await send(
        context,
        session.chat_id,
        screens.reminder_list(session.view, reminders, svc.features, session.progress),
    )


async def cancel(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """✖ Cancel under /reminders."""
    svc = session.services
    done = await svc.reminders.set_state(a.number, session.user_id, State.CANCELLED)
    await answer_query(query, session._("Reminder cancelled.") if done else session._(EXPIRED))
    reminders = await svc.reminders.of_user(session.user_id)
    await edit_or_send(
        query,
        context,
        screens.reminder_list(session.view, reminders, svc.features, session.progress),
    )
