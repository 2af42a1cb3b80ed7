"""The letter's screens: each question with its buttons, the hints for what could not be read,
and how to send the finished letter."""

from __future__ import annotations

from html import escape

from bot import callbacks as cb
from bot.content.models import LETTER_LANGS, Operator
from bot.followup import screens as followup
from bot.i18n import format_date
from bot.journey import rules as j
from bot.letter import rules as lt
from bot.letter.drafts import OPTIONAL, STEPS, Draft
from bot.screen import Row, Screen, View

LANGUAGE_BUTTONS = (("Nederlands", "nl"), ("Français", "fr"), ("English", "en"))

START = cb.Form("w", "letter_start")
BACK = cb.Form("wb", "letter_back")
SKIP = cb.Form("wk", "letter_skip")
CANCEL = cb.Form("wx", "letter_cancel")
END = cb.Form("we", "letter_end", "([tm])", ("value",))
LANGUAGE = cb.Form("wl", "letter_language", "(" + "|".join(LETTER_LANGS) + ")", ("value",))


ANYWAY = cb.Form("wy", "letter_anyway")
NOT_NOW = cb.Form("wn", "letter_not_now")


def port_warning(view: View) -> Screen:
    """Before a cancellation letter for a number being ported."""
    _ = view._
    text = _(
        "⚠️ You chose to keep this number by moving it to another operator. A port ends the old "
        "contract by itself: do not send a cancellation before the new operator confirms the "
        "port, or the number may be lost. Write a cancellation letter anyway?"
    )
    rows = (
        ((_("« Back to my plan"), NOT_NOW.data()),),
        ((_("Write it anyway"), ANYWAY.data()),),
    )
    return Screen(text, rows)


def plan_buttons(view: View, progress: j.Progress) -> tuple[Row, ...]:
    """✉️ under a plan that ends a contract."""
    if progress.intent == "end" and progress.billing == "plan":
        return (((view._("✉️ Write my cancellation letter"), START.data()),),)
    return ()


def step(view: View, draft: Draft, hint: str = "") -> Screen:
    """The question of the draft's step: "Step n of 6." and what to type or tap."""
    _ = view._
    nav = ((_("« Back"), BACK.data()), (_("✖ Cancel"), CANCEL.data()))
    prompts = {
        "name": _("Your full name as on the contract, in Latin letters:"),
        "address": _(
            "Your postal address (street and number, postcode and town), printed under your "
            "name so the operator can write back — or Skip:"
        ),
        "customer": _("Your customer number (on an invoice or in the operator's app), or Skip:"),
        "phone": _("The mobile number to stop, for example 0470 12 34 56:"),
        "date": _("On which day should the contract end? Tap, or type a date such as 31/12:"),
        "lang": _("In which language should the letter be written?"),
    }
    rows: list[Row] = []
    if draft.step in OPTIONAL:
        rows.append(((_("Skip"), SKIP.data()),))
    if draft.step == "date":
        rows.append(((_("Today"), END.data("t")), (_("End of this month"), END.data("m"))))
    if draft.step == "lang":
        rows.append(tuple((label, LANGUAGE.data(code)) for label, code in LANGUAGE_BUTTONS))
    rows.append(nav if draft.step != "name" else nav[1:])
    number = STEPS.index(draft.step) + 1
    text = _("Step {number} of {total}.").format(number=number, total=len(STEPS))
    text += "\n" + prompts[draft.step]
    if number == 1:
        text = _("✉️ Cancellation letter") + "\n" + text
    return Screen(f"{escape(hint)}\n\n{text}" if hint else text, tuple(rows))


def hint(view: View, code: str) -> str:
    _ = view._
    translated = {
        "name_length": _("Please type your name (at most 100 characters)."),
        "name_chars": _("A name has letters, spaces, hyphens and apostrophes only."),
        "name_latin": _("Please write the name in Latin letters, as on your Belgian contract."),
        "customer": _(
            "A customer number has letters, digits, dots, dashes or slashes (at most 40)."
        ),
        "address_length": _("Please type the address on at most 3 lines (at most 150 characters)."),
        "address_chars": _("Please type a postal address with its number and postcode."),
        "address_latin": _(
            "Please write the address in Latin letters, as on your Belgian contract."
        ),
        "phone": _(
            "That is not a Belgian mobile number. Type it like 0470 12 34 56 or +32 470 12 34 56."
        ),
        "date": _("I could not read that date. Type it as day/month, for example 31/12."),
        "date_past": _("That date has passed. Choose today or a later day."),
    }
    return translated.get(code, translated["date"])


def explanation(
    view: View, operator: Operator, details: lt.Details, progress: j.Progress
) -> Screen:
    """How to send the letter, and the "I've sent it" button where a follow-up applies."""
    _ = view._
    end = format_date(details.end_date, view.locale)
    lines = [
        _(
            "This letter cancels your subscription with {operator} for {phone} on {end_date}, "
            "and asks for a written confirmation, the final invoice and a refund of any credit."
        ).format(operator=operator.shown(view.lang), phone=details.phone, end_date=end)
    ]
    channel = lt.written_channel(operator)
    if channel is None:
        how = _(
            "I could not verify a postal or e-mail address for {operator}. Send the letter as a "
            "message from your customer zone, or ask customer service where to send it, and keep "
            "proof that you sent it."
        )
    elif channel.kind == "address":
        how = _(
            "Send it by post to: {value}. Sign it first. A registered letter is not required, "
            "but it proves that you sent it."
        )
    elif channel.kind == "email":
        how = _(
            "Send it by e-mail to {value}, from the e-mail address {operator} knows, with the "
            "PDF attached. Keep the sent e-mail."
        )
    else:
        how = _(
            "Send it through {operator}'s contact form: {value}. Keep a screenshot of what you "
            "sent."
        )
    lines.append(
        how.format(operator=operator.shown(view.lang), value=channel.value if channel else "")
    )
    if channel is not None:  # what that address is, e.g. a registered office
        lines.append(channel.label.get(view.lang))
    lines.append(_("Nothing you typed for this letter is stored."))
    rows: tuple[Row, ...] = ()
    if progress.state == j.PLAN and j.needs_follow_up(progress):
        rows = followup.plan_buttons(view, progress)  # 📨 I've sent my cancellation
        lines.append(
            _("Once you have sent it, tap the button below and I will check back with you.")
        )
    return Screen("\n\n".join(escape(line, quote=False) for line in lines), rows)
