"""How typed text is folded before it is matched (FAQ search, understanding messages): one
script (OpenCC t2s, so Traditional input finds Simplified words), NFKC (full-width letters and
digits become ASCII) and case folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return str(_t2s().convert(folded))


CJK = "\u3400-\u9fff\uf900-\ufaff"
HAS_CJK = re.compile(f"[{CJK}]")
LATIN = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_SPACE_IN_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


def fold(text: str) -> str:
    """`normalize`, and spaces between Chinese characters dropped ("保 号 卡" is 保号卡)."""
    return _SPACE_IN_CJK.sub("", normalize(text))


def phrase_key(word: str) -> str:
    """A vocabulary word as matched: Chinese folded; Latin words joined, so "e-sim", "e sim"
    and "esim" are one word."""
    folded = fold(word)
    return folded if HAS_CJK.search(folded) else "".join(LATIN.findall(folded))
