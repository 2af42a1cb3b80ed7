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
    # httpx logs every request URL, which contains the token: redacted anyway, and quiet
    # unless debugging.
    logging.getLogger("httpx").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
