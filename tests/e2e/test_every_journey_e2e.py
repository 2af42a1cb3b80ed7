"""Every card × billing × operator × intent, in all three languages, through the real bot.

The 594 journeys run as concurrent users: the bot handles users concurrently and each user's
updates in order, so this also checks that nobody's answers leak into another's plan.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.content.loader import load_content
from bot.i18n import CONTENT_LANG, negotiate_locale
from bot.journey import rules as j
from devtools.devchat import BotProcess, Person
from tests.conftest import ROOT

CONTENT = load_content(ROOT / "conversations")
LANGUAGE_CODES = ("en", "zh-hans", "zh-hant")


def run_journey(person: Person, combo: tuple[str, str, str, str]) -> None:
    card_id, billing, operator_id, intent_id = combo
    lang = CONTENT_LANG[negotiate_locale(person.language_code)]
    card = CONTENT.card(card_id)
    operator = CONTENT.operator(operator_id)
    intent = next(i for i in CONTENT.journey.intents if i.id == intent_id)
    assert card is not None and operator is not None
    person.say("/start")
    person.tap(card.label.get(lang))
    if card.billing == "ask":
        choice = next(c for c in CONTENT.journey.billing_helper.choices if c.billing == billing)
        person.tap(choice.label.get(lang))
    person.tap(operator.shown(lang))
    before = len(person.messages())
    person.tap(intent.label.get(lang))
    expected = [
        f"⬜ {n}. {i.title.get(lang)}" for n, i in enumerate(j.select_plan(CONTENT, *combo), 1)
    ]

    def tick_buttons(p: Person) -> list[str]:
        labels = [label for m in p.messages()[before:] for label, _ in p.buttons(m)]
        return [label for label in labels if label.startswith("⬜")]

    # The plan may take several messages: wait until all of them are there.
    person.wait_until(lambda p: len(tick_buttons(p)) >= len(expected))
    assert tick_buttons(person) == expected, (person.language_code, combo)
    assert operator.shown(lang) in "".join(person.texts()[before:])


def test_every_journey_in_every_language(bot: BotProcess) -> None:
    combos = j.combinations(CONTENT)
    jobs = [
        (Person(bot.api, 50_000 + n, code), combo)
        for n, (code, combo) in enumerate(
            (code, combo) for code in LANGUAGE_CODES for combo in combos
        )
    ]
    with ThreadPoolExecutor(max_workers=24) as pool:
        for future in [pool.submit(run_journey, person, combo) for person, combo in jobs]:
            future.result()
    assert len(jobs) == 3 * len(combos) >= 3 * 100
