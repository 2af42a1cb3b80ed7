"""The journey in Telegram: /start, /status, /restart, the question buttons, Back, ticks and
start over. Button handlers take (query, context, session, action); bot/routes.py says which
button each one answers."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from telegram import CallbackQuery, Update

from bot import callbacks as cb
from bot.faq import handlers as faq
from bot.journey import rules as j
from bot.journey import screens
from bot.keepalive import rules as k
from bot.keepalive import screens as keepalive
from bot.reminders import screens as reminder_screens
from bot.replies import EXPIRED, answer_query, edit_or_send, send
from bot.screen import Screen
from bot.session import Context, Session, open_session
from bot.understand import rules as u
from bot.understand import screens as understood


async def send_current_step(context: Context, session: Session, lead: str = "") -> None:
    """Show the user where they are: the open question, or their plan."""
    view = session.view
    if session.progress.state in (j.PLAN, *j.FROM_PLAN):
        if lead:
            await context.bot.send_message(session.chat_id, lead)
        reminders = await session.services.reminders.of_user(session.user_id)
        note = reminder_screens.next_check_line(view, reminders)
        for page in screens.plan_pages(view, session.progress, note):
            await send(context, session.chat_id, page)
        now = session.services.clock()
        if session.progress.state == j.SENT_DATE:
            await send(context, session.chat_id, reminder_screens.ask_when(view, now))
        elif session.progress.state == j.TOPUP_DATE:
            await send(context, session.chat_id, keepalive.ask_last_top_up(view, now))
        elif session.progress.state == j.START_DATE:
            await send(context, session.chat_id, keepalive.ask_start(view))
        return
    screen = screens.question(view, session.progress)
    if lead:
        screen = replace(screen, text=f"{lead}\n\n{screen.text}")
    await send(context, session.chat_id, screen)


async def start(update: Update, context: Context) -> None:
    """/start: greet the user and show where they are (nothing is reset)."""
    session = await open_session(update, context)
    _ = session._
    payload = context.args[0] if context.args else ""
    if payload and await faq.deep_link(context, session, payload):
        return
    lead = screens.greeting(session.view)
    reading = u.from_payload(payload, session.services.content) if payload else None
    if reading is not None:  # a plan link: `?start=plan_<card>_<operator>_<intent>`
        await start_prefilled(context, session, reading, confirmed=False, lead=lead)
        return
    if session.progress.state == j.PLAN:
        lead += "\n\n" + _("Here is your plan again. /restart starts a new one.")
    await send_current_step(context, session, lead)


async def status(update: Update, context: Context) -> None:
    """/status: the plan with progress, or the open question."""
    session = await open_session(update, context)
    _ = session._
    if session.progress.state in (j.PLAN, *j.FROM_PLAN):
        await send_current_step(context, session)
    else:
        await send_current_step(
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
    await send_current_step(context, session)


async def start_over(session: Session) -> None:
    """A new journey: the old one's reminders, dates and letter draft go too."""
    svc = session.services
    await svc.reminders.cancel_all(session.user_id)
    await svc.journeys.set_sent_on(session.user_id, None)
    svc.letters.forget(session.user_id)
    await session.save(j.start_over(session.progress))


async def start_prefilled(
    context: Context, session: Session, reading: u.Reading, confirmed: bool, lead: str = ""
) -> None:
    """A journey with the answers a message or plan link gave: it asks only the rest. One that
    contradicts the plan in progress replaces it only once the user confirms."""
    progress, content = session.progress, session.services.content
    fit = u.fit(progress, reading)
    if fit == u.NEW and not confirmed:
        if lead:
            await context.bot.send_message(session.chat_id, lead)
        screen = understood.confirm_new(session.view, progress, reading)
        await send(context, session.chat_id, screen)
        return
    if fit == u.NEW:
        await start_over(session)  # the old plan's reminders, dates and letter draft go
        given = reading
    else:
        given = u.merged(session.progress, reading)
    if fit is not None:
        new = j.prefilled(
            session.progress, content, given.card, given.billing, given.operator, given.intent
        )
        await session.save(new)
    await send_current_step(context, session, lead)


async def typed_instead_of_button(context: Context, session: Session, text: str) -> bool:
    """Text while a question is pending and nothing else took it: answer an obvious FAQ
    question, then ask again; otherwise point back to the buttons."""
    _ = session._
    best = faq.clear_answer(session, text)
    if best is not None:
        await send(context, session.chat_id, faq.answer_screen(session, best))
        await send_current_step(context, session, _("Now, back to where you were:"))
        return True
    await send_current_step(context, session, _("Please answer with one of the buttons below."))
    return True


# buttons


async def expired(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A stale or forged button: say so politely and show the current step again."""
    await answer_query(query, session._(EXPIRED))
    await send_current_step(context, session)


async def ask_from_plan(
    query: CallbackQuery,
    context: Context,
    session: Session,
    a: cb.Action,
    offered: bool,
    state: str,
) -> bool:
    """A plan's button that asks a question (a date: sent, last top-up, contract start): move to
    `state`, or answer a button of an earlier plan, or one this plan does not offer, as expired
    (False)."""
    progress = session.progress
    if (
        a.number != progress.generation
        or progress.state not in (j.PLAN, *j.FROM_PLAN)
        or not offered
    ):
        await expired(query, context, session, a)
        return False
    await session.save(replace(progress, state=state))
    await answer_query(query)
    return True


async def answer(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """A question's answer button: the next question, or the plan."""
    old = session.progress
    new = j.answer(old, session.services.content, a.state, a.value)
    if new is None:
        await expired(query, context, session, a)
        return
    await session.save(new)
    if old.answers is not None and new.answers != old.answers:
        # Back from a plan, and another answer: the top-up and free-day reminders were
        # about the old card (its follow-up stays: it asks about a request already sent).
        await session.services.reminders.replace_kinds(session.user_id, k.KINDS, [])
    await answer_query(query)
    view = session.view
    if new.state == j.PLAN:
        line = escape(screens.summary(view, new))
        done = Screen(session._("✔ {summary}").format(summary=line))
        await edit_or_send(query, context, done)
        await send_current_step(context, session)
    else:
        await edit_or_send(query, context, screens.question(view, new))


async def back(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """« Back: the previous question (answers are kept)."""
    if a.state != session.progress.state:
        await expired(query, context, session, a)
        return
    await session.save(j.back(session.progress, session.services.content))
    await answer_query(query)
    if a.state in j.FROM_PLAN:
        await edit_or_send(query, context, Screen(session._("OK, nothing was changed.")))
    elif a.state == j.PLAN:
        await send_current_step(context, session)  # the plan message stays as it was
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
        await expired(query, context, session, a)
        return
    await session.save(new)
    await answer_query(query, "✅" if a.value in new.ticks else "⬜")
    _, page = screens.page_of(session.view, new, a.value)
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
    await send_current_step(context, session)
