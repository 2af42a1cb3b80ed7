"""Counts for /stats: each one aggregate query over the tables (no per-user rows loaded)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.db import Database
from bot.reminders.store import State


async def stats(db: Database, now: dt.datetime) -> dict[str, Any]:
    def since(days: int) -> str:
        return (now - dt.timedelta(days=days)).astimezone(dt.UTC).isoformat(timespec="seconds")

    (users, active7, active30, blocked), *_ = await db.fetch(
        "SELECT COUNT(*), SUM(seen_at >= ?), SUM(seen_at >= ?), SUM(active = 0) FROM users",
        (since(7), since(30)),
    )
    return {
        "users": users,
        "active_7d": active7 or 0,
        "active_30d": active30 or 0,
        "blocked": blocked or 0,
        "by_card": await db.fetch(
            "SELECT card, COUNT(*) FROM journeys WHERE card IS NOT NULL GROUP BY card"
            " ORDER BY 2 DESC"
        ),
        "by_operator": await db.fetch(
            "SELECT operator, COUNT(*) FROM journeys WHERE operator IS NOT NULL"
            " GROUP BY operator ORDER BY 2 DESC"
        ),
        "completed": (
            await db.fetch("SELECT COUNT(*) FROM journeys WHERE completed_at IS NOT NULL")
        )[0][0],
        "pending_reminders": (
            await db.fetch("SELECT COUNT(*) FROM reminders WHERE state = ?", (State.PENDING,))
        )[0][0],
    }
