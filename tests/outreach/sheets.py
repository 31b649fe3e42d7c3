"""Helpers that write small real sheets for the importer tests."""

import io
import zipfile
from itertools import chain

import openpyxl
from openpyxl.utils import get_column_letter

HEADER = [
    "STT",
    "Ngày thực hiện",
    "Đơn vị thực hiện",
    "Địa bàn (xã)",
    "Dự thảo chính sách",
    "Hình thức truyền thông",
    "Nội dung",
    "Số buổi/lượt",
    "Số người tham dự",
    "Kinh phí (đồng)",
    "Ghi chú",
]


def xlsx_bytes(rows, header=HEADER, title_rows=(), sheet_title="Hoạt động"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in title_rows:
        sheet.append(list(row))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, header=HEADER, bom=True, encoding="utf-8", delimiter=","):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def row(
    day="21/02/2026",
    unit="UBND xã Ia Tơi",
    commune="Ia Tơi",
    draft="",
    form="Hội nghị",
    content="Hội nghị",
    n=1,
    people=50,
    cost=0,
    note=None,
    number=1,
):
    return [number, day, unit, commune, draft, form, content, n, people, cost, note]


# ---------------------------------------------------------------- hand-built XLSX, for sheets openpyxl would not write

_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE}">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
).encode()
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{_OFFICE}">'
    '<sheets><sheet name="Hoạt động" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE}">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_OFFICE}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
).encode()
_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell_xml(column, number, value):
    """One `<c>`: an int is a number, a str an inline string, ("s", i) the i-th shared string."""
    reference = f"{get_column_letter(column)}{number}"
    if isinstance(value, tuple):
        return f'<c r="{reference}" t="s"><v>{value[1]}</v></c>'
    if isinstance(value, str):
        return f'<c r="{reference}" t="inlineStr"><is><t>{_escape(value)}</t></is></c>'
    return f'<c r="{reference}"><v>{value}</v></c>'


def row_xml(number, values):
    cells = "".join(cell_xml(column, number, value) for column, value in enumerate(values, 1) if value is not None)
    return f'<row r="{number}">{cells}</row>'.encode()


def raw_xlsx(rows, shared_strings=()):
    """An XLSX whose sheet XML is written row by row from `rows` (bytes each), so it may inflate to
    far more than memory would hold at once; `shared_strings` (texts) become xl/sharedStrings.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8"?><sst ' + _MAIN + b">")
            for text in shared_strings:
                part.write(f"<si><t>{_escape(text)}</t></si>".encode())
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _MAIN + b"><sheetData>")
            for row_bytes in rows:
                part.write(row_bytes)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def raw_activity_xlsx(data_rows, shared_strings=()):
    """`raw_xlsx` with the template's header row first; `data_rows` are lists of cell values."""
    rows = (row_xml(number, values) for number, values in enumerate(data_rows, 2))
    return raw_xlsx(chain([row_xml(1, HEADER)], rows), shared_strings)
