"""Fail when the strings in the code differ from locales/messages.pot or a catalog misses one.

`pybabel update --check` compares catalogs with a template; this also catches a template that
was not re-extracted after a code change. Usage: python scripts/check_catalogs.py FRESH.pot
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def ids(po: polib.POFile) -> set[str]:
    return {e.msgid for e in po if not e.obsolete}


def main(fresh_pot: str) -> int:
    fresh = ids(polib.pofile(fresh_pot))
    committed = ids(polib.pofile(str(LOCALES / "messages.pot")))
    problems = [f"messages.pot lacks {m!r}" for m in sorted(fresh - committed)]
    problems += [f"messages.pot has unused {m!r}" for m in sorted(committed - fresh)]
    for catalog in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
        po = polib.pofile(str(catalog))
        problems += [f"{catalog.parent.parent.name} lacks {m!r}" for m in sorted(fresh - ids(po))]
        problems += [
            f"{catalog.parent.parent.name}: untranslated or fuzzy {e.msgid!r}"
            for e in po
            if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
        ]
    for problem in problems:
        print(problem)
    if problems:
        print(
            "Run: pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --add-comments=TRANSLATORS: "
            "--no-location --sort-output -o locales/messages.pot . && "
            "pybabel update -i locales/messages.pot -d locales, then translate."
        )
        return 1
    locales = len(list(LOCALES.glob("*/LC_MESSAGES")))
    print(f"catalogs OK: {len(fresh)} strings in {locales} locales")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
