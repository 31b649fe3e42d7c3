"""Vietnamese formats: Django's `vi` locale, plus the input formats its file leaves out."""

from cms.formats import (
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_INPUT_FORMATS,
)

__all__ = [
    "DATETIME_INPUT_FORMATS",
    "DATE_INPUT_FORMATS",
    "FIRST_DAY_OF_WEEK",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "TIME_INPUT_FORMATS",
]

# The week starts on Monday in Vietnam (the date pickers' first column).
FIRST_DAY_OF_WEEK = 1
