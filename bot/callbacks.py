"""Callback data: small, versioned ASCII codes (Telegram allows 64 bytes) and their parser.

`1:a:<state>:<value>` answer · `1:b:<state>` back
· `1:o` start over (`1:oy`/`1:on` confirm)
· `1:t:<generation>:<item>` tick · `1:l:<locale>` language (`1:lm` the menu).
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
}


@dataclass(frozen=True)
class Action:
    kind: str  # answer | back | over | over_yes | over_no | tick | language
    state: str = ""
    value: str = ""
    generation: int = 0


def answer(state: str, value: str) -> str:
    return _checked(f"{VERSION}:a:{state}:{value}")


def back(state: str) -> str:
    return _checked(f"{VERSION}:b:{state}")


def tick(generation: int, item_id: str) -> str:
    return _checked(f"{VERSION}:t:{generation}:{item_id}")


def language(locale: str) -> str:
    return _checked(f"{VERSION}:l:{locale}")


LANGUAGE_MENU = f"{VERSION}:lm"
START_OVER = f"{VERSION}:o"
START_OVER_YES = f"{VERSION}:oy"
START_OVER_NO = f"{VERSION}:on"


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def parse(data: str | None) -> Action | None:
    """The action a button carries, or None for anything we did not make (or an old version)."""
    if not data or len(data) > MAX_BYTES or not data.startswith(VERSION + ":"):
        return None
    body = data[len(VERSION) + 1 :]
    simple = {"o": "over", "oy": "over_yes", "on": "over_no", "lm": "language_menu"}
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
        return Action("tick", generation=int(found[1]), value=found[2])
    return Action("language", value=found[1])
