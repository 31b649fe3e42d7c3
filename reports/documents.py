"""The report as tables, a workbook (XLSX) and a Decree 30/2020/NĐ-CP document (DOCX).

The DOCX reuses cms.documents (the synthesis' Decree 30 helpers); every
text cell of the workbook goes through its safe_cell(). The workbook is written
in openpyxl's write-only mode and activity rows come from a server-side
iterator, so a workbook of 100,000 activities is built in bounded memory.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from cms import documents as d30
from cms.numbers import vn_number, vn_percent
from outreach.models import ActivityRecord
from reports.tables import format_number, report_title, tables, unit_label

DOCX_CONTENT_TYPE = d30.DOCX_CONTENT_TYPE
XLSX_CONTENT_TYPE = d30.XLSX_CONTENT_TYPE


# --- XLSX ----------------------------------------------------------------------------------

ACTIVITY_COLUMNS = [
    ("date", _("Ngày")),
    ("unit__name", _("Đơn vị thực hiện")),
    ("commune__name", _("Địa bàn (xã)")),
    ("draft__code", _("Mã dự thảo")),
    ("form__name", _("Hình thức")),
    ("content", _("Nội dung")),
    ("sessions", _("Số buổi/lượt")),
    ("participants", _("Số người tham dự")),
    ("cost", _("Kinh phí (đồng)")),
    ("funding_source", _("Nguồn kinh phí")),
]


def activity_rows(figures):
    """The period's activity records of the report's units, streamed (never all in memory)."""
    queryset = ActivityRecord.objects.filter(date__gte=figures.period.start, date__lte=figures.period.end)
    if figures.unit_ids is not None:
        queryset = queryset.filter(unit_id__in=figures.unit_ids)
    fields = [name for name, _label in ACTIVITY_COLUMNS]
    return queryset.order_by("date", "pk").values_list(*fields).iterator(chunk_size=2000)


def _sheet_title(text, used):
    # Sheet names: at most 31 characters, none of []:*?/\ and unique.
    title = "".join(" " if char in "[]:*?/\\" else char for char in str(text))[:31].strip()
    base, number = title, 2
    while title in used:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(title)
    return title


def _cell(value):
    if isinstance(value, bool) or value is None:
        return "" if value is None else int(value)
    if isinstance(value, int | float | datetime.date):
        return value
    if isinstance(value, Decimal):  # a percentage: a number cell, never the text "33.3"
        return float(value)
    return d30.safe_cell(str(value))


def write_xlsx(figures, target):
    """Write the workbook to `target` (a path or a binary file object)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    used = set()
    bold = Font(bold=True)

    def heading_row(sheet, headings):
        cells = []
        for heading in headings:
            cell = WriteOnlyCell(sheet, value=d30.safe_cell(str(heading)))
            cell.font = bold
            cells.append(cell)
        return cells

    summary = workbook.create_sheet(_sheet_title(_("Thông tin chung"), used))
    summary.append([_cell(_("Báo cáo")), _cell(report_title(figures))])
    summary.append([_cell(_("Đơn vị")), _cell(unit_label(figures))])
    summary.append([_cell(_("Từ ngày")), figures.period.start])
    summary.append([_cell(_("Đến hết ngày")), figures.period.end])
    summary.append([_cell(_("Lập lúc")), _cell(timezone.localtime().strftime("%d/%m/%Y %H:%M"))])
    for table in tables(figures):
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.column_dimensions["A"].width = 45
        sheet.append(heading_row(sheet, table.headings))
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
    sheet = workbook.create_sheet(_sheet_title(_("Danh sách hoạt động"), used))
    sheet.append(heading_row(sheet, [label for _name, label in ACTIVITY_COLUMNS]))
    for row in activity_rows(figures):
        sheet.append([_cell(value) for value in row])
    workbook.save(target)


# --- DOCX ----------------------------------------------------------------------------------


def _paragraphs(document, text):
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for line in lines:
        para = d30.paragraph(document, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        para.paragraph_format.first_line_indent = Pt(28)
    return bool(lines)


def _section_heading(document, text):
    d30.paragraph(document, text, bold=True)


def issuer(figures, narrative=None, identity=None):
    """Who issues the report and how it is signed: what the narrative says, else the unit
    reported on (its own name and its parent's), else the organisation's identity settings."""
    from policies.models import OrganisationIdentity

    identity = identity or OrganisationIdentity.load()
    parent_body, issuing_body = identity.issuer_for(figures.unit)
    own = figures.unit is None  # the organisation's own report signs with its own signer
    abbreviation = identity.abbreviation if own else ""

    def pick(name, fallback):
        return (getattr(narrative, name, "") or "").strip() or fallback

    return {
        "parent_body": pick("parent_body", parent_body),
        "issuing_body": pick("issuing_body", issuing_body),
        "number_symbol": pick("number_symbol", f"      /BC-{abbreviation}" if abbreviation else "      /BC"),
        "place": pick("place", identity.place_for(figures.unit)),
        "signer_title": pick("signer_title", identity.signer_title if own else ""),
        "signer_name": pick("signer_name", identity.signer_name if own else ""),
    }


def new_report_document(subject, narrative, title):
    """A Decree 30 document with the issuer's heading block and the report's title: how every report
    (periodic, ad hoc, the scheme's reviews) begins. `subject` is what `issuer` reads the unit from; returns
    the document and the issuer, who also signs it."""
    document = d30.new_document()
    head = issuer(subject, narrative)
    d30.add_heading_block(
        document,
        parent_body=head["parent_body"],
        issuing_body=head["issuing_body"],
        number_symbol=head["number_symbol"],
        place=head["place"],
        day=getattr(narrative, "issued_on", None) or timezone.localdate(),
    )
    d30.add_title(document, _("Báo cáo"), title)
    return document, head


def docx_document(figures, narrative=None):
    """The report as a python-docx Document in the Decree 30 layout."""
    document, head = new_report_document(figures, narrative, report_title(figures))
    d30.paragraph(
        document,
        _("Đơn vị: %(unit)s. Số liệu từ ngày %(start)s đến hết ngày %(end)s.")
        % {
            "unit": unit_label(figures),
            "start": figures.period.start.strftime("%d/%m/%Y"),
            "end": figures.period.end.strftime("%d/%m/%Y"),
        },
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
    )
    _section_heading(document, _("I. KẾT QUẢ ĐẠT ĐƯỢC"))
    _paragraphs(document, getattr(narrative, "results", ""))
    share = figures.share
    d30.paragraph(
        document,
        _(
            "Trong kỳ có %(in_scope)s dự thảo chính sách thuộc phạm vi Đề án đang trong quy trình xây dựng; "
            "%(communicated)s dự thảo được truyền thông ở mọi giai đoạn trong kỳ, đạt %(share)s "
            "(chỉ tiêu %(target)s %%)."
        )
        % {
            "in_scope": vn_number(figures.in_scope),
            "communicated": vn_number(figures.communicated),
            "share": vn_percent(share) if share is not None else _("— (không có dự thảo)"),
            "target": figures.target,
        },
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    )
    for number, table in enumerate(tables(figures), 1):
        d30.paragraph(document, f"{number}. {table.title}", bold=True, italic=True)
        if table.rows:
            d30.add_table(document, table.headings, [[format_number(value) for value in row] for row in table.rows])
        else:
            d30.paragraph(document, _("Không có số liệu."), italic=True)
    _section_heading(document, _("II. KHÓ KHĂN, VƯỚNG MẮC"))
    if not _paragraphs(document, getattr(narrative, "difficulties", "")):
        d30.paragraph(document, "…")
    _section_heading(document, _("III. ĐỀ XUẤT, KIẾN NGHỊ"))
    if not _paragraphs(document, getattr(narrative, "proposals", "")):
        d30.paragraph(document, "…")
    recipients = [line.strip() for line in (getattr(narrative, "recipients", "") or "").splitlines() if line.strip()]
    d30.add_closing(
        document,
        recipients=recipients or ["- Sở Tư pháp;", "- Lưu: VT."],
        signer_title=head["signer_title"],
        signer_name=head["signer_name"],
    )
    return document


def docx_bytes(figures, narrative=None):
    return d30.docx_bytes(docx_document(figures, narrative))


def narrative_for(period, unit):
    """The saved narrative of the period and unit, else an unsaved one with the model's defaults."""
    from reports.models import ReportNarrative

    saved = ReportNarrative.objects.filter(period=period, unit=unit).first() if period.pk else None
    return saved or ReportNarrative(unit=unit)


def file_name(figures, extension):
    unit = figures.unit.code if figures.unit is not None else "toan-bo"
    return f"bao-cao-{figures.period.code}-{unit}.{extension}"
