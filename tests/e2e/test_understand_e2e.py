"""Typed messages and plan links through the real bot: the 📋 button leads to the plan asking
only what the message did not say."""

from __future__ import annotations

import datetime as dt
import sqlite3
from zoneinfo import ZoneInfo

import pytest

from devtools.devchat import BotProcess, Person

PLAN = ("Your plan", "你的计划", "你的計畫")
CARD_Q = ("Which card", "你要停用哪种卡", "你要停用哪種卡")
OPERATOR_Q = ("Which operator", "这张卡是哪家运营商的", "這張卡是哪家電信業者的")
INTENT_Q = (
    "What do you want to do with this number",
    "这个号码你打算怎么处理",
    "這個號碼你打算怎麼處理",
)


def shown(person: Person, words: tuple[str, ...], last: int = 4) -> bool:
    return any(w in t for t in person.texts()[-last:] for w in words)


def plan_button(person: Person) -> tuple[dict, str]:  # type: ignore[type-arg]
    message, data = person.find_button("📋")
    (first, *_), *_ = message["reply_markup"]["inline_keyboard"]
    assert first["text"].startswith("📋"), "the reply leads with the 📋 button"
    return message, data


def journey_row(bot: BotProcess, user_id: int) -> tuple:  # type: ignore[type-arg]
    with sqlite3.connect(bot.db_path) as conn:
        return conn.execute(
            "SELECT state, card, billing, operator, intent FROM journeys WHERE user_id = ?",
            (user_id,),
        ).fetchone()


@pytest.mark.parametrize(
    ("language", "text", "label"),
    [
        ("zh-hans", "digi 的月租 想退掉", "📋 我的计划：📄 月租卡 · Digi · ⛔ 不要这个号码了"),
        (
            "zh-hant",
            "Orange 的儲值卡 要註銷",
            "📋 我的計畫：💳 預付卡 · Orange · ⛔ 不要這個門號了",
        ),
        ("en", "how can I stop my orange pay as you go card", "📋 My plan: 💳 prepaid card"),
    ],
)
def test_a_message_that_says_everything_goes_straight_to_the_plan(
    bot: BotProcess, make_person, language: str, text: str, label: str
) -> None:  # type: ignore[no-untyped-def]
    person = make_person(language)
    person.say(text)
    message, data = plan_button(person)
    assert person.buttons(message)[0][0].startswith(label)
    assert journey_row(bot, person.user_id) is None  # free text alone changes nothing
    person.tap_data(message["message_id"], data)
    assert shown(person, PLAN)
    assert not shown(person, CARD_Q + OPERATOR_Q + INTENT_Q)


@pytest.mark.parametrize(
    ("language", "text", "card", "operator"),
    [
        ("zh-hans", "想把号码转到别家", "预付卡", "Orange"),
        ("zh-hant", "想把門號帶走換到別家", "預付卡", "Orange"),
        ("en", "I want to move my number to another operator", "Prepaid", "Orange"),
    ],
)
def test_only_the_missing_questions_are_asked(
    bot: BotProcess, make_person, language: str, text: str, card: str, operator: str
) -> None:  # type: ignore[no-untyped-def]
    person = make_person(language)
    person.say(text)
    message, data = plan_button(person)
    person.tap_data(message["message_id"], data)
    assert shown(person, CARD_Q, last=1)
    person.tap(card)
    assert shown(person, OPERATOR_Q, last=1)
    person.tap(operator)
    assert shown(person, PLAN)  # the intent (keep) was in the message: not asked
    assert journey_row(bot, person.user_id) == ("plan", "prepaid", "prepaid", "orange", "keep")


def test_a_question_that_names_an_operator_gets_its_answer_with_the_button(
    bot: BotProcess, make_person
) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hans")
    person.say("Lycamobile 余额可以转到新卡吗")
    message, _ = plan_button(person)
    labels = [label for label, _ in person.buttons(message)]
    assert labels[0] == "📋 计划：Lycamobile"
    assert any("余额" in label for label in labels[1:])  # the FAQ results come with it
    person.say("Orange 预付卡余额能退吗")  # a clear answer: its text, then the 📋 line
    assert "余额" in person.last["text"] and "📋" in person.last["text"]
    assert any("👍" in label for label, _ in person.buttons())


def test_a_plan_in_progress_is_replaced_only_once_confirmed(
    bot: BotProcess, person: Person
) -> None:
    person.say("/start plan_prepaid_orange_end")
    assert shown(person, PLAN)
    before = journey_row(bot, person.user_id)
    person.say("my Digi contract, how do I cancel it")
    assert "starts a new plan" in person.last["text"]
    person.tap("📋")
    assert "Change the card, operator of your plan?" in person.last["text"]
    assert journey_row(bot, person.user_id) == before  # nothing lost before the answer
    person.tap("No, keep my progress")
    assert journey_row(bot, person.user_id) == before
    message, data = plan_button(person)
    person.tap_data(message["message_id"], data)
    person.tap("Yes, change it")
    assert shown(person, PLAN)
    assert journey_row(bot, person.user_id) == ("plan", "plan", "plan", "digi", "end")


def test_an_old_yes_does_not_replace_a_plan_made_since(bot: BotProcess, person: Person) -> None:
    person.say("/start plan_prepaid_orange_end")
    person.say("my Digi contract, how do I cancel it")
    message, data = plan_button(person)
    person.tap_data(message["message_id"], data)
    confirm, yes = person.find_button("Yes, change it")
    person.tap("No, keep my progress")
    person.say("/restart")
    person.tap("Yes, start over")
    person.say("/start plan_prepaid_base_keep")  # another plan since
    assert journey_row(bot, person.user_id) == ("plan", "prepaid", "prepaid", "base", "keep")
    person.tap_data(confirm["message_id"], yes)
    assert "of your plan?" in person.last["text"]  # asked again, not replaced
    assert journey_row(bot, person.user_id) == ("plan", "prepaid", "prepaid", "base", "keep")


def test_prepaid_said_of_a_data_card_answers_its_billing(bot: BotProcess, person: Person) -> None:
    person.say("/start plan_data_base")
    assert "How do you pay" in person.last["text"]
    person.say("prepaid")
    message, data = plan_button(person)
    assert "new plan" not in message["text"]
    person.tap_data(message["message_id"], data)
    assert journey_row(bot, person.user_id)[:3] == ("intent", "data", "prepaid")


def test_plan_links(bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    full = make_person("en")
    full.say("/start plan_esim-prepaid_mobile-vikings_keep")
    assert shown(full, PLAN)
    assert journey_row(bot, full.user_id) == ("plan", "esim", "prepaid", "mobile-vikings", "keep")

    partial = make_person("en")
    partial.say("/start plan_orange")
    assert shown(partial, CARD_Q, last=1)
    assert journey_row(bot, partial.user_id)[3] == "orange"

    for payload in ("plan_zzz_nope", "plan_", "zzz", "plan_" + "x" * 80):
        forged = make_person("en")
        forged.say(f"/start {payload}")
        assert shown(forged, CARD_Q, last=1)  # the normal greeting and first question
        assert journey_row(bot, forged.user_id) is None


def test_forged_plan_buttons_are_expired(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    question = person.last
    for data in ("1:p:zzz", "1:py:nope_nada", "1:p:"):
        assert "expired" in person.tap_data(question["message_id"], data)
    assert journey_row(bot, person.user_id) is None or journey_row(bot, person.user_id)[1] is None


def test_nothing_understood_is_answered_as_before(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    person.say("hello there")
    assert "Please answer with one of the buttons below." in person.last["text"]
    assert not any(label.startswith("📋") for label, _ in person.buttons())


def test_a_correction_changes_just_that_answer(bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hans")
    person.say("/start plan_prepaid_orange_end")
    person.say("不是预付卡，是月租的")
    message, data = plan_button(person)
    person.tap_data(message["message_id"], data)
    assert "要修改你计划里的卡的类型吗" in person.last["text"]
    assert journey_row(bot, person.user_id) == ("plan", "prepaid", "prepaid", "orange", "end")
    person.tap("是的，修改")
    assert shown(person, ("你的计划",))
    assert journey_row(bot, person.user_id) == ("plan", "plan", "plan", "orange", "end")


def test_the_day_a_message_says_the_user_leaves_comes_with_the_plan(
    bot: BotProcess, person: Person
) -> None:
    person.say("I fly home in 10 days, how do I cancel my Proximus prepaid?")
    message, data = plan_button(person)
    day = dt.datetime.now(ZoneInfo("Europe/Brussels")).date() + dt.timedelta(days=10)
    assert "as the day you leave Belgium" in message["text"]
    person.tap_data(message["message_id"], data)
    assert shown(person, PLAN)
    with sqlite3.connect(bot.db_path) as conn:
        (stored,) = conn.execute(
            "SELECT day FROM leaving WHERE user_id = ?", (person.user_id,)
        ).fetchone()
    assert stored == day.isoformat()
    assert any(str(day.day) in t and "leave" in t for t in person.texts()[-4:])
