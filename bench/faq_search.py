"""FAQ search latency: p50/p99 per query over the real entries and over 1,000 synthetic ones.

    python bench/faq_search.py [--rounds 20]

Queries are the realistic ones from tests/faq_queries.yaml. The index is built once, as the
bot does per content load; its build time is reported too.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.loader import load_content  # noqa: E402
from bot.content.models import FaqEntry, Text  # noqa: E402
from bot.faq.search import FaqIndex  # noqa: E402


def synthetic(entries: tuple[FaqEntry, ...], count: int, seed: int = 7) -> list[FaqEntry]:
    """`count` entries made by shuffling the words and characters of the real ones."""
    rng = random.Random(seed)
    made = []
    for n in range(count):
        base = entries[n % len(entries)]

        def mix(text: str) -> str:
            words = text.split() if " " in text else list(text)
            rng.shuffle(words)
            return (" " if " " in text else "").join(words)

        def mixed(t: Text) -> Text:
            return Text.model_validate({lang: mix(value) for lang, value in t.items()})

        made.append(
            base.model_copy(
                update={
                    "id": f"syn-{n}",
                    "question": mixed(base.question),
                    "answer": mixed(base.answer),
                }
            )
        )
    return made


def measure(index: FaqIndex, queries: list[str], rounds: int) -> tuple[float, float]:
    timings = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            index.search(query)
            timings.append(time.perf_counter() - start)
    timings.sort()
    return statistics.median(timings) * 1000, timings[int(len(timings) * 0.99) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    content = load_content(ROOT / "conversations")
    queries = [
        q["q"] for q in yaml.safe_load((ROOT / "tests/faq_queries.yaml").read_text())["queries"]
    ]
    for name, entries in (
        ("real", list(content.faq)),
        ("real + 1,000 synthetic", list(content.faq) + synthetic(content.faq, 1000)),
    ):
        start = time.perf_counter()
        index = FaqIndex(entries)
        build = (time.perf_counter() - start) * 1000
        p50, p99 = measure(index, queries, args.rounds)
        print(
            f"{name:24} entries={len(entries):5}  build={build:7.1f} ms  "
            f"search p50={p50:6.3f} ms  p99={p99:6.3f} ms  ({len(queries) * args.rounds} queries)"
        )


if __name__ == "__main__":
    main()
