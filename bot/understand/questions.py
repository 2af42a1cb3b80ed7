"""Whether a typed message asks something (pure): then the FAQ answer leads and the 📋 plan
follows; a message that states a case gets the 📋 plan first. Question marks, Chinese asking
words anywhere (怎么, 如何, 能不能, 可以…吗, 要不要, 是不是, 多久, 多少; Traditional and
Cantonese fold to these), a final 吗/呢, pinyin (zenme, ruhe…) and English question words."""

from __future__ import annotations

import re

from bot.text import fold
from bot.understand.matching import MAX_TEXT, unmarked

_QUESTION = re.compile(
    "|".join(
        (
            r"[?？]",
            r"[吗呢么咩]\W*$",  # a final particle (folded: 嗎 is 吗)
            # Chinese asking forms anywhere (Traditional and Cantonese fold to these)
            r"怎么|怎样|如何|能不能|可不可以|可以.{0,12}?吗|要不要|是不是|多久|多少|哪里|哪儿|哪个",
            r"哪家|什么|为什么|为啥|会不会|有没有|需不需要|行不行|是否|能否|可否|咋|点样|点解",
            r"边度|几多|几耐|系咪|有冇|有咩|可唔可以|得唔得|使唔使|请问|想问|问一下",
            # pinyin
            r"\bzen ?me\b|\bru ?he\b|\bduo ?(?:shao|jiu)\b|\bshen ?me\b|\bqing ?wen\b|\bma\W*$",
            # English: a question word first (after a greeting), or asking phrases anywhere
            r"^\W*(?:(?:hi|hello|hey|ok|so|and|but|also|sorry)\W+)?(?:how|what|can|could|is|are|do|does"
            r"|did|should|shall|when|where|why|which|will|would|may|am i|any|anyone|who)\b",
            r"\bhow (?:to|do|can|long|much|should)\b|\bwhat (?:is|are|do|should|happens|if)\b"
            r"|\bis (?:it|there) (?:possible|a way)\b|\bwondering\b|\bany idea\b|\bpossible\W*$"
            r"|\bshould i\b|\bor not\W*$",
        )
    )
)


def is_question(text: str) -> bool:
    """Whether a message asks something (then FAQ results come with the 📋 button)."""
    return bool(_QUESTION.search(unmarked(fold(text[:MAX_TEXT])).strip()))
