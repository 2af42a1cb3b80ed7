"""What the bot shows for keeping a card alive and for the free-cancellation day: the
questions, what was scheduled, and the reminders themselves."""

from __future__ import annotations

import datetime as dt
from html import escape

from babel.lists import format_list

from bot import callbacks as cb
from bot.content.models import Operator
from bot.i18n import BABEL_LOCALE, format_date
from bot.journey import rules as j
from bot.keepalive import rules as k
from bot.reminders import rules as r
from bot.reminders.store import Reminder
from bot.screen import Row, Screen, View


def _day(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def parse_day(value: str, now: dt.datetime, earliest: dt.date) -> dt.date | None:
    """A yyyymmdd from a button; None when it is not a date from `earliest` to today (a
    forged or outdated button)."""
    try:
        day = dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None
    return day if earliest <= day <= k.today(now) else None


def operator_of(view: View, progress: j.Progress) -> Operator | None:
    return view.content.operator(progress.operator or "")


def operator_name(view: View, progress: j.Progress) -> str:
    operator = operator_of(view, progress)
    return escape(operator.shown(view.lang)) if operator else view._("your operator")


def ask_last_top_up(view: View, now: dt.datetime, hint: str = "") -> Screen:
    _ = view._
    today = k.today(now)
    rows: list[Row] = [
        ((_("Today"), cb.topup_day(_day(today))),),
        ((_("About a month ago"), cb.topup_day(_day(k.months_ago(now, 1)))),),
        ((_("I don't know (count from today)"), cb.topup_day(_day(today))),),
        ((_("« Back"), cb.back(j.TOPUP_DATE)),),
    ]
    text = hint or _(
        "When did you last top up this card? Tap, or type the date (for example 12/11) or the "
        "month (03/2026)."
    )
    return Screen(text, tuple(rows))


def unreadable_top_up(view: View) -> str:
    return view._(
        "I could not read that date. Type a past date as day/month (12/11) or a month as "
        "month/year (03/2026), within the last {months} months."
    ).format(months=k.MAX_MONTHS_AGO)


def ask_interval(view: View, progress: j.Progress, last: dt.date) -> Screen:
    _ = view._
    text = _(
        "We found no official page that says how long a {operator} prepaid card stays active "
        "without a top-up. Ask {operator} to be sure; meanwhile, how often should I remind you?"
    ).format(operator=operator_name(view, progress))
    rows: list[Row] = [
        (
            (
                _("Every {months} months (suggested)").format(months=months)
                if months == k.SUGGESTED
                else _("Every {months} months").format(months=months),
                cb.topup_every(_day(last), months),
            ),
        )
        for months in k.INTERVALS
    ]
    rows.append(((_("« Back"), cb.back(j.TOPUP_DATE)),))
    return Screen(text, tuple(rows))


def top_ups_scheduled(
    view: View,
    progress: j.Progress,
    last: dt.date,
    months: int,
    lapse: dt.date,
    due: dict[str, dt.datetime],
    by_rule: bool,
) -> str:
    _ = view._
    operator = operator_of(view, progress)
    rule = operator.top_up if operator else None
    basis = (
        _("{operator}'s rule: {months} months after the last top-up")
        if by_rule
        else _("every {months} months, as you chose")
    ).format(operator=operator_name(view, progress), months=months)
    days = format_list(
        [format_date(r.local_day(when), view.locale) for when in sorted(due.values())],
        locale=BABEL_LOCALE[view.locale],
    )
    return (
        _(
            "Noted: last top-up {last}. Counting {basis}, the card must be topped up by {lapse}. "
            "I will remind you on {days}."
        ).format(
            last=format_date(last, view.locale),
            basis=basis,
            lapse=format_date(lapse, view.locale),
            days=days,
        )
        + "\n"
        + _("/reminders lists them.")
        + (f"\n{view.sources_line(rule.sources)}" if by_rule and rule else "")
    )


def lapsed_already(view: View, progress: j.Progress, lapse: dt.date) -> str:
    return view._(
        "Counting from that top-up, the card may have lapsed on {lapse}. Contact {operator} "
        "now and ask whether the number can still be reactivated; the steps of your plan say "
        "what to do if it is gone."
    ).format(lapse=format_date(lapse, view.locale), operator=operator_name(view, progress))


def top_up_reminder(view: View, progress: j.Progress, reminder: Reminder, later: str) -> Screen:
    _ = view._
    lapse = dt.date.fromisoformat(reminder.payload["lapse"])
    text = _(
        "⏰ Your {operator} card must be topped up by {lapse} to stay active (counting "
        "{months} months from the last top-up). Top it up, then tap “I topped up”: I will "
        "count the next {months} months from today."
    ).format(
        operator=operator_name(view, progress),
        lapse=format_date(lapse, view.locale),
        months=reminder.payload["months"],
    )
    rows: list[Row] = [
        ((_("✅ I topped up"), cb.reminder_answer(reminder.id, "y")),),
        ((later, cb.reminder_answer(reminder.id, "n")),),
        ((_("✖ Stop these reminders"), cb.reminder_answer(reminder.id, "s")),),
    ]
    return Screen(text, tuple(rows))


def ask_start(view: View, hint: str = "") -> Screen:
    _ = view._
    text = hint or _(
        "When did this contract start? Type the date or the month, for example 15/03/2026 or "
        "03/2026 (see your first bill or the contract). If your bill prints an end date for a "
        "fixed term, ending after that date is free too."
    )
    return Screen(text, (((_("Skip"), cb.back(j.START_DATE)),),))


def unreadable_start(view: View) -> str:
    return view._(
        "I could not read that date. Type a past date as day/month/year (15/03/2026) or "
        "month/year (03/2026)."
    )


def free_cancel(view: View, start: dt.date, on: dt.date, generation: int) -> Screen:
    """What ending the plan on `on` may cost, and the button to be reminded on the free day."""
    _ = view._
    free = k.free_cancel_day(start)
    if on >= free:
        return Screen(
            _(
                "Your contract is more than six months old: ending it costs no termination fee. "
                "Only the remaining value of a phone you got with the plan may be charged "
                "(nothing after 24 months)."
            )
            + "\n"
            + view.sources_line(view.content.journey.free_cancel_sources)
        )
    fees = k.fees_left(start, on)
    text = (
        view.ngettext(
            "Ending it before {free} may cost at most {count} more monthly fee (those still due "
            "up to the end of the sixth month), plus the remaining value of a phone you got "
            "with the plan. From {free} ending it costs no termination fee.",
            "Ending it before {free} may cost at most {count} more monthly fees (those still "
            "due up to the end of the sixth month), plus the remaining value of a phone you got "
            "with the plan. From {free} ending it costs no termination fee.",
            fees,
        ).format(free=format_date(free, view.locale), count=fees)
        + "\n"
        + view.sources_line(view.content.journey.free_cancel_sources)
    )
    label = _("⏰ Remind me on {date}").format(date=format_date(free, view.locale, "medium"))
    return Screen(text, (((label, cb.free_remind(generation, _day(start))),),))


def free_cancel_reminder(
    view: View, progress: j.Progress, reminder: Reminder, later: str
) -> Screen:
    _ = view._
    card = view.content.card(progress.card or "")
    text = _(
        "📅 From today, ending your {card} at {operator} costs no termination fee: its first "
        "six months are over. To end it, send your cancellation in writing (/letter writes "
        "it); a phone you got with the plan may still have a remaining value to pay."
    ).format(
        card=escape(card.short.get(view.lang)) if card else "",
        operator=operator_name(view, progress),
    )
    rows: list[Row] = [
        ((_("✅ Thanks"), cb.reminder_answer(reminder.id, "y")),),
        ((later, cb.reminder_answer(reminder.id, "n")),),
    ]
    return Screen(
        text + "\n" + view.sources_line(view.content.journey.free_cancel_sources), tuple(rows)
    )
