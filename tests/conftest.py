"""Shared fixtures: a small but complete content set written as real YAML files."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

# A sticker as the Bot API sends it in a message (for "not text" updates).
STICKER: dict[str, Any] = {
    "file_id": "s",
    "file_unique_id": "s",
    "type": "regular",
    "width": 1,
    "height": 1,
    "is_animated": False,
    "is_video": False,
}


def text(en: str, hans: str | None = None, hant: str | None = None) -> dict[str, str]:
    return {"zh-Hans": hans or f"简-{en}", "zh-Hant": hant or f"繁-{en}", "en": en}


def _label(name: str) -> dict[str, Any]:
    return {"label": text(name)}


MINI: dict[str, Any] = {
    "sources.yaml": {
        "sources": [
            {
                "id": "bipt",
                "url": "https://www.bipt.be/x",
                "title": "BIPT",
                "checked": "2026-11-23",
            },
            {
                "id": "prx",
                "url": "https://www.proximus.be/",
                "title": "Home",
                "checked": "2026-11-23",
            },
            {"id": "base", "url": "https://www.base.be/", "title": "Home", "checked": "2026-11-23"},
        ]
    },
    "journey.yaml": {
        "cards": [
            {"id": "plan", "billing": "plan", **_label("📄 Plan"), "short": text("plan card")},
            {"id": "prepaid", "billing": "prepaid", **_label("Prepaid"), "short": text("prepaid")},
            {"id": "esim", "billing": "ask", **_label("eSIM"), "short": text("eSIM")},
        ],
        "card_helper": {"text": text("Which?"), "choices": [{"card": "plan", **_label("Bill")}]},
        "billing_helper": {
            "text": text("How do you pay?"),
            "choices": [
                {"billing": "plan", **_label("Monthly")},
                {"billing": "prepaid", **_label("Top-up")},
            ],
        },
        "operator_helper": {"text": text("Look at the bill")},
        "intent_explainer": text("Keep or end"),
        "follow_up_problem": text("Write again, then the Ombudsman"),
        "intents": [{"id": "keep", **_label("Keep")}, {"id": "end", **_label("End")}],
    },
    "operators.yaml": {
        "operators": [
            {"id": "proximus", "name": "Proximus", "group": "Proximus", "sources": ["prx"]},
            {"id": "base", "name": "BASE", "group": "Telenet", "sources": ["base"]},
        ]
    },
    "plan.yaml": {
        "items": [
            {"id": "codes", "phase": "before", "title": text("Move codes"), "text": text("Move")},
            {
                "id": "port",
                "phase": "cancel",
                "applies": {"intent": ["keep"]},
                "title": text("Port"),
                "text": text("Ask the new operator"),
            },
            {
                "id": "write",
                "phase": "cancel",
                "applies": {"intent": ["end"], "billing": ["plan"]},
                "title": text("Write"),
                "text": text("Write to cancel"),
            },
            {
                "id": "base-1999",
                "phase": "cancel",
                "applies": {"intent": ["end"], "operator": ["base"]},
                "title": text("Call BASE"),
                "text": text("Call 1999"),
                "sources": ["bipt"],
            },
            {
                "id": "lapse",
                "phase": "cancel",
                "applies": {"intent": ["end"], "billing": ["prepaid"]},
                "title": text("Let it lapse"),
                "text": text("Stop topping up"),
            },
            {"id": "proof", "phase": "after", "title": text("Keep proof"), "text": text("Keep")},
        ]
    },
}


def _mini_letters() -> dict[str, Any]:
    shipped = yaml.safe_load((ROOT / "conversations" / "letter.yaml").read_text(encoding="utf-8"))
    return {**shipped, "sources": ["bipt"]}


MINI["letter.yaml"] = _mini_letters()
MINI["vocabulary.yaml"] = {
    "cards": {
        "plan": {"zh-Hans": ["月租卡"], "en": ["plan", "contract"]},
        "prepaid": {"zh-Hans": ["预付卡", "保号卡"], "zh-Hant": ["儲值卡"], "en": ["prepaid"]},
        "esim": {"en": ["esim", "e-sim"]},
    },
    "operators": {"proximus": {"zh-Hans": ["比利时电信"], "en": ["belgacom"]}, "base": {}},
    "intents": {
        "end": {"zh-Hans": ["注销", "不要了"], "en": ["cancel", "get rid of"]},
        "keep": {"zh-Hans": ["转网"], "en": ["port", "keep my number"]},
    },
    "destination": {"zh-Hans": ["转到"], "en": ["to"]},
    "source": {"zh-Hans": ["从"], "en": ["from"]},
    "negation": {"zh-Hans": ["不想"], "en": ["don't"]},
    "greetings": {"en": ["hey", "hi"]},
    "ignore": {"en": ["cancellation fee"]},
}


def write_content(directory: Path, files: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (directory / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


@pytest.fixture
def mini_files() -> dict[str, Any]:
    return copy.deepcopy(MINI)


@pytest.fixture
def mini_dir(tmp_path: Path, mini_files: dict[str, Any]) -> Path:
    return write_content(tmp_path / "conversations", mini_files)


@pytest.fixture
def mini_content(mini_dir: Path):  # type: ignore[no-untyped-def]
    from bot.content.loader import load_content

    return load_content(mini_dir)
