"""The day I leave, in Telegram: 🗓 under the plan and /leaving ask it (quick picks, a typed
date, not leaving, already left); the plan is then drawn in time order, each unticked dated
step is reminded on its day (✅ Done ticks it, ⏳ Tomorrow, ✖ No more of these), and 📆 sends
the days as a calendar file."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from telegram import CallbackQuery, Update

from bot import callbacks as cb
from bot import flow
from bot.content.models import PlanItem
from bot.dates import to_epoch, today
from bot.journey import rules as j
from bot.journey import screens as journey
from bot.leaving import rules as lv
from bot.leaving import screens
from bot.leaving.calendar import ics
from bot.leaving.store import LeavingStore
from bot.reminders import rules as r
from bot.reminders.store import Reminder
from bot.replies import EXPIRED, answer_query, edit_or_send, send, send_file
from bot.screen import Row, Screen
from bot.session import Context, Session, open_session
from bot.understand.reading import Reading


def store(session: Session) -> LeavingStore:
    return LeavingStore(session.services.db)


def _today(session: Session) -> dt.date:
    return today(session.services.clock())


def _items(session: Session, leaving: lv.Leaving | None) -> list[PlanItem]:
    return lv.fits(j.plan_for(session.progress, session.services.content), leaving)


async def reschedule(session: Session, leaving: lv.Leaving | None) -> None:
    """The step reminders of this plan and day, in one transaction: a step still due on the
    same day keeps its reminder (snoozed or already sent, its buttons keep working); a ticked
    step, or one of an older plan or day, loses it; a new one gets it."""
    svc = session.services
    rows: list[tuple[int, dict[str, str]]] = []
    if leaving and leaving.day and leaving.remind and session.progress.answers:
        quiet = r.Quiet.of(svc.settings.quiet_hours)
        steps = lv.step_reminders(
            _items(session, leaving), session.progress.ticks, leaving.day, _today(session)
        )
        rows = [
            (to_epoch(r.on_day(day, quiet)), {"item": item, "by": due.isoformat()})
            for item, day, due in steps
        ]
    await svc.reminders.sync(
        session.user_id, lv.STEP, rows, key=lambda payload: (payload["item"], payload["by"])
    )


async def set_day(context: Context, session: Session, day: dt.date | None) -> None:
    """The answer: stored, the reminders recomputed, the plan shown again in its new order."""
    await store(session).set(session.user_id, day)
    await flow.settle(session, lv.QUESTION)
    leaving = lv.Leaving(day)
    await reschedule(session, leaving)
    await send(context, session.chat_id, screens.noted(session.view, leaving, _today(session)))
    if session.progress.state == j.PLAN:
        await flow.send_current_step(context, session)


QUESTION = flow.date_question(
    lv.QUESTION, screens.ask, lv.parse_day, screens.unreadable, set_day, "When do you leave?"
)


async def leaving_command(update: Update, context: Context) -> None:
    """/leaving: ask the day (it can be changed at any time)."""
    session = await open_session(update, context)
    await session.save(replace(session.progress, pending=lv.QUESTION))
    await send(context, session.chat_id, screens.ask(session.view))


async def ask(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """🗓 When do you leave Belgium? (under every plan)."""
    await flow.ask(query, context, session, a, True, QUESTION)


async def pick(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A quick pick: in 1 week, 2 weeks, 1 month; not leaving; already left."""
    if session.progress.pending != lv.QUESTION:
        await answer_query(query, session._(EXPIRED))
        return
    await answer_query(query)
    label = next(
        (
            text
            for row in screens.ask(session.view).keyboard
            for text, data in row
            if data == query.data
        ),
        "",
    )
    await edit_or_send(query, context, Screen("✔ " + label))
    await set_day(context, session, lv.picked_day(a.value, _today(session)))


async def plan_view(session: Session, note: str, extra: tuple[Row, ...]) -> list[Screen] | None:
    """The plan for one who said when they leave: in time order; for one who is not leaving,
    without the steps about leaving; None (the usual plan) when not asked yet."""
    leaving = await store(session).get(session.user_id)
    if leaving is None:
        return None
    items = _items(session, leaving)
    if leaving.day is None:
        return journey.plan_pages(session.view, session.progress, note, extra, items)
    return screens.timeline_pages(
        session.view, session.progress, items, leaving.day, _today(session), note, extra
    )


async def on_prefill(session: Session, reading: Reading) -> None:
    """A plan opened from a message that says when the user leaves ("下个月15号回国"): that
    day is noted (a year back at most: "I left on 1 December" is read too), and the plan is
    then drawn in time order with its reminders."""
    day, today_ = reading.leaves, _today(session)
    if day is None or not today_ - dt.timedelta(days=365) <= day <= lv.latest(
        session.services.clock()
    ):
        return
    await store(session).set(session.user_id, day)
    await reschedule(session, lv.Leaving(day))


async def on_progress(session: Session, before: j.Progress, after: j.Progress) -> None:
    """A tick or a new plan: the step reminders follow (a ticked step is not reminded)."""
    leaving = await store(session).get(session.user_id)
    if leaving is not None and leaving.day is not None and leaving.remind:
        await reschedule(session, leaving)


async def calendar(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """📆 Add to my calendar: the dated steps as an .ics file."""
    leaving = await store(session).get(session.user_id)
    if leaving is None or leaving.day is None or session.progress.state != j.PLAN:
        await answer_query(query, session._(EXPIRED))
        return
    await answer_query(query)
    steps = [
        step
        for group in lv.timeline(_items(session, leaving), leaving.day, _today(session))
        for step in group.steps
        if step.item.id not in session.progress.ticks
    ]
    link = f"https://t.me/{context.bot.username}?start=plan"
    data = ics(session.view, steps, link, session.services.clock())
    await send_file(context, session.chat_id, data, "leaving-belgium.ics")
    await send(
        context,
        session.chat_id,
        Screen(
            session._("Open the file to add the days to your calendar (Apple, Google or Outlook).")
        ),
    )


async def step_answered(
    query: CallbackQuery, context: Context, session: Session, reminder: Reminder, value: str
) -> None:
    """✅ Done ticks the step; ⏳ Tomorrow asks again tomorrow; ✖ ends these reminders."""
    svc = session.services
    _ = session._
    if value == "s":
        await store(session).stop_reminders(session.user_id)
        await svc.reminders.replace_kinds(session.user_id, [lv.STEP], [])
        await answer_query(query)
        await edit_or_send(query, context, Screen(_("OK, no more reminders about the steps.")))
        return
    if value == "t":
        due = r.on_day(_today(session) + dt.timedelta(days=1), r.Quiet.of(svc.settings.quiet_hours))
        if not await svc.reminders.snooze(reminder.id, session.user_id, to_epoch(due)):
            await answer_query(query, _(EXPIRED))
            return
        await answer_query(query)
        await edit_or_send(query, context, Screen(_("OK, I will remind you tomorrow.")))
        return
    if not await flow.close_reminder(query, session, reminder):
        return
    item = reminder.payload.get("item", "")
    await edit_or_send(query, context, Screen(_("✅ Done")))
    if item not in session.progress.ticks:
        ticked = j.toggle_tick(session.progress, svc.content, item)
        if ticked is not None:
            await session.save(ticked)
