"""Callback data: small, versioned ASCII codes (Telegram allows 64 bytes) and their parser.

`1:a:<state>:<value>` answer · `1:b:<state>` back
· `1:o` start over (`1:oy`/`1:on` confirm)
· `1:t:<generation>:<item>` tick · `1:l:<locale>` language (`1:lm` the menu)
· `1:s:<generation>` "I have sent my request" · `1:d:<days ago>` when · `1:r:<id>:<y|n|p>`
answer to a reminder · `1:x:<id>` cancel a reminder · `1:fy` / `1:fn` forget me
· `1:w` letter (`1:wb` back, `1:wk` skip, `1:wx` cancel, `1:we:<t|m>`, `1:wl:<nl|fr|en>`)
· `1:p:<reading>` a plan from what a message said (`1:py:<generation>:<reading>` confirms
replacing that plan;
<reading> is a plan link's payload without `plan_`, e.g. `prepaid_orange_end`)
· `1:k:<generation>` remind me to top up (`1:kd:<yyyymmdd>` last top-up, `1:km:<yyyymmdd>:<months>`)
· `1:c:<generation>` when is ending free (`1:cr:<generation>:<yyyymmdd>` remind me then)
· `1:ft` FAQ topics · `1:fq:<topic>` · `1:fa:<entry>` an answer · `1:fv:<entry>:<u|d>` vote.
Anything else is forged or stale.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

VERSION = "1"
MAX_BYTES = 64

_TOKEN = r"[a-z0-9][a-z0-9_-]{0,23}"
_NUMBER = r"\d{1,12}"

# head -> (pattern of the rest, kind, names of the groups: state/value/number)
_FORMS: dict[str, tuple[re.Pattern[str], str, tuple[str, ...]]] = {
    "a": (re.compile(rf"({_TOKEN}):({_TOKEN})"), "answer", ("state", "value")),
    "b": (re.compile(rf"({_TOKEN})"), "back", ("state",)),
    "t": (re.compile(rf"({_NUMBER}):({_TOKEN})"), "tick", ("number", "value")),
    "l": (re.compile(r"(zh_Hans|zh_Hant|en)"), "language", ("value",)),
    "s": (re.compile(rf"({_NUMBER})"), "sent", ("number",)),
    "d": (re.compile(r"(\d{1,2})"), "sent_day", ("value",)),
    "r": (re.compile(rf"({_NUMBER}):([ynps])"), "reminder", ("number", "value")),
    "k": (re.compile(rf"({_NUMBER})"), "topup", ("number",)),
    "kd": (re.compile(r"(\d{8})"), "topup_day", ("value",)),
    "km": (re.compile(r"(\d{8}):(3|6|12)"), "topup_every", ("value", "state")),
    "c": (re.compile(rf"({_NUMBER})"), "free_day", ("number",)),
    "cr": (re.compile(rf"({_NUMBER}):(\d{{8}})"), "free_remind", ("number", "value")),
    "x": (re.compile(rf"({_NUMBER})"), "reminder_cancel", ("number",)),
    "fq": (re.compile(rf"({_TOKEN})"), "faq_topic", ("value",)),
    "fa": (re.compile(rf"({_TOKEN})"), "faq_answer", ("value",)),
    "fv": (re.compile(rf"({_TOKEN}):([ud])"), "faq_vote", ("value", "state")),
    "we": (re.compile(r"([tm])"), "letter_end", ("value",)),
    "p": (re.compile(r"([a-z0-9][a-z0-9_-]{0,57})"), "prefill", ("value",)),
    "py": (
        re.compile(rf"({_NUMBER}):([a-z0-9][a-z0-9_-]{{0,44}})"),
        "prefill_yes",
        ("number", "value"),
    ),
    "wl": (re.compile(r"(nl|fr|en)"), "letter_language", ("value",)),
}
_SIMPLE = {
    "o": "over",
    "oy": "over_yes",
    "on": "over_no",
    "lm": "language_menu",
    "fy": "forget_yes",
    "fn": "forget_no",
    "ft": "faq_topics",
    "w": "letter_start",
    "wb": "letter_back",
    "wk": "letter_skip",
    "wx": "letter_cancel",
}


@dataclass(frozen=True)
class Action:
    # answer | back | over | over_yes | over_no | tick | language | language_menu | sent |
    # sent_day | reminder | reminder_cancel | forget_yes | forget_no | faq_topics | faq_topic |
    # faq_answer | faq_vote | prefill | prefill_yes | topup | topup_day | topup_every |
    # free_day | free_remind
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


def topup(generation: int) -> str:
    return _checked(f"{VERSION}:k:{generation}")


def topup_day(day: str) -> str:
    return _checked(f"{VERSION}:kd:{day}")


def topup_every(day: str, months: int) -> str:
    return _checked(f"{VERSION}:km:{day}:{months}")


def free_day(generation: int) -> str:
    return _checked(f"{VERSION}:c:{generation}")


def free_remind(generation: int, start: str) -> str:
    return _checked(f"{VERSION}:cr:{generation}:{start}")


def prefill(reading: str, confirmed_for: int | None = None) -> str:
    """📋 with what a message said; `confirmed_for`: "yes, replace" for that plan generation."""
    if confirmed_for is None:
        return _checked(f"{VERSION}:p:{reading}")
    return _checked(f"{VERSION}:py:{confirmed_for}:{reading}")


def letter_end(when: str) -> str:
    return _checked(f"{VERSION}:we:{when}")


def letter_language(lang: str) -> str:
    return _checked(f"{VERSION}:wl:{lang}")


def faq_topic(topic: str) -> str:
    return _checked(f"{VERSION}:fq:{topic}")


def faq_answer(entry_id: str) -> str:
    return _checked(f"{VERSION}:fa:{entry_id}")


def faq_vote(entry_id: str, up: bool) -> str:
    return _checked(f"{VERSION}:fv:{entry_id}:{'u' if up else 'd'}")


# Not callback data: a Share button (switch_inline_query) carries this prefix in a Screen.
SHARE_PREFIX = "share:"


def share(query: str) -> str:
    return SHARE_PREFIX + query


def language(locale: str) -> str:
    return _checked(f"{VERSION}:l:{locale}")


LANGUAGE_MENU = f"{VERSION}:lm"
FAQ_TOPICS = f"{VERSION}:ft"
LETTER_START = f"{VERSION}:w"
LETTER_BACK = f"{VERSION}:wb"
LETTER_SKIP = f"{VERSION}:wk"
LETTER_CANCEL = f"{VERSION}:wx"
START_OVER = f"{VERSION}:o"
START_OVER_YES = f"{VERSION}:oy"
START_OVER_NO = f"{VERSION}:on"
FORGET_YES = f"{VERSION}:fy"
FORGET_NO = f"{VERSION}:fn"


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def kind(*kinds: str) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern: does the button carry a valid action of one of these
    kinds? (`parse` stays the one validator of callback data.)"""

    def matches(data: object) -> bool:
        action = parse(data) if isinstance(data, str) else None
        return action is not None and action.kind in kinds

    return matches


def parse(data: str | None) -> Action | None:
    """The action a button carries, or None for anything we did not make (or an old version)."""
    if not data or len(data) > MAX_BYTES or not data.startswith(VERSION + ":"):
        return None
    body = data[len(VERSION) + 1 :]
    if body in _SIMPLE:
        return Action(_SIMPLE[body])
    head, _, rest = body.partition(":")
    form = _FORMS.get(head)
    found = form[0].fullmatch(rest) if form else None
    if form is None or found is None:
        return None
    fields: dict[str, str | int] = {}
    for name, value in zip(form[2], found.groups(), strict=True):
        fields[name] = int(value) if name == "number" else value
    return Action(form[1], **fields)  # type: ignore[arg-type]
