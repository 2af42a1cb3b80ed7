"""Chatting with the real bot without Telegram: the bot process (`python -m bot run`) pointed
at the local Bot API server on 127.0.0.1, and a `Person` who types and taps like a Telegram
user. Used by the end-to-end tests and by `python -m bot preview`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from devtools.localapi import LocalBotApi

ROOT = Path(__file__).resolve().parent.parent

SHARE = "share:"  # how buttons() shows a switch_inline_query button
QUIET = 0.3  # seconds without a new call for that chat: the bot has finished answering


class BotProcess:
    """`python -m bot run` as its own process, pointed at the local server."""

    def __init__(self, api: LocalBotApi, db_path: Path, log_path: Path, **env: str):
        self.api = api
        self.db_path = db_path
        self.log_path = log_path
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20.0) -> BotProcess:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": self.api.token,
            "TELEGRAM_API_BASE_URL": self.api.base_url,
            "DATABASE_PATH": str(self.db_path),
            "LOG_LEVEL": "INFO",
            **self.env,
        }
        commands_before = len(self.api.calls("setMyCommands"))
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        # Ready when it has opened its database and registered its commands (post_init);
        # polling starts right after, and updates sent meanwhile wait on the server.
        deadline = time.monotonic() + timeout
        while len(self.api.calls("setMyCommands")) < commands_before + 2:
            self._check_alive()
            if time.monotonic() > deadline:
                raise AssertionError(f"bot not ready after {timeout}s:\n{self.log()}")
            time.sleep(0.05)
        return self

    def wait_for_sweeps(self, count: int = 3, timeout: float = 15.0) -> None:
        """Wait until the reminder sweep has started `count` more times. It touches its
        heartbeat (next to the database) as it starts, and sweeps never overlap, so once a
        later one has started, every earlier one is over: what they had to send is sent."""
        path = self.db_path.parent / "heartbeat"
        seen = path.stat().st_mtime_ns if path.exists() else 0
        deadline = time.monotonic() + timeout
        while count > 0:
            self._check_alive()
            if time.monotonic() > deadline:
                raise AssertionError(f"no reminder sweep for {timeout}s:\n{self.log()}")
            now = path.stat().st_mtime_ns if path.exists() else 0
            if now != seen:
                seen, count = now, count - 1
            time.sleep(0.01)

    def _check_alive(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"bot exited with {self.proc.returncode}:\n{self.log()}")
        return True

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError(f"bot did not stop on {sig}:\n{self.log()}") from None
        return self.proc.returncode

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


class Person:
    """A Telegram user in a private chat with the bot."""

    def __init__(self, api: LocalBotApi, user_id: int, language_code: str = "en"):
        self.api = api
        self.user_id = user_id
        self.language_code = language_code

    def _calls_count(self) -> int:
        return self.api.call_count(self.user_id)

    def _settle(self, before: int, query_id: str | None = None, timeout: float = 10.0) -> None:
        """Wait for the bot's answer (new calls for this chat, or the answer to a button
        press), then for a quiet moment."""
        deadline = time.monotonic() + timeout
        self.api.wait_for(
            lambda api: (
                api.call_count(self.user_id) > before
                or (query_id is not None and bool(api.callback_answers(query_id)))
            ),
            timeout,
        )
        seen = self._calls_count()
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < QUIET:
            if time.monotonic() > deadline:
                raise AssertionError("the bot kept sending:\n" + self.api.dump())
            time.sleep(0.05)
            now = self._calls_count()
            if now != seen:
                seen, quiet_since = now, time.monotonic()

    def wait_until(self, predicate: Any, timeout: float = 20.0) -> Any:
        """Wait until `predicate(self)` is truthy (for answers that take several messages)."""
        return self.api.wait_for(lambda _api: predicate(self), timeout)

    def say(self, text: str) -> None:
        before = self._calls_count()
        self.api.send_text(self.user_id, text, language_code=self.language_code)
        self._settle(before)

    def send_update(self, update: dict[str, Any], expect_answer: bool = True) -> None:
        before = self._calls_count()
        self.api.send_update(update)
        if expect_answer:
            self._settle(before)

    def messages(self) -> list[dict[str, Any]]:
        return self.api.messages(self.user_id)

    @property
    def last(self) -> dict[str, Any]:
        return self.messages()[-1]

    def buttons(self, message: dict[str, Any] | None = None) -> list[tuple[str, str]]:
        message = message or self.last
        markup = message.get("reply_markup") or {}
        # A Share button has no callback data: it opens Telegram's chat picker.
        return [
            (b["text"], b.get("callback_data") or SHARE + b.get("switch_inline_query", ""))
            for row in markup.get("inline_keyboard", [])
            for b in row
        ]

    def _newest_button(self, label: str) -> tuple[dict[str, Any], str] | None:
        for message in reversed(self.messages()):
            for text, data in self.buttons(message):
                if label in text:
                    return message, data
        return None

    def find_button(self, label: str, timeout: float = 10.0) -> tuple[dict[str, Any], str]:
        """The newest message with a button whose label contains `label` (waiting for it,
        since an answer may still be on its way)."""
        deadline = time.monotonic() + timeout
        while (found := self._newest_button(label)) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"no button {label!r}:\n" + self.api.dump())
            time.sleep(0.05)
        return found

    def tap(self, label: str) -> str:
        """Tap a button; returns the text of the callback answer (toast), if any."""
        message, data = self.find_button(label)
        return self.tap_data(message["message_id"], data)

    def tap_data(self, message_id: int, data: str) -> str:
        before = self._calls_count()
        query_id = self.api.press(self.user_id, message_id, data, language_code=self.language_code)
        self._settle(before, query_id)
        # The press is answered in its turn: after what the user sent before it (per-user order,
        # and replies paced per chat), so wait for the answer itself.
        try:
            self.api.wait_for(lambda api: bool(api.callback_answers(query_id)), 10.0)
        except AssertionError:
            raise AssertionError("the bot did not answer the callback query") from None
        answers = self.api.callback_answers(query_id)
        return str(answers[-1].get("text") or "")

    def texts(self) -> list[str]:
        return [m.get("text", "") for m in self.messages()]
