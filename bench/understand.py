"""How well typed messages are understood, on every labelled set in tests/understand/.

    python bench/understand.py [--show]     # --show lists the tuned sets' misreads

Sets (labelling rules: tests/understand/GUIDE.md):
- tuned/*.yaml: the vocabulary was tuned on them and the text model trained on them, so
  their figures are optimistic;
- heldout/*.yaml: written by other hands that never saw the vocabulary, and never tuned on:
  their figures say how well unseen messages are read. Their misreads are never printed.

For each field (card, billing, operator, intent): precision (of the fields filled, how many
are right), recall (of the fields a person reads, how many are filled rightly) and the
wrong-fill rate (messages where the field is filled with something the message does not say:
a wrong guess is worse than a question). Exact: all four fields as labelled. Also: recall of
the `alive` intent, plans offered for messages that state nothing, questions told from
statements (`asks`), leaving days read (`leaves`, against 2026-12-07), and the time to read a
message. Goals (issue 24) on the held-out sets: exact ≥ 90 %, wrong fills ≤ 2 % per field,
alive recall ≥ 90 %, no plan for a message that states nothing; tests/test_understand.py
asserts the floors reached.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.loader import load_content  # noqa: E402
from bot.understand.rules import Reader, Reading, is_question, leaving_day  # noqa: E402

FIELDS = ("card", "billing", "operator", "intent")
SETS = ROOT / "tests" / "understand"
TUNED = sorted((SETS / "tuned").glob("*.yaml"))
HELDOUT = sorted((SETS / "heldout").glob("*.yaml"))
WRITTEN = dt.date(2026, 12, 7)  # the day the `leaves` labels count from


def load_messages(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["messages"])


def expected(message: dict[str, Any]) -> Reading:
    return Reading(*(message.get(f) for f in FIELDS))


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 1.0


def evaluate(reader: Reader, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-field precision, recall and wrong-fill rate, the exact-match rate, the other
    figures of the module docstring, and the misreads."""
    counts = {f: {"filled": 0, "labelled": 0, "right": 0, "wrong": 0} for f in FIELDS}
    exact, misread = 0, []
    alive = alive_right = nothing = nothing_planned = asks_right = 0
    leaves = leaves_right = leaves_wrong = 0
    seconds = 0.0
    for message in messages:
        text = message["text"]
        started = time.perf_counter()
        got = reader.read(text)
        seconds += time.perf_counter() - started
        want = expected(message)
        exact += want == got
        if want != got:
            misread.append({"text": text, "want": vars(want), "got": vars(got)})
        for f in FIELDS:
            w, g = getattr(want, f), getattr(got, f)
            c = counts[f]
            c["labelled"] += w is not None
            c["filled"] += g is not None
            c["right"] += g is not None and g == w
            c["wrong"] += g is not None and g != w
        alive += want.intent == "alive"
        alive_right += want.intent == "alive" == got.intent
        if not want:
            nothing += 1
            nothing_planned += bool(got)
        asks_right += bool(message.get("asks")) == is_question(text)
        day, read = message.get("leaves"), leaving_day(text, WRITTEN)
        leaves += day is not None
        leaves_right += day is not None and read == day
        leaves_wrong += read is not None and read != day
    n = len(messages)
    asked = any("asks" in m for m in messages)  # sets written before issue 24 lack these two
    dated = any("leaves" in m for m in messages)
    fields = {
        f: {
            "precision": _rate(c["right"], c["filled"]),
            "recall": _rate(c["right"], c["labelled"]),
            "wrong_fill_rate": round(c["wrong"] / n, 3),
            **c,
        }
        for f, c in counts.items()
    }
    return {
        "messages": n,
        "exact": round(exact / n, 3),
        "fields": fields,
        "alive_recall": _rate(alive_right, alive),
        "nothing_stated": nothing,
        "plan_offered_for_nothing": nothing_planned,
        "asks_accuracy": _rate(asks_right, n) if asked else None,
        "leaves_recall": _rate(leaves_right, leaves) if dated else None,
        "leaves_wrong": leaves_wrong if dated else None,
        "ms_per_message": round(seconds / n * 1000, 3),
        "misread": misread,
    }


def report(name: str, result: dict[str, Any]) -> None:
    print(f"{name}: {result['messages']} messages, exact {result['exact']:.1%}")
    print(f"  {'field':10} {'precision':>9} {'recall':>7} {'wrong fills':>11}")
    for f, r in result["fields"].items():
        print(f"  {f:10} {r['precision']:9.1%} {r['recall']:7.1%} {r['wrong_fill_rate']:11.1%}")
    line = (
        f"  alive recall {result['alive_recall']:.1%}; plans for messages stating nothing "
        f"{result['plan_offered_for_nothing']}/{result['nothing_stated']}"
    )
    if result["asks_accuracy"] is not None:
        line += f"; questions told {result['asks_accuracy']:.1%}"
    if result["leaves_recall"] is not None:
        line += f"; leaving days {result['leaves_recall']:.1%} read, {result['leaves_wrong']} wrong"
    print(f"{line}; {result['ms_per_message']:.2f} ms a message")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="list the tuned sets' misreads")
    args = parser.parse_args()
    reader = Reader(load_content(ROOT / "conversations"))
    summary = {}
    for path in TUNED + HELDOUT:
        name = str(path.relative_to(SETS))
        result = evaluate(reader, load_messages(path))
        report(name, result)
        if args.show and path in TUNED:
            for m in result["misread"]:
                diff = {
                    f: (m["want"][f], m["got"][f]) for f in FIELDS if m["want"][f] != m["got"][f]
                }
                print(
                    f"  - {m['text']!r}: " + ", ".join(f"{f} {w}→{g}" for f, (w, g) in diff.items())
                )
        summary[name] = {k: v for k, v in result.items() if k != "misread"}
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
