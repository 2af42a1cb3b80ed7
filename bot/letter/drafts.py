"""Unfinished letters, in memory only (never in the database): what the user typed so far,
dropped when the letter is sent or cancelled, on /forget and /restart, or after half an hour."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

DRAFT_TTL = 1800.0  # seconds an unfinished letter is kept
STEPS = ("name", "address", "customer", "phone", "date", "lang")
# Steps the user may skip (the letter then leaves that line out).
OPTIONAL = frozenset({"address", "customer"})


@dataclass
class Draft:
    operator_id: str
    step: str = "name"
    touched: float = field(default_factory=time.monotonic)
    name: str = ""
    address: str | None = None
    customer: str | None = None
    phone: str = ""
    end_date: dt.date | None = None


class Drafts:
    """The unfinished letter of each user; expired ones are dropped on every look."""

    def __init__(self, ttl: float = DRAFT_TTL, clock: Callable[[], float] = time.monotonic):
        self._ttl = ttl
        self._clock = clock
        self._by_user: dict[int, Draft] = {}

    def get(self, user_id: int) -> Draft | None:
        now = self._clock()
        for expired in [u for u, d in self._by_user.items() if now - d.touched > self._ttl]:
            del self._by_user[expired]
        draft = self._by_user.get(user_id)
        if draft is not None:
            draft.touched = now
        return draft

    def start(self, user_id: int, operator_id: str) -> Draft:
        draft = Draft(operator_id, touched=self._clock())
        self._by_user[user_id] = draft
        return draft

    def forget(self, user_id: int) -> None:
        self._by_user.pop(user_id, None)

    def __len__(self) -> int:
        return len(self._by_user)
