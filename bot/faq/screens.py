"""The FAQ's screens: topics, a topic's questions, search results, and an answer with related
questions, "was this helpful?" and Share."""

from __future__ import annotations

from html import escape

from bot import callbacks as cb
from bot.content.models import FaqEntry
from bot.screen import Row, Screen, View

TOPICS = cb.Form("ft", "faq_topics")
TOPIC = cb.Form("fq", "faq_topic", rf"({cb.TOKEN})", ("value",))
ANSWER = cb.Form("fa", "faq_answer", rf"({cb.TOKEN})", ("value",))
VOTE = cb.Form("fv", "faq_vote", rf"({cb.TOKEN}):([ud])", ("value", "state"))
FAQ_TOPICS = TOPICS.data()


def topics(view: View, lead: str = "") -> Screen:
    rows = tuple(((t.label.get(view.lang), TOPIC.data(t.id)),) for t in view.content.faq_topics)
    text = view._("<b>Questions people ask</b> — choose a topic, or send /faq and your words.")
    return Screen(f"{lead}\n\n{text}" if lead else text, rows)


def topic(view: View, topic_id: str) -> Screen:
    chosen = next(t for t in view.content.faq_topics if t.id == topic_id)
    entries = [e for e in view.content.faq if e.topic == topic_id]
    rows = [((e.question.get(view.lang), ANSWER.data(e.id)),) for e in entries]
    rows.append(((view._("« Topics"), FAQ_TOPICS),))
    return Screen(f"<b>{escape(chosen.label.get(view.lang))}</b>", tuple(rows))


def choices(view: View, entries: list[FaqEntry], lead: str) -> Screen:
    rows = [((e.question.get(view.lang), ANSWER.data(e.id)),) for e in entries]
    rows.append(((view._("« Topics"), FAQ_TOPICS),))
    return Screen(lead, tuple(rows))


def answer(view: View, entry: FaqEntry, related: list[FaqEntry]) -> Screen:
    _ = view._
    parts = [
        f"<b>{escape(entry.question.get(view.lang))}</b>",
        escape(entry.answer.get(view.lang)),
        view.sources_line(entry.sources),
    ]
    rows: list[Row] = [(("↪ " + e.question.get(view.lang), ANSWER.data(e.id)),) for e in related]
    rows.append(
        (
            (_("👍 Helpful"), VOTE.data(entry.id, "u")),
            (_("👎 Not helpful"), VOTE.data(entry.id, "d")),
        )
    )
    rows.append(((_("↗ Share"), cb.share(f"faq-{entry.id}")), (_("« Topics"), FAQ_TOPICS)))
    text = "\n\n".join(parts) + "\n\n" + _("Was this helpful?")
    return Screen(text, tuple(rows))
