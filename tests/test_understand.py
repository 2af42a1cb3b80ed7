"""Reading typed messages and plan links (bot/understand), on the small content set and on the
shipped vocabulary with the held-out messages (bench/understand.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from bench.understand import FIELDS, HELDOUT, TUNED, evaluate, load_messages
from bot.content.loader import load_content
from bot.content.models import BILLINGS as BILLS
from bot.content.problems import ContentError
from bot.journey import rules as j
from bot.understand.rules import (
    FILL,
    NEW,
    Reader,
    Reading,
    fit,
    from_payload,
    is_question,
    leaving_day,
    merged,
)
from tests.conftest import ROOT, write_content


@pytest.fixture
def reader(mini_content) -> Reader:  # type: ignore[no-untyped-def]
    return Reader(mini_content)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("我的保号卡想注销", Reading(card="prepaid", intent="end")),
        ("儲值卡 不要了", Reading(card="prepaid", intent="end")),  # Traditional, folded
        ("保 号 卡", Reading(card="prepaid")),  # spaces between Chinese characters
        ("cancel my Proximus contract", Reading(card="plan", operator="proximus", intent="end")),
        ("proximu plan", Reading(card="plan", operator="proximus")),  # one typo in a long name
        ("belgacom", Reading(operator="proximus")),  # an old name
        ("比利时电信 携号转网", Reading(operator="proximus", intent="keep")),
        ("BASE", Reading(operator="base")),
        ("based in Ghent", Reading()),  # whole words only; "base" needs exactly that
        ("an E-SIM from base", Reading(card="esim", operator="base")),
        ("prepaid esim", Reading(card="esim", billing="prepaid")),  # the billing of an eSIM
        ("plan or prepaid?", Reading()),  # two cards: nothing guessed
        ("不想注销", Reading()),  # negated
        ("don't cancel", Reading()),
        ("the cancellation fee", Reading()),  # an ignored phrase
        ("hello", Reading()),
        ("", Reading()),
    ],
)
def test_what_a_message_says(reader: Reader, text: str, want: Reading) -> None:
    assert reader.read(text) == want


def test_two_operators_the_card_is_the_one_left(reader: Reader) -> None:
    assert reader.read("从 Proximus 转到 BASE") == Reading(operator="proximus", intent="keep")
    assert reader.read("Proximus 转到 BASE") == Reading(operator="proximus", intent="keep")
    assert reader.read("port my number from BASE to Proximus").operator == "base"
    # Only the destination named: not the card's operator, and a port.
    assert reader.read("port my number to BASE") == Reading(intent="keep")
    assert reader.read("is base part of proximus").operator is None


def test_cancel_and_port_is_a_port(reader: Reader) -> None:
    # cancel, then port: a port
    assert reader.read("cancel my contract and port my number") == Reading("plan", intent="keep")


def test_a_huge_message_is_read_up_to_a_bound(reader: Reader) -> None:
    assert reader.read("x " * 100_000 + "prepaid") == Reading()  # beyond MAX_TEXT
    assert reader.read("prepaid " + "x " * 100_000) == Reading(card="prepaid")


def test_a_word_may_name_only_one_thing(tmp_path: Path, mini_files: dict[str, Any]) -> None:
    mini_files["vocabulary.yaml"]["cards"]["prepaid"]["en"].append("Contract")
    mini_files["vocabulary.yaml"]["operators"]["nope"] = {"en": ["nope"]}
    with pytest.raises(ContentError) as error:
        load_content(write_content(tmp_path / "c", mini_files))
    reasons = str(error.value)
    assert "cards.prepaid: 'Contract' also names 'plan'" in reasons
    assert "operators.nope: no such operator" in reasons


def test_the_vocabulary_file_is_required(tmp_path: Path, mini_files: dict[str, Any]) -> None:
    del mini_files["vocabulary.yaml"]
    with pytest.raises(ContentError, match=r"vocabulary\.yaml: missing file"):
        load_content(write_content(tmp_path / "c", mini_files))


# plan links and the 📋 button


@pytest.mark.parametrize(
    ("payload", "want"),
    [
        ("plan_prepaid_proximus_end", Reading("prepaid", None, "proximus", "end")),
        ("plan_base", Reading(operator="base")),
        ("plan_end_base", Reading(operator="base", intent="end")),  # any order
        ("plan_esim-prepaid_base_keep", Reading("esim", "prepaid", "base", "keep")),
        ("plan_esim_zzz_end", Reading(card="esim", intent="end")),  # unknown parts ignored
        ("plan_prepaid-plan", None),  # a billing only for a data card or eSIM
        ("plan_", None),
        ("plan_zzz", None),
        ("faq-restore", None),
        ("plan_" + "base_" * 20, None),  # longer than Telegram allows
    ],
)
def test_plan_links(mini_content, payload: str, want: Reading | None) -> None:  # type: ignore[no-untyped-def]
    assert from_payload(payload, mini_content) == want


def test_a_reading_round_trips_through_its_payload(mini_content) -> None:  # type: ignore[no-untyped-def]
    for reading in (Reading("esim", "plan", "base", "keep"), Reading(operator="proximus")):
        assert from_payload(reading.payload(), mini_content) == reading


def test_how_a_reading_fits_the_journey_in_progress() -> None:
    fresh = j.Progress()
    assert fit(fresh, Reading()) is None
    assert fit(fresh, Reading(operator="base")) == FILL
    half = j.Progress(state=j.OPERATOR, card="prepaid", billing="prepaid")
    assert fit(half, Reading(card="prepaid")) is None  # says only what was answered
    assert fit(half, Reading(operator="base")) == FILL
    assert fit(half, Reading(card="plan")) == NEW
    assert merged(half, Reading(operator="base")) == Reading("prepaid", "prepaid", "base", None)


def test_plan_or_prepaid_said_of_a_data_card_or_esim_is_its_billing() -> None:
    at_billing = j.Progress(state=j.BILLING, card="esim")
    assert fit(at_billing, Reading(card="prepaid")) == FILL  # the answer to the open question
    assert merged(at_billing, Reading(card="prepaid")) == Reading("esim", "prepaid", None, None)
    billed = j.Progress(state=j.PLAN, card="esim", billing="prepaid", operator="base", intent="end")
    assert fit(billed, Reading(card="prepaid")) is None  # nothing new: no "new plan" offer
    assert fit(billed, Reading(card="plan")) == NEW  # another billing: a new plan
    assert fit(billed, Reading(card="esim", billing="prepaid")) is None


def test_a_prefilled_journey_asks_only_what_is_missing(mini_content) -> None:  # type: ignore[no-untyped-def]
    p = j.prefilled(j.Progress(generation=4), mini_content, None, None, "base", "end")
    assert (p.state, p.generation) == (j.CARD, 5)
    p = j.answer(p, mini_content, j.CARD, "prepaid")
    assert p is not None and p.state == j.PLAN  # operator and intent were given
    esim = j.prefilled(j.Progress(), mini_content, "esim", None, "base", None)
    assert esim.state == j.BILLING
    after = j.answer(esim, mini_content, j.BILLING, "1")
    assert after is not None and after.state == j.INTENT and after.billing == "prepaid"
    full = j.prefilled(j.Progress(), mini_content, "plan", "prepaid", "proximus", "keep")
    assert full.state == j.PLAN and full.billing == "plan"  # a plan card is billed as a plan
    bogus = j.prefilled(j.Progress(), mini_content, "zzz", None, "zzz", "zzz")
    assert bogus == j.Progress(generation=2)


# the shipped vocabulary on the held-out messages


@pytest.fixture(scope="module")
def shipped() -> Reader:
    return Reader(load_content(ROOT / "conversations"))


def test_the_tuned_messages_are_understood(shipped: Reader) -> None:
    """The sets the vocabulary was tuned on and the text model trained on (optimistic
    figures): ≥ 92 % exact, no field wrongly filled in more than 2 % of the messages.
    `python bench/understand.py --show` lists the misreads."""
    messages = [m for path in TUNED for m in load_messages(path)]
    assert len(messages) >= 7400
    assert {m["lang"] for m in messages} == {"zh-Hans", "zh-Hant", "en"}
    result = evaluate(shipped, messages)
    assert result["exact"] >= 0.92, result["misread"]
    for field in FIELDS:
        assert result["fields"][field]["wrong_fill_rate"] <= 0.02, (field, result["misread"])
    # The few left ask about an operator's offer ("請問 Digi 有 eSIM 嗎？"), not their own card.
    assert result["plan_offered_for_nothing"] <= 0.025 * result["nothing_stated"]


# Floors a little under what was measured at the end of issue 24's third session
# (bench/RESULTS.md): exact, the worst wrong-fill rate of card/billing/operator, intent's, alive
# recall, plans offered for messages that state nothing. h1 and h2 had their figures read while
# the method was chosen; h3 was first measured after the tuning of 980f3d3, h4 at a3efa5c, h5 at
# 80836a8, h6 and h7 at 7ad7529 (before the third session's changes).
FLOORS = {
    "blind-h1.yaml": (0.88, 0.01, 0.04, 0.93, 0),
    "blind-h2.yaml": (0.91, 0.01, 0.015, 0.95, 0),
    "blind-h3.yaml": (0.92, 0.01, 0.015, 0.95, 0),
    "blind-h4.yaml": (0.85, 0.015, 0.025, 0.88, 1),
    "blind-h5.yaml": (0.91, 0.01, 0.02, 0.95, 0),
    "blind-h6.yaml": (0.90, 0.03, 0.01, 0.97, 0),
    "blind-h7.yaml": (0.91, 0.01, 0.015, 0.92, 1),
    # written during the third session, measured once at its end (52d4e63)
    "blind-h8.yaml": (0.91, 0.02, 0.025, 0.95, 0),
    "blind-h9.yaml": (0.87, 0.01, 0.015, 0.88, 0),
    "blind-h10.yaml": (0.92, 0.01, 0.025, 0.94, 0),
    # written at the end of the third session, measured once (after training on t30-t33)
    "blind-h11.yaml": (0.88, 0.015, 0.015, 0.91, 1),
    "blind-h12.yaml": (0.87, 0.02, 0.015, 0.95, 0),
}


@pytest.mark.parametrize("path", HELDOUT, ids=lambda p: p.name)
def test_unseen_messages_are_read_no_worse_than_measured(shipped: Reader, path: Path) -> None:
    """Each held-out set (other hands, never tuned on). Only figures are asserted: the
    messages are never shown."""
    messages = load_messages(path)
    assert len(messages) >= 150
    result = evaluate(shipped, messages)
    figures = {k: v for k, v in result.items() if k != "misread"}
    exact, wrong, wrong_intent, alive, nothing = FLOORS[path.name]
    assert result["exact"] >= exact, figures
    for field in ("card", "billing", "operator"):
        assert result["fields"][field]["wrong_fill_rate"] <= wrong, figures
    assert result["fields"]["intent"]["wrong_fill_rate"] <= wrong_intent, figures
    assert result["alive_recall"] >= alive, figures
    assert result["plan_offered_for_nothing"] <= nothing, figures
    assert result["asks_accuracy"] >= 0.95, figures
    assert result["leaves_recall"] >= 0.9 and result["leaves_wrong"] <= 2, figures
    assert result["ms_per_message"] < 5, figures


def test_the_goals_hold_on_all_the_unseen_messages_together(shipped: Reader) -> None:
    """Issue 24's goals on the held-out sets pooled (twelve hands, 2,320 messages): >= 90 %
    exact, no field wrongly filled in more than 2 % of the messages, alive recall >= 90 %; a
    plan for at most 1 % of the messages that state nothing (3 of 333 when measured: card
    words in a general question, e.g. "how long does prepaid credit last")."""
    messages = [m for path in HELDOUT for m in load_messages(path)]
    assert len(messages) >= 2300
    result = evaluate(shipped, messages)
    figures = {k: v for k, v in result.items() if k != "misread"}
    assert result["exact"] >= 0.90, figures
    assert all(result["fields"][f]["wrong_fill_rate"] <= 0.02 for f in FIELDS), figures
    assert result["alive_recall"] >= 0.90, figures
    assert result["plan_offered_for_nothing"] <= 0.01 * result["nothing_stated"], figures


def test_the_readme_lists_every_plan_link_id() -> None:
    content = load_content(ROOT / "conversations")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): set(re.findall(r"`([a-z-]+)`", line.split("|")[2]))
        for line in readme.splitlines()
        if line.startswith("| card |")
        or line.startswith("| operator |")
        or line.startswith("| intent |")
    }
    cards = {c.id for c in content.journey.cards}
    billed = {f"{c.id}-{b}" for c in content.journey.cards if c.billing == "ask" for b in BILLS}
    assert rows["card"] == cards | billed
    assert rows["operator"] == {o.id for o in content.operators}
    assert rows["intent"] == {i.id for i in content.journey.intents}
    for ids in rows.values():
        for part in ids:
            assert from_payload(f"plan_{part}", content) is not None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # pinyin, with or without spaces and tones, meets the Chinese vocabulary
        ("wo de ka shi telenet de heyue, xiang jieyue", Reading("plan", None, "telenet", "end")),
        ("yùfùkǎ", Reading(card="prepaid")),
        ("yue zu ka", Reading(card="plan")),
        ("wo3 de ka shi telenet de yue4 zu1", Reading("plan", None, "telenet")),  # tone numbers
        # "not X but Y" reads Y, in either order and script
        ("不是预付的，是每个月扣钱的那种", Reading(card="plan")),
        ("not prepaid, it's a monthly plan", Reading(card="plan")),
        ("actually it's not base, it's digi", Reading(operator="digi")),
        ("我搞錯了，是 Lycamobile 不是 Lebara", Reading(operator="lycamobile")),
        # nicknames and brands we have no page for
        ("橘子的卡", Reading(operator="orange")),
        ("Youfone 月租 想取消", Reading("plan", None, "other", "end")),
        # hey: the brand, or a greeting
        ("hey的月租卡怎么取消？", Reading("plan", None, "hey", "end")),
        ("hey 在吗", Reading()),
        ("hey 嘅卡想留住", Reading(operator="hey", intent="alive")),  # Cantonese 嘅: the brand
        ("嗨 hey，我有个问题", Reading()),
        # the card stated indirectly
        ("路由器里的卡是 telenet 的，按月出账单", Reading("data", "plan", "telenet")),
        ("The card is built into the phone, no physical sim", Reading(card="esim")),
        # …with no card word at all: the model's card, where it is sure
        (
            "each month 25 euro goes from my bank to Telenet, I want to stop it",
            Reading("plan", None, "telenet", "end"),
        ),
        (
            "Scarlet 每个月自动从银行扣12欧，是什么类型",
            Reading("plan", None, "scarlet"),
        ),  # not "what is X"
        # keeping this card alive, and what the words negate
        ("回去以后这个号还要用来收工行的验证码", Reading(intent="alive")),
        ("what do I do so my number doesn't expire while I'm in Shanghai", Reading(intent="alive")),
        ("不想注销", Reading()),
        # the examples /help gives, in each writing
        ("my Orange prepaid card, I want to cancel it", Reading("prepaid", None, "orange", "end")),
        ("我的 Orange 預付卡想註銷，1月20號回國", Reading("prepaid", None, "orange", "end")),
        ("wo de orange yufuka xiang zhuxiao", Reading("prepaid", None, "orange", "end")),
        # nothing stated: no plan
        ("你好", Reading()),
        ("thanks", Reading()),
    ],
)
def test_people_as_they_write(shipped: Reader, text: str, want: Reading) -> None:
    assert shipped.read(text) == want


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("比利时上网卡怎么注销", True),
        ("可以远程解约吗", True),
        ("要不要先充值", True),
        ("保号一年多少钱", True),
        ("zenme quxiao orange de heyue", True),
        ("How long does porting take", True),
        ("攜號轉台要幾耐", True),  # Cantonese: how long
        ("hey 嘅卡我想留住，有咩方法", True),
        ("My number goes to Orange next week, should I cancel the old contract or not", True),
        ("我的卡是 Proximus 的月租，想注销", False),
        ("I want to cancel my Orange plan", False),
    ],
)
def test_questions_in_every_form(text: str, asks: bool) -> None:
    assert is_question(text) is asks


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("下个月15号回国", dt.date(2027, 1, 15)),
        ("I fly home on 20 January", dt.date(2027, 1, 20)),
        ("后天走，lyca 的卡不要了", dt.date(2026, 12, 9)),
        ("下周五回国", dt.date(2026, 12, 18)),
        ("周五走", dt.date(2026, 12, 11)),
        ("leaving next Friday", dt.date(2026, 12, 18)),
        ("12/28 回台灣", dt.date(2026, 12, 28)),
        ("Leaving 23/12. Proximus contract.", dt.date(2026, 12, 23)),
        ("wo mingtian huiguo", dt.date(2026, 12, 8)),
        ("xia zhou wu hui guo", dt.date(2026, 12, 18)),
        ("11月28号已经回国了", dt.date(2026, 11, 28)),  # already left: last November
        ("my contract ends on the 31st and I fly back on 2 January", dt.date(2027, 1, 2)),
        ("exams end 18 dec, flight on 22 dec", dt.date(2026, 12, 22)),
        ("合约1月15号到期", None),  # no leaving word
        ("下个月 10号回国", dt.date(2027, 1, 10)),  # a space before the day: still next month's
        ("xiayue 10 hao zou", dt.date(2027, 1, 10)),
        ("大後日返港", dt.date(2026, 12, 10)),
        ("今個月18號返香港", dt.date(2026, 12, 18)),  # Cantonese: this month
        ("going home for good on new year's eve", dt.date(2026, 12, 31)),
        ("I'm leaving next month", None),  # no day
        ("I top up every month but I'm moving to Shanghai", None),
    ],
)
def test_the_day_a_message_says_the_user_leaves(text: str, day: dt.date | None) -> None:
    assert leaving_day(text, dt.date(2026, 12, 7)) == day


def test_the_shipped_text_model_is_what_training_gives() -> None:
    """The weights in bot/understand/text_model.json come from the tuned sets as they are
    (scripts/train_understand.py --check), and the pure-Python reader gives scikit-learn's
    probabilities."""
    import subprocess
    import sys

    check = subprocess.run(
        [sys.executable, "scripts/train_understand.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_leaving_day_travels_in_the_payload(mini_content) -> None:  # type: ignore[no-untyped-def]
    reading = Reading(card="prepaid", operator="proximus", leaves=dt.date(2027, 1, 20))
    assert reading.payload() == "plan_prepaid_proximus_d20270120"
    back = from_payload(reading.payload(), mini_content)
    assert back == reading and back is not None and back.leaves == dt.date(2027, 1, 20)
    bad = from_payload("plan_prepaid_d20271340", mini_content)  # no 40th of the 13th month
    assert bad == Reading(card="prepaid") and bad is not None and bad.leaves is None
    assert from_payload("plan_d20270120", mini_content) is None  # a day alone is no plan
