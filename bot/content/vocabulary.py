"""Checks of conversations/vocabulary.yaml: every word names something that exists, and no
word names two different things of the same kind (it could only be guessed)."""

from __future__ import annotations

from bot.content.models import Content
from bot.content.problems import Problem
from bot.content.words import Words
from bot.text import phrase_key

FILE = "vocabulary.yaml"


def check_vocabulary(content: Content) -> list[Problem]:
    vocab = content.vocabulary
    problems: list[Problem] = []
    known: dict[str, set[str]] = {
        "cards": {c.id for c in content.journey.cards},
        "operators": {o.id for o in content.operators},
        "intents": {i.id for i in content.journey.intents},
    }
    tables: dict[str, dict[str, Words]] = {
        "cards": vocab.cards,
        "operators": vocab.operators,
        "intents": vocab.intents,
    }
    for kind, table in tables.items():
        meaning: dict[str, str] = {}
        if kind == "operators":  # each listed operator's own name is understood too
            for operator_id in table:
                found = content.operator(operator_id)
                if found is not None:
                    meaning[phrase_key(found.name)] = operator_id
        for value, words in table.items():
            if value not in known[kind]:
                problems.append(Problem(FILE, f"{kind}.{value}", f"no such {kind[:-1]}"))
            for word in words.all():
                key = phrase_key(word)
                if not key:
                    problems.append(Problem(FILE, f"{kind}.{value}", f"{word!r} has no letters"))
                elif meaning.setdefault(key, value) != value:
                    problems.append(
                        Problem(
                            FILE,
                            f"{kind}.{value}",
                            f"{word!r} also names {meaning[key]!r}: a word may name only one",
                        )
                    )
    markers: tuple[str, ...] = ("destination", "source", "negation", "correction", "greetings")
    markers += ("ignore", "asking", "defining")
    for name in markers:
        for word in getattr(vocab, name).all():
            if not phrase_key(word):
                problems.append(Problem(FILE, name, f"{word!r} has no letters"))
    return problems
