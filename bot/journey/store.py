"""The journey's rows: `journeys` (answers, state, dates) and `ticks` (one row per ticked item).

A tick is one INSERT: `save` writes only what changed since the progress it was loaded as.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.dates import utcnow
from bot.db import Args, Database, Transaction
from bot.journey.rules import Progress

_UPSERT_JOURNEY = """
    INSERT INTO journeys
        (user_id, state, card, billing, operator, intent, generation, pending, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(user_id) DO UPDATE SET
        generation = excluded.generation, state = excluded.state,
        card = excluded.card, billing = excluded.billing,
        operator = excluded.operator, intent = excluded.intent,
        pending = excluded.pending, updated_at = excluded.updated_at
"""

# A user's journey as one JSON array and their ticks joined by char(31), as columns of a
# query over `users` (NULL when they have no journey): see bot/users.py.
PROGRESS_COLUMNS = """
    (SELECT json_array(state, card, billing, operator, intent, generation, pending)
     FROM journeys WHERE journeys.user_id = users.user_id),
    (SELECT group_concat(item_id, char(31)) FROM ticks WHERE ticks.user_id = users.user_id)
"""


def progress_from_columns(journey_json: str | None, ticks: str | None) -> Progress | None:
    """The progress from PROGRESS_COLUMNS' two values."""
    return None if journey_json is None else _progress(json.loads(journey_json), ticks)


def _journey_fields(p: Progress) -> tuple[Any, ...]:
    """The journeys row of a progress, in _UPSERT_JOURNEY's order (ticks are rows apart)."""
    return (p.state, p.card, p.billing, p.operator, p.intent, p.generation, p.pending)


def _progress(fields: Sequence[Any], ticks: str | None) -> Progress:
    state, card, billing, operator, intent, generation, pending = fields
    return Progress(
        state=state,
        card=card,
        billing=billing,
        operator=operator,
        intent=intent,
        generation=generation,
        pending=pending,
        ticks=frozenset(ticks.split("\x1f")) if ticks else frozenset(),
    )


class JourneyStore:
    def __init__(self, db: Database):
        self.db = db

    async def load(self, user_id: int) -> Progress | None:
        # One round trip: the ticks come along, joined with a separator no id can contain.
        rows = await self.db.fetch(
            "SELECT state, card, billing, operator, intent, generation, pending,"
            " (SELECT group_concat(item_id, char(31)) FROM ticks WHERE ticks.user_id = ?)"
            " FROM journeys WHERE user_id = ?",
            (user_id, user_id),
        )
        if not rows:
            return None
        (row,) = rows
        return _progress(row[:7], row[7])

    async def save(self, user_id: int, progress: Progress, before: Progress | None = None) -> None:
        """Store the journey and its ticks atomically.

        `before` is what this user's row holds now (loaded under the user's lock): then only
        the changes are written, and a single change — a tick, a new answer — is one
        statement, committed on its own. Without it the ticks are read and compared.
        """
        now = utcnow()
        statements: list[tuple[str, Args]] = []
        if before is None or _journey_fields(before) != _journey_fields(progress):
            statements.append((_UPSERT_JOURNEY, (user_id, *_journey_fields(progress), now)))
        if before is None:
            rows = await self.db.fetch("SELECT item_id FROM ticks WHERE user_id = ?", (user_id,))
            stored = frozenset(r[0] for r in rows)
        else:
            stored = before.ticks
        statements += [
            ("DELETE FROM ticks WHERE user_id = ? AND item_id = ?", (user_id, item))
            for item in sorted(stored - progress.ticks)
        ]
        statements += [
            (
                "INSERT INTO ticks (user_id, item_id, ticked_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (user_id, item, now),
            )
            for item in sorted(progress.ticks - stored)
        ]
        if len(statements) == 1:
            await self.db.execute(*statements[0])
        elif statements:
            async with self.db.transaction() as tx:
                for sql, args in statements:
                    await tx.execute(sql, args)

    async def set_sent_on(self, user_id: int, day: str | None) -> None:
        """The day the user sent their request (None: a new journey has none yet)."""
        await self.db.execute(
            "UPDATE journeys SET sent_on = ?, completed_at = NULL WHERE user_id = ?",
            (day, user_id),
        )

    async def complete(self, user_id: int) -> None:
        """The operator confirmed: the journey is done."""
        await self.db.execute(
            "UPDATE journeys SET completed_at = ? WHERE user_id = ?", (utcnow(), user_id)
        )

    @staticmethod
    async def forget(tx: Transaction, user_id: int) -> None:
        await tx.execute("DELETE FROM ticks WHERE user_id = ?", (user_id,))
        await tx.execute("DELETE FROM journeys WHERE user_id = ?", (user_id,))
