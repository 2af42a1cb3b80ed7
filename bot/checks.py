"""The content checks that need more than the content: a plan for every journey a user can
reach (the journey's rules), every message within Telegram's limit (the rendering), and every
letter drawable by the PDF's font.

`load_checked` is what the CLI's check-content, the bot's start and /reload use.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from bot.content.loader import load_content
from bot.content.models import Content
from bot.content.problems import ContentError, Problem
from bot.i18n import LOCALES, translations
from bot.journey import rules as j
from bot.journey import screens
from bot.letter import rules as lt
from bot.letter.pdf import missing_glyphs
from bot.screen import MESSAGE_LIMIT, View


def load_checked(directory: Path) -> Content:
    """The content of `directory`, or ContentError with every problem found."""
    content = load_content(directory)
    problems = check_coverage(content) + check_rendered(content) + check_letters(content)

    if problems:
        raise ContentError(problems)
    return content


def check_coverage(content: Content) -> list[Problem]:
    """Every (card, billing, operator, intent) has a 'before' and a 'cancel' item."""
    problems = []
    for card, billing, operator, intent in j.combinations(content):
        phases = {item.phase for item in j.select_plan(content, card, billing, operator, intent)}
        for phase in ("before", "cancel"):
            if phase not in phases:
                problems.append(
                    Problem(
                        "plan.yaml",
                        "items",
                        f"no '{phase}' item for card={card} billing={billing} "
                        f"operator={operator} intent={intent}",
                    )
                )
    return problems


def visible_length(html_text: str) -> int:
    """What Telegram counts against its limit: the text once HTML is parsed."""
    return len(html.unescape(re.sub(r"<[^>]+>", "", html_text)))


def check_rendered(content: Content) -> list[Problem]:
    """Every message the bot can show from this content fits in one Telegram message."""
    problems = []
    for locale in LOCALES:
        view = View(content, translations(locale), locale)
        shown = [(state, screens.question(view, j.Progress(state=state))) for state in j.QUESTIONS]
        for combo in j.combinations(content):
            progress = j.Progress(j.PLAN, *combo)
            shown += [
                ("plan " + "/".join(combo), page) for page in screens.plan_pages(view, progress)
            ]
        for name, screen in shown:
            length = visible_length(screen.text)
            if length > MESSAGE_LIMIT:
                problems.append(
                    Problem(
                        "(rendered)", f"{locale} {name}", f"{length} characters > {MESSAGE_LIMIT}"
                    )
                )
    return problems


# A sender with letters from several Latin alphabets, as a real user may have.
SAMPLE = lt.Details(
    name="Łucja Dvořák-Ștefănescu",
    phone="0470 12 34 56",
    end_date=dt.date(2026, 12, 31),
    customer="A-123/45",
    address="Rue de l’Œuvre 5\n1000 Bruxelles",
)


def check_letters(content: Content) -> list[Problem]:
    """Every letter template, to every operator, can be drawn by the PDF's font."""
    problems = []
    for lang in content.letters.letters:
        missing = "".join(
            sorted(
                {
                    ch
                    for operator in content.operators
                    for ch in missing_glyphs(
                        lt.letter_text(content, operator, SAMPLE, lang, SAMPLE.end_date)
                    )
                }
            )
        )
        if missing:
            problems.append(
                Problem("letter.yaml", f"letters.{lang}", f"the PDF's font cannot draw {missing!r}")
            )
    return problems
