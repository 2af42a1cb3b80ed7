"""What the admin commands add: /stats and /reload, for ADMIN_USER_IDS only (anyone else gets
"unknown command"); they are in no menu."""

from __future__ import annotations

from bot.admin import handlers
from bot.feature import Command, Feature

FEATURE = Feature(
    name="admin",
    commands=(
        Command("stats", handlers.stats, admin=True),
        Command("reload", handlers.reload, admin=True),
    ),
)
