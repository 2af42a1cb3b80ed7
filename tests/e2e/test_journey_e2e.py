"""Whole journeys through the real bot process and the local Bot API server."""

from __future__ import annotations

import re
import sqlite3

from bot.features import FEATURES
from devtools.devchat import BotProcess, Person
from devtools.localapi import scope_key
from tests.conftest import STICKER


def progress_line(person: Person) -> tuple[int, int]:
    for text in reversed(person.texts()):
        found = re.search(r"(\d+) of (\d+) steps done|已完成 (\d+)/(\d+) 步", text)
        if found:
            groups = [g for g in found.groups() if g is not None]
            return int(groups[0]), int(groups[1])
    raise AssertionError("no plan shown")


def test_prepaid_proximus_end_number_ticks_survive_a_restart(
    fresh_bot: BotProcess, make_person
) -> None:  # type: ignore[no-untyped-def]
    fresh_bot.start()
    en, zh = make_person("en"), make_person("zh-hans")
    for person, card, operator, intent in (
        (en, "Prepaid", "Proximus", "End the number"),
        (zh, "预付卡", "Proximus", "不要这个号码"),
    ):
        person.say("/start")
        assert person.buttons(), "the first question has buttons"
        person.tap(card)
        person.tap(operator)
        person.tap(intent)
        done, total = progress_line(person)
        assert (done, total) == (0, total) and total >= 4
        person.tap("⬜ 1.")
        assert person.tap("⬜ 2.") == "✅"
        assert progress_line(person)[0] == 2
    assert "你的计划" in zh.last["text"] or any("你的计划" in t for t in zh.texts())

    fresh_bot.stop()
    fresh_bot.start()
    for person in (en, zh):
        person.say("/status")
        assert progress_line(person)[0] == 2
        labels = [label for label, _ in person.buttons()]
        assert any(
            label.startswith("✅ 1.")
            for label in labels
            + [lbl for m in person.messages()[-10:] for lbl, _ in person.buttons(m)]
        )
    assert "Your plan" in "\n".join(en.texts()[-10:])
    # The token never reaches the log.
    assert fresh_bot.api.token not in fresh_bot.log()


def test_position_survives_a_restart_mid_journey(fresh_bot: BotProcess, person: Person) -> None:
    fresh_bot.start()
    person.say("/start")
    person.tap("SIM with a monthly plan")
    question = person.last
    assert "Which operator" in question["text"]
    fresh_bot.kill()  # no clean shutdown
    fresh_bot.start()
    # The old operator buttons still work: the position was stored before the bot answered.
    _, data = person.find_button("Orange")
    person.tap_data(question["message_id"], data)
    assert "What do you want to do with this number" in person.last["text"]
    before = len(person.messages())
    person.tap("Keep the number")
    person.wait_until(lambda p: any("Your plan" in t for t in p.texts()[before:]))


def test_back_and_start_over(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    person.tap("eSIM")
    assert "How do you pay" in person.last["text"]
    person.tap("Monthly bill")
    assert "Which operator" in person.last["text"]
    person.tap("« Back")
    assert "How do you pay" in person.last["text"]
    person.tap("« Back")
    assert "Which card" in person.last["text"]
    person.tap("Data-only")
    person.tap("I top it up")
    person.tap("BASE")
    person.tap("« Back")
    person.tap("↺ Start over")
    assert "Start over?" in person.last["text"]
    person.tap("Yes, start over")
    assert "Which card" in person.last["text"]


def test_not_sure_helpers_lead_to_an_answer(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    person.tap("Not sure")
    assert "Which of these sounds like your card" in person.last["text"]
    person.tap("I top up credit myself")
    assert "Which operator" in person.last["text"]
    person.tap("How do I find out?")
    assert "four places" in person.last["text"]
    person.tap("Telenet")
    assert "What do you want to do with this number" in person.last["text"]


def test_forged_and_stale_buttons_get_a_polite_answer(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    question = person.last
    for forged in ("garbage", "1:a:card:no-such-card", "1:t:1:codes", "0:a:card:plan", "x" * 64):
        toast = person.tap_data(question["message_id"], forged)
        assert "expired" in toast
        assert "Which card" in person.last["text"] and person.buttons()
    person.tap("SIM with a monthly plan")
    # A card button of the question that was answered meanwhile is stale now.
    toast = person.tap_data(question["message_id"], "1:a:card:prepaid")
    assert "expired" in toast
    assert "Which operator" in person.last["text"]


def test_text_instead_of_a_button_reprompts(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    person.say("hello? <b>what</b> is this 😅")  # states no card, operator or intent
    assert "Please answer with one of the buttons" in person.last["text"]
    assert person.buttons()
    person.say("x" * 4096)
    assert "Please answer with one of the buttons" in person.last["text"]


def test_old_plan_buttons_expire_after_start_over(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    person.tap("SIM with a monthly plan")
    person.tap("BASE")
    person.tap("End the number")
    plan_message, tick = person.find_button("⬜ 1.")
    person.tap("⬜ 1.")
    person.say("/restart")
    assert "your ticked step will be cleared" in person.last["text"]
    person.tap("Yes, start over")
    toast = person.tap_data(plan_message["message_id"], tick)
    assert "expired" in toast
    assert "Which card" in person.last["text"]


def test_language_switch_and_unknown_command(bot: BotProcess, person: Person) -> None:
    person.say("/nonsense")
    assert "I don't know that command" in person.last["text"] and "/status" in person.last["text"]
    person.say("/language")
    person.tap("繁體中文")
    assert any("語言：繁體中文" in t for t in person.texts()[-3:])
    assert "你要停用哪種卡" in person.last["text"]
    person.say("/help")
    assert "清單" in person.last["text"]


def test_groups_get_a_link_and_nothing_else(bot: BotProcess, person: Person) -> None:
    group = -5005
    api = bot.api
    api.send_text(person.user_id, "/start", chat_id=group)
    api.wait_for(lambda a: a.messages(group))
    assert "https://t.me/simexit_test_bot" in api.messages(group)[-1]["text"]
    api.send_text(person.user_id, "hello group", chat_id=group)
    api.send_text(person.user_id, "/status", chat_id=group)
    person.say("/help")  # processed after the group messages (same user, in order)
    assert len(api.messages(group)) == 1


def test_stickers_and_edits_are_handled_safely(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    sticker = {
        "message": {
            "message_id": 77,
            "date": 0,
            "chat": {"id": person.user_id, "type": "private"},
            "from": {"id": person.user_id, "is_bot": False, "first_name": "T"},
            "sticker": STICKER,
        }
    }
    person.send_update(sticker)
    assert "only read text" in person.last["text"] and person.buttons()
    count = len(person.messages())
    edited = {"edited_message": {**sticker["message"], "text": "edited", "edit_date": 1}}
    del edited["edited_message"]["sticker"]
    person.send_update(edited, expect_answer=False)
    person.say("/status")
    assert len(person.messages()) == count + 1  # only the /status answer


def test_commands_are_registered_for_each_language(bot: BotProcess) -> None:
    commands = bot.api.commands()
    default = [c["command"] for c in next(v for (s, lang), v in commands.items() if lang == "")]
    zh = next(v for (s, lang), v in commands.items() if lang == "zh")
    assert default == [name for name, _ in FEATURES.menu()]
    assert {"start", "status", "faq", "letter", "reminders", "forget", "privacy"} <= set(default)
    assert [c["command"] for c in zh] == default
    assert "计划" in zh[0]["description"]
    assert {scope for scope, _ in commands} == {scope_key({"type": "all_private_chats"})}
    profile = bot.api.profile()
    assert "step by step" in profile[("description", "")]
    assert len(profile[("description", "")]) <= 512
    assert "比利时" in profile[("description", "zh")]
    assert 0 < len(profile[("short_description", "zh")]) <= 120


def test_everything_is_in_sqlite(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    person.tap("Prepaid")
    with sqlite3.connect(bot.db_path) as db:
        row = db.execute(
            "SELECT state, card, billing FROM journeys WHERE user_id = ?", (person.user_id,)
        ).fetchone()
    assert row == ("operator", "prepaid", "prepaid")


def test_a_tick_on_a_later_page_updates_the_count_on_the_first(
    bot: BotProcess, person: Person
) -> None:
    person.say("/start")
    person.tap("SIM with a monthly plan")
    person.tap("Orange")
    person.tap("End the number")
    person.wait_until(lambda p: p.find_button("« Back"))
    pages = [m for m in person.messages() if m.get("text", "").startswith("(")]
    first, last = pages[0], pages[-1]
    assert first["text"].startswith("(1/") and "0 of " in first["text"]
    label = next(text for text, _ in person.buttons(last) if text.startswith("⬜"))
    assert person.tap(label) == "✅"
    person.wait_until(
        lambda p: (
            "1 of "
            in next(m for m in p.messages() if m["message_id"] == first["message_id"])["text"]
        )
    )
    redrawn = next(m for m in person.messages() if m["message_id"] == last["message_id"])
    assert any(text.startswith("✅") for text, _ in person.buttons(redrawn))
