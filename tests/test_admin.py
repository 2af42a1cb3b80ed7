"""/stats' counts (bot/admin/store.py) over real rows: users, activity, blocked, journeys by
card and operator, completed journeys and pending reminders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.admin import store
from bot.db import Database
from bot.journey.rules import Progress
from bot.journey.store import JourneyStore
from bot.reminders.store import ReminderStore
from bot.users import UserStore


async def test_stats_count_users_journeys_and_reminders(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        users, journeys, reminders = UserStore(db), JourneyStore(db), ReminderStore(db)
        for user_id in (1, 2, 3):
            await users.touch(user_id, "en")
        await journeys.save(1, Progress("plan", "plan", "plan", "orange", "end"))
        await journeys.save(2, Progress("plan", "prepaid", "prepaid", "orange", "keep"))
        await journeys.complete(2)
        await reminders.schedule(1, "follow_up", 0)
        await reminders.schedule(2, "refund", 0)
        await reminders.set_state((await reminders.of_user(2))[0].id, 2, store.State.CANCELLED)
        async with db.transaction() as tx:
            await users.mark_inactive(tx, 3)
        await db.execute("UPDATE users SET seen_at = '2020-01-01T00:00:00+00:00' WHERE user_id = 2")
        numbers = await store.stats(db, dt.datetime.now(dt.UTC))
    finally:
        await db.close()
    assert (numbers["users"], numbers["active_7d"], numbers["blocked"]) == (3, 2, 1)
    assert sorted(numbers["by_card"]) == [("plan", 1), ("prepaid", 1)]
    assert list(numbers["by_operator"]) == [("orange", 2)]
    assert numbers["completed"] == 1
    assert numbers["pending_reminders"] == 1
