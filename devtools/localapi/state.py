"""The local Bot API server's state — updates waiting, chats and their messages, calls,
answers, commands, files — and the small helpers that change it (all under one lock)."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import threading
from collections.abc import Callable
from typing import Any

from aiohttp import web

from devtools.localapi.protocol import BOT_ID, JSON, Call, Fault


class ServerState:
    def __init__(self, host: str, port: int, token: str, bot_username: str, delay_seconds: float):
        self.host, self.port, self.token = host, port, token
        self.bot_username, self.delay_seconds = bot_username, delay_seconds
        self.webhook: JSON = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._version = 0
        self._updates: list[JSON] = []
        self._next_update_id = 1
        self._next_query_id = 1
        self._last_message_id: dict[int, int] = {}
        self._messages: dict[int, dict[int, JSON]] = {}
        self._names: dict[int, str] = {}
        self._calls: list[Call] = []
        self._calls_per_chat: dict[Any, int] = {}
        # Called on the server's loop after each recorded call (benchmarks wait on it).
        self.on_call: Callable[[Call], None] | None = None
        self._faults: list[Fault] = []
        self._answers: dict[str, list[JSON]] = {}  # callback and inline query id -> answers
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._profile: dict[tuple[str, str], str] = {}  # (field, language_code) -> text
        self._files: dict[str, bytes] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._closing = False
        self._loop_thread: int | None = None
        # Bot API method names, case-insensitively, from the _api_<method> handlers below.

    def _touch(self) -> None:
        self._version += 1
        self._changed.notify_all()

    def _wake(self) -> None:
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # loop already closed
                loop.call_soon_threadsafe(self._rotate_wakeup)

    def _rotate_wakeup(self) -> None:
        old, self._wakeup = self._wakeup, asyncio.Event()
        if old is not None:
            old.set()

    def _enqueue(self, update: JSON) -> JSON:
        update_id = update.setdefault("update_id", self._next_update_id)
        self._next_update_id = max(self._next_update_id, update_id + 1)
        for kind in ("callback_query", "inline_query"):
            if isinstance(update.get(kind), dict) and "id" in update[kind]:
                self._answers.setdefault(str(update[kind]["id"]), [])
        self._updates.append(update)
        self._touch()
        return copy.deepcopy(update)

    def _new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _user(self, user_id: int, language_code: str) -> JSON:
        name = self._names.get(user_id, "Test")
        return {"id": user_id, "is_bot": False, "first_name": name, "language_code": language_code}

    def _chat(self, chat_id: int) -> JSON:
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}
        return {"id": chat_id, "type": "private", "first_name": self._names.get(chat_id, "Test")}

    def _bot_user(self) -> JSON:
        return dict(id=BOT_ID, is_bot=True, first_name="SIM Exit", username=self.bot_username)
