"""Reading uploaded sheets safely, and writing cells that can never run as formulas.

One place checks size, zip expansion and row count before parsing; one helper
(`escape_formula`) is used by every export.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

import openpyxl

from policies.documents import safe_cell

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_ROWS = 50_000
ESCAPE_PREFIX = "'"


class SheetError(ValueError):
    """The file as a whole cannot be read (not a row error)."""


def escape_formula(value):
    """Make a cell value inert (policies.documents.safe_cell: formula triggers get a leading
    apostrophe, control characters openpyxl refuses are dropped); empty cells stay empty."""
    return None if value is None else safe_cell(value)


def unescape_formula(value):
    """Undo `escape_formula` on import, so an export re-imports unchanged."""
    if isinstance(value, str) and value.startswith(ESCAPE_PREFIX) and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


@dataclass
class RawSheet:
    """Rows of a sheet as plain values, each with its row number as the clerk sees it."""

    name: str
    rows: list = field(default_factory=list)  # list of (sheet_row_number, tuple_of_values)


def check_upload_size(size):
    if size > MAX_UPLOAD_BYTES:
        raise SheetError(
            _("Tệp quá lớn (%(size)s MB). Chỉ nhận tệp tối đa %(max)s MB; hãy chia bảng tính thành nhiều tệp.")
            % {"size": round(size / 1024 / 1024, 1), "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )


def read_sheet(content: bytes, file_name: str) -> list[RawSheet]:
    """Read an XLSX or CSV upload into RawSheets, after the safety checks."""
    check_upload_size(len(content))
    lower = file_name.lower()
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return [read_csv(content, file_name)]
    if lower.endswith(".xls") and not zipfile.is_zipfile(io.BytesIO(content)):
        raise SheetError(
            _(
                "Tệp .xls (Excel 97-2003) không đọc được. "
                "Trong Excel chọn Tệp → Lưu thành → “Sổ làm việc Excel (.xlsx)”."
            )
        )
    if zipfile.is_zipfile(io.BytesIO(content)):
        return read_xlsx(content)
    raise SheetError(_("Không nhận ra tệp. Chỉ nhận bảng tính Excel (.xlsx) hoặc CSV (UTF-8)."))


def check_xlsx_archive(content: bytes):
    """Refuse zip bombs and oversized sheets before openpyxl parses anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise SheetError(_("Tệp Excel bị hỏng, không mở được. Hãy mở trong Excel và lưu lại.")) from error
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES or len(infos) > 1000:
        raise SheetError(
            _("Tệp Excel giải nén ra quá lớn (%(size)s MB, tối đa %(max)s MB). Hãy chia bảng tính thành nhiều tệp.")
            % {"size": round(total / 1024 / 1024), "max": MAX_UNCOMPRESSED_BYTES // 1024 // 1024}
        )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise SheetError(_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy mở trong Excel và lưu lại dạng .xlsx."))


def _too_many_rows(count):
    return SheetError(
        _("Bảng tính có quá nhiều dòng (%(count)s, tối đa %(max)s). Hãy chia thành nhiều tệp.")
        % {"count": count, "max": MAX_ROWS}
    )


def read_xlsx(content: bytes) -> list[RawSheet]:
    check_xlsx_archive(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on malformed files
        raise SheetError(_("Tệp Excel bị hỏng, không mở được. Hãy mở trong Excel và lưu lại.")) from error
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            declared = worksheet.max_row or 0  # from the sheet's <dimension>, read before the rows
            if declared > MAX_ROWS + 100:
                raise _too_many_rows(declared)
            sheet = RawSheet(worksheet.title)
            for number, values in enumerate(worksheet.iter_rows(values_only=True), 1):
                if number > MAX_ROWS + 100:
                    raise _too_many_rows(number)
                sheet.rows.append((number, values))  # datetimes stay as they are: the date widget takes them
            sheets.append(sheet)
    finally:
        workbook.close()
    return sheets


def read_csv(content: bytes, file_name: str) -> RawSheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(
            _(
                "Tệp CSV không ở bảng mã UTF-8 nên tiếng Việt sẽ bị lỗi. Trong Excel chọn Tệp → Lưu thành → "
                "“CSV UTF-8 (Phân cách bằng dấu phẩy) (*.csv)”, hoặc lưu dạng .xlsx, rồi tải lên lại."
            )
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet = RawSheet(file_name)
    for number, values in enumerate(reader, 1):
        if number > MAX_ROWS + 100:
            raise _too_many_rows(number)
        sheet.rows.append((number, tuple(values)))
    return sheet
