"""What a typed message or a plan link says, as a `Reading` (pure; no Telegram): its payload
(`plan_<card>_<operator>_<intent>`, any part left out or in any order) and how it fits the
journey in progress (fill the open questions, or a new plan)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from bot.content.models import Content
from bot.journey import rules as j

PAYLOAD_PREFIX = "plan_"
BILLED = ("data", "esim")  # cards whose billing (plan or prepaid) is a separate answer
CARD_BILLING = ("plan", "prepaid")  # card words that give the billing of a data card or eSIM
DAY_PART = re.compile(r"d(20\d\d)(\d\d)(\d\d)")  # the leaving day in a payload: d20270115


@dataclass(frozen=True)
class Reading:
    """What a message states; None = not stated. `billing` only for a data card or eSIM."""

    card: str | None = None
    billing: str | None = None
    operator: str | None = None
    intent: str | None = None
    # The day the message says the user leaves: it goes with the plan, but is not an answer
    # of the journey (nor part of what a reading is compared on).
    leaves: dt.date | None = field(default=None, compare=False)

    def __bool__(self) -> bool:
        return any((self.card, self.operator, self.intent))

    def payload(self) -> str:
        """`plan_<card>_<operator>_<intent>[_d<yyyymmdd>]` with the parts that are known."""
        billed = self.card in BILLED and self.billing
        card = f"{self.card}-{self.billing}" if billed else self.card
        day = f"d{self.leaves:%Y%m%d}" if self.leaves else None
        return PAYLOAD_PREFIX + "_".join(p for p in (card, self.operator, self.intent, day) if p)


def from_payload(payload: str, content: Content) -> Reading | None:
    """The reading a deep link or button carries; unknown parts are ignored; None when the
    payload is not a plan link or names nothing known."""
    if not payload.startswith(PAYLOAD_PREFIX) or len(payload) > 64:
        return None
    cards = {c.id for c in content.journey.cards}
    operators = {o.id for o in content.operators}
    intents = {i.id for i in content.journey.intents}
    found: dict[str, str] = {}
    leaves = None
    for part in payload[len(PAYLOAD_PREFIX) :].split("_"):
        if day := DAY_PART.fullmatch(part):
            with contextlib.suppress(ValueError):
                leaves = dt.date(*map(int, day.groups()))
            continue
        card, _, billing = part.partition("-")
        if part in cards:
            found.setdefault("card", part)
        elif card in BILLED and card in cards and billing in CARD_BILLING:
            found.setdefault("card", card)
            found.setdefault("billing", billing)
        elif part in operators:
            found.setdefault("operator", part)
        elif part in intents:
            found.setdefault("intent", part)
    reading = Reading(**found, leaves=leaves)
    return reading or None


# How a reading relates to the journey in progress (`fit`).
FILL = "fill"  # it only answers questions still open: they are filled in
NEW = "new"  # it contradicts an answer given: a new plan, after a confirmation


def known(progress: j.Progress) -> Reading:
    """The answers a journey holds, as a reading."""
    return Reading(progress.card, progress.billing, progress.operator, progress.intent)


def relative(progress: j.Progress, reading: Reading) -> Reading:
    """The reading as it speaks of this journey: "prepaid" or "plan" said of a data card or
    eSIM already answered is its billing, not another card."""
    if progress.card in BILLED and reading.card in CARD_BILLING and reading.billing is None:
        return replace(reading, card=None, billing=reading.card)
    return reading


def fit(progress: j.Progress, reading: Reading) -> str | None:
    """FILL, NEW, or None when the reading adds nothing to the journey (nothing understood,
    or only what the user already answered)."""
    given, reading = known(progress), relative(progress, reading)
    pairs = [(getattr(reading, f), getattr(given, f)) for f in ("card", "operator", "intent")]
    if reading.billing:
        pairs.append((reading.billing, given.billing))
    if any(said and held and said != held for said, held in pairs):
        return NEW
    return FILL if any(said and not held for said, held in pairs) else None


def merged(progress: j.Progress, reading: Reading) -> Reading:
    """The journey's answers with what the reading adds (or changes)."""
    said = relative(progress, reading)
    return replace(known(progress), **{k: v for k, v in vars(said).items() if v is not None})


def changes(progress: j.Progress, reading: Reading) -> list[str]:
    """The answers the reading changes ("not prepaid, a monthly plan" said of a prepaid
    journey changes its card)."""
    given, said = known(progress), relative(progress, reading)
    return [
        f
        for f in ("card", "billing", "operator", "intent")
        if getattr(said, f) and getattr(given, f) and getattr(said, f) != getattr(given, f)
    ]


def card_of(cards: set[str]) -> tuple[str | None, str | None]:
    """A data card or eSIM named with plan or prepaid words: that card, billed so."""
    forms = cards & set(BILLED)
    billings = cards & set(CARD_BILLING)
    if len(forms) == 1:
        return forms.pop(), billings.pop() if len(billings) == 1 else None
    if not forms and len(cards) == 1:
        return cards.pop(), None
    return None, None
