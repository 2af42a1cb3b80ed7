"""The account's screens and rules without Telegram: /help lists the features' menu, /privacy
names the retention period, /forget asks first, and the language picker offers each row of the
language table."""

from __future__ import annotations

import datetime as dt

from bot import callbacks as cb
from bot.account import screens
from bot.features import FEATURES
from bot.i18n import LANGUAGES, MENUS, translations
from bot.screen import View


def view(content, locale: str = "en") -> View:  # type: ignore[no-untyped-def]
    return View(content, translations(locale), locale)


def test_help_lists_every_menu_command_in_rank_order(mini_content) -> None:  # type: ignore[no-untyped-def]
    menu = FEATURES.menu()
    text = screens.help_text(translations("en").gettext, menu)
    listed = [line.split(" ", 1)[0] for line in text.splitlines() if line.startswith("/")]
    assert listed == [f"/{name}" for name, _ in menu]
    assert listed[:2] == ["/start", "/status"] and listed[-1] == "/help"
    assert "/stats" not in listed and "/reload" not in listed  # admin commands are in no menu
    chinese = screens.help_text(translations("zh_Hans").gettext, menu)
    assert "/faq — " in chinese and "Questions and answers" not in chinese


def test_privacy_names_the_retention_period_in_the_users_language(mini_content) -> None:  # type: ignore[no-untyped-def]
    assert "12 months" in screens.privacy(view(mini_content), dt.timedelta(days=365))
    assert "4 weeks" in screens.privacy(view(mini_content), dt.timedelta(days=28))
    assert "4周" in screens.privacy(view(mini_content, "zh_Hans"), dt.timedelta(days=28))


def test_forget_asks_first_with_two_buttons_that_parse(mini_content) -> None:  # type: ignore[no-untyped-def]
    screen = screens.confirm_forget(view(mini_content))
    kinds = [cb.parse(data).kind for row in screen.keyboard for _, data in row]  # type: ignore[union-attr]
    assert kinds == ["forget_yes", "forget_no"]


def test_the_language_picker_and_the_menus_follow_the_language_table(mini_content) -> None:  # type: ignore[no-untyped-def]
    screen = screens.language_menu(view(mini_content))
    picked = [cb.parse(data) for row in screen.keyboard for _, data in row]
    assert [a.value for a in picked if a] == [lang.locale for lang in LANGUAGES]
    assert [label for row in screen.keyboard for label, _ in row] == [
        lang.name for lang in LANGUAGES
    ]
    # One default menu and one 'zh' menu that serves both scripts.
    assert set(MENUS) == {(None, "en"), ("zh", "zh_Hans")}
    assert cb.parse(cb.language("fr")) is None  # not a row of the table
