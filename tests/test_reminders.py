"""Reminder timing and the sweep, with a controllable clock (no real waiting)."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from telegram.error import Forbidden, NetworkError, RetryAfter

from bot import dates
from bot.config import Settings
from bot.db import Database
from bot.features import FEATURES
from bot.followup import rules as f
from bot.journey.rules import Progress
from bot.reminders import rules as r
from bot.reminders.worker import IN_FLIGHT, sweep
from bot.services import Services

UTC = dt.UTC
QUIET = r.Quiet(dt.time(21), dt.time(9))


def brussels(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dates.BRUSSELS)


def test_quiet_hours_move_a_reminder_to_nine_in_the_morning() -> None:
    assert r.outside_quiet(brussels(2026, 11, 23, 22, 30), QUIET) == brussels(2026, 11, 24, 9)
    assert r.outside_quiet(brussels(2026, 11, 23, 8, 0), QUIET) == brussels(2026, 11, 23, 9)
    noon = brussels(2026, 11, 23, 12)
    assert r.outside_quiet(noon, QUIET) == noon
    assert r.outside_quiet(brussels(2026, 11, 23, 23), None) == brussels(2026, 11, 23, 23)
    day_quiet = r.Quiet(dt.time(12), dt.time(14))  # not wrapping midnight
    assert r.outside_quiet(brussels(2026, 11, 23, 13), day_quiet) == brussels(2026, 11, 23, 14)


def test_quiet_hours_across_the_dst_changes() -> None:
    # Spring forward (29 March 2026): 09:00 is 07:00 UTC, not 08:00.
    spring = r.outside_quiet(dt.datetime(2026, 3, 28, 21, 30, tzinfo=UTC), QUIET)
    assert spring == dt.datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    # Fall back (25 October 2026): 09:00 is 08:00 UTC again.
    autumn = r.outside_quiet(dt.datetime(2026, 10, 24, 20, 30, tzinfo=UTC), QUIET)
    assert autumn == dt.datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    # 3 days after a request sent before the change are 72 real hours:
    sent_at = brussels(2026, 3, 27, 15)
    due = f.follow_up_due(sent_at.date(), sent_at, dt.timedelta(days=3), QUIET)
    assert due == dt.datetime(2026, 3, 30, 14, 0, tzinfo=UTC)  # 16:00 CEST on the wall


def test_snooze_and_retry_backoff() -> None:
    now = brussels(2026, 11, 23, 20, 30)
    assert r.snooze_due(now, dt.timedelta(days=2), QUIET) == brussels(2026, 11, 25, 20, 30)
    assert r.snooze_due(now, dt.timedelta(hours=1), QUIET) == brussels(2026, 11, 24, 9)
    assert r.retry_due(now, 1) - now == dt.timedelta(seconds=30)
    assert r.retry_due(now, 3) - now == dt.timedelta(minutes=2)


# the sweep, against a recording bot and a real SQLite file


class RecordingBot:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.fail: dict[int, Exception] = {}
        self.deleted: list[tuple[int, int]] = []

    async def delete_message(self, chat_id: int, message_id: int) -> bool:
        self.deleted.append((chat_id, message_id))
        return True

    async def send_message(self, chat_id: int, text: str, **_: Any) -> Any:
        await asyncio.sleep(0)  # a real call yields: let overlapping sweeps interleave
        if chat_id in self.fail:
            raise self.fail[chat_id]
        self.sent.append((chat_id, text))
        return SimpleNamespace(message_id=len(self.sent))


@pytest.fixture
async def world(tmp_path: Path, mini_content):  # type: ignore[no-untyped-def]
    db = await Database.open(tmp_path / "db.sqlite3")
    clock = {"now": dt.datetime(2026, 11, 23, 12, tzinfo=UTC)}
    settings = Settings(
        token="1:x",
        database_path=tmp_path / "db.sqlite3",
        quiet_hours=(dt.time(21), dt.time(9)),
        reminder_sweep_seconds=30,
    )
    svc = Services(settings, db, mini_content, FEATURES, clock=lambda: clock["now"])
    bot = RecordingBot()
    context = SimpleNamespace(
        bot=bot, application=SimpleNamespace(bot_data={"services": svc}, running=True)
    )
    yield SimpleNamespace(svc=svc, clock=clock, bot=bot, context=context, tmp=tmp_path)
    await db.close()


async def add_user(svc: Services, user_id: int, due: dt.datetime) -> int:
    await svc.users.touch(user_id, "en")
    await svc.journeys.save(user_id, Progress("plan", "plan", "plan", "base", "end"))
    return await svc.reminders.schedule(user_id, f.FOLLOW_UP, dates.to_epoch(due))


async def test_overlapping_sweeps_send_each_reminder_once(world) -> None:  # type: ignore[no-untyped-def]
    for uid in range(1, 21):
        await add_user(world.svc, uid, world.clock["now"] - dt.timedelta(minutes=1))
    await asyncio.gather(sweep(world.context), sweep(world.context), sweep(world.context))
    assert (world.tmp / "heartbeat").exists()  # what `python -m bot healthcheck` reads
    assert sorted(uid for uid, _ in world.bot.sent) == list(range(1, 21))
    assert "Has BASE confirmed that your plan card is cancelled?" in world.bot.sent[0][1]
    await sweep(world.context)
    assert len(world.bot.sent) == 20


async def test_overdue_reminders_wait_for_the_end_of_quiet_hours(world) -> None:  # type: ignore[no-untyped-def]
    await add_user(world.svc, 1, dt.datetime(2026, 11, 20, tzinfo=UTC))  # came due while down
    world.clock["now"] = brussels(2026, 11, 23, 23).astimezone(UTC)
    await sweep(world.context)
    assert world.bot.sent == []
    world.clock["now"] = brussels(2026, 11, 24, 9, 0, 1).astimezone(UTC)
    await sweep(world.context)
    assert len(world.bot.sent) == 1


async def test_interrupted_send_is_retried_after_restart(world) -> None:  # type: ignore[no-untyped-def]
    reminder = await add_user(world.svc, 1, world.clock["now"])
    claimed = await world.svc.reminders.claim_due(dates.to_epoch(world.clock["now"]), 10)
    assert [c.id for c in claimed] == [reminder]  # then a crash
    await sweep(world.context)
    assert world.bot.sent == []  # still 'sending'
    assert await world.svc.reminders.recover_interrupted() == 1  # what start-up does
    await sweep(world.context)
    assert len(world.bot.sent) == 1


async def test_blocked_user_gets_nothing_more(world) -> None:  # type: ignore[no-untyped-def]
    await add_user(world.svc, 1, world.clock["now"])
    world.bot.fail[1] = Forbidden("Forbidden: bot was blocked by the user")
    await sweep(world.context)
    assert await world.svc.reminders.of_user(1) == []
    async with world.svc.db.conn.execute("SELECT active FROM users WHERE user_id = 1") as cur:
        assert (await cur.fetchone())[0] == 0


async def test_retry_after_keeps_the_reminder_and_waits(world) -> None:  # type: ignore[no-untyped-def]
    reminder = await add_user(world.svc, 1, world.clock["now"])
    world.bot.fail[1] = RetryAfter(dt.timedelta(seconds=7))
    await sweep(world.context)
    stored = await world.svc.reminders.get(reminder)
    assert stored is not None and stored.state == "pending" and stored.attempts == 0
    assert stored.due_at == dates.to_epoch(world.clock["now"]) + 8
    del world.bot.fail[1]
    world.clock["now"] += dt.timedelta(seconds=8)
    await sweep(world.context)
    assert len(world.bot.sent) == 1


async def test_other_errors_back_off_then_fail(world) -> None:  # type: ignore[no-untyped-def]
    reminder = await add_user(world.svc, 1, world.clock["now"])
    world.bot.fail[1] = NetworkError("connection reset")
    for _ in range(r.MAX_ATTEMPTS):
        await sweep(world.context)
        world.clock["now"] += dt.timedelta(hours=1)
    stored = await world.svc.reminders.get(reminder)
    assert stored is not None and stored.state == "failed" and stored.attempts == r.MAX_ATTEMPTS


async def test_a_hundred_thousand_reminders_are_rows_not_objects(world) -> None:  # type: ignore[no-untyped-def]
    due = dates.to_epoch(world.clock["now"] + dt.timedelta(days=3))
    await world.svc.users.touch(1, "en")
    await world.svc.db.conn.executemany(
        "INSERT INTO reminders (user_id, kind, due_at, created_at) VALUES (1, 'follow_up', ?, 'x')",
        [(due,)] * 100_000,
    )
    await sweep(world.context)
    assert world.bot.sent == []  # nothing due; one indexed query, no objects per reminder
    assert len(await world.svc.reminders.claim_due(due, limit=5)) == 5


async def test_sends_overlap_up_to_a_bound_and_one_failure_stops_nothing(world) -> None:  # type: ignore[no-untyped-def]
    svc = world.context.application.bot_data["services"]
    svc.settings = replace(svc.settings, rate_limit=0)  # limiter off: no pacing
    for uid in range(1, 41):
        await add_user(world.svc, uid, world.clock["now"])
    in_flight = peak = 0
    release = asyncio.Event()

    async def slow_send(chat_id: int, text: str, **_: Any) -> Any:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        if peak == IN_FLIGHT:
            release.set()
        await release.wait()  # a slow Bot API: sends pile up until the bound is reached
        in_flight -= 1
        if chat_id == 7:
            raise ValueError("a bug while sending")
        world.bot.sent.append((chat_id, text))
        return SimpleNamespace(message_id=chat_id)

    world.bot.send_message = slow_send
    await asyncio.wait_for(sweep(world.context), 10)  # sequential sends would never release
    assert peak == IN_FLIGHT > 1
    assert sorted(uid for uid, _ in world.bot.sent) == [u for u in range(1, 41) if u != 7]
    # The failed one is pending again after a backoff, with the attempt counted.
    stored = await world.svc.reminders.of_user(7)
    assert [(x.state, x.attempts) for x in stored] == [("pending", 1)]
    assert stored[0].due_at > dates.to_epoch(world.clock["now"])


async def test_one_sweep_goes_on_past_a_batch_and_stops_at_quiet_hours(world) -> None:  # type: ignore[no-untyped-def]
    svc = world.context.application.bot_data["services"]
    assert svc.settings.rate_limit == 30  # 20 reminders a second: claimed 20 at a time
    for uid in range(1, 31):
        await add_user(world.svc, uid, world.clock["now"])
    record = world.bot.send_message

    async def send_then_evening(chat_id: int, text: str, **kw: Any) -> Any:
        world.clock["now"] = brussels(2026, 11, 23, 21, 30).astimezone(UTC)
        return await record(chat_id, text, **kw)

    world.bot.send_message = send_then_evening
    await sweep(world.context)
    assert len(world.bot.sent) == 20  # the batch claimed before 21:00 went out, no more
    world.clock["now"] = brussels(2026, 11, 24, 9, 30).astimezone(UTC)
    svc.settings = replace(svc.settings, rate_limit=0)
    for uid in range(31, 31 + 250):  # more than one unpaced batch
        await add_user(world.svc, uid, world.clock["now"])
    world.bot.send_message = record
    await sweep(world.context)
    assert sorted(uid for uid, _ in world.bot.sent) == list(range(1, 281))


async def test_a_stopping_bot_ends_the_sweep_and_puts_back_what_it_did_not_send(world) -> None:  # type: ignore[no-untyped-def]
    for uid in range(1, 31):
        await add_user(world.svc, uid, world.clock["now"])
    record = world.bot.send_message

    async def send_then_stop(chat_id: int, text: str, **kw: Any) -> Any:
        world.context.application.running = False  # SIGTERM arrives during the first send
        return await record(chat_id, text, **kw)

    world.bot.send_message = send_then_stop
    await asyncio.wait_for(sweep(world.context), 10)
    sent = {uid for uid, _ in world.bot.sent}
    assert 1 <= len(sent) < 30
    states = await world.svc.db.conn.execute_fetchall(
        "SELECT state, COUNT(*) FROM reminders GROUP BY state ORDER BY state"
    )
    assert [tuple(row) for row in states] == [("pending", 30 - len(sent)), ("sent", len(sent))]


async def test_retry_after_pauses_every_send_of_the_sweep(world) -> None:  # type: ignore[no-untyped-def]
    svc = world.context.application.bot_data["services"]
    svc.settings = replace(svc.settings, rate_limit=0)
    for uid in range(1, 41):
        await add_user(world.svc, uid, world.clock["now"])
    loop = asyncio.get_running_loop()
    started: dict[int, float] = {}
    told_to_wait: list[float] = []

    async def flooded(chat_id: int, text: str, **_: Any) -> Any:
        started[chat_id] = loop.time()
        if chat_id == 1 and not told_to_wait:
            told_to_wait.append(loop.time())
            raise RetryAfter(1)
        await asyncio.sleep(0.3)  # under way while the sweep learns it must wait
        world.bot.sent.append((chat_id, text))
        return SimpleNamespace(message_id=chat_id)

    world.bot.send_message = flooded
    await asyncio.wait_for(sweep(world.context), 20)
    # The sends already under way went on; none started in the second Telegram asked for.
    later = [at for chat, at in started.items() if chat > IN_FLIGHT]
    assert later and min(later) >= told_to_wait[0] + 1
    assert len(world.bot.sent) == 39  # the flooded one waits for a later sweep


async def test_a_send_whose_answer_is_lost_is_sent_again_at_least_once(world) -> None:  # type: ignore[no-untyped-def]
    # A timeout may hide a delivered message: the reminder is retried (at-least-once), so the
    # user may see it twice; both copies carry the same reminder, the second answer expires.
    from telegram.error import TimedOut

    reminder = await add_user(world.svc, 1, world.clock["now"])
    world.bot.fail[1] = TimedOut()
    await sweep(world.context)
    stored = await world.svc.reminders.get(reminder)
    assert stored is not None and (stored.state, stored.attempts) == ("pending", 1)
    del world.bot.fail[1]
    world.clock["now"] += dt.timedelta(seconds=31)
    await sweep(world.context)
    stored = await world.svc.reminders.get(reminder)
    assert stored is not None and stored.state == "sent" and len(world.bot.sent) == 1


async def test_a_reminder_replaced_while_it_is_sent_is_withdrawn(world) -> None:  # type: ignore[no-untyped-def]
    old = await add_user(world.svc, 1, world.clock["now"])
    record = world.bot.send_message
    new: list[int] = []

    async def send_while_the_user_schedules_again(chat_id: int, text: str, **kw: Any) -> Any:
        # The user taps "I've sent it" again at this very moment: a new follow-up replaces it.
        new.append(
            await world.svc.reminders.schedule(
                1, f.FOLLOW_UP, dates.to_epoch(world.clock["now"]) + 3600
            )
        )
        return await record(chat_id, text, **kw)

    world.bot.send_message = send_while_the_user_schedules_again
    await sweep(world.context)
    assert world.bot.deleted == [(1, 1)]  # the message just sent is withdrawn
    stored = await world.svc.reminders.get(old)
    assert stored is not None and stored.state == "cancelled"
    assert [x.id for x in await world.svc.reminders.of_user(1)] == new
