"""How the admin shows and reads dates: day first, as Vietnamese write them. The one place for it.

Wagtail's widgets show `WAGTAIL_*_FORMAT` (cms/settings/base.py takes them from here) and Django parses
what comes back with the active language's `*_INPUT_FORMATS` (the `<lang>/formats.py` modules below,
found through `FORMAT_MODULE_PATH`). Django's `vi` locale defines no input formats, so without these
`05/11/2026` was read month-first (11 May) and `25/11/2026` was refused.
"""

# What every admin widget shows, and so what a person types.
DATE = "%d/%m/%Y"
DATETIME = "%d/%m/%Y %H:%M"
TIME = "%H:%M"

# What the server accepts: the shown format first, then ISO (what scripts and old links send).
# Never a month-first format: `05/11/2026` must have one meaning only.
DATE_INPUT_FORMATS = [DATE, "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [DATETIME, "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
TIME_INPUT_FORMATS = [TIME, "%H:%M:%S"]

# The same, in Django's template syntax: short dates in the admin, and the number format of exported cells.
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
