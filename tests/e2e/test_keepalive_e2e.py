"""Keep-alive plans, top-up reminders and the free-cancellation day through the real bot.

Reminders are months ahead, so a test moves a row's due time to now (as the clock would),
then waits for the very message it asserts."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time

from bot import dates
from bot.freeday import rules as fd
from bot.reminders import rules as r
from bot.topup import rules as k
from devtools.devchat import BotProcess, Person

TOP_UP = "to stay active"  # in the reminder only


def rows(bot: BotProcess, user_id: int) -> list[tuple[int, str, str, int, dict]]:  # type: ignore[type-arg]
    with sqlite3.connect(bot.db_path) as conn:
        found = conn.execute(
            "SELECT id, kind, state, due_at, payload FROM reminders WHERE user_id = ? ORDER BY id",
            (user_id,),
        ).fetchall()
    return [(i, kind, state, due, json.loads(payload)) for i, kind, state, due, payload in found]


def pending(bot: BotProcess, user_id: int, kind: str) -> tuple[int, int, dict]:  # type: ignore[type-arg]
    (row,) = [x for x in rows(bot, user_id) if x[1] == kind and x[2] == "pending"]
    return row[0], row[3], row[4]


def come_due(bot: BotProcess, reminder_id: int) -> None:
    with sqlite3.connect(bot.db_path) as conn:
        conn.execute(
            "UPDATE reminders SET due_at = ? WHERE id = ?", (int(time.time()), reminder_id)
        )


def state_of(bot: BotProcess, reminder_id: int) -> str:
    with sqlite3.connect(bot.db_path) as conn:
        return str(
            conn.execute("SELECT state FROM reminders WHERE id = ?", (reminder_id,)).fetchone()[0]
        )


def top_up_messages(person: Person) -> list[dict]:  # type: ignore[type-arg]
    calls = person.api.calls("sendMessage", person.user_id)
    return [c.params for c in calls if c.status == 200 and TOP_UP in c.params["text"]]


def today() -> dt.date:
    return dates.today(dt.datetime.now(dt.UTC))


def test_top_up_reminders_repeat_and_survive_restarts_exactly_once(
    quick_bot: BotProcess, person: Person
) -> None:
    person.say("/start plan_prepaid_orange_alive")
    assert any("Your plan" in t for t in person.texts()[-10:])
    person.tap("⏰ Remind me to top up")
    assert "When did you last top up" in person.last["text"]
    person.tap("About a month ago")
    last = dates.months_ago(dt.datetime.now(dt.UTC), 1)
    lapse = k.lapse_day(last, 12)  # Orange: 12 months (PRE-2)
    assert "Orange's rule: 12 months" in person.last["text"]
    early, early_due, payload = pending(quick_bot, person.user_id, k.TOPUP_EARLY)
    late, late_due, _ = pending(quick_bot, person.user_id, k.TOPUP_LATE)
    assert payload == {"last": last.isoformat(), "months": 12, "lapse": lapse.isoformat()}
    assert early_due == dates.to_epoch(r.on_day(lapse - dt.timedelta(days=30), None))
    assert late_due == dates.to_epoch(r.on_day(lapse - dt.timedelta(days=7), None))
    person.say("/status")
    assert any("Next top-up reminder:" in t for t in person.texts()[-10:])

    come_due(quick_bot, early)  # 30 days before the lapse
    person.wait_until(lambda p: len(top_up_messages(p)) == 1, timeout=15)
    # Killed once the send is recorded (a kill in the middle of a send may repeat it: README).
    person.wait_until(lambda p: state_of(quick_bot, early) == "sent")
    quick_bot.kill()
    quick_bot.start()
    come_due(quick_bot, late)  # 7 days before
    person.wait_until(lambda p: len(top_up_messages(p)) == 2, timeout=15)
    person.wait_until(lambda p: state_of(quick_bot, late) == "sent")
    person.tap("I topped up")
    assert "Noted: last top-up" in person.last["text"]
    states = {(kind, state) for _, kind, state, _, _ in rows(quick_bot, person.user_id)}
    assert (k.TOPUP_LATE, "answered") in states
    assert (k.TOPUP_EARLY, "cancelled") in states  # the first warning of the old cycle
    next_early, _, payload = pending(quick_bot, person.user_id, k.TOPUP_EARLY)
    assert payload["lapse"] == k.lapse_day(today(), 12).isoformat()  # a cycle from today
    pending(quick_bot, person.user_id, k.TOPUP_LATE)

    quick_bot.kill()
    quick_bot.start()
    come_due(quick_bot, next_early)
    person.wait_until(lambda p: len(top_up_messages(p)) == 3, timeout=15)
    person.wait_until(lambda p: state_of(quick_bot, next_early) == "sent")
    quick_bot.stop()
    quick_bot.start()  # nothing due: nothing more is sent
    person.say("/status")
    assert len(top_up_messages(person)) == 3
    person.tap("Stop these reminders")
    assert all(state != "pending" for _, kind, state, _, _ in rows(quick_bot, person.user_id))


def test_where_the_rule_is_not_known_the_user_picks_the_interval(
    quick_bot: BotProcess, make_person
) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hans")
    person.say("/start plan_prepaid_lycamobile_alive")
    person.tap("⏰ 提醒我充值")
    person.say("99/99")  # unreadable: asked again, with the hint
    assert "我看不懂这个日期" in person.last["text"]
    person.tap("今天")
    assert "我们没找到官方页面" in person.last["text"]
    person.tap("每 6 个月（建议）")
    _, _, payload = pending(quick_bot, person.user_id, k.TOPUP_EARLY)
    assert payload["months"] == 6 and payload["lapse"] == k.lapse_day(today(), 6).isoformat()
    assert "你选的每 6 个月" in person.last["text"]


def test_the_free_cancellation_day_and_its_reminder(quick_bot: BotProcess, person: Person) -> None:
    person.say("/start plan_plan_orange_end")
    person.tap("📅 When is ending it free?")
    assert "When did this contract start?" in person.last["text"]
    person.say("01/2026")  # January: over six months ago
    assert "more than six months old" in person.last["text"]
    person.tap("📅 When is ending it free?")
    start = dates.add_months(today(), -2)[0]
    person.say(start.strftime("%d/%m/%Y"))
    free = fd.free_cancel_day(start)
    assert fd.fees_left(start, today()) == 4  # after 2 months: at most 4 more (FPS Economy)
    assert "may cost at most 4 more monthly fees" in person.last["text"]
    person.tap("⏰ Remind me on")
    reminder_id, due, payload = pending(quick_bot, person.user_id, fd.FREE_CANCEL)
    assert payload == {"start": start.isoformat(), "free": free.isoformat()}
    assert due == dates.to_epoch(r.on_day(free, None))
    come_due(quick_bot, reminder_id)
    person.wait_until(lambda p: "costs no termination fee" in p.last.get("text", ""), timeout=15)
    person.tap("Thanks")
    assert [s for i, _, s, _, _ in rows(quick_bot, person.user_id) if i == reminder_id] == [
        "answered"
    ]


def test_forged_or_stale_keepalive_buttons_are_expired_not_errors(
    quick_bot: BotProcess, person: Person
) -> None:
    person.say("/start plan_plan_orange_end")
    plan = person.last
    for data in ("1:cr:1:99991231", "1:cr:999:20261001", "1:km:99991231:12", "1:kd:20991231"):
        assert "expired" in person.tap_data(plan["message_id"], data)
    assert rows(quick_bot, person.user_id) == []
    assert "Traceback" not in quick_bot.log()


def test_an_old_contract_is_free_and_a_letter_leaves_the_date_question(
    quick_bot: BotProcess, person: Person
) -> None:
    person.say("/start plan_plan_orange_end")
    person.tap("📅 When is ending it free?")
    person.say("15/03/2023")  # over two years back: still a contract start
    assert "more than six months old" in person.last["text"]
    person.tap("📅 When is ending it free?")
    person.say("/letter")  # the date question is left for the letter
    person.say("Jan Peeters")
    assert "could not read that date" not in person.last["text"]
    assert "address" in person.last["text"].lower()


def test_changing_the_answers_drops_the_old_cards_reminders(
    quick_bot: BotProcess, person: Person
) -> None:
    person.say("/start plan_prepaid_orange_alive")
    person.tap("⏰ Remind me to top up")
    person.tap("Today")
    assert {s for _, _, s, _, _ in rows(quick_bot, person.user_id)} == {"pending"}
    person.say("/status")  # the plan, with its « Back
    person.tap("« Back")
    person.tap("End the number")
    assert {s for _, _, s, _, _ in rows(quick_bot, person.user_id)} == {"cancelled"}
