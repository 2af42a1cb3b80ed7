"""What the journey declares: /start, /status, /restart, the buttons of its questions and its
plan, and the last word on typed text (point back to the buttons)."""

from __future__ import annotations

from bot import callbacks as cb
from bot.feature import Command, Feature
from bot.i18n import N_
from bot.journey import handlers

FEATURE = Feature(
    name="journey",
    commands=(
        Command("start", handlers.start, N_("Start or continue your plan"), rank=10),
        Command("status", handlers.status, N_("Show your plan and progress"), rank=20),
        Command("restart", handlers.restart, N_("Start over"), rank=50),
    ),
    buttons=(
        (cb.ANSWER, handlers.answer),
        (cb.BACK, handlers.back),
        (cb.TICK, handlers.tick),
        (cb.OVER, handlers.over),
        (cb.OVER_YES, handlers.over_yes),
        (cb.OVER_NO, handlers.over_no),
    ),
    typed=handlers.typed,
)
