"""Typed messages and plan links that say what card, operator or intent the user has: the 📋
button that starts their plan with those answers (with the FAQ answer when the message is a
question too), and `?start=plan_…` links."""

from __future__ import annotations

from dataclasses import replace

from telegram import CallbackQuery

from bot import callbacks as cb
from bot import flow
from bot.dates import today
from bot.faq.answers import reply_screen
from bot.journey import rules as j
from bot.replies import answer_query, send
from bot.screen import Screen
from bot.session import Context, Session
from bot.understand import rules as u
from bot.understand import screens


def reader(session: Session) -> u.Reader:
    return session.services.of_content(u.Reader)


async def typed(context: Context, session: Session, text: str) -> bool:
    """Text that states something the journey does not hold yet: offer the plan for it.
    Free text never changes the journey by itself; only the 📋 button does."""
    progress = session.progress
    reading = reader(session).read(text)
    if reading:  # "下个月15号回国": the plan it opens carries the day
        reading = replace(reading, leaves=u.leaving_day(text, today(session.services.clock())))
    fit = u.fit(progress, reading)
    if fit is None:
        return False
    # The button shows the plan it leads to: the answers given and what the message adds.
    offered = u.merged(progress, reading) if fit == u.FILL else reading
    results = progress.state == j.PLAN or u.is_question(text)
    lead = reply_screen(session, text, results=results)
    await send(context, session.chat_id, screens.offer(session.view, offered, fit == u.NEW, lead))
    return True


async def plan_link(context: Context, session: Session, payload: str, lead: str) -> bool:
    """`/start plan_<card>_<operator>_<intent>`: the plan with what the link names."""
    reading = u.from_payload(payload, session.services.content)
    if reading is None:
        return False
    await start_prefilled(context, session, reading, confirmed=False, lead=lead)
    return True


async def prefill(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """📋: the plan with what the message said (asking first if it replaces one)."""
    reading = u.from_payload(u.PAYLOAD_PREFIX + a.value, session.services.content)
    if reading is None:
        await flow.expired(query, context, session, a)
        return
    await answer_query(query)
    # "Yes" counts only for the plan it was asked about; an older one asks again.
    confirmed = a.kind == "prefill_yes" and a.number == session.progress.generation
    await start_prefilled(context, session, reading, confirmed=confirmed)


async def start_prefilled(
    context: Context, session: Session, reading: u.Reading, confirmed: bool, lead: str = ""
) -> None:
    """A journey with the answers a message or plan link gave: it asks only the rest. One that
    contradicts the plan in progress replaces it only once the user confirms."""
    progress, content = session.progress, session.services.content
    fit = u.fit(progress, reading)
    if fit == u.NEW and not confirmed:
        if lead:
            await send(context, session.chat_id, Screen(lead))
        screen = screens.confirm_new(session.view, progress, reading)
        await send(context, session.chat_id, screen)
        return
    if fit == u.NEW:
        # The old plan's reminders, dates and what features held about it go.
        await session.services.start_over(session.user_id)
        given = reading
    else:
        given = u.merged(progress, reading)
    if fit is not None:
        new = j.prefilled(
            progress, content, given.card, given.billing, given.operator, given.intent
        )
        await session.save(new)
    if reading.leaves:
        for hook in session.services.features.prefill_hooks():
            await hook(session, reading)
    await flow.send_current_step(context, session, lead)
