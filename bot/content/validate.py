"""Cross-file content rules: unique ids, references that resolve, sources where facts are
stated, Traditional characters in zh-Hant, no promotion. Rules that need the journey's logic or
the rendering (a plan for every journey, message sizes) are in bot/checks.py."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from pydantic import BaseModel

from bot.content.models import NEEDS_SOURCE, REQUIRED_INTENTS, UNSURE, Content, Source, Text
from bot.content.problems import Problem
from bot.content.vocabulary import check_vocabulary

# Characters OpenCC's s2t rewrites although they are standard Traditional usage (台灣).
TRADITIONAL_VARIANTS = frozenset("台")
# Promotional material never goes into the bot (see the seed articles' channels).
PROMO = re.compile(r"t\.me/|telegram\.me/|@[A-Za-z][A-Za-z0-9_]{4,}\b(?!\.)|referral|推荐码|邀请码")


PHONE = re.compile(r"(?<![\w+])(?:\+32|0032|0)[ ./()]*\d(?:[ ./]?\d){6,9}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。、；）)]+")


def _normal(contact: str) -> str:
    """A form in which the same phone number, e-mail or URL written two ways compares equal."""
    value = contact.strip().lower().rstrip("/.,")
    if PHONE.fullmatch(contact.strip()):
        digits = re.sub(r"\D", "", value)
        for prefix in ("0032", "32"):
            if digits.startswith(prefix) and contact.strip().startswith(("+", "00")):
                digits = "0" + digits[len(prefix) :]
        return digits
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", value)


def quoted_contacts(text: str) -> list[str]:
    """Phone numbers, e-mail addresses and URLs a text quotes."""
    found = EMAIL.findall(text)
    without_emails = EMAIL.sub(" ", text)
    found += URL.findall(without_emails)
    found += [m.strip() for m in PHONE.findall(URL.sub(" ", without_emails))]
    return found


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _is_brand(name: str, sources: Iterable[Source | None]) -> bool:
    """A name may be shown as it is (untranslated) when it is a brand: one of its sources'
    address or title spells it ("Mobile Vikings" in mobilevikings.be)."""
    key = _letters(name)
    return bool(key) and any(s is not None and key in _letters(s.url + s.title) for s in sources)


def _known(values: Iterable[str]) -> set[str]:
    return {_normal(v) for v in values}


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def simplified_chars(text: str) -> str:
    """Characters of `text` that are Simplified (they change when converted to Traditional)."""
    converted = _s2t().convert(text)
    if converted == text or len(converted) != len(text):
        return "" if converted == text else "?"
    return "".join(
        sorted({a for a, b in zip(text, converted, strict=True) if a != b} - TRADITIONAL_VARIANTS)
    )


def _texts(prefix: str, obj: object) -> Iterator[tuple[str, Text]]:
    """Every Text inside a content object, with its path."""
    if isinstance(obj, Text):
        yield prefix, obj
    elif isinstance(obj, tuple):
        for i, child in enumerate(obj):
            label = f"[{i}]" + (f"(id={child.id})" if hasattr(child, "id") else "")
            yield from _texts(prefix + label, child)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _texts(f"{prefix}.{name}" if prefix else name, getattr(obj, name))


def _duplicates(file: str, key: str, ids: Iterable[str]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, value in enumerate(ids):
        if value in seen:
            problems.append(Problem(file, f"{key}[{i}](id={value})", "duplicate id"))
        seen.add(value)
    return problems


def check_content(content: Content) -> list[Problem]:
    problems: list[Problem] = check_vocabulary(content)
    add = problems.append
    j = content.journey
    card_ids = {c.id for c in j.cards}
    operator_ids = {o.id for o in content.operators}

    problems += _duplicates("journey.yaml", "cards", (c.id for c in j.cards))
    problems += _duplicates("operators.yaml", "operators", (o.id for o in content.operators))
    problems += _duplicates("plan.yaml", "items", (i.id for i in content.plan))
    problems += _duplicates("faq.yaml", "entries", (e.id for e in content.faq))
    if UNSURE in card_ids | operator_ids:
        add(Problem("journey.yaml", "cards", f"'{UNSURE}' is reserved for the 'not sure' button"))
    problems += _duplicates("journey.yaml", "intents", (i.id for i in j.intents))
    if not set(REQUIRED_INTENTS) <= {i.id for i in j.intents}:
        needed = " and ".join(f"'{i}'" for i in REQUIRED_INTENTS)
        add(Problem("journey.yaml", "intents", f"needs at least the intents {needed}"))

    for helper_name in ("card_helper", "billing_helper"):
        helper = getattr(j, helper_name)
        for i, choice in enumerate(helper.choices):
            where = f"{helper_name}.choices[{i}]"
            if helper_name == "card_helper" and choice.card not in card_ids:
                add(Problem("journey.yaml", where + ".card", f"unknown card {choice.card!r}"))
            if helper_name == "billing_helper" and choice.billing is None:
                add(Problem("journey.yaml", where + ".billing", "a billing choice is required"))

    def refs(file: str, where: str, ids: Iterable[str]) -> None:
        for source_id in ids:
            if source_id not in content.sources:
                add(Problem(file, where + ".sources", f"unknown source {source_id!r}"))

    refs("journey.yaml", "", j.sources)
    refs("journey.yaml", "free_cancel", j.free_cancel_sources)

    def check_quotes(
        file: str, where: str, text: Text, sources: Iterable[str], extra: Iterable[str]
    ) -> None:
        """Every phone number, e-mail and URL in a text is stated by one of its sources."""
        known = _known(extra)
        for source_id in sources:
            source = content.sources.get(source_id)
            if source is not None:
                known |= _known((source.url, *source.contacts))
        for lang, value in text.items():
            for quote in quoted_contacts(value):
                if _normal(quote) not in known:
                    reason = f"{quote!r} is not in this entry's sources or contacts"
                    add(Problem(file, f"{where}.{lang}", reason))

    check_quotes("journey.yaml", "follow_up_problem", j.follow_up_problem, j.sources, [])
    for i, op in enumerate(content.operators):
        refs("operators.yaml", f"operators[{i}](id={op.id})", op.sources)
        if op.label is None and not _is_brand(
            op.name, (content.sources.get(s) for s in op.sources)
        ):
            add(
                Problem(
                    "operators.yaml",
                    f"operators[{i}](id={op.id}).name",
                    f"{op.name!r} is shown untranslated but no source names that brand: "
                    "give it a label in every language",
                ),
            )
        for k, contact in enumerate(op.contacts):
            refs("operators.yaml", f"operators[{i}](id={op.id}).contacts[{k}]", contact.sources)
        if op.top_up is not None:
            refs("operators.yaml", f"operators[{i}](id={op.id}).top_up", op.top_up.sources)

    for i, item in enumerate(content.plan):
        where = f"items[{i}](id={item.id})"
        refs("plan.yaml", where, item.sources)
        for field, allowed, ids in (
            ("card", card_ids, item.applies.card),
            ("operator", operator_ids, item.applies.operator),
        ):
            for value in ids or ():
                if value not in allowed:
                    add(
                        Problem(
                            "plan.yaml", f"{where}.applies.{field}", f"unknown {field} {value!r}"
                        )
                    )
        if not item.sources and any(NEEDS_SOURCE.search(t) for _, t in item.text.items()):
            add(
                Problem("plan.yaml", where, "states a number, amount, address or link: add sources")
            )
        # An item for some operators may quote their contacts (operators.yaml, with sources).
        scoped = item.applies.operator or ()
        operator_contacts = [
            c.value for o in content.operators if o.id in scoped for c in o.contacts
        ]
        check_quotes("plan.yaml", f"{where}.text", item.text, item.sources, operator_contacts)

    problems += _duplicates("faq.yaml", "topics", (t.id for t in content.faq_topics))
    topic_ids = {t.id for t in content.faq_topics}
    for i, entry in enumerate(content.faq):
        where = f"entries[{i}](id={entry.id})"
        if entry.topic not in topic_ids:
            add(Problem("faq.yaml", f"{where}.topic", f"unknown topic {entry.topic!r}"))
        refs("faq.yaml", where, entry.sources)
        check_quotes("faq.yaml", f"{where}.answer", entry.answer, entry.sources, [])

    for file, root, obj in (
        ("journey.yaml", "", j),
        ("operators.yaml", "operators", content.operators),
        ("plan.yaml", "items", content.plan),
        ("faq.yaml", "entries", content.faq),
        ("faq.yaml", "topics", content.faq_topics),
    ):
        for path, text in _texts(root, obj):
            bad = simplified_chars(text.zh_hant)
            if bad:
                add(Problem(file, f"{path}.zh-Hant", f"Simplified characters in zh-Hant: {bad}"))
            for lang, value in text.items():
                if PROMO.search(value):
                    add(Problem(file, f"{path}.{lang}", "promotional link or channel handle"))

    refs("letter.yaml", "", content.letters.sources)
    allowed = {
        "name",
        "phone",
        "customer_line",
        "customer",
        "operator",
        "end_date",
        "place",
        "date",
    }
    for lang, template in content.letters.letters.items():
        for field_name, value in template:
            for name in re.findall(r"\{(\w*)\}", value):
                if name not in allowed:
                    add(
                        Problem(
                            "letter.yaml",
                            f"letters.{lang}.{field_name}",
                            f"unknown placeholder {{{name}}}",
                        )
                    )
    return problems
