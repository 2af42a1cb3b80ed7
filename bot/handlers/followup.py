"""Follow-up: "I have sent my request" → when → the bot comes back to ask whether the
operator confirmed; /reminders; and the sweep job that sends what is due.

Reminders are rows in SQLite. One repeating job claims due rows (pending → sending) before
sending them, so overlapping sweeps never send twice; a row a crash left in 'sending' goes
back to pending at start (at-least-once only for a hard kill while its send is in flight —
at most IN_FLIGHT of them).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from dataclasses import replace
from html import escape
from pathlib import Path

from babel.dates import format_timedelta
from telegram import CallbackQuery
from telegram.error import Forbidden, RetryAfter, TelegramError

from bot import callbacks as cb
from bot.domain import journey as j
from bot.domain import reminders as r
from bot.handlers.common import (
    EXPIRED,
    Context,
    Services,
    Session,
    answer_query,
    edit_or_send,
    send,
    services,
)
from bot.i18n import BABEL_LOCALE, format_date, translations, valid_locale
from bot.render import Screen, View
from bot.storage import ANSWERED, CANCELLED, Reminder

log = logging.getLogger(__name__)


def send_rate(svc: Services) -> float | None:
    """Reminders per second: two thirds of the flood limit, leaving room for replies to
    people who are chatting (the rate limiter enforces the overall cap); None when the
    limiter is off (RATE_LIMIT_PER_SECOND=0)."""
    limit = svc.settings.rate_limit
    return limit * 2 / 3 if limit > 0 else None


QUICK_DAYS = 7  # buttons for today … 6 days ago; older dates are typed


def quiet_of(svc: Services) -> r.Quiet | None:
    hours = svc.settings.quiet_hours
    return r.Quiet(*hours) if hours else None


def when_text(session: Session, moment: dt.datetime) -> str:
    return format_date(moment.astimezone(r.BRUSSELS).date(), session.locale)


def delay_text(delay: dt.timedelta, locale: str) -> str:
    return format_timedelta(delay, locale=BABEL_LOCALE[valid_locale(locale)], threshold=1.1)


def ask_when_screen(session: Session) -> Screen:
    _ = session._
    labels = [_("Today"), _("Yesterday")]
    rows: list[tuple[tuple[str, str], ...]] = [
        ((labels[0], cb.sent_days_ago(0)), (labels[1], cb.sent_days_ago(1)))
    ]
    now = session.services.clock()
    earlier = [
        (format_date(r.sent_on(now, days), session.locale, "medium"), cb.sent_days_ago(days))
        for days in range(2, QUICK_DAYS)
    ]
    rows += [tuple(earlier[i : i + 3]) for i in range(0, len(earlier), 3)]
    rows.append(((_("« Back"), cb.back(j.SENT_DATE)),))
    text = _("When did you send it? Tap a day, or type the date (for example 12/11).")
    return Screen(text, tuple(rows))


async def sent_pressed(query: CallbackQuery, context: Context, session: Session) -> None:
    """'I have sent my request' under the plan: ask when."""
    await session.save(replace(session.progress, state=j.SENT_DATE))
    await answer_query(query)
    await send(context, session.chat_id, ask_when_screen(session))


async def schedule_follow_up(context: Context, session: Session, day: dt.date) -> None:
    """Store the date and the follow-up, back to the plan, and say when the bot will ask."""
    svc = session.services
    now = svc.clock()
    due = r.follow_up_due(day, now, svc.settings.follow_up_after, quiet_of(svc))
    await svc.storage.schedule(session.user_id, r.FOLLOW_UP, r.to_epoch(due))
    await svc.storage.set_sent_on(session.user_id, day.isoformat())
    await session.save(replace(session.progress, state=j.PLAN))
    _ = session._
    text = _("Noted: sent on {sent}. I will ask you on {due} whether it went through.").format(
        sent=format_date(day, session.locale), due=when_text(session, due)
    )
    await context.bot.send_message(session.chat_id, text + "\n" + _("/reminders lists them."))


async def day_pressed(query: CallbackQuery, context: Context, session: Session, days: int) -> None:
    if session.progress.state != j.SENT_DATE or not 0 <= days <= r.MAX_DAYS_AGO:
        await answer_query(query, session._(EXPIRED))
        return
    await answer_query(query)
    day = r.sent_on(session.services.clock(), days)
    await edit_or_send(query, context, Screen("✔ " + format_date(day, session.locale)))
    await schedule_follow_up(context, session, day)


async def day_typed(context: Context, session: Session, text: str) -> None:
    """A typed date while the bot asks when the request was sent."""
    day = r.parse_day(text, session.services.clock())
    if day is None:
        _ = session._
        hint = _(
            "I could not read that date. Type it as day/month, e.g. 12/11, "
            "within the last {days} days."
        ).format(days=r.MAX_DAYS_AGO)
        await send(context, session.chat_id, replace(ask_when_screen(session), text=hint))
        return
    await schedule_follow_up(context, session, day)


def next_check_line(session: Session, reminders: list[Reminder]) -> str:
    pending = [x for x in reminders if x.kind == r.FOLLOW_UP and x.state == "pending"]
    if not pending:
        return ""
    due = r.from_epoch(pending[0].due_at)
    return session._("Next check: {date}.").format(date=when_text(session, due))


# the reminder message


def reminder_screen(
    view: View, progress: j.Progress, reminder: Reminder, snooze: dt.timedelta
) -> Screen:
    _ = view._
    operator = view.content.operator(progress.operator or "")
    card = view.content.card(progress.card or "")
    operator_name = operator.name if operator else _("your operator")
    card_name = card.label.get(view.lang) if card else ""
    later = _("⏳ Not yet — remind me in {delay}").format(delay=delay_text(snooze, view.locale))
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


def after_steps_text(session: Session) -> str:
    view = session.view
    items = [i for i in j.plan_for(session.progress, view.content) if i.phase == "after"]
    blocks = [session._("🎉 Confirmed. What is left to do:")]
    blocks += [
        view.item_block(n, item, item.id in session.progress.ticks)
        for n, item in enumerate(items, 1)
    ]
    return "\n\n".join(blocks)


async def reminder_answered(
    query: CallbackQuery, context: Context, session: Session, reminder_id: int, answer: str
) -> None:
    svc = session.services
    storage = svc.storage
    _ = session._
    reminder = await storage.get_reminder(reminder_id)
    if (
        reminder is None
        or reminder.user_id != session.user_id
        or reminder.state not in ("sent", "pending")
    ):
        await answer_query(query, _(EXPIRED))
        return
    now = svc.clock()
    quiet = quiet_of(svc)
    if answer == "n":
        due = r.snooze_due(now, svc.settings.snooze_after, quiet)
        await storage.snooze(reminder.id, session.user_id, r.to_epoch(due))
        await answer_query(query)
        await edit_or_send(
            query,
            context,
            Screen(_("OK, I will ask again on {date}.").format(date=when_text(session, due))),
        )
        return
    await storage.set_reminder_state(reminder.id, session.user_id, ANSWERED)
    await answer_query(query)
    if reminder.kind == r.REFUND:
        await edit_or_send(query, context, Screen(_("✅ Noted. Keep the refund confirmation.")))
        return
    if answer == "p":
        due = r.snooze_due(now, svc.settings.snooze_after, quiet)
        await storage.schedule(session.user_id, r.FOLLOW_UP, r.to_epoch(due))
        problem = svc.content.journey.follow_up_problem.get(session.view.lang)
        await edit_or_send(query, context, Screen(_("⚠️ There's a problem")))
        await context.bot.send_message(session.chat_id, escape(problem))
        return
    await storage.complete_journey(session.user_id)
    await edit_or_send(query, context, Screen(_("✅ Yes, confirmed")))
    await context.bot.send_message(session.chat_id, after_steps_text(session))
    if session.progress.intent == "keep" and session.progress.billing == "prepaid":
        due = r.snooze_due(now, svc.settings.follow_up_after, quiet)
        await storage.schedule(session.user_id, r.REFUND, r.to_epoch(due))


# /reminders


async def list_reminders(
    context: Context, session: Session, query: CallbackQuery | None = None
) -> None:
    _ = session._
    reminders = await session.services.storage.user_reminders(session.user_id)
    if not reminders:
        screen = Screen(
            _(
                "No reminders are planned. Once you have sent your request, tap the 📨 "
                "button under your plan and I will come back to you."
            )
        )
    else:
        lines = [_("Planned reminders:")]
        rows = []
        for n, reminder in enumerate(reminders, 1):
            what = _("follow-up question") if reminder.kind == r.FOLLOW_UP else _("credit refund")
            lines.append(f"{n}. {what} — {when_text(session, r.from_epoch(reminder.due_at))}")
            rows.append(
                ((_("✖ Cancel {number}").format(number=n), cb.reminder_cancel(reminder.id)),)
            )
        screen = Screen("\n".join(lines), tuple(rows))
    if query is not None:
        await edit_or_send(query, context, screen)
    else:
        await send(context, session.chat_id, screen)


async def cancel_pressed(
    query: CallbackQuery, context: Context, session: Session, reminder_id: int
) -> None:
    done = await session.services.storage.set_reminder_state(
        reminder_id, session.user_id, CANCELLED
    )
    await answer_query(
        query,
        session._("Reminder cancelled.") if done else session._(EXPIRED),
    )
    await list_reminders(context, session, query)


# the sweep


def heartbeat_path(database_path: Path) -> Path:
    return database_path.parent / "heartbeat"


def beat(database_path: Path) -> None:
    """Proof of life for `python -m bot healthcheck`: the job loop is running."""
    try:
        heartbeat_path(database_path).touch()
    except OSError as exc:  # never let the health signal stop the reminders
        log.warning("cannot write the heartbeat: %s", exc.strerror)


IN_FLIGHT = 16  # reminders being sent at once: Bot API latency must not set the pace
BATCH = 200  # claimed per statement when nothing paces the sweep


async def sweep(context: Context) -> None:
    """Send every due reminder (one repeating job; claims make overlapping sweeps safe).

    Sends start at `send_rate` per second (none when the flood limiter is off) and run
    concurrently, so a slow Bot API does not lower the rate; a RetryAfter from Telegram pauses
    the whole sweep. A sweep goes on until nothing is due (the job queue skips a sweep while
    one runs), claiming a batch at a time; it stops at the start of the quiet hours and as soon
    as the bot is stopping, putting back what it claimed and did not send.
    """
    svc = services(context)
    rate = send_rate(svc)
    quiet = quiet_of(svc)
    loop = asyncio.get_running_loop()
    started = loop.time()
    pause_until = 0.0
    slots = asyncio.Semaphore(IN_FLIGHT)
    sending: set[asyncio.Task[None]] = set()
    handed = 0

    async def deliver_in_slot(reminder: Reminder) -> None:
        nonlocal pause_until
        try:
            # Shielded: a shutdown in the middle of a send still records its outcome.
            wait = await asyncio.shield(deliver(context, svc, reminder))
            pause_until = max(pause_until, loop.time() + wait)
        except Exception:
            log.exception("reminder %s could not be delivered", reminder.id)
            with contextlib.suppress(Exception):  # the database may be what failed
                await retry_or_fail(svc, reminder, "an unexpected error")
        finally:
            slots.release()

    batch_size = max(1, int(rate)) if rate else BATCH
    claimed: list[Reminder] = []
    try:
        while context.application.running:
            now = svc.clock()
            beat(svc.settings.database_path)  # also during a long sweep: the bot is alive
            if quiet is not None and quiet.contains(now):
                return  # overdue reminders wait for the end of the quiet hours
            claimed = await svc.storage.claim_due(r.to_epoch(now), batch_size)
            more = len(claimed) == batch_size
            while claimed and context.application.running:
                await slots.acquire()
                wait = pause_until - loop.time()
                if rate:
                    started = max(started, loop.time() - handed / rate)  # no burst after a pause
                    wait = max(wait, started + handed / rate - loop.time())
                if wait > 0:
                    slots.release()
                    await asyncio.sleep(wait)
                    continue  # look again: the bot may be stopping, or Telegram said to wait
                task = asyncio.create_task(deliver_in_slot(claimed.pop(0)))
                sending.add(task)
                task.add_done_callback(sending.discard)
                handed += 1
            if not more:
                return
    finally:
        if claimed:  # the bot is stopping: not sent, so not 'sending'
            await svc.storage.unclaim([reminder.id for reminder in claimed])
        if sending:
            await asyncio.wait(sending)


async def deliver(context: Context, svc: Services, reminder: Reminder) -> float:
    """Send one claimed reminder and record the outcome; returns how many seconds Telegram
    asked to wait before sending anything more (RetryAfter), else 0."""
    storage = svc.storage
    now = svc.clock()
    found = await storage.recipient(reminder.user_id)
    user, progress = found if found else (None, None)
    if user is None or progress is None or progress.answers is None:
        await storage.set_reminder_state(reminder.id, reminder.user_id, CANCELLED)
        return 0.0
    locale = valid_locale(user.locale)
    view = View(svc.content, translations(locale), locale)
    screen = reminder_screen(view, progress, reminder, svc.settings.snooze_after)
    try:
        message = await send(context, reminder.user_id, screen)
    except Forbidden:
        log.info("reminder %s: user blocked the bot; their reminders are cancelled", reminder.id)
        await storage.mark_blocked(reminder.user_id)
        return 0.0
    except RetryAfter as exc:
        wait = (
            exc.retry_after
            if isinstance(exc.retry_after, int | float)
            else exc.retry_after.total_seconds()
        )
        await storage.release(reminder.id, r.to_epoch(now) + int(wait) + 1, failed_attempt=False)
        return float(wait)
    except TelegramError as exc:
        await retry_or_fail(svc, reminder, type(exc).__name__)
        return 0.0
    await storage.mark_sent(reminder.id, message.message_id)
    return 0.0


async def retry_or_fail(svc: Services, reminder: Reminder, why: str) -> None:
    """A send that failed: pending again after a backoff, or failed after MAX_ATTEMPTS."""
    if reminder.attempts + 1 >= r.MAX_ATTEMPTS:
        log.error("reminder %s failed %s times, giving up: %s", reminder.id, r.MAX_ATTEMPTS, why)
        await svc.storage.mark_failed(reminder.id)
    else:
        due = r.retry_due(svc.clock(), reminder.attempts + 1)
        log.warning("reminder %s: %s; retrying", reminder.id, why)
        await svc.storage.release(reminder.id, r.to_epoch(due), failed_attempt=True)
