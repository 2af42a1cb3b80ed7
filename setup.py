"""The build's one piece of code: the YAML content and the catalogs stay at the top of the
repository (editors work in conversations/, translators in locales/) and ship inside the
package as bot/conversations and bot/locales, where bot/data.py finds them once installed."""

from setuptools import find_namespace_packages, find_packages, setup

# Top-level folders that ship inside the package: data, not code (no __init__.py).
DATA = {"bot.conversations": "conversations", "bot.locales": "locales"}
# Each with its subfolders (locales/<locale>/LC_MESSAGES), so setuptools knows every one.
DATA_PACKAGES = [
    f"{package}.{sub}" if sub else package
    for package, folder in DATA.items()
    for sub in ["", *find_namespace_packages(where=folder)]
]

setup(
    # devtools/ (local Bot API server, dev chat, preview) is for tests and development; the
    # Docker image does not copy it, so the image's install has bot/ only.
    packages=[*find_packages(include=["bot", "bot.*", "devtools", "devtools.*"]), *DATA_PACKAGES],
    package_dir=DATA,
    package_data={
        # Data the code reads beside itself, in any package (bot/understand: the text model's
        # weights and the pinyin table).
        "": ["*.json", "*.txt"],
        # The content, and the catalogs as .po: the bot compiles them in memory at start.
        **{package: ["*.yaml", "*.po"] for package in DATA_PACKAGES},
    },
)
