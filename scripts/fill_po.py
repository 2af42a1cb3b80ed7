"""Fill untranslated entries of locales/*/messages.po from a Python dict of translations.

A helper for engineers adding strings: `python scripts/fill_po.py TRANSLATIONS.py`, where the file
defines T = {msgid: (zh_Hans, zh_Hant)} (plural entries keyed by a 1-tuple of the singular msgid).
The en catalog gets msgstr = msgid. Existing translations are never overwritten; a fuzzy
one (pybabel's guess from an older string) is replaced when the table has it.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import polib

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def main(path: str) -> int:
    table = runpy.run_path(path)["T"]
    missing = 0
    for locale in ("zh_Hans", "zh_Hant", "en"):
        po = polib.pofile(str(LOCALES / locale / "LC_MESSAGES" / "messages.po"))
        for entry in po:
            key = (entry.msgid,) if entry.msgid_plural else entry.msgid
            if "fuzzy" in entry.flags and (locale == "en" or key in table):
                # pybabel update's guess from a similar old string: its text is stale.
                entry.msgstr, entry.msgstr_plural = "", {}
                entry.flags.remove("fuzzy")
            if locale == "en":
                if entry.msgid_plural:
                    entry.msgstr_plural = entry.msgstr_plural or {}
                    if not entry.msgstr_plural.get(0):
                        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                elif not entry.msgstr:
                    entry.msgstr = entry.msgid
                continue
            index = 0 if locale == "zh_Hans" else 1
            if entry.msgid_plural:
                if not entry.msgstr_plural.get(0):
                    if key in table:
                        entry.msgstr_plural = {0: table[key][index]}
                    else:
                        missing += 1
                        print(f"{locale}: no translation for {entry.msgid!r}")
            elif not entry.msgstr:
                if key in table:
                    entry.msgstr = table[key][index]
                else:
                    missing += 1
                    print(f"{locale}: no translation for {entry.msgid!r}")
        po.save()
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
