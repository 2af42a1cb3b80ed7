"""The vocabulary's schema: the words people type for each card, operator and intent
(conversations/vocabulary.yaml), apart from the rest of the content's models."""

from __future__ import annotations

from pydantic import Field

from bot.content.base import Id, Model, NonEmpty


class Words(Model):
    """Words people type for one thing, by language; nl and fr hold the words on Belgian bills
    and operator pages that users copy. Matched after folding (bot/text.py)."""

    zh_hans: tuple[NonEmpty, ...] = Field((), alias="zh-Hans")
    zh_hant: tuple[NonEmpty, ...] = Field((), alias="zh-Hant")
    en: tuple[NonEmpty, ...] = ()
    nl: tuple[NonEmpty, ...] = ()
    fr: tuple[NonEmpty, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.zh_hans + self.zh_hant + self.en + self.nl + self.fr


class Vocabulary(Model):
    """What typed words say about the card, the operator and the intent
    (conversations/vocabulary.yaml, read by bot/understand)."""

    cards: dict[Id, Words]
    # Besides each operator's own name (operators.yaml), which is always understood.
    operators: dict[Id, Words]
    intents: dict[Id, Words]
    # Just before an operator: it is where the number goes, not the card's operator.
    destination: Words
    # Just before an operator: it is the one being left (the card's operator).
    source: Words
    # Just before an end or keep word: it is negated ("不想注销", "don't cancel").
    negation: Words
    # Just before a card or operator: it is the wrong one ("不是预付卡，是月租", "not Base").
    correction: Words = Words.model_validate({})
    # A first word that greets rather than names a brand ("Hey, …" is not hey!).
    greetings: Words
    # Phrases that contain the words above but do not mean them (skipped before matching).
    ignore: Words = Words.model_validate({})
    # A message with one of these asks whether one must, what it costs or what happens: it
    # states no intent, whatever verb it uses.
    asking: Words = Words.model_validate({})
    # A message with one of these asks what a word means ("保号卡是啥", "what's a 保号卡?"): it
    # says nothing about the user's own card (the FAQ answers it; no 📋).
    defining: Words = Words.model_validate({})
