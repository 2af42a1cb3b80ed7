"""Settings read from the environment (and an optional `.env` file).

Every knob lives here; a bad value stops start-up with one line naming the variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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
    content_dir: Path = Path(__file__).resolve().parent.parent / "conversations"


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


def load_settings(environ: dict[str, str] | None = None, dotenv: Path | None = None) -> Settings:
    """Build Settings from the environment; the environment wins over `.env`."""
    env = dict(read_dotenv(dotenv if dotenv is not None else Path(".env")))
    env.update(os.environ if environ is None else environ)

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
    content_dir = env.get("CONTENT_DIR", "").strip()

    return Settings(
        token=token,
        api_base_url=base_url,
        database_path=db_path,
        admin_user_ids=frozenset(admins),
        log_level=level,
        **({"content_dir": Path(content_dir)} if content_dir else {}),
    )
