"""Minimal local Telegram Bot API server for end-to-end tests, offline preview and benchmarks.

Speaks the real HTTP protocol at /bot<token>/<method>, so an unmodified python-telegram-bot client
talks to it; tests inject updates and inspect what the bot did through `LocalBotApi`.
"""

from __future__ import annotations

import asyncio
import copy
import json
import socket
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any, Self

from aiohttp import web

from devtools.localapi.methods import BotApiMethods
from devtools.localapi.protocol import (
    COMMAND,
    DROP,
    JSON,
    ApiError,
    Call,
    Fault,
    T,
    read_params,
    utf16_len,
)


class LocalBotApi(BotApiMethods):
    """In-memory Bot API server; every public method is thread-safe."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = "123:TEST",
        bot_username: str = "simexit_test_bot",
        delay_seconds: float = 0.0,
    ) -> None:
        super().__init__(host, port, token, bot_username, delay_seconds)
        self._methods = {n[5:].lower(): n[5:] for n in dir(self) if n.startswith("_api_")}

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        self._loop, self._wakeup, self._closing = asyncio.get_running_loop(), asyncio.Event(), False
        self._loop_thread = threading.get_ident()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        sock = socket.create_server((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        self._closing = True
        self._wake()  # pending long polls answer [] at once instead of delaying shutdown
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def start_in_thread(self, timeout: float = 10.0) -> Self:
        """Run the server on its own event loop in a daemon thread."""
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:
                errors.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        self._thread = threading.Thread(target=run, name="local-bot-api", daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise RuntimeError("local Bot API server did not start")
        if errors:
            raise errors[0]
        return self

    def stop_thread(self, timeout: float = 10.0) -> None:
        if self._thread is None or self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        self._thread = None

    # -- injecting updates -----------------------------------------------------------------
    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        language_code: str = "en",
        first_name: str = "Test",
        chat_id: int | None = None,
    ) -> JSON:
        """Queue a text message from a user; a leading /command gets its bot_command entity."""
        chat = user_id if chat_id is None else chat_id
        with self._lock:
            self._names[user_id] = first_name
            message: JSON = {
                "message_id": self._new_message_id(chat),
                "from": self._user(user_id, language_code),
                "chat": self._chat(chat),
                "date": int(time.time()),
                "text": text,
            }
            if command := COMMAND.match(text):
                length = utf16_len(command.group())
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
            update = self._enqueue({"message": message})
        self._wake()
        return update

    def press(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        chat_id: int | None = None,
        language_code: str = "en",
    ) -> str:
        """Queue a press on an inline button of a stored bot message; returns the query id."""
        chat = user_id if chat_id is None else chat_id
        with self._lock:
            stored = self._messages.get(chat, {}).get(message_id)
            if stored is None:
                raise KeyError(f"no bot message {message_id} in chat {chat}")
            query_id = str(7_000_000_000 + self._next_query_id)
            self._next_query_id += 1
            query = {
                "id": query_id,
                "from": self._user(user_id, language_code),
                "message": copy.deepcopy(stored),
                "chat_instance": f"instance{chat}",
                "data": callback_data,
            }
            self._enqueue({"callback_query": query})
        self._wake()
        return query_id

    def send_update(self, update: JSON) -> JSON:
        """Queue any raw update; ``update_id`` is assigned unless given."""
        with self._lock:
            queued = self._enqueue(copy.deepcopy(update))
        self._wake()
        return queued

    # -- inspecting ------------------------------------------------------------------------
    def messages(self, chat_id: int) -> list[JSON]:
        """Bot messages still present in a chat, in their current (edited) state."""
        with self._lock:
            return copy.deepcopy(list(self._messages.get(chat_id, {}).values()))

    def calls(self, method: str | None = None, chat_id: int | str | None = None) -> list[Call]:
        """Every request received (unknown methods and getUpdates included), oldest first."""
        with self._lock:
            calls = list(self._calls)
        return [
            call
            for call in calls
            if (method is None or call.method.lower() == method.lower())
            and (chat_id is None or call.params.get("chat_id") == chat_id)
        ]

    def call_count(self, chat_id: int | str) -> int:
        """How many requests named this chat so far (cheap: for polling loops)."""
        with self._lock:
            return self._calls_per_chat.get(chat_id, 0)

    def sent(self, chat_id: int | str | None = None) -> list[tuple[str, JSON]]:
        return [(call.method, call.params) for call in self.calls(chat_id=chat_id)]

    def callback_answers(self, query_id: str) -> list[JSON]:
        """answerCallbackQuery (or answerInlineQuery) calls for one query id."""
        with self._lock:
            return copy.deepcopy(self._answers.get(query_id, []))

    inline_answers = callback_answers

    def commands(self) -> dict[tuple[str, str], list[JSON]]:
        """Stored command lists keyed by (`scope_key(scope)`, language_code or "")."""
        with self._lock:
            return copy.deepcopy(self._commands)

    def profile(self) -> dict[tuple[str, str], str]:
        """The bot's description and short description, keyed by (field, language_code)."""
        with self._lock:
            return dict(self._profile)

    def file_bytes(self, file_id: str) -> bytes:
        with self._lock:
            return self._files[file_id]

    def pending_updates(self) -> int:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._lock:
            return len(self._updates)

    def dump(self, last: int = 20) -> str:
        calls = [call for call in self.calls() if call.method != "getUpdates"][-last:]
        lines = [
            f"  {c.method} [{c.status}] {json.dumps(c.params, default=repr)[:300]}" for c in calls
        ]
        return f"pending updates: {self.pending_updates()}; last calls:\n" + "\n".join(lines)

    # -- waiting and fault injection -------------------------------------------------------
    def wait_for(self, predicate: Callable[[LocalBotApi], T], timeout: float = 10.0) -> T:
        """Block until ``predicate(self)`` is truthy and return it; AssertionError on timeout."""
        if threading.get_ident() == self._loop_thread:
            raise RuntimeError("wait_for would block the server's loop; use wait_for_async")
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                version = self._version
            if result := predicate(self):
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"condition not met within {timeout}s; {self.dump()}")
            with self._changed:
                self._changed.wait_for(partial(self._changed_since, version), remaining)

    def _changed_since(self, version: int) -> bool:
        return self._version != version

    async def wait_for_async(
        self, predicate: Callable[[LocalBotApi], T], timeout: float = 10.0
    ) -> T:
        """`wait_for` for code running on the server's own event loop."""
        deadline = time.monotonic() + timeout
        while not (result := predicate(self)):
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout}s; {self.dump()}")
            await asyncio.sleep(0.01)
        return result

    def wait_for_calls(
        self, method: str, chat_id: int | str | None = None, count: int = 1, timeout: float = 10.0
    ) -> list[Call]:
        def enough(api: LocalBotApi) -> list[Call]:
            found = api.calls(method, chat_id)
            return found if len(found) >= count else []

        return self.wait_for(enough, timeout)

    def fail_next(
        self,
        method: str,
        status: int,
        description: str | None = None,
        *,
        chat_id: int | str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching calls with this error instead of handling them."""
        if description is None:
            description = {
                403: "Forbidden: bot was blocked by the user",
                429: f"Too Many Requests: retry after {retry_after}",
            }.get(status, "Bad Request")
        with self._lock:
            error = ApiError(status, description, retry_after)
            self._faults.append(Fault(method.lower(), error, chat_id, times))

    def answer_late(
        self,
        method: str,
        seconds: float,
        *,
        chat_id: int | str | None = None,
        text: str | None = None,
        times: int = 1,
    ) -> None:
        """Handle the next ``times`` matching calls as usual (a message is delivered) but answer
        only after ``seconds``: a client with a shorter read timeout sees a timeout for a call
        that took effect, as when Telegram's answer is lost. ``text``: only calls whose text
        contains it."""
        with self._lock:
            self._faults.append(Fault(method.lower(), None, chat_id, times, seconds, text))

    # -- internals (callers hold the lock) -------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        at = time.time()
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        name = request.match_info["method"]
        method = self._methods.get(name.lower())
        params: JSON = {}
        late = 0.0
        try:
            params = await read_params(request)
            if method is None:
                raise ApiError(404, "Not Found")
            with self._lock:
                late = self._take_fault(method, params)
            if method == "getUpdates":  # the only handler that waits, so it takes the lock itself
                result: Any = await self._api_getUpdates(params)
            else:
                with self._lock:
                    result = getattr(self, f"_api_{method}")(params)
            body, status = {"ok": True, "result": result}, 200
        except ApiError as error:
            body, status = error.payload(), error.code
        except ValueError:  # malformed JSON body or numeric field
            body, status = ApiError(400, "Bad Request: can't parse request").payload(), 400
        with self._lock:
            self._calls.append(Call(method or name, copy.deepcopy(params), at, status))
            chat = params.get("chat_id")
            self._calls_per_chat[chat] = self._calls_per_chat.get(chat, 0) + 1
            self._touch()
            recorded = self._calls[-1]
        if self.on_call is not None:
            self.on_call(recorded)
        if self.delay_seconds + late > 0:
            await asyncio.sleep(self.delay_seconds + late)
        if status == DROP and request.transport is not None:
            request.transport.close()  # the client sees the connection drop, with no answer
        return web.json_response(body, status=status if status != DROP else 500)

    def _take_fault(self, method: str, params: JSON) -> float:
        """Raise the error a fault holds for this call; else how late to answer it."""
        for fault in self._faults:
            if fault.matches(method, params):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                error = fault.error
                if error is None:
                    return fault.late
                raise ApiError(error.code, error.description, error.retry_after)
        return 0.0


class ThreadedLocalBotApi(LocalBotApi):
    """`LocalBotApi` in a daemon thread: ``with ThreadedLocalBotApi() as api: ...``."""

    def __enter__(self) -> Self:
        return self.start_in_thread()

    def __exit__(self, *exc_info: object) -> None:
        self.stop_thread()
