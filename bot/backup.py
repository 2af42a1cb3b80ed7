"""`python -m bot backup FILE`: a consistent copy of the live database, taken with SQLite's
online backup API while the bot keeps running (it copies a snapshot page by page, restarting
if the bot writes meanwhile; WAL readers never block the bot's writes).

The copy is written next to FILE first and renamed into place, so FILE is either the old
backup or the whole new one, never half a file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class BackupError(Exception):
    """The live database cannot be read or the copy cannot be written."""


def backup(database: Path, target: Path) -> int:
    """Copy `database` to `target`; returns the copy's size in bytes."""
    if not database.is_file():
        raise BackupError(f"no database at {database}")
    if target.resolve() == database.resolve():
        raise BackupError("the backup must not overwrite the live database")
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        source = sqlite3.connect(database)  # reads only; WAL: the bot goes on writing
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy, pages=1024)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                (result,) = copy.execute("PRAGMA quick_check").fetchone()
            finally:
                copy.close()
        finally:
            source.close()
        if result != "ok":
            raise BackupError(f"the copy failed its check: {result}")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot back up {database} to {target}: {exc}") from None
    return target.stat().st_size
