"""The command line: a missing token is one clear line and exit code 2."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def run_bot(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    # The settings of the test run's own environment are not the test's.
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_") and k != "CONTENT_DIR"
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_token_is_one_clear_line_and_exit_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_bot("run", DATABASE_PATH=str(tmp_path / "db"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_bad_setting_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_bot("run", TELEGRAM_BOT_TOKEN="1:x", ADMIN_USER_IDS="12,abc")
    assert result.returncode == 2
    assert "ADMIN_USER_IDS" in result.stderr and "Traceback" not in result.stderr


def test_check_content_on_the_shipped_content() -> None:
    result = run_bot("check-content")
    assert result.returncode == 0, result.stdout
    # From a source checkout: its top-level folders (an install reads its package's copy).
    assert f"content OK: {ROOT / 'conversations'}" in result.stdout
    assert f"catalogs:    {ROOT / 'locales'}" in result.stdout


def test_check_content_checks_the_content_dir_the_bot_would_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    edited = shutil.copytree(ROOT / "conversations", tmp_path / "edited")
    result = run_bot("check-content", CONTENT_DIR=str(edited))
    assert result.returncode == 0, result.stdout
    assert f"content OK: {edited}" in result.stdout
    # From `.env` too, as `run` reads it; an editor's broken copy fails the check.
    (edited / "plan.yaml").unlink()
    (tmp_path / ".env").write_text(f"CONTENT_DIR={edited}\n", encoding="utf-8")
    result = run_bot("check-content", cwd=tmp_path)
    assert result.returncode == 1
    assert "plan.yaml: missing file" in result.stdout


def test_settings_from_env_and_dotenv(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.config import DEFAULT_API_BASE_URL, load_settings

    dotenv = tmp_path / ".env"
    dotenv.write_text('# comment\nTELEGRAM_BOT_TOKEN="9:from-file"\nLOG_LEVEL=debug\n')
    settings = load_settings({"ADMIN_USER_IDS": "1, 2"}, dotenv)
    assert settings.token == "9:from-file" and settings.log_level == "DEBUG"
    assert settings.admin_user_ids == {1, 2}
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert settings.database_path == Path("data/simexit.sqlite3")
    assert "from-file" not in repr(settings)
    # The environment wins over the file.
    assert load_settings({"TELEGRAM_BOT_TOKEN": "1:env"}, dotenv).token == "1:env"


def test_token_is_redacted_from_log_lines_and_exceptions() -> None:
    import json
    import logging
    import sys

    from bot.logs import JsonFormatter, RedactingFormatter

    record = logging.LogRecord(
        "httpx", logging.INFO, "", 0, "POST %s", ("https://x/bot1:SECRET/getMe",), None
    )
    assert RedactingFormatter("1:SECRET", "%(message)s").format(record) == (
        "POST https://x/bot<token>/getMe"
    )
    try:
        raise ValueError("connect to https://x/bot1:SECRET/sendMessage failed")
    except ValueError:
        failing = logging.LogRecord("bot", logging.ERROR, "", 0, "boom", None, sys.exc_info())
    line = JsonFormatter("1:SECRET").format(failing)
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["message"] == "boom"
    assert "1:SECRET" not in line and "bot<token>/sendMessage" in entry["exception"]


def test_rate_limit_setting() -> None:
    import pytest

    from bot.config import SettingsError, load_settings
    from bot.reminders.worker import send_rate
    from bot.services import Services

    assert load_settings({"TELEGRAM_BOT_TOKEN": "1:x"}).rate_limit == 30
    off = load_settings({"TELEGRAM_BOT_TOKEN": "1:x", "RATE_LIMIT_PER_SECOND": "0"})
    assert off.rate_limit == 0
    for bad in ("fast", "-1", "5000"):
        with pytest.raises(SettingsError):
            load_settings({"TELEGRAM_BOT_TOKEN": "1:x", "RATE_LIMIT_PER_SECOND": bad})
    # Reminders take two thirds of the limit, leaving room for replies.
    default = load_settings({"TELEGRAM_BOT_TOKEN": "1:x"})
    assert send_rate(Services(default, None, None, None)) == 20  # type: ignore[arg-type]
    assert send_rate(Services(off, None, None, None)) is None  # type: ignore[arg-type]


def test_a_token_the_bot_api_rejects_is_one_line_without_the_token_and_exit_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from devtools.localapi import ThreadedLocalBotApi

    with ThreadedLocalBotApi() as api:
        result = run_bot(
            "run",
            TELEGRAM_BOT_TOKEN="999:WRONGSECRETVALUE",
            TELEGRAM_API_BASE_URL=api.base_url,
            DATABASE_PATH=str(tmp_path / "db.sqlite3"),
        )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert result.stderr.strip().splitlines() == [
        "error: the Bot API rejected TELEGRAM_BOT_TOKEN: check the token with @BotFather"
    ]
    assert "WRONGSECRET" not in output and "Traceback" not in output


def test_a_database_folder_that_cannot_be_made_is_one_line_and_exit_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    result = run_bot(
        "run", TELEGRAM_BOT_TOKEN="1:SECRETSECRET", DATABASE_PATH=str(blocker / "db.sqlite3")
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot use the database at {blocker / 'db.sqlite3'}: ")
    assert "SECRET" not in result.stdout + result.stderr


def start_without_a_bot_api(tmp_path: Path) -> tuple[subprocess.Popen[str], int, list[str]]:
    """`python -m bot run` against a port nobody listens on, once it says it will try again;
    returns the process, the port and what it wrote to stderr so far."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env = {
        **clean,
        "TELEGRAM_BOT_TOKEN": "1:SECRETSECRET",
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot",
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    seen: list[str] = []
    while not any("trying again" in line for line in seen):
        line = proc.stderr.readline()
        if not line:
            proc.kill()
            raise AssertionError("".join(seen))
        seen.append(line)
    return proc, port, seen


def test_an_unreachable_bot_api_is_said_with_when_the_bot_tries_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc, port, seen = start_without_a_bot_api(tmp_path)
    try:
        said = next(s for s in seen if "trying again" in s)
        assert f"cannot reach the Bot API at 127.0.0.1:{port}" in said and "in 1 s" in said
        assert "SECRET" not in "".join(seen)
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_while_the_bot_api_cannot_be_reached_exits_cleanly(tmp_path, sig) -> None:  # type: ignore[no-untyped-def]
    proc, _, _ = start_without_a_bot_api(tmp_path)  # it is waiting for the Bot API
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=5)
    finally:
        proc.kill()
    assert proc.stderr is not None
    rest = proc.stderr.read()
    assert code == 0, rest
    assert "Traceback" not in rest and "Unclosed" not in rest and "KeyboardInterrupt" not in rest
    assert "stopped before the bot started" in rest


def test_an_uncaught_exception_is_written_without_the_token() -> None:
    code = (
        "from bot.startup import redact_output; redact_output('123:SECRETTOKENX');"
        "print('out 123:SECRETTOKENX'); raise RuntimeError('the token 123:SECRETTOKENX')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "RuntimeError: the token <token>" in result.stderr and "out <token>" in result.stdout
    assert "SECRETTOKENX" not in result.stdout + result.stderr


def test_without_its_catalogs_the_bot_says_so_instead_of_speaking_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    # A copy of the package without its catalogs (neither bot/locales nor a locales/ beside it).
    shutil.copytree(ROOT / "bot", tmp_path / "bot")
    shutil.copytree(ROOT / "conversations", tmp_path / "conversations")
    checked = run_bot("check-content", cwd=tmp_path)
    assert checked.returncode == 1
    assert "error: no interface catalog at" in checked.stderr and "Traceback" not in checked.stderr
    started = run_bot(
        "run", cwd=tmp_path, TELEGRAM_BOT_TOKEN="1:SECRETSECRET", DATABASE_PATH=str(tmp_path / "d")
    )
    assert started.returncode == 2
    (line,) = started.stderr.strip().splitlines()
    assert line.startswith("error: no interface catalog at")


def test_env_example_lists_every_setting_with_its_default(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.config import load_settings

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = {
        line.split("=", 1)[0] for line in example.splitlines() if "=" in line and line[0] != "#"
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    settings_table = readme[readme.index("## Settings") : readme.index("## Editing content")]
    documented = set(re.findall(r"^\| `([A-Z][A-Z_]+)`", settings_table, flags=re.MULTILINE))
    assert len(documented) >= 10
    assert documented <= names, documented - names
    filled = tmp_path / ".env"
    filled.write_text(
        example.replace("TELEGRAM_BOT_TOKEN=", "TELEGRAM_BOT_TOKEN=1:x"), encoding="utf-8"
    )
    from_example = load_settings(environ={}, dotenv=filled)
    defaults = load_settings(environ={"TELEGRAM_BOT_TOKEN": "1:x"}, dotenv=tmp_path / "none")
    mine = {k: v for k, v in vars(from_example).items() if k != "webhook_secret"}
    assert mine == {k: v for k, v in vars(defaults).items() if k != "webhook_secret"}
