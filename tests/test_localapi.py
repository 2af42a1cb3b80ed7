"""End-to-end tests of bot.localapi, driven by python-telegram-bot's own client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import threading
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from devtools.localapi import BOT_ID, LocalBotApi, ThreadedLocalBotApi, scope_key

USER = 4242
GROUP = -100123
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Yes", callback_data="yes"),
            InlineKeyboardButton("No", callback_data="no"),
        ]
    ]
)


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    server = LocalBotApi()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(api: LocalBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url) as client:
        yield client


async def test_get_me(api: LocalBotApi, bot: Bot) -> None:
    assert api.base_url == f"http://127.0.0.1:{api.port}/bot" and api.port > 0
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.first_name, me.username) == (
        BOT_ID,
        True,
        "SIM Exit",
        "simexit_test_bot",
    )
    assert me.can_join_groups and me.supports_inline_queries


async def test_send_message_with_inline_keyboard(api: LocalBotApi, bot: Bot) -> None:
    first = await bot.send_message(
        USER, "Hello <b>Ann</b>", parse_mode="HTML", reply_markup=KEYBOARD
    )
    second = await bot.send_message(USER, "Second")
    in_group = await bot.send_message(GROUP, "Hi all")

    assert (first.message_id, second.message_id, in_group.message_id) == (1, 2, 1)
    assert first.chat.type == "private" and in_group.chat.type == "group"
    assert first.from_user is not None and first.from_user.id == BOT_ID
    assert first.reply_markup == KEYBOARD
    stored = api.messages(USER)
    assert [m["text"] for m in stored] == ["Hello <b>Ann</b>", "Second"]
    assert stored[0]["reply_markup"] == KEYBOARD.to_dict()
    assert "reply_markup" not in stored[1]
    assert [method for method, _ in api.sent(USER)] == ["sendMessage", "sendMessage"]
    assert api.sent(USER)[0][1]["parse_mode"] == "HTML"


async def test_html_is_refused_as_telegram_refuses_it(api: LocalBotApi, bot: Bot) -> None:
    ok = "<b>1.</b> Step <blockquote expandable>Why, and its <a href='https://x.be'>source</a></blockquote>"
    assert (await bot.send_message(USER, ok, parse_mode="HTML")).text == ok
    for bad in ("<p>paragraph</p>", "<b>open", "<b><i>crossed</b></i>", "<a onclick='x'>a</a>"):
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(USER, bad, parse_mode="HTML")
    nested = "<blockquote>a <blockquote>b</blockquote></blockquote>"
    with pytest.raises(BadRequest, match=r"(?i)nested blockquote"):
        await bot.send_message(USER, nested, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)too many entities"):
        await bot.send_message(USER, "<b>x</b>" * 101, parse_mode="HTML")
    assert (await bot.send_message(USER, "<p>plain text</p>")).text == "<p>plain text</p>"


async def test_edit_message_text_not_modified(api: LocalBotApi, bot: Bot) -> None:
    sent = await bot.send_message(USER, "v1", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text("v2", USER, sent.message_id, reply_markup=KEYBOARD)
    assert isinstance(edited, type(sent)) and edited.text == "v2"
    assert api.messages(USER)[0]["text"] == "v2"

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("v2", USER, sent.message_id, reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=KEYBOARD)

    # Same text without a keyboard is a change: Telegram removes the keyboard.
    await bot.edit_message_text("v2", USER, sent.message_id)
    assert "reply_markup" not in api.messages(USER)[0]
    assert [call.status for call in api.calls("editMessageText")] == [200, 400, 200]


async def test_edit_or_delete_unknown_message(api: LocalBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", USER, 99)
    sent = await bot.send_message(USER, "bye")
    assert await bot.delete_message(USER, sent.message_id)
    assert api.messages(USER) == []
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(USER, sent.message_id)


async def test_get_updates_long_poll_and_offset() -> None:
    # Server in its own thread: updates injected from this thread must wake the long poll.
    with ThreadedLocalBotApi() as api:
        async with Bot(api.token, base_url=api.base_url) as bot:
            started = time.monotonic()
            poll = asyncio.create_task(bot.get_updates(timeout=5))
            await asyncio.sleep(0.3)
            assert not poll.done()
            injected = api.send_text(USER, "/start promo", language_code="nl", first_name="Ann")
            updates = await asyncio.wait_for(poll, 3)
            assert time.monotonic() - started < 4

            assert len(updates) == 1 and isinstance(updates[0], Update)
            update = updates[0]
            assert update.update_id == injected["update_id"]
            assert update.message is not None and update.message.text == "/start promo"
            assert update.message.from_user is not None
            assert update.message.from_user.language_code == "nl"
            assert update.message.from_user.first_name == "Ann"
            assert update.message.chat.type == "private"
            entity = update.message.entities[0]
            assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 6)

            # Not confirmed yet: delivered again until an offset moves past it.
            assert api.pending_updates() == 1
            again = await bot.get_updates(timeout=5)
            assert [u.update_id for u in again] == [update.update_id]
            assert await bot.get_updates(offset=update.update_id + 1) == ()
            assert api.pending_updates() == 0

            # Pending updates are returned at once, honouring limit.
            api.send_text(USER, "one")
            api.send_text(USER, "two", chat_id=GROUP)
            started = time.monotonic()
            batch = await bot.get_updates(offset=update.update_id + 1, limit=1, timeout=5)
            assert time.monotonic() - started < 2
            assert [u.message.text for u in batch if u.message] == ["one"]
            rest = await bot.get_updates(offset=batch[0].update_id + 1)
            assert rest[0].message is not None and rest[0].message.chat.type == "group"

            # Nothing pending: the poll waits for its timeout.
            started = time.monotonic()
            assert await bot.get_updates(offset=rest[0].update_id + 1, timeout=1) == ()
            assert time.monotonic() - started >= 0.9


async def test_callback_press(api: LocalBotApi, bot: Bot) -> None:
    sent = await bot.send_message(USER, "Pick one", reply_markup=KEYBOARD)
    query_id = api.press(USER, sent.message_id, "yes", language_code="fr")

    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None and query.id == query_id and query.data == "yes"
    assert query.from_user.language_code == "fr"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert query.message.reply_markup == KEYBOARD  # type: ignore[union-attr]

    assert await bot.answer_callback_query(query_id, text="Saved", show_alert=True)
    assert api.callback_answers(query_id) == [{"text": "Saved", "show_alert": True}]
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("unknown")
    with pytest.raises(KeyError):
        api.press(USER, 999, "yes")


async def test_fail_next_forbidden(api: LocalBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", 403, chat_id=USER)
    await bot.send_message(USER + 1, "other chat is unaffected")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "hello")
    await bot.send_message(USER, "only the next call fails")
    assert [call.status for call in api.calls("sendMessage", USER)] == [403, 200]
    assert [m["text"] for m in api.messages(USER)] == ["only the next call fails"]


async def test_fail_next_retry_after(
    api: LocalBotApi, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # retry_after as timedelta, no deprecation warning
    api.fail_next("SENDMESSAGE", 429, retry_after=1, times=2)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER, "flood")
        assert caught.value.retry_after == dtm.timedelta(seconds=1)
    await bot.send_message(USER, "fine again")


async def test_commands_per_scope_and_language(api: LocalBotApi, bot: Bot) -> None:
    zh = [BotCommand("start", "开始"), BotCommand("help", "帮助")]
    assert await bot.set_my_commands(zh, language_code="zh")
    private = BotCommandScopeAllPrivateChats()
    assert await bot.set_my_commands([BotCommand("start", "Start")], scope=private)

    assert api.commands() == {
        (scope_key(None), "zh"): [c.to_dict() for c in zh],
        (scope_key(private.to_dict()), ""): [{"command": "start", "description": "Start"}],
    }
    assert await bot.get_my_commands(language_code="zh") == tuple(zh)
    assert await bot.get_my_commands() == ()
    assert await bot.delete_my_commands(language_code="zh")
    assert (scope_key(None), "zh") not in api.commands()


async def test_send_document_upload(api: LocalBotApi, bot: Bot) -> None:
    sent = await bot.send_document(
        USER, b"letter body", filename="letter.txt", caption="Your letter", reply_markup=KEYBOARD
    )
    assert sent.document is not None and sent.document.file_name == "letter.txt"
    assert api.file_bytes(sent.document.file_id) == b"letter body"
    (stored,) = api.messages(USER)
    assert stored["caption"] == "Your letter" and stored["reply_markup"] == KEYBOARD.to_dict()
    assert await bot.send_chat_action(USER, "typing")


async def test_delay_seconds_adds_latency() -> None:
    server = LocalBotApi(delay_seconds=0.2)
    await server.start()
    try:
        async with Bot(server.token, base_url=server.base_url) as bot:
            started = time.monotonic()
            await bot.get_me()
            assert time.monotonic() - started >= 0.2
    finally:
        await server.stop()


async def test_raw_protocol(api: LocalBotApi) -> None:
    url = f"{api.base_url}{api.token}"
    async with httpx.AsyncClient() as client:
        # JSON body, case-insensitive method name.
        answer = await client.post(f"{url}/SENDMESSAGE", json={"chat_id": 5, "text": "123"})
        assert answer.json()["ok"] is True and answer.json()["result"]["text"] == "123"
        # Form fields: text stays a string, other fields are JSON-decoded.
        answer = await client.post(f"{url}/sendMessage", data={"chat_id": "5", "text": "true"})
        assert answer.json()["result"]["text"] == "true"
        assert answer.json()["result"]["chat"]["id"] == 5

        answer = await client.post(f"{url}/sendTelepathy", data={})
        assert answer.status_code == 404
        assert answer.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        answer = await client.post(f"{api.base_url}999:WRONG/getMe")
        assert answer.status_code == 401 and answer.json()["ok"] is False
    assert [method for method, _ in api.sent()] == ["sendMessage", "sendMessage", "sendTelepathy"]
    with pytest.raises(RuntimeError, match="wait_for_async"):
        api.wait_for(lambda server: True)  # would deadlock the loop the server runs on


def test_threaded_server_sync_helpers() -> None:
    with ThreadedLocalBotApi(bot_username="other_bot") as api:
        assert api.send_text(USER, "hi", chat_id=GROUP)["message"]["chat"]["type"] == "group"

        def client() -> None:
            time.sleep(0.2)
            httpx.post(
                f"{api.base_url}{api.token}/sendMessage", data={"chat_id": GROUP, "text": "x"}
            )

        threading.Thread(target=client, daemon=True).start()
        (call,) = api.wait_for_calls("sendMessage", chat_id=GROUP, count=1, timeout=5)
        assert call.params == {"chat_id": GROUP, "text": "x"} and call.status == 200
        assert api.messages(GROUP)[0]["from"]["username"] == "other_bot"
        with pytest.raises(AssertionError, match="sendMessage"):
            api.wait_for(lambda server: server.messages(USER), timeout=0.2)


async def test_application_polling_round_trip(api: LocalBotApi) -> None:
    async def start(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.effective_user is not None
        await update.message.reply_text(
            f"Hi {update.effective_user.first_name}", reply_markup=KEYBOARD
        )

    async def button(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("ok")
        await query.edit_message_text(f"You chose {query.data}")

    app = Application.builder().token(api.token).base_url(api.base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(button))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        api.send_text(USER, "/start", first_name="Ann")
        (reply,) = await api.wait_for_async(lambda server: server.messages(USER))
        assert reply["text"] == "Hi Ann" and reply["reply_markup"] == KEYBOARD.to_dict()

        query_id = api.press(USER, reply["message_id"], "yes")
        await api.wait_for_async(lambda s: s.messages(USER)[0]["text"] == "You chose yes")
        assert api.callback_answers(query_id) == [{"text": "ok"}]
        await app.updater.stop()
        await app.stop()
    assert api.pending_updates() == 0
