"""Settings read from the environment (and an optional `.env` file).

Every knob lives here; a bad value stops start-up with one line naming the variable.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.data import CONTENT_DIR

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


class SettingsError(Exception):
    """A setting is missing or invalid; the message is one line meant for the operator."""


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)  # never printed: repr hides it
    api_base_url: str = DEFAULT_API_BASE_URL
    database_path: Path = Path("data/simexit.sqlite3")
    admin_user_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    content_dir: Path = CONTENT_DIR
    follow_up_after: dt.timedelta = dt.timedelta(days=3)
    snooze_after: dt.timedelta = dt.timedelta(days=2)
    # Local (Europe/Brussels) start and end of the hours with no reminders; None = off.
    quiet_hours: tuple[dt.time, dt.time] | None = (dt.time(21), dt.time(9))
    reminder_sweep_seconds: float = 30.0
    # Users silent for longer than this are deleted by a daily job.
    data_retention: dt.timedelta = dt.timedelta(days=365)
    log_format: str = "text"  # or "json": one JSON object per line
    # Bot API calls to chats per second, all chats together (Telegram's flood limit); 0 = off.
    rate_limit: float = 30.0
    # Webhook mode (instead of long polling) when webhook_url is set.
    webhook_url: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str = field(default="", repr=False)


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(name: str, value: str) -> dt.timedelta:
    """`3d`, `12h`, `30m`, `5s` -> timedelta (positive)."""
    found = _DURATION.match(value.strip().lower())
    if not found or float(found[1]) <= 0:
        raise SettingsError(
            f"{name} must be a duration like 3d, 12h, 30m, 5s or 52w (got {value!r})"
        )
    return dt.timedelta(**{_UNITS[found[2]]: float(found[1])})


def parse_quiet_hours(value: str) -> tuple[dt.time, dt.time] | None:
    """`21:00-09:00` (Europe/Brussels) or `off`."""
    text = value.strip().lower()
    if text in {"off", "none", "no", "0"}:
        return None
    found = re.fullmatch(r"(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})", text)
    try:
        if not found:
            raise ValueError
        start = dt.time(int(found[1]), int(found[2]))
        end = dt.time(int(found[3]), int(found[4]))
        if start == end:
            raise ValueError
    except ValueError:
        raise SettingsError(
            f"QUIET_HOURS must look like 21:00-09:00 (Europe/Brussels time) or off (got {value!r})"
        ) from None
    return start, end


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse a minimal `.env` file: KEY=VALUE lines, `#` comments, optional quotes."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


def webhook_settings(env: dict[str, str]) -> dict[str, object]:
    url = env.get("WEBHOOK_URL", "").strip()
    if not url:
        return {}
    if not url.startswith("https://") and not url.startswith("http://127.0.0.1"):
        raise SettingsError(f"WEBHOOK_URL must be an https:// URL (got {url!r})")
    port_text = env.get("WEBHOOK_PORT", "8443").strip() or "8443"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SettingsError(f"WEBHOOK_PORT must be a port number (got {port_text!r})")
    secret = env.get("WEBHOOK_SECRET", "").strip() or secrets.token_urlsafe(32)
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise SettingsError("WEBHOOK_SECRET may use only A-Z, a-z, 0-9, _ and - (1-256 chars)")
    return {
        "webhook_url": url,
        "webhook_listen": env.get("WEBHOOK_LISTEN", "0.0.0.0").strip() or "0.0.0.0",
        "webhook_port": int(port_text),
        "webhook_secret": secret,
    }


def environment(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = None
) -> dict[str, str]:
    """Where settings come from: `.env` in the working directory, and the environment over it."""
    env = dict(read_dotenv(dotenv if dotenv is not None else Path(".env")))
    env.update(os.environ if environ is None else environ)
    return env


def content_dir(env: Mapping[str, str]) -> Path:
    """The content in use: CONTENT_DIR (an editor's copy), else the one shipped with the bot."""
    value = env.get("CONTENT_DIR", "").strip()
    return Path(value) if value else CONTENT_DIR


def load_settings(environ: dict[str, str] | None = None, dotenv: Path | None = None) -> Settings:
    """Build Settings from the environment; the environment wins over `.env`."""
    env = environment(environ, dotenv)

    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN is not set: export TELEGRAM_BOT_TOKEN=<token from @BotFather> "
            "(or put it in a .env file)"
        )

    base_url = env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
    if not base_url.startswith(("http://", "https://")):
        raise SettingsError(
            f"TELEGRAM_API_BASE_URL must start with http:// or https:// (got {base_url!r})"
        )

    admins: set[int] = set()
    for part in env.get("ADMIN_USER_IDS", "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            admins.add(int(part))
        except ValueError:
            raise SettingsError(
                f"ADMIN_USER_IDS must be Telegram user ids separated by commas (bad: {part!r})"
            ) from None

    level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise SettingsError(
            f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL (got {level!r})"
        )

    db_path = Path(env.get("DATABASE_PATH", "").strip() or "data/simexit.sqlite3")

    durations = {
        key: parse_duration(key, env[key])
        for key in ("FOLLOW_UP_AFTER", "SNOOZE_AFTER", "DATA_RETENTION")
        if env.get(key, "").strip()
    }
    sweep = env.get("REMINDER_SWEEP_SECONDS", "").strip()
    try:
        sweep_seconds = float(sweep) if sweep else 30.0
        if not 0 < sweep_seconds <= 3600:
            raise ValueError
    except ValueError:
        raise SettingsError(
            f"REMINDER_SWEEP_SECONDS must be a number of seconds from 0.1 to 3600 (got {sweep!r})"
        ) from None
    extra: dict[str, object] = {"reminder_sweep_seconds": sweep_seconds}
    if "FOLLOW_UP_AFTER" in durations:
        extra["follow_up_after"] = durations["FOLLOW_UP_AFTER"]
    if "SNOOZE_AFTER" in durations:
        extra["snooze_after"] = durations["SNOOZE_AFTER"]
    if "DATA_RETENTION" in durations:
        extra["data_retention"] = durations["DATA_RETENTION"]
    if env.get("QUIET_HOURS", "").strip():
        extra["quiet_hours"] = parse_quiet_hours(env["QUIET_HOURS"])
    extra["content_dir"] = content_dir(env)
    log_format = env.get("LOG_FORMAT", "text").strip().lower() or "text"
    if log_format not in {"text", "json"}:
        raise SettingsError(f"LOG_FORMAT must be text or json (got {log_format!r})")
    extra["log_format"] = log_format
    rate = env.get("RATE_LIMIT_PER_SECOND", "").strip()
    try:
        extra["rate_limit"] = float(rate) if rate else 30.0
        if not 0 <= float(extra["rate_limit"]) <= 1000:  # type: ignore[arg-type]
            raise ValueError
    except ValueError:
        raise SettingsError(
            f"RATE_LIMIT_PER_SECOND must be a number from 0 (off) to 1000 (got {rate!r})"
        ) from None
    extra.update(webhook_settings(env))

    return Settings(
        token=token,
        api_base_url=base_url,
        database_path=db_path,
        admin_user_ids=frozenset(admins),
        log_level=level,
        **extra,  # type: ignore[arg-type]
    )
