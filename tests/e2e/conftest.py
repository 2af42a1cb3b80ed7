"""Fixtures for end-to-end tests: one local Bot API server and the real bot process."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.devchat import BotProcess, Person
from devtools.localapi import ThreadedLocalBotApi

_user_ids = itertools.count(1001)


@pytest.fixture(scope="module")
def api() -> Iterator[ThreadedLocalBotApi]:
    with ThreadedLocalBotApi() as server:
        yield server


@pytest.fixture(scope="module")
def bot(api: ThreadedLocalBotApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """One bot process shared by a module's tests (each test uses its own user)."""
    folder = tmp_path_factory.mktemp("bot")
    process = BotProcess(api, folder / "db.sqlite3", folder / "bot.log").start()
    yield process
    process.stop()


@pytest.fixture
def fresh_bot(api: ThreadedLocalBotApi, tmp_path: Path) -> Iterator[BotProcess]:
    """A bot process of the test's own, for tests that stop and start it."""
    process = BotProcess(api, tmp_path / "db.sqlite3", tmp_path / "bot.log")
    yield process
    if process.proc is not None:
        process.stop()


# Reminders in seconds, not days: follow-ups and snoozes after 2 s, a sweep every 0.3 s.
FAST = {
    "FOLLOW_UP_AFTER": "2s",
    "SNOOZE_AFTER": "2s",
    "QUIET_HOURS": "off",
    "REMINDER_SWEEP_SECONDS": "0.3",
}


@pytest.fixture
def quick_bot(api: ThreadedLocalBotApi, tmp_path: Path) -> Iterator[BotProcess]:
    """A bot of the test's own with FAST reminder settings."""
    process = BotProcess(api, tmp_path / "db.sqlite3", tmp_path / "bot.log", **FAST).start()
    yield process
    if process.proc is not None:
        process.stop()


@pytest.fixture
def person(api: ThreadedLocalBotApi) -> Person:
    return Person(api, next(_user_ids), "en")


@pytest.fixture
def make_person(api: ThreadedLocalBotApi):  # type: ignore[no-untyped-def]
    def make(language_code: str = "en") -> Person:
        return Person(api, next(_user_ids), language_code)

    return make
