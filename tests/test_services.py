"""What concerns a user across features: /forget leaves no row and no draft; blocking the bot
stops their reminders."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.config import Settings
from bot.db import Database
from bot.faq.store import VoteStore
from bot.features import FEATURES
from bot.journey.rules import Progress
from bot.letter.drafts import Drafts
from bot.reminders.store import State
from bot.services import Services

TABLES = ("users", "journeys", "ticks", "reminders", "faq_votes")


async def services(tmp_path: Path, mini_content) -> Services:  # type: ignore[no-untyped-def]
    db = await Database.open(tmp_path / "db.sqlite3")
    settings = Settings(token="1:x", database_path=tmp_path / "db.sqlite3")
    return Services(settings, db, mini_content, FEATURES)


async def a_user_with_everything(svc: Services, user_id: int) -> None:
    await svc.users.touch(user_id, "en")
    await svc.journeys.save(
        user_id, Progress("plan", "plan", "plan", "base", "end", 1, frozenset({"proof"}))
    )
    await svc.journeys.set_sent_on(user_id, "2026-11-30")
    await svc.reminders.schedule(user_id, "follow_up", 0)
    await VoteStore(svc.db).vote(user_id, "credit", "en", True)
    draft = svc.kept(Drafts).start(user_id, "base")
    draft.name = "Jan Peeters"


async def test_forget_deletes_every_row_and_the_letter_draft(tmp_path: Path, mini_content) -> None:  # type: ignore[no-untyped-def]
    svc = await services(tmp_path, mini_content)
    try:
        await a_user_with_everything(svc, 1)
        await a_user_with_everything(svc, 2)
        await svc.forget_user(1)
        assert svc.kept(Drafts).get(1) is None
        assert svc.kept(Drafts).get(2) is not None
    finally:
        await svc.db.close()
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        for table in TABLES:
            assert db.execute(f"SELECT DISTINCT user_id FROM {table}").fetchall() == [(2,)], table


async def test_a_user_who_blocked_the_bot_is_inactive_with_no_reminder_left(
    tmp_path: Path, mini_content
) -> None:  # type: ignore[no-untyped-def]
    svc = await services(tmp_path, mini_content)
    try:
        await a_user_with_everything(svc, 1)
        await svc.user_blocked(1)
        assert await svc.reminders.of_user(1) == []
        (state,) = await svc.db.fetch("SELECT state FROM reminders WHERE user_id = 1")
        assert state[0] == State.CANCELLED
        (active,) = await svc.db.fetch("SELECT active FROM users WHERE user_id = 1")
        assert active[0] == 0
    finally:
        await svc.db.close()


def test_a_letter_draft_expires_after_its_time() -> None:
    from bot.letter.drafts import Drafts

    now = [0.0]
    drafts = Drafts(ttl=10, clock=lambda: now[0])
    drafts.start(1, "base")
    now[0] = 9
    assert drafts.get(1) is not None  # a look keeps it alive
    now[0] = 18
    assert drafts.get(1) is not None
    now[0] = 30
    assert drafts.get(1) is None and len(drafts) == 0


def test_letter_drafts_expire_by_last_touch_not_by_start() -> None:
    from bot.letter.drafts import Drafts

    now = [0.0]
    drafts = Drafts(ttl=10, clock=lambda: now[0])
    drafts.start(1, "base")
    now[0] = 1
    drafts.start(2, "orange")
    now[0] = 8
    assert drafts.get(1) is not None  # 1 was touched last now; 2 is the oldest
    now[0] = 12  # 2 is 11 s old, 1 only 4 s
    assert drafts.get(3) is None
    assert len(drafts) == 1 and drafts.get(1) is not None and drafts.get(2) is None
    drafts.start(1, "digi")  # a new letter replaces the old draft
    assert drafts.get(1).operator_id == "digi" and len(drafts) == 1  # type: ignore[union-attr]
