"""The Bot API methods the local server implements, as `_api_<method>` handlers."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import time

from devtools.localapi.protocol import (
    JSON,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    TAG,
    ApiError,
    Upload,
    check_html,
    scope_key,
    utf16_len,
)
from devtools.localapi.state import ServerState


class BotApiMethods(ServerState):
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

    _api_close = _api_logOut

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

    def _api_setMyDescription(self, params: JSON) -> bool:
        self._profile[("description", str(params.get("language_code") or ""))] = str(
            params.get("description") or ""
        )
        return True

    def _api_setMyShortDescription(self, params: JSON) -> bool:
        self._profile[("short_description", str(params.get("language_code") or ""))] = str(
            params.get("short_description") or ""
        )
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
            check_html(text)
            visible = html.unescape(TAG.sub("", text))
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(visible) > 4096:
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
