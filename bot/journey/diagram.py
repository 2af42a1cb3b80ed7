"""The journey's state diagram (docs/conversation.mmd), generated from the rules themselves:
every state reachable with the shipped content, and every transition `answer` and `back` make,
plus the questions features ask from the plan (their declarations, bot/feature.py: pending
beside the plan, not states of the journey) and the few other moves named below.
`python -m bot diagram` writes the file; a test checks that the file in the repository is what
the code generates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.content.models import UNSURE, Content
from bot.journey import rules as j

HEADER = (
    "%% The guided journey, generated from bot/journey/rules.py by `python -m bot diagram`;\n"
    "%% do not edit. States are stored by name in SQLite; a question a feature asks from the\n"
    "%% plan is stored beside it as pending (bot/feature.py), drawn here as a state.\n"
    "stateDiagram-v2\n"
    "    [*] --> card: /start / 📋 / plan link\n"
    # A typed message's 📋 button or a plan link (understand.handlers.start_prefilled)
    # starts at the first question the message did not answer.
    + "".join(
        f"    [*] --> {state}: 📋 / plan link\n"
        for state in ("billing", "operator", "intent", "plan")
    )
)
# Transitions made elsewhere than `answer`/`back`: (from, to, label, who).
OTHERS = (
    (j.PLAN, j.PLAN, "tick a step", "journey.handlers.tick"),
    (j.PLAN, j.CARD, "Start over (confirmed) / restart", "journey.handlers.start_over"),
)


def _answers(content: Content, state: str) -> list[tuple[str, str]]:
    """(answer value, label) of every button of a question."""
    jr = content.journey
    if state == j.CARD:
        return [(c.id, c.id) for c in jr.cards] + [(UNSURE, "not sure")]
    if state == j.CARD_HELP:
        return [(str(i), c.card or "") for i, c in enumerate(jr.card_helper.choices)]
    if state == j.BILLING:
        return [(str(i), c.billing or "") for i, c in enumerate(jr.billing_helper.choices)]
    if state in (j.OPERATOR, j.OPERATOR_HELP):
        chosen = [(o.id, "operator chosen") for o in content.operators]
        return chosen + ([(UNSURE, "How do I find out?")] if state == j.OPERATOR else [])
    if state == j.INTENT:
        return [(i.id, i.id) for i in jr.intents]
    return []


def transitions(
    content: Content, questions: Iterable[tuple[str, str]] = ()
) -> dict[tuple[str, str], set[str]]:
    """(from, to) → labels, for every transition the rules allow from the start, and to and
    from each (question name, what asks it) of the features."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    seen: set[tuple[str | None, ...]] = set()
    todo = [j.Progress()]
    while todo:
        progress = todo.pop()
        # All that changes the way on (answers given are not asked again).
        key = (progress.state, progress.card, progress.billing, progress.operator, progress.intent)
        if key in seen:
            continue
        seen.add(key)
        for value, label in _answers(content, progress.state):
            new = j.answer(progress, content, progress.state, value)
            if new is not None:
                found[(progress.state, new.state)].add(label)
                todo.append(new)
        if progress.state != j.CARD:
            before = j.back(progress, content)
            found[(progress.state, before.state)].add("Back")
            todo.append(before)
    for start, end, label, _who in OTHERS:
        found[(start, end)].add(label)
    for name, asked_by in questions:
        found[(j.PLAN, name)].add(asked_by)
        found[(name, j.PLAN)].add("answered / Back")
    return found


def mermaid(content: Content, questions: Iterable[tuple[str, str]] = ()) -> str:
    """The diagram; `questions`: (name, what asks it) of the features' questions."""
    questions = tuple(questions)
    lines = [HEADER.rstrip("\n")]
    order = {state: n for n, state in enumerate((*j.STATES, *(name for name, _ in questions)))}
    for (start, end), labels in sorted(
        transitions(content, questions).items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]])
    ):
        lines.append(f"    {start} --> {end}: {' / '.join(sorted(labels))}")
    return "\n".join(lines) + "\n"
