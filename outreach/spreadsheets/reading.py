"""Opening an uploaded sheet (XLSX or CSV) after the checks that need no parsing; rows are read lazily."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from outreach.spreadsheets import limits  # read as limits.MAX_…, so one setting (or a test) changes it everywhere
from outreach.spreadsheets.limits import (
    SheetError,
    TextBudget,
    cell_name,
    cell_too_long,
    check_upload_size,
    too_many_cells,
    too_many_columns,
    too_many_rows,
)
from outreach.spreadsheets.xlsx import XlsxReader


@dataclass
class RawSheet:
    """A sheet's name and its rows, read lazily as (sheet_row_number, tuple_of_values)."""

    name: str
    rows: object  # an iterator: each row is parsed only when asked for


def read_sheet(content: bytes, file_name: str) -> list[RawSheet]:
    """Open an XLSX or CSV upload after the checks that need no parsing; rows are read lazily."""
    check_upload_size(len(content))
    if _is_csv(file_name):
        return [read_csv(content, file_name)]
    return [RawSheet(title, rows) for title, rows in XlsxReader(content).sheets()]


def estimate_rows(content: bytes, file_name: str) -> int:
    """Rows the sheet holds, counted without parsing it (for choosing where to import it).

    Runs the same checks as reading (size, zip entries) and refuses a sheet whose count is
    already over the row or cell limit, so the clerk hears it at once.
    """
    check_upload_size(len(content))
    if _is_csv(file_name):
        rows = content.count(b"\n") + 1
    else:
        rows, cells = XlsxReader(content).count_rows_and_cells()
        if cells > limits.MAX_CELLS:
            raise too_many_cells(cells)
    if rows > limits.MAX_ROWS + limits.ROW_SLACK:
        raise too_many_rows(rows)
    return rows


def _is_csv(file_name):
    return file_name.lower().endswith((".csv", ".txt"))


def read_csv(content: bytes, file_name: str) -> RawSheet:
    try:
        content.decode("utf-8-sig")  # checked whole, so no half-read file is refused midway
    except UnicodeDecodeError as error:
        raise SheetError(
            _(
                "Tệp CSV không ở bảng mã UTF-8 nên tiếng Việt sẽ bị lỗi. Trong Excel chọn Tệp → Lưu thành → "
                "“CSV UTF-8 (Phân cách bằng dấu phẩy) (*.csv)”, hoặc lưu dạng .xlsx, rồi tải lên lại."
            )
        ) from error
    first_line = content.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    delimiter = max([",", ";", "\t"], key=first_line.count)
    return RawSheet(file_name, _csv_rows(content, delimiter))


def _csv_rows(content, delimiter):
    """Rows of a CSV read line by line, each field and the whole file counted against the limits."""
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    budget = TextBudget()
    try:
        for number, values in enumerate(reader, 1):
            if number > limits.MAX_ROWS + limits.ROW_SLACK:
                raise too_many_rows(number)
            if len(values) > limits.MAX_COLUMNS and any(values[limits.MAX_COLUMNS :]):
                raise too_many_columns(len(values))
            for column, value in enumerate(values, 1):
                if len(value) > limits.MAX_CELL_CHARS:
                    raise cell_too_long(cell_name(column, number))
                if value:
                    budget.add_cell()
                    budget.add_text(value)
            yield number, tuple(values)
    except csv.Error as error:  # the csv module stops a field at its own limit (131,072 characters)
        if "field larger" in str(error):
            raise cell_too_long(_("Một ô ở dòng %(row)s") % {"row": reader.line_num}) from error
        raise SheetError(
            _("Tệp CSV bị lỗi ở dòng %(row)s (%(error)s). Hãy mở trong Excel và lưu lại dạng CSV UTF-8.")
            % {"row": reader.line_num, "error": error}
        ) from error
