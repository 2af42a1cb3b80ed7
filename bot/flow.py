"""What every feature's handlers share: showing the user where they are (the open question, or
the plan with the features' buttons, the next reminder and a pending question asked again),
answering a stale button, and asking a question from the plan.

A core module: it reads the features' declarations (services.features) and imports none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import replace

from telegram import CallbackQuery

from bot import callbacks as cb
from bot.dates import today
from bot.feature import Question
from bot.journey import rules as j
from bot.journey import screens
from bot.reminders.screens import next_line
from bot.reminders.store import Reminder, State
from bot.replies import EXPIRED, answer_query, send
from bot.screen import Screen, View
from bot.session import Context, Session


async def plan_pages(session: Session) -> list[Screen]:
    """The user's plan as it is shown: pages with the next reminder's line under the header
    and the features' buttons under the last page."""
    view, progress = session.view, session.progress
    reminders = await session.services.reminders.of_user(session.user_id)
    features = session.services.features
    note = next_line(view, reminders, features, today(session.services.clock()))
    extra = features.plan_rows(view, progress)
    for feature in features.features:
        drawn = await feature.plan_view(session, note, extra) if feature.plan_view else None
        if drawn is not None:
            return drawn
    return screens.plan_pages(view, progress, note, extra)


def pending_question(session: Session) -> Question | None:
    name = session.progress.pending
    return session.services.features.questions.get(name) if name else None


async def send_current_step(context: Context, session: Session, lead: str = "") -> None:
    """Show the user where they are: the open question, or their plan (and the question a
    feature asked from it, again)."""
    if session.progress.state == j.PLAN:
        if lead:
            await send(context, session.chat_id, Screen(lead))
        first: int | None = None
        for page in await plan_pages(session):
            if first is not None:  # later pages' ticks also redraw the first (its count)
                page = with_first_page(page, first)
            sent = await send(context, session.chat_id, page)
            first = sent.message_id if first is None else first
        question = pending_question(session)
        again = question.ask(session) if question else None
        if again is not None:
            await send(context, session.chat_id, again)
        return
    screen = screens.question(session.view, session.progress)
    if lead:
        screen = replace(screen, text=f"{lead}\n\n{screen.text}")
    await send(context, session.chat_id, screen)


def with_first_page(page: Screen, first: int) -> Screen:
    """A later page of a plan whose tick buttons name the message of the first page, so a
    tick there redraws the first page's "n of N steps done" too."""
    rows = tuple(
        tuple(
            (label, cb.tick_on(data, first) if data.startswith(cb.TICK_PREFIX) else data)
            for label, data in row
        )
        for row in page.keyboard
    )
    return replace(page, keyboard=rows)


async def expired(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A stale or forged button: say so politely and show the current step again."""
    await answer_query(query, session._(EXPIRED))
    await send_current_step(context, session)


async def ask(
    query: CallbackQuery,
    context: Context,
    session: Session,
    a: cb.Action,
    offered: bool,
    question: Question,
) -> None:
    """A plan's button that asks a question: it becomes the pending one and is asked. A button
    of an earlier plan, or one this plan does not offer, is answered as expired."""
    progress = session.progress
    if a.number != progress.generation or progress.state != j.PLAN or not offered:
        await expired(query, context, session, a)
        return
    await session.save(replace(progress, pending=question.name))
    await answer_query(query)
    screen = question.ask(session)
    if screen is not None:
        await send(context, session.chat_id, screen)


def date_question(
    name: str,
    ask: Callable[[View, dt.datetime, str], Screen],
    parse: Callable[[str, dt.datetime], dt.date | None],
    unreadable: Callable[[View], str],
    answered: Callable[[Context, Session, dt.date], Awaitable[None]],
    diagram: str,
) -> Question:
    """A question whose typed answer is a date: `ask(view, now, hint)` asks it (again, with
    `unreadable(view)` as the hint when `parse(text, now)` reads no date); a date read goes to
    `answered`, which settles the question."""

    def ask_again(session: Session) -> Screen:
        return ask(session.view, session.services.clock(), "")

    async def typed(context: Context, session: Session, text: str) -> bool:
        now = session.services.clock()
        day = parse(text, now)
        if day is None:
            screen = ask(session.view, now, unreadable(session.view))
            await send(context, session.chat_id, screen)
        else:
            await answered(context, session, day)
        return True

    return Question(name, ask_again, typed, diagram)


async def settle(session: Session, name: str) -> None:
    """The question `name` is answered (or given up): nothing is pending any more."""
    if session.progress.pending == name:
        await session.save(replace(session.progress, pending=None))


async def close_reminder(query: CallbackQuery, session: Session, reminder: Reminder) -> bool:
    """A reminder's answer is taken: it is marked answered and the press answered; False (and
    "expired") when it was answered or cancelled meanwhile."""
    store = session.services.reminders
    if not await store.set_state(reminder.id, session.user_id, State.ANSWERED):
        await answer_query(query, session._(EXPIRED))
        return False
    await answer_query(query)
    return True
