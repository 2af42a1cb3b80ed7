"""Real traffic: Telegram errors injected through the local server, admin commands,
/privacy, health check, JSON logs and webhook mode — through the real bot process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from devtools.devchat import BotProcess, Person
from devtools.localapi import DROP, ThreadedLocalBotApi
from tests.conftest import ROOT
from tests.e2e.steps import send_cancellation_today


def test_flood_and_server_errors_lose_nothing(fresh_bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    api = fresh_bot.api
    api.fail_next("deleteWebhook", 502, "Bad Gateway")  # a failed call at start is retried
    fresh_bot.start()
    person = make_person("en")
    person.say("/start")
    # 429: the rate limiter waits retry_after and sends again.
    api.fail_next("editMessageText", 429, chat_id=person.user_id, retry_after=1)
    person.tap("Prepaid")
    person.wait_until(lambda p: "Which operator" in p.last["text"])
    # 5xx on an answer: the user is told, the step was saved, and the next tap works.
    api.fail_next("editMessageText", 500, "Internal Server Error", chat_id=person.user_id)
    person.tap("BASE")
    person.wait_until(lambda p: "something went wrong" in p.last["text"])
    with sqlite3.connect(fresh_bot.db_path) as db:
        assert db.execute(
            "SELECT state, operator FROM journeys WHERE user_id = ?", (person.user_id,)
        ).fetchone() == ("intent", "base")
    person.say("/status")
    person.tap("End the number")
    person.wait_until(lambda p: p.find_button("⬜ 1."))
    assert not [
        c
        for c in api.calls("sendMessage", person.user_id)
        if "Traceback" in c.params.get("text", "")
    ]


def test_blocked_user_is_marked_inactive(bot: BotProcess, person: Person) -> None:
    person.say("/start")
    bot.api.fail_next("sendMessage", 403, chat_id=person.user_id)
    bot.api.send_text(person.user_id, "/help")
    bot.api.wait_for(lambda a: any(c.status == 403 for c in a.calls("sendMessage", person.user_id)))

    def inactive(_: object) -> bool:
        with sqlite3.connect(bot.db_path) as db:
            return db.execute(
                "SELECT active FROM users WHERE user_id = ?", (person.user_id,)
            ).fetchone() == (0,)

    bot.api.wait_for(inactive)
    person.say("/status")  # writing again makes them active again
    assert not inactive(None)


def test_privacy_in_chinese(bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hans")
    person.say("/privacy")
    assert "不保存" in person.last["text"] and "12个月" in person.last["text"]


def test_admin_stats_and_reload_keep_good_content(tmp_path: Path) -> None:
    content = shutil.copytree(ROOT / "conversations", tmp_path / "conversations")
    # A server of its own: this module's shared bot must not take these updates.
    with ThreadedLocalBotApi() as api:
        admin_stats_and_reload(api, content, tmp_path)


def admin_stats_and_reload(api: ThreadedLocalBotApi, content: Path, tmp_path: Path) -> None:
    bot = BotProcess(
        api,
        tmp_path / "db.sqlite3",
        tmp_path / "log",
        ADMIN_USER_IDS="4242",
        CONTENT_DIR=str(content),
        LOG_FORMAT="json",
    ).start()
    try:
        admin, visitor = Person(api, 4242), Person(api, 4343)
        visitor.say("/stats")
        assert "I don't know that command" in visitor.last["text"]
        admin.say("/start")
        admin.tap("Prepaid")
        admin.say("/stats")
        assert "Users</b>: 2" in admin.last["text"] and "prepaid 1" in admin.last["text"]
        plan = content / "plan.yaml"
        good = plan.read_text(encoding="utf-8")
        plan.write_text(good.replace("phase: before", "phase: beforehand", 1), encoding="utf-8")
        admin.say("/reload")
        assert "NOT reloaded" in admin.last["text"] and "plan.yaml: items[0]" in admin.last["text"]
        admin.say("/status")  # still answering with the previous content
        assert "Which operator" in admin.last["text"]
        plan.write_text(good, encoding="utf-8")
        admin.say("/reload")
        assert "Content reloaded" in admin.last["text"]
    finally:
        bot.stop()
    lines = [line for line in bot.log().splitlines() if line.strip()]
    assert lines and all(json.loads(line)["level"] for line in lines)
    assert api.token not in bot.log()


def test_healthcheck_follows_the_heartbeat(bot: BotProcess, tmp_path: Path) -> None:
    def check(db: Path) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DATABASE_PATH": str(db)}
        return subprocess.run(
            [sys.executable, "-m", "bot", "healthcheck"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    bot.api.wait_for(lambda a: (bot.db_path.parent / "heartbeat").exists())
    assert check(bot.db_path).returncode == 0
    missing = check(tmp_path / "nothing" / "db.sqlite3")
    assert missing.returncode == 1 and "unhealthy" in missing.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_webhook_mode_checks_the_secret(tmp_path: Path) -> None:
    with ThreadedLocalBotApi() as api:
        webhook_mode(api, tmp_path)


def webhook_mode(api: ThreadedLocalBotApi, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    bot = BotProcess(
        api,
        tmp_path / "db.sqlite3",
        tmp_path / "log",
        WEBHOOK_URL=url,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET="s3cret-Token",
    )
    bot.start()
    try:
        # setWebhook comes after the commands are registered: wait for the call itself.
        api.wait_for(lambda a: a.calls("setWebhook"))
        assert api.webhook["url"] == url and api.webhook["secret_token"] == "s3cret-Token"
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                "chat": {"id": 777, "type": "private"},
                "from": {"id": 777, "is_bot": False, "first_name": "W", "language_code": "en"},
            },
        }
        body = json.dumps(update).encode()

        def post(headers: dict[str, str]) -> int:
            request = urllib.request.Request(
                url, body, {"Content-Type": "application/json", **headers}
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return int(response.status)
            except urllib.error.HTTPError as error:
                return int(error.code)

        assert post({}) == 403
        assert post({"X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 403
        assert api.messages(777) == []
        assert post({"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token"}) == 200
        api.wait_for(lambda a: a.messages(777))
        assert "Which card" in api.messages(777)[0]["text"]
    finally:
        bot.stop()


def test_dropped_connection_and_slow_answers(tmp_path: Path) -> None:
    # Every Bot API answer takes 0.3 s, and one call loses its connection.
    with ThreadedLocalBotApi(delay_seconds=0.3) as api:
        bot = BotProcess(api, tmp_path / "db.sqlite3", tmp_path / "log").start()
        try:
            person = Person(api, 5151)
            person.say("/start")
            api.fail_next("editMessageText", DROP, chat_id=person.user_id)
            person.tap("SIM with a monthly plan")
            person.wait_until(lambda p: "something went wrong" in p.last["text"])
            person.say("/status")  # the answer was saved before the reply was lost
            assert "Which operator" in person.last["text"]
            person.tap("Proximus")
            person.tap("End the number")
            person.wait_until(lambda p: p.find_button("⬜ 1."))
            sent = [c for c in api.calls("sendMessage", person.user_id) if c.status == 200]
            texts = [c.params["text"] for c in sent]
            assert len(texts) == len(set(texts))  # nothing was sent twice
        finally:
            bot.stop()


def test_a_group_that_forbids_the_bot_does_not_mark_the_user_blocked(
    bot: BotProcess, person: Person
) -> None:
    send_cancellation_today(person)  # a pending follow-up: what blocking the bot would cancel
    group = -4242
    bot.api.fail_next("sendMessage", 403, "Forbidden: bot was kicked", chat_id=group)
    bot.api.send_text(person.user_id, "/start", chat_id=group)
    bot.api.wait_for(lambda a: any(c.status == 403 for c in a.calls("sendMessage", group)))
    person.say("/help")  # handled after the group's update and its error (same user, in order)
    with sqlite3.connect(bot.db_path) as db:
        states = db.execute(
            "SELECT state FROM reminders WHERE user_id = ?", (person.user_id,)
        ).fetchall()
    assert states == [("pending",)]


def test_the_apology_is_in_the_language_the_user_picked(bot: BotProcess, make_person) -> None:  # type: ignore[no-untyped-def]
    person = make_person("zh-hans")
    person.say("/language")
    person.tap("English")
    person.say("/start")
    bot.api.fail_next("editMessageText", 500, "Internal Server Error", chat_id=person.user_id)
    person.tap("Prepaid")
    person.wait_until(lambda p: "something went wrong" in p.last["text"])


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_while_polling_exits_cleanly(fresh_bot: BotProcess, person: Person, sig) -> None:  # type: ignore[no-untyped-def]
    fresh_bot.start()
    person.say("/start")  # it is polling and answering
    started = time.monotonic()
    assert fresh_bot.stop(sig) == 0
    assert time.monotonic() - started < 5
    log = fresh_bot.log()
    assert "Traceback" not in log and "Unclosed" not in log
