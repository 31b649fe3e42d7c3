"""Reading uploaded sheets in bounded memory and time, and writing cells that can never run as formulas.

An upload is checked twice: before parsing (file size, each zip entry's declared size, a
quick count of rows and cells) and while parsing (a streaming expat parse that counts every
cell's characters, the shared strings and the cells as they arrive and stops at the first
limit passed). Rows are yielded one by one; nothing holds the whole sheet's XML or a whole
oversized cell. One helper (`escape_formula`) is used by every export.
"""

import csv
import io
import posixpath
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from xml.parsers import expat

from django.utils.translation import gettext as _

from defusedxml import ElementTree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from cms.documents import safe_cell

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
ESCAPE_PREFIX = "'"
CHUNK_BYTES = 64 * 1024
ROW_SLACK = 100  # blank and total rows a sheet may have beyond MAX_ROWS data rows

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


class SheetError(ValueError):
    """The file as a whole cannot be read (not a row error)."""


def escape_formula(value):
    """Make a cell value inert (cms.documents.safe_cell: formula triggers get a leading
    apostrophe, control characters openpyxl refuses are dropped); empty cells stay empty."""
    return None if value is None else safe_cell(value)


def unescape_formula(value):
    """Undo `escape_formula` on import, so an export re-imports unchanged."""
    if isinstance(value, str) and value.startswith(ESCAPE_PREFIX) and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


@dataclass
class RawSheet:
    """A sheet's name and its rows, read lazily as (sheet_row_number, tuple_of_values)."""

    name: str
    rows: object  # an iterator: each row is parsed only when asked for


# ---------------------------------------------------------------- refusals, each naming its limit


def _mb(size):
    return round(size / 1024 / 1024, 1)


def check_upload_size(size):
    if size > MAX_UPLOAD_BYTES:
        raise SheetError(
            _("Tệp quá lớn (%(size)s MB). Chỉ nhận tệp tối đa %(max)s MB; hãy chia bảng tính thành nhiều tệp.")
            % {"size": _mb(size), "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )


def _corrupt():
    return SheetError(_("Tệp Excel bị hỏng, không mở được. Hãy mở trong Excel và lưu lại."))


def _too_many_rows(count):
    return SheetError(
        _("Bảng tính có quá nhiều dòng (%(count)s, tối đa %(max)s). Hãy chia thành nhiều tệp.")
        % {"count": count, "max": MAX_ROWS}
    )


def _too_many_cells(count):
    return SheetError(
        _("Bảng tính có quá nhiều ô có dữ liệu (hơn %(count)s, tối đa %(max)s ô). Hãy chia thành nhiều tệp.")
        % {"count": count, "max": MAX_CELLS}
    )


def _cell_too_long(where):
    return SheetError(
        _(
            "%(where)s có hơn %(max)s ký tự (giới hạn của một ô). Hãy rút gọn nội dung ô đó hoặc "
            "xóa ô thừa rồi tải lên lại."
        )
        % {"where": where, "max": MAX_CELL_CHARS}
    )


def _too_much_text():
    return SheetError(
        _("Bảng tính chứa quá nhiều chữ (tối đa %(max)s MB chữ). Hãy chia thành nhiều tệp.")
        % {"max": MAX_TEXT_BYTES // 1024 // 1024}
    )


def _part_too_large(part, size, limit):
    return SheetError(
        _(
            "Tệp Excel giải nén ra quá lớn: phần “%(part)s” có %(size)s MB, tối đa %(max)s MB. "
            "Hãy xóa định dạng và ô thừa, hoặc chia bảng tính thành nhiều tệp."
        )
        % {"part": part, "size": _mb(size), "max": limit // 1024 // 1024}
    )


def _total_too_large(size):
    return SheetError(
        _("Tệp Excel giải nén ra quá lớn (%(size)s MB, tối đa %(max)s MB). Hãy chia bảng tính thành nhiều tệp.")
        % {"size": round(size / 1024 / 1024), "max": MAX_UNCOMPRESSED_BYTES // 1024 // 1024}
    )


def _too_many_columns(column):
    return SheetError(
        _("Bảng tính có dữ liệu ở cột thứ %(column)s; chỉ đọc tối đa %(max)s cột. Hãy xóa các cột thừa.")
        % {"column": column, "max": MAX_COLUMNS}
    )


# ---------------------------------------------------------------- entry points


def read_sheet(content: bytes, file_name: str) -> list[RawSheet]:
    """Open an XLSX or CSV upload after the checks that need no parsing; rows are read lazily."""
    check_upload_size(len(content))
    if _is_csv(file_name):
        return [read_csv(content, file_name)]
    return XlsxReader(content).sheets()


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
        if cells > MAX_CELLS:
            raise _too_many_cells(cells)
    if rows > MAX_ROWS + ROW_SLACK:
        raise _too_many_rows(rows)
    return rows


def _is_csv(file_name):
    return file_name.lower().endswith((".csv", ".txt"))


# ---------------------------------------------------------------- XLSX


def _local(name):
    return name.rpartition(" ")[2]


def _column_index(reference):
    """1-based column of a cell reference such as `AB12`; 0 when there is none."""
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        else:
            break
    return index


def _refuse_doctype(*_args):
    raise SheetError(_("Tệp Excel chứa khai báo XML không được phép (DTD/thực thể). Hãy mở trong Excel và lưu lại."))


def _expat_parser():
    """A namespace-aware expat parser that refuses DTDs and entities (no XML bombs)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.ExternalEntityRefHandler = _refuse_doctype
    parser.buffer_text = True
    parser.buffer_size = CHUNK_BYTES
    return parser


class TextBudget:
    """Counts cells and the memory their decoded text takes, across one upload."""

    def __init__(self):
        self.cells = 0
        self.text_bytes = 0

    def add_text(self, text):
        self.text_bytes += sys.getsizeof(text)
        if self.text_bytes > MAX_TEXT_BYTES:
            raise _too_much_text()

    def add_cell(self):
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise _too_many_cells(self.cells)


class XlsxReader:
    """A streaming reader for the parts of an XLSX workbook an import needs."""

    def __init__(self, content: bytes):
        if content[:2] != b"PK":
            raise _unknown_or_xls()
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(content))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise _corrupt() from error
        self.infos = {info.filename: info for info in infos}
        self.check_declared_sizes(infos)
        self.budget = TextBudget()

    # before parsing: what the zip declares (zipfile never inflates an entry past its declared size)

    def check_declared_sizes(self, infos):
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED_BYTES or len(infos) > MAX_ZIP_ENTRIES:
            raise _total_too_large(total)
        if "[Content_Types].xml" not in self.infos:
            raise SheetError(
                _("Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy mở trong Excel và lưu lại dạng .xlsx.")
            )
        for info in infos:
            limit = self.limit_for(info.filename)
            if info.file_size > limit:
                raise _part_too_large(info.filename, info.file_size, limit)

    @staticmethod
    def limit_for(name):
        if name.startswith("xl/worksheets/"):
            return MAX_SHEET_XML_BYTES
        if name.endswith("sharedStrings.xml"):
            return MAX_SHARED_STRINGS_BYTES
        if name.startswith("xl/") and name.endswith(".xml") or name.endswith(".rels"):
            return MAX_PART_BYTES
        return MAX_UNCOMPRESSED_BYTES  # pictures and the like: never parsed

    def chunks(self, name):
        """An entry's bytes in chunks, counted against its limit as they are inflated."""
        info = self.infos.get(name)
        if info is None:
            raise _corrupt()
        limit, read = self.limit_for(name), 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(CHUNK_BYTES):
                    read += len(chunk)
                    if read > limit:
                        raise _part_too_large(name, read, limit)
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
            raise _corrupt() from error

    def small_part(self, name):
        try:
            return ElementTree.fromstring(b"".join(self.chunks(name)))
        except SheetError:
            raise
        except Exception as error:  # defusedxml and expat raise several kinds on malformed or hostile XML
            raise _corrupt() from error

    # the workbook's structure

    def structure(self):
        """(sheets as [(title, part name)], shared strings part, styles part, date epoch)."""
        workbook = self.small_part("xl/workbook.xml")
        relations = self.small_part("xl/_rels/workbook.xml.rels")
        targets, by_type = {}, {}
        for relation in relations.iter(f"{{{PKG_REL_NS}}}Relationship"):
            target = relation.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[relation.get("Id")] = part
            by_type[relation.get("Type", "").rpartition("/")[2]] = part
        sheets = []
        for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
            part = targets.get(sheet.get(f"{{{REL_NS}}}id"))
            if part in self.infos and part.startswith("xl/worksheets/"):
                sheets.append((sheet.get("name", ""), part))
        properties = workbook.find(f"{{{MAIN_NS}}}workbookPr")
        date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        shared = by_type.get("sharedStrings") if by_type.get("sharedStrings") in self.infos else None
        styles = by_type.get("styles") if by_type.get("styles") in self.infos else None
        return sheets, shared, styles, epoch

    def date_styles(self, styles_part):
        """Indexes of the cell formats that show a number as a date."""
        if styles_part is None:
            return frozenset()
        styles = self.small_part(styles_part)
        custom = {}
        formats = styles.find(f"{{{MAIN_NS}}}numFmts")
        for number_format in formats if formats is not None else ():
            custom[int(number_format.get("numFmtId", "0"))] = number_format.get("formatCode", "")
        dates = set()
        cell_formats = styles.find(f"{{{MAIN_NS}}}cellXfs")
        for index, cell_format in enumerate(cell_formats if cell_formats is not None else ()):
            format_id = int(cell_format.get("numFmtId", "0"))
            code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id)
            if code and is_date_format(code):
                dates.add(index)
        return frozenset(dates)

    def shared_strings(self, part):
        if part is None:
            return []
        strings = []
        handler = _SharedStringsHandler(strings, self.budget)
        for _nothing in _parse(self.chunks(part), handler):
            pass  # the handler fills `strings`; parsing yields nothing
        return strings

    def sheets(self):
        try:
            sheets, shared_part, styles_part, epoch = self.structure()
            shared = self.shared_strings(shared_part)
            dates = self.date_styles(styles_part)
        except SheetError:
            raise
        except ValueError as error:  # a number attribute that is not a number
            raise _corrupt() from error
        if not sheets:
            raise _corrupt()
        return [RawSheet(title, self.rows(part, shared, dates, epoch)) for title, part in sheets]

    def rows(self, part, shared, dates, epoch):
        handler = _SheetHandler(shared, dates, epoch, self.budget)
        yield from _parse(self.chunks(part), handler)

    def count_rows_and_cells(self):
        """Occurrences of `<row` and `<c ` in the worksheets, counted in the inflated bytes."""
        rows = cells = 0
        for name in self.infos:
            if not name.startswith("xl/worksheets/") or not name.endswith(".xml"):
                continue
            tail = b""
            for chunk in self.chunks(name):
                window = tail + chunk
                rows += window.count(b"<row ") + window.count(b":row ") - _counted(tail, (b"<row ", b":row "))
                cells += window.count(b"<c ") + window.count(b":c ") - _counted(tail, (b"<c ", b":c "))
                tail = chunk[-4:]
        return rows, cells


def _counted(tail, patterns):
    return sum(tail.count(pattern) for pattern in patterns)


def _unknown_or_xls():
    return SheetError(
        _(
            "Không nhận ra tệp. Chỉ nhận bảng tính Excel (.xlsx) hoặc CSV (UTF-8). Tệp .xls (Excel 97-2003) "
            "không đọc được: trong Excel chọn Tệp → Lưu thành → “Sổ làm việc Excel (.xlsx)”."
        )
    )


def _parse(chunks, handler):
    """Feed inflated chunks to expat; yield what the handler completed after each chunk."""
    parser = _expat_parser()
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            yield from handler.drain()
        parser.Parse(b"", True)
    except SheetError:
        raise
    except (expat.ExpatError, ValueError) as error:
        raise _corrupt() from error
    yield from handler.drain()


class _TextCollector:
    """Collects the text of the current cell or string, refusing it as soon as it passes the cell limit."""

    def __init__(self):
        self.parts = []
        self.length = 0
        self.collecting = False

    def data(self, text):
        if self.collecting:
            self.length += len(text)
            if self.length > MAX_CELL_CHARS:
                raise _cell_too_long(self.where())
            self.parts.append(text)

    def take(self):
        text = "".join(self.parts)
        self.parts, self.length = [], 0
        return text

    def drain(self):
        return ()


class _SharedStringsHandler(_TextCollector):
    def __init__(self, strings, budget):
        super().__init__()
        self.strings = strings
        self.budget = budget
        self.phonetic = False

    def where(self):
        return _("Chuỗi văn bản thứ %(number)s trong bảng tính") % {"number": len(self.strings) + 1}

    def start(self, name, attributes):
        name = _local(name)
        if name == "rPh":
            self.phonetic = True  # furigana runs are not part of the text
        elif name == "t" and not self.phonetic:
            self.collecting = True

    def end(self, name):
        name = _local(name)
        if name == "t":
            self.collecting = False
        elif name == "rPh":
            self.phonetic = False
        elif name == "si":
            text = self.take()
            self.budget.add_text(text)
            self.strings.append(text)
            if len(self.strings) > MAX_CELLS:
                raise _too_many_cells(len(self.strings))


class _SheetHandler(_TextCollector):
    def __init__(self, shared, dates, epoch, budget):
        super().__init__()
        self.shared = shared
        self.dates = dates
        self.epoch = epoch
        self.budget = budget
        self.done = []
        self.row_number = 0
        self.rows_seen = 0
        self.cells = {}
        self.column = 0
        self.cell_type = None
        self.cell_style = 0
        self.phonetic = False

    def where(self):
        return _("Ô %(cell)s") % {"cell": f"{_column_letters(self.column)}{self.row_number}"}

    def start(self, name, attributes):
        name = _local(name)
        if name == "c":
            reference = attributes.get("r", "")
            self.column = _column_index(reference) or self.column + 1
            self.cell_type = attributes.get("t", "n")
            self.cell_style = int(attributes.get("s", "0") or 0)
        elif name == "v" or (name == "t" and not self.phonetic):
            self.collecting = True
        elif name == "rPh":
            self.phonetic = True
        elif name == "row":
            number = attributes.get("r")
            self.row_number = int(number) if number else self.row_number + 1
            self.rows_seen += 1
            if self.rows_seen > MAX_ROWS + ROW_SLACK:
                raise _too_many_rows(self.rows_seen)
            self.cells, self.column = {}, 0

    def end(self, name):
        name = _local(name)
        if name in ("v", "t"):
            self.collecting = False
        elif name == "rPh":
            self.phonetic = False
        elif name == "c":
            value = self.value(self.take())
            if value is not None:
                if self.column > MAX_COLUMNS:
                    raise _too_many_columns(self.column)
                self.budget.add_cell()
                self.cells[self.column] = value
        elif name == "row":
            if self.cells:
                width = max(self.cells)
                self.done.append((self.row_number, tuple(self.cells.get(i) for i in range(1, width + 1))))
            self.cells = {}

    def value(self, text):
        kind = self.cell_type
        if kind == "s":
            if not text:
                return None
            try:
                return self.shared[int(text)]
            except (ValueError, IndexError) as error:
                raise _corrupt() from error
        if kind in ("inlineStr", "str", "e"):
            if text:
                self.budget.add_text(text)
            return text or None
        if not text:
            return None
        if kind == "b":
            return text == "1"
        if kind == "d":
            try:
                return datetime.fromisoformat(text)
            except ValueError as error:
                raise _corrupt() from error
        try:
            number = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError as error:
            raise _corrupt() from error
        if self.cell_style in self.dates:
            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return number
        return number

    def drain(self):
        done, self.done = self.done, []
        return done


def _column_letters(index):
    # Not openpyxl's get_column_letter, which raises past column ZZZ: a hostile sheet may name any column.
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# ---------------------------------------------------------------- CSV


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
            if number > MAX_ROWS + ROW_SLACK:
                raise _too_many_rows(number)
            if len(values) > MAX_COLUMNS and any(values[MAX_COLUMNS:]):
                raise _too_many_columns(len(values))
            for column, value in enumerate(values, 1):
                if len(value) > MAX_CELL_CHARS:
                    raise _cell_too_long(_("Ô %(cell)s") % {"cell": f"{_column_letters(column)}{number}"})
                if value:
                    budget.add_cell()
                    budget.add_text(value)
            yield number, tuple(values)
    except csv.Error as error:  # the csv module stops a field at its own limit (131,072 characters)
        if "field larger" in str(error):
            raise _cell_too_long(_("Một ô ở dòng %(row)s") % {"row": reader.line_num}) from error
        raise SheetError(
            _("Tệp CSV bị lỗi ở dòng %(row)s (%(error)s). Hãy mở trong Excel và lưu lại dạng CSV UTF-8.")
            % {"row": reader.line_num, "error": error}
        ) from error
