"""Vietnamese formats: Django's `vi` locale, plus the input formats its file leaves out."""

from cms.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

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
# As the widgets show them (Django's `vi` has `d-m-Y`); also the number format of exported date-times.
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
