"""What the bot shows about the day the user leaves: the question, the plan in time order
(each step's title and day, its explanation folded into an expandable quote), the step
reminders and the line under the plan."""

from __future__ import annotations

import datetime as dt
from html import escape

from babel.dates import format_timedelta

from bot import callbacks as cb
from bot.content.models import PlanItem
from bot.i18n import BABEL_LOCALE, format_date
from bot.journey import rules as j
from bot.journey import screens as journey
from bot.leaving import rules as lv
from bot.reminders.store import Reminder
from bot.screen import Row, Screen, View

ASK = cb.Form("v", "leaving", rf"({cb.NUMBER})", ("number",))
PICK = cb.Form("vp", "leaving_pick", "(7|14|30|no|gone)", ("value",))
CALENDAR = cb.Form("vc", "leaving_calendar")


def plan_buttons(view: View, progress: j.Progress) -> tuple[Row, ...]:
    """🗓 under every plan: the answer can be given or changed at any time."""
    return (((view._("🗓 When do you leave Belgium?"), ASK.data(progress.generation)),),)


def calendar_row(view: View) -> Row:
    return ((view._("📆 Add to my calendar"), CALENDAR.data()),)


def ask(view: View, now: dt.datetime | None = None, hint: str = "") -> Screen:
    _ = view._
    text = hint or _(
        "🗓 When do you leave Belgium? Tap, or type the date (for example 20/1 or 1月20日). "
        "I will put your plan in time order and remind you of each step on its day."
    )
    rows: tuple[Row, ...] = (
        (
            (_("In 1 week"), PICK.data("7")),
            (_("In 2 weeks"), PICK.data("14")),
            (_("In 1 month"), PICK.data("30")),
        ),
        ((_("I'm not leaving"), PICK.data(lv.NOT_LEAVING)),),
        ((_("I've already left"), PICK.data(lv.LEFT)),),
        ((_("« Back"), cb.back(lv.QUESTION)),),
    )
    return Screen(text, rows)


def unreadable(view: View) -> str:
    return view._(
        "I could not read that date. Type the day you leave as day/month (20/1), as 1月20日, "
        "or as 2027-01-20, from today to two years ahead."
    )


def noted(view: View, leaving: lv.Leaving, today_: dt.date) -> Screen:
    """What was understood, with the calendar button when there are days to put in it."""
    _ = view._
    if leaving.day is None:
        return Screen(
            _("Noted: you are not leaving Belgium. I have left out the steps about going abroad.")
        )
    if leaving.day < today_:
        text = _(
            "Noted: you have left Belgium. Your plan now shows what is still open and what to "
            "check from abroad."
        )
    else:
        text = _(
            "Noted: you leave on {day}. Your plan is now in time order, and I will remind you "
            "of each step on its day. Add the days to your phone's calendar too: reminders "
            "here may not reach you once you are abroad."
        ).format(day=format_date(leaving.day, view.locale))
    return Screen(text, (calendar_row(view),))


def _day(view: View, day: dt.date) -> str:
    return format_date(day, view.locale, "medium")


def _in_days(view: View, day: dt.date, today_: dt.date) -> str:
    if day == today_:
        return view._("today")
    return format_timedelta(
        day - today_, add_direction=True, granularity="day", locale=BABEL_LOCALE[view.locale]
    )


def _heading(view: View, group: lv.Group, left: bool) -> str:
    _ = view._
    if group.kind == lv.NOW:
        title = _("Still open (from abroad, if you can)") if left else _("Now")
    elif group.kind == lv.BY and group.day is not None:
        title = _("By {day}").format(day=_day(view, group.day))
    elif group.kind == lv.LAST_DAY and group.day is not None:
        title = _("On your last day, {day}").format(day=_day(view, group.day))
    elif group.kind == lv.AFTER:
        title = _("After you leave")
    else:
        title = _("Any time")
    return f"<b>— {escape(title)} —</b>"


def _step(view: View, number: int, step: lv.Step, done: bool) -> str:
    late = step.late and not done
    return journey.item_block(
        view,
        number,
        step.item,
        done,
        day=_day(view, step.day) if step.day is not None else "",
        warning=view._("⚠️ Its day has passed: do it now, it may take longer than the time left.")
        if late
        else "",
    )


def timeline_pages(
    view: View,
    progress: j.Progress,
    items: list[PlanItem],
    leave: dt.date,
    today_: dt.date,
    note: str,
    extra: tuple[Row, ...],
) -> list[Screen]:
    """The plan in time order: the header, "this week", then the dated groups."""
    _ = view._
    groups = lv.timeline(items, leave, today_)
    left = leave < today_
    when = (
        _("You left Belgium on {day}.") if left else _("You leave Belgium on {day} ({when}).")
    ).format(day=_day(view, leave), when=_in_days(view, leave, today_))
    header = journey.plan_header(view, progress, items, note) + "\n" + escape(when)
    before = [s for g in groups for s in g.steps if s.day is not None and s.day <= leave]
    after = [s for g in groups if g.kind == lv.AFTER for s in g.steps]
    if before and after and all(s.item.id in progress.ticks for s in before):
        # The moment to offer the calendar again: what is left happens abroad.
        header += "\n\n" + escape(
            _(
                "✅ Everything before you leave is done. Add the checks after you leave to your "
                "phone's calendar (📆 below): Telegram may not reach you abroad."
            )
        )
    soon = lv.this_week(groups, progress.ticks, today_)
    if soon:
        lines = [
            f"{n}. {escape(s.item.title.get(view.lang))} — {escape(_day(view, s.day))}"
            for n, s in enumerate(soon, 1)
            if s.day is not None
        ]
        header += "\n\n<b>" + escape(_("This week:")) + "</b>\n" + "\n".join(lines)
    blocks: list[tuple[int, PlanItem, str]] = []
    number = 0
    for group in groups:
        for index, step in enumerate(group.steps):
            number += 1
            block = _step(view, number, step, step.item.id in progress.ticks)
            if index == 0:
                block = _heading(view, group, left) + "\n" + block
            blocks.append((number, step.item, block))
    return journey.paged(view, progress, header, blocks, (*extra, calendar_row(view)))


def next_step(view: View, reminder: Reminder, today_: dt.date) -> str:
    """Under the plan and in /status: the next step, the day it is due and how far off."""
    item = view.content.item(reminder.payload.get("item", ""))
    due = dt.date.fromisoformat(reminder.payload["by"])
    title = item.title.get(view.lang) if item else ""
    return view._("Next: {step} — by {day} ({when}).").format(
        step=title, day=_day(view, due), when=_in_days(view, due, today_)
    )


def describe_step(view: View, progress: j.Progress, reminder: Reminder) -> str:
    """/reminders: the step it will remind of."""
    item = view.content.item(reminder.payload.get("item", ""))
    due = dt.date.fromisoformat(reminder.payload["by"])
    title = item.title.get(view.lang) if item else ""
    return view._("step: {step} (by {day})").format(step=title, day=_day(view, due))


def step_reminder(view: View, progress: j.Progress, reminder: Reminder, later: str) -> Screen:
    """A dated step of the plan, on its day: ✅ Done ticks it."""
    _ = view._
    item = view.content.item(reminder.payload.get("item", ""))
    due = dt.date.fromisoformat(reminder.payload["by"])
    title = escape(item.title.get(view.lang)) if item else ""
    why = escape(item.timing.why.get(view.lang)) if item and item.timing else ""
    text = _("🗓 Time for this step of your plan: <b>{step}</b> (by {day}).").format(
        step=title, day=_day(view, due)
    ) + (f"\n{why}" if why else "")
    rows: tuple[Row, ...] = (
        ((_("✅ Done"), cb.reminder_answer(reminder.id, "y")),),
        ((_("⏳ Tomorrow"), cb.reminder_answer(reminder.id, "t")),),
        ((_("✖ No more of these"), cb.reminder_answer(reminder.id, "s")),),
    )
    return Screen(text, rows)
