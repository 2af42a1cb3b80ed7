"""The guided journey as pure functions: where a user is, what an answer does, what Back does.

States are named strings (they are stored in SQLite and must survive code changes);
`card → [card_help] → [billing] → operator → [operator_help] → intent → plan`.
See docs/conversation.mmd for the diagram.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace

from bot.content.models import PHASES, UNSURE, Content, PlanItem

CARD = "card"
CARD_HELP = "card_help"
BILLING = "billing"
OPERATOR = "operator"
OPERATOR_HELP = "operator_help"
INTENT = "intent"
PLAN = "plan"
QUESTIONS: tuple[str, ...] = (CARD, CARD_HELP, BILLING, OPERATOR, OPERATOR_HELP, INTENT)
STATES: tuple[str, ...] = (*QUESTIONS, PLAN)

# How far along a state is; a helper belongs to its question.
STEP = {CARD: 0, CARD_HELP: 0, BILLING: 1, OPERATOR: 2, OPERATOR_HELP: 2, INTENT: 3, PLAN: 4}


@dataclass(frozen=True)
class Progress:
    """One user's journey as stored: the answers so far, the state, the ticked items, and
    the question a feature asked that is waiting for its answer (`pending`: its name, see
    bot/feature.py; a new answer, Back or a new plan drops it)."""

    state: str = CARD
    card: str | None = None
    billing: str | None = None
    operator: str | None = None
    intent: str | None = None
    generation: int = 1
    ticks: frozenset[str] = field(default_factory=frozenset)
    pending: str | None = None

    @property
    def answers(self) -> tuple[str, str, str, str] | None:
        """(card, billing, operator, intent) once every question is answered."""
        if self.card and self.billing and self.operator and self.intent:
            return (self.card, self.billing, self.operator, self.intent)
        return None


def sanitize(progress: Progress, content: Content, questions: Collection[str]) -> Progress:
    """Bring a stored journey back to a consistent state after a code or content change.

    An unknown state, or answers that no longer exist in the content, send the user back to
    the first question that needs answering again; ticks are kept. A pending question no
    feature asks any more (`questions`: the names they declare) is dropped.
    """
    card = content.card(progress.card) if progress.card else None
    valid_operator = progress.operator is not None and content.operator(progress.operator)
    fixed = progress
    if progress.pending is not None and progress.pending not in questions:
        fixed = replace(fixed, pending=None)
    if progress.state not in STATES:
        fixed = replace(fixed, state=CARD)
    if progress.card and card is None:
        return replace(fixed, state=CARD, card=None, billing=None, operator=None, intent=None)
    if card is not None and card.billing != "ask" and fixed.billing != card.billing:
        fixed = replace(fixed, billing=card.billing)
    if progress.operator and not valid_operator:
        fixed = replace(fixed, operator=None, intent=None)
    # The state may not be ahead of the answers it relies on.
    needed = _first_unanswered(fixed)
    if needed is not None and STEP[fixed.state] > STEP[needed]:
        fixed = replace(fixed, state=needed)
    return fixed


def _first_unanswered(p: Progress) -> str | None:
    if not p.card:
        return CARD
    if not p.billing:
        return BILLING
    if not p.operator:
        return OPERATOR
    if not p.intent:
        return INTENT
    return None


def _after_card(
    progress: Progress, content: Content, card_id: str, billing: str | None
) -> Progress:
    card = content.card(card_id)
    assert card is not None
    billing = card.billing if card.billing != "ask" else billing
    answered = replace(progress, card=card_id, billing=billing)
    return replace(answered, state=_next_open(answered, OPERATOR) if billing else BILLING)


def _next_open(p: Progress, state: str) -> str:
    """`state`, or the first question after it still open (given answers are not asked
    again: a typed message or a plan link may have answered later questions), else the plan."""
    if state == OPERATOR and p.operator:
        state = INTENT
    if state == INTENT and p.intent:
        state = PLAN
    return state


def answer(progress: Progress, content: Content, state: str, value: str) -> Progress | None:
    """Apply an answer given at `state`; None when the answer is not valid there. A question
    a feature asked is dropped: the journey moved on."""
    if state != progress.state:
        return None  # a button from an earlier question: stale
    return _answer(replace(progress, pending=None), content, state, value)


def _answer(progress: Progress, content: Content, state: str, value: str) -> Progress | None:
    j = content.journey
    if state == CARD:
        if value == UNSURE:
            return replace(progress, state=CARD_HELP)
        if content.card(value) is None:
            return None
        return _after_card(progress, content, value, None)
    if state in (CARD_HELP, BILLING):
        helper = j.card_helper if state == CARD_HELP else j.billing_helper
        choice = _choice(helper.choices, value)
        if choice is None:
            return None
        if state == BILLING:
            if choice.billing is None:
                return None
            billed = replace(progress, billing=choice.billing)
            return replace(billed, state=_next_open(billed, OPERATOR))
        if choice.card is None or content.card(choice.card) is None:
            return None
        return _after_card(progress, content, choice.card, choice.billing)
    if state in (OPERATOR, OPERATOR_HELP):
        if value == UNSURE and state == OPERATOR:
            return replace(progress, state=OPERATOR_HELP)
        if content.operator(value) is None:
            return None
        chosen = replace(progress, operator=value)
        return replace(chosen, state=_next_open(chosen, INTENT))
    if state == INTENT:
        if value not in {i.id for i in j.intents}:
            return None
        return replace(progress, state=PLAN, intent=value)
    return None


def _choice(choices: tuple, value: str):
    if not value.isdigit() or int(value) >= len(choices):
        return None
    return choices[int(value)]


def back(progress: Progress, content: Content) -> Progress:
    """The previous question (answers are kept, so the user sees what they chose); a pending
    question goes."""
    state = progress.state
    progress = replace(progress, pending=None)
    if state in (CARD, CARD_HELP):
        return replace(progress, state=CARD)
    if state == BILLING:
        return replace(progress, state=CARD)
    if state == OPERATOR:
        card = content.card(progress.card) if progress.card else None
        asked_billing = card is not None and card.billing == "ask"
        return replace(progress, state=BILLING if asked_billing else CARD)
    if state in (OPERATOR_HELP, INTENT):
        return replace(progress, state=OPERATOR)
    return replace(progress, state=INTENT)  # from the plan


def needs_follow_up(progress: Progress) -> bool:
    """Journeys where the user sends a request the operator must act on (and confirm):
    a port, or ending a plan. Ending a prepaid card needs no request."""
    return progress.intent == "keep" or (progress.intent == "end" and progress.billing == "plan")


def prefilled(
    progress: Progress,
    content: Content,
    card: str | None,
    billing: str | None,
    operator: str | None,
    intent: str | None,
) -> Progress:
    """A new journey with these answers given (from a typed message or a plan link): at the
    first question still open, or at the plan. Unknown ids are dropped."""
    chosen = content.card(card) if card else None
    if chosen is not None and chosen.billing != "ask":
        billing = chosen.billing
    fresh = Progress(
        generation=progress.generation + 1,
        card=chosen.id if chosen else None,
        billing=billing if chosen and billing in ("plan", "prepaid") else None,
        operator=operator if operator and content.operator(operator) else None,
        intent=intent if intent in {i.id for i in content.journey.intents} else None,
    )
    return replace(fresh, state=_first_unanswered(fresh) or PLAN)


def start_over(progress: Progress) -> Progress:
    """A fresh journey; the generation changes so buttons of the old plan expire."""
    return Progress(generation=progress.generation + 1)


def select_plan(
    content: Content, card: str, billing: str, operator: str, intent: str
) -> list[PlanItem]:
    """The plan items for this journey, phase by phase, in content order."""
    chosen = [i for i in content.plan if i.applies.matches(card, billing, operator, intent)]
    return sorted(chosen, key=lambda item: PHASES.index(item.phase))


def plan_for(progress: Progress, content: Content) -> list[PlanItem]:
    answers = progress.answers
    return select_plan(content, *answers) if answers else []


def toggle_tick(progress: Progress, content: Content, item_id: str) -> Progress | None:
    """Tick or untick an item of the user's current plan; None if it is not in the plan."""
    if progress.state != PLAN or item_id not in {i.id for i in plan_for(progress, content)}:
        return None
    ticks = progress.ticks ^ {item_id}
    return replace(progress, ticks=frozenset(ticks))


def count_done(progress: Progress, items: list[PlanItem]) -> int:
    return sum(1 for item in items if item.id in progress.ticks)


def combinations(content: Content) -> list[tuple[str, str, str, str]]:
    """Every (card, billing, operator, intent) a user can reach."""
    combos: list[tuple[str, str, str, str]] = []
    for card in content.journey.cards:
        billings = ("plan", "prepaid") if card.billing == "ask" else (card.billing,)
        for billing in billings:
            for operator in content.operators:
                for intent in content.journey.intents:
                    combos.append((card.id, billing, operator.id, intent.id))
    return combos
