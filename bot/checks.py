"""The content checks that need more than the content: a plan for every journey a user can
reach (the journey's rules), and every message within Telegram's limit (the rendering).

`load_checked` is what the CLI's check-content, the bot's start and /reload use.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from bot.content.loader import load_content
from bot.content.models import Content
from bot.content.problems import ContentError, Problem
from bot.i18n import LOCALES, translations
from bot.journey import rules as j
from bot.journey import screens
from bot.screen import MESSAGE_LIMIT, View


def load_checked(directory: Path) -> Content:
    """The content of `directory`, or ContentError with every problem found."""
    content = load_content(directory)
    problems = check_coverage(content) + check_rendered(content)
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
