"""The pieces the reader matches with (pure): phrases of the vocabulary and where they were
found, Chinese phrases with "…" wildcards, Latin phrases as whole words, and the short marker
lists (destination, source, negation) with the filler words that may stand between a marker
and what it marks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.content.words import Words
from bot.text import HAS_CJK, LATIN, fold

MAX_TEXT = 512  # longer messages are read up to here

# Between a marker and what it marks: "from my Orange", "不想马上注销".
LATIN_FILLER = frozenset(
    {"the", "a", "an", "my", "our", "this", "that", "it", "its", "cheap", "cheaper", "new"}
)
INTENT_FILLER = frozenset(
    {"want", "wanna", "to", "need", "plan", "going", "gonna", "like", "really", "intend", "be"}
)
CJK_FILLER = (
    *("我的", "我", "的", "这张", "那张", "这个", "一张", "一个", "便宜点", "便宜", "新"),
    *("想", "要", "去", "马上", "现在", "急着", "打算"),
)


@dataclass(frozen=True)
class Phrase:
    kind: str  # card | operator | intent
    value: str
    text: str  # folded; for a Latin phrase its words joined without spaces
    latin: bool
    fuzzy: int  # edits allowed (Latin operator names only)

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """A Chinese phrase with a "…" wildcard, as a pattern (others are found as written)."""
        return re.compile(cjk_pattern(self.text)) if WILDCARD in self.text else None


@dataclass(frozen=True)
class Match:
    phrase: Phrase
    start: int  # character offsets in the folded text
    end: int
    first_token: int  # index of its first Latin word (-1 for a Chinese match)


WILDCARD = "..."  # "…" in a Chinese word, after folding: a few characters of one clause
GAP = r"([^，。,.;；!?！？]{0,12}?)"  # a group: skipping a phrase keeps what its gap holds
CLAUSE_END = re.compile(r"[，。,;；!?！？\n]|\.(?!\d)")


def blank(m: re.Match[str]) -> str:
    """A skipped phrase as spaces, but for what its wildcards matched ("退订 Proximus 的流量包"
    keeps its Proximus)."""
    text = list(" " * len(m.group()))
    for group in range(1, (m.lastindex or 0) + 1):
        start, end = m.span(group)
        if start >= 0:
            text[start - m.start() : end - m.start()] = m.group(group)
    return "".join(text)


def cjk_pattern(folded: str) -> str:
    return GAP.join(re.escape(part) for part in folded.split(WILDCARD))


def anywhere(words: Words) -> re.Pattern[str] | None:
    """One pattern for a list of phrases found anywhere: Chinese as written (with "…"
    wildcards), Latin as whole words."""
    parts = []
    for word in sorted(words.all(), key=len, reverse=True):
        folded = unmarked(fold(word))
        if HAS_CJK.search(folded):
            parts.append(cjk_pattern(folded))
        elif latin := LATIN.findall(folded):
            parts.append(r"\b" + r"\W*".join(map(re.escape, latin)) + r"\b")
    return re.compile("|".join(parts)) if parts else None


def unmarked(text: str) -> str:
    """Latin letters without their accents or tone numbers, so pinyin with tones meets pinyin
    without ("yùfùkǎ", "yu4 fu4 ka3" are "yufuka", "yu fu ka"); each character stays one
    character, so offsets do not move."""
    if not text.isascii():
        text = "".join(_bare(c) for c in text)
    return TONE_NUMBER.sub(" ", text)


TONE_NUMBER = re.compile(r"(?<=[aeiouvnrg])[1-5](?![0-9a-z])")  # "yue4 zu1"; not "4g", "dec 5"


@lru_cache(maxsize=4096)
def _bare(c: str) -> str:
    if c.isascii() or HAS_CJK.match(c):
        return c
    base = "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
    return base if len(base) == 1 else c


PINYIN = Path(__file__).with_name("pinyin.txt")


@lru_cache(maxsize=1)
def _syllables() -> dict[str, str]:
    """Each character's most common reading, toneless (pinyin.txt, made with pypinyin by
    scripts/train_understand.py: a 60 KB table instead of pypinyin's 55 MB in memory)."""
    lines = PINYIN.read_text(encoding="utf-8").splitlines()
    return {line[0]: line[1:] for line in lines if line and not line.startswith("#")}


def syllable(c: str) -> str:
    """One character's toneless pinyin, or the character itself when the table lacks it."""
    return _syllables().get(c, c)


def pinyin(word: str) -> list[str]:
    """A Chinese word's syllables in toneless pinyin ("月租" → ["yue", "zu"]), character by
    character; [] when the word has anything but Chinese characters (a wildcard, a Latin
    part) or a character the table lacks."""
    table = _syllables()
    syllables = [table.get(c, "") for c in word]
    return syllables if word and all(syllables) else []


# Destination words that also mean other things ("what happens to my Lyca number", "收到
# Proximus 短信"): they mark a destination only in a message about moving the number.
WEAK_DESTINATION = frozenset({"to", "into", "onto", "到", "去", "换"})


def edits(key: str) -> int:
    return 0 if len(key) < 5 else 1 if len(key) < 9 else 2


class Markers:
    """Short lists of marker words (destination, source, negation), matched at a position."""

    def __init__(self, words: Words | list[str]):
        listed = words if isinstance(words, list) else words.all()
        folded = {unmarked(fold(w)) for w in listed}
        self.cjk = tuple(sorted(w for w in folded if HAS_CJK.search(w)))
        latin = {tuple(LATIN.findall(w)) for w in folded if not HAS_CJK.search(w)}
        for word in self.cjk:  # and in pinyin, spaced or not: "cong", "zhuan dao", "zhuandao"
            if syllables := pinyin(word):
                latin |= {tuple(syllables), ("".join(syllables),)}
        self.latin = tuple(latin - {()})

    def before_chars(self, text: str, fillers: tuple[str, ...]) -> bool:
        head = text.rstrip()
        stripped = True
        while stripped:
            stripped = False
            for filler in fillers:
                if head.endswith(filler) and not any(head.endswith(m) for m in self.cjk):
                    head, stripped = head[: -len(filler)].rstrip(), True
        return any(head.endswith(m) for m in self.cjk)

    def before_tokens(self, tokens: list[str], fillers: frozenset[str]) -> bool:
        while True:
            if any(len(m) <= len(tokens) and tuple(tokens[-len(m) :]) == m for m in self.latin):
                return True
            if not tokens or tokens[-1] not in fillers:
                return False
            tokens = tokens[:-1]


def longest(matches: list[Match]) -> list[Match]:
    """Where two matches of the same kind overlap, the longer one (then the earlier)."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(
            k.phrase.kind == m.phrase.kind and k.start < m.end and m.start < k.end for k in kept
        ):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
