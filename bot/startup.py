"""Start-up as an operator meets it: nothing the process writes carries the token, and what
stops the bot before it runs is one line naming the problem (exit code 2).

`redact_output` wraps stdout, stderr and the hook for uncaught exceptions, from the moment the
token is known to the last line. `preflight` checks, before the bot starts, that the database
folder can be used and that the Bot API answers and accepts the token; a Bot API that cannot
be reached is retried with a growing pause (1 s … 60 s), each attempt said in one log line.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sqlite3
import sys
import traceback
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TextIO, TypeVar
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.config import Settings
from bot.i18n import LOCALES, MissingCatalog, translations
from bot.request import RetryingRequest

T = TypeVar("T")

log = logging.getLogger(__name__)

MAX_PAUSE = 60.0


class StartupError(Exception):
    """Why the bot cannot start, in one line for the operator (never the token)."""


def redactor(token: str) -> Callable[[str], str]:
    """Removes the token, and its secret part on its own, from a text."""
    secret = token.partition(":")[2]
    parts = [p for p in (token, secret) if len(p) >= 4]

    def redact(text: str) -> str:
        for part in parts:
            text = text.replace(part, "<token>")
        return text

    return redact


class RedactingStream:
    """A text stream that writes through `redact` (used for sys.stdout and sys.stderr)."""

    def __init__(self, stream: TextIO, redact: Callable[[str], str]):
        self._stream = stream
        self._redact = redact

    def write(self, text: str) -> int:
        self._stream.write(self._redact(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def redact_output(token: str) -> None:
    """From now on, nothing the process writes contains the token."""
    redact = redactor(token)
    if not isinstance(sys.stdout, RedactingStream):
        sys.stdout = RedactingStream(sys.stdout, redact)
    if not isinstance(sys.stderr, RedactingStream):
        sys.stderr = RedactingStream(sys.stderr, redact)

    def excepthook(
        kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        sys.stderr.write(redact(text))

    sys.excepthook = excepthook


def check_database(settings: Settings) -> None:
    path = settings.database_path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(path).close()
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise StartupError(f"cannot use the database at {path}: {reason}") from None


async def check_bot_api(
    settings: Settings, sleep: Callable[[float], object] = asyncio.sleep
) -> str:
    """The bot's username, once the Bot API answers; retried while it cannot be reached."""
    host = urlsplit(settings.api_base_url).netloc or settings.api_base_url
    pause = 1.0
    while True:
        requests = (RetryingRequest(), RetryingRequest())  # the bot's own client (aiohttp)
        bot = Bot(
            settings.token,
            base_url=settings.api_base_url,
            request=requests[0],
            get_updates_request=requests[1],
        )
        try:
            try:
                await bot.initialize()
                return bot.username
            finally:  # after a failure or a stop (a cancellation) too: no session left open
                await bot.shutdown()
                for request in requests:
                    await request.shutdown()
        except InvalidToken:
            raise StartupError(
                "the Bot API rejected TELEGRAM_BOT_TOKEN: check the token with @BotFather"
            ) from None
        except NetworkError as exc:  # TimedOut included
            log.warning(
                "cannot reach the Bot API at %s (%s); trying again in %.0f s", host, exc, pause
            )
        except TelegramError as exc:
            raise StartupError(f"the Bot API at {host} refused to start the bot: {exc}") from None
        await sleep(pause)  # type: ignore[misc]
        pause = min(pause * 2, MAX_PAUSE)


def check_catalogs() -> None:
    try:
        for locale in LOCALES:
            translations(locale)
    except MissingCatalog as exc:
        raise StartupError(str(exc)) from None


class Stopped(Exception):
    """SIGTERM or SIGINT before the bot started: a clean exit, not an error."""


async def until_stopped(work: Awaitable[T]) -> T:
    """`work`, unless SIGTERM or SIGINT comes first (then Stopped). PTB handles the signals
    itself once it runs; before that (the Bot API may be unreachable for minutes, and in a
    container the bot is PID 1, which has no default SIGTERM action) they are handled here."""
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(work)
    stops = (signal.SIGTERM, signal.SIGINT)
    for sig in stops:
        loop.add_signal_handler(sig, task.cancel)
    try:
        return await task
    except asyncio.CancelledError:
        raise Stopped from None
    finally:
        for sig in stops:
            loop.remove_signal_handler(sig)


def preflight(settings: Settings) -> None:
    """Everything that must work before the bot runs; raises StartupError otherwise, Stopped
    on SIGTERM/SIGINT."""
    check_database(settings)
    username = asyncio.run(until_stopped(check_bot_api(settings)))
    log.info(
        "the Bot API at %s accepts the token of @%s",
        urlsplit(settings.api_base_url).netloc,
        username,
    )
