"""Importing a commune's activity sheet: preview, confirm, undo.

    parsing    the sheet's header, columns and data rows (ParsedSheet)
    widgets    one cell read the way clerks write it: dates, counts, text, names
    resource   the django-import-export Resource that checks and classifies each row
    service    preview / confirm / undo_batch, all or nothing, with the batch and the audit log

Reading the file itself, within its limits, is outreach.spreadsheets.
"""

from outreach.importing.service import (
    LOG_IMPORT,
    LOG_UNDO,
    ImportReport,
    PendingImport,
    RowError,
    confirm,
    content_hash,
    preview,
    undo_batch,
)
from outreach.spreadsheets import SheetError

__all__ = [
    "LOG_IMPORT",
    "LOG_UNDO",
    "ImportReport",
    "PendingImport",
    "RowError",
    "SheetError",
    "confirm",
    "content_hash",
    "preview",
    "undo_batch",
]
