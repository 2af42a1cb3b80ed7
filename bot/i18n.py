"""Interface languages: choosing a locale from Telegram's language_code, gettext catalogs
compiled from `locales/*.po` at start (so a `.mo` can never be stale), and Babel dates."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from functools import cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES: tuple[str, ...] = ("zh_Hans", "zh_Hant", "en")
DEFAULT_LOCALE = "en"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"

# The content (YAML) spells languages as BCP 47 tags.
CONTENT_LANG = {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant", "en": "en"}
# Babel locale used for dates and numbers: English in Belgian order, not US.
BABEL_LOCALE = {"zh_Hans": "zh_Hans_CN", "zh_Hant": "zh_Hant_TW", "en": "en_BE"}
# Names shown in the language picker, each in its own language.
LANGUAGE_NAMES = {"zh_Hans": "简体中文", "zh_Hant": "繁體中文", "en": "English"}

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
    a silent fall-back to English (e.g. `pip install .` without the source tree's locales/)."""
    po_path = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        raise MissingCatalog(f"no interface catalog at {po_path} (run from a source checkout)")
    return compile_catalog(po_path)


class MissingCatalog(FileNotFoundError):
    """A locale's .po file is not where the bot looks for it."""


def format_date(day: dt.date, locale: str, format: str = "long") -> str:
    return babel_format_date(day, format=format, locale=BABEL_LOCALE[valid_locale(locale)])
