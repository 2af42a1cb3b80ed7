"""The journey's rules as pure functions: answers, Back, stale buttons, plan selection."""

from __future__ import annotations

from dataclasses import replace

from bot.journey import rules as j


def walk(content, *answers: tuple[str, str]) -> j.Progress:  # type: ignore[no-untyped-def]
    progress = j.Progress()
    for state, value in answers:
        nxt = j.answer(progress, content, state, value)
        assert nxt is not None, (state, value, progress)
        progress = nxt
    return progress


def test_prepaid_base_end_number_plan(mini_content) -> None:  # type: ignore[no-untyped-def]
    p = walk(mini_content, ("card", "prepaid"), ("operator", "base"), ("intent", "end"))
    assert p.state == j.PLAN and p.billing == "prepaid"
    ids = [i.id for i in j.plan_for(p, mini_content)]
    assert ids == ["codes", "base-1999", "lapse", "proof"]


def test_plan_keep_number_has_port_and_no_written_cancellation(mini_content) -> None:  # type: ignore[no-untyped-def]
    p = walk(mini_content, ("card", "plan"), ("operator", "proximus"), ("intent", "keep"))
    assert [i.id for i in j.plan_for(p, mini_content)] == ["codes", "port", "proof"]


def test_esim_asks_how_it_is_paid(mini_content) -> None:  # type: ignore[no-untyped-def]
    p = walk(mini_content, ("card", "esim"))
    assert p.state == j.BILLING and p.billing is None
    p = j.answer(p, mini_content, j.BILLING, "1")
    assert p is not None and p.billing == "prepaid" and p.state == j.OPERATOR
    assert j.back(p, mini_content).state == j.BILLING


def test_not_sure_leads_to_helpers(mini_content) -> None:  # type: ignore[no-untyped-def]
    p = walk(mini_content, ("card", j.UNSURE))
    assert p.state == j.CARD_HELP
    p = walk(mini_content, ("card", j.UNSURE), ("card_help", "0"), ("operator", j.UNSURE))
    assert (p.state, p.card) == (j.OPERATOR_HELP, "plan")
    p = j.answer(p, mini_content, j.OPERATOR_HELP, "base")
    assert p is not None and p.state == j.INTENT and p.operator == "base"


def test_answers_from_an_earlier_question_are_stale(mini_content) -> None:  # type: ignore[no-untyped-def]
    p = walk(mini_content, ("card", "plan"))
    assert j.answer(p, mini_content, j.CARD, "prepaid") is None
    assert j.answer(p, mini_content, j.OPERATOR, "no-such-operator") is None
    assert j.answer(p, mini_content, j.OPERATOR, "") is None
    assert j.answer(p, mini_content, j.CARD_HELP, "99") is None


def test_back_walks_the_questions_in_reverse(mini_content) -> None:  # type: ignore[no-untyped-def]
    p = walk(mini_content, ("card", "plan"), ("operator", "base"), ("intent", "end"))
    states = []
    for _ in range(4):
        p = j.back(p, mini_content)
        states.append(p.state)
    assert states == [j.INTENT, j.OPERATOR, j.CARD, j.CARD]
    assert p.card == "plan"  # answers stay, so the user sees what they chose


def test_ticks_toggle_only_items_of_the_plan(mini_content) -> None:  # type: ignore[no-untyped-def]
    p = walk(mini_content, ("card", "plan"), ("operator", "base"), ("intent", "end"))
    p = j.toggle_tick(p, mini_content, "codes")
    assert p is not None and p.ticks == {"codes"}
    assert j.toggle_tick(p, mini_content, "lapse") is None  # prepaid-only item
    p = j.toggle_tick(p, mini_content, "codes")
    assert p is not None and p.ticks == frozenset()


def test_start_over_clears_answers_and_bumps_generation(mini_content) -> None:  # type: ignore[no-untyped-def]
    p = walk(mini_content, ("card", "plan"), ("operator", "base"), ("intent", "end"))
    p = replace(p, ticks=frozenset({"codes"}))
    fresh = j.start_over(p)
    assert fresh == j.Progress(generation=p.generation + 1)


QUESTIONS = frozenset({"sent_date", "letter"})


def test_a_pending_question_no_feature_asks_is_dropped_and_answers_drop_it(mini_content) -> None:  # type: ignore[no-untyped-def]
    plan = walk(mini_content, ("card", "plan"), ("operator", "base"), ("intent", "end"))
    asked = replace(plan, pending="sent_date")
    assert j.sanitize(asked, mini_content, QUESTIONS) == asked
    assert j.sanitize(replace(plan, pending="renamed"), mini_content, QUESTIONS).pending is None
    # A journey move drops it: Back, a new answer, a new plan.
    assert j.back(asked, mini_content).pending is None
    assert j.start_over(asked).pending is None
    assert j.toggle_tick(asked, mini_content, "codes") is not None  # ticking keeps it
    assert j.toggle_tick(asked, mini_content, "codes").pending == "sent_date"  # type: ignore[union-attr]


def test_sanitize_resets_unknown_state_and_vanished_answers(mini_content) -> None:  # type: ignore[no-untyped-def]
    odd = j.Progress(state="renamed_state", card="plan", billing="plan")
    assert j.sanitize(odd, mini_content, QUESTIONS).state == j.CARD
    gone = j.Progress(
        state=j.PLAN,
        card="plan",
        billing="plan",
        operator="orange",
        intent="end",
        ticks=frozenset({"codes"}),
    )
    fixed = j.sanitize(gone, mini_content, QUESTIONS)
    assert (fixed.state, fixed.operator, fixed.ticks) == (j.OPERATOR, None, {"codes"})
    ahead = j.Progress(state=j.PLAN, card="plan", billing="plan")
    assert j.sanitize(ahead, mini_content, QUESTIONS).state == j.OPERATOR
    fine = walk(mini_content, ("card", "plan"), ("operator", "base"))
    assert j.sanitize(fine, mini_content, QUESTIONS) == fine
    for helper in (("card", j.UNSURE),), (("card", "plan"), ("operator", j.UNSURE)):
        in_helper = walk(mini_content, *helper)
        assert j.sanitize(in_helper, mini_content, QUESTIONS) == in_helper


def test_every_combination_is_reachable(mini_content) -> None:  # type: ignore[no-untyped-def]
    combos = j.combinations(mini_content)
    # plan(1 billing) + prepaid(1) + esim(2) = 4 card/billing pairs x 2 operators x 2 intents
    assert len(combos) == 16
    assert ("esim", "prepaid", "base", "keep") in combos
