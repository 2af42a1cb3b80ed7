"""What the account adds to the flow: /forget, /language, /privacy, /help, their buttons, and
the daily job that deletes users silent for longer than DATA_RETENTION. (Unknown commands,
messages that are not text, groups and a user blocking the bot are wired in bot/routes.py.)"""

from __future__ import annotations

from bot import callbacks as cb
from bot.account import handlers, screens
from bot.feature import Command, Feature, Job
from bot.i18n import N_

FEATURE = Feature(
    name="account",
    commands=(
        Command("forget", handlers.forget_command, N_("Delete all your data"), rank=70),
        Command("language", handlers.language_command, N_("Change the language"), rank=80),
        Command("privacy", handlers.privacy, N_("What I store about you"), rank=90),
        Command("help", handlers.help_command, N_("What this bot can do"), rank=100),
    ),
    buttons=(
        (cb.LANGUAGE_MENU_FORM, handlers.language_menu),
        (cb.LANGUAGE, handlers.language),
        (screens.FORGET_YES, handlers.forget_yes),
        (screens.FORGET_NO, handlers.forget_no),
    ),
    jobs=(Job("retention", handlers.delete_inactive_users, every=lambda _: 86_400, first=60),),
)
