"""The update processor: one user's updates in order, different users at once, no lock left
behind, and one user's backlog never holding the slots other users need."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from telegram import Chat, Message, Update, User

from bot.request import Backlog
from bot.updates import PerUserUpdateProcessor, user_key

_ids = iter(range(1, 1_000_000))


def update_from(user_id: int) -> Update:
    user = User(user_id, "Test", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    message = Message(next(_ids), dt.datetime.now(dt.UTC), chat, from_user=user, text="hi")
    return Update(next(_ids), message=message)


async def test_one_users_updates_run_in_order_one_at_a_time() -> None:
    processor = PerUserUpdateProcessor(max_concurrent=8)
    done: list[int] = []
    running = 0

    async def handle(n: int) -> None:
        nonlocal running
        running += 1
        assert running == 1  # never two of this user's updates at once
        for _ in range(5 - n % 5):  # later updates finish sooner if allowed to overtake
            await asyncio.sleep(0)
        done.append(n)
        running -= 1

    await asyncio.gather(*(processor.process_update(update_from(7), handle(n)) for n in range(20)))
    assert done == list(range(20))


async def test_different_users_are_handled_at_the_same_time() -> None:
    processor = PerUserUpdateProcessor(max_concurrent=8)
    started = {1: asyncio.Event(), 2: asyncio.Event()}

    async def handle(me: int, other: int) -> None:
        started[me].set()
        await started[other].wait()  # only possible if both run at once

    await asyncio.wait_for(
        asyncio.gather(
            processor.process_update(update_from(1), handle(1, 2)),
            processor.process_update(update_from(2), handle(2, 1)),
        ),
        timeout=10,
    )


async def test_locks_are_dropped_when_a_user_has_nothing_left_and_the_backlog_counts_down() -> None:
    backlog = Backlog(limit=5)
    backlog.fetched(b'{"update_id":1}' * 3)
    processor = PerUserUpdateProcessor(max_concurrent=8, backlog=backlog)

    async def fail() -> None:
        raise ValueError("a handler bug")

    async def fine() -> None:
        await asyncio.sleep(0)

    results = await asyncio.gather(
        processor.process_update(update_from(3), fine()),
        processor.process_update(update_from(4), fine()),
        processor.process_update(update_from(4), fail()),
        return_exceptions=True,
    )
    assert [type(r) for r in results] == [type(None), type(None), ValueError]
    assert processor.users_waiting == 0
    assert backlog.count == 0


async def test_one_users_backlog_does_not_hold_the_slots_other_users_need() -> None:
    processor = PerUserUpdateProcessor(max_concurrent=2, burst=1000)
    release_flooder = asyncio.Event()
    flooder_done = 0

    async def flooder_update() -> None:
        nonlocal flooder_done
        await release_flooder.wait()
        flooder_done += 1

    flood = [
        asyncio.create_task(processor.process_update(update_from(100), flooder_update()))
        for _ in range(50)
    ]
    other_done = asyncio.Event()

    async def other_user() -> None:
        other_done.set()

    # The flooder's first update holds one slot and its 49 others wait for their own lock,
    # not for a slot: the other user gets the second slot at once.
    other = asyncio.create_task(processor.process_update(update_from(200), other_user()))
    await asyncio.wait_for(other_done.wait(), timeout=10)
    assert flooder_done == 0
    release_flooder.set()
    await asyncio.gather(*flood, other)
    assert flooder_done == 50 and processor.users_waiting == 0


def test_updates_without_a_user_share_their_chats_turn() -> None:
    assert user_key(update_from(5)) == 5
    assert user_key(Update(1)) == 0
    assert user_key("not an update") == 0


async def test_a_flood_beyond_the_burst_is_dropped_without_work_and_warned_once() -> None:
    now = [0.0]
    processor = PerUserUpdateProcessor(burst=5, rate=1.0, clock=lambda: now[0])
    handled: list[int] = []
    warned: list[int] = []
    processor.on_flood = lambda update: warned.append(user_key(update))

    async def handle(n: int) -> None:
        handled.append(n)

    def flood(user: int, first: int, count: int) -> list[Any]:
        return [
            processor.process_update(update_from(user), handle(first + n)) for n in range(count)
        ]

    await asyncio.gather(*flood(1, 0, 30), *flood(2, 100, 3))
    assert handled == [0, 1, 2, 3, 4, 100, 101, 102]  # the burst, and the other user untouched
    assert warned == [1] and processor.dropped == 25
    now[0] = 2.0  # two seconds later: two more, still in the same flood (no second warning)
    await asyncio.gather(*flood(1, 30, 3))
    assert handled[-2:] == [30, 31] and warned == [1]
    now[0] = 100.0  # calm again: the whole burst, and a new flood is warned again
    await asyncio.gather(*flood(1, 40, 6))
    assert handled[-5:] == [40, 41, 42, 43, 44] and warned == [1, 1]
