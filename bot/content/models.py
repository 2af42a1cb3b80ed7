"""The content schema: immutable, validated objects built from the YAML in `conversations/`.

Every text carries the three languages side by side; ids are short ASCII so they fit in
callback data. Cross-file checks (references, coverage) live in `validate.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, get_args

from pydantic import (
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.content.base import Id, Model, NonEmpty
from bot.content.words import Vocabulary
from bot.i18n import LANGUAGES

# The content's languages: one per row of the interface's table (bot/i18n.py).
LANGS: tuple[str, ...] = tuple(lang.content for lang in LANGUAGES)
PHASES: tuple[str, ...] = ("before", "cancel", "after")
BILLINGS: tuple[str, ...] = ("plan", "prepaid")
# keep = port the number to another operator; end = stop it; alive = go on using this same
# card (e.g. from abroad). A journey must offer keep and end; alive is optional.
IntentId = Literal["keep", "end", "alive"]
INTENTS: tuple[str, ...] = get_args(IntentId)
REQUIRED_INTENTS: tuple[str, ...] = ("keep", "end")
# The id of the "not sure" answer to the card and operator questions: no card or operator
# may take it.
UNSURE = "unsure"


class Text(Model):
    """One text in every supported language."""

    zh_hans: NonEmpty = Field(alias="zh-Hans")
    zh_hant: NonEmpty = Field(alias="zh-Hant")
    en: NonEmpty

    def get(self, lang: str) -> str:
        value: str = getattr(self, _field(lang))
        return value

    def items(self) -> list[tuple[str, str]]:
        return [(lang, self.get(lang)) for lang in LANGS]


def _field(lang: str) -> str:
    """The attribute of a language's text: zh-Hans → zh_hans."""
    return lang.lower().replace("-", "_")


# A row added to bot/i18n.py's LANGUAGES needs its field in Text (the YAML then requires it).
assert all(_field(lang) in Text.model_fields for lang in LANGS), "Text lacks a language"


class Source(Model):
    id: Id
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    title: NonEmpty
    checked: dt.date
    # Phone numbers, e-mail addresses and web addresses this page states; a text may quote
    # one only if one of its sources (or its operator's contacts) lists it.
    contacts: tuple[NonEmpty, ...] = ()


class Card(Model):
    id: Id
    label: Text  # the button, emoji and explanation included
    short: Text  # the card's name inside a sentence ("your monthly plan card")
    # A card whose billing is "ask" (eSIM, data-only) gets one more question: plan or prepaid?
    billing: Literal["plan", "prepaid", "ask"]


class Choice(Model):
    """A button of a helper: its label and what it answers."""

    label: Text
    card: Id | None = None
    billing: Literal["plan", "prepaid"] | None = None


class Helper(Model):
    text: Text
    choices: tuple[Choice, ...] = ()


class Intent(Model):
    id: IntentId
    label: Text


class Journey(Model):
    cards: tuple[Card, ...] = Field(min_length=1)
    card_helper: Helper
    billing_helper: Helper
    operator_helper: Helper
    intent_explainer: Text
    intents: tuple[Intent, ...] = Field(min_length=2, max_length=len(INTENTS))
    # What to do when the follow-up answer is "there is a problem".
    follow_up_problem: Text
    # Sources for the facts stated in the helper texts above.
    sources: tuple[Id, ...] = ()
    # Sources of the free-cancellation day (the 6-month rule, the fees left at most, a phone's
    # remaining value, the end date on the bill); without them the plan does not offer it.
    free_cancel_sources: tuple[Id, ...] = ()


class Contact(Model):
    kind: Literal["phone", "email", "web", "address", "app", "shop", "form"]
    value: NonEmpty
    label: Text
    sources: tuple[Id, ...] = Field(min_length=1)


class TopUpRule(Model):
    """How long this operator's prepaid card stays active without a top-up (the keep-alive
    reminders count from it); omitted where no source says."""

    months: int = Field(ge=1, le=24)
    sources: tuple[Id, ...] = Field(min_length=1)


class Operator(Model):
    id: Id
    name: NonEmpty  # the brand, as written to the operator (letters) and shown by default
    # What the bot shows instead of the name, in each language: required when the name is a
    # phrase rather than a brand (the validator checks the name against its sources).
    label: Text | None = None
    group: NonEmpty
    note: Text | None = None
    contacts: tuple[Contact, ...] = ()
    sources: tuple[Id, ...] = ()
    top_up: TopUpRule | None = None

    def shown(self, lang: str) -> str:
        """The operator's name as the bot shows it in `lang`."""
        return self.label.get(lang) if self.label else self.name


class Applies(Model):
    """Which journeys a plan item belongs to; an omitted list means 'all'."""

    card: tuple[Id, ...] | None = None
    billing: tuple[Literal["plan", "prepaid"], ...] | None = None
    operator: tuple[Id, ...] | None = None
    intent: tuple[IntentId, ...] | None = None

    def matches(self, card: str, billing: str, operator: str, intent: str) -> bool:
        return all(
            allowed is None or value in allowed
            for allowed, value in (
                (self.card, card),
                (self.billing, billing),
                (self.operator, operator),
                (self.intent, intent),
            )
        )


class Timing(Model):
    """When a step should happen, in days counted from the day the user leaves Belgium
    (0: the last day; negative: before it; positive: after): from `start` (None: from now) to
    `due`. `why` is the step's reason in one line (a reminder and a calendar event say it)."""

    start: Annotated[int, Field(ge=-180, le=180)] | None = None
    due: Annotated[int, Field(ge=-180, le=180)]
    why: Text

    @field_validator("why")
    @classmethod
    def _one_line(cls, value: Text) -> Text:
        for lang, text in value.items():
            if len(text) > 160 or "\n" in text:
                raise ValueError(f"why in {lang}: one line of at most 160 characters")
        return value


class PlanItem(Model):
    id: Id
    phase: Literal["before", "cancel", "after"]
    applies: Applies = Applies()
    title: Text
    text: Text
    sources: tuple[Id, ...] = ()
    # About leaving Belgium (e.g. "before you go abroad"): hidden for a user who is not leaving.
    leaving: bool = False
    timing: Timing | None = None  # where the step has a day relative to the leaving day

    @model_validator(mode="after")
    def _timing_in_order(self) -> PlanItem:
        t = self.timing
        if t is not None and t.start is not None and t.start > t.due:
            raise ValueError(f"timing: start {t.start} is after due {t.due}")
        return self

    @field_validator("title")
    @classmethod
    def _short_title(cls, value: Text) -> Text:
        # Titles are button labels: Telegram shows about 40 characters on a phone.
        for lang, text in value.items():
            if len(text) > 48:
                raise ValueError(f"title in {lang} is {len(text)} characters; keep it <= 48")
        return value


class FaqTopic(Model):
    id: Id
    label: Text


class FaqEntry(Model):
    id: Id
    topic: Id
    question: Text
    answer: Text
    keywords: tuple[str, ...] = ()
    sources: tuple[Id, ...] = Field(min_length=1)


LETTER_LANGS: tuple[str, ...] = ("nl", "fr", "en")


class LetterTemplate(Model):
    """A cancellation letter in one language (see conversations/letter.yaml)."""

    subject: NonEmpty
    greeting: NonEmpty
    body: NonEmpty
    customer_line: NonEmpty
    closing: NonEmpty
    place_date: NonEmpty
    signature: NonEmpty


class Letters(Model):
    letters: dict[Literal["nl", "fr", "en"], LetterTemplate] = Field(min_length=3)
    sources: tuple[Id, ...] = Field(min_length=1)


class Content(Model):
    """Everything the bot says that is not interface chrome."""

    sources: dict[str, Source]
    journey: Journey
    operators: tuple[Operator, ...]
    plan: tuple[PlanItem, ...]
    faq: tuple[FaqEntry, ...] = ()
    faq_topics: tuple[FaqTopic, ...] = ()
    letters: Letters
    vocabulary: Vocabulary

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.journey.cards if c.id == card_id), None)

    def operator(self, operator_id: str) -> Operator | None:
        return next((o for o in self.operators if o.id == operator_id), None)

    def item(self, item_id: str) -> PlanItem | None:
        return next((i for i in self.plan if i.id == item_id), None)


# Things in a text that must be backed by a source.
NEEDS_SOURCE = re.compile(r"\d|https?://|www\.|@|€")
