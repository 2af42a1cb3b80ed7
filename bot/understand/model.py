"""The intent and the card a message states, by a statistical model (pure Python at run time).

Rules (the vocabulary) read words; people write intents in more ways than any list holds
("回去以后这个号还要用来收工行的验证码" is keeping the card alive), and cards indirectly
("每个月从帐户扣 20 欧那张"). So both are also read by a linear model trained on the
labelled messages in tests/understand/tuned/ (`scripts/train_understand.py`, scikit-learn,
deterministic): TF-IDF of character n-grams in two views, then one multinomial logistic
regression per field (a "head") on the same features.

- view "pinyin": the text folded, accents dropped, Chinese turned into toneless pinyin and
  every space removed, in n-grams of 2–5 characters, so "注销", "zhuxiao" and "zhu xiao" share
  features and no word segmentation is needed;
- view "chars": the folded text as written, in n-grams of 1–3 characters.

The trained weights ship as `text_model.json` beside this module; this module only computes
the same numbers scikit-learn would (`scripts/train_understand.py --check`, run by the tests,
checks that they agree), so the bot needs neither scikit-learn nor NumPy.
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
from typing import Any

from bot.text import CJK, fold
from bot.understand.matching import syllable, unmarked

MODEL = Path(__file__).with_name("text_model.json")
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
class Guess:
    value: str | None  # None: the model reads nothing for this field
    probability: float


HEADS = ("intent", "card")  # the fields the model reads


class TextModel:
    """`predict(text)`: per field, the most likely value and its probability."""

    def __init__(self, data: dict[str, Any]):
        self.digest = str(data["digest"])
        # field → its classes and the slice of the columns (intercepts and weights) they use
        self.heads: dict[str, tuple[list[str], slice]] = {}
        self.intercept: list[float] = []
        for head in HEADS:
            classes, intercept = data["heads"][head]["classes"], data["heads"][head]["intercept"]
            at = len(self.intercept)
            self.heads[head] = (list(classes), slice(at, at + len(classes)))
            self.intercept += intercept
        # view → (n-gram → row, rows of [idf, weight per column] in one flat array)
        width = 1 + len(self.intercept)
        self.width = width
        self.features: dict[str, tuple[dict[str, int], array[float]]] = {}
        for view, table in data["features"].items():
            rows = array("d", (x for row in table.values() for x in row))
            assert len(rows) == width * len(table)
            self.features[view] = ({gram: i * width for i, gram in enumerate(table)}, rows)

    @classmethod
    def load(cls, path: Path = MODEL) -> TextModel:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def scores(self, text: str) -> list[float]:
        """Every head's scores, in one pass over the text's n-grams."""
        total = list(self.intercept)
        columns = range(1, self.width)
        for view, (prepare, low, high) in VIEWS.items():
            index, rows = self.features[view]
            weighted = []
            for gram, count in ngrams(prepare(text), low, high).items():
                at = index.get(gram)
                if at is not None:  # unseen n-grams have no column (as in scikit-learn)
                    weighted.append(((1 + math.log(count)) * rows[at], at))
            norm = math.sqrt(sum(w * w for w, _ in weighted)) or 1.0
            for w, at in weighted:
                for k in columns:
                    total[k - 1] += w / norm * rows[at + k]
        return total

    def probabilities(self, text: str) -> dict[str, dict[str, float]]:
        scores = self.scores(text)
        result = {}
        for head, (classes, columns) in self.heads.items():
            mine = scores[columns]
            top = max(mine)
            exps = [math.exp(s - top) for s in mine]
            total = sum(exps)
            result[head] = {c: e / total for c, e in zip(classes, exps, strict=True)}
        return result

    def predict(self, text: str) -> dict[str, Guess]:
        guesses = {}
        for head, probabilities in self.probabilities(text).items():
            best = max(probabilities, key=lambda c: probabilities[c])
            guesses[head] = Guess(None if best == NONE else best, probabilities[best])
        return guesses


NONE = "none"  # the class of messages that state no intent (no card)
SURE = 0.8  # from this probability the model's reading stands alone (issue 24's note)
# …and in a message that asks whether one must, what it costs or what happens (the vocabulary's
# `asking`), where a verb is most often no wish ("余额可以转到别的卡上吗").
SURE_ASKED = 0.95


def settle(guess: Guess, by_words: str | None, negated: set[str], asked: bool) -> str | None:
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


# A card the words do not name is the model's from this probability, in a message that states
# something else (issue 24's note: cross-validated by writer, +0.5 % exact, card wrong fills
# +0.15 %).
CARD_SURE = 0.9


def card_guess(guess: Guess) -> str | None:
    return guess.value if guess.probability >= CARD_SURE else None


@lru_cache(maxsize=1)
def text_model() -> TextModel:
    return TextModel.load()
