"""Train the text model (bot/understand/text_model.json) on tests/understand/tuned/*.yaml.

    python scripts/train_understand.py           # writes the model
    python scripts/train_understand.py --check   # exit 1 if the model is stale

Deterministic: the same messages give the same weights (lbfgs, no random state involved), up
to floating-point differences between machines, so `--check` compares what matters: the
messages the model was trained on (a digest), and, on every training message, the shipped
model's probabilities (read by bot/understand/model.py) with scikit-learn's for a model
trained now (within 1e-3).
The held-out sets (tests/understand/heldout/) are never read here. scikit-learn is a
development dependency only; the bot reads the weights with bot/understand/model.py.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.text import HAS_CJK, fold  # noqa: E402
from bot.understand.matching import PINYIN  # noqa: E402
from bot.understand.model import HEADS, MODEL, NONE, VIEWS  # noqa: E402

TUNED = ROOT / "tests" / "understand" / "tuned"
C = 30.0  # inverse regularisation, chosen by 5-fold cross-validation (issue 24's note)
MIN_DF = 8  # n-grams in fewer messages are left out: the model stays small, read as well
DIGITS = 5  # weights are stored to 5 decimals


def training_messages() -> list[dict[str, Any]]:
    messages = []
    for path in sorted(TUNED.glob("*.yaml")):
        messages += yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    return messages


def labels(messages: list[dict[str, Any]], head: str) -> list[str]:
    return [m.get(head) or NONE for m in messages]


def digest(messages: list[dict[str, Any]]) -> str:
    pairs = [(m["text"], *(m.get(h) or NONE for h in HEADS)) for m in messages]
    return hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode()).hexdigest()[:16]


def features() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        *(
            TfidfVectorizer(
                analyzer="char",
                preprocessor=prepare,
                ngram_range=(low, high),
                sublinear_tf=True,
                min_df=MIN_DF,
                lowercase=False,
            )
            for prepare, low, high in VIEWS.values()
        )
    )


def regression() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000)


def train(messages: list[dict[str, Any]]) -> tuple[dict[str, Any], Any, dict[str, Any]]:
    """The weights to ship, and the scikit-learn features and regressions (per head) they
    come from."""
    union = features()
    x = union.fit_transform([m["text"] for m in messages])
    fitted = {head: regression().fit(x, labels(messages, head)) for head in HEADS}
    coef = [fitted[head].coef_ for head in HEADS]
    table_of: dict[str, dict[str, list[float]]] = {}
    column = 0
    for view, (_, vectorizer) in zip(VIEWS, union.transformer_list, strict=True):
        table = {}
        for gram, index in sorted(vectorizer.vocabulary_.items(), key=lambda kv: kv[1]):
            row = [round(float(vectorizer.idf_[index]), DIGITS)]
            for weights in coef:
                row += [round(float(w), DIGITS) for w in weights[:, column + index]]
            table[gram] = row
        table_of[view] = table
        column += len(vectorizer.vocabulary_)
    weights = {
        "about": "Text model for bot/understand/model.py; scripts/train_understand.py made it.",
        "digest": digest(messages),
        "heads": {
            head: {
                "classes": [str(c) for c in fitted[head].classes_],
                "intercept": [round(float(b), DIGITS) for b in fitted[head].intercept_],
            }
            for head in HEADS
        },
        "features": table_of,
    }
    return weights, union, fitted


def dump(model: dict[str, Any]) -> str:
    return json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def pinyin_table(messages: list[dict[str, Any]]) -> str:
    """Toneless pinyin of GB2312's 6,763 characters and of any other Chinese character in the
    vocabulary or the tuned sets (folded: Traditional is read as Simplified), one a line."""
    from pypinyin import Style, lazy_pinyin

    chars = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # the table's unassigned codes
                chars.add(bytes((high, low)).decode("gb2312"))
    vocabulary = (ROOT / "conversations" / "vocabulary.yaml").read_text(encoding="utf-8")
    seen = fold(vocabulary + "".join(m["text"] for m in messages))
    chars |= {c for c in seen if HAS_CJK.match(c)}
    lines = []
    for c in sorted(chars):
        (syllable,) = lazy_pinyin(c, style=Style.NORMAL) or [""]
        if syllable.isascii() and syllable.isalpha():
            lines.append(c + syllable)
    header = "# Toneless pinyin, one character a line (scripts/train_understand.py, pypinyin).\n"
    return header + "\n".join(lines) + "\n"


def check(messages: list[dict[str, Any]]) -> str | None:
    """None when the shipped model is what training on these messages gives, else why not."""
    from bot.understand.model import TextModel

    stale = f"{MODEL.relative_to(ROOT)} is stale: run python scripts/train_understand.py"
    if not PINYIN.exists() or PINYIN.read_text(encoding="utf-8") != pinyin_table(messages):
        return f"{PINYIN.relative_to(ROOT)} is stale: run python scripts/train_understand.py"
    if not MODEL.exists():
        return stale
    shipped = TextModel.load()
    if shipped.digest != digest(messages):
        return f"{stale} (the training messages changed)"
    weights, union, fitted = train(messages)
    fresh = TextModel(weights)
    texts = [m["text"] for m in messages]
    x = union.transform(texts)
    sklearn = {head: regression.predict_proba(x) for head, regression in fitted.items()}
    for i, text in enumerate(texts):
        ours = (fresh.probabilities(text), shipped.probabilities(text))  # every head at once
        for head, regression in fitted.items():
            want = dict(zip(regression.classes_, sklearn[head][i], strict=True))
            for got in ours:
                if any(abs(want[c] - got[head][c]) > 1e-3 for c in want):
                    return f"{stale} (its {head} of {text!r} differs)"
    print(f"{MODEL.relative_to(ROOT)} matches {len(messages)} training messages")
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped model")
    args = parser.parse_args()
    messages = training_messages()
    if args.check:
        sys.exit(check(messages))
    PINYIN.write_text(pinyin_table(messages), encoding="utf-8")  # the model's features use it
    text = dump(train(messages)[0])
    MODEL.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}: {len(messages)} messages, {len(text) // 1024} KiB")


if __name__ == "__main__":
    main()
