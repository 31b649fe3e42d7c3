"""Compile every project .po file to .mo with polib, so no GNU gettext is needed.

Usage: python bin/compile_messages.py [--check]
--check exits non-zero when a committed .mo is missing or out of date, plural forms included.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", ".git"}


def po_files(root=ROOT):
    for po in sorted(root.rglob("locale/*/LC_MESSAGES/*.po")):
        if not SKIP.intersection(po.relative_to(root).parts):
            yield po


def messages(entries):
    """(context, msgid) → every translated form: the singular, or the plural msgid and each msgstr[n]."""
    return {
        (entry.msgctxt, entry.msgid): (
            entry.msgid_plural or "",
            entry.msgstr,
            tuple(sorted((int(n), text) for n, text in (entry.msgstr_plural or {}).items())),
        )
        for entry in entries
    }


def main(check=False, root=ROOT):
    stale = []
    for po_path in po_files(root):
        mo_path = po_path.with_suffix(".mo")
        catalog = polib.pofile(str(po_path))
        wanted = messages(catalog.translated_entries())
        if check:
            current = messages(polib.mofile(str(mo_path))) if mo_path.exists() else {}
            if current != wanted:
                stale.append(str(mo_path.relative_to(root)))
        else:
            catalog.save_as_mofile(str(mo_path))
            print(f"compiled {mo_path.relative_to(root)} ({len(wanted)} messages)")
    if stale:
        print("Out of date, run `make messages`: " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
