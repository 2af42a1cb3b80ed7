"""/letter in Telegram: five questions (name, customer number, phone number, end date,
language) asked one at a time, then the letter as text and PDF and how to send it.

What the user types is kept in memory for this letter only (bot/letter/drafts.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from html import escape

from telegram import CallbackQuery, Update

from bot import callbacks as cb
from bot import dates, flow
from bot.feature import Question
from bot.i18n import N_
from bot.letter import rules as lt
from bot.letter import screens
from bot.letter.drafts import OPTIONAL, STEPS, Draft, Drafts
from bot.letter.pdf import letter_pdf
from bot.replies import EXPIRED, answer_query, edit_or_send, send, send_file
from bot.screen import Screen
from bot.session import Context, Session, open_session

NO_OPERATOR = N_("First tell me which operator the card is from: send /start.")


LETTER = "letter"  # the pending question: what is typed next is the letter's


def today(session: Session) -> dt.date:
    return dates.today(session.services.clock())


def drafts(session: Session) -> Drafts:
    return session.services.kept(Drafts)


def ask_again(session: Session) -> Screen | None:
    """The step the letter is at (nothing when its draft is gone)."""
    draft = drafts(session).get(session.user_id)
    return screens.step(session.view, draft) if draft else None


async def letter_command(update: Update, context: Context) -> None:
    """/letter: start the questions (the operator comes from the user's journey)."""
    await begin(context, await open_session(update, context))


async def begin(context: Context, session: Session, confirmed: bool = False) -> None:
    """Start the letter's questions. For a number being ported, warn first: cancelling before
    the port is done can lose the number (a port ends the old contract by itself)."""
    operator = session.progress.operator
    if not operator:
        await send(context, session.chat_id, Screen(session._(NO_OPERATOR)))
        return
    if session.progress.intent == "keep" and not confirmed:
        await send(context, session.chat_id, screens.port_warning(session.view))
        return
    # What is typed next is the letter's (not a date a plan's button asked for).
    await session.save(replace(session.progress, pending=LETTER))
    draft = drafts(session).start(session.user_id, operator)
    await send(context, session.chat_id, screens.step(session.view, draft))


async def typed(context: Context, session: Session, text: str) -> bool:
    """Text typed while a letter is being written; False if its draft is gone (expired)."""
    draft = drafts(session).get(session.user_id)
    if draft is None:
        return False
    view = session.view
    try:
        if draft.step == "name":
            draft.name = lt.clean_name(text)
        elif draft.step == "address":
            draft.address = lt.clean_address(text)
        elif draft.step == "customer":
            draft.customer = lt.clean_customer(text)
        elif draft.step == "phone":
            draft.phone = lt.clean_phone(text)
        elif draft.step == "date":
            draft.end_date = lt.parse_end_date(text, today(session))
        else:
            await send(context, session.chat_id, screens.step(view, draft))
            return True
    except lt.Invalid as problem:
        hint = screens.hint(view, str(problem))
        await send(context, session.chat_id, screens.step(view, draft, hint))
        return True
    draft.step = STEPS[STEPS.index(draft.step) + 1]
    await send(context, session.chat_id, screens.step(view, draft))
    return True


# buttons


async def start_button(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    """✉️ Write my cancellation letter, under the plan."""
    await answer_query(query)
    await begin(context, session)


async def anyway(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """Write it anyway, after the port warning."""
    await answer_query(query)
    await edit_or_send(query, context, Screen(session._("OK, here is the letter.")))
    await begin(context, session, confirmed=True)


async def not_now(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """« Back to my plan, after the port warning: nothing is written."""
    await answer_query(query)
    await edit_or_send(query, context, Screen(session._("OK, nothing was changed.")))
    await flow.send_current_step(context, session)


async def _draft(query: CallbackQuery, session: Session) -> Draft | None:
    """The letter a button belongs to (answering the press); None when it is gone. Its
    buttons make it the pending question again (a date asked meanwhile is dropped)."""
    draft = drafts(session).get(session.user_id)
    await answer_query(query, session._(EXPIRED) if draft is None else None)
    if draft is not None and session.progress.pending != LETTER:
        await session.save(replace(session.progress, pending=LETTER))
    return draft


async def cancel(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    if await _draft(query, session) is None:
        return
    drafts(session).forget(session.user_id)
    await flow.settle(session, LETTER)
    await edit_or_send(
        query, context, Screen(session._("Letter cancelled. Nothing you typed was kept."))
    )


async def back(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    draft = await _draft(query, session)
    if draft is None:
        return
    draft.step = STEPS[max(0, STEPS.index(draft.step) - 1)]
    await edit_or_send(query, context, screens.step(session.view, draft))


async def skip(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """Skip an optional step (the address, the customer number)."""
    draft = await _draft(query, session)
    if draft is None:
        return
    if draft.step in OPTIONAL:
        setattr(draft, draft.step, None)
        draft.step = STEPS[STEPS.index(draft.step) + 1]
    await edit_or_send(query, context, screens.step(session.view, draft))


async def end_date(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """Today / End of this month."""
    draft = await _draft(query, session)
    if draft is None:
        return
    if draft.step == "date":
        draft.end_date = today(session) if a.value == "t" else lt.end_of_month(today(session))
        draft.step = "lang"
    await edit_or_send(query, context, screens.step(session.view, draft))


async def language(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """The letter's language: the last step, so the letter goes out."""
    draft = await _draft(query, session)
    if draft is None:
        return
    if draft.step != "lang":
        await edit_or_send(query, context, screens.step(session.view, draft))
        return
    drafts(session).forget(session.user_id)
    await flow.settle(session, LETTER)
    name = dict((code, label) for label, code in screens.LANGUAGE_BUTTONS)[a.value]
    await edit_or_send(query, context, Screen("✔ " + name))
    await deliver(context, session, draft, a.value)


async def deliver(context: Context, session: Session, draft: Draft, lang: str) -> None:
    """Send the letter as text, as a PDF, and how to send it; the details are already gone
    from memory."""
    content = session.services.content
    operator = content.operator(draft.operator_id)
    if operator is None:
        await send(context, session.chat_id, Screen(session._(NO_OPERATOR)))
        return
    assert draft.end_date is not None  # the date step always comes before the language step
    details = lt.Details(
        name=draft.name,
        phone=draft.phone,
        end_date=draft.end_date,
        customer=draft.customer,
        address=draft.address,
    )
    text = lt.letter_text(content, operator, details, lang, today(session))
    await send(context, session.chat_id, Screen(f"<pre>{escape(text)}</pre>"))
    pdf = letter_pdf(text, f"{operator.name} – {details.phone}")
    filename = f"cancellation-{operator.id}-{details.end_date.isoformat()}.pdf"
    await send_file(context, session.chat_id, pdf, filename)
    explanation = screens.explanation(session.view, operator, details, session.progress)
    await send(context, session.chat_id, explanation)


QUESTION = Question(LETTER, ask_again, typed, diagram="Write my letter")
