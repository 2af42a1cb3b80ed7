"""What every handler needs: the bot's services, the user's session (locale, progress, view)
and safe ways to send or edit a screen."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import callbacks as cb
from bot.config import Settings
from bot.content.models import Content
from bot.domain import journey as j
from bot.domain.faq import FaqIndex
from bot.i18n import N_, negotiate_locale, translations, valid_locale
from bot.render import Screen, View
from bot.storage import Storage

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


@dataclass
class Services:
    """Long-lived objects shared by all handlers (kept in application.bot_data)."""

    settings: Settings
    storage: Storage
    content: Content
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))

    def replace_content(self, content: Content) -> None:
        """Use newly loaded content from now on (and rebuild the FAQ index for it)."""
        self.content = content
        self.__dict__.pop("faq", None)

    @cached_property
    def faq(self) -> FaqIndex:
        """The search index of this content (built once, on first use)."""
        return FaqIndex(self.content.faq)


def services(context: Context) -> Services:
    svc: Services = context.application.bot_data["services"]
    return svc


@dataclass
class Session:
    """One update's view of its user: locale, journey, and a renderer in their language."""

    user_id: int
    chat_id: int
    locale: str
    progress: j.Progress
    view: View
    services: Services

    def _(self, message: str) -> str:
        return self.view._(message)

    async def save(self, progress: j.Progress) -> None:
        """Commit the new progress before anything is shown to the user."""
        await self.services.storage.save_progress(self.user_id, progress, before=self.progress)
        self.progress = progress

    async def set_locale(self, locale: str) -> None:
        await self.services.storage.set_locale(self.user_id, locale)
        self.locale = locale
        self.view = View(self.services.content, translations(locale), locale)


async def open_session(update: Update, context: Context) -> Session:
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    svc = services(context)
    stored, loaded = await svc.storage.open_user(user.id, negotiate_locale(user.language_code))
    locale = valid_locale(stored.locale)
    progress = j.sanitize(loaded or j.Progress(), svc.content)
    if loaded is not None and progress != loaded:
        log.info("journey of an update %s reset to a valid state", update.update_id)
        await svc.storage.save_progress(user.id, progress, before=loaded)
    view = View(svc.content, translations(locale), locale)
    return Session(user.id, chat.id, locale, progress, view, svc)


def markup(screen: Screen) -> InlineKeyboardMarkup | None:
    if not screen.keyboard:
        return None
    return InlineKeyboardMarkup(
        [[button(label, data) for label, data in row] for row in screen.keyboard]
    )


def button(label: str, data: str) -> InlineKeyboardButton:
    if data.startswith(cb.SHARE_PREFIX):  # opens the chat picker with "@bot <query>"
        return InlineKeyboardButton(label, switch_inline_query=data[len(cb.SHARE_PREFIX) :])
    return InlineKeyboardButton(label, callback_data=data)


async def send(context: Context, chat_id: int, screen: Screen) -> Message:
    return await context.bot.send_message(chat_id, screen.text, reply_markup=markup(screen))


HARMLESS_QUERY_ERRORS = ("query is too old", "query id is invalid")
EXPIRED = N_("This button has expired. Here is where you are now.")


async def answer_query(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press; one answered too late (Telegram allows ~15 s) is not an error:
    the handler goes on and the user still gets the new message."""
    try:
        await query.answer(text)
    except BadRequest as exc:
        if not any(s in str(exc).lower() for s in HARMLESS_QUERY_ERRORS):
            raise
        log.info("a button press was answered too late")


async def edit_or_send(query: CallbackQuery, context: Context, screen: Screen) -> None:
    """Edit the message the button belongs to; send a new one if it cannot be edited."""
    message = query.message
    if isinstance(message, Message):
        try:
            await query.edit_message_text(screen.text, reply_markup=markup(screen))
            return
        except BadRequest as exc:
            text = str(exc).lower()
            if "not modified" in text:
                return  # a double tap: the message already shows this
            if not any(s in text for s in ("not found", "can't be edited", "message_id_invalid")):
                raise
    chat_id = query.message.chat.id if query.message else query.from_user.id
    await send(context, chat_id, screen)
