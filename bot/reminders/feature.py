"""What the reminders add to the flow: /reminders, the answers to every reminder and their
cancel buttons, and the sweep that sends what is due. The kinds are the features' own."""

from __future__ import annotations

from bot import callbacks as cb
from bot.feature import Command, Feature, Job
from bot.i18n import N_
from bot.reminders import handlers
from bot.reminders.worker import sweep

FEATURE = Feature(
    name="reminders",
    commands=(Command("reminders", handlers.list_command, N_("Your reminders"), rank=60),),
    buttons=((cb.REMINDER, handlers.answered), (cb.REMINDER_CANCEL, handlers.cancel)),
    jobs=(Job("reminders", sweep, every=lambda settings: settings.reminder_sweep_seconds),),
)
