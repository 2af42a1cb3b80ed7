"""The FAQ's answers to a typed text, as screens: the one answer a text clearly asks for, or
the answers that may help. Used by the FAQ's handlers and by any feature that answers a
question in passing (a typed message that also states a case)."""

from __future__ import annotations

from bot.content.models import FaqEntry
from bot.faq import screens
from bot.faq.search import FaqIndex, index_of
from bot.screen import Screen
from bot.session import Session

MAX_QUERY = 256  # longer text is cut before searching


def index(session: Session) -> FaqIndex:
    return session.services.of_content(index_of)


def answer_screen(session: Session, entry: FaqEntry) -> Screen:
    return screens.answer(session.view, entry, index(session).related(entry))


def clear_answer(session: Session, text: str) -> FaqEntry | None:
    """The one answer a text clearly asks for, if there is one."""
    faq = index(session)
    return faq.clear_winner(faq.search(text[:MAX_QUERY]))


def reply_screen(session: Session, text: str, results: bool = True) -> Screen | None:
    """The answer a typed question clearly asks for, else (with `results`) the answers that
    may help; None when nothing matched."""
    faq = index(session)
    hits = faq.search(text[:MAX_QUERY])
    best = faq.clear_winner(hits) if hits else None
    if best is not None:
        return answer_screen(session, best)
    if not hits or not results:
        return None
    lead = session._("These answers may help:")
    return screens.choices(session.view, [h.entry for h in hits], lead)
