"""A streaming reader for the parts of an XLSX workbook an import needs.

Each zip entry is inflated in chunks counted against its limit and fed to expat, which refuses
DTDs and entities; cells, shared strings and decoded text are counted as they arrive. Rows are
yielded one by one: nothing holds the whole sheet's XML or a whole oversized cell.
"""

import io
import posixpath
import zipfile
from datetime import datetime
from xml.parsers import expat

from django.utils.translation import gettext as _

from defusedxml import ElementTree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from outreach.spreadsheets import limits  # read as limits.MAX_…, so one setting (or a test) changes it everywhere
from outreach.spreadsheets.limits import (
    SheetError,
    TextBudget,
    cell_name,
    cell_too_long,
    corrupt,
    part_too_large,
    too_many_cells,
    too_many_columns,
    too_many_rows,
    total_too_large,
)

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


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
    parser.buffer_size = limits.CHUNK_BYTES
    return parser


class XlsxReader:
    """A streaming reader for the parts of an XLSX workbook an import needs."""

    def __init__(self, content: bytes):
        if content[:2] != b"PK":
            raise _unknown_or_xls()
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(content))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise corrupt() from error
        self.infos = {info.filename: info for info in infos}
        self.check_declared_sizes(infos)
        self.budget = TextBudget()

    # before parsing: what the zip declares (zipfile never inflates an entry past its declared size)

    def check_declared_sizes(self, infos):
        total = sum(info.file_size for info in infos)
        if total > limits.MAX_UNCOMPRESSED_BYTES or len(infos) > limits.MAX_ZIP_ENTRIES:
            raise total_too_large(total)
        if "[Content_Types].xml" not in self.infos:
            raise SheetError(
                _("Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy mở trong Excel và lưu lại dạng .xlsx.")
            )
        for info in infos:
            limit = self.limit_for(info.filename)
            if info.file_size > limit:
                raise part_too_large(info.filename, info.file_size, limit)

    @staticmethod
    def limit_for(name):
        if name.startswith("xl/worksheets/"):
            return limits.MAX_SHEET_XML_BYTES
        if name.endswith("sharedStrings.xml"):
            return limits.MAX_SHARED_STRINGS_BYTES
        if name.startswith("xl/") and name.endswith(".xml") or name.endswith(".rels"):
            return limits.MAX_PART_BYTES
        return limits.MAX_UNCOMPRESSED_BYTES  # pictures and the like: never parsed

    def chunks(self, name):
        """An entry's bytes in chunks, counted against its limit as they are inflated."""
        info = self.infos.get(name)
        if info is None:
            raise corrupt()
        limit, read = self.limit_for(name), 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(limits.CHUNK_BYTES):
                    read += len(chunk)
                    if read > limit:
                        raise part_too_large(name, read, limit)
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
            raise corrupt() from error

    def small_part(self, name):
        try:
            return ElementTree.fromstring(b"".join(self.chunks(name)))
        except SheetError:
            raise
        except Exception as error:  # defusedxml and expat raise several kinds on malformed or hostile XML
            raise corrupt() from error

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
        """(title, rows) of each worksheet; the rows are parsed only when iterated."""
        try:
            sheets, shared_part, styles_part, epoch = self.structure()
            shared = self.shared_strings(shared_part)
            dates = self.date_styles(styles_part)
        except SheetError:
            raise
        except ValueError as error:  # a number attribute that is not a number
            raise corrupt() from error
        if not sheets:
            raise corrupt()
        return [(title, self.rows(part, shared, dates, epoch)) for title, part in sheets]

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
        raise corrupt() from error
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
            if self.length > limits.MAX_CELL_CHARS:
                raise cell_too_long(self.where())
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
            if len(self.strings) > limits.MAX_CELLS:
                raise too_many_cells(len(self.strings))


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
        return cell_name(self.column, self.row_number)

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
            if self.rows_seen > limits.MAX_ROWS + limits.ROW_SLACK:
                raise too_many_rows(self.rows_seen)
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
                if self.column > limits.MAX_COLUMNS:
                    raise too_many_columns(self.column)
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
                raise corrupt() from error
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
                raise corrupt() from error
        try:
            number = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError as error:
            raise corrupt() from error
        if self.cell_style in self.dates:
            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return number
        return number

    def drain(self):
        done, self.done = self.done, []
        return done
