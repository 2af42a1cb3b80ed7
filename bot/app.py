"""Wiring: builds the Application, adds every handler in match order, and runs the bot.

Reading this file tells what the bot responds to. Updates of one user are handled in
order; different users are handled concurrently (PerUserUpdateProcessor).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any
from urllib.parse import urlparse

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.config import Settings
from bot.content.loader import ContentError, load_content
from bot.content.models import Content
from bot.handlers import admin, faq, followup, general, journey, letter
from bot.handlers.common import Services
from bot.i18n import translations
from bot.logs import setup_logging
from bot.request import Backlog, RetryingRequest
from bot.storage import Storage

log = logging.getLogger(__name__)


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Serialises the updates of one user (or chat) and runs different users concurrently.

    `concurrent_updates(True)` would let two taps of one user race on their journey; one lock
    per user keeps their order, and the locks are dropped when no update of theirs is left.
    Each handled update is counted off the polling backlog.
    """

    def __init__(self, max_concurrent_updates: int = 256, backlog: Backlog | None = None):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._backlog = backlog

    @staticmethod
    def key(update: object) -> int:
        if isinstance(update, Update):
            if update.effective_user:
                return update.effective_user.id
            if update.effective_chat:
                return update.effective_chat.id
        return 0

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self.key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key]
                del self._locks[key]
            if self._backlog is not None:
                self._backlog.done()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def add_handlers(application: Application) -> None:
    """Every handler, in the order they are tried."""
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    new_message = filters.UpdateType.MESSAGE

    # Groups: only /start and /help get an answer (a link to a private chat).
    application.add_handler(CommandHandler(["start", "help"], general.in_group, groups))

    application.add_handler(CommandHandler("start", journey.start, private))
    application.add_handler(CommandHandler("status", journey.status, private))
    application.add_handler(CommandHandler("restart", journey.restart, private))
    application.add_handler(CommandHandler("reminders", journey.reminders, private))
    application.add_handler(CommandHandler("forget", journey.forget, private))
    application.add_handler(CommandHandler("language", general.language, private))
    application.add_handler(CommandHandler("privacy", general.privacy, private))
    application.add_handler(CommandHandler("help", general.help_command, private))
    application.add_handler(CommandHandler("faq", faq.faq_command, private))
    application.add_handler(CommandHandler("letter", letter.start_letter, private))
    # Admins only; for anyone else these fall through to "unknown command".
    admins = filters.User(user_id=list(application.bot_data["settings"].admin_user_ids))
    application.add_handler(CommandHandler("stats", admin.stats, private & admins))
    application.add_handler(CommandHandler("reload", admin.reload, private & admins))
    # Any other command in a private chat: the help.
    application.add_handler(
        MessageHandler(private & new_message & filters.COMMAND, general.unknown_command)
    )
    application.add_handler(
        MessageHandler(private & new_message & filters.TEXT, journey.text_instead_of_button)
    )
    # Stickers, photos, voice, locations, contacts, polls… in a private chat.
    application.add_handler(MessageHandler(private & new_message, general.not_text))
    # Every button; the callback data is validated inside (stale and forged ones included).
    application.add_handler(CallbackQueryHandler(journey.button))
    # The user blocked the bot: no more reminders.
    application.add_handler(
        ChatMemberHandler(general.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    # `@bot <words>` in any chat.
    application.add_handler(InlineQueryHandler(faq.inline_query))
    # Edited messages, channel posts and anything else are ignored on purpose.

    application.add_error_handler(general.on_error)


async def register_commands(application: Application) -> None:
    """The command menu in English (default) and Chinese ('zh' serves both scripts)."""
    for language_code, locale in ((None, "en"), ("zh", "zh_Hans")):
        _ = translations(locale).gettext
        commands = [BotCommand(name, _(description)) for name, description in general.COMMANDS]
        await application.bot.set_my_commands(commands, language_code=language_code)


def build_application(settings: Settings, content: Content) -> Application:
    """The Application; the database is opened in its own event loop, at post_init."""

    async def post_init(app: Application) -> None:
        storage = await Storage.open(settings.database_path)
        app.bot_data["services"] = Services(settings, storage, content)
        recovered = await storage.recover_interrupted()
        if recovered:
            log.warning("%s reminder(s) interrupted by a stop are due again", recovered)
        assert app.job_queue is not None
        app.job_queue.run_repeating(
            followup.sweep, interval=settings.reminder_sweep_seconds, first=1, name="reminders"
        )
        app.job_queue.run_repeating(
            general.delete_inactive_users, interval=86_400, first=60, name="retention"
        )
        log.info(
            "database %s ready (schema %s)", settings.database_path, await storage.schema_version()
        )
        await register_commands(app)
        log.info("bot @%s started", app.bot.username)

    async def post_shutdown(app: Application) -> None:
        services = app.bot_data.get("services")
        if services is not None:
            await services.storage.close()

    # Long polling fetches no more while 1,000 updates wait (webhook updates are pushed).
    backlog = None if settings.webhook_url else Backlog()
    # Typed Any: PTB's builder generics change with each option and a conditional one breaks them.
    builder: Any = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_url.replace("/bot", "/file/bot"))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .request(RetryingRequest(connection_pool_size=256))
        .get_updates_request(RetryingRequest(backlog=backlog))
        .concurrent_updates(PerUserUpdateProcessor(backlog=backlog))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.rate_limit > 0:
        # Telegram's flood limits: calls to chats are spread to at most rate_limit per second;
        # a RetryAfter pauses all requests and the call is retried.
        builder = builder.rate_limiter(
            AIORateLimiter(
                overall_max_rate=settings.rate_limit, overall_time_period=1, max_retries=2
            )
        )
    application = builder.build()
    application.bot_data["settings"] = settings
    add_handlers(application)
    return application


def run(settings: Settings) -> int:
    """Load content, open the database, and poll until stopped (SIGINT/SIGTERM)."""
    setup_logging(settings.log_level, settings.token, settings.log_format == "json")
    try:
        content = load_content(settings.content_dir)
    except ContentError as exc:
        for problem in exc.problems:
            log.error("content: %s", problem)
        return 1
    application = build_application(settings, content)
    if settings.webhook_url:
        # Telegram sends updates to WEBHOOK_URL; requests without the secret are refused.
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlparse(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=-1,
        )
    else:
        application.run_polling(
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
            bootstrap_retries=-1,
        )
    return 0
