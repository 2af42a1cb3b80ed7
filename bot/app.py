"""Wiring: builds the Application (Bot API client, rate limiter, update processor), opens the
database and starts the workers at post_init, and runs the bot.

What answers which update is in bot/routes.py; per-user order in bot/updates.py.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeAllPrivateChats, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, Defaults

from bot.account.handlers import slow_down
from bot.account.screens import DESCRIPTION, SHORT_DESCRIPTION
from bot.checks import load_checked
from bot.config import Settings
from bot.content.models import Content
from bot.content.problems import ContentError
from bot.db import Database
from bot.features import FEATURES
from bot.i18n import MENUS, translations
from bot.logs import setup_logging
from bot.ratelimit import ReplyFirstRateLimiter
from bot.request import Backlog, RetryingRequest
from bot.routes import add_handlers
from bot.services import Services
from bot.startup import check_catalogs, preflight
from bot.updates import PerUserUpdateProcessor

log = logging.getLogger(__name__)


async def register_commands(application: Application) -> None:
    """The command menu (private chats: in groups the bot only points to a private chat) and
    the profile texts, in English (default) and Chinese ('zh' serves both scripts)."""
    bot = application.bot
    for language_code, locale in MENUS:
        _ = translations(locale).gettext
        commands = [BotCommand(name, _(description)) for name, description in FEATURES.menu()]
        await bot.set_my_commands(
            commands, scope=BotCommandScopeAllPrivateChats(), language_code=language_code
        )
        await bot.set_my_description(_(DESCRIPTION), language_code=language_code)
        await bot.set_my_short_description(_(SHORT_DESCRIPTION), language_code=language_code)


def build_application(settings: Settings, content: Content) -> Application:
    """The Application; the database is opened in its own event loop, at post_init."""

    async def post_init(app: Application) -> None:
        db = await Database.open(settings.database_path)
        services = Services(settings, db, content, FEATURES)
        app.bot_data["services"] = services
        recovered = await services.reminders.recover_interrupted()
        if recovered:
            log.warning("%s reminder(s) interrupted by a stop are due again", recovered)
        assert app.job_queue is not None
        for job in FEATURES.jobs():
            app.job_queue.run_repeating(
                job.callback, interval=job.every(settings), first=job.first, name=job.name
            )
        log.info("database %s ready (schema %s)", settings.database_path, await db.schema_version())
        processor = app.update_processor
        if isinstance(processor, PerUserUpdateProcessor):  # a flood: one "slow down", once
            processor.on_flood = lambda update: app.create_task(slow_down(app.bot, update))
        await register_commands(app)
        log.info("bot @%s started", app.bot.username)

    async def post_shutdown(app: Application) -> None:
        services = app.bot_data.get("services")
        if services is not None:
            await services.db.close()

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
    # Telegram's flood limits: replies paced per chat, reminders within the overall budget;
    # a RetryAfter pauses every request and the call is retried (bot/ratelimit.py).
    builder = builder.rate_limiter(ReplyFirstRateLimiter(settings.rate_limit))
    application = builder.build()
    add_handlers(application, FEATURES, settings.admin_user_ids)
    return application


def run(settings: Settings) -> int:
    """Load content, open the database, and poll until stopped (SIGINT/SIGTERM)."""
    setup_logging(settings.log_level, settings.token, settings.log_format == "json")
    check_catalogs()  # StartupError, like preflight: one line and exit 2 (bot/__main__.py)
    try:
        content = load_checked(settings.content_dir)
    except ContentError as exc:
        for problem in exc.problems:
            log.error("content: %s", problem)
        return 1
    preflight(settings)  # StartupError: one line and exit 2 (bot/__main__.py)
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
