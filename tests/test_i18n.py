"""Locale rule, catalogs complete in every language, Babel dates in Belgian order."""

from __future__ import annotations

import datetime as dt
import re

import polib
import pytest

from bot.i18n import LOCALES, format_date, negotiate_locale, translations
from tests.conftest import ROOT

# The translators' files (the template is not shipped with the package).
CATALOGS = ROOT / "locales"


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("zh", "zh_Hans"),
        ("zh-cn", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("zh-hans", "zh_Hans"),
        ("zh-sg", "zh_Hans"),
        ("zh-hans-raw", "zh_Hans"),
        ("zh_Hans", "zh_Hans"),
        ("zh-tw", "zh_Hant"),
        ("zh-TW", "zh_Hant"),
        ("zh-hk", "zh_Hant"),
        ("zh-mo", "zh_Hant"),
        ("zh-hant", "zh_Hant"),
        ("zh-hant-tw", "zh_Hant"),
        ("zh-Hant-HK", "zh_Hant"),
        ("en", "en"),
        ("en-GB", "en"),
        ("nl", "en"),
        ("fr-BE", "en"),
        (None, "en"),
        ("", "en"),
        ("zhx", "en"),
    ],
)
def test_language_code_to_locale(tag: str | None, locale: str) -> None:
    assert negotiate_locale(tag) == locale


@pytest.mark.parametrize("locale", LOCALES)
def test_every_interface_string_is_translated(locale: str) -> None:
    template = polib.pofile(str(CATALOGS / "messages.pot"))
    catalog = polib.pofile(str(CATALOGS / locale / "LC_MESSAGES" / "messages.po"))
    assert {e.msgid for e in template} == {e.msgid for e in catalog if not e.obsolete}
    for entry in catalog:
        assert "fuzzy" not in entry.flags, entry.msgid
        translated = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translated:
            assert text, f"{locale}: untranslated {entry.msgid!r}"
            # The same {placeholders}, so .format() never fails or drops a value.
            source = entry.msgid_plural if entry.msgid_plural and locale != "en" else entry.msgid
            if entry.msgid_plural and locale == "en" and text == entry.msgid_plural:
                source = entry.msgid_plural
            assert set(re.findall(r"\{[a-z_]+\}", text)) == set(
                re.findall(r"\{[a-z_]+\}", source)
            ), (locale, entry.msgid)
            assert text.count("<") == text.count(">")


def test_catalogs_compile_and_translate() -> None:
    assert translations("zh_Hans").gettext("« Back") == "« 返回"
    assert translations("zh_Hant").gettext("Start over") == "重新開始"
    assert translations("en").gettext("Start over") == "Start over"


def test_dates_use_belgian_english_and_chinese_forms() -> None:
    day = dt.date(2026, 12, 1)
    assert format_date(day, "en") == "1 December 2026"
    assert format_date(day, "zh_Hans") == "2026年12月1日"
    assert format_date(day, "zh_Hant") == "2026年12月1日"
