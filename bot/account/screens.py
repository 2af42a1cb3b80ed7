"""The account's screens: the language picker, /help, /privacy and the /forget confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from babel.dates import format_timedelta

from bot import callbacks as cb
from bot.i18n import BABEL_LOCALE, LANGUAGE_NAMES, LOCALES, N_
from bot.screen import Screen, View

# The bot's Telegram profile: what a newcomer reads before pressing Start (512 and 120 at most).
DESCRIPTION = N_(
    "Leaving Belgium or stopping a Belgian mobile card? I walk you through it step by step, for "
    "a plan, a prepaid card, a data-only card or an eSIM, at any operator: what to settle first "
    "(balance, last bill, the accounts that send codes to your number), how to cancel or keep "
    "the number, and what to check afterwards. In 简体中文, 繁體中文 or English. Every fact has "
    "its source."
)
SHORT_DESCRIPTION = N_(
    "Stop a Belgian SIM, prepaid card or eSIM step by step, without losing your accounts."
)

FORGOTTEN = N_(
    "Done: everything I stored about you (language, answers, ticks, reminders) is deleted. "
    "Send /start if you want to begin again."
)


def language_menu(view: View) -> Screen:
    rows = tuple(((LANGUAGE_NAMES[loc], cb.language(loc)),) for loc in LOCALES)
    return Screen(view._("Choose your language:"), rows)


FORGET_YES = cb.Form("fy", "forget_yes")
FORGET_NO = cb.Form("fn", "forget_no")


def help_text(gettext: Callable[[str], str], menu: list[tuple[str, str]]) -> str:
    """What the bot does, then each command of the menu (bot/feature.py: Registry.menu)."""
    lines = [
        gettext(
            "I walk you through stopping a Belgian mobile card (plan, prepaid, data-only or "
            "eSIM) at any operator: I ask three short questions, then give you a checklist "
            "you can tick. Your progress is kept."
        ),
        "",
        gettext(
            "You can also just tell me in your own words, e.g. “my Orange prepaid card, I want "
            "to cancel it, I fly home on 20 January”, in Chinese, English or pinyin: I fill in "
            "what you said (the day you leave too) and ask only the rest."
        ),
        gettext(
            "Keeping the card (e.g. from abroad)? Choose 🔋 and I remind you before it needs a "
            "top-up. Ending a plan? I tell you the day it becomes free."
        ),
        "",
    ]
    lines += [f"/{name} — {gettext(description)}" for name, description in menu]
    return "\n".join(lines)


def privacy(view: View, retention: dt.timedelta) -> str:
    _ = view._
    period = format_timedelta(retention, locale=BABEL_LOCALE[view.locale], threshold=1.1)
    return _(
        "<b>What I store</b>: your Telegram user id, your language, your answers (card, "
        "operator, what you want to do), the steps you ticked, the date you said you sent a "
        "request, the day you leave Belgium if you gave it, the reminders I will send, and "
        "your votes on answers.\n"
        "<b>What I do not store</b>: your name, your phone number, or what you type.\n"
        "<b>Why</b>: to keep your plan and to come back to you when a reminder is due.\n"
        "<b>How long</b>: until you send /forget, which deletes it all at once; otherwise "
        "it is deleted automatically after {retention} without any message from you."
    ).format(retention=period)


def confirm_forget(view: View) -> Screen:
    _ = view._
    text = _(
        "Delete everything I stored about you: your language, answers, ticked steps and "
        "reminders? This cannot be undone."
    )
    rows = (
        ((_("Yes, delete everything"), FORGET_YES.data()),),
        ((_("No, keep it"), FORGET_NO.data()),),
    )
    return Screen(text, rows)
