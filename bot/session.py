"""One update's view of its user — locale, journey, a renderer in their language — opened by
every handler with `open_session`."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import negotiate_locale, translations, valid_locale
from bot.journey import rules as j
from bot.screen import View
from bot.services import Services

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


def services(context: Context) -> Services:
    svc: Services = context.application.bot_data["services"]
    return svc


@dataclass
class Session:
    user_id: int
    chat_id: int
    locale: str
    progress: j.Progress
    view: View
    services: Services

    def _(self, message: str) -> str:
        return self.view._(message)

    async def save(self, progress: j.Progress) -> None:
        """Commit the new progress before anything is shown to the user; then the features
        that follow the journey (bot/feature.py: on_progress) see the change."""
        before = self.progress
        await self.services.journeys.save(self.user_id, progress, before=before)
        self.progress = progress
        if (progress.ticks, progress.answers) != (before.ticks, before.answers):
            for hook in self.services.features.progress_hooks():
                await hook(self, before, progress)

    async def set_locale(self, locale: str) -> None:
        await self.services.users.set_locale(self.user_id, locale)
        self.locale = locale
        self.view = View(self.services.content, translations(locale), locale)


async def open_session(update: Update, context: Context) -> Session:
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    svc = services(context)
    stored, loaded = await svc.users.open(user.id, negotiate_locale(user.language_code))
    locale = valid_locale(stored.locale)
    progress = j.sanitize(loaded or j.Progress(), svc.content, svc.features.questions)
    if loaded is not None and progress != loaded:
        log.info("journey of an update %s reset to a valid state", update.update_id)
        await svc.journeys.save(user.id, progress, before=loaded)
    view = View(svc.content, translations(locale), locale)
    return Session(user.id, chat.id, locale, progress, view, svc)
