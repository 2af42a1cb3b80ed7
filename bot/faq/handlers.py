"""The FAQ in Telegram: /faq (topics or a search), its buttons, deep links `?start=faq-<id>`,
typed questions, and inline mode (`@bot <words>` in any chat)."""

from __future__ import annotations

import html

from telegram import (
    CallbackQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode

from bot import callbacks as cb
from bot import flow
from bot.content.models import FaqEntry
from bot.faq import screens
from bot.faq.answers import MAX_QUERY, answer_screen, clear_answer, reply_screen
from bot.faq.search import index_of
from bot.faq.store import VoteStore
from bot.i18n import CONTENT_LANG, translations, user_locale
from bot.journey import rules as j
from bot.replies import EXPIRED, answer_query, edit_or_send, send
from bot.screen import View
from bot.session import Context, Session, open_session, services

DEEP_LINK_PREFIX = "faq-"


def entry_by_id(session: Session, entry_id: str) -> FaqEntry | None:
    return next((e for e in session.services.content.faq if e.id == entry_id), None)


async def search_reply(context: Context, session: Session, text: str) -> bool:
    """Answer a question typed by the user; False when nothing matched."""
    screen = reply_screen(session, text)
    if screen is None:
        return False
    await send(context, session.chat_id, screen)
    return True


async def typed_question(context: Context, session: Session, text: str) -> bool:
    """Text while the plan is shown (no question pending) is a question for the FAQ. While a
    journey question is open, only an obvious question is answered (then the question is
    asked again); anything else is left to the journey (False)."""
    if session.progress.state != j.PLAN:
        best = clear_answer(session, text)
        if best is None:
            return False
        await send(context, session.chat_id, answer_screen(session, best))
        await flow.send_current_step(context, session, session._("Now, back to where you were:"))
        return True
    if await search_reply(context, session, text):
        return True
    _ = session._
    lead = (
        _("I found no answer to that.")
        + " "
        + _(
            "Tap a step of your plan to tick it. /status shows your plan again, "
            "/help lists what I can do."
        )
    )
    await send(context, session.chat_id, screens.topics(session.view, lead))
    return True


async def faq_command(update: Update, context: Context) -> None:
    """/faq: the topics; /faq <words>: a search."""
    session = await open_session(update, context)
    words = " ".join(context.args or []).strip()
    if words and await search_reply(context, session, words):
        return
    lead = session._("I found no answer to that.") if words else ""
    if words:
        lead += " " + session._("Send /start for a step-by-step plan for your card.")
    await send(context, session.chat_id, screens.topics(session.view, lead))


async def deep_link(context: Context, session: Session, payload: str, lead: str = "") -> bool:
    """`/start faq-<id>`: that answer at once (for a first-time user too)."""
    if not payload.startswith(DEEP_LINK_PREFIX):
        return False
    entry = entry_by_id(session, payload[len(DEEP_LINK_PREFIX) :])
    if entry is None:
        return False
    await send(context, session.chat_id, answer_screen(session, entry))
    return True


# buttons


async def show_topics(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    """« Topics."""
    await answer_query(query)
    await edit_or_send(query, context, screens.topics(session.view))


async def show_topic(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    """A topic: its questions."""
    if a.value not in {t.id for t in session.services.content.faq_topics}:
        await answer_query(query, session._(EXPIRED))
        await send(context, session.chat_id, screens.topics(session.view))
        return
    await answer_query(query)
    await edit_or_send(query, context, screens.topic(session.view, a.value))


async def show_answer(
    query: CallbackQuery, context: Context, session: Session, a: cb.Action
) -> None:
    """A question: its answer."""
    entry = await _entry_or_topics(query, context, session, a.value)
    if entry is not None:
        await answer_query(query)
        await edit_or_send(query, context, answer_screen(session, entry))


async def vote(query: CallbackQuery, context: Context, session: Session, a: cb.Action) -> None:
    """👍 / 👎 under an answer."""
    entry = await _entry_or_topics(query, context, session, a.value)
    if entry is not None:
        await VoteStore(session.services.db).vote(
            session.user_id, entry.id, session.locale, a.state == "u"
        )
        await answer_query(query, session._("Thank you for telling me."))


async def _entry_or_topics(
    query: CallbackQuery, context: Context, session: Session, entry_id: str
) -> FaqEntry | None:
    """The entry a button names; for one that no longer exists, the topics instead."""
    entry = entry_by_id(session, entry_id)
    if entry is None:
        await answer_query(query, session._(EXPIRED))
        await send(context, session.chat_id, screens.topics(session.view))
    return entry


async def inline_query(update: Update, context: Context) -> None:
    """`@bot <words>` in any chat: matching answers as articles in the user's language."""
    query = update.inline_query
    if query is None:
        return
    svc = services(context)
    stored = await svc.users.get(query.from_user.id)
    locale = user_locale(stored.locale if stored else None, query.from_user.language_code)
    view = View(svc.content, translations(locale), locale)
    text = query.query.strip()[:MAX_QUERY]
    if text.startswith(DEEP_LINK_PREFIX):
        entries = [e for e in svc.content.faq if e.id == text[len(DEEP_LINK_PREFIX) :]]
    elif text:
        entries = [h.entry for h in svc.of_content(index_of).search(text, limit=10)]
    else:
        entries = list(svc.content.faq[:10])
    lang = CONTENT_LANG[locale]
    link = f"https://t.me/{context.bot.username}?start={DEEP_LINK_PREFIX}"
    results = [
        InlineQueryResultArticle(
            id=entry.id,
            title=entry.question.get(lang),
            description=entry.answer.get(lang)[:120],
            input_message_content=InputTextMessageContent(
                f"<b>{html.escape(entry.question.get(lang))}</b>\n\n"
                f"{html.escape(entry.answer.get(lang))}\n\n"
                f"{view.sources_line(entry.sources)}\n"
                f'<a href="{link}{entry.id}">SIM Exit</a>',
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            ),
        )
        for entry in entries
    ]
    await query.answer(results, cache_time=300, is_personal=True)
