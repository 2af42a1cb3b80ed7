"""The bot's long-lived objects, shared by every handler (kept in application.bot_data): the
settings, the content, the database and the stores every feature reads (users, journeys,
reminders), the clock, and the registry of features. What a feature builds from the content
(an index) or keeps in memory (drafts) it keeps here too, by type, without this module knowing
it. What concerns a user across features (forgetting them, their blocking the bot) is done
here, in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from bot.config import Settings
from bot.content.models import Content
from bot.db import Database
from bot.journey.store import JourneyStore
from bot.reminders.store import ReminderStore
from bot.users import UserStore

if TYPE_CHECKING:
    from bot.feature import Registry

T = TypeVar("T")


@dataclass
class Services:
    settings: Settings
    db: Database
    content: Content
    features: Registry
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))

    def __post_init__(self) -> None:
        self.users = UserStore(self.db)
        self.journeys = JourneyStore(self.db)
        self.reminders = ReminderStore(self.db)
        self._of_content: dict[Callable[..., Any], Any] = {}
        self._kept: dict[Callable[..., Any], Any] = {}

    def replace_content(self, content: Content) -> None:
        """Use newly loaded content from now on (what was built from the old one goes)."""
        self.content = content
        self._of_content.clear()

    def of_content(self, build: Callable[[Content], T]) -> T:
        """What `build` makes of the current content (an index, a reader): built once, on
        first use, again after a reload. `build` must be a module-level function or class."""
        if build not in self._of_content:
            self._of_content[build] = build(self.content)
        return cast(T, self._of_content[build])

    def kept(self, build: Callable[[], T]) -> T:
        """One object for the bot's lifetime, made by `build` on first use (e.g. drafts held
        in memory)."""
        if build not in self._kept:
            self._kept[build] = build()
        return cast(T, self._kept[build])

    async def forget_user(self, user_id: int) -> None:
        """/forget: every feature forgets the user — its rows in one transaction (the user row
        last), then what is held in memory."""
        async with self.db.transaction() as tx:
            await self.reminders.forget(tx, user_id)
            for feature in self.features.features:
                if feature.forget:
                    await feature.forget(self, tx, user_id)
            await self.journeys.forget(tx, user_id)
            await self.users.forget(tx, user_id)

    async def start_over(self, user_id: int) -> None:
        """A new journey: the old one's reminders and sent date go, and what each feature
        held about it."""
        await self.reminders.cancel_all(user_id)
        await self.journeys.set_sent_on(user_id, None)
        for feature in self.features.features:
            if feature.start_over:
                await feature.start_over(self, user_id)

    async def user_blocked(self, user_id: int) -> None:
        """The user blocked the bot: inactive, and nothing more is sent to them."""
        async with self.db.transaction() as tx:
            await self.users.mark_inactive(tx, user_id)
            await self.reminders.cancel_all_in(tx, user_id)
