"""What a typed message says about the card, the operator and the intent (pure; no Telegram).

The words are content (conversations/vocabulary.yaml, which explains the matching). `Reader`
is built once per content load; `Reader.read(text)` gives a `Reading` with only what the text
states. Deep links and the 📋 button carry a reading as a payload: `plan_<card>_<operator>_
<intent>`, any part left out or in any order (`payload` / `from_payload`).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from bot.content.models import Content, Vocabulary
from bot.text import CJK, HAS_CJK, LATIN, fold, phrase_key
from bot.understand.matching import (
    CJK_FILLER,
    CLAUSE_END,
    INTENT_FILLER,
    LATIN_FILLER,
    MAX_TEXT,
    WEAK_DESTINATION,
    Markers,
    Match,
    Phrase,
    anywhere,
    blank,
    edits,
    longest,
    pinyin,
    unmarked,
)
from bot.understand.model import card_guess, settle, text_model
from bot.understand.questions import is_question
from bot.understand.reading import (  # the reading: re-exported for `rules as u` callers
    FILL,
    NEW,
    PAYLOAD_PREFIX,
    Reading,
    card_of,
    changes,
    fit,
    from_payload,
    merged,
)
from bot.understand.when import leaving_day

__all__ = [
    "FILL",
    "NEW",
    "PAYLOAD_PREFIX",
    "Reader",
    "Reading",
    "changes",
    "fit",
    "from_payload",
    "is_question",
    "leaving_day",
    "merged",
]

GREETING_CJK = re.compile(f"[{CJK}]+")
ARROW = re.compile(r"\s*(?:->|→|=>|>)\s*")  # where the number goes
# After "hey": the brand ("hey的卡"), not a greeting ("hey 在吗").
BRAND_NEXT = frozenset("的嘅卡张家那套月预充号手电")


class Reader:
    """Reads messages with one content's vocabulary (built once per content load)."""

    def __init__(self, content: Content):
        vocab: Vocabulary = content.vocabulary
        phrases: dict[tuple[str, str], Phrase] = {}

        def add(kind: str, value: str, word: str) -> None:
            key = unmarked(phrase_key(word))
            if key:
                latin = not HAS_CJK.search(key)
                fuzzy = edits(key) if latin and kind == "operator" else 0
                phrases.setdefault((kind, key), Phrase(kind, value, key, latin, fuzzy))

        def add_pinyin(kind: str, value: str, word: str) -> None:
            """A Chinese word also in pinyin ("yuezu", "yue zu"), where it is long enough
            not to be an English word; written words win over a pinyin key."""
            syllables = pinyin(phrase_key(word))
            key = "".join(syllables)
            if len(syllables) >= 2 and len(key) >= 5:
                phrases.setdefault((kind, key), Phrase(kind, value, key, True, 0))

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
        for kind, table in (
            ("card", vocab.cards),
            ("operator", vocab.operators),
            ("intent", vocab.intents),
        ):
            for value, words in table.items():
                for word in words.all():
                    add_pinyin(kind, value, word)
        self._cjk = [(p, p.pattern) for p in phrases.values() if not p.latin]
        self._latin = {p.text: p for p in phrases.values() if p.latin}
        self._fuzzy = [p for p in self._latin.values() if p.fuzzy]
        self._window = max((len(p.text) for p in self._latin.values()), default=0)
        self._greetings = {unmarked(phrase_key(w)) for w in vocab.greetings.all()}
        strong = [w for w in vocab.destination.all() if w not in WEAK_DESTINATION]
        self._destination = Markers(strong)
        self._weak_destination = Markers([w for w in vocab.destination.all() if w not in strong])
        self._towards = anywhere(vocab.destination)
        self._source = Markers(vocab.source)
        self._negation = Markers(vocab.negation)
        self._correction = Markers(vocab.correction)
        self._ignore = anywhere(vocab.ignore)
        self._asking = anywhere(vocab.asking)
        self._defining = anywhere(vocab.defining)
        self._model = text_model()

    def read(self, text: str) -> Reading:
        folded = ARROW.sub("转到", unmarked(fold(text[:MAX_TEXT])))  # "Scarlet → Lyca"
        if self._ignore is not None:  # blanked, so offsets stay where they were
            folded = self._ignore.sub(blank, folded)
        if self._defining is not None and self._defining.search(folded):
            return Reading()  # "保号卡是啥": a word's meaning, not the user's card
        tokens = list(LATIN.finditer(folded))
        words = [t.group() for t in tokens]
        matches = [
            m
            for m in longest(self._cjk_matches(folded) + self._latin_matches(tokens))
            if not self._greets(folded, m)
            # "不是预付卡，是月租", "not Base, Telenet": the one said to be wrong is not read.
            and not (
                m.phrase.kind in ("card", "operator")
                and self._preceded(self._correction, folded, words, m)
            )
        ]
        destinations = self._destinations(folded, words, matches)
        cards = {
            m.phrase.value for m in matches if m.phrase.kind == "card" and id(m) not in destinations
        }
        # "Do I need to cancel…", "注销能退吗": a message that asks whether one must, what it
        # costs or what happens states no wish by its verbs (the model may still read one).
        asked = self._asking.search(folded) if self._asking is not None else None
        card_spans = [(m.start, m.end) for m in matches if m.phrase.kind == "card"]
        intents = {
            m.phrase.value
            for m in matches
            if m.phrase.kind == "intent"
            and asked is None
            # A card's name is no intent: 保号 in 保号卡.
            and not any(a <= m.start and m.end <= b for a, b in card_spans)
            and not self._preceded(self._negation, folded, words, m, INTENT_FILLER)
        }
        negated = {  # "不想注销", "don't cancel": the model may not read these as wishes
            m.phrase.value
            for m in matches
            if m.phrase.kind == "intent"
            and self._preceded(self._negation, folded, words, m, INTENT_FILLER)
        }
        operators = [m for m in matches if m.phrase.kind == "operator"]
        operator = self._operator(folded, words, operators, destinations)
        # A port ends the old contract: "cancel and port" is a port.
        keep = "keep" in intents or bool(destinations and not asked)
        intent = "keep" if keep else intents.pop() if len(intents) == 1 else None
        guess = self._model.predict(text[:MAX_TEXT])
        intent = settle(guess["intent"], intent, negated - intents, asked is not None)
        card, billing = card_of(cards)
        if card is None and (operator or intent):  # the model's card never opens a plan alone
            card = card_guess(guess["card"])  # "Telenet 每个月从帐户扣 20 欧那张": a plan
        return Reading(card, billing, operator=operator, intent=intent)

    def _destinations(self, folded: str, words: list[str], matches: list[Match]) -> set[int]:
        """Cards and operators where the number goes: one just after a destination word
        ("转到 Digi", "to a cheap prepaid"), and those after it in the same clause ("转到 Orange
        月租"), unless marked as the one left ("转到 lyca 现在是 proximus")."""
        found: set[int] = set()
        previous: Match | None = None
        moving = any(m.phrase.kind == "intent" and m.phrase.value == "keep" for m in matches)
        for m in matches:
            if m.phrase.kind not in ("card", "operator"):
                continue
            if not self._preceded(self._source, folded, words, m) and (
                self._preceded(self._destination, folded, words, m)
                or (moving and self._preceded(self._weak_destination, folded, words, m))
                or (
                    previous is not None
                    and id(previous) in found
                    and not CLAUSE_END.search(folded[previous.end : m.start])
                )
                # In a message about moving the number, a card after a destination word in
                # the same clause is where it goes ("转到别家最便宜的套餐", "to a cheap
                # prepaid somewhere else").
                or (m.phrase.kind == "card" and moving and self._after_destination(folded, m))
            ):
                found.add(id(m))
            previous = m
        return found

    def _after_destination(self, folded: str, m: Match) -> bool:
        clause = CLAUSE_END.split(folded[: m.start])[-1]
        return self._towards is not None and self._towards.search(clause) is not None

    def _greets(self, folded: str, m: Match) -> bool:
        """A greeting word after nothing but greetings ("Hey, how…", "嗨 hey，…") greets;
        "hey!", "hey的卡", or hey after other words, is the brand."""
        if m.phrase.text not in self._greetings:
            return False
        after = folded[m.end :].lstrip()[:1]
        if after == "!" or after in BRAND_NEXT:  # "hey!", "hey的卡", "hey卡"
            return False
        before = LATIN.findall(folded[: m.start]) + GREETING_CJK.findall(folded[: m.start])
        return all(word in self._greetings for word in before)

    # -- matching -----------------------------------------------------------------------

    def _cjk_matches(self, folded: str) -> list[Match]:
        found = []
        for phrase, pattern in self._cjk:
            if pattern is not None:
                found += [Match(phrase, m.start(), m.end(), -1) for m in pattern.finditer(folded)]
                continue
            start = folded.find(phrase.text)
            while start >= 0:
                found.append(Match(phrase, start, start + len(phrase.text), -1))
                start = folded.find(phrase.text, start + 1)
        return found

    def _latin_matches(self, tokens: list[re.Match[str]]) -> list[Match]:
        """Windows of consecutive words, joined, against the Latin phrases (exactly, or with
        the edits a long operator name allows; its first letter must be right)."""
        found = []
        for i in range(len(tokens)):
            joined = ""
            for last in range(i, len(tokens)):
                between = tokens[last].string[tokens[last - 1].end() : tokens[last].start()]
                if last > i and HAS_CJK.search(between):
                    break  # "proximus 月租想转到 mobile" is no "proximus mobile"
                joined += tokens[last].group()
                if len(joined) > self._window + 2:
                    break
                phrase = self._latin.get(joined)
                # Typos within one word, or in a long name of several ("mobile vikngs"), not
                # across short words ("sim, do" is no "simyo").
                if phrase is None and len(joined) >= (5 if last == i else 9):
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
                    found.append(Match(phrase, tokens[i].start(), tokens[last].end(), i))
        return found

    # -- what the matches say -------------------------------------------------------------

    def _preceded(
        self,
        markers: Markers,
        folded: str,
        words: list[str],
        m: Match,
        latin_fillers: frozenset[str] = LATIN_FILLER,
    ) -> bool:
        """Whether a marker word comes just before the match (filler words aside): Latin
        words after a Latin word, characters after a Chinese one."""
        text = folded[: m.start]
        last = text.rstrip()[-1:]
        if last and not HAS_CJK.match(last):
            index = m.first_token if m.first_token >= 0 else len(LATIN.findall(text))
            return markers.before_tokens(words[:index], latin_fillers)
        return markers.before_chars(text, CJK_FILLER)

    def _operator(
        self, folded: str, words: list[str], mentions: list[Match], destinations: set[int]
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
