"""Logging: plain lines or one JSON object per line (LOG_FORMAT=json), with the bot token
removed from everything written, exception text included (HTTP client errors can carry the URL)."""

from __future__ import annotations

import datetime as dt
import json
import logging


class RedactingFormatter(logging.Formatter):
    """Formats a record, then replaces the token wherever it appears."""

    def __init__(self, token: str, fmt: str | None = None):
        super().__init__(fmt)
        self._token = token

    def format(self, record: logging.LogRecord) -> str:
        return (
            self.render(record).replace(self._token, "<token>")
            if self._token
            else self.render(record)
        )

    def render(self, record: logging.LogRecord) -> str:
        return super().format(record)


class JsonFormatter(RedactingFormatter):
    def render(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str, token: str, json_lines: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(token)
        if json_lines
        else RedactingFormatter(token, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Never what people type, at any level: at DEBUG python-telegram-bot logs every update and
    # every request's parameters (message texts, the letter's name and number), and aiosqlite
    # every statement's arguments. Our own DEBUG lines stay.
    for name in ("telegram", "aiosqlite"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    # The job queue's scheduler: an INFO line per sweep, a warning whenever a long sweep makes
    # it skip the next one (on purpose: one sweep at a time); its errors still show.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
