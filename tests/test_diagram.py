"""docs/conversation.mmd is what the journey's rules and the features' questions generate, and
covers every state."""

from __future__ import annotations

import re

from bot.content.loader import load_content
from bot.features import FEATURES
from bot.journey import rules as j
from bot.journey.diagram import mermaid, transitions
from tests.conftest import ROOT


def test_the_diagram_in_the_repository_is_generated_from_the_rules() -> None:
    generated = mermaid(load_content(ROOT / "conversations"), FEATURES.asked())
    shipped = (ROOT / "docs" / "conversation.mmd").read_text(encoding="utf-8")
    assert shipped == generated, "run `python -m bot diagram` and commit docs/conversation.mmd"


def test_every_state_and_question_is_in_the_diagram_and_every_edge_names_known_ones() -> None:
    shipped = (ROOT / "docs" / "conversation.mmd").read_text(encoding="utf-8")
    edges = re.findall(r"^\s+(\S+) --> (\S+):", shipped, flags=re.MULTILINE)
    named = {state for edge in edges for state in edge} - {"[*]"}
    assert named == set(j.STATES) | set(FEATURES.questions)


def test_a_changed_rule_changes_the_diagram(mini_content) -> None:  # type: ignore[no-untyped-def]
    # The mini content has an eSIM card that asks for billing: card → billing exists.
    assert (j.CARD, j.BILLING) in transitions(mini_content)
    asked = transitions(mini_content, [("sent_date", "I've sent my request")])
    assert (j.PLAN, "sent_date") in asked and ("sent_date", j.PLAN) in asked
