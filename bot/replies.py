"""Showing a `Screen` in Telegram: send it, edit the message a button belongs to, answer a
button press — each tolerant of the harmless errors (a double tap, a late answer)."""

from __future__ import annotations

import logging

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
)
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import callbacks as cb
from bot.i18n import N_
from bot.ratelimit import BROADCAST
from bot.screen import Screen

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

HARMLESS_QUERY_ERRORS = ("query is too old", "query id is invalid")
EXPIRED = N_("This button has expired. Here is where you are now.")


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


async def send(context: Context, chat_id: int, screen: Screen, broadcast: bool = False) -> Message:
    """Send a screen; `broadcast` for what the bot starts itself (a reminder), which shares
    the overall flood budget (bot/ratelimit.py) — a reply to the user does not."""
    if broadcast:
        # The default context types the bot as ExtBot[None]; ours has a rate limiter.
        return await context.bot.send_message(
            chat_id,
            screen.text,
            reply_markup=markup(screen),
            rate_limit_args=BROADCAST,  # type: ignore[arg-type]
        )
    return await context.bot.send_message(chat_id, screen.text, reply_markup=markup(screen))


async def edit(context: Context, chat_id: int, message_id: int, screen: Screen) -> None:
    """Redraw a message the bot sent earlier (e.g. the plan's first page); one that is gone or
    unchanged is left as it is."""
    try:
        await context.bot.edit_message_text(
            screen.text, chat_id=chat_id, message_id=message_id, reply_markup=markup(screen)
        )
    except BadRequest as exc:
        text = str(exc).lower()
        if not any(s in text for s in ("not modified", "not found", "can't be edited")):
            raise


async def send_file(context: Context, chat_id: int, data: bytes, filename: str) -> Message:
    """Send a document (the letter's PDF)."""
    return await context.bot.send_document(chat_id, InputFile(data, filename=filename))


async def reply(message: Message, text: str) -> Message:
    """Answer a message where no user session is opened (a group, an admin command)."""
    return await message.reply_text(text)


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
