"""What the bot shows for an understood message: the 📋 button that starts the plan, and the
question before replacing a plan in progress."""

from __future__ import annotations

from html import escape

from bot import callbacks as cb
from bot.i18n import format_date
from bot.journey import rules as j
from bot.journey import screens as journey
from bot.screen import Screen, View
from bot.understand.rules import PAYLOAD_PREFIX, Reading, changes, merged

# <reading> is a plan link's payload without `plan_`, e.g. `prepaid_orange_end`; "yes" names
# the plan generation it replaces.
PREFILL = cb.Form("p", "prefill", r"([a-z0-9][a-z0-9_-]{0,57})", ("value",))
PREFILL_YES = cb.Form(
    "py", "prefill_yes", rf"({cb.NUMBER}):([a-z0-9][a-z0-9_-]{{0,44}})", ("number", "value")
)


def prefill(reading: str, confirmed_for: int | None = None) -> str:
    """📋 with what a message said; `confirmed_for`: "yes, replace" for that plan generation."""
    if confirmed_for is None:
        return PREFILL.data(reading)
    return PREFILL_YES.data(confirmed_for, reading)


def button(view: View, reading: Reading, confirmed_for: int | None = None) -> tuple[str, str]:
    summary = journey.summary(view, reading, short=True)
    complete = reading.card and reading.operator and reading.intent
    label = (
        view._("📋 My plan: {summary}") if complete else view._("📋 Plan for {summary}")
    ).format(summary=summary)
    return label, prefill(reading.payload()[len(PAYLOAD_PREFIX) :], confirmed_for)


def offer(view: View, reading: Reading, replaces: bool, lead: Screen | None = None) -> Screen:
    """The reply to an understood message, leading with the 📋 button; `lead` is an FAQ
    answer or results that come with it (their buttons follow)."""
    _ = view._
    text = _("Tap 📋 for the steps for your case; I will ask only what your message did not say.")
    if reading.leaves:
        text += "\n" + _("It also notes {day} as the day you leave Belgium.").format(
            day=format_date(reading.leaves, view.locale)
        )
    if replaces:
        text += "\n" + _(
            "This starts a new plan. Your current plan stays as it is until you confirm."
        )
    if lead is not None:
        return Screen(f"{lead.text}\n\n{text}", ((button(view, reading),), *lead.keyboard))
    return Screen(text, ((button(view, reading),),))


def confirm_new(view: View, progress: j.Progress, reading: Reading) -> Screen:
    """Before a message replaces answers given: which ones change ("not prepaid, a monthly
    plan" changes only the card); the others stay."""
    _ = view._
    changed = changes(progress, reading)
    names = {  # TRANSLATORS: the answers of a plan, as in "Change the card of your plan?"
        "card": _("card"),
        "billing": _("billing"),
        "operator": _("operator"),
        "intent": _("what you want to do"),
    }
    text = _("Change the {answers} of your plan? Now: {old}. Then: {new}.").format(
        answers=escape(
            ("、" if view.lang.startswith("zh") else ", ").join(names[f] for f in changed)
        ),
        old=escape(journey.summary(view, progress)),
        new=escape(journey.summary(view, merged(progress, reading))),
    )
    text += "\n" + _("Your other answers stay; the ticks and reminders of the current plan go.")
    yes = button(view, merged(progress, reading), progress.generation)[1]
    return Screen(
        text,
        (
            ((_("Yes, change it"), yes),),
            ((_("No, keep my progress"), cb.START_OVER_NO),),
        ),
    )
