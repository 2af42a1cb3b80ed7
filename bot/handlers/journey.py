"""The guided journey in Telegram: /start, the question buttons, ticks, /status, /restart."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from telegram import CallbackQuery, Update

from bot import callbacks as cb
from bot.domain import journey as j
from bot.handlers import faq, followup, letter
from bot.handlers.common import (
    EXPIRED,
    Context,
    Session,
    answer_query,
    edit_or_send,
    open_session,
    send,
)
from bot.i18n import N_
from bot.render import Screen


def greeting(session: Session) -> str:
    _ = session._
    return _(
        "Hello! I help you stop a Belgian mobile card step by step: what to do before "
        "(balance, bills, accounts that send you codes), how to cancel or move the number, "
        "and what to check afterwards. Your progress is saved."
    )


async def send_current_step(context: Context, session: Session, lead: str = "") -> None:
    """Show the user where they are: the open question, or their plan."""
    if session.progress.state in (j.PLAN, j.SENT_DATE):
        if lead:
            await context.bot.send_message(session.chat_id, lead)
        reminders = await session.services.storage.user_reminders(session.user_id)
        note = followup.next_check_line(session, reminders)
        for page in session.view.plan_pages(session.progress, note):
            await send(context, session.chat_id, page)
        if session.progress.state == j.SENT_DATE:
            await send(context, session.chat_id, followup.ask_when_screen(session))
        return
    screen = session.view.question(session.progress)
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
    lead = greeting(session)
    if session.progress.state == j.PLAN:
        lead += "\n\n" + _("Here is your plan again. /restart starts a new one.")
    await send_current_step(context, session, lead)


async def status(update: Update, context: Context) -> None:
    """/status: the plan with progress, or the open question."""
    session = await open_session(update, context)
    _ = session._
    if session.progress.state == j.PLAN:
        await send_current_step(context, session)
    else:
        await send_current_step(
            context, session, _("You have not finished the questions yet. Here is the next one:")
        )


def confirm_restart_screen(session: Session) -> Screen:
    _ = session._
    ticked = len(session.progress.ticks)
    text = _("Start over? Your answers will be cleared.")
    if ticked:
        text = session.view.ngettext(
            "Start over? Your answers and your ticked step will be cleared.",
            "Start over? Your answers and your {count} ticked steps will be cleared.",
            ticked,
        ).format(count=ticked)
    return Screen(
        text,
        (
            ((_("Yes, start over"), cb.START_OVER_YES),),
            ((_("No, keep my progress"), cb.START_OVER_NO),),
        ),
    )


def has_progress(progress: j.Progress) -> bool:
    return bool(progress.card or progress.ticks)


async def restart(update: Update, context: Context) -> None:
    """/restart: start over, after a confirmation when there is something to lose."""
    session = await open_session(update, context)
    if has_progress(session.progress):
        await send(context, session.chat_id, confirm_restart_screen(session))
        return
    await forget_journey(session)
    await session.save(j.start_over(session.progress))
    await send_current_step(context, session)


async def forget_journey(session: Session) -> None:
    """Starting over: the old journey's reminders and dates go too."""
    await session.services.storage.cancel_reminders(session.user_id)
    await session.services.storage.set_sent_on(session.user_id, None)


FORGOTTEN = N_(
    "Done: everything I stored about you (language, answers, ticks, reminders) is deleted. "
    "Send /start if you want to begin again."
)


async def forget(update: Update, context: Context) -> None:
    """/forget: delete every row about the user, after a confirmation."""
    session = await open_session(update, context)
    _ = session._
    text = _(
        "Delete everything I stored about you: your language, answers, ticked steps and "
        "reminders? This cannot be undone."
    )
    rows = (((_("Yes, delete everything"), cb.FORGET_YES),), ((_("No, keep it"), cb.FORGET_NO),))
    await send(context, session.chat_id, Screen(text, rows))


async def reminders(update: Update, context: Context) -> None:
    """/reminders: what the bot plans to ask, each with a cancel button."""
    session = await open_session(update, context)
    await followup.list_reminders(context, session)


async def text_instead_of_button(update: Update, context: Context) -> None:
    """Free text in a private chat: point back to the buttons of the current step."""
    session = await open_session(update, context)
    _ = session._
    message = update.effective_message
    if session.progress.state == j.SENT_DATE and message is not None and message.text:
        await followup.day_typed(context, session, message.text)
        return
    text = message.text if message is not None and message.text else ""
    if await letter.text_input(context, session, text):
        return
    if session.progress.state == j.PLAN:
        # No question is pending: the text is a question for the FAQ.
        if await faq.search_reply(context, session, text):
            return
        lead = (
            _("I found no answer to that.")
            + " "
            + _(
                "Tap a step of your plan to tick it. /status shows your plan again, "
                "/help lists what I can do."
            )
        )
        await send(context, session.chat_id, session.view.faq_topics(lead))
        return
    # A question is pending: answer an obvious FAQ question, then ask again.
    hits = session.services.faq.search(text[: faq.MAX_QUERY])
    best = session.services.faq.clear_winner(hits)
    if best is not None:
        await send(context, session.chat_id, faq.answer_screen(session, best))
        await send_current_step(context, session, _("Now, back to where you were:"))
        return
    await send_current_step(context, session, _("Please answer with one of the buttons below."))


async def expired(query: CallbackQuery, context: Context, session: Session) -> None:
    """A stale or forged button: say so politely and show the current step again."""
    await answer_query(query, session._(EXPIRED))
    await send_current_step(context, session)


async def on_answer(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    new = j.answer(session.progress, session.services.content, a.state, a.value)
    if new is None:
        await expired(query, context, session)
        return
    await session.save(new)
    await answer_query(query)
    if new.state == j.PLAN:
        _ = session._
        summary = Screen(_("✔ {summary}").format(summary=session.view.summary(new)))
        await edit_or_send(query, context, summary)
        await send_current_step(context, session)
    else:
        await edit_or_send(query, context, session.view.question(new))


async def on_back(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    if a.state != session.progress.state:
        await expired(query, context, session)
        return
    await session.save(j.back(session.progress, session.services.content))
    await answer_query(query)
    if a.state == j.SENT_DATE:
        await edit_or_send(query, context, Screen(session._("OK, nothing was changed.")))
    elif a.state == j.PLAN:
        await send_current_step(context, session)  # the plan message stays as it was
    else:
        await edit_or_send(query, context, session.view.question(session.progress))


async def on_tick(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    progress = session.progress
    new = (
        j.toggle_tick(progress, session.services.content, a.value)
        if a.number == progress.generation
        else None
    )
    if new is None:
        await expired(query, context, session)
        return
    await session.save(new)
    await answer_query(query, "✅" if a.value in new.ticks else "⬜")
    _, page = session.view.page_of(new, a.value)
    await edit_or_send(query, context, page)


async def on_over(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    await answer_query(query)
    if has_progress(session.progress):
        await edit_or_send(query, context, confirm_restart_screen(session))
    else:
        await session.save(j.start_over(session.progress))
        await edit_or_send(query, context, session.view.question(session.progress))


async def on_over_yes(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await forget_journey(session)
    await session.save(j.start_over(session.progress))
    await answer_query(query)
    await edit_or_send(query, context, session.view.question(session.progress))


async def on_over_no(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await answer_query(query)
    await edit_or_send(query, context, Screen(session._("OK, nothing was changed.")))
    await send_current_step(context, session)


async def on_sent(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    progress = session.progress
    if (
        a.number != progress.generation
        or progress.state not in (j.PLAN, j.SENT_DATE)
        or not j.needs_follow_up(progress)
    ):
        await expired(query, context, session)
        return
    await followup.sent_pressed(query, context, session)


async def on_sent_day(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await followup.day_pressed(query, context, session, int(a.value))


async def on_reminder(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await followup.reminder_answered(query, context, session, a.number, a.value)


async def on_reminder_cancel(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await followup.cancel_pressed(query, context, session, a.number)


async def on_forget_yes(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await session.services.storage.forget(session.user_id)
    await answer_query(query)
    await edit_or_send(query, context, Screen(session._(FORGOTTEN)))


async def on_forget_no(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await answer_query(query)
    await edit_or_send(query, context, Screen(session._("OK, nothing was deleted.")))


async def on_language_menu(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await answer_query(query)
    await edit_or_send(query, context, session.view.language_menu())


async def on_language(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    await session.set_locale(a.value)
    await answer_query(query)
    _ = session._
    await edit_or_send(query, context, Screen(_("Language: English")))
    await send_current_step(context, session)


async def on_letter(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    await letter.letter_button(query, context, session, a.kind, a.value)


async def on_faq(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    await faq.faq_button(query, context, session, a.kind, a.value, a.state)


ButtonHandler = Callable[[CallbackQuery, Context, Session, cb.Action], Awaitable[None]]

# What each kind of button does (kinds: bot/callbacks.py); letter_* and faq_* kinds go to
# their module, which tells them apart.
BUTTONS: dict[str, ButtonHandler] = {
    "answer": on_answer,
    "back": on_back,
    "tick": on_tick,
    "over": on_over,
    "over_yes": on_over_yes,
    "over_no": on_over_no,
    "sent": on_sent,
    "sent_day": on_sent_day,
    "reminder": on_reminder,
    "reminder_cancel": on_reminder_cancel,
    "forget_yes": on_forget_yes,
    "forget_no": on_forget_no,
    "language_menu": on_language_menu,
    "language": on_language,
}
BUTTON_FAMILIES: dict[str, ButtonHandler] = {"letter": on_letter, "faq": on_faq}


async def button(update: Update, context: Context) -> None:
    """Every inline button of the bot: the callback data is parsed and validated, then the
    button's kind picks what happens; anything unknown is answered as expired."""
    query = update.callback_query
    assert query is not None
    session = await open_session(update, context)
    action = cb.parse(query.data)
    handler = None
    if action is not None:
        family = action.kind.split("_", 1)[0]
        handler = BUTTONS.get(action.kind) or BUTTON_FAMILIES.get(family)
    if action is None or handler is None:
        await expired(query, context, session)
        return
    await handler(query, context, session, action)
