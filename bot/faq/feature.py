"""What the FAQ adds to the flow: /faq, its buttons, `?start=faq-<id>` deep links, and typed
text read as a question (inline mode is wired in bot/routes.py)."""

from __future__ import annotations

from bot.db import Transaction
from bot.faq import handlers, screens
from bot.faq.store import VoteStore
from bot.feature import Command, Feature
from bot.i18n import N_
from bot.services import Services


async def forget(svc: Services, tx: Transaction, user_id: int) -> None:
    await VoteStore.forget(tx, user_id)


FEATURE = Feature(
    name="faq",
    commands=(Command("faq", handlers.faq_command, N_("Questions and answers"), rank=30),),
    buttons=(
        (screens.TOPICS, handlers.show_topics),
        (screens.TOPIC, handlers.show_topic),
        (screens.ANSWER, handlers.show_answer),
        (screens.VOTE, handlers.vote),
    ),
    typed=handlers.typed_question,
    start_link=handlers.deep_link,
    forget=forget,
)
