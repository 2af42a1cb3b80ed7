"""/letter through the real bot: the questions, bad input, text + PDF, nothing stored."""

from __future__ import annotations

import io

import pypdf

from bot.letter import screens as letter_screens
from devtools.devchat import BotProcess, Person


def test_letter_from_the_plan_in_french(bot: BotProcess, person: Person) -> None:
    person.say("/letter")
    assert "send /start" in person.last["text"]  # no operator known yet
    person.say("/start")
    person.tap("SIM with a monthly plan")
    person.tap("Orange")
    person.tap("End the number")
    person.tap("Write my cancellation letter")
    assert "Cancellation letter" in person.last["text"] and "Step 1 of 6" in person.last["text"]
    person.say("<b>Evil</b>")
    assert "letters, spaces, hyphens" in person.last["text"]
    person.say("x" * 5000)
    assert "at most 100 characters" in person.last["text"]
    person.say("张伟")
    assert "Latin letters" in person.last["text"]
    person.say("Wei Zhang-Dupont")
    assert "Step 2 of 6" in person.last["text"] and "postal address" in person.last["text"]
    person.say("Rue <b>")
    assert "number and postcode" in person.last["text"]
    person.say("Rue Belliard 51\n1040 Etterbeek")
    assert "Step 3 of 6" in person.last["text"]
    person.tap("Skip")
    person.say("02 223 09 09")
    assert "not a Belgian mobile number" in person.last["text"]
    person.say("+32 471 98 76 54")
    person.say("1/1/2020")
    assert "has passed" in person.last["text"] or "could not read" in person.last["text"]
    person.tap("« Back")
    assert "Step 4 of 6" in person.last["text"]
    person.say("0471 98 76 54")
    person.tap("End of this month")
    person.tap("Français")
    person.wait_until(
        lambda p: "Nothing you typed for this letter is stored" in p.last.get("text", "")
    )
    messages = person.messages()
    letter = next(m for m in messages if "Objet : résiliation" in m.get("text", ""))
    assert "Orange Klantendienst, Bourgetlaan 3, 1140 Brussel" in letter["text"]
    assert "Wei Zhang-Dupont\nRue Belliard 51\n1040 Etterbeek\n0471 98 76 54" in letter["text"]
    document = next(m["document"] for m in messages if "document" in m)
    assert document["file_name"].startswith("cancellation-orange-")
    pdf = pypdf.PdfReader(io.BytesIO(bot.api.file_bytes(document["file_id"])))
    assert "Wei Zhang-Dupont" in pdf.pages[0].extract_text()
    explanation = person.last
    assert "by post to: Orange Klantendienst" in explanation["text"]
    assert "from Orange's withdrawal page" in explanation["text"]  # what the address is
    assert any("I've sent my cancellation" in label for label, _ in person.buttons(explanation))
    stored = (
        bot.db_path.read_bytes() + bot.db_path.with_name(bot.db_path.name + "-wal").read_bytes()
    )
    assert b"Zhang" not in stored and b"0471" not in stored and b"98 76 54" not in stored
    assert b"Belliard" not in stored


def test_letter_can_be_cancelled_and_then_expires(bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hans")
    person.say("/start")
    person.tap("月租卡")
    person.tap("Digi")
    person.tap("不要这个号码")
    person.say("/letter")
    person.say("Li Na")
    person.tap("✖ 取消")
    assert "已取消写信" in person.last["text"]
    # The old "Skip" button of that letter (its message was edited) is stale now.
    toast = person.tap_data(person.last["message_id"], letter_screens.SKIP.data())
    assert "过期" in toast


def test_nothing_typed_reaches_the_log_even_at_debug(api, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bot = BotProcess(api, tmp_path / "db.sqlite3", tmp_path / "bot.log", LOG_LEVEL="DEBUG").start()
    try:
        person = Person(api, 880_001, "en")
        person.say("/start")
        person.tap("SIM with a monthly plan")
        person.tap("Orange")
        person.tap("End the number")
        person.say("what about my secret question qwxz")
        person.tap("Write my cancellation letter")
        person.say("Zorba Quixotic")
        person.say("Rue Qwxzstraat 9\n1000 Brussel")
        person.tap("Skip")
        person.say("0471 55 66 77")
        person.tap("End of this month")
        person.tap("English")
        person.wait_until(lambda p: "Nothing you typed" in p.last.get("text", ""))
    finally:
        bot.stop()
    log = bot.log()
    assert "DEBUG" in log  # the level did apply
    for typed in ("qwxz", "Zorba", "Quixotic", "Qwxzstraat", "0471", "55 66 77"):
        assert typed not in log, typed


def test_forget_and_restart_drop_a_letter_half_written(bot: BotProcess, person: Person) -> None:
    for leave in ("/forget", "/restart"):
        person.say("/start")
        person.tap("SIM with a monthly plan")
        person.tap("Orange")
        person.tap("End the number")
        person.say("/letter")
        person.say("Jan Peeters")
        assert "Step 2 of 6" in person.last["text"]
        person.say(leave)
        person.tap("Yes, delete everything" if leave == "/forget" else "Yes, start over")
        # What the user types now is not taken as the letter's next answer.
        person.say("Rue Belliard 51 1040 Etterbeek")
        assert "Step 3 of 6" not in person.last["text"], leave
        toast = person.tap_data(person.messages()[-1]["message_id"], letter_screens.SKIP.data())
        assert "expired" in toast, leave


def test_a_letter_for_a_number_being_ported_warns_first(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    person.tap("SIM with a monthly plan")
    person.tap("Telenet")
    person.tap("Keep the number")
    person.wait_until(lambda p: p.find_button("⬜ 1."))
    person.say("/letter")
    assert "A port ends the old contract by itself" in person.last["text"]
    assert "Step 1 of 6" not in person.last["text"]
    count = len(person.messages())
    person.tap("Back to my plan")
    person.wait_until(lambda p: any("Your plan" in t for t in p.texts()[count:]))
    person.say("hello")  # no letter is pending: not taken as a name
    assert "Step 2 of 6" not in person.last.get("text", "")
    person.say("/letter")
    person.tap("Write it anyway")
    person.wait_until(lambda p: "Step 1 of 6" in p.last.get("text", ""))
    person.say("Wei Zhang")
    assert "Step 2 of 6" in person.last["text"]
