"""The day I leave through the real bot process: the dated plan, its reminders (due, Done,
Tomorrow), ticks, not leaving, the calendar file, a restart and /forget."""

from __future__ import annotations

import datetime as dt
import html
import sqlite3
import time
from pathlib import Path

import icalendar

from bot.content.loader import load_content
from bot.dates import BRUSSELS
from bot.journey.rules import select_plan
from devtools.devchat import BotProcess, Person
from devtools.localapi import ThreadedLocalBotApi
from tests.conftest import ROOT

CONTENT = load_content(ROOT / "conversations")


def db(bot: BotProcess, sql: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(bot.db_path) as conn:
        return conn.execute(sql, args).fetchall()


def today() -> dt.date:
    return dt.datetime.now(BRUSSELS).date()


def plan_text(person: Person, since: int) -> str:
    return "\n".join(m.get("text", "") for m in person.messages()[since:])


def leave_in(person: Person, days: int) -> dt.date:
    """Tap 🗓 under the plan and type the day, as a user would."""
    person.tap("When do you leave Belgium?")
    assert "When do you leave Belgium?" in person.last["text"]
    day = today() + dt.timedelta(days=days)
    count = len(person.messages())
    person.say(f"{day.day}/{day.month}")
    person.wait_until(lambda p: any("Noted: you leave on" in t for t in p.texts()[count:]))
    person.wait_until(lambda p: p.find_button("Add to my calendar"))
    return day


def test_a_leaving_day_puts_the_plan_in_time_order_with_reminders(
    bot: BotProcess, person: Person
) -> None:
    person.say("/start")
    person.tap("Prepaid card")
    person.tap("Orange")
    person.tap("End the number")
    person.wait_until(lambda p: p.find_button("When do you leave Belgium?"))
    count = len(person.messages())
    leave = leave_in(person, 20)
    shown = plan_text(person, count)
    assert "You leave Belgium on" in shown and "<blockquote expandable>" in shown
    assert "— After you leave —" in shown or "— By " in shown
    steps = db(
        bot,
        "SELECT json_extract(payload, '$.item'), due_at FROM reminders"
        " WHERE user_id = ? AND kind = 'leaving_step' AND state = 'pending'",
        person.user_id,
    )
    items = {i.id for i in select_plan(CONTENT, "prepaid", "prepaid", "orange", "end")}
    dated = {i.id for i in CONTENT.plan if i.id in items and i.timing}
    assert steps and {item for item, _ in steps} <= dated
    for _, due in steps:  # 10:00 Brussels on a day from today to after leaving
        moment = dt.datetime.fromtimestamp(due, BRUSSELS)
        assert moment.hour == 10 and today() <= moment.date() <= leave + dt.timedelta(days=180)
    person.say("/reminders")
    assert "step: " in person.last["text"] and "(by " in person.last["text"]
    # Ticking a step drops its reminder.
    first = steps[0][0]
    title = CONTENT.item(first).title.get("en")  # type: ignore[union-attr]
    person.tap(f". {title}")
    left = db(
        bot,
        "SELECT COUNT(*) FROM reminders WHERE user_id = ? AND kind = 'leaving_step'"
        " AND state = 'pending' AND json_extract(payload, '$.item') = ?",
        person.user_id,
        first,
    )
    assert left == [(0,)]
    # 📆 the calendar file: every unticked dated step as an all-day event.
    person.tap("Add to my calendar")
    person.wait_until(lambda p: any("document" in m for m in p.messages()))
    document = next(m["document"] for m in person.messages() if "document" in m)
    assert document["file_name"].endswith(".ics")
    calendar = icalendar.Calendar.from_ical(bot.api.file_bytes(document["file_id"]))
    events = [c for c in calendar.walk("VEVENT")]
    assert events and all(isinstance(e.decoded("dtstart"), dt.date) for e in events)
    assert title not in [str(e["summary"]) for e in events]  # ticked: not in the calendar
    assert all("t.me/" in str(e["description"]) for e in events)


def test_a_due_step_reminder_done_ticks_it_and_tomorrow_moves_it(
    api: ThreadedLocalBotApi, tmp_path: Path, make_person
) -> None:  # type: ignore[no-untyped-def]
    env = {"QUIET_HOURS": "off", "REMINDER_SWEEP_SECONDS": "0.3"}
    bot = BotProcess(api, tmp_path / "db.sqlite3", tmp_path / "bot.log", **env).start()
    person = make_person("en")
    try:
        person.say("/start")
        person.tap("SIM with a monthly plan")
        person.tap("Proximus")
        person.tap("Keep the number")
        person.wait_until(lambda p: p.find_button("When do you leave Belgium?"))
        leave_in(person, 20)
        rows = db(
            bot,
            "SELECT id, json_extract(payload, '$.item') FROM reminders WHERE user_id = ?"
            " AND kind = 'leaving_step' AND state = 'pending' ORDER BY due_at",
            person.user_id,
        )
        (first_id, first_item), (second_id, _) = rows[0], rows[1]
        with sqlite3.connect(bot.db_path) as conn:  # they come due now
            conn.execute(
                "UPDATE reminders SET due_at = ? WHERE id IN (?, ?)",
                (int(time.time()) - 1, first_id, second_id),
            )
        person.wait_until(
            lambda p: sum("Time for this step" in t for t in p.texts()) == 2, timeout=15
        )
        reminders = [m for m in person.messages() if "Time for this step" in m.get("text", "")]
        title = CONTENT.item(first_item).title.get("en")  # type: ignore[union-attr]
        done = next(m for m in reminders if title in html.unescape(m["text"]))
        data = next(d for label, d in person.buttons(done) if "Done" in label)
        person.tap_data(done["message_id"], data)
        ticks = db(bot, "SELECT item_id FROM ticks WHERE user_id = ?", person.user_id)
        assert (first_item,) in ticks
        later = next(m for m in reminders if m["message_id"] != done["message_id"])
        data = next(d for label, d in person.buttons(later) if "Tomorrow" in label)
        person.tap_data(later["message_id"], data)
        ((due, state),) = db(bot, "SELECT due_at, state FROM reminders WHERE id = ?", second_id)
        tomorrow = dt.datetime.fromtimestamp(due, BRUSSELS)
        assert state == "pending" and tomorrow.date() == today() + dt.timedelta(days=1)
        assert tomorrow.hour == 10
        # A restart keeps the day, the dated plan and the reminders.
        bot.stop()
        bot.start()
        count = len(person.messages())
        person.say("/status")
        person.wait_until(lambda p: "You leave Belgium on" in plan_text(p, count))
        assert "Next:" in plan_text(person, count)
        # /forget leaves no row.
        person.say("/forget")
        person.tap("Yes, delete everything")
        for table in ("leaving", "reminders", "ticks", "journeys", "users"):
            assert db(bot, f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", person.user_id) == [
                (0,)
            ], table
    finally:
        bot.stop()


def test_not_leaving_hides_the_steps_about_leaving(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    person.tap("SIM with a monthly plan")
    person.tap("Proximus")
    person.tap("Keep the number")
    person.wait_until(lambda p: p.find_button("When do you leave Belgium?"))
    items = select_plan(CONTENT, "plan", "plan", "proximus", "keep")
    about_leaving = [i.title.get("en") for i in items if i.leaving]
    assert about_leaving, "the content marks at least one step of this plan as about leaving"
    buttons = [label for m in person.messages() for label, _ in person.buttons(m)]
    assert any(about_leaving[0] in label for label in buttons)
    person.tap("When do you leave Belgium?")
    count = len(person.messages())
    person.tap("I'm not leaving")
    person.wait_until(lambda p: any("Your plan" in t for t in p.texts()[count:]))
    later = person.messages()[count:]
    labels = [label for m in later for label, _ in person.buttons(m)]
    assert not any(title in label for title in about_leaving for label in labels)
    assert "not leaving Belgium" in plan_text(person, count)
    assert db(bot, "SELECT day FROM leaving WHERE user_id = ?", person.user_id) == [(None,)]
