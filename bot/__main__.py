"""Command line: `python -m bot run` starts the bot; `python -m bot check-content` validates
the YAML content in use (CONTENT_DIR, else the one shipped with the bot) and prints a summary;
`python -m bot preview` chats with the bot in a terminal, offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import SettingsError, content_dir, environment, load_settings
from bot.data import CHECKOUT, CONTENT_DIR, LOCALES_DIR

# Generated into the source checkout's docs/ (an install has none: give a file).
DIAGRAM = CHECKOUT / "docs" / "conversation.mmd"


def check_content(directory: Path) -> int:
    from bot.checks import load_checked
    from bot.content.models import LANGS
    from bot.content.problems import ContentError
    from bot.i18n import MissingCatalog
    from bot.journey.rules import combinations

    try:
        content = load_checked(directory)
    except MissingCatalog as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    print(f"content OK: {directory}")
    print(f"  cards:       {len(content.journey.cards)}")
    print(f"  operators:   {len(content.operators)}")
    print(f"  plan items:  {len(content.plan)}")
    print(f"  journeys:    {len(combinations(content))} (card x billing x operator x intent)")
    print(f"  FAQ entries: {len(content.faq)}")
    print(f"  sources:     {len(content.sources)}")
    v = content.vocabulary
    words = sum(len(w.all()) for t in (v.cards, v.operators, v.intents) for w in t.values())
    print(f"  vocabulary:  {words} words for cards, operators and intents")
    print(f"  languages:   {', '.join(LANGS)}")
    print(f"  catalogs:    {LOCALES_DIR}")
    return 0


def healthcheck() -> int:
    """For docker-compose: the bot touches a heartbeat file on every reminder sweep."""
    import os
    import time

    from bot.reminders.worker import heartbeat_path

    database = Path(os.environ.get("DATABASE_PATH", "").strip() or "data/simexit.sqlite3")
    sweep = float(os.environ.get("REMINDER_SWEEP_SECONDS", "30") or 30)
    path = heartbeat_path(database)
    limit = max(120.0, 3 * sweep)
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        print(f"unhealthy: no heartbeat at {path}")
        return 1
    if age > limit:
        print(f"unhealthy: last heartbeat {age:.0f} s ago (limit {limit:.0f} s)")
        return 1
    print(f"healthy: last heartbeat {age:.0f} s ago")
    return 0


def backup_command(target: Path) -> int:
    """A consistent copy of the live database (bot/backup.py), without a token."""
    import os

    from bot.backup import BackupError, backup

    database = Path(os.environ.get("DATABASE_PATH", "").strip() or "data/simexit.sqlite3")
    try:
        size = backup(database, target)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {database} to {target} ({size:,} bytes)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (long polling)")
    check = sub.add_parser(
        "check-content", help="validate the content in use (or DIRECTORY) and print a summary"
    )
    check.add_argument("directory", nargs="?", type=Path)
    preview = sub.add_parser(
        "preview", help="chat with the bot in this terminal (no token, no network)"
    )
    preview.add_argument("--database", type=Path, help="keep the chat in this SQLite file")
    preview.add_argument(
        "--language", default="en", help="Telegram language_code to pose as (en, zh-hans, zh-tw)"
    )
    sub.add_parser("healthcheck", help="exit 0 if the running bot's job loop beat recently")
    saved = sub.add_parser(
        "backup", help="copy the live database (DATABASE_PATH) to FILE, without stopping the bot"
    )
    saved.add_argument("file", type=Path)
    diagram = sub.add_parser("diagram", help="write the journey's state diagram (Mermaid)")
    diagram.add_argument("output", nargs="?", type=Path, default=DIAGRAM)
    args = parser.parse_args(argv)

    if args.command == "check-content":
        return check_content(args.directory or content_dir(environment()))
    if args.command == "healthcheck":
        return healthcheck()
    if args.command == "backup":
        return backup_command(args.file)
    if args.command == "diagram":
        from bot.checks import load_checked
        from bot.features import FEATURES
        from bot.journey.diagram import mermaid

        if not args.output.parent.is_dir():
            print(f"error: no folder {args.output.parent} (give the output FILE)", file=sys.stderr)
            return 2
        content = load_checked(CONTENT_DIR)
        args.output.write_text(mermaid(content, FEATURES.asked()), encoding="utf-8")
        print(f"wrote {args.output}")
        return 0
    if args.command == "preview":
        try:
            from devtools.preview import main as preview_main
        except ImportError:
            print(
                "error: the preview needs the dev tools (devtools/ of a source checkout); "
                "they are not part of this install",
                file=sys.stderr,
            )
            return 2
        return preview_main(args.database, args.language)

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from bot.startup import StartupError, Stopped, redact_output

    redact_output(settings.token)  # before anything else can print
    from bot.app import run

    try:
        return run(settings)
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Stopped:
        print("stopped before the bot started", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())
