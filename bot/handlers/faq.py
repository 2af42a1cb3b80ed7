"""The FAQ in Telegram: /faq (topics or a search), answers with related questions and
"was this helpful?", deep links `?start=faq-<id>`, free-text questions, and inline mode."""

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

from bot.content.models import FaqEntry
from bot.handlers.common import (
    EXPIRED,
    Context,
    Session,
    answer_query,
    edit_or_send,
    open_session,
    send,
    services,
)
from bot.i18n import CONTENT_LANG, negotiate_locale, translations, valid_locale
from bot.render import Screen, View

DEEP_LINK_PREFIX = "faq-"
MAX_QUERY = 256  # longer text is cut before searching


def answer_screen(session: Session, entry: FaqEntry) -> Screen:
    return session.view.faq_answer(entry, session.services.faq.related(entry))


def entry_by_id(session: Session, entry_id: str) -> FaqEntry | None:
    return next((e for e in session.services.content.faq if e.id == entry_id), None)


async def search_reply(context: Context, session: Session, text: str) -> bool:
    """Answer a question typed by the user; False when nothing matched."""
    index = session.services.faq
    hits = index.search(text[:MAX_QUERY])
    if not hits:
        return False
    best = index.clear_winner(hits)
    if best is not None:
        await send(context, session.chat_id, answer_screen(session, best))
    else:
        lead = session._("These answers may help:")
        await send(
            context, session.chat_id, session.view.faq_choices([h.entry for h in hits], lead)
        )
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
    await send(context, session.chat_id, session.view.faq_topics(lead))


async def deep_link(context: Context, session: Session, payload: str) -> bool:
    """`/start faq-<id>`: that answer at once (for a first-time user too)."""
    if not payload.startswith(DEEP_LINK_PREFIX):
        return False
    entry = entry_by_id(session, payload[len(DEEP_LINK_PREFIX) :])
    if entry is None:
        return False
    await send(context, session.chat_id, answer_screen(session, entry))
    return True


async def faq_button(
    query: CallbackQuery, context: Context, session: Session, kind: str, value: str, vote: str
) -> None:
    """Topics, a topic's questions, an answer, or a vote."""
    _ = session._
    if kind == "faq_topics":
        await answer_query(query)
        await edit_or_send(query, context, session.view.faq_topics())
        return
    if kind == "faq_topic":
        if value not in {t.id for t in session.services.content.faq_topics}:
            await answer_query(query, _(EXPIRED))
            await send(context, session.chat_id, session.view.faq_topics())
            return
        await answer_query(query)
        await edit_or_send(query, context, session.view.faq_topic(value))
        return
    entry = entry_by_id(session, value)
    if entry is None:
        await answer_query(query, _(EXPIRED))
        await send(context, session.chat_id, session.view.faq_topics())
        return
    if kind == "faq_vote":
        await session.services.storage.vote(session.user_id, entry.id, session.locale, vote == "u")
        await answer_query(query, _("Thank you for telling me."))
        return
    await answer_query(query)
    await edit_or_send(query, context, answer_screen(session, entry))


async def inline_query(update: Update, context: Context) -> None:
    """`@bot <words>` in any chat: matching answers as articles in the user's language."""
    query = update.inline_query
    if query is None:
        return
    svc = services(context)
    stored = await svc.storage.get_user(query.from_user.id)
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
