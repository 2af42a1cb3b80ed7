"""Screens: callback data within 64 bytes and parseable, HTML escaped, plans within 4096."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot import callbacks as cb
from bot.account.screens import language_menu
from bot.content.loader import load_content
from bot.i18n import LOCALES, translations
from bot.journey import rules as j
from bot.journey import screens
from bot.screen import MESSAGE_LIMIT, View
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def content():  # type: ignore[no-untyped-def]
    return load_content(ROOT / "conversations")


def visible_length(html_text: str) -> int:
    """What Telegram counts: the text after HTML entities are parsed."""
    import html

    return len(html.unescape(re.sub(r"<[^>]+>", "", html_text)))


def all_screens(content, locale):  # type: ignore[no-untyped-def]
    view = View(content, translations(locale), locale)
    for state in j.QUESTIONS:
        yield screens.question(view, j.Progress(state=state, card="esim"))
    yield language_menu(view)
    for card, billing, operator, intent in j.combinations(content):
        progress = j.Progress(j.PLAN, card, billing, operator, intent, 12345)
        items = j.plan_for(progress, content)
        progress = replace(progress, ticks=frozenset(i.id for i in items[::2]))
        yield from screens.plan_pages(view, progress)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_screen_fits_telegram_limits(content, locale: str) -> None:  # type: ignore[no-untyped-def]
    count = 0
    for screen in all_screens(content, locale):
        count += 1
        assert visible_length(screen.text) <= MESSAGE_LIMIT
        for row in screen.keyboard:
            for label, data in row:
                assert label.strip()
                assert len(data.encode()) <= cb.MAX_BYTES
                assert cb.parse(data) is not None, data
    assert count > len(j.combinations(content))


def test_callback_codec_round_trip_and_rejects_forgeries() -> None:
    assert cb.parse(cb.answer("card_help", "3")) == cb.Action("answer", "card_help", "3")
    assert cb.parse(cb.tick(7, "codes")) == cb.Action("tick", value="codes", number=7)
    assert cb.parse(cb.back("plan")) == cb.Action("back", "plan")
    assert cb.parse(cb.START_OVER_YES) == cb.Action("over_yes")
    assert cb.parse(cb.language("zh_Hant")) == cb.Action("language", value="zh_Hant")
    for forged in (
        None,
        "",
        "0:a:card:plan",
        "1:a:card",
        "1:t:x:codes",
        "1:l:fr",
        "1:a:CARD:plan",
        "1:a:card:plan:extra",
        "1:" + "a" * 80,
        "1:a:card:é",
        "'; DROP TABLE users; --",
        "1:t:1:<b>",
    ):
        assert cb.parse(forged) is None, forged
    with pytest.raises(ValueError):
        cb.answer("card", "x" * 70)


def test_plan_text_escapes_content_and_shows_ticks(mini_content) -> None:  # type: ignore[no-untyped-def]
    item = mini_content.plan[0]
    evil = item.model_copy(update={"text": item.text.model_copy(update={"en": "a <b>&</b> c"})})
    content = mini_content.model_copy(update={"plan": (evil, *mini_content.plan[1:])})
    view = View(content, translations("en"), "en")
    progress = j.Progress(j.PLAN, "plan", "plan", "base", "end", 1, frozenset({"codes"}))
    (page,) = screens.plan_pages(view, progress)
    assert "a &lt;b&gt;&amp;&lt;/b&gt; c" in page.text
    assert "1 of 4 steps done" in page.text
    labels = [label for row in page.keyboard for label, _ in row]
    assert labels[:4] == ["✅ 1. Move codes", "⬜ 2. Write", "⬜ 3. Call BASE", "⬜ 4. Keep proof"]
    assert 'href="https://www.bipt.be/x"' in page.text and "checked 2026-11-23" in page.text


def test_long_plan_is_split_into_pages_each_with_its_own_buttons(mini_content) -> None:  # type: ignore[no-untyped-def]
    long_text = "word " * 500
    items = tuple(
        i.model_copy(update={"text": i.text.model_copy(update={"en": long_text})})
        for i in mini_content.plan
    )
    content = mini_content.model_copy(update={"plan": items})
    view = View(content, translations("en"), "en")
    progress = j.Progress(j.PLAN, "plan", "plan", "base", "end", 1)
    pages = screens.plan_pages(view, progress)
    assert len(pages) >= 2
    tick_ids = [
        cb.parse(d).value
        for p in pages
        for row in p.keyboard
        for _, d in row  # type: ignore[union-attr]
        if d.startswith("1:t:")
    ]
    assert tick_ids == ["codes", "write", "base-1999", "proof"]
    for page in pages:
        assert visible_length(page.text) <= MESSAGE_LIMIT
    index, page = screens.page_of(pages, progress, "proof")
    assert page == pages[index] and index == len(pages) - 1
