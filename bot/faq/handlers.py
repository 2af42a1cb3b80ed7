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
from bot.content.models import FaqEntry
from bot.faq import screens
from bot.i18n import CONTENT_LANG, negotiate_locale, translations, valid_locale
from bot.journey import rules as j
from bot.replies import EXPIRED, answer_query, edit_or_send, send
from bot.screen import Screen, View
from bot.session import Context, Session, open_session, services

DEEP_LINK_PREFIX = "faq-"
MAX_QUERY = 256  # longer text is cut before searching


def answer_screen(session: Session, entry: FaqEntry) -> Screen:
    return screens.answer(session.view, entry, session.services.faq.related(entry))


def entry_by_id(session: Session, entry_id: str) -> FaqEntry | None:
    return next((e for e in session.services.content.faq if e.id == entry_id), None)


def clear_answer(session: Session, text: str) -> FaqEntry | None:
    """The one answer a text clearly asks for, if there is one."""
    index = session.services.faq
    return index.clear_winner(index.search(text[:MAX_QUERY]))


def reply_screen(session: Session, text: str, results: bool = True) -> Screen | None:
    """The answer a typed question clearly asks for, else (with `results`) the answers that
    may help; None when nothing matched."""
    index = session.services.faq
    hits = index.search(text[:MAX_QUERY])
    best = index.clear_winner(hits) if hits else None
    if best is not None:
        return answer_screen(session, best)
    if not hits or not results:
        return None
    lead = session._("These answers may help:")
    return screens.choices(session.view, [h.entry for h in hits], lead)


async def search_reply(context: Context, session: Session, text: str) -> bool:
    """Answer a question typed by the user; False when nothing matched."""
    screen = reply_screen(session, text)
    if screen is None:
        return False
    await send(context, session.chat_id, screen)
    return True


async def typed_question(context: Context, session: Session, text: str) -> bool:
    """Text while the plan is shown (no question pending) is a question for the FAQ;
    False while a journey question is pending."""
    if session.progress.state != j.PLAN:
        return False
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


async def deep_link(context: Context, session: Session, payload: str) -> bool:
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
        await session.services.votes.vote(session.user_id, entry.id, session.locale, a.state == "u")
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
    locale = (
        valid_locale(stored.locale) if stored else negotiate_locale(query.from_user.language_code)
    )
    view = View(svc.content, translations(locale), locale)
    text = query.query.strip()[:MAX_QUERY]
    if text.startswith(DEEP_LINK_PREFIX):
        entries = [e for e in svc.content.faq if e.id == text[len(DEEP_LINK_PREFIX) :]]
    elif text:
        entries = [h.entry for h in svc.faq.search(text, limit=10)]
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
