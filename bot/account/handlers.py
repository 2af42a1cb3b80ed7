"""The account in Telegram: /help, /language, /privacy, /forget and their buttons; unknown
commands, messages that are not text, group chats, the user blocking the bot, and the daily
retention job."""

from __future__ import annotations

import html
import logging

from telegram import Bot, CallbackQuery, Update
from telegram.error import TelegramError

from bot import callbacks as cb
from bot.account import screens
from bot.flow import send_current_step
from bot.i18n import DEFAULT_LOCALE, N_, negotiate_locale, translations
from bot.replies import answer_query, edit_or_send, reply, send
from bot.screen import Screen
from bot.session import Context, Session, open_session, services

log = logging.getLogger(__name__)


async def help_command(update: Update, context: Context) -> None:
    """/help in a private chat: what the bot does and its commands."""
    session = await open_session(update, context)
    menu = session.services.features.menu()
    await send(context, session.chat_id, Screen(screens.help_text(session._, menu)))


async def language_command(update: Update, context: Context) -> None:
    """/language: the language picker."""
    session = await open_session(update, context)
    await send(context, session.chat_id, screens.language_menu(session.view))


async def privacy(update: Update, context: Context) -> None:
    """/privacy: what is stored, why, and for how long."""
    session = await open_session(update, context)
    text = screens.privacy(session.view, session.services.settings.data_retention)
    await send(context, session.chat_id, Screen(text))


async def forget_command(update: Update, context: Context) -> None:
    """/forget: delete every row about the user, after a confirmation."""
    session = await open_session(update, context)
    await send(context, session.chat_id, screens.confirm_forget(session.view))


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have: say so and show the help."""
    session = await open_session(update, context)
    _ = session._
    menu = session.services.features.menu()
    text = _("I don't know that command.") + "\n\n" + screens.help_text(_, menu)
    await send(context, session.chat_id, Screen(text))


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice, locations…: only text and buttons are understood."""
    session = await open_session(update, context)
    lead = session._("I can only read text and button presses. Here is where you are:")
    await send_current_step(context, session, lead)


async def in_group(update: Update, context: Context) -> None:
    """/start or /help in a group: the bot works in private chats only."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return
    locale = negotiate_locale(user.language_code) if user else DEFAULT_LOCALE
    _ = translations(locale).gettext
    link = f"https://t.me/{context.bot.username}"
    text = _(
        "I help each person privately, so that nobody else sees your plan. "
        'Please <a href="{link}">open a private chat with me</a>.'
    ).format(link=html.escape(link, quote=True))
    await reply(message, text)


async def membership_changed(update: Update, context: Context) -> None:
    """The user blocked (or unblocked) the bot in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    if change.new_chat_member.status in ("kicked", "left"):
        await services(context).user_blocked(change.from_user.id)


SLOW_DOWN = N_(
    "You are sending messages faster than I can read them, so I skip the next ones for a few "
    "seconds. Then I answer again; your progress is saved."
)


async def slow_down(bot: Bot, update: Update) -> None:
    """Said once when a user's flood of updates starts being dropped (bot/updates.py); in
    Telegram's language for them, since nothing about them is loaded for a dropped update."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or chat.type != "private":
        return
    _ = translations(negotiate_locale(user.language_code if user else None)).gettext
    try:
        await bot.send_message(chat.id, _(SLOW_DOWN))
    except TelegramError as exc:
        log.info("could not ask user to slow down: %s", type(exc).__name__)


async def delete_inactive_users(context: Context) -> None:
    """Daily: users silent for longer than DATA_RETENTION are deleted."""
    svc = services(context)
    deleted = await svc.users.delete_inactive(svc.clock() - svc.settings.data_retention)
    if deleted:
        log.info("deleted %s inactive user(s)", deleted)


# buttons


async def forget_yes(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await session.services.forget_user(session.user_id)
    await answer_query(query)
    await edit_or_send(query, context, Screen(session._(screens.FORGOTTEN)))


async def forget_no(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    await answer_query(query)
    await edit_or_send(query, context, Screen(session._("OK, nothing was deleted.")))


async def language_menu(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    """🌐 Language under the first question."""
    await answer_query(query)
    await edit_or_send(query, context, screens.language_menu(session.view))


async def language(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A language of the picker: from now on, and where the user was, in that language."""
    await session.set_locale(a.value)
    await answer_query(query)
    await edit_or_send(query, context, Screen(session._("Language: English")))
    await send_current_step(context, session)
