"""The database and the stores: migrations on empty and older databases, progress round trips,
transactions, retention."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.db import Database
from bot.faq.store import VoteStore
from bot.journey.rules import Progress
from bot.journey.store import JourneyStore
from bot.migrations import MIGRATIONS
from bot.reminders.store import ReminderStore
from bot.users import UserStore


async def test_migrations_build_an_empty_database(tmp_path: Path) -> None:
    storage = await Database.open(tmp_path / "sub" / "db.sqlite3")
    try:
        assert await storage.schema_version() == len(MIGRATIONS)
        assert await storage.migrate() == len(MIGRATIONS)  # idempotent
    finally:
        await storage.close()
    with sqlite3.connect(tmp_path / "sub" / "db.sqlite3") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"users", "journeys", "ticks"} <= tables
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    live = await Database.open(tmp_path / "sub" / "db.sqlite3")
    try:  # a commit the user saw confirmed survives a power cut (not only a crash)
        assert (await live.fetch("PRAGMA synchronous"))[0][0] == 2  # FULL
    finally:
        await live.close()


async def test_older_database_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # a database as version 1 left it
        db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
        db.execute("INSERT INTO users VALUES (7, 'zh_Hant', '2026-01-01', '2026-01-01')")
        db.execute("INSERT INTO journeys VALUES (7, 3, 'plan', 'plan', 'plan', 'base', 'end', 'x')")
        db.execute("INSERT INTO ticks VALUES (7, 'codes', 'x')")
    storage = await Database.open(path)
    try:
        assert await storage.schema_version() == len(MIGRATIONS)
        user = await UserStore(storage).get(7)
        assert user is not None and user.locale == "zh_Hant" and not user.locale_chosen
        progress = await JourneyStore(storage).load(7)
        assert progress == Progress("plan", "plan", "plan", "base", "end", 3, frozenset({"codes"}))
    finally:
        await storage.close()


async def test_a_date_asked_from_the_plan_becomes_the_pending_question(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    with sqlite3.connect(path) as db:  # version 4: the three date questions were states
        db.executescript("".join(MIGRATIONS[:4]) + "PRAGMA user_version = 4;")
        db.execute("INSERT INTO users (user_id, created_at, seen_at) VALUES (7, 'x', 'x')")
        db.execute("INSERT INTO users (user_id, created_at, seen_at) VALUES (8, 'x', 'x')")
        db.execute(
            "INSERT INTO journeys (user_id, generation, state, card, billing, operator, intent,"
            " updated_at) VALUES (7, 2, 'topup_date', 'prepaid', 'prepaid', 'orange', 'alive',"
            " 'x'), (8, 1, 'intent', 'plan', 'plan', 'base', NULL, 'x')"
        )
    storage = await Database.open(path)
    try:
        asked = await JourneyStore(storage).load(7)
        assert asked == Progress(
            "plan", "prepaid", "prepaid", "orange", "alive", 2, pending="topup_date"
        )
        other = await JourneyStore(storage).load(8)
        assert other is not None and (other.state, other.pending) == ("intent", None)
    finally:
        await storage.close()


async def test_progress_round_trip_and_ticks(tmp_path: Path) -> None:
    storage = await Database.open(tmp_path / "db.sqlite3")
    try:
        await UserStore(storage).touch(1, "en")
        assert await JourneyStore(storage).load(1) is None
        p = Progress("plan", "prepaid", "prepaid", "proximus", "end", 2, frozenset({"a", "b"}))
        await JourneyStore(storage).save(1, p)
        assert await JourneyStore(storage).load(1) == p
        p2 = Progress("plan", "prepaid", "prepaid", "proximus", "end", 2, frozenset({"b", "c"}))
        await JourneyStore(storage).save(1, p2)
        assert await JourneyStore(storage).load(1) == p2
    finally:
        await storage.close()
    # A new connection (a restarted bot) sees the same.
    storage = await Database.open(tmp_path / "db.sqlite3")
    try:
        assert await JourneyStore(storage).load(1) == p2
    finally:
        await storage.close()


async def test_open_user_returns_the_progress_and_saves_write_only_the_changes(
    tmp_path: Path,
) -> None:
    storage = await Database.open(tmp_path / "db.sqlite3")
    statements: list[str] = []
    try:
        user, progress = await UserStore(storage).open(3, "zh_Hans")
        assert (user.user_id, user.locale, progress) == (3, "zh_Hans", None)
        plan = Progress("plan", "prepaid", "prepaid", "proximus", "end", 1)
        await JourneyStore(storage).save(3, plan, before=Progress())
        await storage.conn.set_trace_callback(statements.append)
        ticked = Progress("plan", "prepaid", "prepaid", "proximus", "end", 1, frozenset({"a"}))
        await JourneyStore(storage).save(3, ticked, before=plan)
        # A tick is one INSERT, committed on its own: no transaction, no journey rewrite.
        assert [s.split()[0] for s in statements] == ["INSERT"], statements
        statements.clear()
        restarted = Progress(generation=2)
        await JourneyStore(storage).save(3, restarted, before=ticked)
        assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT"
        await storage.conn.set_trace_callback(None)
        user, progress = await UserStore(storage).open(3, "en")
        assert (user.locale, progress) == ("zh_Hans", restarted)
        await JourneyStore(storage).save(3, ticked, before=restarted)
        assert (
            (await UserStore(storage).open(3, None))[1]
            == ticked
            == await JourneyStore(storage).load(3)
        )
    finally:
        await storage.close()


async def test_detected_locale_does_not_override_a_chosen_one(tmp_path: Path) -> None:
    storage = await Database.open(tmp_path / "db.sqlite3")
    try:
        user = await UserStore(storage).touch(5, "zh_Hans")
        assert user.locale == "zh_Hans"
        await UserStore(storage).set_locale(5, "en")
        user = await UserStore(storage).touch(5, "zh_Hant")
        assert (user.locale, user.locale_chosen) == ("en", True)
    finally:
        await storage.close()


async def test_concurrent_saves_of_many_users_do_not_collide(tmp_path: Path) -> None:
    import asyncio

    storage = await Database.open(tmp_path / "db.sqlite3")
    try:

        async def one(uid: int) -> None:
            await UserStore(storage).touch(uid, "en")
            for n in range(3):
                await JourneyStore(storage).save(uid, Progress(ticks=frozenset({f"i{n}"})))

        await asyncio.gather(*(one(uid) for uid in range(200)))
        assert await UserStore(storage).count() == 200
        for uid in (0, 99, 199):
            progress = await JourneyStore(storage).load(uid)
            assert progress is not None and progress.ticks == {"i2"}
    finally:
        await storage.close()


async def test_retention_deletes_only_silent_users_with_everything_about_them(
    tmp_path: Path,
) -> None:
    import datetime as dt

    storage = await Database.open(tmp_path / "db.sqlite3")
    try:
        for uid in (1, 2):
            await UserStore(storage).touch(uid, "en")
            await JourneyStore(storage).save(uid, Progress(ticks=frozenset({"a"})))
            await ReminderStore(storage).schedule(uid, "follow_up", 0)
            await VoteStore(storage).vote(uid, "credit", "en", True)
        await storage.conn.execute(
            "UPDATE users SET seen_at = '2025-01-01T00:00:00+00:00' WHERE user_id = 1"
        )
        now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
        assert await UserStore(storage).delete_inactive(now - dt.timedelta(days=365)) == 1
    finally:
        await storage.close()
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        for table in ("users", "journeys", "ticks", "reminders", "faq_votes"):
            assert db.execute(f"SELECT user_id FROM {table}").fetchall() == [(2,)], table


async def test_a_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    import pytest

    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        await UserStore(db).touch(1, "en")
        with pytest.raises(RuntimeError):
            async with db.transaction() as tx:
                await tx.execute("UPDATE users SET locale = 'zh_Hant' WHERE user_id = 1")
                raise RuntimeError("half-way")
        user = await UserStore(db).get(1)
        assert user is not None and user.locale == "en"
        async with db.transaction() as tx:
            await tx.execute("UPDATE users SET locale = 'zh_Hant' WHERE user_id = 1")
        user = await UserStore(db).get(1)
        assert user is not None and user.locale == "zh_Hant"
    finally:
        await db.close()


async def test_opening_a_user_writes_only_when_seen_at_is_stale_or_the_user_was_blocked(
    tmp_path: Path,
) -> None:
    storage = await Database.open(tmp_path / "db.sqlite3")
    users = UserStore(storage)
    try:
        await users.open(5, "en")  # new: written
        writes = storage.conn.total_changes
        for _ in range(3):
            user, _progress = await users.open(5, "zh_Hans")
            assert user.locale == "en"
        assert storage.conn.total_changes == writes  # a fresh row is only read
        await storage.execute("UPDATE users SET seen_at = '2026-01-01T00:00:00+00:00'")
        await users.open(5, "en")
        (seen,) = await storage.fetch("SELECT seen_at FROM users WHERE user_id = 5")
        assert seen[0] > "2026-01-02"  # an old seen_at is refreshed
        await storage.execute("UPDATE users SET active = 0")
        await users.open(5, "en")  # back after blocking the bot
        assert (await storage.fetch("SELECT active FROM users"))[0][0] == 1
    finally:
        await storage.close()


async def test_sync_keeps_a_wanted_reminder_as_it_is_and_replaces_the_rest(tmp_path: Path) -> None:
    from bot.reminders.store import ReminderStore, State

    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        await UserStore(db).touch(1, "en")
        store = ReminderStore(db)

        def key(payload: dict) -> tuple:  # type: ignore[type-arg]
            return (payload["item"], payload["by"])

        steps = [(100, {"item": "a", "by": "d1"}), (200, {"item": "b", "by": "d1"})]
        await store.sync(1, "step", steps, key)
        first = {r.payload["item"]: r for r in await store.of_user(1)}
        await store.snooze(first["a"].id, 1, 150)  # "Tomorrow" on a
        # b is ticked, c is new: a keeps its snoozed time, b goes, c comes.
        await store.sync(
            1, "step", [(100, {"item": "a", "by": "d1"}), (300, {"item": "c", "by": "d1"})], key
        )
        now = {r.payload["item"]: r for r in await store.of_user(1)}
        assert set(now) == {"a", "c"} and now["a"].id == first["a"].id and now["a"].due_at == 150
        assert (await store.get(first["b"].id)).state == State.CANCELLED  # type: ignore[union-attr]
        # A new leaving day: every step is due on another day, so all are replaced.
        await store.sync(1, "step", [(400, {"item": "a", "by": "d2"})], key)
        (only,) = await store.of_user(1)
        assert only.payload == {"item": "a", "by": "d2"} and only.id != first["a"].id
    finally:
        await db.close()
