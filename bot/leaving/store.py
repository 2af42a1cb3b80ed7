"""The `leaving` table: the day each user leaves Belgium (NULL: not leaving); no row: not
asked yet. Deleted with the user (/forget, retention)."""

from __future__ import annotations

import datetime as dt

from bot.dates import utcnow
from bot.db import Database, Transaction
from bot.leaving.rules import Leaving


class LeavingStore:
    def __init__(self, db: Database):
        self.db = db

    async def get(self, user_id: int) -> Leaving | None:
        rows = await self.db.fetch("SELECT day, remind FROM leaving WHERE user_id = ?", (user_id,))
        if not rows:
            return None
        day, remind = rows[0]
        return Leaving(dt.date.fromisoformat(day) if day else None, bool(remind))

    async def set(self, user_id: int, day: dt.date | None) -> None:
        """A new answer: the day, with the step reminders on."""
        await self.db.execute(
            "INSERT INTO leaving (user_id, day, remind, updated_at) VALUES (?, ?, 1, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET"
            " day = excluded.day, remind = 1, updated_at = excluded.updated_at",
            (user_id, day.isoformat() if day else None, utcnow()),
        )

    async def stop_reminders(self, user_id: int) -> None:
        await self.db.execute("UPDATE leaving SET remind = 0 WHERE user_id = ?", (user_id,))

    @staticmethod
    async def forget(tx: Transaction, user_id: int) -> None:
        await tx.execute("DELETE FROM leaving WHERE user_id = ?", (user_id,))
