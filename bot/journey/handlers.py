"""The journey in Telegram: /start, /status, /restart, the question buttons, Back, ticks and
start over. Button handlers take (query, context, session, action); the journey's feature
declaration (journey/feature.py) routes them. It imports no other feature: what they add to a
plan comes from their declarations, through bot/flow.py."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from telegram import CallbackQuery, Update

from bot import callbacks as cb
from bot import flow
from bot.journey import rules as j
from bot.journey import screens
from bot.replies import answer_query, edit, edit_or_send, send
from bot.screen import Screen
from bot.session import Context, Session, open_session


async def start(update: Update, context: Context) -> None:
    """/start: greet the user and show where they are (nothing is reset); `/start <payload>`
    opens what a feature's deep link names."""
    session = await open_session(update, context)
    _ = session._
    payload = context.args[0] if context.args else ""
    lead = screens.greeting(session.view)
    for feature in session.services.features.features if payload else ():
        if feature.start_link and await feature.start_link(context, session, payload, lead):
            return
    if session.progress.state == j.PLAN:
        lead += "\n\n" + _("Here is your plan again. /restart starts a new one.")
    await flow.send_current_step(context, session, lead)


async def status(update: Update, context: Context) -> None:
    """/status: the plan with progress, or the open question."""
    session = await open_session(update, context)
    _ = session._
    if session.progress.state == j.PLAN:
        await flow.send_current_step(context, session)
    else:
        await flow.send_current_step(
            context, session, _("You have not finished the questions yet. Here is the next one:")
        )


def has_progress(progress: j.Progress) -> bool:
    return bool(progress.card or progress.ticks)


async def restart(update: Update, context: Context) -> None:
    """/restart: start over, after a confirmation when there is something to lose."""
    session = await open_session(update, context)
    if has_progress(session.progress):
        await send(
            context, session.chat_id, screens.confirm_restart(session.view, session.progress)
        )
        return
    await start_over(session)
    await flow.send_current_step(context, session)


async def start_over(session: Session) -> None:
    """A new journey: the old one's reminders, dates and what features held about it go."""
    await session.services.start_over(session.user_id)
    await session.save(j.start_over(session.progress))


async def typed(context: Context, session: Session, text: str) -> bool:
    """Text while a question is pending that nothing else took: point back to the buttons."""
    lead = session._("Please answer with one of the buttons below.")
    await flow.send_current_step(context, session, lead)
    return True


# buttons


async def answer(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A question's answer button: the next question, or the plan."""
    old = session.progress
    svc = session.services
    new = j.answer(old, svc.content, a.state, a.value)
    if new is None:
        await flow.expired(query, context, session, a)
        return
    await session.save(new)
    if old.answers is not None and new.answers != old.answers:
        # Back from a plan, and another answer: the reminders about the old card go (its
        # follow-up stays: it asks about a request already sent).
        about_card = [kind for kind, k in svc.features.reminders.items() if k.about_card]
        await svc.reminders.replace_kinds(session.user_id, about_card, [])
    await answer_query(query)
    view = session.view
    if new.state == j.PLAN:
        line = escape(screens.summary(view, new))
        done = Screen(session._("✔ {summary}").format(summary=line))
        await edit_or_send(query, context, done)
        await flow.send_current_step(context, session)
    else:
        await edit_or_send(query, context, screens.question(view, new))


async def back(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """« Back: the previous question (answers are kept); from a question asked from the
    plan, back to the plan."""
    progress = session.progress
    if a.state == progress.pending:
        await session.save(replace(progress, pending=None))
        await answer_query(query)
        await edit_or_send(query, context, Screen(session._("OK, nothing was changed.")))
        return
    if a.state != progress.state:
        await flow.expired(query, context, session, a)
        return
    await session.save(j.back(progress, session.services.content))
    await answer_query(query)
    if a.state == j.PLAN:
        await flow.send_current_step(context, session)  # the plan message stays as it was
    else:
        await edit_or_send(query, context, screens.question(session.view, session.progress))


async def tick(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A plan item's button: tick or untick it, and redraw its page."""
    progress = session.progress
    new = (
        j.toggle_tick(progress, session.services.content, a.value)
        if a.number == progress.generation
        else None
    )
    if new is None:
        await flow.expired(query, context, session, a)
        return
    await session.save(new)
    await answer_query(query, "✅" if a.value in new.ticks else "⬜")
    pages = await flow.plan_pages(session)
    index, page = screens.page_of(pages, new, a.value)
    first = int(a.state) if a.state else None
    if index > 0 and first is not None:  # the first page shows the count: redraw it too
        page = flow.with_first_page(page, first)
        await edit(context, session.chat_id, first, pages[0])
    await edit_or_send(query, context, page)


async def over(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """↺ Start over: ask first when there is something to lose."""
    await answer_query(query)
    if has_progress(session.progress):
        await edit_or_send(query, context, screens.confirm_restart(session.view, session.progress))
    else:
        await session.save(j.start_over(session.progress))
        await edit_or_send(query, context, screens.question(session.view, session.progress))


async def over_yes(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    await start_over(session)
    await answer_query(query)
    await edit_or_send(query, context, screens.question(session.view, session.progress))


async def over_no(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    await answer_query(query)
    await edit_or_send(query, context, Screen(session._("OK, nothing was changed.")))
    await flow.send_current_step(context, session)
