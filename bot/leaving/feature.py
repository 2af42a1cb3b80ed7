"""What the day I leave adds to the flow: 🗓 under every plan and /leaving, the question, the
plan in time order (or without the going-abroad steps), the step reminders and 📆."""

from __future__ import annotations

from bot.db import Transaction
from bot.feature import Command, Feature, ReminderKind
from bot.i18n import N_
from bot.leaving import handlers, rules, screens
from bot.leaving.store import LeavingStore
from bot.services import Services


async def forget(svc: Services, tx: Transaction, user_id: int) -> None:
    await LeavingStore.forget(tx, user_id)


FEATURE = Feature(
    name="leaving",
    commands=(Command("leaving", handlers.leaving_command, N_("When you leave Belgium"), rank=25),),
    buttons=(
        (screens.ASK, handlers.ask),
        (screens.PICK, handlers.pick),
        (screens.CALENDAR, handlers.calendar),
    ),
    plan_buttons=screens.plan_buttons,
    questions=(handlers.QUESTION,),
    reminders=(
        ReminderKind(
            rules.STEP,
            N_("step of your plan"),
            screens.step_reminder,
            handlers.step_answered,
            answers="yts",
            next_line=screens.next_step,
            describe=screens.describe_step,
        ),
    ),
    plan_view=handlers.plan_view,
    on_progress=handlers.on_progress,
    on_prefill=handlers.on_prefill,
    forget=forget,
)
