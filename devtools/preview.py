"""`python -m bot preview`: chat with the real bot in a terminal, with no token and no network.

The bot runs as it does in production (`python -m bot run`), talking to the local Bot API
server on 127.0.0.1; inline buttons are shown as numbered choices. Type a number to tap a
button, any other text to send it, `/quit` (or Ctrl-D) to leave.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from devtools.devchat import SHARE, BotProcess, Person
from devtools.localapi import ThreadedLocalBotApi

USER_ID = 424242


def plain(text: str) -> str:
    """Telegram HTML as terminal text: links keep their address, tags go."""
    text = re.sub(r'<a href="([^"]*)">([^<]*)</a>', r"\2 <\1>", text)
    text = re.sub(r"</?(b|i|u|s|code|pre)>", "", text)
    return html.unescape(text)


class Transcript:
    """Prints each bot message once, and again when the bot edits it."""

    def __init__(self, out: TextIO):
        self.out = out
        self.shown: dict[int, str] = {}
        self.choices: list[tuple[int, str]] = []  # (message_id, callback data) by number

    def update(self, person: Person) -> None:
        for message in person.messages():
            snapshot = repr((message.get("text"), message.get("reply_markup")))
            message_id = message["message_id"]
            if self.shown.get(message_id) == snapshot:
                continue
            edited = message_id in self.shown
            self.shown[message_id] = snapshot
            self.show(message, person, edited)

    def show(self, message: dict[str, Any], person: Person, edited: bool) -> None:
        label = "bot (edited)" if edited else "bot"
        print(f"\n── {label} ──", file=self.out)
        print(plain(message.get("text", "")), file=self.out)
        buttons = person.buttons(message)
        if buttons:
            self.choices = [(message["message_id"], data) for _, data in buttons]
            for number, (text, _) in enumerate(buttons, start=1):
                print(f"  [{number}] {text}", file=self.out)


def chat(person: Person, read: Callable[[str], str], out: TextIO, first: str = "/start") -> None:
    """The conversation loop: send, wait for the bot, print."""
    transcript = Transcript(out)
    pending: str | None = first
    while True:
        if pending is None:
            try:
                pending = read("\nyou> ").strip()
            except EOFError:
                return
        line, pending = pending, None
        if line in {"/quit", "/exit"}:
            return
        if not line:
            continue
        if line.isdigit() and transcript.choices:
            number = int(line)
            if not 1 <= number <= len(transcript.choices):
                print(f"(choose 1–{len(transcript.choices)})", file=out)
                continue
            message_id, data = transcript.choices[number - 1]
            if data.startswith(SHARE):
                print(
                    f"(in Telegram this opens the chat picker with @bot {data[len(SHARE) :]})",
                    file=out,
                )
                continue
            toast = person.tap_data(message_id, data)
            if toast:
                print(f"(bot: {toast})", file=out)
        else:
            person.say(line)
        transcript.update(person)


def main(database: Path | None, language: str) -> int:
    with tempfile.TemporaryDirectory(prefix="simexit-preview-") as folder:
        db_path = database or Path(folder) / "preview.sqlite3"
        with ThreadedLocalBotApi() as api:
            bot = BotProcess(api, db_path, Path(folder) / "bot.log", LOG_LEVEL="WARNING")
            print("starting the bot against a local Bot API server…", file=sys.stderr)
            bot.start()
            try:
                print(
                    "Type a number to tap a button, any text to send it, /quit to leave.",
                    file=sys.stderr,
                )
                chat(Person(api, USER_ID, language), input, sys.stdout)
            finally:
                bot.stop()
    return 0
