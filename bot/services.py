"""The bot's long-lived objects, shared by every handler (kept in application.bot_data): the
settings, the content and its FAQ index, the database and each feature's store, the letter
drafts held in memory, and the clock. What concerns a user across features (forgetting them,
their blocking the bot) is done here, in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from bot.account.store import UserStore
from bot.config import Settings
from bot.content.models import Content
from bot.db import Database
from bot.faq.search import FaqIndex
from bot.faq.store import VoteStore
from bot.journey.store import JourneyStore
from bot.letter.drafts import Drafts
from bot.reminders.store import ReminderStore
from bot.understand.rules import Reader


@dataclass
class Services:
    settings: Settings
    db: Database
    content: Content
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    letters: Drafts = field(default_factory=Drafts)

    def __post_init__(self) -> None:
        self.users = UserStore(self.db)
        self.journeys = JourneyStore(self.db)
        self.reminders = ReminderStore(self.db)
        self.votes = VoteStore(self.db)

    def replace_content(self, content: Content) -> None:
        """Use newly loaded content from now on (and rebuild its FAQ index and reader)."""
        self.content = content
        self.__dict__.pop("faq", None)
        self.__dict__.pop("reader", None)

    @cached_property
    def faq(self) -> FaqIndex:
        """The search index of this content (built once, on first use)."""
        return FaqIndex(self.content.faq)

    @cached_property
    def reader(self) -> Reader:
        """Reads typed messages with this content's vocabulary (built once, on first use)."""
        return Reader(self.content)

    async def forget_user(self, user_id: int) -> None:
        """/forget: every feature forgets the user — its rows in one transaction (the user row
        last), then what is held in memory."""
        async with self.db.transaction() as tx:
            for forget in (
                self.reminders.forget,
                self.votes.forget,
                self.journeys.forget,
                self.users.forget,
            ):
                await forget(tx, user_id)
        self.letters.forget(user_id)

    async def user_blocked(self, user_id: int) -> None:
        """The user blocked the bot: inactive, and nothing more is sent to them."""
        async with self.db.transaction() as tx:
            await self.users.mark_inactive(tx, user_id)
            await self.reminders.cancel_all_in(tx, user_id)
