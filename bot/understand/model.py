"""The intent a message states, by a statistical model (pure Python at run time).

Rules (the vocabulary) read words; people write intents in more ways than any list holds
("回去以后这个号还要用来收工行的验证码" is keeping the card alive). So the intent is also
read by a linear model trained on the labelled messages in tests/understand/tuned/
(`scripts/train_understand.py`, scikit-learn, deterministic): TF-IDF of character n-grams in
two views, then multinomial logistic regression.

- view "pinyin": the text folded, accents dropped, Chinese turned into toneless pinyin and
  every space removed, in n-grams of 2–5 characters, so "注销", "zhuxiao" and "zhu xiao" share
  features and no word segmentation is needed;
- view "chars": the folded text as written, in n-grams of 1–3 characters.

The trained weights ship as `intent_model.json` beside this module; this module only
computes the same numbers scikit-learn would (tests/test_understand_model.py checks that
they agree to 1e-9), so the bot needs neither scikit-learn nor NumPy.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.text import CJK, fold
from bot.understand.matching import syllable, unmarked

MODEL = Path(__file__).with_name("intent_model.json")
_CJK_RUN = re.compile(f"[{CJK}]+")
_SPACES = re.compile(r"\s\s+")
_ANY_SPACE = re.compile(r"\s+")


def chars_view(text: str) -> str:
    return unmarked(fold(text))


def pinyin_view(text: str) -> str:
    folded = _CJK_RUN.sub(lambda m: " ".join(map(syllable, m.group())) + " ", chars_view(text))
    return _ANY_SPACE.sub("", folded)


VIEWS = {"pinyin": (pinyin_view, 2, 5), "chars": (chars_view, 1, 3)}


def ngrams(text: str, low: int, high: int) -> Counter[str]:
    """Character n-grams as scikit-learn's `analyzer="char"` counts them (runs of white space
    made one space first)."""
    text = _SPACES.sub(" ", text)
    return Counter(text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1))


@dataclass(frozen=True)
class Intent:
    value: str | None  # None: the model reads no intent
    probability: float


class IntentModel:
    """`predict(text)`: the most likely intent and its probability."""

    def __init__(self, data: dict[str, object]):
        self.classes: list[str] = list(data["classes"])  # type: ignore[call-overload]
        self.intercept: list[float] = list(data["intercept"])  # type: ignore[call-overload]
        self.digest = str(data["digest"])
        # view → (n-gram → row, rows of [idf, weight per class] in one flat array)
        width = 1 + len(self.classes)
        self.width = width
        self.features: dict[str, tuple[dict[str, int], array[float]]] = {}
        for view, table in data["features"].items():  # type: ignore[attr-defined]
            rows = array("d", (x for row in table.values() for x in row))
            assert len(rows) == width * len(table)
            self.features[view] = ({gram: i * width for i, gram in enumerate(table)}, rows)

    @classmethod
    def load(cls, path: Path = MODEL) -> IntentModel:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def scores(self, text: str) -> list[float]:
        total = list(self.intercept)
        classes = range(1, self.width)
        for view, (prepare, low, high) in VIEWS.items():
            index, rows = self.features[view]
            weighted = []
            for gram, count in ngrams(prepare(text), low, high).items():
                at = index.get(gram)
                if at is not None:  # unseen n-grams have no column (as in scikit-learn)
                    weighted.append(((1 + math.log(count)) * rows[at], at))
            norm = math.sqrt(sum(w * w for w, _ in weighted)) or 1.0
            for w, at in weighted:
                for k in classes:
                    total[k - 1] += w / norm * rows[at + k]
        return total

    def probabilities(self, text: str) -> dict[str, float]:
        scores = self.scores(text)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def predict(self, text: str) -> Intent:
        probabilities = self.probabilities(text)
        best = max(probabilities, key=lambda c: probabilities[c])
        return Intent(None if best == NONE else best, probabilities[best])


NONE = "none"  # the class of messages that state no intent
SURE = 0.8  # from this probability the model's reading stands alone (issue 24's note)
# …and in a message that asks whether one must, what it costs or what happens (the vocabulary's
# `asking`), where a verb is most often no wish ("余额可以转到别的卡上吗").
SURE_ASKED = 0.95


def settle(guess: Intent, by_words: str | None, negated: set[str], asked: bool) -> str | None:
    """The intent, from the model's guess and the words' (the vocabulary's rules): where they
    agree, that; where the model is sure (surer in a message that `asked`), the model's (unless
    the words negate it: "不想注销");
    where the model only leans to "none", the words'; else none. A wrong intent opens the
    wrong plan, a missing one costs a question. Chosen by 5-fold cross-validation on the tuned
    sets (issue 24's note)."""
    if guess.value == by_words:
        return by_words
    sure = SURE_ASKED if asked else SURE
    if guess.probability >= sure and guess.value not in negated:
        return guess.value
    return by_words if guess.value is None else None


@lru_cache(maxsize=1)
def intent_model() -> IntentModel:
    return IntentModel.load()
