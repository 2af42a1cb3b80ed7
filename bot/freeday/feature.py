"""What the free-cancellation day adds to the flow: 📅 under a plan that ends a contract, the
question "when did it start?", and the reminder on the day ending it becomes free."""

from __future__ import annotations

from bot.feature import Feature, ReminderKind
from bot.freeday import handlers, rules, screens
from bot.i18n import N_

FEATURE = Feature(
    name="freeday",
    buttons=((screens.FREE_DAY, handlers.free_day), (screens.FREE_REMIND, handlers.free_remind)),
    plan_buttons=screens.plan_buttons,
    questions=(handlers.START_DATE,),
    reminders=(
        ReminderKind(
            rules.FREE_CANCEL,
            N_("free-cancellation day"),
            screens.free_cancel_reminder,
            handlers.answered,
            next_line=screens.next_free_day,
            about_card=True,
        ),
    ),
)
