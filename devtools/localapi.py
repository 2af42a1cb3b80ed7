"""Minimal local Telegram Bot API server for end-to-end tests, offline preview and benchmarks.

Speaks the real HTTP protocol at /bot<token>/<method>, so an unmodified python-telegram-bot client
talks to it; tests inject updates and inspect what the bot did through `LocalBotApi`.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Self, TypeVar

from aiohttp import web

JSON = dict[str, Any]
T = TypeVar("T")

BOT_ID = 10000
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
# Form fields kept verbatim: json.loads would turn texts such as "123" or "true" into other types.
_PLAIN = frozenset({
    "text", "parse_mode", "caption", "url", "language_code", "secret_token", "description",
    "short_description", "callback_query_id", "inline_query_id", "inline_message_id", "next_offset",
})  # fmt: skip
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]+)?")
_TAG = re.compile(r"<[^>]*>")


class ApiError(Exception):
    """An error answer, serialised exactly like Telegram's."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass(frozen=True)
class Upload:
    """A file received in a multipart request."""

    file_name: str
    mime_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Call:
    """One Bot API request as received (``at`` is its arrival ``time.time()``)."""

    method: str
    params: JSON
    at: float
    status: int


# fail_next(method, DROP): close the connection instead of answering (the call is not handled).
DROP = 0


@dataclass
class _Fault:
    method: str
    error: ApiError
    chat_id: int | str | None
    times: int


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _parse_field(name: str, value: str | bytes) -> Any:
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode()
    if name in _PLAIN or name.startswith("switch_inline_query"):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def _read_params(request: web.Request) -> JSON:
    params: JSON = {key: _parse_field(key, value) for key, value in request.query.items()}
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: JSON object expected")
        params.update(body)
    elif request.can_read_body:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                params[key] = Upload(value.filename, value.content_type, value.file.read())
            else:
                params[key] = _parse_field(
                    key, bytes(value) if isinstance(value, bytearray) else value
                )
    for key, value in list(params.items()):  # resolve "attach://<part>" references
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value.removeprefix("attach://"), value)
    return params


def scope_key(scope: JSON | None) -> str:
    """Canonical key of a BotCommandScope, e.g. ``'{"type":"default"}'``."""
    return json.dumps(scope or {"type": "default"}, sort_keys=True, separators=(",", ":"))


class LocalBotApi:
    """In-memory Bot API server; every public method is thread-safe."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = "123:TEST",
        bot_username: str = "simexit_test_bot",
        delay_seconds: float = 0.0,
    ) -> None:
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
        self._faults: list[_Fault] = []
        self._answers: dict[str, list[JSON]] = {}  # callback and inline query id -> answers
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._files: dict[str, bytes] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._closing = False
        self._loop_thread: int | None = None
        # Bot API method names, case-insensitively, from the _api_<method> handlers below.
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
            if command := _COMMAND.match(text):
                length = _utf16_len(command.group())
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
            self._faults.append(_Fault(method.lower(), error, chat_id, times))

    # -- internals (callers hold the lock) -------------------------------------------------
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

    async def _handle(self, request: web.Request) -> web.Response:
        at = time.time()
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        name = request.match_info["method"]
        method = self._methods.get(name.lower())
        params: JSON = {}
        try:
            params = await _read_params(request)
            if method is None:
                raise ApiError(404, "Not Found")
            with self._lock:
                self._take_fault(method, params)
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
        if self.delay_seconds > 0:
            await asyncio.sleep(self.delay_seconds)
        if status == DROP and request.transport is not None:
            request.transport.close()  # the client sees the connection drop, with no answer
        return web.json_response(body, status=status if status != DROP else 500)

    def _take_fault(self, method: str, params: JSON) -> None:
        for fault in self._faults:
            if fault.method == method.lower() and fault.chat_id in (None, params.get("chat_id")):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                error = fault.error
                raise ApiError(error.code, error.description, error.retry_after)

    async def _api_getUpdates(self, params: JSON) -> list[JSON]:
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        limit = min(max(limit, 1), 100)
        assert self._loop is not None
        deadline = self._loop.time() + float(params.get("timeout") or 0)
        with self._lock:
            before = len(self._updates)
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]
            if len(self._updates) != before:
                self._touch()
        while True:
            wakeup = self._wakeup
            remaining = deadline - self._loop.time()
            with self._lock:
                if self._updates or self._closing or remaining <= 0 or wakeup is None:
                    return [] if self._closing else copy.deepcopy(self._updates[:limit])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wakeup.wait(), remaining)

    # -- Bot API methods (called with the lock held) ---------------------------------------
    def _api_getMe(self, _: JSON) -> JSON:
        return self._bot_user() | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def _api_logOut(self, _: JSON) -> bool:
        return True

    _api_close = _api_setMyDescription = _api_setMyShortDescription = _api_logOut

    def _api_deleteWebhook(self, params: JSON) -> bool:
        self.webhook = {}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_setWebhook(self, params: JSON) -> bool:
        self.webhook = {k: v for k, v in params.items() if not isinstance(v, Upload)}
        return True

    def _api_getWebhookInfo(self, _: JSON) -> JSON:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _commands_key(self, params: JSON) -> tuple[str, str]:
        return scope_key(params.get("scope")), str(params.get("language_code") or "")

    def _api_setMyCommands(self, params: JSON) -> bool:
        if not isinstance(params.get("commands"), list):
            raise ApiError(400, 'Bad Request: parameter "commands" is required')
        self._commands[self._commands_key(params)] = params["commands"]
        return True

    def _api_getMyCommands(self, params: JSON) -> list[JSON]:
        return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    def _api_deleteMyCommands(self, params: JSON) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _chat_id(self, params: JSON) -> int:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            raise ApiError(400, "Bad Request: chat not found")
        return chat_id

    def _text(self, params: JSON) -> str:
        text = params.get("text")
        if not isinstance(text, str):
            raise ApiError(400, "Bad Request: message text is empty")
        visible = text
        if str(params.get("parse_mode") or "").lower() == "html":
            visible = html.unescape(_TAG.sub("", text))
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(visible) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return text

    def _store(self, chat_id: int, content: JSON, params: JSON) -> JSON:
        message: JSON = {
            "message_id": self._new_message_id(chat_id),
            "from": self._bot_user(),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            **content,
        }
        if params.get("reply_markup") is not None:
            message["reply_markup"] = params["reply_markup"]
        self._messages.setdefault(chat_id, {})[message["message_id"]] = message
        return copy.deepcopy(message)

    def _find(self, params: JSON, action: str) -> JSON:
        message_id = params.get("message_id")
        message = self._messages.get(self._chat_id(params), {}).get(
            message_id if isinstance(message_id, int) else -1
        )
        if message is None:
            raise ApiError(400, f"Bad Request: message to {action} not found")
        return message

    def _api_sendMessage(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        return self._store(chat_id, {"text": self._text(params)}, params)

    def _api_editMessageText(self, params: JSON) -> JSON | bool:
        if params.get("inline_message_id"):
            return True
        message, text = self._find(params, "edit"), self._text(params)
        if "text" not in message:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        markup = params.get("reply_markup")
        if message["text"] == text and message.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        return self._edit(message, {"text": text, "reply_markup": markup})

    def _api_editMessageReplyMarkup(self, params: JSON) -> JSON | bool:
        if params.get("inline_message_id"):
            return True
        message, markup = self._find(params, "edit"), params.get("reply_markup")
        if message.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        return self._edit(message, {"reply_markup": markup})

    def _edit(self, message: JSON, changes: JSON) -> JSON:
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)

    def _api_deleteMessage(self, params: JSON) -> bool:
        message = self._find(params, "delete")
        del self._messages[message["chat"]["id"]][message["message_id"]]
        return True

    def _api_answerCallbackQuery(self, params: JSON) -> bool:
        answers = self._answers.get(str(params.get("callback_query_id")))
        if answers is None:
            raise ApiError(400, QUERY_TOO_OLD)
        answers.append({k: v for k, v in params.items() if k != "callback_query_id"})
        return True

    def _api_answerInlineQuery(self, params: JSON) -> bool:
        answers = self._answers.get(str(params.get("inline_query_id")))
        if answers is None:
            raise ApiError(400, QUERY_TOO_OLD)
        answers.append({k: v for k, v in params.items() if k != "inline_query_id"})
        return True

    def _api_sendChatAction(self, params: JSON) -> bool:
        self._chat_id(params)
        return True

    def _api_sendDocument(self, params: JSON) -> JSON:
        chat_id, document = self._chat_id(params), params.get("document")
        if isinstance(document, Upload):
            file_id = f"BQACAgQAAx{len(self._files) + 1:06d}"
            self._files[file_id] = document.data
            info: JSON = {
                "file_id": file_id,
                "file_unique_id": f"AgAD{file_id[-6:]}",
                "file_name": document.file_name,
                "mime_type": document.mime_type,
                "file_size": len(document.data),
            }
        elif isinstance(document, str) and document:
            info = {"file_id": document, "file_unique_id": f"AgAD{document[-8:]}"}
        else:
            raise ApiError(400, "Bad Request: there is no document in the request")
        content: JSON = {"document": info}
        if params.get("caption"):
            content["caption"] = params["caption"]
        return self._store(chat_id, content, params)


class ThreadedLocalBotApi(LocalBotApi):
    """`LocalBotApi` in a daemon thread: ``with ThreadedLocalBotApi() as api: ...``."""

    def __enter__(self) -> Self:
        return self.start_in_thread()

    def __exit__(self, *exc_info: object) -> None:
        self.stop_thread()
