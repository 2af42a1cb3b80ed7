"""Keeping a card alive and the free-cancellation day in Telegram: the plan's buttons, the
typed dates, the answers to the reminders. Reminders are rows of the reminders table (kinds in
keepalive/rules.py), sent by the same sweep as the follow-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from telegram import CallbackQuery

from bot import callbacks as cb
from bot.i18n import format_date
from bot.journey import rules as j
from bot.journey.handlers import ask_from_plan, expired
from bot.keepalive import rules as k
from bot.keepalive import screens
from bot.reminders import rules as r
from bot.reminders.store import Reminder, State
from bot.replies import EXPIRED, answer_query, edit_or_send, send
from bot.screen import Screen
from bot.session import Context, Session


def _rule_months(session: Session) -> int | None:
    operator = screens.operator_of(session.view, session.progress)
    return operator.top_up.months if operator and operator.top_up else None


async def topup(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """⏰ Remind me to top up (under a keep-alive plan): ask when the last top-up was."""
    offered = k.asks_top_up(session.progress)
    if await ask_from_plan(query, context, session, a, offered, j.TOPUP_DATE):
        now = session.services.clock()
        await send(context, session.chat_id, screens.ask_last_top_up(session.view, now))


async def topup_day(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A button of "when did you last top up?"."""
    now = session.services.clock()
    day = screens.parse_day(a.value, now, k.oldest_top_up(now))
    if session.progress.state != j.TOPUP_DATE or day is None:
        await answer_query(query, session._(EXPIRED))
        return
    await answer_query(query)
    await edit_or_send(query, context, Screen("✔ " + format_date(day, session.locale)))
    await _last_top_up(context, session, day)


async def topup_every(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    """The interval the user picked where the operator's rule is not known."""
    now = session.services.clock()
    day = screens.parse_day(a.value, now, k.oldest_top_up(now))
    if session.progress.state != j.TOPUP_DATE or day is None or int(a.state) not in k.INTERVALS:
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
    now = svc.clock()
    lapse = k.lapse_day(last, months)
    due = k.top_up_reminders(lapse, now, r.Quiet.of(svc.settings.quiet_hours))
    payload = {"last": last.isoformat(), "months": months, "lapse": lapse.isoformat()}
    await svc.reminders.replace_kinds(
        session.user_id,
        k.TOPUP_KINDS,
        [(kind, r.to_epoch(when), payload) for kind, when in due.items()],
    )
    if session.progress.state == j.TOPUP_DATE:
        await session.save(replace(session.progress, state=j.PLAN))
    view = session.view
    text = (
        screens.top_ups_scheduled(view, session.progress, last, months, lapse, due, by_rule)
        if due
        else screens.lapsed_already(view, session.progress, lapse)
    )
    await context.bot.send_message(session.chat_id, text)


async def free_day(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """📅 When is ending it free? (under a plan that ends a contract): ask when it started."""
    offered = k.asks_start(session.progress, session.services.content)
    if await ask_from_plan(query, context, session, a, offered, j.START_DATE):
        await send(context, session.chat_id, screens.ask_start(session.view))


async def free_remind(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    """⏰ Remind me on the free day."""
    svc = session.services
    now = svc.clock()
    start = screens.parse_day(a.value, now, k.EARLIEST_START)
    if (
        start is None
        or a.number != session.progress.generation  # a button of an earlier plan
        or not k.asks_start(session.progress, session.services.content)
    ):
        await expired(query, context, session, a)
        return
    free = k.free_cancel_day(start)
    if free <= k.today(now):
        await answer_query(query, session._(EXPIRED))
        return
    due = k.at_remind_time(free, r.Quiet.of(svc.settings.quiet_hours))
    payload = {"start": start.isoformat(), "free": free.isoformat()}
    await svc.reminders.schedule(session.user_id, k.FREE_CANCEL, r.to_epoch(due), payload)
    await answer_query(query)
    _ = session._
    text = _("Noted: I will remind you on {date} that ending it is free from then.").format(
        date=format_date(free, session.locale)
    )
    await edit_or_send(query, context, Screen(text + "\n" + _("/reminders lists them.")))


async def typed_date(context: Context, session: Session, text: str) -> bool:
    """A date typed while the bot asks for the last top-up or the contract's start; False at
    any other time."""
    state = session.progress.state
    if state not in (j.TOPUP_DATE, j.START_DATE):
        return False
    now = session.services.clock()
    view = session.view
    if state == j.TOPUP_DATE:
        day = k.parse_past_date(text, now, earliest_in_month=True)  # an earlier top-up: safe
        if day is None:
            hint = screens.unreadable_top_up(view)
            await send(context, session.chat_id, screens.ask_last_top_up(view, now, hint))
            return True
        await _last_top_up(context, session, day)
        return True
    # A month means its last day (a later start is the safe side); any past date is fine.
    start = k.parse_past_date(text, now, earliest_in_month=False, earliest=k.EARLIEST_START)
    if start is None:
        await send(
            context, session.chat_id, screens.ask_start(view, screens.unreadable_start(view))
        )
        return True
    await session.save(replace(session.progress, state=j.PLAN))
    screen = screens.free_cancel(view, start, k.today(now), session.progress.generation)
    await send(context, session.chat_id, screen)
    return True


async def answered(
    query: CallbackQuery, context: Context, session: Session, reminder: Reminder, value: str
) -> None:
    """An answer to a top-up or free-day reminder: done (a top-up starts the next cycle),
    later (snoozed), or stop (every top-up reminder of the user goes)."""
    svc = session.services
    _ = session._
    now = svc.clock()
    quiet = r.Quiet.of(svc.settings.quiet_hours)
    if value == "n":
        due = r.snooze_due(now, svc.settings.snooze_after, quiet)
        if not await svc.reminders.snooze(reminder.id, session.user_id, r.to_epoch(due)):
            await answer_query(query, _(EXPIRED))
            return
        await answer_query(query)
        when = format_date(r.local_day(due), session.locale)
        await edit_or_send(
            query, context, Screen(_("OK, I will ask again on {date}.").format(date=when))
        )
        return
    if value == "s" and reminder.kind in k.TOPUP_KINDS:
        await svc.reminders.replace_kinds(session.user_id, k.TOPUP_KINDS, [])
        await answer_query(query)
        await edit_or_send(query, context, Screen(_("OK, no more top-up reminders.")))
        return
    if value != "y" or not await svc.reminders.set_state(
        reminder.id, session.user_id, State.ANSWERED
    ):
        await answer_query(query, _(EXPIRED))  # answered or cancelled meanwhile
        return
    await answer_query(query)
    if reminder.kind == k.FREE_CANCEL:
        await edit_or_send(query, context, Screen(_("✅ Thanks")))
        return
    await edit_or_send(query, context, Screen(_("✅ I topped up")))
    months = int(reminder.payload.get("months", k.SUGGESTED))
    await schedule_top_ups(
        context, session, k.today(now), months, by_rule=_rule_months(session) == months
    )
