"""The `reminders` table: one row per reminder, claimed by the worker before it is sent.

States (one enum, used everywhere): pending → sending → sent → answered; or cancelled, failed.
A row is claimed with a conditional update (pending → sending) so overlapping sweeps never
send it twice; every change of state names the state it expects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.dates import utcnow
from bot.db import Database, Transaction


class State(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    ANSWERED = "answered"
    CANCELLED = "cancelled"
    FAILED = "failed"


# Still to come for the user: waiting to be sent, or sent and not answered yet.
OPEN = (State.PENDING, State.SENT)


@dataclass(frozen=True)
class Reminder:
    id: int
    user_id: int
    kind: str
    due_at: int  # UTC epoch seconds
    state: State
    attempts: int
    payload: dict[str, Any]


_COLUMNS = "id, user_id, kind, due_at, state, attempts, payload"
_CANCEL_ALL = "UPDATE reminders SET state = ? WHERE user_id = ? AND state IN (?, ?, ?)"


def _reminder(row: Any) -> Reminder:
    return Reminder(row[0], row[1], row[2], row[3], State(row[4]), row[5], json.loads(row[6]))


class ReminderStore:
    def __init__(self, db: Database):
        self.db = db

    async def schedule(
        self, user_id: int, kind: str, due_at: int, payload: dict[str, Any] | None = None
    ) -> int:
        """A new pending reminder; an open one of the same kind is replaced — one being sent
        right now too (the worker then withdraws the message it sent: `mark_sent` is False)."""
        (new_id,) = await self.replace_kinds(user_id, [kind], [(kind, due_at, payload or {})])
        return new_id

    async def replace_kinds(
        self, user_id: int, kinds: Sequence[str], new: Sequence[tuple[str, int, dict[str, Any]]]
    ) -> list[int]:
        """In one transaction: the user's open reminders of these kinds are cancelled (one
        being sent is withdrawn: `mark_sent` is then False) and the new ones (kind, due_at,
        payload) are added, their ids returned — a repeating cycle is never left with none or
        with two."""
        marks = ", ".join("?" * len(kinds))
        async with self.db.transaction() as tx:
            await tx.execute(
                f"UPDATE reminders SET state = ? WHERE user_id = ? AND kind IN ({marks})"
                " AND state IN (?, ?, ?)",
                (State.CANCELLED, user_id, *kinds, *OPEN, State.SENDING),
            )
            return [
                await tx.insert(
                    "INSERT INTO reminders (user_id, kind, due_at, payload, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (user_id, kind, due_at, json.dumps(payload), utcnow()),
                )
                for kind, due_at, payload in new
            ]

    async def sync(
        self,
        user_id: int,
        kind: str,
        wanted: Sequence[tuple[int, dict[str, Any]]],
        key: Callable[[dict[str, Any]], Hashable],
    ) -> None:
        """In one transaction, the user's open reminders of this kind become `wanted` (due_at,
        payload): one whose `key(payload)` is still wanted stays as it is (a snoozed or a sent
        one keeps its time and its buttons); the others are cancelled (one being sent is
        withdrawn); what is wanted and missing is added."""
        wanted_by_key = {key(payload): (due_at, payload) for due_at, payload in wanted}
        async with self.db.transaction() as tx:
            rows = await tx.fetch(
                "SELECT id, payload FROM reminders WHERE user_id = ? AND kind = ?"
                " AND state IN (?, ?, ?)",
                (user_id, kind, *OPEN, State.SENDING),
            )
            for reminder_id, payload in rows:
                if wanted_by_key.pop(key(json.loads(payload)), None) is None:
                    await tx.execute(
                        "UPDATE reminders SET state = ? WHERE id = ?",
                        (State.CANCELLED, reminder_id),
                    )
            for due_at, payload in wanted_by_key.values():
                await tx.insert(
                    "INSERT INTO reminders (user_id, kind, due_at, payload, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (user_id, kind, due_at, json.dumps(payload), utcnow()),
                )

    async def claim_due(self, now: int, limit: int) -> list[Reminder]:
        """Take up to `limit` due reminders for sending (pending → sending), soonest first.

        One statement: overlapping sweeps never get the same row."""
        rows = await self.db.returning(
            f"UPDATE reminders SET state = ? WHERE id IN (SELECT id FROM reminders"
            f" WHERE state = ? AND due_at <= ? ORDER BY due_at LIMIT ?) RETURNING {_COLUMNS}",
            (State.SENDING, State.PENDING, now, limit),
        )
        return sorted((_reminder(r) for r in rows), key=lambda r: (r.due_at, r.id))

    async def unclaim(self, reminder_ids: Sequence[int]) -> None:
        """Claimed reminders that were not sent after all (the bot is stopping): pending."""
        await self.db.execute_many(
            "UPDATE reminders SET state = ? WHERE id = ? AND state = ?",
            [(State.PENDING, reminder_id, State.SENDING) for reminder_id in reminder_ids],
        )

    async def mark_sent(self, reminder_id: int, message_id: int) -> bool:
        """False when the reminder was cancelled or replaced while it was being sent."""
        changed = await self.db.execute(
            "UPDATE reminders SET state = ?, sent_at = ?, message_id = ? WHERE id = ?"
            " AND state = ?",
            (State.SENT, utcnow(), message_id, reminder_id, State.SENDING),
        )
        return changed == 1

    async def release(self, reminder_id: int, due_at: int, failed_attempt: bool) -> None:
        """Back to pending at `due_at` (after RetryAfter, or a failure to retry)."""
        await self.db.execute(
            "UPDATE reminders SET state = ?, due_at = ?, attempts = attempts + ?"
            " WHERE id = ? AND state = ?",
            (State.PENDING, due_at, int(failed_attempt), reminder_id, State.SENDING),
        )

    async def drop_claimed(self, reminder_id: int) -> None:
        """A claimed reminder with nobody to send it to (no user or no journey any more)."""
        await self.db.execute(
            "UPDATE reminders SET state = ? WHERE id = ? AND state = ?",
            (State.CANCELLED, reminder_id, State.SENDING),
        )

    async def mark_failed(self, reminder_id: int) -> None:
        await self.db.execute(
            "UPDATE reminders SET state = ?, attempts = attempts + 1 WHERE id = ?",
            (State.FAILED, reminder_id),
        )

    async def recover_interrupted(self) -> int:
        """At start: reminders a crash left in 'sending' go back to pending."""
        return await self.db.execute(
            "UPDATE reminders SET state = ? WHERE state = ?", (State.PENDING, State.SENDING)
        )

    async def get(self, reminder_id: int) -> Reminder | None:
        rows = await self.db.fetch(f"SELECT {_COLUMNS} FROM reminders WHERE id = ?", (reminder_id,))
        return _reminder(rows[0]) if rows else None

    async def of_user(self, user_id: int) -> list[Reminder]:
        """Reminders still to come (pending, or sent and not answered), soonest first."""
        rows = await self.db.fetch(
            f"SELECT {_COLUMNS} FROM reminders WHERE user_id = ? AND state IN (?, ?)"
            " ORDER BY due_at",
            (user_id, *OPEN),
        )
        return [_reminder(r) for r in rows]

    async def set_state(self, reminder_id: int, user_id: int, state: State) -> bool:
        """Answer or cancel a user's own open reminder; False if it is not theirs or is done."""
        changed = await self.db.execute(
            "UPDATE reminders SET state = ? WHERE id = ? AND user_id = ? AND state IN (?, ?)",
            (state, reminder_id, user_id, *OPEN),
        )
        return changed == 1

    async def snooze(self, reminder_id: int, user_id: int, due_at: int) -> bool:
        changed = await self.db.execute(
            "UPDATE reminders SET state = ?, due_at = ?, attempts = 0"
            " WHERE id = ? AND user_id = ? AND state IN (?, ?)",
            (State.PENDING, due_at, reminder_id, user_id, *OPEN),
        )
        return changed == 1

    async def cancel_all(self, user_id: int) -> int:
        """Every reminder of the user that is still to come (a new journey, or /restart)."""
        return await self.db.execute(_CANCEL_ALL, (State.CANCELLED, user_id, *OPEN, State.SENDING))

    @staticmethod
    async def cancel_all_in(tx: Transaction, user_id: int) -> None:
        """cancel_all inside a transaction (the user blocked the bot)."""
        await tx.execute(_CANCEL_ALL, (State.CANCELLED, user_id, *OPEN, State.SENDING))

    @staticmethod
    async def forget(tx: Transaction, user_id: int) -> None:
        await tx.execute("DELETE FROM reminders WHERE user_id = ?", (user_id,))
