"""Per-user order, cross-user concurrency and per-user flood control: the update processor the
Application runs with.

Updates of one user (or chat) are handled one at a time, in the order they arrived; different
users are handled concurrently, at most `max_concurrent` at once. `concurrent_updates(True)`
would let two taps of one user race on their journey.

PTB's `BaseUpdateProcessor.process_update` (final) takes its own semaphore before calling
`do_process_update`; a per-user lock taken inside would let one user's queued updates hold
global slots while they wait for their own lock, so one user sending hundreds of messages
would stall everyone. So PTB's semaphore is made too large to bind, and the slot is taken
here *after* the user's lock: a user's backlog waits on that user's lock alone.

Flood control: each user may send a burst of FLOOD_BURST updates, then FLOOD_RATE a second.
Beyond that an update is dropped without any work (no database, no reply), and the first one
dropped calls `on_flood` once — the bot says "slow down" — until the user's allowance is full
again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.request import Backlog

UNBOUNDED = 2**31 - 1  # PTB's own semaphore: never the limit (see the module docstring)
FLOOD_BURST = 20  # updates a user may send at once…
FLOOD_RATE = 1.0  # …then this many a second
MAX_BUCKETS = 10_000  # beyond this, allowances that are full again are forgotten


def user_key(update: object) -> int:
    """Whose turn an update waits for: its user, else its chat, else one shared key."""
    if isinstance(update, Update):
        if update.effective_user:
            return update.effective_user.id
        if update.effective_chat:
            return update.effective_chat.id
    return 0


@dataclass
class _Allowance:
    tokens: float
    at: float
    warned: bool = False


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent: int = 256,
        backlog: Backlog | None = None,
        burst: int = FLOOD_BURST,
        rate: float = FLOOD_RATE,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(UNBOUNDED)
        self.slots = asyncio.Semaphore(max_concurrent)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._backlog = backlog
        self._burst, self._rate, self._clock = float(burst), rate, clock
        self._allowances: dict[int, _Allowance] = {}
        # Called (not awaited) with the first update dropped in a flood; set by the app.
        self.on_flood: Callable[[Update], object] | None = None
        self.dropped = 0

    @property
    def users_waiting(self) -> int:
        """Users with at least one update being handled or queued (their locks are kept)."""
        return len(self._locks)

    def _admit(self, key: int) -> tuple[bool, bool]:
        """(handle it?, first one dropped in this flood?) for an update of this user."""
        if not key:
            return True, False  # updates of no user (e.g. a channel post) are not counted
        now = self._clock()
        allowance = self._allowances.get(key)
        if allowance is None:
            if len(self._allowances) >= MAX_BUCKETS:
                self._forget_full(now)
            allowance = self._allowances[key] = _Allowance(self._burst, now)
        allowance.tokens = min(self._burst, allowance.tokens + (now - allowance.at) * self._rate)
        allowance.at = now
        if allowance.tokens >= self._burst:
            allowance.warned = False  # calm again: a new flood gets a new warning
        if allowance.tokens >= 1:
            allowance.tokens -= 1
            return True, False
        first = not allowance.warned
        allowance.warned = True
        return False, first

    def _forget_full(self, now: float) -> None:
        full_after = self._burst / self._rate
        for key, allowance in list(self._allowances.items()):
            if now - allowance.at >= full_after:
                del self._allowances[key]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = user_key(update)
        admitted, first_dropped = self._admit(key)
        if not admitted:
            self.dropped += 1
            if isinstance(coroutine, Coroutine):
                coroutine.close()  # never started: no work at all
            if first_dropped and self.on_flood is not None and isinstance(update, Update):
                self.on_flood(update)
            if self._backlog is not None:
                self._backlog.done()
            return
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
