"""Keeping a card alive in Telegram: ⏰ under the plan, "when did you last top up?" (a button
or a typed date), the interval where the operator's rule is unknown, and the answers to the
top-up reminders."""

from __future__ import annotations

import datetime as dt

from telegram import CallbackQuery

from bot import callbacks as cb
from bot import flow
from bot.dates import from_button, to_epoch, today
from bot.i18n import format_date
from bot.reminders import rules as r
from bot.reminders.store import Reminder
from bot.replies import EXPIRED, answer_query, edit_or_send, send
from bot.screen import Screen
from bot.session import Context, Session
from bot.topup import rules as k
from bot.topup import screens


def _rule_months(session: Session) -> int | None:
    operator = screens.operator_of(session.view, session.progress)
    return operator.top_up.months if operator and operator.top_up else None


async def topup(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """⏰ Remind me to top up (under a keep-alive plan): ask when the last top-up was."""
    await flow.ask(query, context, session, a, k.asks_top_up(session.progress), TOPUP_DATE)


def _button_day(session: Session, a: cb.Action) -> dt.date | None:
    """The day a button of the question carries; None when the question is not pending or
    the day is not one the question offers (outdated or forged)."""
    now = session.services.clock()
    day = from_button(a.value, now, k.oldest_top_up(now))
    return day if session.progress.pending == k.TOPUP_DATE else None


async def topup_day(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A button of "when did you last top up?"."""
    day = _button_day(session, a)
    if day is None:
        await answer_query(query, session._(EXPIRED))
        return
    await answer_query(query)
    await edit_or_send(query, context, Screen("✔ " + format_date(day, session.locale)))
    await _last_top_up(context, session, day)


async def topup_every(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    """The interval the user picked where the operator's rule is not known."""
    day = _button_day(session, a)
    if day is None or int(a.state) not in k.INTERVALS:
        await answer_query(query, session._(EXPIRED))
        return
    await answer_query(query)
    await edit_or_send(
        query, context, Screen("✔ " + session._("Every {months} months").format(months=a.state))
    )
    await schedule_top_ups(context, session, day, int(a.state), by_rule=False)


async def _last_top_up(context: Context, session: Session, day: dt.date) -> None:
    months = _rule_months(session)
    if months is None:
        screen = screens.ask_interval(session.view, session.progress, day)
        await send(context, session.chat_id, screen)
        return
    await schedule_top_ups(context, session, day, months, by_rule=True)


async def schedule_top_ups(
    context: Context, session: Session, last: dt.date, months: int, by_rule: bool
) -> None:
    """Replace the user's top-up reminders with the two warnings before the next lapse."""
    svc = session.services
    lapse = k.lapse_day(last, months)
    due = k.top_up_reminders(lapse, svc.clock(), r.Quiet.of(svc.settings.quiet_hours))
    payload = {"last": last.isoformat(), "months": months, "lapse": lapse.isoformat()}
    await svc.reminders.replace_kinds(
        session.user_id,
        k.TOPUP_KINDS,
        [(kind, to_epoch(when), payload) for kind, when in due.items()],
    )
    await flow.settle(session, k.TOPUP_DATE)
    view = session.view
    text = (
        screens.top_ups_scheduled(view, session.progress, last, months, lapse, due, by_rule)
        if due
        else screens.lapsed_already(view, session.progress, lapse)
    )
    await send(context, session.chat_id, Screen(text))


TOPUP_DATE = flow.date_question(
    k.TOPUP_DATE,
    screens.ask_last_top_up,
    k.parse_last_top_up,
    screens.unreadable_top_up,
    _last_top_up,
    diagram="Remind me to top up",
)


async def answered(
    query: CallbackQuery, context: Context, session: Session, reminder: Reminder, value: str
) -> None:
    """✅ I topped up: the next cycle counts from today; ✖ stop: every top-up reminder goes."""
    svc = session.services
    if value == "s":
        await svc.reminders.replace_kinds(session.user_id, k.TOPUP_KINDS, [])
        await answer_query(query)
        await edit_or_send(query, context, Screen(session._("OK, no more top-up reminders.")))
        return
    if not await flow.close_reminder(query, session, reminder):
        return
    await edit_or_send(query, context, Screen(session._("✅ I topped up")))
    months = int(reminder.payload.get("months", k.SUGGESTED))
    await schedule_top_ups(
        context, session, today(svc.clock()), months, by_rule=_rule_months(session) == months
    )
