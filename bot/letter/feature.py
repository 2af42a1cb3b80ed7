"""What the letter adds to the flow: /letter, ✉️ under a plan that ends a contract, its
buttons, and its questions as the pending one (what the user types goes to the letter). The
draft lives in memory only: /forget and a new plan drop it."""

from __future__ import annotations

from bot.db import Transaction
from bot.feature import Command, Feature
from bot.i18n import N_
from bot.letter import handlers, screens
from bot.letter.drafts import Drafts
from bot.services import Services


async def forget(svc: Services, tx: Transaction, user_id: int) -> None:
    svc.kept(Drafts).forget(user_id)


async def start_over(svc: Services, user_id: int) -> None:
    svc.kept(Drafts).forget(user_id)


FEATURE = Feature(
    name="letter",
    commands=(
        Command("letter", handlers.letter_command, N_("Write a cancellation letter"), rank=40),
    ),
    buttons=(
        (screens.START, handlers.start_button),
        (screens.BACK, handlers.back),
        (screens.SKIP, handlers.skip),
        (screens.CANCEL, handlers.cancel),
        (screens.END, handlers.end_date),
        (screens.LANGUAGE, handlers.language),
        (screens.ANYWAY, handlers.anyway),
        (screens.NOT_NOW, handlers.not_now),
    ),
    plan_buttons=screens.plan_buttons,
    questions=(handlers.QUESTION,),
    forget=forget,
    start_over=start_over,
)
