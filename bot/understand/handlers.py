"""Typed messages that say what card, operator or intent the user has: the 📋 button that
starts their plan with those answers (with the FAQ answer when the message is a question too).
Button handlers take (query, context, session, action); bot/routes.py routes them."""

from __future__ import annotations

from telegram import CallbackQuery

from bot import callbacks as cb
from bot.faq import handlers as faq
from bot.journey import handlers as journey
from bot.journey import rules as j
from bot.replies import answer_query, send
from bot.session import Context, Session
from bot.understand import rules as u
from bot.understand import screens


async def typed(context: Context, session: Session, text: str) -> bool:
    """Text that states something the journey does not hold yet: offer the plan for it.
    Free text never changes the journey by itself; only the 📋 button does."""
    progress = session.progress
    reading = session.services.reader.read(text)
    fit = u.fit(progress, reading)
    if fit is None:
        return False
    # The button shows the plan it leads to: the answers given and what the message adds.
    offered = u.merged(progress, reading) if fit == u.FILL else reading
    results = progress.state == j.PLAN or u.is_question(text)
    lead = faq.reply_screen(session, text, results=results)
    await send(context, session.chat_id, screens.offer(session.view, offered, fit == u.NEW, lead))
    return True


async def prefill(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """📋: the plan with what the message said (asking first if it replaces one)."""
    reading = u.from_payload(u.PAYLOAD_PREFIX + a.value, session.services.content)
    if reading is None:
        await journey.expired(query, context, session, a)
        return
    await answer_query(query)
    # "Yes" counts only for the plan it was asked about; an older one asks again.
    confirmed = a.kind == "prefill_yes" and a.number == session.progress.generation
    await journey.start_prefilled(context, session, reading, confirmed=confirmed)
