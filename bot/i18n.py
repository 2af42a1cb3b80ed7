"""Interface languages: choosing a locale from Telegram's language_code, gettext catalogs
compiled from `locales/*.po` at start (so a `.mo` can never be stale), and Babel dates."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.data import LOCALES_DIR


@dataclass(frozen=True)
class Language:
    """One interface language: a row of LANGUAGES drives the catalogs, the content's text
    fields, dates, the language picker, its button and the command menus."""

    locale: str  # the gettext catalog: locales/<locale>/LC_MESSAGES/messages.po
    content: str  # the BCP 47 tag the YAML content spells it with
    babel: str  # dates and numbers (English in Belgian order, not US)
    name: str  # in the language picker, in its own language
    menu: str | None  # Telegram's command menu: a two-letter code, "" the default, None none


LANGUAGES: tuple[Language, ...] = (
    Language("zh_Hans", "zh-Hans", "zh_Hans_CN", "简体中文", "zh"),
    # Telegram's menus take two-letter codes only: the 'zh' menu serves both scripts.
    Language("zh_Hant", "zh-Hant", "zh_Hant_TW", "繁體中文", None),
    Language("en", "en", "en_BE", "English", ""),
)
LOCALES: tuple[str, ...] = tuple(lang.locale for lang in LANGUAGES)
DEFAULT_LOCALE = "en"
DOMAIN = "messages"

CONTENT_LANG = {lang.locale: lang.content for lang in LANGUAGES}
BABEL_LOCALE = {lang.locale: lang.babel for lang in LANGUAGES}
LANGUAGE_NAMES = {lang.locale: lang.name for lang in LANGUAGES}
# (Telegram's language_code or None for the default menu, our locale) of each command menu.
MENUS = tuple((lang.menu or None, lang.locale) for lang in LANGUAGES if lang.menu is not None)

_HANT_REGIONS = {"tw", "hk", "mo"}


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


def negotiate_locale(language_code: str | None) -> str:
    """Map Telegram's language_code to one of our locales.

    zh, zh-CN, zh-Hans, zh-SG → zh_Hans; zh-TW, zh-HK, zh-MO, zh-Hant → zh_Hant; else en.
    Babel does not map region to script (negotiate_locale(['zh_TW'], …) is None), so the
    rule is ours. Non-standard tags from language packs (zh-hans-raw) are tolerated.
    """
    if not language_code:
        return DEFAULT_LOCALE
    parts = [p for p in re.split(r"[-_]", language_code.strip().lower()) if p]
    if not parts or parts[0] != "zh":
        return DEFAULT_LOCALE
    rest = parts[1:]
    if "hant" in rest:
        return "zh_Hant"
    if "hans" in rest:
        return "zh_Hans"
    if any(p in _HANT_REGIONS for p in rest):
        return "zh_Hant"
    return "zh_Hans"


def valid_locale(locale: str | None) -> str:
    return locale if locale in LOCALES else DEFAULT_LOCALE


def user_locale(stored: str | None, language_code: str | None) -> str:
    """The one rule: the language stored for the user wins, else Telegram's language_code."""
    return valid_locale(stored) if stored else negotiate_locale(language_code)


def compile_catalog(po_path: Path) -> gettext.GNUTranslations:
    """Compile a .po file in memory (fuzzy entries are left out, as pybabel compile does)."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def translations(locale: str, directory: Path = LOCALES_DIR) -> gettext.NullTranslations:
    """The catalog for a locale, compiled once per process. A missing catalog is an error, not
    a silent fall-back to English (e.g. an install without its package data)."""
    po_path = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        raise MissingCatalog(
            f"no interface catalog at {po_path} (the package was installed without its data, "
            "or the source checkout lacks locales/)"
        )
    return compile_catalog(po_path)


class MissingCatalog(FileNotFoundError):
    """A locale's .po file is not where the bot looks for it."""


def format_date(day: dt.date, locale: str, format: str = "long") -> str:
    return babel_format_date(day, format=format, locale=BABEL_LOCALE[valid_locale(locale)])
