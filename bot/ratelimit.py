"""Telegram's flood limits, told apart: a reply is not a broadcast.

Answers to a user's own action go out at once, paced only per chat (a burst of 20, then about
one message a second: Telegram's per-chat guidance; 20 a minute in a group). Sends the bot
starts itself — reminders — pass `rate_limit_args=BROADCAST` and share the overall budget
(RATE_LIMIT_PER_SECOND, Telegram's ~30 messages a second for bulk notifications). A
RetryAfter from Telegram pauses every request until it is over, then the call is retried.
PTB's AIORateLimiter puts every call that names a chat through the overall budget, so with
200 people chatting replies queued behind each other like a broadcast (bench/RESULTS.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]
BROADCAST: JSONDict = {"broadcast": True}

CHAT_BURST = 20  # calls to one private chat at once (a plan is several), then CHAT_RATE a second
CHAT_RATE = 1.0
GROUP_PER_MINUTE = 20
MAX_LIMITERS = 1024  # per-chat limiters kept; idle ones (full again) are dropped beyond this


class ReplyFirstRateLimiter(BaseRateLimiter[JSONDict]):
    def __init__(self, broadcast_per_second: float, max_retries: int = 2):
        self._broadcast = (
            AsyncLimiter(broadcast_per_second, 1) if broadcast_per_second > 0 else None
        )
        self._paced = broadcast_per_second > 0  # 0: no pacing at all (tests, self-hosted API)
        self._chats: dict[int | str, AsyncLimiter] = {}
        self._max_retries = max_retries
        self._resume_at = 0.0  # loop time before which nothing is sent (RetryAfter)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""

    def _chat_limiter(self, chat_id: int | str) -> AsyncLimiter:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            if len(self._chats) >= MAX_LIMITERS:
                for key, old in list(self._chats.items()):
                    if old.has_capacity(old.max_rate):
                        del self._chats[key]
            group = isinstance(chat_id, str) or chat_id < 0
            limiter = (
                AsyncLimiter(GROUP_PER_MINUTE, 60)
                if group
                else AsyncLimiter(CHAT_BURST, CHAT_BURST / CHAT_RATE)
            )
            self._chats[chat_id] = limiter
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: JSONDict | None,
    ) -> Result:
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)  # type: ignore[arg-type]
        broadcast = bool(rate_limit_args and rate_limit_args.get("broadcast"))
        for attempt in range(self._max_retries + 1):
            try:
                if not self._paced or not isinstance(chat_id, int | str):
                    await self._wait_out_retry_after()
                    return await callback(*args, **kwargs)
                async with contextlib.AsyncExitStack() as stack:
                    await stack.enter_async_context(self._chat_limiter(chat_id))
                    if broadcast and self._broadcast is not None:
                        await stack.enter_async_context(self._broadcast)
                    await self._wait_out_retry_after()
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self._max_retries:
                    raise
                pause = retry_seconds(exc) + 0.1
                log.info("Telegram asked to wait %.1f s (%s); every request waits", pause, endpoint)
                loop = asyncio.get_running_loop()
                self._resume_at = max(self._resume_at, loop.time() + pause)
        raise AssertionError("unreachable")  # the loop returns or raises

    async def _wait_out_retry_after(self) -> None:
        loop = asyncio.get_running_loop()
        while (left := self._resume_at - loop.time()) > 0:
            await asyncio.sleep(left)


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait, in seconds (an int or a timedelta, by PTB version)."""
    wait = error.retry_after
    return float(wait) if isinstance(wait, int | float) else wait.total_seconds()
