"""The FAQ through the real bot: browse, search, deep links, free text, votes, inline mode."""

from __future__ import annotations

import sqlite3

from devtools.devchat import BotProcess, Person


def test_browse_topics_answer_related_and_vote(bot: BotProcess, person: Person) -> None:
    person.say("/faq")
    assert "Questions people ask" in person.last["text"]
    person.tap("eSIM")
    person.tap("If I delete the eSIM, is my plan cancelled?")
    answer = person.last
    assert "Was this helpful?" in answer["text"] and "checked 2026-11-23" in answer["text"]
    labels = [label for label, _ in person.buttons()]
    related = [label for label in labels if label.startswith("↪ ")]
    assert 1 <= len(related) <= 3
    share = dict(person.buttons())["↗ Share"]
    assert share == "share:faq-esim-delete"
    assert person.tap("👍 Helpful") == "Thank you for telling me."
    person.tap(related[0])
    assert person.last["text"] != answer["text"] and "Was this helpful?" in person.last["text"]
    person.tap("« Topics")
    assert "Questions people ask" in person.last["text"]
    with sqlite3.connect(bot.db_path) as db:
        rows = db.execute(
            "SELECT entry_id, locale, vote FROM faq_votes WHERE user_id = ?", (person.user_id,)
        ).fetchall()
    assert rows == [("esim-delete", "en", 1)]


def test_search_in_chinese_english_and_nothing(bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    zh = make_person("zh-hans")
    zh.say("/faq 余额能退吗")
    assert "余额能退吗？" in zh.last["text"] and "这个回答有帮助吗" in zh.last["text"]
    hant = make_person("zh-tw")
    hant.say("/faq 註銷後還能恢復嗎")
    assert "解約後門號還能恢復嗎？" in hant.last["text"]
    en = make_person("en")
    en.say("/faq cancle prepaid")
    assert any("prepaid" in label.lower() for label, _ in en.buttons())
    en.say("/faq xyzzy plugh")
    assert "I found no answer to that" in en.last["text"] and "/start" in en.last["text"]
    assert en.buttons()  # the topics


def test_deep_link_opens_the_answer_for_a_new_user(bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hans")
    person.say("/start faq-port-first")
    assert "携号转网前，要先注销旧卡吗？" in person.last["text"]
    person.say("/start faq-no-such-entry")
    assert "你要停用哪种卡" in person.last["text"]  # an unknown payload: the normal start


def test_free_text_is_a_question_when_none_is_pending(bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hans")
    person.say("/start")
    person.say("BASE和Telenet是一家吗")  # a question is pending: answer, then ask again
    texts = person.texts()
    assert any("BASE 和 Telenet 是同一家吗？" in t for t in texts[-2:])
    assert "你要停用哪种卡" in person.last["text"]
    person.tap("预付卡")
    person.tap("BASE")
    person.tap("不要这个号码")
    person.wait_until(lambda p: p.find_button("⬜ 1."))
    person.say("eSIM删了还扣钱吗")
    shown = person.last["text"] + "".join(label for label, _ in person.buttons())
    assert "把 eSIM 删掉，是不是就等于注销了？" in shown


def test_inline_mode_returns_answers_in_the_users_language(bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hant")
    update = {
        "inline_query": {
            "id": "iq1",
            "from": {
                "id": person.user_id,
                "is_bot": False,
                "first_name": "T",
                "language_code": "zh-hant",
            },
            "query": "餘額可以退嗎",
            "offset": "",
        }
    }
    bot.api.send_update(update)
    answers = bot.api.wait_for(lambda a: a.inline_answers("iq1"))
    results = answers[0]["results"]
    assert results and results[0]["id"] == "credit"
    assert results[0]["title"] == "餘額能退嗎？"
    assert "start=faq-credit" in results[0]["input_message_content"]["message_text"]
    shared = {"inline_query": {**update["inline_query"], "id": "iq2", "query": "faq-esim-return"}}
    bot.api.send_update(shared)
    (only,) = bot.api.wait_for(lambda a: a.inline_answers("iq2"))[0]["results"]
    assert only["id"] == "esim-return"
