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
        rows = await self.db.fetch("SELECT day FROM leaving WHERE user_id = ?", (user_id,))
        if not rows:
            return None
        day = rows[0][0]
        return Leaving(dt.date.fromisoformat(day) if day else None)

    async def set(self, user_id: int, day: dt.date | None) -> None:
        await self.db.execute(
            "INSERT INTO leaving (user_id, day, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET"
            " day = excluded.day, updated_at = excluded.updated_at",
            (user_id, day.isoformat() if day else None, utcnow()),
        )

    @staticmethod
    async def forget(tx: Transaction, user_id: int) -> None:
        await tx.execute("DELETE FROM leaving WHERE user_id = ?", (user_id,))
