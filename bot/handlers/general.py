"""Everything around the journey: /help, /language, unknown commands, other kinds of
messages, group chats, and the one error handler."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from babel.dates import format_timedelta
from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.handlers.common import Context, open_session, send, services
from bot.handlers.journey import send_current_step
from bot.i18n import BABEL_LOCALE, DEFAULT_LOCALE, N_, negotiate_locale, translations

log = logging.getLogger(__name__)

# (command, description) in menu order; descriptions are translated per menu language.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Start or continue your plan")),
    ("status", N_("Show your plan and progress")),
    ("faq", N_("Questions and answers")),
    ("letter", N_("Write a cancellation letter")),
    ("restart", N_("Start over")),
    ("reminders", N_("Your reminders")),
    ("forget", N_("Delete all your data")),
    ("language", N_("Change the language")),
    ("privacy", N_("What I store about you")),
    ("help", N_("What this bot can do")),
)


def help_text(gettext: Callable[[str], str]) -> str:
    lines = [
        gettext(
            "I walk you through stopping a Belgian mobile card (plan, prepaid, data-only or "
            "eSIM) at any operator: I ask three short questions, then give you a checklist "
            "you can tick. Your progress is kept."
        ),
        "",
    ]
    lines += [f"/{name} — {gettext(description)}" for name, description in COMMANDS]
    return "\n".join(lines)


async def help_command(update: Update, context: Context) -> None:
    """/help in a private chat: what the bot does and its commands."""
    session = await open_session(update, context)
    await context.bot.send_message(session.chat_id, help_text(session._))


async def language(update: Update, context: Context) -> None:
    """/language: the language picker."""
    session = await open_session(update, context)
    await send(context, session.chat_id, session.view.language_menu())


async def privacy(update: Update, context: Context) -> None:
    """/privacy: what is stored, why, and for how long."""
    session = await open_session(update, context)
    _ = session._
    retention = format_timedelta(
        session.services.settings.data_retention,
        locale=BABEL_LOCALE[session.locale],
        threshold=1.1,
    )
    text = _(
        "<b>What I store</b>: your Telegram user id, your language, your answers (card, "
        "operator, keep or end), the steps you ticked, the date you said you sent a request, "
        "the reminders I will send, and your votes on answers.\n"
        "<b>What I do not store</b>: your name, your phone number, or what you type.\n"
        "<b>Why</b>: to keep your plan and to come back to you when a reminder is due.\n"
        "<b>How long</b>: until you send /forget, which deletes it all at once; otherwise "
        "it is deleted automatically after {retention} without any message from you."
    ).format(retention=retention)
    await context.bot.send_message(session.chat_id, text)


async def delete_inactive_users(context: Context) -> None:
    """Daily: users silent for longer than DATA_RETENTION are deleted."""
    svc = services(context)
    deleted = await svc.storage.delete_inactive(svc.clock() - svc.settings.data_retention)
    if deleted:
        log.info("deleted %s inactive user(s)", deleted)


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have: say so and show the help."""
    session = await open_session(update, context)
    _ = session._
    text = _("I don't know that command.") + "\n\n" + help_text(_)
    await context.bot.send_message(session.chat_id, text)


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice, locations…: only text and buttons are understood."""
    session = await open_session(update, context)
    _ = session._
    await send_current_step(
        context, session, _("I can only read text and button presses. Here is where you are:")
    )


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
    await message.reply_text(text)


async def membership_changed(update: Update, context: Context) -> None:
    """The user blocked (or unblocked) the bot in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    if change.new_chat_member.status in ("kicked", "left"):
        await services(context).storage.mark_blocked(change.from_user.id)


async def on_error(update: object, context: Context) -> None:
    """Log the failure with the update's id and kind (never its text), and tell the user."""
    error = context.error
    kind = "unknown"
    update_id = None
    if isinstance(update, Update):
        update_id = update.update_id
        kind = next(
            (
                name
                for name in (
                    "message",
                    "callback_query",
                    "edited_message",
                    "inline_query",
                    "my_chat_member",
                    "channel_post",
                )
                if getattr(update, name, None)
            ),
            "other",
        )
    if isinstance(error, Forbidden):
        # The user blocked the bot: nothing can reach them; stop reminding them.
        log.info("update %s (%s): the user blocked the bot", update_id, kind)
        user = update.effective_user if isinstance(update, Update) else None
        if user is not None:
            await services(context).storage.mark_blocked(user.id)
        return
    log.error("error while handling update %s (%s)", update_id, kind, exc_info=error)
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or chat.type != "private":
        return
    _ = translations(negotiate_locale(user.language_code if user else None)).gettext
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
