"""Administrative documents in the Decree 30/2020/NĐ-CP layout (DOCX) and safe spreadsheets (XLSX).

Used by the synthesis and the periodic reports. A4, margins top and bottom
20 mm, left 30 mm, right 15 mm, Times New Roman 13 pt; issuing body top left,
national motto top right, number and symbol, place and date in italics, title
in bold capitals, body, "Nơi nhận:" bottom left, signature bottom right; page
numbers centred in the top margin from page 2.

Every table has a fixed layout whose grid (`w:tblGrid`) and cell widths
(`w:tcW`) agree: Word and LibreOffice resolve a disagreement differently, and
the national title then wraps.
"""

import io
import re

from django.utils.functional import Promise

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TEXT_WIDTH_MM = 165  # 210 mm less the 30 mm and 15 mm side margins
# The national title in 13 pt bold capitals is about 95 mm wide; the right column leaves
# it room after the cells' default 1.9 mm side margins. The left column takes the rest.
HEAD_WIDTHS_MM = (60, 105)
CLOSING_WIDTHS_MM = (75, 90)
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def safe_cell(value):
    """Text a spreadsheet will never run as a formula (CSV/XLSX injection)."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS.sub("", value)  # control characters openpyxl refuses
        if value.startswith(FORMULA_TRIGGERS):
            return "'" + value
    return value


def vietnamese_date(day, place=""):
    text = f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()


def _set_font(run, size=BODY_SIZE, bold=None, italic=None):
    run.font.name = FONT
    run.font.size = size
    # Word picks the East Asian slot for some Vietnamese characters: set every slot.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


def paragraph(container, text="", *, align=None, size=BODY_SIZE, bold=False, italic=False, space_after=None):
    para = container.add_paragraph()
    if align is not None:
        para.alignment = align
    para.paragraph_format.space_after = Pt(6) if space_after is None else space_after
    para.paragraph_format.space_before = Pt(0)
    if text:
        _set_font(para.add_run(text), size=size, bold=bold, italic=italic)
    return para


def new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    add_page_numbers(section)
    return document


def add_field(para, instruction, size=BODY_SIZE):
    """A Word field (PAGE…) as Word writes it: begin, instruction, separate, cached text, end, one run each."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        run = _set_font(para.add_run(), size=size)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    return para


def add_page_numbers(section):
    """Decree 30: Arabic page numbers centred in the top margin, none on the first page."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    header = section.header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(para, "PAGE")
    section.first_page_header.is_linked_to_previous = False


def set_column_widths(table, widths_mm):
    """Fixed layout; table width, grid columns and every cell's width set to the same figures."""
    table.autofit = False  # w:tblLayout type="fixed"
    widths = [Mm(width) for width in widths_mm]
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        table._tbl.tblPr.append(table_width)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(width.twips for width in widths)))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # w:gridCol
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # w:tcW
    return table


def _cell_paragraph(cell, text, **kwargs):
    para = cell.paragraphs[0] if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 else cell.add_paragraph()
    para.alignment = kwargs.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    para.paragraph_format.space_after = Pt(0)
    _set_font(para.add_run(text), **kwargs)
    return para


def add_heading_block(document, *, parent_body, issuing_body, number_symbol, place, day):
    """The two-column head: issuing body and number left, national motto and place-date right."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_column_widths(table, HEAD_WIDTHS_MM)
    left, right = table.rows[0].cells
    if parent_body:
        _cell_paragraph(left, parent_body.upper(), size=Pt(13))
    _cell_paragraph(left, (issuing_body or "").upper(), size=Pt(13), bold=True)
    _cell_paragraph(left, "———", size=Pt(13))
    _cell_paragraph(left, f"Số: {number_symbol}" if number_symbol else "Số:      /", size=Pt(13))
    _cell_paragraph(right, NATION, size=Pt(13), bold=True)
    _cell_paragraph(right, MOTTO, size=Pt(14), bold=True)
    _cell_paragraph(right, "———————————", size=Pt(13))
    _cell_paragraph(right, vietnamese_date(day, place), size=Pt(14), italic=True)
    return table


def add_title(document, title, subtitle=""):
    paragraph(document, "", space_after=Pt(6))
    paragraph(document, title.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, size=Pt(14), bold=True, space_after=Pt(0))
    if subtitle:
        paragraph(document, subtitle, align=WD_ALIGN_PARAGRAPH.CENTER, size=Pt(14), bold=True)


def add_table(document, headings, rows, widths_mm=None):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _cell_paragraph(cell, str(heading), size=Pt(12), bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _cell_paragraph(cell, str(value or ""), size=Pt(12), align=WD_ALIGN_PARAGRAPH.LEFT)
    set_column_widths(table, widths_mm or [TEXT_WIDTH_MM / len(headings)] * len(headings))
    return table


def add_closing(document, *, recipients, signer_title, signer_name):
    """ "Nơi nhận:" bottom left (12 pt bold italic, list 11 pt), signature bottom right."""
    paragraph(document, "")
    table = document.add_table(rows=1, cols=2)
    set_column_widths(table, CLOSING_WIDTHS_MM)
    left, right = table.rows[0].cells
    _cell_paragraph(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in recipients or ["- Lưu: VT."]:
        _cell_paragraph(left, line, size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_paragraph(right, (signer_title or "").upper(), size=Pt(13), bold=True)
    for _blank in range(3):
        _cell_paragraph(right, "", size=Pt(13))
    _cell_paragraph(right, signer_name or "", size=Pt(13), bold=True)
    return table


def docx_bytes(document):
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def xlsx_bytes(sheet_title, headings, rows, preamble=()):
    """A one-sheet workbook; every text cell passes through safe_cell()."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for line in preamble:
        sheet.append([safe_cell(value) for value in line])
    sheet.append([safe_cell(str(value)) for value in headings])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    for row in sheet.iter_rows(min_row=len(preamble) + 2):
        for cell in row:
            if cell.data_type == "f":  # openpyxl guesses formulas from a leading "="
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFGH", (30, 30, 60, 50, 20, 20, 20, 20), strict=False):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
