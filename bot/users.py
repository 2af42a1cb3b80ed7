"""The `users` table: one row per Telegram user (language, first and last seen, blocked).

Opening a user is the one statement every update runs: it reads the row with the journey and
ticks (each statement is a round trip to the database thread), and writes only to create the
row or refresh an old `seen_at`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.db import Database, Transaction
from bot.journey.rules import Progress
from bot.journey.store import PROGRESS_COLUMNS, progress_from_columns


@dataclass(frozen=True)
class User:
    user_id: int
    locale: str | None
    locale_chosen: bool


_USER_AND_PROGRESS = "user_id, locale, locale_chosen," + PROGRESS_COLUMNS
# How stale `seen_at` may get before an update refreshes it (retention counts in months).
SEEN_EVERY = dt.timedelta(hours=1)


def _user_and_progress(row: Any) -> tuple[User, Progress | None]:
    return User(row[0], row[1], bool(row[2])), progress_from_columns(row[3], row[4])


class UserStore:
    def __init__(self, db: Database):
        self.db = db

    async def open(self, user_id: int, detected_locale: str | None) -> tuple[User, Progress | None]:
        """A user (created on first sight; a detected locale is stored only until one is
        chosen) with their journey. Most updates only read: the row is written when it is new,
        was marked blocked, or was last seen over SEEN_EVERY ago — so a burst of taps costs
        no commit (and no fsync) each just to refresh `seen_at`."""
        now = dt.datetime.now(dt.UTC)
        stale = (now - SEEN_EVERY).isoformat(timespec="seconds")
        rows = await self.db.fetch(
            f"SELECT {_USER_AND_PROGRESS}, seen_at >= ? AND active FROM users WHERE user_id = ?",
            (stale, user_id),
        )
        if rows and rows[0][-1]:
            return _user_and_progress(rows[0])
        stamp = now.isoformat(timespec="seconds")
        rows = await self.db.returning(
            "INSERT INTO users (user_id, locale, created_at, seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET seen_at = excluded.seen_at, active = 1"
            " RETURNING " + _USER_AND_PROGRESS,
            (user_id, detected_locale, stamp, stamp),
        )
        (row,) = rows
        return _user_and_progress(row)

    async def touch(self, user_id: int, detected_locale: str | None) -> User:
        user, _ = await self.open(user_id, detected_locale)
        return user

    async def recipient(self, user_id: int) -> tuple[User, Progress | None] | None:
        """A user and their journey for a reminder (seen_at is not touched: a reminder is not
        the user's activity)."""
        rows = await self.db.fetch(
            f"SELECT {_USER_AND_PROGRESS} FROM users WHERE user_id = ?", (user_id,)
        )
        return _user_and_progress(rows[0]) if rows else None

    async def get(self, user_id: int) -> User | None:
        rows = await self.db.fetch(
            "SELECT user_id, locale, locale_chosen FROM users WHERE user_id = ?", (user_id,)
        )
        return User(rows[0][0], rows[0][1], bool(rows[0][2])) if rows else None

    async def set_locale(self, user_id: int, locale: str) -> None:
        await self.db.execute(
            "UPDATE users SET locale = ?, locale_chosen = 1 WHERE user_id = ?", (locale, user_id)
        )

    async def count(self) -> int:
        rows = await self.db.fetch("SELECT COUNT(*) FROM users")
        return int(rows[0][0])

    @staticmethod
    async def mark_inactive(tx: Transaction, user_id: int) -> None:
        await tx.execute("UPDATE users SET active = 0 WHERE user_id = ?", (user_id,))

    @staticmethod
    async def forget(tx: Transaction, user_id: int) -> None:
        """The user row itself (every other table's rows cascade from it too)."""
        await tx.execute("DELETE FROM users WHERE user_id = ?", (user_id,))

    async def delete_inactive(self, seen_before: dt.datetime) -> int:
        """Delete users (and, by cascade, everything about them) not seen since then."""
        cutoff = seen_before.astimezone(dt.UTC).isoformat(timespec="seconds")
        return await self.db.execute("DELETE FROM users WHERE seen_at < ?", (cutoff,))
