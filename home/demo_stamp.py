"""Whether this database already holds the demo as today's code would seed it, so `make run` can skip it.

The stamp is a file beside the code (not in the database: no migration for a convenience), one line per
database: the database's name and a fingerprint of every module the demo and the setup are made from.
It counts only while the database still holds the demo (its draft index and accounts), so a database
that was emptied or replaced is seeded again; a change to any of those modules seeds it again too.
"""

import contextlib
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.db import connection

# The demo loaders and the setup they run: a change to any of them changes what seed_demo makes.
SOURCES = (
    "home/management/commands/seed_demo.py",
    "*/demo*.py",
    "*/demo/**/*",
    "*/setup.py",
    "policies/roles.py",
)


def stamp_path():
    return Path(settings.BASE_DIR) / ".demo-seeded.json"


def fingerprint():
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = sorted({file for pattern in SOURCES for file in base.glob(pattern) if file.is_file()})
    for file in files:
        if "__pycache__" not in file.parts:
            digest.update(str(file.relative_to(base)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def database_name():
    details = connection.settings_dict
    return f"{details['ENGINE']}|{details.get('HOST') or ''}|{details.get('PORT') or ''}|{details['NAME']}"


def read_stamps():
    try:
        return json.loads(stamp_path().read_text())
    except (OSError, ValueError):
        return {}


def demo_present():
    from django.contrib.auth import get_user_model

    from policies.models import DraftIndexPage

    return DraftIndexPage.objects.exists() and get_user_model().objects.filter(username="tuphap").exists()


def is_current():
    return read_stamps().get(database_name()) == fingerprint() and demo_present()


def mark_current():
    stamps = read_stamps()
    stamps[database_name()] = fingerprint()
    with contextlib.suppress(OSError):  # a read-only checkout seeds every time, as before
        stamp_path().write_text(json.dumps(stamps, indent=1))
