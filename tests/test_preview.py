"""`python -m bot preview`: the real bot in a terminal, buttons as numbered choices."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

from devtools.devchat import BotProcess, Person
from devtools.localapi import ThreadedLocalBotApi
from devtools.preview import chat, plain
from tests.conftest import ROOT


def test_html_becomes_plain_text() -> None:
    assert (
        plain('<b>Hi</b> &amp; <a href="https://x.be/a">x.be</a>') == "Hi & x.be <https://x.be/a>"
    )


def test_a_scripted_preview_reaches_a_plan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    answers = iter(["2", "1", "99", "3", "1", "hello there", "/quit"])  # 3 = End (keep, alive, end)
    out = io.StringIO()
    with ThreadedLocalBotApi() as api:
        bot = BotProcess(api, tmp_path / "db.sqlite3", tmp_path / "log").start()
        try:
            chat(Person(api, 77, "en"), lambda _prompt: next(answers), out)
        finally:
            bot.stop()
    text = out.getvalue()
    assert "Which card do you want to stop?" in text and "[2] 💳 Prepaid card" in text
    assert "Your plan: 💳 Prepaid card (top-up) · Proximus · ⛔ End the number" in text
    assert "(choose 1–5)" in text  # 99 is not a choice on the intent question (3 intents + 2 nav)
    assert "Questions people ask" in text  # free text at the plan: the FAQ
    assert "── bot (edited) ──" in text
    edited = text.split("── bot (edited) ──", 1)[1]
    assert re.search(r"✅ \d+\.", edited)  # the tick edited the plan, shown again


def test_preview_command_runs_offline_until_quit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "preview", "--language", "zh-hans"],
        cwd=ROOT,
        env=env,
        input="1\n/quit\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "你要停用哪种卡" in result.stdout
    assert "运营商" in result.stdout  # the answer to "1" moved on to the operator question
