"""The plug-in seam (bot/feature.py): a feature's declarations reach the plan, the pending
question, the reminders and the menu without any other module knowing it; clashes are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import callbacks as cb
from bot.feature import Command, Feature, Question, Registry, ReminderKind
from bot.features import FEATURES
from bot.i18n import translations
from bot.journey import rules as j
from bot.reminders.screens import next_line, reminder_list
from bot.reminders.store import Reminder, State
from bot.screen import Screen, View

DEMO = cb.Form("zz", "demo", rf"({cb.NUMBER})", ("number",))


async def _nothing(*args: object) -> None: ...


async def _typed(*args: object) -> bool:
    return True


def demo_feature(name: str = "demo") -> Feature:
    return Feature(
        name=name,
        commands=(Command(name, _nothing, "Demo", rank=55),),
        buttons=((DEMO, _nothing),),
        plan_buttons=lambda view, p: (
            (((f"🧪 {name}", DEMO.data(p.generation)),),) if p.intent == "end" else ()
        ),
        questions=(Question(f"{name}_date", lambda s: None, _typed, diagram="Demo"),),
        reminders=(
            ReminderKind(
                f"{name}_kind",
                "demo reminder",
                lambda view, p, r, later: Screen("demo"),
                _nothing,
                next_line=lambda view, r, today: "Demo next.",
            ),
        ),
    )


def test_a_new_feature_plugs_in_with_its_declaration_alone(mini_content) -> None:  # type: ignore[no-untyped-def]
    registry = Registry((*FEATURES.features[:-1], demo_feature(), FEATURES.features[-1]))
    view = View(mini_content, translations("en"), "en")
    plan = j.Progress(j.PLAN, "plan", "plan", "base", "end")
    labels = [label for row in registry.plan_rows(view, plan) for label, _ in row]
    assert labels[-1] == "🧪 demo" and "🧪 demo" not in [
        label for row in FEATURES.plan_rows(view, plan) for label, _ in row
    ]
    asked = j.Progress(j.PLAN, "plan", "plan", "base", "end", pending="demo_date")
    assert j.sanitize(asked, mini_content, registry.questions).pending == "demo_date"
    assert j.sanitize(asked, mini_content, FEATURES.questions).pending is None
    mine = Reminder(1, 1, "demo_kind", 0, State.PENDING, 0, {})
    assert next_line(view, [mine], registry, dt.date(2026, 12, 7)) == "Demo next."
    assert "demo reminder" in reminder_list(view, [mine], registry, plan).text
    assert ("demo", "Demo") in registry.menu()
    assert ("demo_date", "Demo") in registry.asked()


def test_clashing_declarations_are_refused() -> None:
    with pytest.raises(ValueError, match="question 'demo_date'"):
        Registry((demo_feature(), demo_feature()))
    with pytest.raises(ValueError, match="head 'zz'"):
        cb.Form("zz", "other")


def test_every_declared_button_form_parses_its_own_data() -> None:
    for feature in FEATURES.features:
        for form, _ in feature.buttons:
            assert cb.parse(cb.VERSION + ":" + form.head) is None or not form.parts
    assert cb.parse(DEMO.data(7)) == cb.Action("demo", number=7)
    assert cb.parse("1:zz:x") is None and cb.parse("1:zz") is None
