"""Per-user order, cross-user concurrency: the update processor the Application runs with.

Updates of one user (or chat) are handled one at a time, in the order they arrived; different
users are handled concurrently, at most `max_concurrent` at once. `concurrent_updates(True)`
would let two taps of one user race on their journey.

PTB's `BaseUpdateProcessor.process_update` (final) takes its own semaphore before calling
`do_process_update`; a per-user lock taken inside would let one user's queued updates hold
global slots while they wait for their own lock, so one user sending hundreds of messages
would stall everyone. So PTB's semaphore is made too large to bind, and the slot is taken
here *after* the user's lock: a user's backlog waits on that user's lock alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.request import Backlog

UNBOUNDED = 2**31 - 1  # PTB's own semaphore: never the limit (see the module docstring)


def user_key(update: object) -> int:
    """Whose turn an update waits for: its user, else its chat, else one shared key."""
    if isinstance(update, Update):
        if update.effective_user:
            return update.effective_user.id
        if update.effective_chat:
            return update.effective_chat.id
    return 0


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent: int = 256, backlog: Backlog | None = None):
        super().__init__(UNBOUNDED)
        self.slots = asyncio.Semaphore(max_concurrent)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._backlog = backlog

    @property
    def users_waiting(self) -> int:
        """Users with at least one update being handled or queued (their locks are kept)."""
        return len(self._locks)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = user_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self.slots:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key]
                del self._locks[key]
            if self._backlog is not None:
                self._backlog.done()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""
