"""What a typed message says about the card, the operator and the intent (pure; no Telegram).

The words are content (conversations/vocabulary.yaml, which explains the matching). `Reader`
is built once per content load; `Reader.read(text)` gives a `Reading` with only what the text
states. Deep links and the 📋 button carry a reading as a payload: `plan_<card>_<operator>_
<intent>`, any part left out or in any order (`payload` / `from_payload`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz.distance import OSA

from bot.content.models import Content, Vocabulary, Words
from bot.journey import rules as j
from bot.text import HAS_CJK, LATIN, fold, phrase_key

MAX_TEXT = 512  # longer messages are read up to here
PAYLOAD_PREFIX = "plan_"
BILLED = ("data", "esim")  # cards whose billing (plan or prepaid) is a separate answer
CARD_BILLING = ("plan", "prepaid")  # card words that give the billing of a data card or eSIM

# Between a marker and what it marks: "from my Orange", "不想马上注销".
_LATIN_FILLER = frozenset(
    {"the", "a", "an", "my", "our", "this", "that", "it", "its", "cheap", "cheaper", "new"}
)
_INTENT_FILLER = frozenset(
    {"want", "wanna", "to", "need", "plan", "going", "gonna", "like", "really", "intend", "be"}
)
_CJK_FILLER = (
    *("我的", "我", "的", "这张", "那张", "这个", "一张", "一个", "便宜点", "便宜", "新"),
    *("想", "要", "去", "马上", "现在", "急着", "打算"),
)


@dataclass(frozen=True)
class Reading:
    """What a message states; None = not stated. `billing` only for a data card or eSIM."""

    card: str | None = None
    billing: str | None = None
    operator: str | None = None
    intent: str | None = None

    def __bool__(self) -> bool:
        return any((self.card, self.operator, self.intent))

    def payload(self) -> str:
        """`plan_<card>_<operator>_<intent>` with the parts that are known."""
        billed = self.card in BILLED and self.billing
        card = f"{self.card}-{self.billing}" if billed else self.card
        return PAYLOAD_PREFIX + "_".join(p for p in (card, self.operator, self.intent) if p)


def from_payload(payload: str, content: Content) -> Reading | None:
    """The reading a deep link or button carries; unknown parts are ignored; None when the
    payload is not a plan link or names nothing known."""
    if not payload.startswith(PAYLOAD_PREFIX) or len(payload) > 64:
        return None
    cards = {c.id for c in content.journey.cards}
    operators = {o.id for o in content.operators}
    intents = {i.id for i in content.journey.intents}
    found: dict[str, str] = {}
    for part in payload[len(PAYLOAD_PREFIX) :].split("_"):
        card, _, billing = part.partition("-")
        if part in cards:
            found.setdefault("card", part)
        elif card in BILLED and card in cards and billing in CARD_BILLING:
            found.setdefault("card", card)
            found.setdefault("billing", billing)
        elif part in operators:
            found.setdefault("operator", part)
        elif part in intents:
            found.setdefault("intent", part)
    reading = Reading(**found)
    return reading or None


@dataclass(frozen=True)
class _Phrase:
    kind: str  # card | operator | intent
    value: str
    text: str  # folded; for a Latin phrase its words joined without spaces
    latin: bool
    fuzzy: int  # edits allowed (Latin operator names only)

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """A Chinese phrase with a "…" wildcard, as a pattern (others are found as written)."""
        return re.compile(_cjk_pattern(self.text)) if WILDCARD in self.text else None


@dataclass(frozen=True)
class _Match:
    phrase: _Phrase
    start: int  # character offsets in the folded text
    end: int
    first_token: int  # index of its first Latin word (-1 for a Chinese match)


WILDCARD = "..."  # "…" in a Chinese word, after folding: a few characters of one clause
GAP = r"([^，。,.;；!?！？]{0,12}?)"  # a group: skipping a phrase keeps what its gap holds
CLAUSE_END = re.compile(r"[，。,;；!?！？\n]|\.(?!\d)")


def _blank(m: re.Match[str]) -> str:
    """A skipped phrase as spaces, but for what its wildcards matched ("退订 Proximus 的流量包"
    keeps its Proximus)."""
    text = list(" " * len(m.group()))
    for group in range(1, (m.lastindex or 0) + 1):
        start, end = m.span(group)
        if start >= 0:
            text[start - m.start() : end - m.start()] = m.group(group)
    return "".join(text)


def _cjk_pattern(folded: str) -> str:
    return GAP.join(re.escape(part) for part in folded.split(WILDCARD))


def _anywhere(words: Words) -> re.Pattern[str] | None:
    """One pattern for a list of phrases found anywhere: Chinese as written (with "…"
    wildcards), Latin as whole words."""
    parts = []
    for word in sorted(words.all(), key=len, reverse=True):
        folded = fold(word)
        if HAS_CJK.search(folded):
            parts.append(_cjk_pattern(folded))
        elif latin := LATIN.findall(folded):
            parts.append(r"\b" + r"\W*".join(map(re.escape, latin)) + r"\b")
    return re.compile("|".join(parts)) if parts else None


def _edits(key: str) -> int:
    return 0 if len(key) < 5 else 1 if len(key) < 9 else 2


class _Markers:
    """Short lists of marker words (destination, source, negation), matched at a position."""

    def __init__(self, words: Words):
        folded = {fold(w) for w in words.all()}
        self.cjk = tuple(sorted(w for w in folded if HAS_CJK.search(w)))
        self.latin = tuple({tuple(LATIN.findall(w)) for w in folded} - {()})

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


_QUESTION = re.compile(
    r"[?？]|[吗嗎呢]\W*$|^\W*(how|what|can|could|is|are|do|does|should|when|where|why|which)\b"
)


def is_question(text: str) -> bool:
    """Whether a message asks something (then FAQ results come with the 📋 button)."""
    return bool(_QUESTION.search(fold(text[:MAX_TEXT]).strip()))


class Reader:
    """Reads messages with one content's vocabulary (built once per content load)."""

    def __init__(self, content: Content):
        vocab: Vocabulary = content.vocabulary
        phrases: dict[tuple[str, str], _Phrase] = {}

        def add(kind: str, value: str, word: str) -> None:
            key = phrase_key(word)
            if key:
                latin = not HAS_CJK.search(key)
                fuzzy = _edits(key) if latin and kind == "operator" else 0
                phrases.setdefault((kind, key), _Phrase(kind, value, key, latin, fuzzy))

        for kind, table in (("card", vocab.cards), ("operator", vocab.operators)):
            for value, words in table.items():
                for word in words.all():
                    add(kind, value, word)
        for value, words in vocab.intents.items():
            for word in words.all():
                add("intent", value, word)
        for operator_id in vocab.operators:
            found = content.operator(operator_id)
            if found is not None:
                add("operator", operator_id, found.name)
        self._cjk = [(p, p.pattern) for p in phrases.values() if not p.latin]
        self._latin = {p.text: p for p in phrases.values() if p.latin}
        self._fuzzy = [p for p in self._latin.values() if p.fuzzy]
        self._window = max((len(p.text) for p in self._latin.values()), default=0)
        self._greetings = {phrase_key(w) for w in vocab.greetings.all()}
        self._destination = _Markers(vocab.destination)
        self._source = _Markers(vocab.source)
        self._negation = _Markers(vocab.negation)
        self._ignore = _anywhere(vocab.ignore)
        self._asking = _anywhere(vocab.asking)

    def read(self, text: str) -> Reading:
        folded = fold(text[:MAX_TEXT])
        if self._ignore is not None:  # blanked, so offsets stay where they were
            folded = self._ignore.sub(_blank, folded)
        tokens = list(LATIN.finditer(folded))
        words = [t.group() for t in tokens]
        matches = [
            m
            for m in self._longest(self._cjk_matches(folded) + self._latin_matches(tokens))
            if not self._greets(folded, m)
        ]
        destinations = self._destinations(folded, words, matches)
        cards = {
            m.phrase.value for m in matches if m.phrase.kind == "card" and id(m) not in destinations
        }
        # "Do I need to cancel…", "注销能退吗": a verb after an asking phrase is not a wish.
        asked = self._asking.search(folded) if self._asking is not None else None
        asked_from = asked.start() if asked else len(folded)
        card_spans = [(m.start, m.end) for m in matches if m.phrase.kind == "card"]
        intents = {
            m.phrase.value
            for m in matches
            if m.phrase.kind == "intent"
            and m.start < asked_from
            # A card's name is no intent: 保号 in 保号卡.
            and not any(a <= m.start and m.end <= b for a, b in card_spans)
            and not self._preceded(self._negation, folded, words, m, _INTENT_FILLER)
        }
        operators = [m for m in matches if m.phrase.kind == "operator"]
        operator = self._operator(folded, words, operators, destinations)
        if asked and not intents:
            intent = None  # whether one must, what it costs, what happens: not a wish
        elif "keep" in intents or destinations:
            intent = "keep"  # a port ends the old contract: "cancel and port" is a port
        else:
            intent = intents.pop() if len(intents) == 1 else None
        return Reading(*self._card(cards), operator=operator, intent=intent)

    def _destinations(self, folded: str, words: list[str], matches: list[_Match]) -> set[int]:
        """Cards and operators where the number goes: one just after a destination word
        ("转到 Digi", "to a cheap prepaid"), and those after it in the same clause
        ("转到 Orange 月租")."""
        found: set[int] = set()
        previous: _Match | None = None
        for m in matches:
            if m.phrase.kind not in ("card", "operator"):
                continue
            if self._preceded(self._destination, folded, words, m) or (
                previous is not None
                and id(previous) in found
                and not CLAUSE_END.search(folded[previous.end : m.start])
            ):
                found.add(id(m))
            previous = m
        return found

    def _greets(self, folded: str, m: _Match) -> bool:
        """A greeting word first in the message ("Hey, how…") greets; "hey!", or hey after
        other words, is the brand."""
        return (
            m.phrase.text in self._greetings
            and not folded[: m.start].strip()
            and folded[m.end : m.end + 1] != "!"
        )

    # -- matching -----------------------------------------------------------------------

    def _cjk_matches(self, folded: str) -> list[_Match]:
        found = []
        for phrase, pattern in self._cjk:
            if pattern is not None:
                found += [_Match(phrase, m.start(), m.end(), -1) for m in pattern.finditer(folded)]
                continue
            start = folded.find(phrase.text)
            while start >= 0:
                found.append(_Match(phrase, start, start + len(phrase.text), -1))
                start = folded.find(phrase.text, start + 1)
        return found

    def _latin_matches(self, tokens: list[re.Match[str]]) -> list[_Match]:
        """Windows of consecutive words, joined, against the Latin phrases (exactly, or with
        the edits a long operator name allows; its first letter must be right)."""
        found = []
        for i in range(len(tokens)):
            joined = ""
            for last in range(i, len(tokens)):
                joined += tokens[last].group()
                if len(joined) > self._window + 2:
                    break
                phrase = self._latin.get(joined)
                if phrase is None and len(joined) >= 5:
                    phrase = next(
                        (
                            p
                            for p in self._fuzzy
                            if p.text[0] == joined[0]
                            and abs(len(p.text) - len(joined)) <= p.fuzzy
                            and OSA.distance(p.text, joined, score_cutoff=p.fuzzy) <= p.fuzzy
                        ),
                        None,
                    )
                if phrase is not None:
                    found.append(_Match(phrase, tokens[i].start(), tokens[last].end(), i))
        return found

    @staticmethod
    def _longest(matches: list[_Match]) -> list[_Match]:
        """Where two matches of the same kind overlap, the longer one (then the earlier)."""
        kept: list[_Match] = []
        for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
            if not any(
                k.phrase.kind == m.phrase.kind and k.start < m.end and m.start < k.end for k in kept
            ):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    # -- what the matches say -------------------------------------------------------------

    @staticmethod
    def _card(cards: set[str]) -> tuple[str | None, str | None]:
        """A data card or eSIM named with plan or prepaid words: that card, billed so."""
        forms = cards & set(BILLED)
        billings = cards & set(CARD_BILLING)
        if len(forms) == 1:
            return forms.pop(), billings.pop() if len(billings) == 1 else None
        if not forms and len(cards) == 1:
            return cards.pop(), None
        return None, None

    def _preceded(
        self,
        markers: _Markers,
        folded: str,
        words: list[str],
        m: _Match,
        latin_fillers: frozenset[str] = _LATIN_FILLER,
    ) -> bool:
        """Whether a marker word comes just before the match (filler words aside): Latin
        words after a Latin word, characters after a Chinese one."""
        text = folded[: m.start]
        last = text.rstrip()[-1:]
        if last and not HAS_CJK.match(last):
            index = m.first_token if m.first_token >= 0 else len(LATIN.findall(text))
            return markers.before_tokens(words[:index], latin_fillers)
        return markers.before_chars(text, _CJK_FILLER)

    def _operator(
        self, folded: str, words: list[str], mentions: list[_Match], destinations: set[int]
    ) -> str | None:
        """The card's operator: one marked as left ("from X"), else the one named that is not
        a destination; none when that leaves two."""
        sources, others = set(), set()
        for m in mentions:
            if id(m) in destinations:
                continue
            if self._preceded(self._source, folded, words, m):
                sources.add(m.phrase.value)
            else:
                others.add(m.phrase.value)
        chosen = sources or others
        return chosen.pop() if len(chosen) == 1 else None


# How a reading relates to the journey in progress (`fit`).
FILL = "fill"  # it only answers questions still open: they are filled in
NEW = "new"  # it contradicts an answer given: a new plan, after a confirmation


def known(progress: j.Progress) -> Reading:
    """The answers a journey holds, as a reading."""
    return Reading(progress.card, progress.billing, progress.operator, progress.intent)


def relative(progress: j.Progress, reading: Reading) -> Reading:
    """The reading as it speaks of this journey: "prepaid" or "plan" said of a data card or
    eSIM already answered is its billing, not another card."""
    if progress.card in BILLED and reading.card in CARD_BILLING and reading.billing is None:
        return replace(reading, card=None, billing=reading.card)
    return reading


def fit(progress: j.Progress, reading: Reading) -> str | None:
    """FILL, NEW, or None when the reading adds nothing to the journey (nothing understood,
    or only what the user already answered)."""
    given, reading = known(progress), relative(progress, reading)
    pairs = [(getattr(reading, f), getattr(given, f)) for f in ("card", "operator", "intent")]
    if reading.billing:
        pairs.append((reading.billing, given.billing))
    if any(said and held and said != held for said, held in pairs):
        return NEW
    return FILL if any(said and not held for said, held in pairs) else None


def merged(progress: j.Progress, reading: Reading) -> Reading:
    """The journey's answers with what the reading adds."""
    said = relative(progress, reading)
    return replace(known(progress), **{k: v for k, v in vars(said).items() if v is not None})
