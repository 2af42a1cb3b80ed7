"""The journey's screens: the questions, the one-line summary, the plan (in pages under
Telegram's limit, with a tick button per item), the greeting and the start-over confirmation."""

from __future__ import annotations

from html import escape
from typing import Protocol

from bot import callbacks as cb
from bot.content.models import PlanItem
from bot.i18n import N_
from bot.journey import rules as j
from bot.screen import ENTITY_BUDGET, PAGE_BUDGET, Row, Screen, View

PHASE_TITLES = {
    "before": N_("Before you start"),
    "cancel": N_("How to do it"),
    "after": N_("After"),
}


def greeting(view: View) -> str:
    return view._(
        "Hello! I help you step by step with a Belgian mobile card — ending it, moving the "
        "number to another operator, or keeping it alive while you are abroad: what to do "
        "before (balance, bills, accounts that send you codes), how to do it with your "
        "operator, and what to check afterwards. Your progress is saved."
    )


def nav(view: View, state: str) -> Row:
    _ = view._
    return ((_("« Back"), cb.back(state)), (_("↺ Start over"), cb.START_OVER))


def question(view: View, progress: j.Progress) -> Screen:
    _ = view._
    lang = view.lang
    jr = view.content.journey
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
        return Screen(escape(helper.text.get(lang)), (*rows, nav(view, state)))
    if state in (j.OPERATOR, j.OPERATOR_HELP):
        buttons = [(op.shown(view.lang), cb.answer(state, op.id)) for op in view.content.operators]
        op_rows: list[Row] = [tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]
        if state == j.OPERATOR:
            text = _("<b>Which operator is the card from?</b>")
            op_rows.append(((_("🤔 How do I find out?"), cb.answer(state, j.UNSURE)),))
        else:
            text = escape(jr.operator_helper.text.get(lang))
        return Screen(text, (*op_rows, nav(view, state)))
    if state == j.INTENT:
        rows = [((i.label.get(lang), cb.answer(j.INTENT, i.id)),) for i in jr.intents]
        text = (
            _("<b>What do you want to do with this number?</b>")
            + "\n\n"
            + escape(jr.intent_explainer.get(lang))
        )
        return Screen(text, (*rows, nav(view, state)))
    raise ValueError(f"not a question: {state}")


class Answers(Protocol):
    """What a journey or a reading of a message says (either may leave any part out)."""

    @property
    def card(self) -> str | None: ...
    @property
    def billing(self) -> str | None: ...
    @property
    def operator(self) -> str | None: ...
    @property
    def intent(self) -> str | None: ...


def summary(view: View, answers: Answers, short: bool = False) -> str:
    """One line naming the journey: card · operator · intent, as plain text. `short` names
    the card by its emoji and short name (for a button)."""
    parts = []
    card = view.content.card(answers.card or "")
    if card:
        label = card.label.get(view.lang)
        parts.append(f"{label.split(' ', 1)[0]} {card.short.get(view.lang)}" if short else label)
        if card.billing == "ask" and answers.billing:
            parts.append(view._("monthly plan") if answers.billing == "plan" else view._("prepaid"))
    operator = view.content.operator(answers.operator or "")
    if operator:
        parts.append(operator.shown(view.lang))
    intent = next((i for i in view.content.journey.intents if i.id == answers.intent), None)
    if intent:
        parts.append(intent.label.get(view.lang))
    return " · ".join(parts)


def operator_name(view: View, progress: j.Progress) -> str:
    """The journey's operator as shown (HTML-escaped), or "your operator"."""
    operator = view.content.operator(progress.operator or "")
    return escape(operator.shown(view.lang)) if operator else view._("your operator")


def item_block(
    view: View, number: int, item: PlanItem, done: bool, day: str = "", warning: str = ""
) -> str:
    """A step: its title in bold (and `day`, a `warning` line when given); its explanation and
    sources folded in an expandable quote (Telegram shows its first lines, one tap opens it),
    so a plan reads on a phone. `day` and `warning` are plain text."""
    mark = "✅" if done else "⬜"
    detail = escape(item.text.get(view.lang))
    if item.sources:
        detail += "\n" + view.sources_line(item.sources)
    title = f"{mark} <b>{number}. {escape(item.title.get(view.lang))}</b>"
    if day:
        title += " · " + escape(day)
    if warning:
        title += "\n" + escape(warning)
    return f"{title}\n<blockquote expandable>{detail}</blockquote>"


def plan_header(view: View, progress: j.Progress, items: list[PlanItem], note: str = "") -> str:
    """The plan's first lines: what it is for, how many steps are done, and `note` (plain)."""
    _ = view._
    return (
        _("<b>Your plan</b>: {summary}").format(summary=escape(summary(view, progress)))
        + "\n"
        + _("{done} of {total} steps done. Tap a step below to tick it.").format(
            done=j.count_done(progress, items), total=len(items)
        )
        + (f"\n{escape(note)}" if note else "")
    )


def plan_pages(
    view: View,
    progress: j.Progress,
    note: str = "",
    extra: tuple[Row, ...] = (),
    items: list[PlanItem] | None = None,
) -> list[Screen]:
    """The plan phase by phase, as one or more messages with tick buttons.

    `note` (e.g. the next reminder) goes under the header; `extra` are the rows features hang
    under the plan (bot/feature.py), above Back and Start over; `items` the steps shown (all
    of the journey's by default)."""
    items = j.plan_for(progress, view.content) if items is None else items
    blocks: list[tuple[int, PlanItem, str]] = []
    phase = None
    for number, item in enumerate(items, start=1):
        block = item_block(view, number, item, item.id in progress.ticks)
        if item.phase != phase:
            phase = item.phase
            block = f"<b>— {escape(view._(PHASE_TITLES[phase]))} —</b>\n" + block
        blocks.append((number, item, block))
    return paged(view, progress, plan_header(view, progress, items, note), blocks, extra)


def paged(
    view: View,
    progress: j.Progress,
    header: str,
    blocks: list[tuple[int, PlanItem, str]],
    extra: tuple[Row, ...] = (),
) -> list[Screen]:
    """Numbered step blocks under a header, split into messages under Telegram's limit; each
    message has the tick buttons of its steps, the last one `extra` rows and the navigation."""
    pages: list[list[str]] = [[header]]
    page_items: list[list[tuple[int, PlanItem]]] = [[]]
    sizes = [len(header)]
    tags = [header.count("<") - header.count("</")]
    for number, item, block in blocks:
        opened = block.count("<") - block.count("</")  # each is an entity for Telegram
        full = sizes[-1] + len(block) + 2 > PAGE_BUDGET or tags[-1] + opened > ENTITY_BUDGET
        if full and page_items[-1]:
            pages.append([])
            page_items.append([])
            sizes.append(0)
            tags.append(0)
        pages[-1].append(block)
        page_items[-1].append((number, item))
        sizes[-1] += len(block) + 2
        tags[-1] += opened
    screens = []
    for index, (texts, numbered) in enumerate(zip(pages, page_items, strict=True)):
        rows: list[Row] = [
            (
                (
                    f"{'✅' if item.id in progress.ticks else '⬜'} {n}. "
                    + item.title.get(view.lang),
                    cb.tick(progress.generation, item.id),
                ),
            )
            for n, item in numbered
        ]
        if index == len(pages) - 1:
            rows += extra
            rows.append(nav(view, j.PLAN))
        text = "\n\n".join(texts)
        if len(pages) > 1:
            text = f"({index + 1}/{len(pages)})\n" + text
        screens.append(Screen(text, tuple(rows)))
    return screens


def page_of(pages: list[Screen], progress: j.Progress, item_id: str) -> tuple[int, Screen]:
    """The page of the plan that holds this item (to edit it after a tick)."""
    for index, page in enumerate(pages):
        if any(
            data == cb.tick(progress.generation, item_id)
            for row in page.keyboard
            for _, data in row
        ):
            return index, page
    raise KeyError(item_id)


def confirm_restart(view: View, progress: j.Progress) -> Screen:
    _ = view._
    ticked = len(progress.ticks)
    text = _("Start over? Your answers will be cleared.")
    if ticked:
        text = view.ngettext(
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
