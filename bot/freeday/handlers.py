"""The free-cancellation day in Telegram: 📅 under a plan that ends a contract, "when did it
start?" (typed, or skipped), ⏰ remind me on the free day, and the answer to that reminder."""

from __future__ import annotations

import datetime as dt

from telegram import CallbackQuery

from bot import callbacks as cb
from bot import flow
from bot.dates import from_button, to_epoch, today
from bot.freeday import rules as k
from bot.freeday import screens
from bot.i18n import format_date
from bot.reminders import rules as r
from bot.reminders.store import Reminder
from bot.replies import EXPIRED, answer_query, edit_or_send, send
from bot.screen import Screen
from bot.session import Context, Session


async def free_day(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """📅 When is ending it free? (under a plan that ends a contract): ask when it started."""
    offered = k.asks_start(session.progress, session.services.content)
    await flow.ask(query, context, session, a, offered, START_DATE)


async def free_remind(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    """⏰ Remind me on the free day."""
    svc = session.services
    now = svc.clock()
    start = from_button(a.value, now, k.EARLIEST_START)
    if (
        start is None
        or a.number != session.progress.generation  # a button of an earlier plan
        or not k.asks_start(session.progress, session.services.content)
    ):
        await flow.expired(query, context, session, a)
        return
    free = k.free_cancel_day(start)
    if free <= today(now):
        await answer_query(query, session._(EXPIRED))
        return
    due = r.on_day(free, r.Quiet.of(svc.settings.quiet_hours))
    payload = {"start": start.isoformat(), "free": free.isoformat()}
    await svc.reminders.schedule(session.user_id, k.FREE_CANCEL, to_epoch(due), payload)
    await answer_query(query)
    _ = session._
    text = _("Noted: I will remind you on {date} that ending it is free from then.").format(
        date=format_date(free, session.locale)
    )
    await edit_or_send(query, context, Screen(text + "\n" + _("/reminders lists them.")))


async def started(context: Context, session: Session, start: dt.date) -> None:
    """The contract's start is known: what ending it may cost, and ⏰ for the free day."""
    await flow.settle(session, k.START_DATE)
    now = session.services.clock()
    screen = screens.free_cancel(session.view, start, today(now), session.progress.generation)
    await send(context, session.chat_id, screen)


START_DATE = flow.date_question(
    k.START_DATE,
    screens.ask_start,
    k.parse_start,
    screens.unreadable_start,
    started,
    diagram="When is ending free?",
)


async def answered(
    query: CallbackQuery, context: Context, session: Session, reminder: Reminder, value: str
) -> None:
    if await flow.close_reminder(query, session, reminder):
        await edit_or_send(query, context, Screen(session._("✅ Thanks")))
