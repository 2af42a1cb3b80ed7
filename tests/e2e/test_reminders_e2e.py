"""Follow-up reminders through the real bot process, with FOLLOW_UP_AFTER=2s."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from devtools.devchat import BotProcess, Person
from devtools.localapi import ThreadedLocalBotApi
from tests.e2e.conftest import FAST
from tests.e2e.steps import send_cancellation_today

QUESTION = "confirmed that your"


def questions(person: Person) -> list[str]:
    """Every follow-up question the bot sent (later edits of them do not matter)."""
    calls = person.api.calls("sendMessage", person.user_id)
    return [c.params["text"] for c in calls if c.status == 200 and QUESTION in c.params["text"]]


def db(bot: BotProcess, sql: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(bot.db_path) as conn:
        return conn.execute(sql, args).fetchall()


def test_reminder_arrives_snoozes_and_completes(quick_bot: BotProcess, person: Person) -> None:
    send_cancellation_today(person)
    person.wait_until(lambda p: len(questions(p)) == 1, timeout=15)
    assert "Has Orange confirmed that your monthly-plan card is cancelled?" in questions(person)[0]
    person.tap("Not yet")
    assert any("I will ask again on" in t for t in person.texts())
    person.say("/status")
    assert any("Next check:" in t for t in person.texts()[-10:])
    person.wait_until(lambda p: len(questions(p)) == 2, timeout=15)
    person.find_button("Yes, confirmed")
    person.tap("Yes, confirmed")
    person.wait_until(lambda p: "What is left to do" in p.last.get("text", ""))
    assert "Keep" in person.last["text"] or "proof" in person.last["text"].lower()
    (completed,) = db(
        quick_bot, "SELECT completed_at FROM journeys WHERE user_id = ?", person.user_id
    )
    assert completed[0] is not None
    quick_bot.wait_for_sweeps()
    assert len(questions(person)) == 2  # nothing more after "Yes"


def test_problem_answer_gives_next_steps_and_a_later_check(
    quick_bot: BotProcess, person: Person
) -> None:
    send_cancellation_today(person)
    person.wait_until(lambda p: len(questions(p)) == 1, timeout=15)
    person.tap("There's a problem")
    person.wait_until(lambda p: "Ombudsman" in p.last.get("text", ""))
    assert "klachten@ombudsmantelecom.be" in person.last["text"]
    person.wait_until(lambda p: len(questions(p)) == 2, timeout=15)


def test_killed_after_scheduling_the_reminder_arrives_exactly_once(
    api: ThreadedLocalBotApi, tmp_path: Path, make_person
) -> None:  # type: ignore[no-untyped-def]
    bot = BotProcess(api, tmp_path / "db.sqlite3", tmp_path / "bot.log", **FAST).start()
    person = make_person("en")
    send_cancellation_today(person)
    bot.kill()
    ((due,),) = db(bot, "SELECT due_at FROM reminders WHERE user_id = ?", person.user_id)
    person.wait_until(lambda _: time.time() > due, timeout=15)  # due while the bot is down
    bot.start()
    try:
        person.wait_until(lambda p: len(questions(p)) == 1, timeout=15)
        bot.wait_for_sweeps()
        assert len(questions(person)) == 1
        states = db(bot, "SELECT state FROM reminders WHERE user_id = ?", person.user_id)
        assert states == [("sent",)]
    finally:
        bot.stop()


def test_blocked_user_gets_no_further_sends(quick_bot: BotProcess, person: Person) -> None:
    send_cancellation_today(person)
    api = quick_bot.api
    api.fail_next("sendMessage", 403, chat_id=person.user_id, times=100)
    api.wait_for(lambda a: any(c.status == 403 for c in a.calls("sendMessage", person.user_id)), 15)
    quick_bot.wait_for_sweeps()
    refused = [c for c in api.calls("sendMessage", person.user_id) if c.status == 403]
    assert len(refused) == 1
    assert db(quick_bot, "SELECT active FROM users WHERE user_id = ?", person.user_id) == [(0,)]
    assert db(quick_bot, "SELECT state FROM reminders WHERE user_id = ?", person.user_id) == [
        ("cancelled",)
    ]


def test_reminders_list_cancel_and_restart(quick_bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    person = make_person("en")
    person.say("/reminders")
    assert "No reminders are planned" in person.last["text"]
    person.say("/start")
    person.tap("SIM with a monthly plan")
    person.tap("BASE")
    person.tap("Keep the number")
    person.wait_until(lambda p: p.find_button("port my number"))
    person.tap("port my number")
    person.tap("Yesterday")
    person.say("/reminders")
    assert "follow-up: has your number moved from BASE?" in person.last["text"]
    person.tap("Cancel 1")
    assert "No reminders are planned" in person.last["text"]
    assert db(quick_bot, "SELECT state FROM reminders WHERE user_id = ?", person.user_id) == [
        ("cancelled",)
    ]


def test_typed_date_and_forget(quick_bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hans")
    person.say("/start")
    person.tap("月租卡")
    person.tap("Proximus")
    person.tap("不要这个号码")
    person.wait_until(lambda p: p.find_button("我已发出注销申请"))
    person.tap("我已发出注销申请")
    person.say("32/13")
    assert "我看不懂这个日期" in person.last["text"] and person.buttons()
    person.say("2/1/2020")
    assert "我看不懂这个日期" in person.last["text"]
    today = time.strftime("%d/%m")
    person.say(today)
    assert "记下了" in person.last["text"]
    person.say("/forget")
    person.tap("是的，全部删除")
    assert "已删除" in person.last["text"]
    for table in ("users", "journeys", "ticks", "reminders"):
        assert db(quick_bot, f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", person.user_id) == [
            (0,)
        ]


def test_not_yet_on_a_reminder_that_is_gone_is_expired_not_a_promise(
    quick_bot: BotProcess, person: Person
) -> None:
    send_cancellation_today(person)
    person.wait_until(lambda p: len(questions(p)) == 1, timeout=15)
    reminder, data = person.find_button("Not yet")
    person.say("/restart")
    person.tap("Yes, start over")  # the journey and its reminders are gone
    toast = person.tap_data(reminder["message_id"], data)
    assert "expired" in toast
    assert not any("I will ask again" in t for t in person.texts())
    assert db(quick_bot, "SELECT state FROM reminders WHERE user_id = ?", person.user_id) == [
        ("cancelled",)
    ]


def test_a_reminder_whose_answer_is_lost_is_sent_again_and_one_answer_settles_both(
    quick_bot: BotProcess, person: Person
) -> None:
    """At-least-once, on purpose: Telegram delivered the reminder but answered after the bot's
    read timeout (5 s), so the bot cannot know; it retries after the backoff and the user sees
    the question twice. Both copies are the same reminder: answering one expires the other."""
    api = quick_bot.api
    api.answer_late("sendMessage", 7.0, chat_id=person.user_id, text=QUESTION)
    send_cancellation_today(person)
    person.wait_until(lambda p: len(questions(p)) == 1, timeout=15)

    def released() -> list[tuple]:  # type: ignore[type-arg]
        rows = db(quick_bot, "SELECT id, state, attempts, due_at FROM reminders")
        return [row for row in rows if row[1:3] == ("pending", 1)]

    person.wait_until(lambda p: released(), timeout=20)  # the timeout counted as a failed send
    ((reminder_id, _, _, due_at),) = released()
    assert due_at >= time.time() + 20  # the backoff (30 s), not an immediate resend
    db(quick_bot, "UPDATE reminders SET due_at = ? WHERE id = ?", int(time.time()), reminder_id)
    person.wait_until(lambda p: len(questions(p)) == 2, timeout=15)  # the backoff has passed

    copies = [m for m in person.api.messages(person.user_id) if QUESTION in m.get("text", "")]
    assert len(copies) == 2
    assert copies[0]["reply_markup"] == copies[1]["reply_markup"]  # the same reminder's buttons
    person.tap("Yes, confirmed")  # on the newer copy
    assert db(quick_bot, "SELECT state FROM reminders WHERE id = ?", reminder_id) == [("answered",)]
    (yes,) = [
        button["callback_data"]
        for row in copies[0]["reply_markup"]["inline_keyboard"]
        for button in row
        if "Yes" in button["text"]
    ]
    assert "expired" in person.tap_data(copies[0]["message_id"], yes)


def test_a_tick_keeps_the_next_check_line_of_the_plan(bot: BotProcess, person: Person) -> None:
    send_cancellation_today(person)
    message, _ = person.find_button("⬜ 1.")
    assert "Next check:" not in message["text"]  # the plan was shown before the date
    person.say("/status")
    message, _ = person.find_button("⬜ 1.")
    assert "Next check:" in message["text"]
    plan = "\n".join(m.get("text", "") for m in person.messages()[-10:])
    assert "0 of " not in message["text"] and "✅" in plan  # sending it ticked its steps
    assert person.tap("⬜ 1.") == "✅"
    edited = next(m for m in person.messages() if m["message_id"] == message["message_id"])
    assert "steps done" in edited["text"] and "✅ <b>1." in edited["text"]
    assert "Next check:" in edited["text"]  # the page a tick redraws keeps it, as /status shows
