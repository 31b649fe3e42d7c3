"""Compile every project .po file to .mo with polib, so no GNU gettext is needed.

Usage: python bin/compile_messages.py [--check]
--check exits non-zero when a committed .mo is missing or out of date.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", ".git"}


def po_files():
    for po in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        if not SKIP.intersection(po.relative_to(ROOT).parts):
            yield po


def compiled(po_path):
    catalog = polib.pofile(str(po_path))
    return {(entry.msgctxt, entry.msgid): entry.msgstr for entry in catalog.translated_entries()}, catalog


def main(check=False):
    stale = []
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        wanted, catalog = compiled(po_path)
        if check:
            current = {}
            if mo_path.exists():
                current = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
            if current != wanted:
                stale.append(str(mo_path.relative_to(ROOT)))
        else:
            catalog.save_as_mofile(str(mo_path))
            print(f"compiled {mo_path.relative_to(ROOT)} ({len(wanted)} messages)")
    if stale:
        print("Out of date, run `make messages`: " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
