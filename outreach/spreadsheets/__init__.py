"""Reading uploaded sheets in bounded memory and time, and writing cells that can never run as formulas.

An upload is checked twice: before parsing (file size, each zip entry's declared size, a
quick count of rows and cells) and while parsing (a streaming expat parse that counts every
cell's characters, the shared strings and the cells as they arrive and stops at the first
limit passed). Rows are yielded one by one. One helper (`escape_formula`) is used by every export.

    limits    the limits and the Vietnamese refusal naming each one (SheetError)
    reading   read_sheet / estimate_rows: XLSX or CSV in, lazily read rows out
    xlsx      the streaming XLSX reader
    cells     escape_formula / unescape_formula
"""

from outreach.spreadsheets.cells import escape_formula, unescape_formula
from outreach.spreadsheets.limits import MAX_UPLOAD_BYTES, SheetError, check_upload_size
from outreach.spreadsheets.reading import RawSheet, estimate_rows, read_sheet

__all__ = [
    "MAX_UPLOAD_BYTES",
    "RawSheet",
    "SheetError",
    "check_upload_size",
    "escape_formula",
    "estimate_rows",
    "read_sheet",
    "unescape_formula",
]
