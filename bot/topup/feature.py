"""What keeping a card alive adds to the flow: ⏰ under a keep-alive plan, the question "when
did you last top up?", and the two warnings before the card would lapse."""

from __future__ import annotations

from bot.feature import Feature, ReminderKind
from bot.i18n import N_
from bot.topup import handlers, rules, screens

FEATURE = Feature(
    name="topup",
    buttons=(
        (screens.TOPUP, handlers.topup),
        (screens.TOPUP_DAY, handlers.topup_day),
        (screens.TOPUP_EVERY, handlers.topup_every),
    ),
    plan_buttons=screens.plan_buttons,
    questions=(handlers.TOPUP_DATE,),
    reminders=tuple(
        ReminderKind(
            kind,
            N_("top-up reminder"),
            screens.top_up_reminder,
            handlers.answered,
            answers="ys",
            next_line=screens.next_top_up,
            about_card=True,
        )
        for kind in rules.TOPUP_KINDS
    ),
)
