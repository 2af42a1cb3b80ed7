"""Callback data: small, versioned ASCII codes (Telegram allows 64 bytes) and their parser.

`1:a:<state>:<value>` answer · `1:b:<state>` back
· `1:o` start over (`1:oy`/`1:on` confirm)
· `1:t:<generation>:<item>` tick · `1:l:<locale>` language (`1:lm` the menu)
· `1:s:<generation>` "I have sent my request" · `1:d:<days ago>` when · `1:r:<id>:<y|n|p>`
answer to a reminder · `1:x:<id>` cancel a reminder · `1:f` / `1:fy` / `1:fn` forget me.
Anything else is forged or stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "1"
MAX_BYTES = 64

_TOKEN = r"[a-z0-9][a-z0-9_-]{0,23}"
_PATTERNS = {
    "a": re.compile(rf"^a:({_TOKEN}):({_TOKEN})$"),
    "b": re.compile(rf"^b:({_TOKEN})$"),
    "t": re.compile(rf"^t:(\d{{1,9}}):({_TOKEN})$"),
    "l": re.compile(r"^l:(zh_Hans|zh_Hant|en)$"),
    "s": re.compile(r"^s:(\d{1,9})$"),
    "d": re.compile(r"^d:(\d{1,2})$"),
    "r": re.compile(r"^r:(\d{1,12}):([ynp])$"),
    "x": re.compile(r"^x:(\d{1,12})$"),
}


@dataclass(frozen=True)
class Action:
    # answer | back | over | over_yes | over_no | tick | language | language_menu | sent |
    # sent_day | reminder | reminder_cancel | forget_yes | forget_no
    kind: str
    state: str = ""
    value: str = ""
    number: int = 0  # the plan generation (tick, sent) or the reminder id


def answer(state: str, value: str) -> str:
    return _checked(f"{VERSION}:a:{state}:{value}")


def back(state: str) -> str:
    return _checked(f"{VERSION}:b:{state}")


def tick(generation: int, item_id: str) -> str:
    return _checked(f"{VERSION}:t:{generation}:{item_id}")


def sent(generation: int) -> str:
    return _checked(f"{VERSION}:s:{generation}")


def sent_days_ago(days: int) -> str:
    return _checked(f"{VERSION}:d:{days}")


def reminder_answer(reminder_id: int, answer: str) -> str:
    return _checked(f"{VERSION}:r:{reminder_id}:{answer}")


def reminder_cancel(reminder_id: int) -> str:
    return _checked(f"{VERSION}:x:{reminder_id}")


def language(locale: str) -> str:
    return _checked(f"{VERSION}:l:{locale}")


LANGUAGE_MENU = f"{VERSION}:lm"
START_OVER = f"{VERSION}:o"
START_OVER_YES = f"{VERSION}:oy"
START_OVER_NO = f"{VERSION}:on"
FORGET_YES = f"{VERSION}:fy"
FORGET_NO = f"{VERSION}:fn"


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def parse(data: str | None) -> Action | None:
    """The action a button carries, or None for anything we did not make (or an old version)."""
    if not data or len(data) > MAX_BYTES or not data.startswith(VERSION + ":"):
        return None
    body = data[len(VERSION) + 1 :]
    simple = {
        "o": "over",
        "oy": "over_yes",
        "on": "over_no",
        "lm": "language_menu",
        "fy": "forget_yes",
        "fn": "forget_no",
    }
    if body in simple:
        return Action(simple[body])
    match = _PATTERNS.get(body[:1])
    found = match.match(body) if match else None
    if found is None:
        return None
    kind = body[0]
    if kind == "a":
        return Action("answer", state=found[1], value=found[2])
    if kind == "b":
        return Action("back", state=found[1])
    if kind == "t":
        return Action("tick", number=int(found[1]), value=found[2])
    if kind == "s":
        return Action("sent", number=int(found[1]))
    if kind == "d":
        return Action("sent_day", value=found[1])
    if kind == "r":
        return Action("reminder", value=found[2], number=int(found[1]))
    if kind == "x":
        return Action("reminder_cancel", number=int(found[1]))
    return Action("language", value=found[1])
