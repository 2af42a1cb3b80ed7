"""Unfinished letters, in memory only (never in the database): what the user typed so far,
dropped when the letter is sent or cancelled, on /forget and /restart, or after half an hour."""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
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
    """The unfinished letter of each user. Drafts are kept in the order they were last
    touched, so dropping the expired ones looks only at those (the oldest first): O(1) per
    look, however many letters are being written."""

    def __init__(self, ttl: float = DRAFT_TTL, clock: Callable[[], float] = time.monotonic):
        self._ttl = ttl
        self._clock = clock
        self._by_user: OrderedDict[int, Draft] = OrderedDict()

    def _expire(self, now: float) -> None:
        while self._by_user:
            oldest = next(iter(self._by_user.values()))
            if now - oldest.touched <= self._ttl:
                return
            self._by_user.popitem(last=False)

    def get(self, user_id: int) -> Draft | None:
        now = self._clock()
        self._expire(now)
        draft = self._by_user.get(user_id)
        if draft is not None:
            draft.touched = now
            self._by_user.move_to_end(user_id)
        return draft

    def start(self, user_id: int, operator_id: str) -> Draft:
        now = self._clock()
        self._expire(now)
        draft = Draft(operator_id, touched=now)
        self._by_user[user_id] = draft
        self._by_user.move_to_end(user_id)
        return draft

    def forget(self, user_id: int) -> None:
        self._by_user.pop(user_id, None)

    def __len__(self) -> int:
        return len(self._by_user)
