"""What the user sees: each screen as HTML text plus a keyboard of (label, callback data), and
the `View` every feature's screens are rendered with (content, translator, language).

Screens are pure functions of content, progress and a View; handlers turn a `Screen` into a
Telegram message (bot/replies.py). Everything taken from content or from the user is
HTML-escaped where it is put into a screen.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from html import escape
from urllib.parse import urlparse

from bot.content.models import Content
from bot.i18n import CONTENT_LANG

MESSAGE_LIMIT = 4096
# Room left for Telegram's own counting (entities are not counted, but be safe).
PAGE_BUDGET = 3900
# Telegram refuses a message with more than 100 formatting entities (bold, links, quotes…).
ENTITY_BUDGET = 90

Row = tuple[tuple[str, str], ...]
Keyboard = tuple[Row, ...]


@dataclass(frozen=True)
class Screen:
    text: str
    keyboard: Keyboard = ()


class View:
    """Renders in one language: the content, the interface catalog, and the locale."""

    def __init__(self, content: Content, translations: gettext.NullTranslations, locale: str):
        self.content = content
        self._ = translations.gettext
        self.ngettext = translations.ngettext
        self.locale = locale
        self.lang = CONTENT_LANG[locale]

    def sources_line(self, source_ids: tuple[str, ...]) -> str:
        """Links to the sources, with the latest date they were checked."""
        links = []
        for source_id in source_ids:
            source = self.content.sources[source_id]
            host = urlparse(source.url).netloc.removeprefix("www.")
            links.append(f'<a href="{escape(source.url, quote=True)}">{escape(host)}</a>')
        checked = max(self.content.sources[s].checked for s in source_ids)
        return (
            "<i>"
            + self._("Source: {links} (checked {date})").format(
                links=", ".join(links), date=checked.isoformat()
            )
            + "</i>"
        )
