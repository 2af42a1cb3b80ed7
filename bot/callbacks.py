"""Callback data: small, versioned ASCII codes (Telegram allows 64 bytes) and their one parser.

Every kind of button is a `Form`: a short head, the pattern of what follows it, and the names
of its parts (state, value, number). A feature declares its own forms beside its handlers
(`<feature>/feature.py` routes them); the forms several features draw are here. Data looks like
`1:<head>` or `1:<head>:<parts>`; anything that no form reads is forged or stale.

Here: `1:a:<state>:<value>` answer · `1:b:<state>` back (a question, or a pending question
asked from the plan) · `1:o` start over (`1:oy`/`1:on` confirm) · `1:t:<generation>:<item>`
tick · `1:l:<locale>` language (`1:lm` the menu) · `1:r:<id>:<answer>` answer to a reminder ·
`1:x:<id>` cancel a reminder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.i18n import LOCALES

VERSION = "1"
MAX_BYTES = 64

TOKEN = r"[a-z0-9][a-z0-9_-]{0,23}"
NUMBER = r"\d{1,12}"
DAY = r"\d{8}"  # yyyymmdd (bot/dates.py: button_day)


@dataclass(frozen=True)
class Action:
    kind: str
    state: str = ""
    value: str = ""
    number: int = 0  # the plan generation (tick, sent) or the reminder id


_FORMS: dict[str, Form] = {}


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


@dataclass(frozen=True)
class Form:
    """One kind of button: `head` and, unless `parts` is empty, the regex of what follows
    (a group per name in `parts`; "number" is read as an int). Registered on creation: two
    forms may not share a head."""

    head: str
    kind: str
    pattern: str = ""
    parts: tuple[str, ...] = ()
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regex", re.compile(self.pattern))
        known = _FORMS.get(self.head)
        if known is not None and known != self:
            raise ValueError(f"two button forms use the head {self.head!r}")
        if self._regex.groups != len(self.parts):
            raise ValueError(f"form {self.head!r}: {len(self.parts)} parts, pattern differs")
        _FORMS[self.head] = self

    def data(self, *values: object) -> str:
        """The callback data of this form with these parts."""
        return _checked(":".join((VERSION, self.head, *(str(v) for v in values))))

    def read(self, rest: str | None) -> Action | None:
        if not self.parts:
            return Action(self.kind) if rest is None else None
        found = self._regex.fullmatch(rest) if rest is not None else None
        if found is None:
            return None
        fields: dict[str, str | int] = {}
        for name, value in zip(self.parts, found.groups(), strict=True):
            fields[name] = int(value) if name == "number" else (value or "")
        return Action(self.kind, **fields)  # type: ignore[arg-type]


# The journey's buttons, and those several features draw.
ANSWER = Form("a", "answer", rf"({TOKEN}):({TOKEN})", ("state", "value"))
BACK = Form("b", "back", rf"({TOKEN})", ("state",))
# A tick on a later page of the plan names the first page's message (`state`) to redraw it.
TICK = Form("t", "tick", rf"({NUMBER}):({TOKEN})(?::({NUMBER}))?", ("number", "value", "state"))
TICK_PREFIX = f"{VERSION}:t:"
OVER = Form("o", "over")
OVER_YES = Form("oy", "over_yes")
OVER_NO = Form("on", "over_no")
LANGUAGE = Form("l", "language", "(" + "|".join(LOCALES) + ")", ("value",))
LANGUAGE_MENU_FORM = Form("lm", "language_menu")
# y(es) · n(ot yet: snooze) · p(roblem) · s(top): which a kind accepts is its own affair.
REMINDER = Form("r", "reminder", rf"({NUMBER}):([a-z])", ("number", "value"))
REMINDER_CANCEL = Form("x", "reminder_cancel", rf"({NUMBER})", ("number",))


def answer(state: str, value: str) -> str:
    return ANSWER.data(state, value)


def back(state: str) -> str:
    return BACK.data(state)


def tick(generation: int, item_id: str) -> str:
    return TICK.data(generation, item_id)


def tick_on(data: str, first_page: int) -> str:
    """A tick's data that also names the plan's first page (its message id)."""
    return _checked(f"{data}:{first_page}")


def reminder_answer(reminder_id: int, answer: str) -> str:
    return REMINDER.data(reminder_id, answer)


def reminder_cancel(reminder_id: int) -> str:
    return REMINDER_CANCEL.data(reminder_id)


def language(locale: str) -> str:
    return LANGUAGE.data(locale)


LANGUAGE_MENU = LANGUAGE_MENU_FORM.data()
START_OVER = OVER.data()
START_OVER_YES = OVER_YES.data()
START_OVER_NO = OVER_NO.data()

# Not callback data: a Share button (switch_inline_query) carries this prefix in a Screen.
SHARE_PREFIX = "share:"


def share(query: str) -> str:
    return SHARE_PREFIX + query


def parse(data: str | None) -> Action | None:
    """The action a button carries, or None for anything we did not make (or an old version)."""
    if not data or len(data) > MAX_BYTES or not data.startswith(VERSION + ":"):
        return None
    head, colon, rest = data[len(VERSION) + 1 :].partition(":")
    form = _FORMS.get(head)
    return form.read(rest if colon else None) if form else None
