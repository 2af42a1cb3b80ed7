"""The one error handler: log the failure with the update's id and kind (never its text), and
tell the user their progress is saved."""

from __future__ import annotations

import logging

from telegram import Update, User
from telegram.error import Forbidden, TelegramError

from bot.i18n import negotiate_locale, translations, user_locale
from bot.session import Context, services

log = logging.getLogger(__name__)

UPDATE_KINDS = (
    "message",
    "callback_query",
    "edited_message",
    "inline_query",
    "my_chat_member",
    "channel_post",
)


async def locale_of(context: Context, user: User | None) -> str:
    """The language the user chose or was given; Telegram's when the database cannot say."""
    if user is None:
        return negotiate_locale(None)
    try:
        stored = await services(context).users.get(user.id)
    except Exception:  # the database may be what failed
        stored = None
    return user_locale(stored.locale if stored else None, user.language_code)


async def on_error(update: object, context: Context) -> None:
    error = context.error
    kind = "unknown"
    update_id = None
    if isinstance(update, Update):
        update_id = update.update_id
        kind = next((name for name in UPDATE_KINDS if getattr(update, name, None)), "other")
    if isinstance(error, Forbidden):
        chat = update.effective_chat if isinstance(update, Update) else None
        user = update.effective_user if isinstance(update, Update) else None
        if chat is not None and chat.type == "private" and user is not None:
            # The user blocked the bot: nothing can reach them; stop reminding them.
            log.info("update %s (%s): the user blocked the bot", update_id, kind)
            await services(context).user_blocked(user.id)
        else:  # a group removed the bot or took its right to write: that is not the user
            log.info("update %s (%s): not allowed to write to that chat", update_id, kind)
        return
    log.error("error while handling update %s (%s)", update_id, kind, exc_info=error)
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or chat.type != "private":
        return
    _ = translations(await locale_of(context, user)).gettext
    try:
        if update.callback_query:
            await update.callback_query.answer()
        await context.bot.send_message(
            chat.id,
            _(
                "Sorry, something went wrong on my side. Your progress is saved; "
                "please try again, or send /status."
            ),
        )
    except TelegramError:
        log.warning("could not tell the user of update %s about the error", update_id)
