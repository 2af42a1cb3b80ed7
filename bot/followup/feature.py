"""What the follow-up adds to the flow: 📨 under a plan the operator must act on, the
question "when did you send it?", and its two reminder kinds."""

from __future__ import annotations

from bot.feature import Feature, ReminderKind
from bot.followup import handlers, rules, screens
from bot.i18n import N_

FEATURE = Feature(
    name="followup",
    buttons=((screens.SENT, handlers.sent), (screens.SENT_DAY, handlers.sent_day)),
    plan_buttons=screens.plan_buttons,
    questions=(handlers.SENT_DATE,),
    reminders=(
        ReminderKind(
            rules.FOLLOW_UP,
            N_("follow-up question"),
            screens.follow_up,
            handlers.follow_up_answered,
            answers="yp",
            next_line=screens.next_check,
            describe=screens.describe_follow_up,
        ),
        ReminderKind(
            rules.REFUND,
            N_("credit refund"),
            screens.refund,
            handlers.refund_answered,
            describe=screens.describe_refund,
        ),
    ),
)
