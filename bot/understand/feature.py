"""What reading typed messages adds to the flow: the 📋 buttons, typed text that states a
case, and plan links (`?start=plan_…`)."""

from __future__ import annotations

from bot.feature import Feature
from bot.understand import handlers, screens

FEATURE = Feature(
    name="understand",
    buttons=((screens.PREFILL, handlers.prefill), (screens.PREFILL_YES, handlers.prefill)),
    typed=handlers.typed,
    start_link=handlers.plan_link,
)
