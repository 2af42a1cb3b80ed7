"""The local Bot API server's vocabulary: errors, recorded calls, uploads, injected faults."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, TypeVar

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
PLAIN = frozenset({
    "text", "parse_mode", "caption", "url", "language_code", "secret_token", "description",
    "short_description", "callback_query_id", "inline_query_id", "inline_message_id", "next_offset",
})  # fmt: skip
COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]+)?")
TAG = re.compile(r"<[^>]*>")


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
class Fault:
    """What the next matching calls get: an error instead of being handled, or (error None)
    handled as usual with the answer held back for ``late`` seconds."""

    method: str
    error: ApiError | None
    chat_id: int | str | None
    times: int
    late: float = 0.0
    text: str | None = None  # only calls whose text contains this

    def matches(self, method: str, params: JSON) -> bool:
        return (
            self.method == method.lower()
            and self.chat_id in (None, params.get("chat_id"))
            and (self.text is None or self.text in str(params.get("text", "")))
        )


# Telegram's HTML parse mode: these tags only (with these attributes), properly nested.
HTML_TAGS = {
    "b": set(), "strong": set(), "i": set(), "em": set(), "u": set(), "ins": set(),
    "s": set(), "strike": set(), "del": set(), "tg-spoiler": set(), "span": {"class"},
    "a": {"href"}, "code": {"class"}, "pre": set(), "blockquote": {"expandable"},
    "tg-emoji": {"emoji-id"},
}  # fmt: skip
MAX_ENTITIES = 100


class _StrictHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.entities = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = HTML_TAGS.get(tag)
        if allowed is None:
            raise ApiError(
                400, f'Bad Request: can\'t parse entities: unsupported start tag "{tag}"'
            )
        if any(name not in allowed for name, _ in attrs):
            raise ApiError(400, f'Bad Request: can\'t parse entities: bad attribute in "{tag}"')
        if tag == "blockquote" and "blockquote" in self.open:
            raise ApiError(400, "Bad Request: can't parse entities: nested blockquote")
        self.open.append(tag)
        self.entities += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            raise ApiError(400, f'Bad Request: can\'t parse entities: unmatched end tag "{tag}"')
        self.open.pop()


def check_html(text: str) -> None:
    """Refuse what Telegram's HTML parse mode refuses: unknown tags or attributes, tags not
    closed in order, nested blockquotes, more than MAX_ENTITIES entities."""
    parser = _StrictHtml()
    parser.feed(text)
    parser.close()
    if parser.open:
        raise ApiError(400, f'Bad Request: can\'t parse entities: unclosed "{parser.open[-1]}"')
    if parser.entities > MAX_ENTITIES:
        raise ApiError(400, "Bad Request: too many entities")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_field(name: str, value: str | bytes) -> Any:
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode()
    if name in PLAIN or name.startswith("switch_inline_query"):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def read_params(request: web.Request) -> JSON:
    params: JSON = {key: parse_field(key, value) for key, value in request.query.items()}
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
                params[key] = parse_field(
                    key, bytes(value) if isinstance(value, bytearray) else value
                )
    for key, value in list(params.items()):  # resolve "attach://<part>" references
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value.removeprefix("attach://"), value)
    return params


def scope_key(scope: JSON | None) -> str:
    """Canonical key of a BotCommandScope, e.g. ``'{"type":"default"}'``."""
    return json.dumps(scope or {"type": "default"}, sort_keys=True, separators=(",", ":"))
