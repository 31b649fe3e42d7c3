"""The admin may be switched to English, but its widgets still show day-first dates: read and export them so."""

from cms.formats.vi.formats import *  # noqa: F403 - the same formats, one definition
