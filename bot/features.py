"""Every feature of the bot, in order: this order is the order typed text is offered to them
(a pending question first, whoever asked it), the order of their buttons under a plan, and of
their lines under it. A new feature is one package and one line here (plus its migration, if
it has tables): see bot/feature.py for what it may declare."""

from __future__ import annotations

from bot.account.feature import FEATURE as ACCOUNT
from bot.admin.feature import FEATURE as ADMIN
from bot.faq.feature import FEATURE as FAQ
from bot.feature import Registry
from bot.followup.feature import FEATURE as FOLLOWUP
from bot.freeday.feature import FEATURE as FREEDAY
from bot.journey.feature import FEATURE as JOURNEY
from bot.leaving.feature import FEATURE as LEAVING
from bot.letter.feature import FEATURE as LETTER
from bot.reminders.feature import FEATURE as REMINDERS
from bot.topup.feature import FEATURE as TOPUP
from bot.understand.feature import FEATURE as UNDERSTAND

FEATURES = Registry(
    (
        LEAVING,  # first: its 🗓 leads the plan's buttons, its next step leads /status
        FOLLOWUP,
        TOPUP,
        FREEDAY,
        LETTER,
        UNDERSTAND,  # typed text that states a case: the 📋 plan for it
        FAQ,  # typed text that asks: its answer
        REMINDERS,
        ACCOUNT,
        ADMIN,
        JOURNEY,  # last: typed text nothing else took points back to the buttons
    )
)
