"""Which function answers which update, in the order they are tried.

The features' commands, buttons and typed-text handlers come from their declarations
(bot/features.py lists them, bot/feature.py says what they may declare); what is wired here by
hand is what belongs to no feature's flow: groups, unknown commands, messages that are not
text, the user blocking the bot, inline mode, stale buttons and errors.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import callbacks as cb
from bot import flow
from bot.account import handlers as account
from bot.errors import on_error
from bot.faq import handlers as faq
from bot.feature import Registry
from bot.session import Context, open_session


async def on_button(update: Update, context: Context) -> None:
    """A button: its data parsed once (bot/callbacks.py), then the handler its feature
    declared for that kind; anything else (stale, forged, of a feature gone) is expired."""
    query = update.callback_query
    assert query is not None
    session = await open_session(update, context)
    action = cb.parse(query.data)
    handler = session.services.features.buttons.get(action.kind) if action else None
    if action is None or handler is None:
        await flow.expired(query, context, session, cb.Action("stale"))
        return
    await handler(query, context, session, action)


async def on_text(update: Update, context: Context) -> None:
    """Typed text in a private chat: the pending question's, else the first feature's (in
    bot/features.py's order) that takes it."""
    session = await open_session(update, context)
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    question = flow.pending_question(session)
    if question is not None:
        if await question.typed(context, session, text):
            return
        await flow.settle(session, question.name)  # gone after all (a letter's draft expired)
    for feature in session.services.features.features:
        if feature.typed and await feature.typed(context, session, text):
            return


def add_handlers(application: Application, features: Registry, admin_ids: frozenset[int]) -> None:
    """Every handler, in the order they are tried."""
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    new_message = filters.UpdateType.MESSAGE
    add = application.add_handler

    # Groups: only /start and /help get an answer (a link to a private chat).
    add(CommandHandler(["start", "help"], account.in_group, groups))

    # The features' commands; admin ones for ADMIN_USER_IDS only (for anyone else they fall
    # through to "unknown command").
    admins = filters.User(user_id=list(admin_ids))
    for command in sorted(features.commands(), key=lambda c: c.rank):  # the busiest first
        allowed = private & admins if command.admin else private
        add(CommandHandler(command.name, command.handler, allowed))
    # Any other command in a private chat: the help.
    add(MessageHandler(private & new_message & filters.COMMAND, account.unknown_command))
    add(MessageHandler(private & new_message & filters.TEXT, on_text))
    # Stickers, photos, voice, locations, contacts, polls… in a private chat.
    add(MessageHandler(private & new_message, account.not_text))

    # Every button: one handler parses the data once and looks its kind up.
    add(CallbackQueryHandler(on_button))

    # The user blocked the bot: no more reminders.
    add(ChatMemberHandler(account.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    # `@bot <words>` in any chat.
    add(InlineQueryHandler(faq.inline_query))
    # Edited messages, channel posts and anything else are ignored on purpose.

    application.add_error_handler(on_error)
