"""Where the bot's data lives, in one place: the YAML content and the gettext catalogs ship
inside the package (bot/conversations and bot/locales of a wheel or an install, see setup.py);
a source checkout, installed editable or not at all, keeps them at its top level."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# The folder above the package: the repository in a source checkout (in an install, the
# site-packages folder, which holds none of our data).
CHECKOUT = Path(__file__).resolve().parent.parent


def data_folder(name: str) -> Path:
    """The installed package's copy of a data folder, else the source checkout's (which may
    be missing too: the caller's error names the path)."""
    packaged = resources.files("bot") / name
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return CHECKOUT / name


CONTENT_DIR = data_folder("conversations")
LOCALES_DIR = data_folder("locales")
