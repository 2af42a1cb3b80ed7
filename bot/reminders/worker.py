"""The reminder worker: one repeating job that sends every due reminder.

Reminders are rows in SQLite. The sweep claims due rows (pending → sending) before sending
them, so overlapping sweeps never send twice; a row a crash left in 'sending' goes back to
pending at start (at-least-once only for a hard kill while its send is in flight — at most
IN_FLIGHT of them).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from telegram.error import Forbidden, RetryAfter, TelegramError

from bot.dates import to_epoch
from bot.i18n import translations, valid_locale
from bot.ratelimit import retry_seconds
from bot.reminders import rules as r
from bot.reminders import screens
from bot.reminders.store import Reminder
from bot.replies import send
from bot.screen import View
from bot.services import Services
from bot.session import Context, services

log = logging.getLogger(__name__)

IN_FLIGHT = 16  # reminders being sent at once: Bot API latency must not set the pace
BATCH = 200  # claimed per statement when nothing paces the sweep


def send_rate(svc: Services) -> float | None:
    """Reminders per second: two thirds of the flood limit, leaving room for replies to
    people who are chatting (the rate limiter enforces the overall cap); None when the
    limiter is off (RATE_LIMIT_PER_SECOND=0)."""
    limit = svc.settings.rate_limit
    return limit * 2 / 3 if limit > 0 else None


def heartbeat_path(database_path: Path) -> Path:
    return database_path.parent / "heartbeat"


def beat(database_path: Path) -> None:
    """Proof of life for `python -m bot healthcheck`: the job loop is running."""
    try:
        heartbeat_path(database_path).touch()
    except OSError as exc:  # never let the health signal stop the reminders
        log.warning("cannot write the heartbeat: %s", exc.strerror)


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
    quiet = r.Quiet.of(svc.settings.quiet_hours)
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
            claimed = await svc.reminders.claim_due(to_epoch(now), batch_size)
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
            await svc.reminders.unclaim([reminder.id for reminder in claimed])
        if sending:
            await asyncio.wait(sending)


async def deliver(context: Context, svc: Services, reminder: Reminder) -> float:
    """Send one claimed reminder and record the outcome; returns how many seconds Telegram
    asked to wait before sending anything more (RetryAfter), else 0."""
    store = svc.reminders
    now = svc.clock()
    found = await svc.users.recipient(reminder.user_id)
    user, progress = found if found else (None, None)
    if user is None or progress is None or progress.answers is None:
        await store.drop_claimed(reminder.id)
        return 0.0
    locale = valid_locale(user.locale)
    view = View(svc.content, translations(locale), locale)
    screen = screens.reminder(view, progress, reminder, svc.settings.snooze_after, svc.features)
    if screen is None:  # a kind no feature declares any more
        await store.drop_claimed(reminder.id)
        return 0.0
    try:
        message = await send(context, reminder.user_id, screen, broadcast=True)
    except Forbidden:
        log.info("reminder %s: user blocked the bot; their reminders are cancelled", reminder.id)
        await svc.user_blocked(reminder.user_id)
        return 0.0
    except RetryAfter as exc:
        wait = retry_seconds(exc)
        await store.release(reminder.id, to_epoch(now) + int(wait) + 1, failed_attempt=False)
        return wait
    except TelegramError as exc:
        await retry_or_fail(svc, reminder, type(exc).__name__)
        return 0.0
    if not await store.mark_sent(reminder.id, message.message_id):
        # Replaced or cancelled while in flight (a new "I've sent it", /restart, /forget):
        # withdraw it, so the user is not asked a question that no longer exists.
        log.info("reminder %s was replaced while being sent; its message is withdrawn", reminder.id)
        with contextlib.suppress(TelegramError):
            await context.bot.delete_message(reminder.user_id, message.message_id)
    return 0.0


async def retry_or_fail(svc: Services, reminder: Reminder, why: str) -> None:
    """A send that failed: pending again after a backoff, or failed after MAX_ATTEMPTS."""
    if reminder.attempts + 1 >= r.MAX_ATTEMPTS:
        log.error("reminder %s failed %s times, giving up: %s", reminder.id, r.MAX_ATTEMPTS, why)
        await svc.reminders.mark_failed(reminder.id)
    else:
        due = r.retry_due(svc.clock(), reminder.attempts + 1)
        log.warning("reminder %s: %s; retrying", reminder.id, why)
        await svc.reminders.release(reminder.id, to_epoch(due), failed_attempt=True)
