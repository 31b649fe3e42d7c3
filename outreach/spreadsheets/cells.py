"""Cells written to a spreadsheet that can never run as formulas, and read back unchanged."""

from cms.documents import FORMULA_TRIGGERS, safe_cell

ESCAPE_PREFIX = "'"


def escape_formula(value):
    """Make a cell value inert (cms.documents.safe_cell: formula triggers get a leading
    apostrophe, control characters openpyxl refuses are dropped); empty cells stay empty."""
    return None if value is None else safe_cell(value)


def unescape_formula(value):
    """Undo `escape_formula` on import, so an export re-imports unchanged."""
    if isinstance(value, str) and value.startswith(ESCAPE_PREFIX) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value
