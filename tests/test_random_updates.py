"""Property test: random sequences of updates from several users (commands, text, real and
forged buttons) never make a handler fail, and never leave a tick that is not a plan item."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot import callbacks as cb
from bot.account import screens as account
from bot.app import build_application
from bot.config import Settings
from bot.content.loader import load_content
from bot.db import Database
from bot.faq import screens as faq
from bot.features import FEATURES
from bot.followup import screens as followup
from bot.freeday import screens as freeday
from bot.journey import rules as j
from bot.letter import screens as letter
from bot.services import Services
from bot.topup import screens as topup
from bot.understand import screens as understand
from devtools.localapi import ThreadedLocalBotApi
from tests.conftest import ROOT, STICKER

CONTENT = load_content(ROOT / "conversations")
PLAN_IDS = {item.id for item in CONTENT.plan}
REAL_BUTTONS = [
    *(cb.answer(j.CARD, c.id) for c in CONTENT.journey.cards),
    cb.answer(j.CARD, j.UNSURE),
    cb.answer(j.CARD_HELP, "0"),
    cb.answer(j.BILLING, "1"),
    *(cb.answer(j.OPERATOR, o.id) for o in CONTENT.operators[:4]),
    cb.answer(j.INTENT, "keep"),
    cb.answer(j.INTENT, "end"),
    cb.answer(j.INTENT, "alive"),
    *(cb.back(s) for s in j.STATES),
    cb.START_OVER,
    cb.START_OVER_YES,
    cb.START_OVER_NO,
    *(cb.tick(g, i.id) for g in (1, 2) for i in CONTENT.plan[:12]),
    *(cb.back(q) for q in FEATURES.questions),
    followup.SENT.data(1),
    followup.SENT_DAY.data(0),
    followup.SENT_DAY.data(3),
    cb.reminder_answer(1, "y"),
    cb.reminder_answer(1, "n"),
    cb.reminder_cancel(1),
    cb.reminder_answer(1, "s"),
    # typed messages, keep-alive and the free-cancellation day
    understand.prefill("prepaid_orange_end"),
    understand.prefill("digi", confirmed_for=1),
    topup.TOPUP.data(1),
    topup.TOPUP_DAY.data("20261201"),
    topup.TOPUP_DAY.data("20991231"),
    topup.TOPUP_EVERY.data("20261201", 6),
    freeday.FREE_DAY.data(1),
    freeday.FREE_REMIND.data(1, "20261001"),
    freeday.FREE_REMIND.data(1, "99991231"),
    topup.TOPUP_EVERY.data("99991231", 12),
    faq.FAQ_TOPICS,
    faq.TOPIC.data("esim"),
    faq.ANSWER.data("credit"),
    faq.VOTE.data("credit", "u"),
    cb.language("zh_Hant"),
    cb.LANGUAGE_MENU,
    account.FORGET_YES.data(),
    account.FORGET_NO.data(),
    # the letter
    letter.START.data(),
    letter.BACK.data(),
    letter.SKIP.data(),
    letter.CANCEL.data(),
    letter.END.data("t"),
    letter.END.data("m"),
    letter.LANGUAGE.data("nl"),
]
COMMANDS = [
    "/start",
    "/status",
    "/restart",
    "/help",
    "/faq",
    "/faq 余额",
    "/language",
    "/reminders",
    "/forget",
    "/privacy",
    "/nope",
    "/start faq-credit",
    "/start faq-x",
    "/letter",
    "/start plan_prepaid_orange_alive",
    "/start plan_plan_base_end",
    "/start plan_zzz",
    "digi 的月租 想退掉",
    "想把門號帶走換到別家",
    "port my number from Telenet to Orange",
]
# What people type at a date, a digit or a name question: dates of every size, phone numbers,
# names in several scripts.
date_like = st.lists(st.integers(min_value=0, max_value=10**15), min_size=1, max_size=4).flatmap(
    lambda numbers: st.sampled_from(["/", ".", "-", " "]).map(
        lambda sep: sep.join(str(n) for n in numbers)
    )
)
typed = st.one_of(
    date_like,
    st.from_regex(r"(\+32|0032|0)?[ ./]?4\d{2}([ ./]?\d{2}){3}", fullmatch=True),
    st.sampled_from(["Jan Peeters", "Wałęsa", "Dvořák", "Ștefan", "张伟", "Rue Belliard 51"]),
)

users = st.sampled_from([11, 12, 13, 14])
event = st.one_of(
    st.tuples(st.just("text"), users, st.sampled_from(COMMANDS)),
    st.tuples(st.just("text"), users, st.text(min_size=1, max_size=300)),
    st.tuples(st.just("text"), users, typed),
    st.tuples(st.just("button"), users, st.sampled_from(REAL_BUTTONS)),
    st.tuples(st.just("button"), users, st.text(max_size=70)),
    st.tuples(st.just("sticker"), users, st.just("")),
)

API = ThreadedLocalBotApi().start_in_thread()


def make_update(n: int, kind: str, user: int, value: str) -> dict[str, Any]:
    sender = {"id": user, "is_bot": False, "first_name": "P", "language_code": "zh-hans"}
    chat = {"id": user, "type": "private"}
    message: dict[str, Any] = {"message_id": 1000 + n, "date": 0, "chat": chat, "from": sender}
    if kind == "text":
        message["text"] = value
        if value.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(value.split()[0])}
            ]
        return {"update_id": n, "message": message}
    if kind == "sticker":
        message["sticker"] = STICKER
        return {"update_id": n, "message": message}
    query = {
        "id": str(n),
        "from": sender,
        "chat_instance": "c",
        "data": value,
        "message": {
            **message,
            "from": {"id": 10000, "is_bot": True, "first_name": "B"},
            "text": "old",
        },
    }
    return {"update_id": n, "callback_query": query}


async def run(events: list[tuple[str, int, str]], db: Path) -> None:
    settings_ = Settings(token=API.token, api_base_url=API.base_url, database_path=db)
    app = build_application(settings_, CONTENT)
    database = await Database.open(db)
    app.bot_data["services"] = Services(settings_, database, CONTENT, FEATURES)
    try:
        async with app:
            for n, (kind, user, value) in enumerate(events):
                await app.process_update(Update.de_json(make_update(n, kind, user, value), app.bot))
    finally:
        await database.close()


# Besides random sequences, always one that walks a whole journey and uses every command.
JOURNEY = [
    ("text", 11, "/start"),
    ("button", 11, cb.answer(j.CARD, "prepaid")),
    ("button", 11, cb.answer(j.OPERATOR, "proximus")),
    ("button", 11, cb.answer(j.INTENT, "keep")),
    ("button", 11, cb.tick(1, "keep-new-sim")),
    ("button", 11, followup.SENT.data(1)),
    ("button", 11, followup.SENT_DAY.data(0)),
    ("text", 12, "hello"),
    # a plan with a letter, and an overflowing date at both date questions
    ("text", 14, "/start"),
    ("button", 14, cb.answer(j.CARD, "plan")),
    ("button", 14, cb.answer(j.OPERATOR, "orange")),
    ("button", 14, cb.answer(j.INTENT, "end")),
    ("button", 14, followup.SENT.data(1)),
    ("text", 14, "1/1/99999999999"),
    ("text", 14, "/letter"),
    ("text", 14, "Jan Peeters"),
    ("button", 14, letter.SKIP.data()),
    ("button", 14, letter.SKIP.data()),
    ("text", 14, "0470 12 34 56"),
    ("text", 14, "1/1/99999999999"),
    ("button", 14, letter.END.data("m")),
    ("button", 14, letter.LANGUAGE.data("fr")),
    *(("text", 13, command) for command in COMMANDS),
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(events=JOURNEY)
@given(events=st.lists(event, min_size=1, max_size=25))
def test_random_updates_never_fail_or_corrupt_ticks(events, tmp_path_factory, caplog) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("random") / "db.sqlite3"
    caplog.clear()
    calls_before = len(API.calls())
    with caplog.at_level(logging.ERROR):
        asyncio.run(run(events, db))
    assert len(API.calls()) > calls_before  # the bot did answer
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not failures, [r.getMessage() + str(r.exc_info) for r in failures]
    with sqlite3.connect(db) as conn:
        ticks = {row[0] for row in conn.execute("SELECT item_id FROM ticks")}
        states = {row[0] for row in conn.execute("SELECT state FROM journeys")}
        orphans = conn.execute(
            "SELECT COUNT(*) FROM ticks WHERE user_id NOT IN (SELECT user_id FROM users)"
        ).fetchone()[0]
    assert ticks <= PLAN_IDS
    assert states <= set(j.STATES)
    assert orphans == 0
