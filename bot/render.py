"""What the user sees: each screen as HTML text plus a keyboard of (label, callback data).

Pure functions of content, progress and a translator; handlers turn a `Screen` into a
Telegram message. Everything taken from content or from the user is HTML-escaped here.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from html import escape
from urllib.parse import urlparse

from bot import callbacks as cb
from bot.content.models import Content, FaqEntry, PlanItem
from bot.domain import journey as j
from bot.i18n import CONTENT_LANG, LANGUAGE_NAMES, LOCALES, N_

MESSAGE_LIMIT = 4096
# Room left for Telegram's own counting (entities are not counted, but be safe).
PAGE_BUDGET = 3900

Keyboard = tuple[tuple[tuple[str, str], ...], ...]


@dataclass(frozen=True)
class Screen:
    text: str
    keyboard: Keyboard = ()


PHASE_TITLES = {
    "before": N_("Before you cancel"),
    "cancel": N_("How to do it"),
    "after": N_("After"),
}


class View:
    """Renders screens in one language."""

    def __init__(self, content: Content, translations: gettext.NullTranslations, locale: str):
        self.content = content
        self._ = translations.gettext
        self.ngettext = translations.ngettext
        self.locale = locale
        self.lang = CONTENT_LANG[locale]

    def nav(self, state: str) -> tuple[tuple[str, str], ...]:
        _ = self._
        return ((_("« Back"), cb.back(state)), (_("↺ Start over"), cb.START_OVER))

    # questions

    def question(self, progress: j.Progress) -> Screen:
        _ = self._
        lang = self.lang
        jr = self.content.journey
        state = progress.state
        if state == j.CARD:
            rows = [((c.label.get(lang), cb.answer(j.CARD, c.id)),) for c in jr.cards]
            rows.append(((_("🤔 Not sure"), cb.answer(j.CARD, j.UNSURE)),))
            text = _("<b>Which card do you want to stop?</b>")
            return Screen(text, (*rows, ((_("🌐 Language"), cb.LANGUAGE_MENU),)))
        if state in (j.CARD_HELP, j.BILLING):
            helper = jr.card_helper if state == j.CARD_HELP else jr.billing_helper
            rows = [
                ((choice.label.get(lang), cb.answer(state, str(i))),)
                for i, choice in enumerate(helper.choices)
            ]
            return Screen(escape(helper.text.get(lang)), (*rows, self.nav(state)))
        if state in (j.OPERATOR, j.OPERATOR_HELP):
            buttons = [(op.name, cb.answer(state, op.id)) for op in self.content.operators]
            op_rows: list[tuple[tuple[str, str], ...]] = [
                tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)
            ]
            if state == j.OPERATOR:
                text = _("<b>Which operator is the card from?</b>")
                op_rows.append(((_("🤔 How do I find out?"), cb.answer(state, j.UNSURE)),))
            else:
                text = escape(jr.operator_helper.text.get(lang))
            return Screen(text, (*op_rows, self.nav(state)))
        if state == j.INTENT:
            rows = [((i.label.get(lang), cb.answer(j.INTENT, i.id)),) for i in jr.intents]
            text = (
                _("<b>Do you want to keep the number or end it?</b>")
                + "\n\n"
                + escape(jr.intent_explainer.get(lang))
            )
            return Screen(text, (*rows, self.nav(state)))
        raise ValueError(f"not a question: {state}")

    def language_menu(self) -> Screen:
        rows = tuple(((LANGUAGE_NAMES[loc], cb.language(loc)),) for loc in LOCALES)
        return Screen(self._("Choose your language:"), rows)

    def summary(self, progress: j.Progress) -> str:
        """One line naming the journey: card · operator · intent."""
        parts = []
        card = self.content.card(progress.card or "")
        if card:
            parts.append(card.label.get(self.lang))
            if card.billing == "ask" and progress.billing:
                parts.append(
                    self._("monthly plan") if progress.billing == "plan" else self._("prepaid")
                )
        operator = self.content.operator(progress.operator or "")
        if operator:
            parts.append(operator.name)
        intent = next((i for i in self.content.journey.intents if i.id == progress.intent), None)
        if intent:
            parts.append(intent.label.get(self.lang))
        return escape(" · ".join(parts))

    # the plan

    def sources_line(self, source_ids: tuple[str, ...]) -> str:
        """Links to the sources, with the latest date they were checked."""
        links = []
        for source_id in source_ids:
            source = self.content.sources[source_id]
            host = urlparse(source.url).netloc.removeprefix("www.")
            links.append(f'<a href="{escape(source.url, quote=True)}">{escape(host)}</a>')
        checked = max(self.content.sources[s].checked for s in source_ids)
        return (
            "<i>"
            + self._("Source: {links} (checked {date})").format(
                links=", ".join(links), date=checked.isoformat()
            )
            + "</i>"
        )

    def item_block(self, number: int, item: PlanItem, done: bool) -> str:
        mark = "✅" if done else "⬜"
        lines = [
            f"{mark} <b>{number}. {escape(item.title.get(self.lang))}</b>",
            escape(item.text.get(self.lang)),
        ]
        if item.sources:
            lines.append(self.sources_line(item.sources))
        return "\n".join(lines)

    def plan_pages(self, progress: j.Progress, note: str = "") -> list[Screen]:
        """The plan as one or more messages, each under Telegram's limit, with tick buttons.

        `note` (e.g. the next reminder) goes under the header."""
        _ = self._
        items = j.plan_for(progress, self.content)
        done = j.count_done(progress, items)
        header = (
            _("<b>Your plan</b>: {summary}").format(summary=self.summary(progress))
            + "\n"
            + _("{done} of {total} steps done. Tap a step below to tick it.").format(
                done=done, total=len(items)
            )
            + (f"\n{escape(note)}" if note else "")
        )
        pages: list[list[str]] = [[header]]
        page_items: list[list[tuple[int, PlanItem]]] = [[]]
        sizes = [len(header)]
        phase = None
        for number, item in enumerate(items, start=1):
            block = self.item_block(number, item, item.id in progress.ticks)
            if item.phase != phase:
                phase = item.phase
                block = f"<b>— {escape(_(PHASE_TITLES[phase]))} —</b>\n" + block
            if sizes[-1] + len(block) + 2 > PAGE_BUDGET and page_items[-1]:
                pages.append([])
                page_items.append([])
                sizes.append(0)
            pages[-1].append(block)
            page_items[-1].append((number, item))
            sizes[-1] += len(block) + 2
        screens = []
        for index, (blocks, numbered) in enumerate(zip(pages, page_items, strict=True)):
            rows: list[tuple[tuple[str, str], ...]] = [
                (
                    (
                        f"{'✅' if item.id in progress.ticks else '⬜'} {n}. "
                        + item.title.get(self.lang),
                        cb.tick(progress.generation, item.id),
                    ),
                )
                for n, item in numbered
            ]
            if index == len(pages) - 1:
                if j.needs_follow_up(progress):
                    label = (
                        _("📨 I've asked the new operator to port my number")
                        if progress.intent == "keep"
                        else _("📨 I've sent my cancellation")
                    )
                    rows.append(((label, cb.sent(progress.generation)),))
                if progress.intent == "end" and progress.billing == "plan":
                    rows.append(((_("✉️ Write my cancellation letter"), cb.LETTER_START),))
                rows.append(self.nav(j.PLAN))
            text = "\n\n".join(blocks)
            if len(pages) > 1:
                text = f"({index + 1}/{len(pages)})\n" + text
            screens.append(Screen(text, tuple(rows)))
        return screens

    def page_of(self, progress: j.Progress, item_id: str) -> tuple[int, Screen]:
        pages = self.plan_pages(progress)
        for index, page in enumerate(pages):
            if any(
                data == cb.tick(progress.generation, item_id)
                for row in page.keyboard
                for _, data in row
            ):
                return index, page
        raise KeyError(item_id)

    # the FAQ

    def faq_topics(self, lead: str = "") -> Screen:
        rows = tuple(
            ((t.label.get(self.lang), cb.faq_topic(t.id)),) for t in self.content.faq_topics
        )
        text = self._("<b>Questions people ask</b> — choose a topic, or send /faq and your words.")
        return Screen(f"{lead}\n\n{text}" if lead else text, rows)

    def faq_topic(self, topic_id: str) -> Screen:
        topic = next(t for t in self.content.faq_topics if t.id == topic_id)
        entries = [e for e in self.content.faq if e.topic == topic_id]
        rows = [((e.question.get(self.lang), cb.faq_answer(e.id)),) for e in entries]
        rows.append(((self._("« Topics"), cb.FAQ_TOPICS),))
        return Screen(f"<b>{escape(topic.label.get(self.lang))}</b>", tuple(rows))

    def faq_choices(self, entries: list[FaqEntry], lead: str) -> Screen:
        rows = [((e.question.get(self.lang), cb.faq_answer(e.id)),) for e in entries]
        rows.append(((self._("« Topics"), cb.FAQ_TOPICS),))
        return Screen(lead, tuple(rows))

    def faq_answer(self, entry: FaqEntry, related: list[FaqEntry]) -> Screen:
        _ = self._
        parts = [
            f"<b>{escape(entry.question.get(self.lang))}</b>",
            escape(entry.answer.get(self.lang)),
            self.sources_line(entry.sources),
        ]
        rows: list[tuple[tuple[str, str], ...]] = [
            (("↪ " + e.question.get(self.lang), cb.faq_answer(e.id)),) for e in related
        ]
        rows.append(
            (
                (_("👍 Helpful"), cb.faq_vote(entry.id, True)),
                (_("👎 Not helpful"), cb.faq_vote(entry.id, False)),
            )
        )
        rows.append(((_("↗ Share"), cb.share(f"faq-{entry.id}")), (_("« Topics"), cb.FAQ_TOPICS)))
        text = "\n\n".join(parts) + "\n\n" + _("Was this helpful?")
        return Screen(text, tuple(rows))
