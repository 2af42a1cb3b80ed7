"""The `faq_votes` table: "was this helpful?", one vote per user and answer."""

from __future__ import annotations

from bot.dates import utcnow
from bot.db import Database, Transaction


class VoteStore:
    def __init__(self, db: Database):
        self.db = db

    async def vote(self, user_id: int, entry_id: str, locale: str, up: bool) -> None:
        await self.db.execute(
            "INSERT INTO faq_votes (user_id, entry_id, locale, vote, voted_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id, entry_id) DO UPDATE SET"
            " locale = excluded.locale, vote = excluded.vote, voted_at = excluded.voted_at",
            (user_id, entry_id, locale, 1 if up else -1, utcnow()),
        )

    async def feedback(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(entry, locale) -> (helpful, not helpful)."""
        rows = await self.db.fetch(
            "SELECT entry_id, locale, SUM(vote = 1), SUM(vote = -1) FROM faq_votes"
            " GROUP BY entry_id, locale"
        )
        return {(r[0], r[1]): (int(r[2]), int(r[3])) for r in rows}

    @staticmethod
    async def forget(tx: Transaction, user_id: int) -> None:
        await tx.execute("DELETE FROM faq_votes WHERE user_id = ?", (user_id,))
