"""Which function answers which update: every handler, in the order they are tried.

Reading this file tells everything the bot responds to. Buttons are routed by their kind
(bot/callbacks.py parses and validates the data); typed text goes to the first feature that
takes it, in TEXT_ROUTE's order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, Update
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
from bot.account import handlers as account
from bot.admin import handlers as admin
from bot.errors import on_error
from bot.faq import handlers as faq
from bot.journey import handlers as journey
from bot.keepalive import handlers as keepalive
from bot.letter import handlers as letter
from bot.reminders import handlers as reminders
from bot.session import Context, Session, open_session
from bot.understand import handlers as understand

ButtonHandler = Callable[[CallbackQuery, Context, Session, cb.Action], Awaitable[None]]
TextHandler = Callable[[Context, Session, str], Awaitable[bool]]

# Typed text (outside commands) in a private chat: each feature in turn may take it.
TEXT_ROUTE: tuple[TextHandler, ...] = (
    reminders.typed_day,  # "when did you send it?" is pending
    keepalive.typed_date,  # "when did you last top up?" / "when did the contract start?"
    letter.typed,  # a letter is being written
    understand.typed,  # it says which card, operator or intent: offer that plan
    faq.typed_question,  # the plan is shown: the text is a question
    journey.typed_instead_of_button,  # a question is pending (takes everything)
)

# Button kind → what answers it. Kinds and their data: bot/callbacks.py.
BUTTONS: tuple[tuple[str, ButtonHandler], ...] = (
    # the journey
    ("answer", journey.answer),
    ("back", journey.back),
    ("tick", journey.tick),
    ("over", journey.over),
    ("over_yes", journey.over_yes),
    ("over_no", journey.over_no),
    ("prefill", understand.prefill),
    ("prefill_yes", understand.prefill),
    # the follow-up reminders
    ("sent", reminders.sent),
    ("sent_day", reminders.sent_day),
    ("reminder", reminders.answered),
    ("reminder_cancel", reminders.cancel),
    # keeping a card alive, and the free-cancellation day
    ("topup", keepalive.topup),
    ("topup_day", keepalive.topup_day),
    ("topup_every", keepalive.topup_every),
    ("free_day", keepalive.free_day),
    ("free_remind", keepalive.free_remind),
    # the FAQ
    ("faq_topics", faq.show_topics),
    ("faq_topic", faq.show_topic),
    ("faq_answer", faq.show_answer),
    ("faq_vote", faq.vote),
    # the letter
    ("letter_start", letter.start_button),
    ("letter_back", letter.back),
    ("letter_skip", letter.skip),
    ("letter_cancel", letter.cancel),
    ("letter_end", letter.end_date),
    ("letter_language", letter.language),
    # the account
    ("language_menu", account.language_menu),
    ("language", account.language),
    ("forget_yes", account.forget_yes),
    ("forget_no", account.forget_no),
)


def on_button(handler: ButtonHandler) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """A PTB callback for a button handler: opens the session and passes the parsed action."""

    async def callback(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        session = await open_session(update, context)
        action = cb.parse(query.data)
        if action is None:  # PTB lets a button with no data through every pattern
            await journey.expired(query, context, session, cb.Action("stale"))
            return
        await handler(query, context, session, action)

    callback.__doc__ = handler.__doc__
    callback.__qualname__ = callback.__name__ = handler.__name__
    return callback


async def on_text(update: Update, context: Context) -> None:
    """Typed text in a private chat: the first feature of TEXT_ROUTE that takes it."""
    session = await open_session(update, context)
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    for typed in TEXT_ROUTE:
        if await typed(context, session, text):
            return


async def on_stale_button(update: Update, context: Context) -> None:
    """Any other button: stale (an old version) or forged; answered as expired."""
    query = update.callback_query
    assert query is not None
    await journey.expired(query, context, await open_session(update, context), cb.Action("stale"))


def add_handlers(application: Application, admin_ids: frozenset[int]) -> None:
    """Every handler, in the order they are tried."""
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    new_message = filters.UpdateType.MESSAGE
    add = application.add_handler

    # Groups: only /start and /help get an answer (a link to a private chat).
    add(CommandHandler(["start", "help"], account.in_group, groups))

    add(CommandHandler("start", journey.start, private))
    add(CommandHandler("status", journey.status, private))
    add(CommandHandler("restart", journey.restart, private))
    add(CommandHandler("reminders", reminders.list_command, private))
    add(CommandHandler("forget", account.forget_command, private))
    add(CommandHandler("language", account.language_command, private))
    add(CommandHandler("privacy", account.privacy, private))
    add(CommandHandler("help", account.help_command, private))
    add(CommandHandler("faq", faq.faq_command, private))
    add(CommandHandler("letter", letter.letter_command, private))
    # Admins only; for anyone else these fall through to "unknown command".
    admins = filters.User(user_id=list(admin_ids))
    add(CommandHandler("stats", admin.stats, private & admins))
    add(CommandHandler("reload", admin.reload, private & admins))
    # Any other command in a private chat: the help.
    add(MessageHandler(private & new_message & filters.COMMAND, account.unknown_command))
    add(MessageHandler(private & new_message & filters.TEXT, on_text))
    # Stickers, photos, voice, locations, contacts, polls… in a private chat.
    add(MessageHandler(private & new_message, account.not_text))

    for kind, handler in BUTTONS:
        add(CallbackQueryHandler(on_button(handler), pattern=cb.kind(kind)))
    add(CallbackQueryHandler(on_stale_button))  # last: whatever no pattern took

    # The user blocked the bot: no more reminders.
    add(ChatMemberHandler(account.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    # `@bot <words>` in any chat.
    add(InlineQueryHandler(faq.inline_query))
    # Edited messages, channel posts and anything else are ignored on purpose.

    application.add_error_handler(on_error)
