"""FAQ search quality on realistic queries (tests/faq_queries.yaml): top-1 and top-3."""

from __future__ import annotations

import pytest
import yaml

from bot.content.loader import load_content
from bot.faq.search import FaqIndex, normalize, terms
from tests.conftest import ROOT

CONTENT = load_content(ROOT / "conversations")
INDEX = FaqIndex(CONTENT.faq)
QUERIES = yaml.safe_load((ROOT / "tests" / "faq_queries.yaml").read_text(encoding="utf-8"))[
    "queries"
]


def test_the_query_file_is_big_and_points_at_real_entries() -> None:
    ids = {e.id for e in CONTENT.faq}
    assert len(QUERIES) >= 60
    assert all(q["id"] in ids for q in QUERIES)


def test_accuracy_on_realistic_queries() -> None:
    top1 = top3 = 0
    misses = []
    for query in QUERIES:
        found = [h.entry.id for h in INDEX.search(query["q"], limit=3)]
        top1 += bool(found) and found[0] == query["id"]
        top3 += query["id"] in found
        if not found or found[0] != query["id"]:
            misses.append(f"{query['q']!r}: wanted {query['id']}, got {found}")
    n = len(QUERIES)
    report = f"top-1 {top1}/{n} = {top1 / n:.0%}, top-3 {top3}/{n} = {top3 / n:.0%}"
    print(report, *misses, sep="\n  ")
    assert top1 / n >= 0.85, report + "\n" + "\n".join(misses)
    assert top3 / n >= 0.95, report + "\n" + "\n".join(misses)


def test_traditional_and_simplified_fold_together() -> None:
    assert normalize("註銷後還能恢復嗎") == normalize("注销后还能恢复吗")
    assert terms("余额能退吗") == ["余额", "额能", "能退", "退吗"]
    assert terms("Cancel my eSIM!") == ["cancel", "esim"]


def test_nonsense_finds_nothing_and_one_clear_hit_is_answered_directly() -> None:
    assert INDEX.search("xyzzy qwerty") == []
    assert INDEX.search("") == []
    hits = INDEX.search("BASE和Telenet是一家吗")
    assert INDEX.clear_winner(hits) is not None and INDEX.clear_winner(hits).id == "base-telenet"  # type: ignore[union-attr]


@pytest.mark.parametrize("entry_id", ["restore", "esim-delete", "ombudsman"])
def test_related_questions(entry_id: str) -> None:
    entry = next(e for e in CONTENT.faq if e.id == entry_id)
    related = INDEX.related(entry)
    assert len(related) == 3 and entry not in related
    assert len({e.id for e in related}) == 3


def test_words_that_only_ask_carry_no_match() -> None:
    # "when can I" names no topic: the question is about the direct debit, not the eSIM.
    assert not set(terms("什么时候可以")) and not set(terms("什麼時候可以"))
    assert set(terms("自动扣款什么时候可以取消")) >= {"自动", "扣款"}
    found = [h.entry.id for h in INDEX.search("direct debit 什么时候可以 cancel", limit=1)]
    assert found == ["direct-debit"]
