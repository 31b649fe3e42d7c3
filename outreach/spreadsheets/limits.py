"""The limits an uploaded sheet is read within, and the Vietnamese refusal that names each one.

Checked before parsing (file size, each zip entry's declared size, a quick count of rows and
cells) and while parsing (every cell's characters, the shared strings, the cells as they arrive).
"""

import sys

from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # all zip entries together
MAX_SHEET_XML_BYTES = 64 * 1024 * 1024  # one worksheet's XML
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024  # xl/sharedStrings.xml
MAX_PART_BYTES = 8 * 1024 * 1024  # workbook, relationships, styles
MAX_ZIP_ENTRIES = 1000
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000
MAX_CELL_CHARS = 10_000
# Memory the sheet's text takes once decoded (Python stores text at 1, 2 or 4 bytes a character).
MAX_TEXT_BYTES = 48 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
ROW_SLACK = 100  # blank and total rows a sheet may have beyond MAX_ROWS data rows


class SheetError(ValueError):
    """The file as a whole cannot be read (not a row error)."""


def _mb(size):
    return round(size / 1024 / 1024, 1)


def check_upload_size(size):
    if size > MAX_UPLOAD_BYTES:
        raise SheetError(
            _("Tệp quá lớn (%(size)s MB). Chỉ nhận tệp tối đa %(max)s MB; hãy chia bảng tính thành nhiều tệp.")
            % {"size": _mb(size), "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )


def corrupt():
    return SheetError(_("Tệp Excel bị hỏng, không mở được. Hãy mở trong Excel và lưu lại."))


def too_many_rows(count):
    return SheetError(
        _("Bảng tính có quá nhiều dòng (%(count)s, tối đa %(max)s). Hãy chia thành nhiều tệp.")
        % {"count": count, "max": MAX_ROWS}
    )


def too_many_cells(count):
    return SheetError(
        _("Bảng tính có quá nhiều ô có dữ liệu (hơn %(count)s, tối đa %(max)s ô). Hãy chia thành nhiều tệp.")
        % {"count": count, "max": MAX_CELLS}
    )


def cell_too_long(where):
    return SheetError(
        _(
            "%(where)s có hơn %(max)s ký tự (giới hạn của một ô). Hãy rút gọn nội dung ô đó hoặc "
            "xóa ô thừa rồi tải lên lại."
        )
        % {"where": where, "max": MAX_CELL_CHARS}
    )


def too_much_text():
    return SheetError(
        _("Bảng tính chứa quá nhiều chữ (tối đa %(max)s MB chữ). Hãy chia thành nhiều tệp.")
        % {"max": MAX_TEXT_BYTES // 1024 // 1024}
    )


def part_too_large(part, size, limit):
    return SheetError(
        _(
            "Tệp Excel giải nén ra quá lớn: phần “%(part)s” có %(size)s MB, tối đa %(max)s MB. "
            "Hãy xóa định dạng và ô thừa, hoặc chia bảng tính thành nhiều tệp."
        )
        % {"part": part, "size": _mb(size), "max": limit // 1024 // 1024}
    )


def total_too_large(size):
    return SheetError(
        _("Tệp Excel giải nén ra quá lớn (%(size)s MB, tối đa %(max)s MB). Hãy chia bảng tính thành nhiều tệp.")
        % {"size": round(size / 1024 / 1024), "max": MAX_UNCOMPRESSED_BYTES // 1024 // 1024}
    )


def too_many_columns(column):
    return SheetError(
        _("Bảng tính có dữ liệu ở cột thứ %(column)s; chỉ đọc tối đa %(max)s cột. Hãy xóa các cột thừa.")
        % {"column": column, "max": MAX_COLUMNS}
    )


def cell_name(column, row):
    return _("Ô %(cell)s") % {"cell": f"{column_letters(column)}{row}"}


def column_letters(index):
    # Not openpyxl's get_column_letter, which raises past column ZZZ: a hostile sheet may name any column.
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class TextBudget:
    """Counts cells and the memory their decoded text takes, across one upload."""

    def __init__(self):
        self.cells = 0
        self.text_bytes = 0

    def add_text(self, text):
        self.text_bytes += sys.getsizeof(text)
        if self.text_bytes > MAX_TEXT_BYTES:
            raise too_much_text()

    def add_cell(self):
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise too_many_cells(self.cells)
