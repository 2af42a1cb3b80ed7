"""FAQ search: one index per content load, queried in Chinese (no spaces; Simplified or
Traditional), English (typos too) or a mix.

Text is folded to one script (OpenCC t2s), NFKC and lower case. Chinese runs become
character bigrams, Latin runs words; an English word missing from the index is replaced by
its closest indexed word (rapidfuzz). Entries are ranked with BM25 over their question,
keywords and answer, the question and keywords weighing more. English words are stemmed
(Snowball), so "cancelling" finds "cancel".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from bot.content.models import Content, FaqEntry
from bot.text import normalize

FIELD_WEIGHTS = {"question": 3.0, "keywords": 3.0, "answer": 1.0}
K1, B = 1.2, 0.75
# "Clearly best": the top entry scores this much more than the next one.
CLEAR_MARGIN = 1.6
MIN_SCORE = 1.5  # below this nothing is a match
TYPO_CUTOFF = 80  # rapidfuzz ratio for replacing an unknown English word

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:[-'][a-z0-9]+)*")
_IS_CJK = re.compile(rf"[{_CJK}]")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "be",
        "can",
        "do",
        "does",
        "for",
        "have",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "my",
        "of",
        "on",
        "or",
        "the",
        "to",
        "what",
        "when",
        "will",
        "with",
        "you",
        "your",
        "me",
        "am",
        "this",
        "that",
        "there",
        "should",
        "after",
        "before",
    ]
)


# Chinese words that ask ("when", "can I", "how", "what") but name no topic: like the English
# stopwords, they must not carry a match ("自动扣款什么时候可以取消" is about the debit, not
# about "when to delete an eSIM"). The text is folded to Simplified first; a word is cut out
# of its run, so no character pair spans it.
CJK_ASKING = re.compile(
    "什么时候|什么|时候|可以|怎么办|怎么样|怎么|怎样|如何|能不能|能否|要不要|是不是|需要|一下|现在|我的"
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    """cancelling, cancelled, cancels → cancel; porting → port."""
    return str(_stemmer().stemWord(word)) if word.isalpha() else word


def terms(text: str) -> list[str]:
    """Search terms: Chinese character bigrams (a lone character stays) and English words."""
    found: list[str] = []
    for run in _RUNS.findall(CJK_ASKING.sub(" ", normalize(text))):
        if _IS_CJK.match(run):
            found += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
        elif run not in STOPWORDS and (len(run) > 1 or run.isdigit()):
            found.append(_stem(run))
    return found


@dataclass(frozen=True)
class Hit:
    entry: FaqEntry
    score: float


class FaqIndex:
    """BM25 over the FAQ entries' fields, built once."""

    def __init__(self, entries: Sequence[FaqEntry]):
        self.entries = tuple(entries)
        self._fields: list[dict[str, Counter[str]]] = []
        for entry in self.entries:
            self._fields.append(
                {
                    "question": Counter(t for _, q in entry.question.items() for t in terms(q)),
                    "keywords": Counter(t for k in entry.keywords for t in terms(k)),
                    "answer": Counter(t for _, a in entry.answer.items() for t in terms(a)),
                }
            )
        self._avg = {
            f: (sum(sum(d[f].values()) for d in self._fields) / max(1, len(self._fields))) or 1.0
            for f in FIELD_WEIGHTS
        }
        df: Counter[str] = Counter()
        for fields in self._fields:
            df.update(set().union(*(c.keys() for c in fields.values())))
        n = len(self.entries)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._latin_vocab = sorted(t for t in self._idf if not _IS_CJK.match(t))

    def _expand(self, query_terms: list[str]) -> list[tuple[str, float]]:
        """Known terms as they are; an unknown English word by its closest indexed word."""
        expanded = []
        for term in query_terms:
            if term in self._idf:
                expanded.append((term, 1.0))
            elif not _IS_CJK.match(term) and len(term) >= 4 and self._latin_vocab:
                match = process.extractOne(
                    term, self._latin_vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
                )
                if match is not None:
                    expanded.append((match[0], 0.8))
        return expanded

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """The best entries for a query, best first (empty when nothing matches)."""
        weighted = self._expand(terms(query))
        if not weighted:
            return []
        hits = []
        for entry, fields in zip(self.entries, self._fields, strict=True):
            score = 0.0
            for term, weight in weighted:
                for name, field_weight in FIELD_WEIGHTS.items():
                    tf = fields[name].get(term, 0)
                    if tf:
                        length = sum(fields[name].values())
                        norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self._avg[name]))
                        score += weight * field_weight * self._idf[term] * norm
            if score >= MIN_SCORE:
                hits.append(Hit(entry, score))
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits[:limit]

    def clear_winner(self, hits: list[Hit]) -> FaqEntry | None:
        """The one entry to answer with directly, when it stands out."""
        if len(hits) == 1 or (hits and hits[0].score >= CLEAR_MARGIN * hits[1].score):
            return hits[0].entry
        return None

    def related(self, entry: FaqEntry, limit: int = 3) -> list[FaqEntry]:
        """Entries close to this one: same topic first, then by similarity of the question."""
        hits = [h for h in self.search(entry.question.en, limit + 5) if h.entry.id != entry.id]
        same_topic = [h.entry for h in hits if h.entry.topic == entry.topic]
        others = [h.entry for h in hits if h.entry.topic != entry.topic]
        if len(same_topic) < limit:
            same_topic += [
                e
                for e in self.entries
                if e.topic == entry.topic and e.id != entry.id and e not in same_topic
            ]
        return (same_topic + others)[:limit]


def index_of(content: Content) -> FaqIndex:
    """The index of a content's FAQ (kept per content load: `services.of_content(index_of)`)."""
    return FaqIndex(content.faq)
