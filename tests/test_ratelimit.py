"""The flood limiter: replies go at once (paced per chat only), reminders share the overall
budget, and a RetryAfter pauses and retries. Order is checked, not time."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from telegram.error import RetryAfter

from bot.ratelimit import BROADCAST, CHAT_BURST, ReplyFirstRateLimiter


class Calls:
    def __init__(self, fail_first: Exception | None = None) -> None:
        self.done: list[Any] = []
        self.fail_first = fail_first

    async def call(self, chat_id: Any) -> bool:
        if self.fail_first is not None:
            error, self.fail_first = self.fail_first, None
            raise error
        self.done.append(chat_id)
        return True


def send(
    limiter: ReplyFirstRateLimiter, calls: Calls, chat_id: Any, broadcast: bool = False
) -> asyncio.Task[Any]:
    return asyncio.create_task(
        limiter.process_request(
            calls.call,
            (chat_id,),
            {},
            "sendMessage",
            {"chat_id": chat_id},
            BROADCAST if broadcast else None,
        )
    )


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_replies_to_many_chats_are_not_held_back_by_a_broadcast_in_progress() -> None:
    limiter = ReplyFirstRateLimiter(broadcast_per_second=1)
    calls = Calls()
    first, second = send(limiter, calls, 1, broadcast=True), send(limiter, calls, 2, broadcast=True)
    replies = [send(limiter, calls, 100 + n) for n in range(50)]
    await settle()
    assert first.done() and not second.done()  # the second reminder waits for the budget…
    assert all(task.done() for task in replies)  # …while 50 replies went out at once
    second.cancel()


async def test_one_chat_gets_a_burst_then_waits_and_other_chats_do_not() -> None:
    limiter = ReplyFirstRateLimiter(broadcast_per_second=30)
    calls = Calls()
    burst = [send(limiter, calls, 7) for _ in range(CHAT_BURST + 1)]
    other = send(limiter, calls, 8)
    await settle()
    assert sum(task.done() for task in burst) == CHAT_BURST
    assert other.done()
    for task in burst:
        task.cancel()


async def test_a_group_is_paced_per_minute_and_a_channel_name_counts_as_a_group() -> None:
    limiter = ReplyFirstRateLimiter(broadcast_per_second=30)
    calls = Calls()
    tasks = [send(limiter, calls, -100) for _ in range(21)] + [send(limiter, calls, "@chan")]
    await settle()
    assert calls.done.count(-100) == 20 and "@chan" in calls.done
    for task in tasks:
        task.cancel()


async def test_retry_after_pauses_and_retries() -> None:
    limiter = ReplyFirstRateLimiter(broadcast_per_second=30)
    calls = Calls(fail_first=RetryAfter(dt.timedelta(seconds=0)))
    assert await send(limiter, calls, 5) is True
    assert calls.done == [5]


async def test_with_the_limiter_off_nothing_is_paced() -> None:
    limiter = ReplyFirstRateLimiter(broadcast_per_second=0)
    calls = Calls()
    tasks = [send(limiter, calls, 9, broadcast=True) for _ in range(100)]
    await settle()
    assert all(task.done() for task in tasks)
