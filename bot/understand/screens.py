"""What the bot shows for an understood message: the 📋 button that starts the plan, and the
question before replacing a plan in progress."""

from __future__ import annotations

from html import escape

from bot import callbacks as cb
from bot.journey import rules as j
from bot.journey import screens as journey
from bot.screen import Screen, View
from bot.understand.rules import PAYLOAD_PREFIX, Reading


def short_summary(view: View, reading: Reading) -> str:
    """card · operator · intent, short enough for a button ("💳 Prepaid card · Orange · ⛔ End
    the number")."""
    parts = []
    card = view.content.card(reading.card or "")
    if card:
        emoji = card.label.get(view.lang).split(" ", 1)[0]
        parts.append(f"{emoji} {card.short.get(view.lang)}")
        if card.billing == "ask" and reading.billing:
            parts.append(view._("monthly plan") if reading.billing == "plan" else view._("prepaid"))
    operator = view.content.operator(reading.operator or "")
    if operator:
        parts.append(operator.shown(view.lang))
    intent = next((i for i in view.content.journey.intents if i.id == reading.intent), None)
    if intent:
        parts.append(intent.label.get(view.lang))
    return " · ".join(parts)


def button(view: View, reading: Reading, confirmed_for: int | None = None) -> tuple[str, str]:
    summary = short_summary(view, reading)
    complete = reading.card and reading.operator and reading.intent
    label = (
        view._("📋 My plan: {summary}") if complete else view._("📋 Plan for {summary}")
    ).format(summary=summary)
    return label, cb.prefill(reading.payload()[len(PAYLOAD_PREFIX) :], confirmed_for)


def offer(view: View, reading: Reading, replaces: bool, lead: Screen | None = None) -> Screen:
    """The reply to an understood message, leading with the 📋 button; `lead` is an FAQ
    answer or results that come with it (their buttons follow)."""
    _ = view._
    text = _("Tap 📋 for the steps for your case; I will ask only what your message did not say.")
    if replaces:
        text += "\n" + _(
            "This starts a new plan. Your current plan stays as it is until you confirm."
        )
    if lead is not None:
        return Screen(f"{lead.text}\n\n{text}", ((button(view, reading),), *lead.keyboard))
    return Screen(text, ((button(view, reading),),))


def confirm_new(view: View, progress: j.Progress, reading: Reading) -> Screen:
    _ = view._
    text = _("Start a new plan for {new}? Your current plan ({old}) and its reminders go.").format(
        new=escape(short_summary(view, reading)), old=journey.summary(view, progress)
    )
    return Screen(
        text,
        (
            ((_("Yes, start the new plan"), button(view, reading, progress.generation)[1]),),
            ((_("No, keep my progress"), cb.START_OVER_NO),),
        ),
    )
