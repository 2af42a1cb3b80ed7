"""The SQLite database (aiosqlite, WAL): one connection for the whole bot, the migrations
applied at start, and the two ways to write — one autocommitted statement, or a
`transaction()` of several.

Handlers of different users run concurrently on this one connection, so writes take turns
(one lock): a user's transaction never swallows another user's statements. Reads need no turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import aiosqlite

from bot.migrations import MIGRATIONS

Args = tuple[Any, ...]


class Transaction:
    """The statements of one `Database.transaction()`; committed together or not at all."""

    def __init__(self, conn: aiosqlite.Connection):
        self._conn = conn

    async def execute(self, sql: str, args: Args = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        async with self._conn.execute(sql, args) as cur:
            return cur.rowcount

    async def insert(self, sql: str, args: Args = ()) -> int:
        """Run an INSERT; returns the new row's id."""
        async with self._conn.execute(sql, args) as cur:
            assert cur.lastrowid is not None
            return cur.lastrowid

    async def fetch(self, sql: str, args: Args = ()) -> list[Any]:
        return list(await self._conn.execute_fetchall(sql, args))


class Database:
    """The bot's one connection. Writes go through `execute`, `execute_many`, `returning` or
    `transaction()`, each of which waits its turn; `fetch` reads."""

    def __init__(self, conn: aiosqlite.Connection):
        self.conn = conn
        self._write = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        await conn.execute("PRAGMA journal_mode=WAL")
        # FULL, not NORMAL: under WAL, NORMAL may lose the last commits on a power cut, and the
        # bot tells the user "saved" once a commit returns. Cost: 3–7 % of throughput in the
        # 1,000-user burst (bench/RESULTS.md).
        await conn.execute("PRAGMA synchronous=FULL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
        db = cls(conn)
        await db.migrate()
        return db

    async def close(self) -> None:
        await self.conn.close()

    async def schema_version(self) -> int:
        rows = await self.fetch("PRAGMA user_version")
        return int(rows[0][0]) if rows else 0

    async def migrate(self) -> int:
        """Apply the migrations this database has not seen; return the new version."""
        version = await self.schema_version()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # executescript commits first; the version bump is inside the same script, so a
            # crash leaves either the old schema or the new one with its number.
            async with self._write:
                await self.conn.executescript(
                    f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
        return await self.schema_version()

    async def fetch(self, sql: str, args: Args = ()) -> list[Any]:
        return list(await self.conn.execute_fetchall(sql, args))

    async def execute(self, sql: str, args: Args = ()) -> int:
        """One write, committed on its own; returns the number of rows it changed."""
        async with self._write, self.conn.execute(sql, args) as cur:
            return cur.rowcount

    async def execute_many(self, sql: str, rows: Iterable[Args]) -> None:
        async with self._write:
            await self.conn.executemany(sql, rows)

    async def returning(self, sql: str, args: Args = ()) -> list[Any]:
        """One write with a RETURNING clause; returns its rows."""
        async with self._write:
            return list(await self.conn.execute_fetchall(sql, args))

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """`async with db.transaction() as tx:` — BEGIN IMMEDIATE … COMMIT, or ROLLBACK on
        any exception (cancellation included)."""
        async with self._write:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(self.conn)
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")
