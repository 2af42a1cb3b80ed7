"""`python -m bot backup FILE` while the database is being written: the copy opens, passes
SQLite's integrity check, has the whole schema and every row committed before it started."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.db import Database
from bot.migrations import MIGRATIONS
from tests.conftest import ROOT


def test_a_backup_taken_while_the_bot_writes_is_whole_and_consistent(tmp_path: Path) -> None:
    live = tmp_path / "data" / "simexit.sqlite3"

    async def create() -> None:
        await (await Database.open(live)).close()

    asyncio.run(create())
    stop = threading.Event()
    written = [0]

    def write() -> None:  # as the bot does: WAL, one commit per user
        conn = sqlite3.connect(live, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        while not stop.is_set():
            n = written[0] + 1
            conn.execute(
                "INSERT INTO users (user_id, locale, created_at, seen_at) VALUES (?, 'en', 'x', 'x')",
                (n,),
            )
            written[0] = n
        conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while written[0] < 2000:  # the database is busy being written
            time.sleep(0.01)
        before = written[0]
        env = {**os.environ, "DATABASE_PATH": str(live)}
        copy = tmp_path / "backups" / "simexit.sqlite3"
        result = subprocess.run(
            [sys.executable, "-m", "bot", "backup", str(copy)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        after = written[0]
    finally:
        stop.set()
        writer.join()
    assert result.returncode == 0, result.stderr
    assert f"backed up {live} to {copy}" in result.stdout
    assert not (copy.parent / (copy.name + ".partial")).exists()
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
        (users,) = db.execute("SELECT COUNT(*) FROM users").fetchone()
        assert before <= users <= after
        (top,) = db.execute("SELECT MAX(user_id) FROM users").fetchone()
        assert top == users  # a prefix of the commits: nothing torn, nothing missing
    assert not (tmp_path / "backups" / "simexit.sqlite3-wal").exists()  # one self-contained file


def test_a_backup_without_a_database_says_so(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "none.sqlite3")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "backup", str(tmp_path / "copy.sqlite3")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: no database at {tmp_path / 'none.sqlite3'}"
    assert not (tmp_path / "copy.sqlite3").exists()
