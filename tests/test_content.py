"""Content loading and validation: a broken file is reported with file, YAML path and reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from bot.checks import load_checked
from bot.content.loader import ContentError, load_content
from bot.content.models import LANGS
from bot.content.validate import simplified_chars
from tests.conftest import ROOT, text, write_content


def problems_of(tmp_path: Path, files: dict[str, Any]) -> list[str]:
    """Every problem the full check (bot/checks.py: content, coverage, rendering) finds."""
    with pytest.raises(ContentError) as caught:
        load_checked(write_content(tmp_path / "broken", files))
    return [str(p) for p in caught.value.problems]


def test_mini_content_loads_into_frozen_objects(mini_content) -> None:  # type: ignore[no-untyped-def]
    assert [c.id for c in mini_content.journey.cards] == ["plan", "prepaid", "esim"]
    item = mini_content.item("base-1999")
    assert item.text.get("en") == "Call 1999"
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError on frozen
        item.id = "other"  # type: ignore[misc]


def test_missing_translation_names_file_path_and_reason(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    del mini_files["plan.yaml"]["items"][1]["text"]["zh-Hant"]
    assert problems_of(tmp_path, mini_files) == [
        "plan.yaml: items[1](id=port).text.zh-Hant: Field required"
    ]


def test_yaml_syntax_error_names_line(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    directory = write_content(tmp_path / "c", mini_files)
    (directory / "operators.yaml").write_text("operators:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(directory)
    (problem,) = caught.value.problems
    assert problem.file == "operators.yaml"
    assert problem.path.startswith("line ")
    assert "invalid YAML" in problem.reason


def test_unknown_references_and_duplicates_are_reported(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    items = mini_files["plan.yaml"]["items"]
    items[3]["sources"] = ["nope"]
    items[3]["applies"]["operator"] = ["orangee"]
    items.append(dict(items[0]))
    found = problems_of(tmp_path, mini_files)
    assert "plan.yaml: items[3](id=base-1999).sources: unknown source 'nope'" in found
    assert "plan.yaml: items[3](id=base-1999).applies.operator: unknown operator 'orangee'" in found
    assert "plan.yaml: items[6](id=codes): duplicate id" in found


def test_a_number_without_a_source_is_refused(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    mini_files["plan.yaml"]["items"][4]["text"]["en"] = "Credit lapses after 12 months"
    assert problems_of(tmp_path, mini_files) == [
        "plan.yaml: items[4](id=lapse): states a number, amount, address or link: add sources"
    ]


def test_simplified_characters_in_zh_hant_are_refused(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    mini_files["plan.yaml"]["items"][0]["text"]["zh-Hant"] = "先把银行的验证码换掉"
    (found,) = problems_of(tmp_path, mini_files)
    assert found.startswith("plan.yaml: items[0](id=codes).text.zh-Hant: Simplified characters")
    assert simplified_chars("台灣的電信業者") == ""
    assert simplified_chars("银行") == "银"


def test_every_journey_needs_a_before_and_a_cancel_item(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    items = mini_files["plan.yaml"]["items"]
    mini_files["plan.yaml"]["items"] = [i for i in items if i["id"] != "lapse"]
    found = problems_of(tmp_path, mini_files)
    assert (
        "plan.yaml: items: no 'cancel' item for card=prepaid billing=prepaid operator=proximus intent=end"
        in found
    )
    assert (
        "plan.yaml: items: no 'cancel' item for card=esim billing=prepaid operator=base intent=end"
        not in found
    )


def test_promotional_links_are_refused(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    mini_files["plan.yaml"]["items"][0]["text"]["en"] = "Join t.me/somechannel for tips"
    found = problems_of(tmp_path, mini_files)
    assert any("promotional" in p and "items[0](id=codes).text.en" in p for p in found)


def test_missing_file_is_reported(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    del mini_files["operators.yaml"]
    found = problems_of(tmp_path, mini_files)
    assert found[0].startswith("operators.yaml: missing file")


def test_check_content_cli_exit_codes(tmp_path: Path, mini_files, capsys) -> None:  # type: ignore[no-untyped-def]
    good = write_content(tmp_path / "good", mini_files)
    assert main(["check-content", str(good)]) == 0
    assert "plan items:  6" in capsys.readouterr().out
    del mini_files["journey.yaml"]["intents"][0]["label"]["en"]
    bad = write_content(tmp_path / "bad", mini_files)
    assert main(["check-content", str(bad)]) == 1
    assert "journey.yaml: intents[0](id=keep).label.en: Field required" in capsys.readouterr().out


def test_shipped_content_is_valid_and_complete() -> None:
    content = load_content(ROOT / "conversations")
    operators = {o.id for o in content.operators}
    assert {"proximus", "orange", "telenet", "base", "mobile-vikings", "other"} <= operators
    assert {c.id for c in content.journey.cards} == {"plan", "prepaid", "data", "esim"}
    for item in content.plan:
        for lang in LANGS:
            assert item.text.get(lang).strip()
            assert item.title.get(lang).strip()


def test_a_quoted_phone_number_must_be_stated_by_a_source(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    item = mini_files["plan.yaml"]["items"][3]  # base-1999, source "bipt"
    item["text"]["en"] = "Call +32 486 19 1999 or write to info@base.example"
    found = problems_of(tmp_path, mini_files)
    assert sorted(found) == [
        "plan.yaml: items[3](id=base-1999).text.en: '+32 486 19 1999' is not in this entry's sources or contacts",
        "plan.yaml: items[3](id=base-1999).text.en: 'info@base.example' is not in this entry's sources or contacts",
    ]
    # Listed by the source (written another way) or by the operator: accepted.
    mini_files["sources.yaml"]["sources"][0]["contacts"] = ["0486 19 19 99"]
    mini_files["operators.yaml"]["operators"][1]["contacts"] = [
        {"kind": "email", "value": "info@base.example", "label": text("Mail"), "sources": ["bipt"]}
    ]
    load_content(write_content(tmp_path / "fixed", mini_files))


def test_an_oversized_plan_message_is_refused(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    mini_files["plan.yaml"]["items"][0]["text"]["en"] = "word " * 900
    found = problems_of(tmp_path, mini_files)
    assert found and all(p.startswith("(rendered): en plan ") for p in found)
    assert "characters > 4096" in found[0]


def test_an_operator_name_that_is_a_phrase_must_be_translated(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    mini_files["operators.yaml"]["operators"].append(
        {"id": "other", "name": "Other / not sure", "group": "-", "sources": ["bipt"]}
    )
    found = problems_of(tmp_path, mini_files)
    assert found == [
        "operators.yaml: operators[2](id=other).name: 'Other / not sure' is shown untranslated "
        "but no source names that brand: give it a label in every language"
    ]
    mini_files["operators.yaml"]["operators"][2]["label"] = text("Other / not sure")
    content = load_checked(write_content(tmp_path / "fixed", mini_files))
    assert content.operators[2].shown("en") == "Other / not sure"


def test_shipped_operators_and_cards_are_named_in_every_language() -> None:
    content = load_content(ROOT / "conversations")
    other = content.operator("other")
    assert other is not None and other.shown("zh-Hans") != other.shown("en")
    for card in content.journey.cards:  # a card's name inside a sentence: no emoji, no brackets
        for lang in LANGS:
            assert not any(ch in card.short.get(lang) for ch in "()（）📄💳📶📲")


def test_a_missing_letter_file_is_a_content_error(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    del mini_files["letter.yaml"]
    assert problems_of(tmp_path, mini_files)[0].startswith("letter.yaml: missing file")


def test_a_letter_the_pdf_font_cannot_draw_is_refused(tmp_path: Path, mini_files) -> None:  # type: ignore[no-untyped-def]
    mini_files["letter.yaml"]["letters"]["fr"]["closing"] = "Cordialement ☎"
    mini_files["operators.yaml"]["operators"][1]["contacts"] = [
        {"kind": "address", "value": "BASE, 北京路 1", "label": text("Post"), "sources": ["bipt"]}
    ]
    found = problems_of(tmp_path, mini_files)
    assert sorted(found) == [
        "letter.yaml: letters.en: the PDF's font cannot draw '京北路'",
        "letter.yaml: letters.fr: the PDF's font cannot draw '☎京北路'",
        "letter.yaml: letters.nl: the PDF's font cannot draw '京北路'",
    ]
