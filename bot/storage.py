"""SQLite storage (aiosqlite, WAL): users, their journey and their ticks.

The schema is built by numbered migrations applied at start. Each write is committed
before the bot answers, and nothing is loaded for all users at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from bot.domain.journey import Progress

# Append only: a migration that has run on a user's database is never edited.
MIGRATIONS: Sequence[str] = (
    # 1: users and their journey
    """
    CREATE TABLE users (
        user_id     INTEGER PRIMARY KEY,
        locale      TEXT,
        created_at  TEXT NOT NULL,
        seen_at     TEXT NOT NULL
    );
    CREATE TABLE journeys (
        user_id     INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
        generation  INTEGER NOT NULL DEFAULT 1,
        state       TEXT NOT NULL,
        card        TEXT,
        billing     TEXT,
        operator    TEXT,
        intent      TEXT,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE ticks (
        user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
        item_id     TEXT NOT NULL,
        ticked_at   TEXT NOT NULL,
        PRIMARY KEY (user_id, item_id)
    );
    """,
    # 2: a language the user picked with /language wins over Telegram's language_code
    """
    ALTER TABLE users ADD COLUMN locale_chosen INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX users_seen ON users(seen_at);
    """,
    # 3: follow-up reminders (due_at: UTC epoch seconds); users who blocked the bot
    """
    CREATE TABLE reminders (
        id          INTEGER PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        due_at      INTEGER NOT NULL,
        state       TEXT NOT NULL DEFAULT 'pending',
        attempts    INTEGER NOT NULL DEFAULT 0,
        payload     TEXT NOT NULL DEFAULT '{}',
        created_at  TEXT NOT NULL,
        sent_at     TEXT,
        message_id  INTEGER
    );
    CREATE INDEX reminders_due ON reminders(state, due_at);
    CREATE INDEX reminders_user ON reminders(user_id, state);
    ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE journeys ADD COLUMN sent_on TEXT;
    ALTER TABLE journeys ADD COLUMN completed_at TEXT;
    """,
    # 4: "was this helpful?" on FAQ answers, one vote per user and entry
    """
    CREATE TABLE faq_votes (
        user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
        entry_id    TEXT NOT NULL,
        locale      TEXT NOT NULL,
        vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at    TEXT NOT NULL,
        PRIMARY KEY (user_id, entry_id)
    );
    CREATE INDEX faq_votes_entry ON faq_votes(entry_id, locale);
    """,
)

# Reminder states: pending → sending → sent → answered; or cancelled / failed.
PENDING, SENDING, SENT, ANSWERED, CANCELLED, FAILED = (
    "pending",
    "sending",
    "sent",
    "answered",
    "cancelled",
    "failed",
)


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Reminder:
    id: int
    user_id: int
    kind: str
    due_at: int
    state: str
    attempts: int
    payload: dict[str, Any]


_REMINDER_COLUMNS = "id, user_id, kind, due_at, state, attempts, payload"


def _reminder(row: Any) -> Reminder:
    return Reminder(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]))


_UPSERT_JOURNEY = """
    INSERT INTO journeys
        (user_id, state, card, billing, operator, intent, generation, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(user_id) DO UPDATE SET
        generation = excluded.generation, state = excluded.state,
        card = excluded.card, billing = excluded.billing,
        operator = excluded.operator, intent = excluded.intent,
        updated_at = excluded.updated_at
"""


# A user row's columns, with their journey and ticks (NULL when they have no journey).
_USER_AND_PROGRESS = """
    user_id, locale, locale_chosen,
    (SELECT json_array(state, card, billing, operator, intent, generation)
     FROM journeys WHERE journeys.user_id = users.user_id),
    (SELECT group_concat(item_id, char(31)) FROM ticks WHERE ticks.user_id = users.user_id)
"""


def _user_and_progress(row: Any) -> tuple[User, Progress | None]:
    user = User(row[0], row[1], bool(row[2]))
    return user, None if row[3] is None else _progress(json.loads(row[3]), row[4])


def _journey_fields(p: Progress) -> tuple[Any, ...]:
    """The journeys row of a progress, in _UPSERT_JOURNEY's order (ticks are rows apart)."""
    return (p.state, p.card, p.billing, p.operator, p.intent, p.generation)


def _progress(fields: Sequence[Any], ticks: str | None) -> Progress:
    """A progress from _journey_fields' columns and the ticks joined by char(31)."""
    state, card, billing, operator, intent, generation = fields
    return Progress(
        state=state,
        card=card,
        billing=billing,
        operator=operator,
        intent=intent,
        generation=generation,
        ticks=frozenset(ticks.split("\x1f")) if ticks else frozenset(),
    )


@dataclass(frozen=True)
class User:
    user_id: int
    locale: str | None
    locale_chosen: bool


class Storage:
    """One connection for the whole bot; aiosqlite runs statements on its own thread."""

    def __init__(self, conn: aiosqlite.Connection):
        self._conn = conn
        # Handlers of different users run concurrently on this one connection: writes take
        # turns so that one user's transaction never swallows another's statements.
        self._write = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Storage:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
        storage = cls(conn)
        await storage.migrate()
        return storage

    async def close(self) -> None:
        await self._conn.close()

    async def schema_version(self) -> int:
        async with self._conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        """Apply the migrations this database has not seen; return the new version."""
        version = await self.schema_version()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # executescript commits first; the version bump is inside the same script, so a
            # crash leaves either the old schema or the new one with its number.
            await self._conn.executescript(
                f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        return await self.schema_version()

    # users

    async def touch_user(self, user_id: int, detected_locale: str | None) -> User:
        """Create or refresh a user; a detected locale is stored only until one is chosen."""
        user, _ = await self.open_user(user_id, detected_locale)
        return user

    async def open_user(
        self, user_id: int, detected_locale: str | None
    ) -> tuple[User, Progress | None]:
        """touch_user and load_progress in one statement: this runs for every update, and each
        statement is a round trip to the database thread."""
        now = utcnow()
        async with self._write:
            rows = await self._conn.execute_fetchall(
                """
                INSERT INTO users (user_id, locale, created_at, seen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(user_id) DO UPDATE SET seen_at = excluded.seen_at, active = 1
                RETURNING """
                + _USER_AND_PROGRESS,
                (user_id, detected_locale, now, now),
            )
        (row,) = rows
        return _user_and_progress(row)

    async def recipient(self, user_id: int) -> tuple[User, Progress | None] | None:
        """A user and their journey for a reminder, in one query (seen_at is not touched:
        a reminder is not the user's activity)."""
        rows = await self._conn.execute_fetchall(
            f"SELECT {_USER_AND_PROGRESS} FROM users WHERE user_id = ?", (user_id,)
        )
        for row in rows:
            return _user_and_progress(row)
        return None

    async def get_user(self, user_id: int) -> User | None:
        async with self._conn.execute(
            "SELECT user_id, locale, locale_chosen FROM users WHERE user_id = ?", (user_id,)
        ) as cur:
            row = await cur.fetchone()
        return User(row[0], row[1], bool(row[2])) if row else None

    async def set_locale(self, user_id: int, locale: str) -> None:
        async with self._write:
            await self._conn.execute(
                "UPDATE users SET locale = ?, locale_chosen = 1 WHERE user_id = ?",
                (locale, user_id),
            )

    # journeys

    async def load_progress(self, user_id: int) -> Progress | None:
        # One round trip: the ticks come along, joined with a separator no id can contain.
        rows = await self._conn.execute_fetchall(
            "SELECT state, card, billing, operator, intent, generation,"
            " (SELECT group_concat(item_id, char(31)) FROM ticks WHERE ticks.user_id = ?)"
            " FROM journeys WHERE user_id = ?",
            (user_id, user_id),
        )
        if not rows:
            return None
        (row,) = rows
        return _progress(row[:6], row[6])

    async def save_progress(
        self, user_id: int, progress: Progress, before: Progress | None = None
    ) -> None:
        """Store the journey and its ticks atomically.

        `before` is what this user's row holds now (loaded under the user's lock): then only
        the changes are written, and a single change — a tick, a new answer — is one
        statement, committed on its own. Without it the ticks are read and compared.
        """
        now = utcnow()
        statements: list[tuple[str, tuple[Any, ...]]] = []
        if before is None or _journey_fields(before) != _journey_fields(progress):
            statements.append((_UPSERT_JOURNEY, (user_id, *_journey_fields(progress), now)))
        async with self._write:
            if before is None:
                rows = await self._conn.execute_fetchall(
                    "SELECT item_id FROM ticks WHERE user_id = ?", (user_id,)
                )
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
                await self._conn.execute(*statements[0])
            elif statements:
                await self._transaction(statements)

    async def _transaction(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        try:
            await self._conn.execute("BEGIN IMMEDIATE")
            for sql, args in statements:
                await self._conn.execute(sql, args)
            await self._conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                await self._conn.execute("ROLLBACK")
            raise

    async def count_users(self) -> int:
        async with self._conn.execute("SELECT COUNT(*) FROM users") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    # reminders

    async def _write_one(self, sql: str, args: tuple[Any, ...]) -> int:
        async with self._write, self._conn.execute(sql, args) as cur:
            return cur.rowcount

    async def schedule(
        self, user_id: int, kind: str, due_at: int, payload: dict[str, Any] | None = None
    ) -> int:
        """A new pending reminder; an older pending one of the same kind is replaced."""
        async with self._write:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                await self._conn.execute(
                    "UPDATE reminders SET state = ? WHERE user_id = ? AND kind = ?"
                    " AND state IN (?, ?)",
                    (CANCELLED, user_id, kind, PENDING, SENT),
                )
                async with self._conn.execute(
                    "INSERT INTO reminders (user_id, kind, due_at, payload, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (user_id, kind, due_at, json.dumps(payload or {}), utcnow()),
                ) as cur:
                    reminder_id = cur.lastrowid
                await self._conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    await self._conn.execute("ROLLBACK")
                raise
        assert reminder_id is not None
        return reminder_id

    async def claim_due(self, now: int, limit: int) -> list[Reminder]:
        """Take up to `limit` due reminders for sending (pending → sending), soonest first.

        One statement: overlapping sweeps never get the same row."""
        async with self._write:
            rows = await self._conn.execute_fetchall(
                f"UPDATE reminders SET state = ? WHERE id IN (SELECT id FROM reminders"
                f" WHERE state = ? AND due_at <= ? ORDER BY due_at LIMIT ?)"
                f" RETURNING {_REMINDER_COLUMNS}",
                (SENDING, PENDING, now, limit),
            )
        return sorted((_reminder(r) for r in rows), key=lambda r: (r.due_at, r.id))

    async def unclaim(self, reminder_ids: Sequence[int]) -> None:
        """Claimed reminders that were not sent after all (the bot is stopping): pending."""
        async with self._write:
            await self._conn.executemany(
                "UPDATE reminders SET state = ? WHERE id = ? AND state = ?",
                [(PENDING, reminder_id, SENDING) for reminder_id in reminder_ids],
            )

    async def mark_sent(self, reminder_id: int, message_id: int) -> None:
        await self._write_one(
            "UPDATE reminders SET state = ?, sent_at = ?, message_id = ? WHERE id = ?"
            " AND state = ?",
            (SENT, utcnow(), message_id, reminder_id, SENDING),
        )

    async def release(self, reminder_id: int, due_at: int, failed_attempt: bool) -> None:
        """Back to pending at `due_at` (after RetryAfter, or a failure to retry)."""
        await self._write_one(
            "UPDATE reminders SET state = ?, due_at = ?, attempts = attempts + ?"
            " WHERE id = ? AND state = ?",
            (PENDING, due_at, int(failed_attempt), reminder_id, SENDING),
        )

    async def mark_failed(self, reminder_id: int) -> None:
        await self._write_one(
            "UPDATE reminders SET state = ?, attempts = attempts + 1 WHERE id = ?",
            (FAILED, reminder_id),
        )

    async def recover_interrupted(self) -> int:
        """At start: reminders a crash left in 'sending' go back to pending."""
        return await self._write_one(
            "UPDATE reminders SET state = ? WHERE state = ?", (PENDING, SENDING)
        )

    async def get_reminder(self, reminder_id: int) -> Reminder | None:
        async with self._conn.execute(
            f"SELECT {_REMINDER_COLUMNS} FROM reminders WHERE id = ?", (reminder_id,)
        ) as cur:
            row = await cur.fetchone()
        return _reminder(row) if row else None

    async def user_reminders(self, user_id: int) -> list[Reminder]:
        """Reminders still to come (pending, or sent and not answered), soonest first."""
        async with self._conn.execute(
            f"SELECT {_REMINDER_COLUMNS} FROM reminders WHERE user_id = ? AND state IN (?, ?)"
            " ORDER BY due_at",
            (user_id, PENDING, SENT),
        ) as cur:
            return [_reminder(r) for r in await cur.fetchall()]

    async def set_reminder_state(self, reminder_id: int, user_id: int, state: str) -> bool:
        """Answer or cancel a user's own reminder; False if it is not theirs or already done."""
        changed = await self._write_one(
            "UPDATE reminders SET state = ? WHERE id = ? AND user_id = ? AND state IN (?, ?)",
            (state, reminder_id, user_id, PENDING, SENT),
        )
        return changed == 1

    async def snooze(self, reminder_id: int, user_id: int, due_at: int) -> bool:
        changed = await self._write_one(
            "UPDATE reminders SET state = ?, due_at = ?, attempts = 0"
            " WHERE id = ? AND user_id = ? AND state IN (?, ?)",
            (PENDING, due_at, reminder_id, user_id, PENDING, SENT),
        )
        return changed == 1

    async def cancel_reminders(self, user_id: int) -> int:
        return await self._write_one(
            "UPDATE reminders SET state = ? WHERE user_id = ? AND state IN (?, ?, ?)",
            (CANCELLED, user_id, PENDING, SENDING, SENT),
        )

    async def mark_blocked(self, user_id: int) -> None:
        """The user blocked the bot: inactive, and nothing more is sent to them."""
        await self._write_one("UPDATE users SET active = 0 WHERE user_id = ?", (user_id,))
        await self.cancel_reminders(user_id)

    async def set_sent_on(self, user_id: int, day: str | None, completed: bool = False) -> None:
        await self._write_one(
            "UPDATE journeys SET sent_on = ?, completed_at = ? WHERE user_id = ?",
            (day, utcnow() if completed else None, user_id),
        )

    async def complete_journey(self, user_id: int) -> None:
        await self._write_one(
            "UPDATE journeys SET completed_at = ? WHERE user_id = ?", (utcnow(), user_id)
        )

    async def forget(self, user_id: int) -> None:
        """Delete every row about the user (journey, ticks and reminders cascade)."""
        await self._write_one("DELETE FROM users WHERE user_id = ?", (user_id,))

    # FAQ feedback

    async def vote(self, user_id: int, entry_id: str, locale: str, up: bool) -> None:
        await self._write_one(
            "INSERT INTO faq_votes (user_id, entry_id, locale, vote, voted_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id, entry_id) DO UPDATE SET"
            " locale = excluded.locale, vote = excluded.vote, voted_at = excluded.voted_at",
            (user_id, entry_id, locale, 1 if up else -1, utcnow()),
        )

    async def faq_feedback(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(entry, locale) -> (helpful, not helpful)."""
        async with self._conn.execute(
            "SELECT entry_id, locale, SUM(vote = 1), SUM(vote = -1) FROM faq_votes"
            " GROUP BY entry_id, locale"
        ) as cur:
            return {(r[0], r[1]): (int(r[2]), int(r[3])) for r in await cur.fetchall()}

    async def delete_inactive(self, seen_before: dt.datetime) -> int:
        """Delete users (and, by cascade, everything about them) not seen since then."""
        cutoff = seen_before.astimezone(dt.UTC).isoformat(timespec="seconds")
        return await self._write_one("DELETE FROM users WHERE seen_at < ?", (cutoff,))

    # statistics (admin)

    async def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        async with self._conn.execute(sql, args) as cur:
            return list(await cur.fetchall())

    async def stats(self, now: dt.datetime) -> dict[str, Any]:
        """Counts for /stats; each is one aggregate query (no per-user rows loaded)."""

        def since(days: int) -> str:
            return (now - dt.timedelta(days=days)).astimezone(dt.UTC).isoformat(timespec="seconds")

        (users, active7, active30, blocked), *_ = await self._rows(
            "SELECT COUNT(*), SUM(seen_at >= ?), SUM(seen_at >= ?), SUM(active = 0) FROM users",
            (since(7), since(30)),
        )
        return {
            "users": users,
            "active_7d": active7 or 0,
            "active_30d": active30 or 0,
            "blocked": blocked or 0,
            "by_card": await self._rows(
                "SELECT card, COUNT(*) FROM journeys WHERE card IS NOT NULL GROUP BY card"
                " ORDER BY 2 DESC"
            ),
            "by_operator": await self._rows(
                "SELECT operator, COUNT(*) FROM journeys WHERE operator IS NOT NULL"
                " GROUP BY operator ORDER BY 2 DESC"
            ),
            "completed": (
                await self._rows("SELECT COUNT(*) FROM journeys WHERE completed_at IS NOT NULL")
            )[0][0],
            "pending_reminders": (
                await self._rows("SELECT COUNT(*) FROM reminders WHERE state = 'pending'")
            )[0][0],
        }
